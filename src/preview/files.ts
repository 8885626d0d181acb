/**
 * Live preview for file deletion and overwriting (`rm -r`, `find -delete`, `shred`, `truncate`, `>`,
 * `mv`/`cp` onto existing files): how many files and bytes would go, a sample, and which of them git
 * could bring back (tracked and unchanged since the last commit) and which are lost for good
 * (untracked, ignored or changed). Read-only: node:fs listings and `git ls-files` / `git status`.
 *
 * Resources: the analysed path (or each path a glob expands to) with the summary, then a sample of
 * the files under it (`from` = that path), the ones lost for good first, then the largest. Ids are
 * absolute paths. `totals` holds, per analysed target, the number of files it stands for (a lower
 * bound when the walk hit its limit), so 1,000 files under one `rm -r dir` count as bulk.
 */
import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { Target } from '../core';
import { commandWords } from './command-words';
import { parseFindSelection, type FindSelection } from './find-tests';
import { DEFAULT_WALK_LIMIT, humanBytes, plural, walk, type WalkedFile } from './file-walk';
import { gitOut, repoTop, type GitSession } from './git-cli';
import { expandGlob, hasGlob } from './glob-expand';
import type { ResolvedResource, Resolver, ResolverResult, ResolveRequest } from './types';

/** Files listed under each path. */
export const FILE_SAMPLE = 20;

const HANDLED = /^filesystem\.(rm|rmdir|unlink|shred|find-delete|mv|cp|install|ln|redirect-truncate|redirect-write|tee|tee-truncate|truncate|dd-overwrite|dd-write)(-overwrite)?(-regenerable|-root)?$/;
/** Tools whose last target is a destination that sources replace. */
const COPIES = new Set(['mv', 'cp', 'install', 'ln']);

export const filesResolver: Resolver = {
  name: 'files',
  handles(action) {
    return HANDLED.test(action.rule) && action.targets.some((t) => path.isAbsolute(t.id) && t.change !== 'read');
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const out: ResolverResult = { resources: [], failures: [], totals: {} };
    const r: Req = { ...req, out, limit: DEFAULT_WALK_LIMIT };
    const targets = req.action.targets.filter((t) => path.isAbsolute(t.id) && t.change !== 'read');
    if (COPIES.has(req.action.tool)) await destination(r, targets);
    else if (req.action.rule.startsWith('filesystem.find-delete')) await findDelete(r, targets);
    else for (const t of targets) await removedOrReplaced(r, t);
    return out;
  },
};

interface Req extends ResolveRequest {
  out: ResolverResult;
  limit: number;
}

/** A dynamic part (`$DIR`) cannot be read; a glob can, by expanding it. */
function blocked(r: Req, t: Target): boolean {
  const other = (t.unresolved ?? []).filter((u) => u !== 'glob' && u !== 'exists');
  if (other.length === 0) return false;
  r.out.failures.push({ target: t.id, message: `${t.id} is known only at run time (${other.join(', ')}): not read` });
  return true;
}

/** The paths a target names: itself, or what its glob matches now. */
async function pathsOf(r: Req, t: Target): Promise<string[] | undefined> {
  if (!t.unresolved?.includes('glob') && !hasGlob(t.id)) return [t.id];
  const { paths, complete } = await expandGlob(t.id, r.signal);
  if (paths.length === 0) {
    r.out.failures.push({ target: t.id, message: `${t.id} matches nothing now: the shell would pass it literally and the command would fail` });
    return undefined;
  }
  if (!complete) r.out.failures.push({ target: t.id, message: `${t.id} matches more than ${paths.length} paths: only those are counted` });
  return paths;
}

