/**
 * An IAM-style policy evaluator for the tests: what AWS would decide for one request under one policy,
 * written from the IAM User Guide's evaluation rules and independent of the generator's own matching.
 * - an explicit Deny wins over any Allow; without a matching Allow the request is implicitly denied;
 * - Action/NotAction: `*` and `?` wildcards, case-insensitive;
 * - Resource/NotResource: `*` and `?` within the colon-separated segments of an ARN, a `*` that ends
 *   a segment may match across colons; case-sensitive;
 * - Condition: the String operators the generator uses, `…IfExists` true when the key is absent.
 * Also a validator for what IAM/STS would reject before evaluating anything.
 */
import type { PolicyDocument, PolicyStatement } from '../../../src/core/aws/session-policy';

export interface Request {
  action: string;
  resource: string;
  /** Request context keys: `aws:ResourceAccount`, `aws:RequestedRegion`, ... */
  context?: Record<string, string>;
}

export type Outcome = 'allow' | 'explicit-deny' | 'implicit-deny';

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
}

/** Compiled patterns, by kind and text: the proofs evaluate millions of requests. */
const compiled = new Map<string, RegExp>();
function cached(kind: string, pattern: string, build: () => RegExp): RegExp {
  const key = `${kind}\0${pattern}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = build()));
  return re;
}

export function actionMatches(pattern: string, action: string): boolean {
  return cached('action', pattern, () => {
    let re = '';
    for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch);
    return new RegExp(`^${re}$`, 'is');
  }).test(action);
}

/** Splits an ARN into its six segments; the last keeps any further colons. */
function segments(arn: string): string[] {
  const parts = arn.split(':');
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  return cached('resource', pattern, () => resourceRegex(pattern)).test(resource);
}

function resourceRegex(pattern: string): RegExp {
  const segs = segments(pattern);
  const re = segs
    .map((seg, i) => {
      const last = i === segs.length - 1;
      let out = '';
      for (let k = 0; k < seg.length; k++) {
        const ch = seg[k];
        if (ch === '*') out += last || k === seg.length - 1 ? '.*' : '[^:]*';
        else if (ch === '?') out += last ? '.' : '[^:]';
        else out += escapeRegex(ch);
      }
      return out;
    })
    .join(':');
  return new RegExp(`^${re}$`, 's');
}

function globMatches(pattern: string, value: string): boolean {
  return cached('string', pattern, () => {
    let re = '';
    for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch);
    return new RegExp(`^${re}$`, 's');
  }).test(value);
}

const OPERATORS: Record<string, (want: string, have: string) => boolean> = {
  StringEquals: (w, h) => w === h,
  StringLike: globMatches,
};

function conditionHolds(condition: PolicyStatement['Condition'], context: Record<string, string>): boolean {
  if (!condition) return true;
  for (const [operator, keys] of Object.entries(condition)) {
    const ifExists = operator.endsWith('IfExists');
    const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
    const test = OPERATORS[base];
    if (!test) throw new Error(`the evaluator does not know the condition operator ${operator}`);
    for (const [key, values] of Object.entries(keys)) {
      const have = context[key];
      if (have === undefined) {
        if (!ifExists) return false;
        continue;
      }
      if (!list(values).some((w) => test(w, have))) return false;
    }
  }
  return true;
}

export function statementApplies(s: PolicyStatement, req: Request): boolean {
  const actionOk = s.Action !== undefined ? list(s.Action).some((p) => actionMatches(p, req.action)) : !list(s.NotAction).some((p) => actionMatches(p, req.action));
  if (!actionOk) return false;
  const resourceOk =
    s.Resource !== undefined ? list(s.Resource).some((p) => resourceMatches(p, req.resource)) : !list(s.NotResource).some((p) => resourceMatches(p, req.resource));
  if (!resourceOk) return false;
  return conditionHolds(s.Condition, req.context ?? {});
}

export function evaluate(policy: PolicyDocument, req: Request): Outcome {
  let allowed = false;
  for (const s of policy.Statement) {
    if (!statementApplies(s, req)) continue;
    if (s.Effect === 'Deny') return 'explicit-deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/**
 * What IAM or STS would reject: the grammar's shape, a wildcard in an action's service ("Action vendors
 * must not contain wildcards") or an ARN's service segment, characters outside the accepted range.
 */
export function problems(policy: PolicyDocument, json: string, limit = 2048): string[] {
  const out: string[] = [];
  if (policy.Version !== '2012-10-17') out.push('Version must be 2012-10-17');
  if (json.length > limit) out.push(`${json.length} characters, over ${limit}`);
  if (/[^\t\n\r\x20-\xff]/.test(json)) out.push('characters outside U+0009, U+000A, U+000D, U+0020–U+00FF');
  if (JSON.stringify(JSON.parse(json)) !== JSON.stringify(policy)) out.push('json is not the document');
  for (const [i, s] of policy.Statement.entries()) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') out.push(`statement ${i}: Effect`);
    if ((s.Action === undefined) === (s.NotAction === undefined)) out.push(`statement ${i}: exactly one of Action and NotAction`);
    if ((s.Resource === undefined) === (s.NotResource === undefined)) out.push(`statement ${i}: exactly one of Resource and NotResource`);
    for (const a of [...list(s.Action), ...list(s.NotAction)]) {
      if (a === '*') continue;
      if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(a)) out.push(`statement ${i}: action ${a}`);
    }
    for (const r of [...list(s.Resource), ...list(s.NotResource)]) {
      if (r === '*') continue;
      const segs = segments(r);
      if (segs.length < 6 || segs[0] !== 'arn') out.push(`statement ${i}: resource ${r} is not an ARN`);
      else if (segs[2] === '' || /[*?]/.test(segs[2])) out.push(`statement ${i}: resource ${r} wildcards the service`);
    }
    for (const op of Object.keys(s.Condition ?? {})) {
      if (!OPERATORS[op.replace(/IfExists$/, '')]) out.push(`statement ${i}: condition operator ${op}`);
    }
  }
  return out;
}
