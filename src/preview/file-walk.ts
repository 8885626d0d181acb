/**
 * Counting what is under a path, the way `rm -r` would meet it: symbolic links are counted, never
 * followed; bounded by a number of entries and by the preview's signal, so a home folder or `/` gives
 * "more than 100,000 files" in time instead of a walk that never ends.
 */
import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';

export interface WalkedFile {
  path: string;
  size: number;
}

export interface Walk {
  /** Every file met (anything that is not a directory), up to the limit. */
  files: WalkedFile[];
  bytes: number;
  directories: number;
  /** False when the limit stopped the walk: the counts are lower bounds. */
  complete: boolean;
  /** Directories that could not be listed (permissions): their content is not counted. */
  unreadable: string[];
  /** A `.git` directory was met: a repository's history would go too. */
  gitDirs: string[];
}

export const DEFAULT_WALK_LIMIT = 100_000;

/** Walks `root` (which must exist; its lstat is passed in). Throws when the signal aborts. */
export async function walk(root: string, rootStat: Stats, signal: AbortSignal, limit = DEFAULT_WALK_LIMIT): Promise<Walk> {
  const w: Walk = { files: [], bytes: 0, directories: 0, complete: true, unreadable: [], gitDirs: [] };
  if (!rootStat.isDirectory()) {
    w.files.push({ path: root, size: rootStat.size });
    w.bytes = rootStat.size;
    return w;
  }
  const pending: string[] = [root];
  let entries = 0;
  while (pending.length > 0) {
    if (signal.aborted) throw new Error(`stopped while counting files under ${root}`);
    const dir = pending.pop()!;
    w.directories++;
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      w.unreadable.push(dir);
      continue;
    }
    const stats = await Promise.all(names.map((n) => fs.lstat(path.join(dir, n)).catch(() => undefined)));
    for (let i = 0; i < names.length; i++) {
      const st = stats[i];
      if (!st) continue;
      if (++entries > limit) {
        w.complete = false;
        return w;
      }
      const p = path.join(dir, names[i]);
      if (st.isDirectory()) {
        if (names[i] === '.git') w.gitDirs.push(p);
        pending.push(p);
      } else {
        w.files.push({ path: p, size: st.size });
        w.bytes += st.size;
      }
    }
  }
  return w;
}

/** `1,234,567 bytes` → `1.2 MB`, for facts. */
export function humanBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
