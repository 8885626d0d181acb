/**
 * The side-by-side view's two plain-text documents: the resources' current state (left) and their
 * state after the command (right), one block per resource. Pure: the gate collects the states from a
 * live resolution (bounded, so a huge stack cannot swell a request), the UI renders them on demand.
 * Everything in them was written by a remote service or an agent, so invisible and control characters
 * are shown as `\uXXXX` escapes, never as themselves.
 */
import { escapeInvisible } from '../core/text';

export { escapeInvisible };
import type { Change } from '../core/model';
import type { Resolution } from './live';

/** One resource's state as carried on an approval request. */
export interface ResourceState {
  id: string;
  name: string;
  change: Change;
  /** JSON data (already made plain: no Dates, cycles or bigints). Absent when not read. */
  before?: unknown;
  /** Absent for destroyed resources and when not known. */
  after?: unknown;
  /** Its state did not fit in the size limit and was left out. */
  truncated?: true;
}

export interface CollectedStates {
  states: ResourceState[];
  /** Resources with a state that were left out entirely, over the count limit. */
  omitted: number;
}

export const STATE_LIMITS = {
  resources: 200,
  /** Characters of JSON over all resources, about 256 KB. */
  totalChars: 256 * 1024,
  /** An identifier or name longer than this is cut. */
  textChars: 1000,
  /** Nesting deeper than this is replaced by a marker. */
  depth: 32,
} as const;

export const TRUNCATED = '(truncated)';

/**
 * Every resource the resolvers read a before or after state for, in action order, bounded: at most
 * STATE_LIMITS.resources, and a resource whose state would overflow the JSON budget keeps its header
 * but not its state (`truncated`).
 */
export function collectStates(resolution: Pick<Resolution, 'byAction'>): CollectedStates {
  const ordered = [...resolution.byAction.entries()].sort(([a], [b]) => a - b).flatMap(([, list]) => list);
  const states: ResourceState[] = [];
  const seen = new Set<string>();
  let budget: number = STATE_LIMITS.totalChars;
  let omitted = 0;
  for (const r of ordered) {
    if (r.before === undefined && r.after === undefined) continue;
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    if (states.length >= STATE_LIMITS.resources) {
      omitted++;
      continue;
    }
    const id = cut(r.id);
    const name = cut(r.name);
    const before = r.before === undefined ? undefined : plain(r.before);
    const after = r.change === 'destroy' || r.after === undefined ? undefined : plain(r.after);
    const cost = id.length + name.length + jsonLength(before) + jsonLength(after);
    const base = { id, name, change: r.change };
    if (cost > budget) {
      budget -= id.length + name.length;
      states.push({ ...base, truncated: true });
      continue;
    }
    budget -= cost;
    states.push({ ...base, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return { states, omitted };
}

export interface StateDocuments {
  /** Left: the resources as they are now. */
  current: string;
  /** Right: as they would be after the command. */
  after: string;
}

/**
 * `# <change> <id> (<name>)` then the state as pretty JSON with sorted keys. A destroyed resource is a
 * `# destroyed <id>` line on the right, a created one a `# created <id>` line on the left, so the diff
 * lines them up with nothing on that side.
 */
export function stateDocuments(states: readonly ResourceState[], omitted = 0): StateDocuments {
  if (states.length === 0 && omitted === 0) {
    const none = '# No resource state was read for this command.\n';
    return { current: none, after: none };
  }
  const left: string[] = [];
  const right: string[] = [];
  for (const s of states) {
    const header = `# ${s.change} ${escapeLine(s.id)}${s.name && s.name !== s.id ? ` (${escapeLine(s.name)})` : ''}`;
    left.push(
      s.truncated ? `${header}\n${TRUNCATED}`
      : s.before !== undefined ? `${header}\n${prettyJson(s.before)}`
      : s.change === 'create' ? `# created ${escapeLine(s.id)}`
      : `${header}\n(current state not read)`,
    );
    right.push(
      s.change === 'destroy' ? `# destroyed ${escapeLine(s.id)}`
      : s.truncated ? `${header}\n${TRUNCATED}`
      : s.after !== undefined ? `${header}\n${prettyJson(s.after)}`
      : `${header}\n(state after the command not known)`,
    );
  }
  if (omitted > 0) {
    // The same line on both sides: it reads as context in the diff, not as a change.
    const more = `# ${TRUNCATED} ${omitted} more ${omitted === 1 ? 'resource' : 'resources'} not shown`;
    left.push(more);
    right.push(more);
  }
  return { current: `${left.join('\n\n')}\n`, after: `${right.join('\n\n')}\n` };
}

/** Pretty JSON, two-space indent, object keys sorted, so the same state always reads the same. */
export function prettyJson(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${prettyJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${jsonString(k)}: ${prettyJson((value as Record<string, unknown>)[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return jsonString(String(value));
}

/**
 * The value as plain JSON data: what `JSON.stringify` would keep (Dates through toJSON, undefined
 * dropped), bigints as strings, cycles and very deep nesting replaced by markers instead of throwing.
 */
export function plain(value: unknown, depth = 0, path: object[] = []): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined: JSON has none
  if (path.includes(value)) return '[circular]';
  if (depth >= STATE_LIMITS.depth) return '[too deep]';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    try {
      return plain(toJSON.call(value), depth + 1, [...path, value]);
    } catch {
      return '[unreadable]';
    }
  }
  const inside = [...path, value];
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1, inside) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = plain(v, depth + 1, inside);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** For header lines: newlines and tabs are in the family, so one header always stays one line. */
const escapeLine = escapeInvisible;

function jsonString(s: string): string {
  // JSON.stringify already escapes C0 controls and lone surrogates; the rest of the family is ours.
  return escapeInvisible(JSON.stringify(s));
}

function jsonLength(v: unknown): number {
  return v === undefined ? 0 : prettyJson(v).length;
}

function cut(text: string): string {
  return text.length > STATE_LIMITS.textChars ? `${text.slice(0, STATE_LIMITS.textChars)}… ${TRUNCATED}` : text;
}
