/**
 * Turns `terraform show -json` output into preview entries: a plan's `resource_changes`, or the
 * resources of the current state (for `state rm`). Sensitive values never leave this file: what the
 * plan marks sensitive is replaced, and so is any other copy of the same value.
 */
import type { Change } from '../core';
import type { ResolvedResource } from './types';

const SENSITIVE = '(sensitive)';
const UNKNOWN = '(known after apply)';

/** The parts of `show -json` this reads (the JSON output format, format_version 1.x). */
interface PlanJson {
  resource_changes?: ResourceChange[];
}
interface ResourceChange {
  address: string;
  previous_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    replace_paths?: Array<Array<string | number>>;
    importing?: unknown;
  };
  action_reason?: string;
}
export interface StateJson {
  values?: { root_module?: StateModule };
}
interface StateModule {
  resources?: StateResource[];
  child_modules?: StateModule[];
}
interface StateResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  values?: unknown;
  sensitive_values?: unknown;
}

/** What each action_reason means, in a person's words. */
const REASONS: Record<string, string> = {
  replace_because_tainted: 'reason: it is tainted',
  replace_by_request: 'reason: -replace asked for it',
  replace_because_cannot_update: 'reason: a changed argument cannot be updated in place',
  replace_by_triggers: 'reason: replace_triggered_by fired',
  delete_because_no_resource_config: 'reason: no longer in the configuration',
  delete_because_no_module: 'reason: its module is no longer in the configuration',
  delete_because_wrong_repetition: 'reason: count/for_each changed to the other kind',
  delete_because_count_index: 'reason: its count index is out of range now',
  delete_because_each_key: 'reason: its for_each key is gone',
  delete_because_no_move_target: 'reason: a moved block points at nothing',
  read_because_config_unknown: 'reason: its configuration is known only during apply',
  read_because_dependency_pending: 'reason: it depends on a pending change',
  read_because_check_nested: 'reason: a check block reads it',
};

/** Where each resource in a change came from: the analysed target it falls under, when not itself. */
export type FromTarget = (id: string) => string | undefined;

