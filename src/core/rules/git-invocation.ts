/**
 * One git invocation as the git pack reads it: the global options before the subcommand (`-C`, `-c`,
 * `--git-dir`, `--work-tree`, ...), the directory everything resolves against, and the target shapes
 * shared by the subcommand rules.
 *
 * Target scheme:
 * - refs on a remote: `git://<remote>/<full ref>` (`git://origin/refs/heads/main`); a remote given as a URL
 *   is written host/path without scheme, user and `.git` (`git://github.com/acme/app/refs/heads/main`);
 * - refs in the local repository: `git://local/<full ref>` (`git://local/refs/heads/feature`,
 *   `git://local/refs/stash@{0}`); "local" is reserved for this, whatever the remotes are called;
 * - the working tree: its absolute path (the directory git runs in, or --work-tree), kind `working tree`;
 * - files: absolute paths, resolved against the directory after `-C`.
 */
import * as path from 'node:path';
import type { AnalysisContext, Change, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { isInside, resolvePath } from './support';

export interface GitInvocation {
  cmd: SimpleCommand;
  ctx: AnalysisContext;
  /** The subcommand as written (`push`), or undefined for a bare `git` / `git --version`. */
  sub?: string;
  subDynamic: boolean;
  /** Words after the subcommand. */
  args: Word[];
  /** The directory git runs in, after every `-C`. */
  cwd: string;
  /** A `-C` or `--work-tree` was known only at run time. */
  cwdUnresolved: boolean;
  /** The working tree: `--work-tree` / GIT_WORK_TREE, else the directory git runs in. */
  workTree: string;
  /** `-c key=value` and `--config-env` settings, in order. */
  config: Array<{ key: string; value: string }>;
  /** A global option git would answer by itself (`--version`, `--help`, `--exec-path`). */
  answersItself?: string;
  /** A global option the pack does not know. */
  unknownOption?: string;
  /** `--exec-path=<dir>`: subcommands are looked up in a folder of the caller's choosing. */
  execPath?: string;
}

/** What a subcommand rule decides; git.ts turns it into an Action. */
export interface GitVerdict {
  effect: Effect;
  recoverable?: boolean;
  rule: string;
  operation?: string;
  targets?: Target[];
  notes?: string[];
  where?: string;
}

const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--list-cmds', '--attr-source']);
const GLOBAL_SWITCHES = new Set([
  '--no-pager', '-P', '-p', '--paginate', '--bare', '--no-replace-objects', '--literal-pathspecs', '--glob-pathspecs',
  '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks', '--no-lazy-fetch', '--no-advice',
]);
const ANSWERS_ITSELF = new Set(['--version', '-v', '--help', '-h', '--html-path', '--man-path', '--info-path', '--exec-path']);

export function parseGitInvocation(cmd: SimpleCommand, ctx: AnalysisContext): GitInvocation {
  const inv: GitInvocation = { cmd, ctx, subDynamic: false, args: [], cwd: ctx.cwd, cwdUnresolved: false, workTree: ctx.cwd, config: [] };
  let workTree: string | undefined;
  const envTree = cmd.assignments.GIT_WORK_TREE;
  const args = cmd.args;
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i];
    const a = w.value;
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (GLOBAL_SWITCHES.has(name)) continue;
    if (name === '--exec-path' && eq > 0) {
      inv.execPath = a.slice(eq + 1);
      continue;
    }
    if (ANSWERS_ITSELF.has(name)) {
      inv.answersItself = a;
      continue;
    }
    if (!GLOBAL_WITH_VALUE.has(name)) {
      inv.unknownOption = a;
      continue;
    }
    let value: Word | undefined;
    if (eq > 0 && name !== '-c') value = { value: a.slice(eq + 1), dynamic: w.dynamic };
    else value = args[++i];
    if (!value) break;
    if (name === '-C') {
      inv.cwdUnresolved ||= value.dynamic;
      if (value.value !== '') inv.cwd = resolvePath({ ...ctx, cwd: inv.cwd }, value.value);
    } else if (name === '--work-tree') {
      inv.cwdUnresolved ||= value.dynamic;
      workTree = resolvePath({ ...ctx, cwd: inv.cwd }, value.value);
    } else if (name === '-c') {
      const e = value.value.indexOf('=');
      inv.config.push(e < 0 ? { key: value.value, value: 'true' } : { key: value.value.slice(0, e), value: value.value.slice(e + 1) });
    } else if (name === '--config-env') {
      const e = value.value.indexOf('=');
      inv.config.push({ key: e < 0 ? value.value : value.value.slice(0, e), value: `$${e < 0 ? '' : value.value.slice(e + 1)}` });
    }
  }
  const sub = args[i];
  if (sub) {
    inv.sub = sub.value;
    inv.subDynamic = sub.dynamic;
    inv.args = args.slice(i + 1);
  }
  inv.workTree = workTree ?? (envTree ? resolvePath({ ...ctx, cwd: inv.cwd }, envTree) : inv.cwd);
  return inv;
}

/** The working tree as a target: everything uncommitted in it. */
export function workTreeTarget(inv: GitInvocation, change: Change = 'destroy'): Target {
  const t: Target = { id: inv.workTree, change, kind: 'working tree', many: true };
  if (inv.cwdUnresolved) t.unresolved = ['path'];
  return t;
}

const PATHSPEC_GLOB = /[*?[]/;

/** Pathspecs as file targets. Git expands globs itself, so a quoted `'*.ts'` is a set too; `:(magic)` is left unresolved. */
export function pathspecTargets(inv: GitInvocation, words: Word[], change: Change, kind = 'file'): Target[] {
  // Outside its working tree (`--work-tree` elsewhere), git reads pathspecs from the top of the tree.
  const base = isInside(inv.cwd, inv.workTree) ? inv.cwd : inv.workTree;
  return words.map((w) => {
    const magic = w.value.startsWith(':');
    const id = magic ? path.posix.join(base, w.value) : resolvePath({ ...inv.ctx, cwd: base }, w.value);
    const t: Target = { id, change, kind };
    const part = w.dynamic && /[$`]/.test(w.value) ? 'value' : magic ? 'pathspec' : PATHSPEC_GLOB.test(w.value) ? 'glob' : undefined;
    const unresolved = [...(part ? [part] : []), ...(inv.cwdUnresolved ? ['path'] : [])];
    if (unresolved.length) t.unresolved = unresolved;
    if (w.dynamic || magic || PATHSPEC_GLOB.test(w.value) || w.value === '.' || w.value.endsWith('/') || id === inv.workTree) t.many = true;
    return t;
  });
}

export function localRefTarget(ref: string, change: Change, kind: string, dynamic = false): Target {
  const t: Target = { id: `git://local/${ref}`, change, kind };
  if (dynamic) t.unresolved = ['ref'];
  if (ref.includes('*')) t.many = true;
  return t;
}
