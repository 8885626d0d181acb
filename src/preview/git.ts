/**
 * Live preview for git: the commits a force push or a remote branch deletion would drop, the work
 * `reset --hard`, `checkout -- <paths>`, `restore`, `clean` and `stash clear/drop` would lose, and the
 * commits only a force-deleted branch holds. Read-only: `ls-remote` reads the remote, everything else
 * reads local refs and objects; nothing is fetched (fetching writes refs), so commits the clone has
 * never seen are reported as not known rather than guessed.
 *
 * Resource ids, besides the analysis's own (git://<remote>/<ref>, git://local/<ref>, absolute paths):
 * - a commit that would be lost: `<ref target id>@<full sha>`, e.g.
 *   `git://origin/refs/heads/main@4f1c…` (dropped from origin's main), `git://local/refs/heads/x@4f1c…`;
 * - a stash entry: `git://local/refs/stash@{n}` (the analysis's own scheme);
 * - a file whose uncommitted work is lost, or an untracked file `clean` removes: its absolute path.
 * `totals` counts, per analysed target, the commits, files or stash entries that would be lost.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Action, Target } from '../core';
import { gitSubcommandArgs } from './command-words';
import { walk, humanBytes, plural } from './file-walk';
import { commitOf, commitsBetween, day, everyRefExcept, git, gitOut, hasCommit, parseNumstat, repoTop, short, type CommitInfo, type GitSession } from './git-cli';
import { parsePushArgs } from './git-push-args';
import { RunError } from './run';
import type { ResolvedResource, Resolver, ResolverFailure, ResolverResult, ResolveRequest } from './types';

/** Commits listed per ref; the rest are counted in totals. */
const COMMIT_SAMPLE = 50;
/** Files listed per target; the rest are counted in totals. */
const FILE_SAMPLE = 200;
/** Stash entries whose file counts are read (one git call each). */
const STASH_DETAIL = 20;

type Handler = (r: Request) => Promise<void>;

interface Request extends GitSession {
  action: Action;
  top: string;
  out: ResolverResult;
}

const HANDLERS: Record<string, Handler> = {
  'git.push-force': pushForce,
  'git.push-delete': pushDelete,
  'git.reset-hard': (r) => uncommittedWork(r, 'head'),
  'git.checkout-force': (r) => uncommittedWork(r, 'head'),
  'git.switch-discard': (r) => uncommittedWork(r, 'head'),
  'git.checkout-paths': (r) => uncommittedWork(r, r.action.operation === 'checkout <tree-ish> <paths>' ? 'head' : 'index'),
  'git.restore': (r) => uncommittedWork(r, restoresFromHead(r.action) ? 'head' : 'index'),
  'git.clean': clean,
  'git.stash-clear': stashEntries,
  'git.stash-drop': stashEntries,
  'git.branch-force-delete': branchForceDelete,
};

export const gitResolver: Resolver = {
  name: 'git',
  handles(action) {
    return action.tool === 'git' && action.rule in HANDLERS;
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const out: ResolverResult = { resources: [], failures: [], totals: {} };
    const dir = req.action.context.cwd;
    const s: GitSession = { dir, ctx: req.ctx, signal: req.signal };
    const first = req.action.targets[0]?.id;
    try {
      await fs.stat(dir);
    } catch {
      out.failures.push({ target: first, message: `${dir} does not exist: git would not run there` });
      return out;
    }
    const top = await repoTop(s);
    if (!top) {
      out.failures.push({ target: first, message: `${dir} is not in a git repository: nothing to read` });
      return out;
    }
    await HANDLERS[req.action.rule]({ ...s, action: req.action, top, out });
    return out;
  },
};

function fail(r: Request, target: string | undefined, message: string): void {
  r.out.failures.push({ ...(target ? { target } : {}), message });
}

function unresolvedFailure(r: Request, t: Target): boolean {
  if (!t.unresolved?.length) return false;
  fail(r, t.id, `${t.id} is known only at run time (${t.unresolved.join(', ')}): not read`);
  return true;
}

function commitResource(parent: string, c: CommitInfo): ResolvedResource {
  return {
    id: `${parent}@${c.sha}`,
    change: 'destroy',
    kind: 'commit',
    name: c.subject,
    facts: [short(c.sha), c.author, day(c.date)],
    from: parent,
    before: { sha: c.sha, subject: c.subject, author: c.author, date: c.date },
  };
}