/** Resource entries for a plan; `dir` is the configuration's absolute directory. */
export function planResources(plan: PlanJson, dir: string, from: FromTarget): ResolvedResource[] {
  const out: ResolvedResource[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    const change = changeOf(actions);
    if (!change) continue;
    const c = rc.change;
    const secrets = new Set<string>();
    collectSecrets(c.before, c.before_sensitive, secrets);
    collectSecrets(c.after, c.after_sensitive, secrets);
    const before = c.before == null ? undefined : small(hide(redact(c.before, c.before_sensitive), secrets));
    const afterRaw = c.after == null ? undefined : withUnknown(redact(c.after, c.after_sensitive), c.after_unknown);
    const after = change === 'destroy' && !isReplace(actions) ? undefined : afterRaw === undefined ? undefined : small(hide(afterRaw, secrets));

    const facts: string[] = [];
    if (isReplace(actions)) {
      facts.push(actions[0] === 'delete' ? 'replaced: destroyed, then created anew' : 'replaced: the new one is created first, then this one destroyed');
    }
    if (actions.includes('forget')) facts.push('forgotten: terraform stops managing it; the real object keeps existing');
    if (rc.mode === 'data') facts.push('data source: read, not changed');
    if (rc.action_reason) facts.push(REASONS[rc.action_reason] ?? `reason: ${rc.action_reason}`);
    if (c.replace_paths && c.replace_paths.length > 0) facts.push(`forces replacement: ${c.replace_paths.map((p) => p.join('.')).join(', ')}`);
    if (actions.includes('update')) {
      const changed = changedKeys(c.before, c.after, c.after_unknown);
      if (changed.length > 0) facts.push(`changes: ${changed.slice(0, 6).join(', ')}${changed.length > 6 ? ` and ${changed.length - 6} more` : ''}`);
    }
    if (rc.previous_address && rc.previous_address !== rc.address) facts.push(`moved from ${rc.previous_address}`);
    if (c.importing) facts.push('imported into the state');
    facts.push(...identityFacts(before ?? after));

    const id = `tf://${dir}/${rc.address}`;
    const origin = from(id);
    out.push({
      id,
      change,
      kind: rc.mode === 'data' ? `data.${rc.type}` : rc.type,
      name: rc.address,
      facts,
      ...(origin ? { from: origin } : {}),
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  }
  return out;
}

/** Resource entries for state rm: what terraform would stop managing. */
export function stateResources(state: StateJson, addresses: ReadonlySet<string>, dir: string, from: FromTarget): ResolvedResource[] {
  const out: ResolvedResource[] = [];
  const walk = (m: StateModule | undefined) => {
    if (!m) return;
    for (const r of m.resources ?? []) {
      if (!addresses.has(r.address)) continue;
      const secrets = new Set<string>();
      collectSecrets(r.values, r.sensitive_values, secrets);
      const before = r.values == null ? undefined : small(hide(redact(r.values, r.sensitive_values), secrets));
      const id = `tf://${dir}/${r.address}`;
      const origin = from(id);
      out.push({
        id,
        change: 'destroy',
        kind: r.mode === 'data' ? `data.${r.type}` : r.type,
        name: r.address,
        facts: ['forgotten: terraform stops managing it; the real object keeps existing', ...identityFacts(before)],
        ...(origin ? { from: origin } : {}),
        ...(before !== undefined ? { before } : {}),
      });
    }
    for (const child of m.child_modules ?? []) walk(child);
  };
  walk(state.values?.root_module);
  return out;
}

function isReplace(actions: readonly string[]): boolean {
  return actions.includes('delete') && actions.includes('create');
}

/**
 * A replacement is shown as destroy (the object and its data go; a new one takes its place), since
 * that is what a person must approve. `forget` (a removed block) drops it from management like state rm.
 */
function changeOf(actions: readonly string[]): Change | undefined {
  if (actions.includes('delete') || actions.includes('forget')) return 'destroy';
  if (actions.includes('update')) return 'change';
  if (actions.includes('create')) return 'create';
  if (actions.includes('read')) return 'read';
  return undefined;
}

/** Attributes people recognise a resource by: its id, name, ARN and a few tags. */
function identityFacts(values: unknown): string[] {
  if (!isObject(values)) return [];
  const facts: string[] = [];
  for (const key of ['id', 'name', 'arn', 'identifier', 'bucket', 'instance_type', 'engine']) {
    const v = values[key];
    if (typeof v === 'string' && v !== '' && v !== UNKNOWN) facts.push(`${key}=${clip(v, 80)}`);
    else if (typeof v === 'number') facts.push(`${key}=${v}`);
  }
  const tags = values.tags;
  if (isObject(tags)) {
    for (const [k, v] of Object.entries(tags).slice(0, 3)) if (typeof v === 'string') facts.push(`tag ${k}=${clip(v, 60)}`);
  }
  return facts;
}

/** Top-level arguments whose value differs (or is known only after apply). */
function changedKeys(before: unknown, after: unknown, unknown: unknown): string[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const u = isObject(unknown) ? unknown : {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => u[k] !== true && JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

/** Replaces what the sensitivity mask marks (`true` at that path) with a placeholder. */
function redact(value: unknown, mask: unknown): unknown {
  if (mask === true) return SENSITIVE;
  if (Array.isArray(value)) return value.map((v, i) => redact(v, Array.isArray(mask) ? mask[i] : undefined));
  if (isObject(value)) {
    const m = isObject(mask) ? mask : {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, m[k])]));
  }
  return value;
}

/** Every scalar under a sensitive mark, so another copy of it (an output attribute) is hidden too. */
function collectSecrets(value: unknown, mask: unknown, into: Set<string>, under = false): void {
  const hidden = under || mask === true;
  if (Array.isArray(value)) value.forEach((v, i) => collectSecrets(v, Array.isArray(mask) ? mask[i] : undefined, into, hidden));
  else if (isObject(value)) {
    const m = isObject(mask) ? mask : {};
    for (const [k, v] of Object.entries(value)) collectSecrets(v, m[k], into, hidden);
  } else if (hidden && value != null && value !== '' && typeof value !== 'boolean') into.add(String(value));
}

function hide(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (secrets.size === 0) return value;
  if (Array.isArray(value)) return value.map((v) => hide(v, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v, secrets)]));
  if (value != null && typeof value !== 'boolean' && secrets.has(String(value))) return SENSITIVE;
  if (typeof value === 'string') for (const s of secrets) if (s.length >= 6 && value.includes(s)) return SENSITIVE;
  return value;
}

/** Marks what the plan knows only after apply. */
function withUnknown(value: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(unknown)) {
    const arr = Array.isArray(value) ? value : [];
    return unknown.map((u, i) => withUnknown(arr[i], u)).concat(arr.slice(unknown.length));
  }
  if (isObject(unknown)) {
    const obj = isObject(value) ? { ...value } : {};
    for (const [k, u] of Object.entries(unknown)) obj[k] = withUnknown(obj[k], u);
    return obj;
  }
  return value;
}

/** Small enough for a side-by-side view: long strings clipped, deep or long collections cut. */
function small(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value, 300);
  if (Array.isArray(value)) {
    if (depth >= 4) return `[${value.length} items]`;
    const head = value.slice(0, 20).map((v) => small(v, depth + 1));
    return value.length > 20 ? [...head, `… ${value.length - 20} more`] : head;
  }
  if (isObject(value)) {
    if (depth >= 4) return '{…}';
    const entries = Object.entries(value);
    const head = entries.slice(0, 50).map(([k, v]) => [k, small(v, depth + 1)]);
    if (entries.length > 50) head.push(['…', `${entries.length - 50} more`]);
    return Object.fromEntries(head);
  }
  return value;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