async function removedOrReplaced(r: Req, t: Target): Promise<void> {
  if (blocked(r, t)) return;
  const paths = await pathsOf(r, t);
  if (!paths) return;
  const creating = t.change !== 'destroy';
  let files = 0;
  for (const p of paths) {
    const st = await fs.lstat(p).catch(() => undefined);
    if (!st) {
      if (creating) r.out.resources.push({ id: p, change: 'create', kind: 'file', name: path.basename(p), facts: ['does not exist: the command creates it, nothing is lost'] });
      else r.out.failures.push({ target: t.id, message: `${p} does not exist: there is nothing there to remove` });
      continue;
    }
    files += await describe(r, p, st, t, p === t.id ? undefined : t.id);
  }
  if (t.many || paths.length > 1 || paths[0] !== t.id) r.out.totals![t.id] = files;
}

/** `mv`/`cp` onto a file replaces it; onto a folder, replaces the same-named entries inside. */
async function destination(r: Req, targets: Target[]): Promise<void> {
  const dest = targets[targets.length - 1];
  if (!dest || blocked(r, dest)) return;
  const sources = targets.slice(0, -1);
  const st = await fs.lstat(dest.id).catch(() => undefined);
  if (!st) {
    r.out.resources.push({ id: dest.id, change: 'create', kind: 'file', name: path.basename(dest.id), facts: ['does not exist: nothing is overwritten'] });
    return;
  }
  if (!st.isDirectory()) {
    await describe(r, dest.id, st, { ...dest, change: 'change' }, undefined, sources.length === 1 ? [`replaced by ${sources[0].id}`] : []);
    return;
  }
  let replaced = 0;
  for (const s of sources) {
    const inside = path.join(dest.id, path.basename(s.id));
    const ist = await fs.lstat(inside).catch(() => undefined);
    if (!ist) continue;
    replaced++;
    await describe(r, inside, ist, { ...dest, change: 'change' }, dest.id, [`replaced by ${s.id}`]);
  }
  if (replaced === 0) r.out.resources.push({ id: dest.id, change: 'read', kind: 'directory', name: path.basename(dest.id), facts: ['a folder: the sources go inside it, nothing there is replaced'] });
}

async function findDelete(r: Req, targets: Target[]): Promise<void> {
  const words = commandWords(r.action.command);
  const at = words.findIndex((w) => w === 'find' || w.endsWith('/find'));
  const selection = parseFindSelection(words.slice(at + 1));
  for (const [i, t] of targets.entries()) {
    if (blocked(r, t)) continue;
    if (!selection) {
      r.out.failures.push({ target: t.id, message: `find's tests are not evaluated here: what -delete would remove under ${t.id} is not counted` });
      continue;
    }
    const start = selection.starts.find((s) => path.resolve(r.action.context.cwd, s) === t.id) ?? selection.starts[i] ?? '.';
    const st = await fs.lstat(t.id).catch(() => undefined);
    if (!st) {
      r.out.failures.push({ target: t.id, message: `${t.id} does not exist: find would find nothing there` });
      continue;
    }
    r.out.totals![t.id] = await describe(r, t.id, st, t, undefined, ['counted: what find’s tests select'], { start, selection });
  }
}

interface Restorability {
  /** Relative to the repository top: tracked and unchanged since the last commit. */
  restorable(file: string): boolean;
  /** For facts: where the answer comes from. */
  repo?: string;
  /** Tracked but changed (its committed version can come back, not the changes). */
  changed(file: string): boolean;
}