// ---------------------------------------------------------------------------------------------- push

interface RemoteRefs {
  refs: Map<string, string>;
  /** The remote's default branch (`HEAD`'s target), when it says. */
  head?: string;
}

/** One `ls-remote --symref` per remote: every ref and the default branch. */
async function lsRemote(r: Request, remote: string): Promise<RemoteRefs> {
  const text = await gitOut(r, ['ls-remote', '--symref', remote]);
  const refs = new Map<string, string>();
  let head: string | undefined;
  for (const line of text.split('\n')) {
    const sym = /^ref: (\S+)\tHEAD$/.exec(line);
    if (sym) head = sym[1];
    const m = /^([0-9a-f]{40,64})\t(.+)$/.exec(line);
    if (m) refs.set(m[2], m[1]);
  }
  return { refs, head };
}

function refOf(action: Action, t: Target): string {
  const prefix = `git://${action.context.where ?? 'origin'}/`;
  return t.id.startsWith(prefix) ? t.id.slice(prefix.length) : t.id.replace(/^git:\/\/.*?\/(refs\/)/, '$1');
}

/** What the command line leaves implicit: the current branch and where it pushes. */
async function currentPush(r: Request): Promise<{ branch: string; remote?: string; ref?: string } | undefined> {
  const branch = (await git(r, ['symbolic-ref', '--quiet', 'HEAD'], { okExitCodes: [1] })).stdout.trim();
  if (!branch) return undefined;
  const [remote, ref] = (await gitOut(r, ['for-each-ref', '--format=%(push:remotename)%00%(push:remoteref)', '--end-of-options', branch])).trim().split('\0');
  return { branch, remote: remote || undefined, ref: ref || undefined };
}

async function remoteTracking(r: Request, remote: string, ref: string): Promise<string | undefined> {
  if (!ref.startsWith('refs/heads/') || !/^[\w.-]+$/.test(remote)) return undefined;
  return commitOf(r, `refs/remotes/${remote}/${ref.slice('refs/heads/'.length)}`);
}

interface PushTarget {
  target: Target;
  ref: string;
  src?: string;
}

/** The remote as written and, per target, the remote ref and the local revision pushed onto it. */
async function pushTargets(r: Request): Promise<{ remote: string; items: PushTarget[] }> {
  const { args } = gitSubcommandArgs(r.action.command);
  const parsed = parsePushArgs(args);
  const implicit = r.action.targets.some((t) => t.unresolved?.includes('ref'));
  const current = implicit || !parsed.remote ? await currentPush(r) : undefined;
  const remote = parsed.remote ?? current?.remote ?? 'origin';
  const items: PushTarget[] = [];
  for (const t of r.action.targets) {
    if (t.unresolved?.includes('ref') && !t.unresolved.includes('remote')) {
      if (!current) {
        fail(r, t.id, 'HEAD is not on a branch: which branch the push would update is not known');
        continue;
      }
      const ref = current.ref ?? current.branch;
      items.push({ target: { ...t, id: `git://${r.action.context.where ?? remote}/${ref}`, unresolved: undefined }, ref, src: current.branch });
      continue;
    }
    const ref = refOf(r.action, t);
    const spec = parsed.specs.find((s) => s.ref === ref);
    items.push({ target: t, ref, src: spec?.src });
  }
  return { remote, items };
}

function severalRefs(r: Request, t: Target): boolean {
  if (!t.many && !t.id.includes('*')) return false;
  fail(r, t.id, `${t.id} stands for several refs: the preview reads named refs only`);
  return true;
}

