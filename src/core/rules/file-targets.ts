/**
 * Path words as file targets: where a word points once `~` and known variables are expanded, and whose
 * place that is (the workspace, regenerable output, the scratch directory, or somewhere else).
 */
import * as path from 'node:path';
import type { AnalysisContext, Change, Target } from '../model';
import type { Word } from '../shell/command';
import { isInside, resolvePath } from './support';
import { isRegenerableOutput } from './regenerable';

export interface PathRef {
  /** Absolute, normalised path; a glob or an unknown variable is kept as written inside it. */
  path: string;
  /** The word as written. */
  written: string;
  /** The word is a glob: it stands for an open-ended set of paths. */
  glob: boolean;
  /** Part of the path is known only at run time (a variable the context does not know, `$(...)`). */
  unresolved: boolean;
}

/**
 * - `regenerable`: inside the workspace, below a regenerable output folder (node_modules, dist, ...).
 * - `workspace`: inside a workspace root (the root itself included).
 * - `scratch`: strictly below /tmp (or the context's TMPDIR): disposable by convention.
 * - `outside`: anywhere else, including `/`, the home directory and system paths.
 * - `unknown`: the path is not known before run time.
 */
export type Place = 'regenerable' | 'workspace' | 'scratch' | 'outside' | 'unknown';

const GLOB = /[*?[]/;

/**
 * Expands what the context knows (`$HOME`, `${HOME}`, `$PWD`, variables in ctx.env) in a dynamic word.
 * The caller's environment is used, not the command's own assignments: the shell expands the word
 * before `VAR=x cmd` takes effect.
 */
function expandKnownVariables(value: string, ctx: AnalysisContext): string | undefined {
  if (/`|\$\(/.test(value)) return undefined;
  const known = (name: string): string | undefined => {
    if (name === 'HOME') return ctx.env?.HOME ?? ctx.home;
    if (name === 'PWD') return ctx.cwd;
    return ctx.env?.[name];
  };
  let unknown = false;
  const out = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string, b: string) => {
    const v = known(a ?? b);
    if (v === undefined) unknown = true;
    return v ?? _m;
  });
  if (unknown || out.includes('$')) return undefined;
  return out;
}

export function pathRef(ctx: AnalysisContext, w: Word, cwd: string = ctx.cwd): PathRef {
  const c = { ...ctx, cwd };
  // `{}` from `find -exec rm {} +` stands for every path find matches.
  if (w.value.includes('{}')) return { path: resolvePath(c, w.value), written: w.value, glob: true, unresolved: true };
  if (!w.dynamic) return { path: resolvePath(c, w.value), written: w.value, glob: false, unresolved: false };
  // The shell layer's stand-in for `find ROOT ... -exec cmd {}`: some files below ROOT.
  const found = /^<files found under ([^ >]+)>$/.exec(w.value);
  if (found) return { path: path.posix.join(resolvePath(c, found[1]), '*'), written: w.value, glob: true, unresolved: false };
  if (w.value.includes('$') || w.value.includes('`')) {
    const expanded = expandKnownVariables(w.value, ctx);
    if (expanded === undefined) return { path: resolvePath(c, w.value), written: w.value, glob: GLOB.test(w.value), unresolved: true };
    return { path: resolvePath(c, expanded), written: w.value, glob: GLOB.test(expanded), unresolved: false };
  }
  // Dynamic without a variable: a glob, or a stand-in the shell layer wrote (`<xargs input>`).
  if (GLOB.test(w.value) && !/^<.*>$/.test(w.value)) return { path: resolvePath(c, w.value), written: w.value, glob: true, unresolved: false };
  return { path: resolvePath(c, w.value), written: w.value, glob: true, unresolved: true };
}

/** The part of a glob path before its first wildcard segment: the folder the set lives in. */
function staticPrefix(p: string): string {
  const segs = p.split('/');
  const i = segs.findIndex((s) => GLOB.test(s));
  if (i < 0) return p;
  return segs.slice(0, i).join('/') || '/';
}

export function scratchRoots(ctx: AnalysisContext): string[] {
  const roots = ['/tmp', '/private/tmp'];
  const t = ctx.env?.TMPDIR;
  if (t && path.posix.isAbsolute(t)) {
    const tmp = path.posix.normalize(t).replace(/\/+$/, '');
    // A TMPDIR that is `/`, the home or an ancestor of it would make everything disposable.
    if (tmp && !(ctx.home && isInside(ctx.home, tmp))) roots.push(tmp);
  }
  return roots;
}

export function placeOf(ref: PathRef, ctx: AnalysisContext): Place {
  if (ref.unresolved) return 'unknown';
  const roots = ctx.workspaceRoots ?? [];
  // For a glob, the folder the set lives in decides: `dist/*` is regenerable, `*` at the root is not.
  const p = ref.glob ? staticPrefix(ref.path) : ref.path;
  if (isRegenerableOutput(p, roots)) return 'regenerable';
  if (roots.some((r) => isInside(p, r))) return 'workspace';
  if (scratchRoots(ctx).some((t) => p !== t && isInside(p, t))) return 'scratch';
  return 'outside';
}

/** Deleting or overwriting is recoverable only for regenerable output and scratch files. */
export function destroyRecoverable(place: Place): boolean {
  return place === 'regenerable' || place === 'scratch';
}

/** Creating or changing files is recoverable where the user works: the workspace and scratch. */
export function writeRecoverable(place: Place): boolean {
  return place === 'regenerable' || place === 'workspace' || place === 'scratch';
}

export function fileTarget(ref: PathRef, change: Change, kind: string, many = false): Target {
  const t: Target = { id: ref.path, change, kind };
  if (ref.unresolved) t.unresolved = ['value'];
  else if (ref.glob) t.unresolved = ['glob'];
  if (many || ref.glob || ref.unresolved) t.many = true;
  return t;
}

/** Notes that name what a person should notice about a place (`/`, the home directory, a glob). */
export function placeNotes(ref: PathRef, ctx: AnalysisContext): string[] {
  const notes: string[] = [];
  if (ref.unresolved) notes.push(`${ref.written}: path known only at run time`);
  else if (ref.glob) notes.push(`${ref.written}: glob, expands at run time`);
  if (!ref.unresolved && staticPrefix(ref.path) === '/') notes.push(`${ref.written}: the root of the file system`);
  const home = ctx.env?.HOME ?? ctx.home;
  if (home && !ref.unresolved && path.posix.normalize(staticPrefix(ref.path)) === home) {
    notes.push(`${ref.written}: the home directory`);
  }
  return notes;
}
