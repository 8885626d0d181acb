/**
 * The gate's settings beyond the policy's: how human terminals are treated, how long a person has,
 * when the circuit breaker trips, which tools are shimmed. Read with the same rule as the policy's:
 * a malformed value falls back to the safest one and says so.
 */
import { readSettings, type PolicySettings } from '../core';
import { AGENT_CREDENTIALS_DEFAULTS, agentCredentialsRelaxations, agentCredentialsSection, readAgentCredentials, strictestAgentCredentials, type AgentCredentials } from '../aws/scoped/settings';

export type HumanTerminals = 'gate' | 'protectedOnly' | 'off';

export interface GateSettings {
  policy: PolicySettings;
  humanTerminals: HumanTerminals;
  approvalTimeoutMs: number;
  breaker: { maxDestructive: number; windowMs: number };
  /** Shim every ruled tool (the default) minus these… */
  shimExclude: string[];
  /** …plus these. */
  shimExtra: string[];
  /** Which AWS credentials agent terminals hold (src/aws/scoped); absent means the defaults (passthrough). */
  agentCredentials?: AgentCredentials;
}

export const GATE_DEFAULTS = {
  humanTerminals: 'protectedOnly' as HumanTerminals,
  approvalTimeoutSeconds: 300,
  maxDestructive: 5,
  windowMinutes: 2,
};

const HUMAN: readonly HumanTerminals[] = ['gate', 'protectedOnly', 'off'];

