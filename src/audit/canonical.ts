/**
 * Canonical JSON: one spelling per value, so a hash of it names the value and not its formatting.
 * Object keys sorted by UTF-16 code units, no whitespace, strings and numbers spelled as
 * JSON.stringify spells them (ECMAScript's number-to-string is exact and unique). The rules follow
 * JSON.stringify wherever it is deterministic (toJSON, undefined properties dropped, undefined array
 * slots as null), so canonicalJson(JSON.parse(JSON.stringify(v))) === canonicalJson(v) for any v it
 * accepts. It refuses what JSON cannot carry faithfully: NaN, Infinity, bigint, functions, symbols, cycles.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set());
  return parts.join('');
}

/** sha256 (lowercase hex) of the canonical JSON of `value`. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function write(value: unknown, out: string[], ancestors: Set<object>, key = ''): void {
  const v = toJsonValue(value, key);
  if (v === null) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonical JSON: ${v} is not a JSON number`);
      out.push(JSON.stringify(v));
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON: a ${typeof v} is not a JSON value`);
  }
  const obj = v as object;
  if (ancestors.has(obj)) throw new TypeError('canonical JSON: the value contains a cycle');
  ancestors.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = obj[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out.push('null');
      else write(item, out, ancestors, String(i));
    }
    out.push(']');
  } else {
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareCodeUnits);
    let first = true;
    out.push('{');
    for (const k of keys) {
      const item = record[k];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      write(item, out, ancestors, k);
    }
    out.push('}');
  }
  ancestors.delete(obj);
}

/** What JSON.stringify would serialise for this value: toJSON applied, boxed primitives unboxed. */
function toJsonValue(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint')) {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = (toJSON as (k: string) => unknown).call(v, key);
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  return v;
}

// Plain `<` on strings compares UTF-16 code units, which is what the sort needs (not localeCompare).
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