async function readRemote(r: Request, remote: string, firstTarget?: string): Promise<RemoteRefs | undefined> {
  try {
    return await lsRemote(r, remote);
  } catch (e) {
    if (e instanceof RunError && e.reason === 'stopped') throw e;
    fail(r, firstTarget, `could not read the remote ${remote}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/**
 * The commit a remote ref is at, and whether its history is here to be read. Falls back to the
 * remote-tracking ref (as last fetched) when the remote could not be read or is ahead of this clone.
 */
async function remoteTip(r: Request, remote: string, t: Target, ref: string, live: RemoteRefs | undefined): Promise<{ sha?: string; base?: string; facts: string[] }> {
  const tracking = await remoteTracking(r, remote, ref);
  const facts: string[] = [];
  const sha = live ? live.refs.get(ref) : tracking;
  if (!live && tracking) facts.push(`as last fetched: ${remote} was not readable now`);
  if (!sha) return { facts };
  if (await hasCommit(r, sha)) return { sha, base: sha, facts };
  const fallback = tracking && (await hasCommit(r, tracking)) ? tracking : undefined;
  fail(
    r,
    t.id,
    `remote not fetched, commits known locally only: ${remote}'s ${ref} is at ${short(sha)}, which this clone does not have` +
      (fallback ? `; listing from ${short(fallback)} as last fetched (git fetch ${remote} shows the rest)` : ` (git fetch ${remote} shows what would be lost)`),
  );
  return { sha, base: fallback, facts };
}

async function pushForce(r: Request): Promise<void> {
  const { remote, items } = await pushTargets(r);
  const usable = items.filter((i) => !unresolvedFailure(r, i.target) && !severalRefs(r, i.target));
  if (usable.length === 0) return;
  const live = await readRemote(r, remote, usable[0].target.id);
  const lease = r.action.operation.includes('lease');
  for (const { target: t, ref, src } of usable) {
    const local = src ? await commitOf(r, src) : undefined;
    if (!local) {
      fail(r, t.id, src ? `${src} names no commit in ${r.top}: git push would fail` : `the local side of the push to ${ref} is not known`);
      continue;
    }
    const tip = await remoteTip(r, remote, t, ref, live);
    const facts = [...tip.facts];
    const name = `${ref.replace(/^refs\/(heads|tags)\//, '')} on ${remote}`;
    if (!tip.sha) {
      const known = live !== undefined;
      r.out.resources.push({ id: t.id, change: 'create', kind: t.kind, name, facts: [known ? `${remote} has no ${ref}: the push creates it, nothing is lost` : `${ref} on ${remote} not known`, `would be ${short(local)} (${src})`] });
      continue;
    }
    facts.push(`at ${short(tip.sha)} on ${remote}`, `would be ${short(local)} (${src})`);
    if (lease) {
      const tracking = await remoteTracking(r, remote, ref);
      if (tracking && tracking !== tip.sha) facts.push(`--force-with-lease would refuse: ${remote} moved from ${short(tracking)} (last fetched) to ${short(tip.sha)}`);
    }
    if (!tip.base) {
      r.out.resources.push({ id: t.id, change: 'change', kind: t.kind, name, facts: [...facts, 'commits that would be dropped: not known (not fetched)'], before: { sha: tip.sha }, after: { sha: local } });
      continue;
    }
    const { commits, count } = await commitsBetween(r, [tip.base], [local], COMMIT_SAMPLE);
    facts.push(count === 0 ? 'nothing is dropped: the push only adds commits' : `${plural(count, 'commit')} would be dropped from ${remote}`);
    r.out.resources.push({ id: t.id, change: 'change', kind: t.kind, name, facts, before: { sha: tip.sha }, after: { sha: local } });
    r.out.resources.push(...commits.map((c) => commitResource(t.id, c)));
    r.out.totals![t.id] = count;
  }
}

async function pushDelete(r: Request): Promise<void> {
  const { remote, items } = await pushTargets(r);
  const usable = items.filter((i) => !unresolvedFailure(r, i.target) && !severalRefs(r, i.target));
  if (usable.length === 0) return;
  const live = await readRemote(r, remote, usable[0].target.id);
  for (const { target: t, ref } of usable) {
    const name = `${ref.replace(/^refs\/(heads|tags)\//, '')} on ${remote}`;
    if (live && !live.refs.has(ref)) {
      r.out.resources.push({ id: t.id, change: 'read', kind: t.kind, name, facts: [`${remote} has no ${ref}: git push would fail, nothing is deleted`] });
      continue;
    }
    const tip = await remoteTip(r, remote, t, ref, live);
    if (!tip.sha) continue;
    const facts = [...tip.facts, `at ${short(tip.sha)} on ${remote}`];
    const head = live?.head;
    if (head === ref) facts.push(`${ref} is ${remote}'s default branch`);
    const headSha = head ? live?.refs.get(head) : undefined;
    if (!tip.base) {
      r.out.resources.push({ id: t.id, change: 'destroy', kind: t.kind, name, facts: [...facts, 'unmerged commits: not known (not fetched)'], before: { sha: tip.sha } });
      continue;
    }
    if (!head || !headSha || head === ref || !(await hasCommit(r, headSha))) {
      const why = !head || !headSha ? `${remote}'s default branch is not known` : head === ref ? 'it is the default branch' : `${remote}'s ${head} is not fetched`;
      r.out.resources.push({ id: t.id, change: 'destroy', kind: t.kind, name, facts: [...facts, `unmerged commits not counted: ${why}`], before: { sha: tip.sha } });
      continue;
    }
    const { commits, count } = await commitsBetween(r, [tip.base], [headSha], COMMIT_SAMPLE);
    const base = head.replace(/^refs\/heads\//, '');
    facts.push(count === 0 ? `merged into ${base}: no commit is lost` : `${plural(count, 'commit')} not merged into ${base}`);
    r.out.resources.push({ id: t.id, change: 'destroy', kind: t.kind, name, facts, before: { sha: tip.sha } });
    r.out.resources.push(...commits.map((c) => commitResource(t.id, c)));
    r.out.totals![t.id] = count;
  }
}

// ------------------------------------------------------------------------------- uncommitted work

/** `restore --staged --worktree` and `restore --source=…` put HEAD's (or a commit's) content back; plain `restore` the index's. */
function restoresFromHead(action: Action): boolean {
  const { args } = gitSubcommandArgs(action.command);
  const staged = args.some((a) => a === '--staged' || (/^-[a-zA-Z]+$/.test(a) && a.includes('S')));
  return staged || args.some((a) => a === '-s' || a.startsWith('--source') || /^-s./.test(a));
}

/**
 * Files whose uncommitted content would be lost. `head`: the working tree and the index go back to the
 * last commit (reset --hard); `index`: the working tree goes back to the index, staged changes survive.
 */
async function uncommittedWork(r: Request, against: 'head' | 'index'): Promise<void> {
  const pathspecs: string[] = [];
  const pathTargets: Target[] = [];
  for (const t of r.action.targets) {
    if (unresolvedFailure(r, t) && !t.unresolved?.every((u) => u === 'glob')) continue;
    if (t.kind !== 'working tree') {
      pathspecs.push(t.id);
      pathTargets.push(t);
    }
  }
  const tree = r.action.targets.find((t) => t.kind === 'working tree');
  if (!tree && pathTargets.length === 0) return;
  const base = against === 'head' ? ['HEAD'] : [];
  const common = ['diff', '--no-ext-diff', '--no-textconv', '--no-renames', '-z', ...base];
  const spec = pathspecs.length ? ['--', ...pathspecs] : ['--'];
  let numstat: string;
  let status: string;
  try {
    [numstat, status] = await Promise.all([gitOut(r, [...common, '--numstat', ...spec]), gitOut(r, [...common, '--name-status', ...spec])]);
  } catch (e) {
    if (e instanceof RunError && e.reason === 'failed' && against === 'head' && /unknown revision|bad revision|ambiguous argument 'HEAD'/.test(e.message)) {
      fail(r, tree?.id ?? pathTargets[0]?.id, `${r.top} has no commit yet: every file in the index would be lost`);
      return;
    }
    throw e;
  }
  const letters = new Map<string, string>();
  const parts = status.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) letters.set(parts[i + 1], parts[i].replace(/^\n/, '').charAt(0));
  const lines = parseNumstat(numstat);
  const owner = (abs: string): string => pathTargets.find((t) => abs === t.id || abs.startsWith(t.id.endsWith('/') ? t.id : t.id + '/'))?.id ?? tree?.id ?? pathTargets[0]?.id ?? r.top;
  const lost = new Map<string, number>();
  let listed = 0;
  for (const l of lines) {
    const abs = path.join(r.top, l.file);
    const letter = letters.get(l.file) ?? 'M';
    const from = owner(abs);
    if (letter !== 'D') lost.set(from, (lost.get(from) ?? 0) + 1);
    if (listed++ >= FILE_SAMPLE) continue;
    const lineFacts = l.binary ? ['binary file: uncommitted changes lost'] : [`+${l.added} −${l.deleted} uncommitted lines lost`];
    const resource: ResolvedResource =
      letter === 'A'
        ? { id: abs, change: 'destroy', kind: 'file', name: l.file, facts: ['new file, never committed: deleted', l.binary ? 'binary file' : `${l.added} lines lost`] }
        : letter === 'D'
          ? { id: abs, change: 'create', kind: 'file', name: l.file, facts: [`deleted in the working tree: restored from ${against === 'head' ? 'HEAD' : 'the index'}`] }
          : { id: abs, change: 'change', kind: 'file', name: l.file, facts: lineFacts };
    if (from !== abs) resource.from = from;
    r.out.resources.push(resource);
  }
  const treeFacts = [against === 'index' ? 'staged changes are kept' : undefined, tree ? 'untracked files are kept' : undefined].filter((f): f is string => !!f);
  for (const t of tree ? [tree, ...pathTargets] : pathTargets) {
    const n = lost.get(t.id) ?? 0;
    r.out.totals![t.id] = n;
    if (n === 0 || t.kind === 'working tree') {
      r.out.resources.push({ id: t.id, change: n === 0 ? 'read' : t.change, kind: t.kind, name: path.relative(r.top, t.id) || path.basename(t.id), facts: [n === 0 ? 'no uncommitted changes: nothing would be lost' : `${plural(n, 'file')} with uncommitted changes`, ...treeFacts] });
    }
  }
}

// ------------------------------------------------------------------------------------------- clean

/** `git clean`'s own flags, for a dry run that lists exactly what the command would remove. */
function cleanDryRunArgs(action: Action): string[] {
  const { args } = gitSubcommandArgs(action.command);
  const flags: string[] = [];
  const paths: string[] = [];
  let force = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (a === '-e' || a === '--exclude') flags.push('-e', args[++i] ?? '');
    else if (a.startsWith('--exclude=')) flags.push(a);
    else if (a === '--force') force++;
    else if (/^-[a-zA-Z]+/.test(a) && !a.startsWith('--')) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'f') force++;
        else if (c === 'd' || c === 'x' || c === 'X') flags.push(`-${c}`);
        else if (c === 'e') {
          flags.push('-e', a.slice(j + 1) || (args[++i] ?? ''));
          break;
        }
      }
    } else if (!a.startsWith('-')) paths.push(a);
  }
  return ['clean', '--dry-run', ...flags, ...(force >= 2 ? ['-f', '-f'] : []), '--', ...paths];
}

