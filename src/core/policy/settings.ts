/**
 * The policy's settings, as a person writes them in settings.json under `blastRadius.*`. Every value is
 * read through a check that falls back to the safest value and says what it did: a typo must never
 * quietly switch protection off.
 */

export type UnknownTools = 'allow' | 'ask';

export interface AwsAccount {
  name?: string;
  protected: boolean;
}

export interface PolicySettings {
  /** Globs (minimatch) or IAM-style ARN patterns naming resources that need typed confirmation. */
  protectedResources: string[];
  /** Command patterns that are refused outright. */
  deny: string[];
  /** Command patterns allowed without asking; never overrides protection, deny, bulk or opacity. */
  allow: string[];
  /** More destroyed or changed resources than this need the count typed. */
  bulkThreshold: number;
  /** Programs no rule knows: run them (default) or ask. */
  unknownTools: UnknownTools;
  /** AWS accounts by id: a name to show, and whether every change in it is protected. */
  awsAccounts: Record<string, AwsAccount>;
  /**
   * Set when protection settings were malformed: every change then needs typed confirmation, since
   * we cannot tell which resources the person meant to protect.
   */
  protectEverything: boolean;
}

export const DEFAULT_SETTINGS: PolicySettings = Object.freeze({
  protectedResources: [],
  deny: [],
  allow: [],
  bulkThreshold: 10,
  unknownTools: 'allow',
  awsAccounts: {},
  protectEverything: false,
}) as PolicySettings;

export interface SettingsReading {
  settings: PolicySettings;
  /** One sentence per problem: what was wrong, and what is used instead. */
  problems: string[];
}

/**
 * Reads the `blastRadius` section (keys without the prefix; `aws.accounts` nested or dotted).
 * Unknown keys are ignored: other versions of the extension may have written them.
 */
export function readSettings(section: unknown): SettingsReading {
  const problems: string[] = [];
  const s: PolicySettings = { ...DEFAULT_SETTINGS, protectedResources: [], deny: [], allow: [], awsAccounts: {} };
  if (section === undefined || section === null) return { settings: s, problems };
  if (typeof section !== 'object' || Array.isArray(section)) {
    problems.push('blastRadius settings are not an object; every change will need typed confirmation until they are fixed.');
    return { settings: { ...s, protectEverything: true, unknownTools: 'ask' }, problems };
  }
  const get = (key: string): unknown => {
    const obj = section as Record<string, unknown>;
    if (key in obj) return obj[key];
    const [head, ...rest] = key.split('.');
    const nested = obj[head];
    if (rest.length > 0 && nested && typeof nested === 'object') return (nested as Record<string, unknown>)[rest.join('.')];
    return undefined;
  };

  const patterns = (key: string, onBad: () => void): string[] => {
    const v = get(key);
    if (v === undefined) return [];
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
    if (!list) {
      problems.push(`blastRadius.${key} must be a list of patterns.`);
      onBad();
      return [];
    }
    const out: string[] = [];
    list.forEach((p, i) => {
      if (typeof p === 'string' && p.trim() !== '') out.push(p.trim());
      else {
        problems.push(`blastRadius.${key}[${i}] is not a pattern (${JSON.stringify(p)?.slice(0, 60)}).`);
        onBad();
      }
    });
    return out;
  };

  const strict = () => {
    s.protectEverything = true;
  };
  s.protectedResources = patterns('protectedResources', strict);
  s.deny = patterns('deny', strict);
  s.allow = patterns('allow', () => undefined);
  // Saved copies of settings taken in strict mode (the shim snapshot) carry it explicitly; it only tightens.
  if (get('protectEverything') === true) s.protectEverything = true;
  else if (s.protectEverything) {
    problems.push('Until that is fixed, every change needs typed confirmation: Blast Radius cannot tell what you meant to protect or deny.');
  }

  const bulk = get('bulkThreshold');
  if (bulk !== undefined) {
    if (typeof bulk === 'number' && Number.isInteger(bulk) && bulk >= 1) s.bulkThreshold = bulk;
    else problems.push(`blastRadius.bulkThreshold must be a whole number of at least 1; using ${DEFAULT_SETTINGS.bulkThreshold}.`);
  }

  const unknown = get('unknownTools');
  if (unknown !== undefined) {
    if (unknown === 'allow' || unknown === 'ask') s.unknownTools = unknown;
    else {
      s.unknownTools = 'ask';
      problems.push(`blastRadius.unknownTools must be "allow" or "ask"; using "ask".`);
    }
  }

  const accounts = get('aws.accounts');
  if (accounts !== undefined) {
    if (!accounts || typeof accounts !== 'object' || Array.isArray(accounts)) {
      problems.push('blastRadius.aws.accounts must map account ids to a name or { "name", "protected" }; ignoring it.');
    } else {
      for (const [id, v] of Object.entries(accounts as Record<string, unknown>)) {
        if (!/^\d{12}$/.test(id)) {
          problems.push(`blastRadius.aws.accounts: "${id.slice(0, 40)}" is not a 12-digit account id; ignoring it.`);
          continue;
        }
        if (typeof v === 'string') s.awsAccounts[id] = { name: v, protected: false };
        else if (v && typeof v === 'object' && !Array.isArray(v)) {
          const o = v as Record<string, unknown>;
          const name = typeof o.name === 'string' ? o.name : undefined;
          let prot = false;
          if (o.protected === true || o.protected === false) prot = o.protected;
          else if (o.protected !== undefined) {
            prot = true;
            problems.push(`blastRadius.aws.accounts.${id}.protected must be true or false; treating the account as protected.`);
          }
          s.awsAccounts[id] = { name, protected: prot };
        } else {
          s.awsAccounts[id] = { protected: true };
          problems.push(`blastRadius.aws.accounts.${id} must be a name or { "name", "protected" }; treating the account as protected.`);
        }
      }
    }
  }
  return { settings: s, problems };
}

/** settings.json holds flat keys (`"blastRadius.deny": [...]`): turn them into the section readSettings takes. */
export function sectionFromSettingsJson(json: unknown): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return json;
  const section: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (k === 'blastRadius' && v && typeof v === 'object') Object.assign(section, v);
    else if (k.startsWith('blastRadius.')) section[k.slice('blastRadius.'.length)] = v;
  }
  return section;
}