/** Which files under `p` git could restore: tracked in the enclosing repository and unchanged. */
async function restorability(r: Req, p: string, isDir: boolean): Promise<Restorability> {
  const none: Restorability = { restorable: () => false, changed: () => false };
  const dir = isDir ? p : path.dirname(p);
  const s: GitSession = { dir, ctx: r.ctx, signal: r.signal };
  const top = await repoTop(s);
  if (!top || p === path.join(top, '.git') || p.startsWith(path.join(top, '.git') + path.sep)) return none;
  const at: GitSession = { ...s, dir: top };
  const rel = path.relative(top, p) || '.';
  const [listed, status] = await Promise.all([
    gitOut(at, ['ls-files', '-z', '--full-name', '--', `:(literal)${rel}`]),
    gitOut(at, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames', '--', `:(literal)${rel}`]),
  ]);
  const tracked = new Set(listed.split('\0').filter(Boolean).map((f) => path.join(top, f)));
  const changed = new Set(
    status
      .split('\0')
      .filter((e) => e.length > 3)
      .map((e) => path.join(top, e.slice(3))),
  );
  return { repo: top, restorable: (f) => tracked.has(f) && !changed.has(f), changed: (f) => changed.has(f) };
}

/**
 * Describes the files at `p` (a file or a whole tree) as a summary resource plus a sample; returns how
 * many files it counted. `from`: the analysed target when `p` was expanded from it.
 */
async function describe(
  r: Req,
  p: string,
  st: Stats,
  t: Target,
  from: string | undefined,
  extra: string[] = [],
  find?: { start: string; selection: FindSelection },
): Promise<number> {
  const isDir = st.isDirectory();
  // git and the walk see the real path; ids keep the path as the command names it.
  const real = path.join(await fs.realpath(path.dirname(p)).catch(() => path.dirname(p)), path.basename(p));
  const [w, git] = await Promise.all([walk(real, st, r.signal, r.limit), restorability(r, real, isDir)]);
  const files = find ? w.files.filter((f) => find.selection.selects(find.start, path.relative(real, f.path).split(path.sep).join('/'))) : w.files;
  const shown = (f: string): string => p + f.slice(real.length);
  const lost = files.filter((f) => !git.restorable(f.path));
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const lostBytes = lost.reduce((n, f) => n + f.size, 0);
  const more = w.complete ? '' : 'more than ';
  const facts: string[] = [];
  if (isDir) facts.push(`${more}${plural(files.length, 'file')}, ${more}${humanBytes(bytes)}`);
  else facts.push(humanBytes(st.size));
  if (!git.repo) facts.push(isDir ? 'not in a git repository: none can be restored by git' : 'not in a git repository: git cannot restore it');
  else if (!isDir) facts.push(fileFact(git, real));
  else {
    const restorable = files.length - lost.length;
    if (restorable > 0) facts.push(`${plural(restorable, 'file')} tracked and committed: git can restore them`);
    if (lost.length > 0) facts.push(`${plural(lost.length, 'file')} untracked or changed (${humanBytes(lostBytes)}): lost for good`);
  }
  if (w.gitDirs.length) facts.push(`holds a git repository (${w.gitDirs.map((g) => path.dirname(shown(g))).join(', ')}): its history, branches and stashes go too`);
  if (w.unreadable.length) facts.push(`${plural(w.unreadable.length, 'folder')} could not be read: not counted`);
  facts.push(...extra);
  const kind = isDir ? 'directory' : st.isSymbolicLink() ? 'symbolic link' : 'file';
  r.out.resources.push({ id: p, change: t.change, kind, name: path.basename(p), facts, ...(from ? { from } : {}), before: { files: files.length, bytes, complete: w.complete } });
  if (isDir) r.out.resources.push(...sample(files, git).map((f) => fileResource(shown(f.path), f, git, real === f.path ? undefined : p, t)));
  return files.length;
}

function fileFact(git: Restorability, file: string): string {
  if (git.restorable(file)) return 'tracked and committed: git can restore it';
  if (git.changed(file)) return 'changed since the last commit: the changes are lost for good';
  return 'untracked: not in git, lost for good';
}

/** Lost-for-good files first (what a person most needs to see), then the largest. */
function sample(files: WalkedFile[], git: Restorability): WalkedFile[] {
  return [...files]
    .sort((a, b) => Number(git.restorable(a.path)) - Number(git.restorable(b.path)) || b.size - a.size || a.path.localeCompare(b.path))
    .slice(0, FILE_SAMPLE);
}

function fileResource(id: string, f: WalkedFile, git: Restorability, from: string | undefined, t: Target): ResolvedResource {
  return { id, change: t.change, kind: 'file', name: path.basename(id), facts: [humanBytes(f.size), git.repo ? fileFact(git, f.path) : 'not in git'], ...(from ? { from } : {}), before: { bytes: f.size } };
}