async function clean(r: Request): Promise<void> {
  const target = r.action.targets[0];
  if (r.action.targets.some((t) => unresolvedFailure(r, t) && !t.unresolved?.every((u) => u === 'glob'))) return;
  const out = await gitOut(r, cleanDryRunArgs(r.action));
  const removed: string[] = [];
  const skipped: string[] = [];
  for (const line of out.split('\n')) {
    const rm = /^Would remove (.+)$/.exec(line);
    if (rm) removed.push(rm[1]);
    const sk = /^Would skip repository (.+)$/.exec(line);
    if (sk) skipped.push(sk[1]);
  }
  const targetId = target?.id ?? r.dir;
  if (removed.length === 0) {
    r.out.resources.push({ id: targetId, change: 'read', kind: target?.kind ?? 'untracked files', name: path.basename(targetId), facts: ['no untracked files to remove: nothing would be lost'] });
    r.out.totals![targetId] = 0;
    return;
  }
  const relative = removed.map((p) => p.replace(/\/$/, ''));
  const ignored = new Set(
    (await gitOut(r, ['check-ignore', '-z', '--stdin'], { input: relative.map((p) => p + '\0').join(''), okExitCodes: [1] }))
      .split('\0')
      .filter(Boolean),
  );
  let files = 0;
  let bytes = 0;
  let complete = true;
  for (const [i, rel] of relative.entries()) {
    if (r.signal.aborted) throw new Error('stopped while counting untracked files');
    const abs = path.resolve(r.dir, rel);
    const st = await fs.lstat(abs).catch(() => undefined);
    const w = st ? await walk(abs, st, r.signal) : undefined;
    const n = w ? w.files.length : 1;
    files += n;
    bytes += w?.bytes ?? 0;
    complete &&= w?.complete ?? true;
    if (i >= FILE_SAMPLE) continue;
    const dir = st?.isDirectory() ?? false;
    const facts = [ignored.has(rel) ? 'ignored (in .gitignore)' : 'untracked', dir ? `${w?.complete ? '' : 'more than '}${plural(n, 'file')}, ${humanBytes(w?.bytes ?? 0)}` : humanBytes(w?.bytes ?? 0), 'not in git: cannot be restored'];
    if (w?.gitDirs.length) facts.push('contains a git repository: its history goes too');
    r.out.resources.push({ id: abs, change: 'destroy', kind: dir ? 'directory' : 'file', name: rel, facts, from: targetId, before: { bytes: w?.bytes ?? 0, files: n } });
  }
  const summary = [`${complete ? '' : 'more than '}${plural(files, 'file')} in ${plural(removed.length, 'untracked entry', 'untracked entries')}, ${humanBytes(bytes)}`, 'not in git: cannot be restored'];
  if (skipped.length) summary.push(`nested repositories kept: ${skipped.join(', ')}`);
  r.out.resources.push({ id: targetId, change: 'destroy', kind: target?.kind ?? 'untracked files', name: path.basename(targetId), facts: summary });
  r.out.totals![targetId] = files;
}

