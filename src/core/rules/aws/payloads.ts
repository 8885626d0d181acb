/**
 * Looking inside structured arguments written on the command line (`--change-batch '{...}'`,
 * `--cli-input-json '{...}'`, `--statement "DELETE ..."`). A value read from a file (`file://`) or known
 * only at run time cannot be seen, and the callers then keep the fail-closed class.
 */
import type { Word } from '../../shell/command';
import { classifySql, worstEffect, type SqlEffect } from '../sql';

export type Payload =
  | { kind: 'inline'; text: string; json?: unknown }
  | { kind: 'file'; path: string }
  | { kind: 'dynamic'; text: string };

export function readPayload(w: Word): Payload {
  const m = /^(file|fileb):\/\/(.*)$/.exec(w.value);
  if (m) return { kind: 'file', path: m[2] };
  if (w.dynamic) return { kind: 'dynamic', text: w.value };
  let json: unknown;
  try {
    json = JSON.parse(w.value);
  } catch {
    json = undefined; // shorthand syntax (`Key=a,Value=b`) or YAML: searched as text
  }
  return { kind: 'inline', text: w.value, json };
}

/** A payload mentions a pattern, in JSON or shorthand spelling alike. */
export function mentions(p: Payload, pattern: RegExp): boolean | undefined {
  return p.kind === 'inline' ? pattern.test(p.text) : undefined;
}

/** Route 53: a change whose Action is DELETE. */
export const DELETE_ACTION = /"?Action"?\s*[:=]\s*"?DELETE\b/i;
/** DynamoDB BatchWriteItem: a DeleteRequest in the batch. */
export const DELETE_REQUEST = /DeleteRequest/;
/** DynamoDB TransactWriteItems: a Delete item in the transaction. */
export const TRANSACT_DELETE = /(^|[{\[,\s"])Delete"?\s*[:=]/;

/** Keys of `s3api delete-objects --delete`: JSON `{"Objects":[{"Key":..}]}` or shorthand `Objects=[{Key=a}]`. */
export function deletedKeys(p: Payload): string[] | undefined {
  if (p.kind !== 'inline') return undefined;
  const objects = (p.json as { Objects?: Array<{ Key?: unknown }> } | undefined)?.Objects;
  if (Array.isArray(objects)) return objects.map((o) => o?.Key).filter((k): k is string => typeof k === 'string');
  const keys = [...p.text.matchAll(/Key=([^,}\]]+)/g)].map((m) => m[1]);
  return keys.length > 0 ? keys : undefined;
}

/** The worst effect of the SQL statements in the given words; undefined when one cannot be seen. */
export function sqlEffect(words: readonly Word[]): SqlEffect | undefined {
  const effects: SqlEffect[] = [];
  for (const w of words) {
    const p = readPayload(w);
    if (p.kind !== 'inline') return undefined;
    // A JSON list of statements (`batch-execute-statement --statements '[{"Statement": ...}]'`) or SQL text.
    const texts = Array.isArray(p.json)
      ? p.json.map((s: unknown) => (typeof s === 'string' ? s : (s as { Statement?: string })?.Statement ?? ''))
      : [p.text];
    for (const t of texts) {
      const statements = classifySql(t);
      if (statements.length === 0) return undefined;
      effects.push(...statements.map((s) => s.effect));
    }
  }
  return effects.length > 0 ? worstEffect(effects) : undefined;
}

/** Member names compare equal to flag names once case and dashes are dropped (`DBInstanceIdentifier` ~ `db-instance-identifier`). */
export function memberKey(name: string): string {
  return name.replace(/-/g, '').toLowerCase();
}

/** Top-level string or string-list members of an inline `--cli-input-json` object, by member key. */
export function inputMembers(p: Payload): Map<string, string[]> | undefined {
  if (p.kind !== 'inline' || typeof p.json !== 'object' || p.json === null || Array.isArray(p.json)) return undefined;
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(p.json as Record<string, unknown>)) {
    if (typeof v === 'string') out.set(memberKey(k), [v]);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out.set(memberKey(k), v as string[]);
    else if (typeof v === 'boolean') out.set(memberKey(k), [String(v)]);
  }
  return out;
}
