/**
 * The part of a `find … -delete` expression a preview can evaluate itself: `-name`, `-iname`, `-path`,
 * `-type f`, `-mindepth`, `-maxdepth`, joined by an implicit or explicit AND. Anything else (`-o`,
 * `!`, `-newer`, `-size`, parentheses) is not guessed at: the caller reports it cannot count.
 */
import * as path from 'node:path';
import { segmentPattern } from './glob-expand';

export interface FindSelection {
  /** Start paths as written (find prints, and `-path` matches, paths that begin with them). */
  starts: string[];
  /** Whether find would select this file (`rel`: relative to its start, `/`-separated). */
  selects(start: string, rel: string): boolean;
}

const GLOBAL_OPTIONS = new Set(['-H', '-L', '-P']);
const NO_VALUE = new Set(['-delete', '-print', '-print0', '-depth', '-xdev', '-mount', '-a', '-and', '-ignore_readdir_race', '-noleaf']);

function wholePattern(p: string): RegExp {
  // In -path, `*` and `?` match `/` too.
  const seg = segmentPattern(p);
  return seg ? new RegExp(seg.source.replace(/\[\^\/\]/g, '.')) : new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function namePattern(p: string, flags = ''): RegExp {
  const seg = segmentPattern(p);
  return seg ? new RegExp(seg.source, flags) : new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, flags);
}

/** `args`: the words after `find`. Undefined when the expression holds something this does not evaluate. */
export function parseFindSelection(args: string[]): FindSelection | undefined {
  let i = 0;
  while (i < args.length && GLOBAL_OPTIONS.has(args[i])) i++;
  const starts: string[] = [];
  while (i < args.length && !args[i].startsWith('-') && args[i] !== '!' && args[i] !== '(') starts.push(args[i++]);
  const tests: Array<(start: string, rel: string) => boolean> = [];
  for (; i < args.length; i++) {
    const a = args[i];
    if (NO_VALUE.has(a)) continue;
    const v = args[i + 1];
    if (v === undefined) return undefined;
    if (a === '-name' || a === '-iname') {
      const re = namePattern(v, a === '-iname' ? 'i' : '');
      tests.push((_s, rel) => re.test(path.posix.basename(rel)));
    } else if (a === '-path' || a === '-wholename') {
      const re = wholePattern(v);
      tests.push((s, rel) => re.test(`${s.replace(/\/$/, '')}/${rel}`));
    } else if (a === '-type' && v === 'f') {
      tests.push(() => true);
    } else if (a === '-maxdepth' || a === '-mindepth') {
      const n = Number(v);
      if (!Number.isInteger(n)) return undefined;
      tests.push((_s, rel) => (a === '-maxdepth' ? rel.split('/').length <= n : rel.split('/').length >= n));
    } else return undefined;
    i++;
  }
  return { starts: starts.length ? starts : ['.'], selects: (s, rel) => tests.every((t) => t(s, rel)) };
}
