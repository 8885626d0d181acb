/**
 * The destructive IAM actions of one service prefix, written as compactly as a packing stage allows.
 * A wildcard is chosen by what it matches in the core's table: at the `wildcards` stage only wildcards
 * that match nothing but destructive actions; at `verb-wildcards` a destroy verb (`ec2:Delete*`) even
 * when it also matches a read or write, which is then reported; at `whole-service`, `svc:*`.
 */
import { iamCatalog, type CatalogOperation } from './iam-actions';

export type ActionStage = 'exact' | 'wildcards' | 'verb-wildcards' | 'whole-service';

export interface ServiceActions {
  prefix: string;
  /** `prefix:Name` or `prefix:Verb*`, sorted. */
  patterns: string[];
  wildcards: Array<{ pattern: string; destructive: number }>;
}

/** The generator's destroy verbs (scripts/generate-aws-operations.py), as the first word of an IAM action. */
const DESTROY_VERBS = new Set([
  'delete', 'terminate', 'remove', 'purge', 'destroy', 'deregister', 'revoke', 'detach', 'disassociate',
  'dissociate', 'cancel', 'stop', 'reset', 'release', 'retire', 'evict', 'leave', 'forget', 'dispose',
  'discard', 'unpeer', 'undeploy', 'unlink', 'unsubscribe', 'unassign', 'deprovision', 'abort', 'close',
  'expire', 'unshare', 'unregister',
]);
/** `batch-delete`, `admin-remove`, `bulk-delete`: the verb is the second word. */
const VERB_QUALIFIERS = new Set(['batch', 'admin', 'bulk']);

interface PrefixIndex {
  /** Destructive action names (after the colon), lower case → as written. */
  destructive: Map<string, string>;
  /** Lower-case names of every other action the table's operations need. */
  others: Set<string>;
}

let indexes: Map<string, PrefixIndex> | undefined;

function prefixIndex(prefix: string): PrefixIndex {
  if (!indexes) {
    indexes = new Map();
    const all = iamCatalog();
    for (const c of all) {
      let ix = indexes.get(c.prefix);
      if (!ix) indexes.set(c.prefix, (ix = { destructive: new Map(), others: new Set() }));
      for (const a of c.destructive) {
        const name = nameOf(a);
        if (!ix.destructive.has(name.toLowerCase())) ix.destructive.set(name.toLowerCase(), name);
      }
    }
    for (const c of all) {
      const ix = indexes.get(c.prefix)!;
      for (const a of c.actions) {
        const lower = nameOf(a).toLowerCase();
        if (!ix.destructive.has(lower)) ix.others.add(lower);
      }
    }
  }
  return indexes.get(prefix) ?? { destructive: new Map(), others: new Set() };
}

function nameOf(action: string): string {
  return action.slice(action.indexOf(':') + 1);
}

/** `DeleteDbInstance` → Delete, Db, Instance. */
function words(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[^A-Za-z0-9]+/g) ?? [name];
}

function startsWithAny(prefixLower: string, names: Iterable<string>): boolean {
  for (const n of names) if (n.startsWith(prefixLower)) return true;
  return false;
}

/** The shortest leading-words wildcard that matches no read or write action of the prefix, else the name. */
function pureChoice(name: string, ix: PrefixIndex): string {
  const w = words(name);
  for (let k = 1; k < w.length; k++) {
    const head = w.slice(0, k).join('');
    if (!startsWithAny(head.toLowerCase(), ix.others)) {
      const wildcard = `${head}*`;
      return wildcard.length < name.length ? wildcard : name;
    }
  }
  return name;
}

function verbChoice(name: string, ix: PrefixIndex): string {
  const w = words(name).map((x) => x.toLowerCase());
  const original = words(name);
  if (DESTROY_VERBS.has(w[0]) && w.length > 1) return `${original[0]}*`;
  if (VERB_QUALIFIERS.has(w[0]) && w.length > 2 && DESTROY_VERBS.has(w[1])) return `${original[0]}${original[1]}*`;
  return pureChoice(name, ix);
}

function matches(pattern: string, nameLower: string): boolean {
  const p = pattern.toLowerCase();
  return p.endsWith('*') ? nameLower.startsWith(p.slice(0, -1)) : nameLower === p;
}

/** The destructive actions of `prefix` written for `stage`; empty patterns when it has none. */
export function serviceActions(prefix: string, stage: ActionStage): ServiceActions {
  const ix = prefixIndex(prefix);
  if (ix.destructive.size === 0) return { prefix, patterns: [], wildcards: [] };
  if (stage === 'whole-service') {
    return { prefix, patterns: [`${prefix}:*`], wildcards: [{ pattern: `${prefix}:*`, destructive: ix.destructive.size }] };
  }
  const names = [...ix.destructive.values()];
  let chosen: string[];
  if (stage === 'exact') chosen = names;
  else {
    const picks = new Set(names.map((n) => (stage === 'wildcards' ? pureChoice(n, ix) : verbChoice(n, ix))));
    // A pick already matched by a wider wildcard adds nothing.
    chosen = [...picks].filter((p) => ![...picks].some((q) => q !== p && q.endsWith('*') && matches(q, p.replace(/\*$/, '').toLowerCase())));
  }
  chosen = [...new Set(chosen)].sort((a, b) => a.localeCompare(b));
  const lowers = [...ix.destructive.keys()];
  return {
    prefix,
    patterns: chosen.map((c) => `${prefix}:${c}`),
    wildcards: chosen
      .filter((c) => c.endsWith('*'))
      .map((c) => ({ pattern: `${prefix}:${c}`, destructive: lowers.filter((l) => matches(c, l)).length })),
  };
}

/** Does an IAM action pattern (case-insensitive, `*` and `?`) match an action? */
const compiledActions = new Map<string, RegExp>();
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  let re = compiledActions.get(pattern);
  if (!re) {
    let src = '';
    for (const ch of pattern) src += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    compiledActions.set(pattern, (re = new RegExp(`^${src}$`, 'is')));
  }
  return re.test(action);
}

/**
 * Reads and writes of the table (`service operation`) that some pattern also denies: the operation
 * needs an action the pattern matches.
 */
export function overDeniedBy(patterns: readonly string[]): string[] {
  const out: string[] = [];
  const byPrefix = new Map<string, string[]>();
  for (const p of patterns) {
    const prefix = p.slice(0, p.indexOf(':')).toLowerCase();
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), p]);
  }
  for (const c of iamCatalog() as readonly CatalogOperation[]) {
    if (c.cls === 'destroy') continue;
    const ps = byPrefix.get(c.prefix.toLowerCase());
    if (ps && c.actions.some((a) => ps.some((p) => actionMatches(p, a)))) out.push(c.operation);
  }
  return out.sort();
}