// ------------------------------------------------------------------------------------------ stash

async function stashEntries(r: Request): Promise<void> {
  const target = r.action.targets[0];
  if (!target || unresolvedFailure(r, target)) return;
  const listed = (await gitOut(r, ['stash', 'list', '--format=%gd%x1f%H%x1f%s%x1f%cI'])).split('\n').filter(Boolean);
  const entries = listed.map((l) => {
    const [name, sha, subject, date] = l.split('\x1f');
    return { name, sha, subject, date };
  });
  const wanted = r.action.rule === 'git.stash-drop' ? /refs\/(stash@\{\d+\})$/.exec(target.id)?.[1] : undefined;
  const lost = wanted ? entries.filter((e) => e.name === wanted) : entries;
  if (wanted && lost.length === 0) {
    fail(r, target.id, `${r.top} has no ${wanted}: git stash drop would fail`);
    return;
  }
  if (lost.length === 0) {
    r.out.resources.push({ id: target.id, change: 'read', kind: 'stash', name: 'stash', facts: ['the stash is empty: nothing would be lost'] });
    r.out.totals![target.id] = 0;
    return;
  }
  const details = await Promise.all(
    lost.slice(0, STASH_DETAIL).map(async (e) => parseNumstat(await gitOut(r, ['stash', 'show', '--numstat', '-z', '--no-ext-diff', '--no-textconv', e.name]))),
  );
  for (const [i, e] of lost.entries()) {
    const d = details[i];
    const facts = [short(e.sha), day(e.date)];
    if (d) facts.push(`${plural(d.length, 'file')}, +${d.reduce((n, l) => n + (l.added ?? 0), 0)} −${d.reduce((n, l) => n + (l.deleted ?? 0), 0)} lines`);
    facts.push('only findable again among dangling commits');
    r.out.resources.push({ id: `git://local/refs/${e.name}`, change: 'destroy', kind: 'stash entry', name: e.subject, facts, ...(wanted ? {} : { from: target.id }), before: { sha: e.sha, subject: e.subject } });
  }
  r.out.totals![target.id] = lost.length;
}

