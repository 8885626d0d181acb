/**
 * Does a protected-resource pattern cover a target? Two pattern languages, because people write both:
 * - IAM-style ARN patterns (`arn:aws:s3:::prod-*`): matched the way IAM matches a policy's `Resource`,
 *   part by part, `*` and `?` free to span `/` within the resource part;
 * - minimatch globs for everything else (paths, `k8s://…`, `git://…`, `tf://…`).
 * A target with parts known only at run time is matched conservatively: an unknown account matches any.
 */
import { minimatch } from 'minimatch';
import type { Target } from '../model';

export interface ProtectionMatch {
  pattern: string;
  /** The target contains the protected resource (a recursive delete of its parent), rather than being it. */
  inside: boolean;
}

/** `s3://bucket/key` is how people name S3 objects; IAM names them `arn:aws:s3:::bucket/key`. */
function normalisePattern(p: string, home?: string): string {
  if (p.startsWith('s3://')) return 'arn:aws:s3:::' + p.slice(5);
  if (home && (p === '~' || p.startsWith('~/'))) return home + p.slice(1);
  return p;
}

export class ProtectedResources {
  private readonly patterns: Array<{ source: string; pattern: string; arn: boolean; regex?: RegExp[] }>;

  constructor(patterns: readonly string[], home?: string) {
    this.patterns = patterns.map((source) => {
      const pattern = normalisePattern(source, home);
      const arn = pattern.startsWith('arn:');
      return { source, pattern, arn, regex: arn ? arnPartsRegex(pattern) : undefined };
    });
  }

  get size(): number {
    return this.patterns.length;
  }

  /** The first pattern that covers the target, or undefined. */
  match(target: Target): ProtectionMatch | undefined {
    for (const p of this.patterns) {
      if (p.arn) {
        if (!target.id.startsWith('arn:')) continue;
        if (arnMatches(p.regex!, target, p.pattern)) return { pattern: p.source, inside: false };
        if (target.many && reachesInside(p.pattern, target.id)) return { pattern: p.source, inside: true };
      } else {
        if (minimatch(target.id, p.pattern, { dot: true, nocomment: true, nonegate: true })) return { pattern: p.source, inside: false };
        if (target.many && reachesInside(p.pattern, target.id)) return { pattern: p.source, inside: true };
      }
    }
    return undefined;
  }
}

/** IAM compares the six colon-separated parts of an ARN one by one; the resource part keeps its colons. */
function splitArn(arn: string): string[] {
  const parts = arn.split(':');
  if (parts.length <= 6) return parts;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function globToRegex(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

function arnPartsRegex(pattern: string): RegExp[] {
  return splitArn(pattern).map(globToRegex);
}

function arnMatches(regex: RegExp[], target: Target, pattern: string): boolean {
  const parts = splitArn(target.id);
  if (parts.length !== regex.length) {
    // `arn:aws:s3:::bucket*` style patterns with fewer parts still compare the resource as a whole.
    return globToRegex(pattern).test(target.id);
  }
  const unresolved = new Set(target.unresolved ?? []);
  return regex.every((r, i) => {
    // An account (part 4) or region (part 3) we could not learn might be the protected one.
    if (i === 4 && (unresolved.has('account') || parts[i] === '*')) return true;
    if (i === 3 && (unresolved.has('region') || parts[i] === '*')) return true;
    return r.test(parts[i]);
  });
}

/** A recursive operation on `id` reaches a protected pattern whose fixed prefix lies under `id`. */
function reachesInside(pattern: string, id: string): boolean {
  const fixed = pattern.split(/[*?[{]/)[0];
  const base = id.endsWith('/') ? id : id + '/';
  return fixed.startsWith(base) || fixed === id;
}
