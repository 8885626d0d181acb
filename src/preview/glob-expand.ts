/**
 * Expanding a shell glob in an absolute path the way bash would without options (`*`, `?`, `[...]`
 * within one path segment; a leading `.` only matched explicitly), by listing directories. No
 * dependency: the patterns agents write (`build/*.o`, `logs/2024-*`) need nothing more.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const GLOB = /[*?[]/;

export function hasGlob(p: string): boolean {
  return GLOB.test(p);
}

/** One segment's pattern as a regular expression, or undefined when it has no glob characters. */
export function segmentPattern(segment: string): RegExp | undefined {
  if (!GLOB.test(segment)) return undefined;
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < segment.length) re += segment[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The existing paths a glob names, sorted; at most `limit`. Throws when the signal aborts. */
export async function expandGlob(pattern: string, signal: AbortSignal, limit = 10_000): Promise<{ paths: string[]; complete: boolean }> {
  const root = path.parse(pattern).root;
  const segments = pattern.slice(root.length).split('/').filter((s) => s.length > 0);
  let current = [root];
  let complete = true;
  for (const seg of segments) {
    if (signal.aborted) throw new Error(`stopped while expanding ${pattern}`);
    const re = segmentPattern(seg);
    const next: string[] = [];
    for (const dir of current) {
      if (!re) {
        next.push(path.join(dir, seg));
        continue;
      }
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const n of names.sort()) {
        if (n.startsWith('.') && !seg.startsWith('.')) continue;
        if (re.test(n)) next.push(path.join(dir, n));
      }
      if (next.length > limit) {
        complete = false;
        break;
      }
    }
    current = next.slice(0, limit);
  }
  const existing = await Promise.all(current.map(async (p) => ((await fs.lstat(p).catch(() => undefined)) ? p : undefined)));
  return { paths: existing.filter((p): p is string => !!p), complete };
}