// ----------------------------------------------------------------------------------------- branch

async function branchForceDelete(r: Request): Promise<void> {
  const refs = r.action.targets.filter((t) => !unresolvedFailure(r, t)).map((t) => ({ t, ref: t.id.replace(/^git:\/\/local\//, '') }));
  const current = (await git(r, ['symbolic-ref', '--quiet', 'HEAD'], { okExitCodes: [1] })).stdout.trim();
  const deleted = refs.map((x) => x.ref);
  for (const { t, ref } of refs) {
    const name = ref.replace(/^refs\/heads\//, '');
    const tip = await commitOf(r, ref);
    if (!tip) {
      fail(r, t.id, `${r.top} has no branch ${name}: git branch -D would fail`);
      continue;
    }
    if (ref === current) {
      r.out.resources.push({ id: t.id, change: 'read', kind: 'branch', name, facts: [`at ${short(tip)}`, `${name} is checked out: git refuses to delete it`] });
      continue;
    }
    const { commits, count } = await commitsBetween(r, [ref], [...everyRefExcept(deleted), 'HEAD'], COMMIT_SAMPLE);
    const facts = [`at ${short(tip)}`, count === 0 ? 'every commit is on another branch or tag: nothing is lost' : `${plural(count, 'commit')} on no other branch, remote-tracking branch or tag`];
    if (count > 0) facts.push('its reflog goes with it');
    r.out.resources.push({ id: t.id, change: 'destroy', kind: 'branch', name, facts, before: { sha: tip } });
    r.out.resources.push(...commits.map((c) => commitResource(t.id, c)));
    r.out.totals![t.id] = count;
  }
}