export function readGateSettings(section: unknown): { settings: GateSettings; problems: string[] } {
  const { settings: policy, problems } = readSettings(section);
  const obj = section && typeof section === 'object' && !Array.isArray(section) ? (section as Record<string, unknown>) : {};
  const get = (key: string): unknown => {
    if (key in obj) return obj[key];
    const [head, ...rest] = key.split('.');
    const nested = obj[head];
    return rest.length > 0 && nested && typeof nested === 'object' ? (nested as Record<string, unknown>)[rest.join('.')] : undefined;
  };

  let humanTerminals = GATE_DEFAULTS.humanTerminals;
  const h = get('humanTerminals');
  if (h !== undefined) {
    if (HUMAN.includes(h as HumanTerminals)) humanTerminals = h as HumanTerminals;
    else {
      humanTerminals = 'gate';
      problems.push('blastRadius.humanTerminals must be "gate", "protectedOnly" or "off"; using "gate".');
    }
  }

  const number = (key: string, fallback: number, min: number, max: number, unit: string): number => {
    const v = get(key);
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    problems.push(`blastRadius.${key} must be a number of ${unit} from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  };
  const timeout = number('approvalTimeoutSeconds', GATE_DEFAULTS.approvalTimeoutSeconds, 10, 3600, 'seconds');
  // For the breaker the safest fallbacks are the defaults: they trip soonest among sane values.
  const maxDestructive = Math.floor(number('circuitBreaker.maxDestructive', GATE_DEFAULTS.maxDestructive, 1, 1000, 'requests'));
  const windowMinutes = number('circuitBreaker.windowMinutes', GATE_DEFAULTS.windowMinutes, 0.1, 1440, 'minutes');

  const tools = (key: string, onBad: 'keep-all' | 'none'): string[] => {
    const v = get(key);
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((t) => typeof t !== 'string' || !/^[A-Za-z0-9._+-]{1,64}$/.test(t))) {
      problems.push(`blastRadius.${key} must be a list of tool names; ${onBad === 'keep-all' ? 'shimming every tool' : 'adding none'}.`);
      return [];
    }
    return [...new Set(v as string[])];
  };

  return {
    settings: {
      policy,
      humanTerminals,
      approvalTimeoutMs: timeout * 1000,
      breaker: { maxDestructive, windowMs: windowMinutes * 60_000 },
      shimExclude: tools('shims.exclude', 'keep-all'),
      shimExtra: tools('shims.extra', 'none'),
      agentCredentials: readAgentCredentials(get, problems),
    },
    problems,
  };
}

/**
 * What a settings change would relax, in words a person can confirm. Empty when the change only
 * tightens or keeps protection: those apply at once. An agent can edit settings.json, so a relaxing
 * change waits for a person.
 */
export function relaxations(from: GateSettings, to: GateSettings): string[] {
  const out: string[] = [];
  const removed = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  const p = from.policy;
  const q = to.policy;
  for (const r of removed(p.protectedResources, q.protectedResources)) out.push(`stop protecting ${r}`);
  for (const r of removed(p.deny, q.deny)) out.push(`stop denying ${r}`);
  for (const r of removed(q.allow, p.allow)) out.push(`allow without asking: ${r}`);
  if (q.bulkThreshold > p.bulkThreshold) out.push(`raise the bulk threshold from ${p.bulkThreshold} to ${q.bulkThreshold}`);
  if (p.unknownTools === 'ask' && q.unknownTools === 'allow') out.push('run unknown tools without asking');
  if (p.protectEverything && !q.protectEverything) out.push('leave strict mode (settings were malformed)');
  for (const [id, acc] of Object.entries(p.awsAccounts)) {
    if (acc.protected && !q.awsAccounts[id]?.protected) out.push(`stop protecting AWS account ${acc.name ?? id}`);
  }
  const rank: Record<HumanTerminals, number> = { gate: 2, protectedOnly: 1, off: 0 };
  if (rank[to.humanTerminals] < rank[from.humanTerminals]) out.push(`human terminals: ${from.humanTerminals} → ${to.humanTerminals}`);
  if (to.breaker.maxDestructive > from.breaker.maxDestructive) out.push(`circuit breaker trips later (${from.breaker.maxDestructive} → ${to.breaker.maxDestructive} destructive requests)`);
  if (to.breaker.windowMs < from.breaker.windowMs) out.push(`circuit breaker window shorter (${from.breaker.windowMs / 60_000} → ${to.breaker.windowMs / 60_000} min)`);
  for (const t of removed(to.shimExclude, from.shimExclude)) out.push(`stop intercepting ${t}`);
  for (const t of removed(from.shimExtra, to.shimExtra)) out.push(`stop intercepting ${t}`);
  out.push(...agentCredentialsRelaxations(from.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS, to.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS));
  return out;
}

/**
 * The strictest of two readings, field by field: what is in force while a relaxing change waits for a
 * person — the tightening half of a change applies at once, the relaxing half waits.
 */
export function strictest(a: GateSettings, b: GateSettings): GateSettings {
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
  const both = (x: string[], y: string[]) => x.filter((v) => y.includes(v));
  const rank: Record<HumanTerminals, number> = { gate: 2, protectedOnly: 1, off: 0 };
  const accounts = { ...b.policy.awsAccounts };
  for (const [id, acc] of Object.entries(a.policy.awsAccounts)) {
    accounts[id] = { name: b.policy.awsAccounts[id]?.name ?? acc.name, protected: acc.protected || (b.policy.awsAccounts[id]?.protected ?? false) };
  }
  return {
    policy: {
      protectedResources: union(a.policy.protectedResources, b.policy.protectedResources),
      deny: union(a.policy.deny, b.policy.deny),
      allow: both(a.policy.allow, b.policy.allow),
      bulkThreshold: Math.min(a.policy.bulkThreshold, b.policy.bulkThreshold),
      unknownTools: a.policy.unknownTools === 'ask' || b.policy.unknownTools === 'ask' ? 'ask' : 'allow',
      awsAccounts: accounts,
      protectEverything: a.policy.protectEverything || b.policy.protectEverything,
    },
    humanTerminals: rank[a.humanTerminals] >= rank[b.humanTerminals] ? a.humanTerminals : b.humanTerminals,
    approvalTimeoutMs: b.approvalTimeoutMs,
    breaker: { maxDestructive: Math.min(a.breaker.maxDestructive, b.breaker.maxDestructive), windowMs: Math.max(a.breaker.windowMs, b.breaker.windowMs) },
    shimExclude: both(a.shimExclude, b.shimExclude),
    shimExtra: union(a.shimExtra, b.shimExtra),
    agentCredentials: strictestAgentCredentials(a.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS, b.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS),
  };
}

/** The settings as a `blastRadius` section again: what readGateSettings reads back to the same value. */
export function sectionOf(s: GateSettings): Record<string, unknown> {
  return {
    protectedResources: s.policy.protectedResources,
    deny: s.policy.deny,
    allow: s.policy.allow,
    bulkThreshold: s.policy.bulkThreshold,
    unknownTools: s.policy.unknownTools,
    aws: { accounts: s.policy.awsAccounts, ...agentCredentialsSection(s.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS) },
    humanTerminals: s.humanTerminals,
    approvalTimeoutSeconds: s.approvalTimeoutMs / 1000,
    circuitBreaker: { maxDestructive: s.breaker.maxDestructive, windowMinutes: s.breaker.windowMs / 60_000 },
    shims: { exclude: s.shimExclude, extra: s.shimExtra },
    ...(s.policy.protectEverything ? { protectEverything: true } : {}),
  };
}
