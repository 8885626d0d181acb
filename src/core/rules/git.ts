/**
 * git: reads (status, log, diff, ...) are allowed; local history changes (commit, rebase, branch, stash
 * push) are recoverable writes because the reflog keeps every previous tip; pushes are recoverable writes
 * unless they can lose remote history. What is destroyed for good is work that exists only in the working
 * tree or only in a ref about to be deleted: `reset --hard`, `checkout -- <paths>`, `restore`, `clean -f`,
 * `stash drop`, `branch -D`, force pushes, `reflog expire`, `gc --prune=now`, history rewrites.
 *
 * Decisions:
 * - `fetch` is a recoverable write: it only moves remote-tracking refs (and a refspec's local ref, whose old tip
 *   stays in the reflog); the remote is only read.
 * - `branch -d` is destroy but recoverable: git refuses unless the branch is merged, so its commits survive.
 *   `branch -D` (or `-d --force`) is not recoverable: the branch's reflog goes with it.
 * - `rm` (without -f) is destroy but recoverable: git refuses when the file differs from HEAD, so the content
 *   can be restored from HEAD. `rm -f` is not recoverable; `rm --cached` only touches the index.
 * - `tag -d` is destroy, not recoverable (an annotated tag object is then unreachable).
 * - `gc` is a recoverable write (it only prunes what has been unreachable for two weeks); `gc --prune=now`,
 *   `prune` and `reflog expire` destroy the unreachable commits that recovery relies on.
 * - An unknown subcommand is `unknown`: it may be an alias or a `git-<name>` program.
 */
import type { Action, AnalysisContext, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { has, makeAction, optionValue, parseArgv, resolvePath, type ParsedArgv } from './support';
import {
  localRefTarget,
  parseGitInvocation,
  pathspecTargets,
  workTreeTarget,
  type GitInvocation,
  type GitVerdict,
} from './git-invocation';
import { analyzePush, remoteName } from './git-push';
import { isProgramKey, programSettings } from './git-programs';
import { pathRef, placeOf, writeRecoverable } from './file-targets';

type Rule = (inv: GitInvocation) => GitVerdict;

const read = (rule: string, notes?: string[]): GitVerdict => ({ effect: 'read', rule, notes });
const localWrite = (rule: string, notes?: string[], targets?: Target[]): GitVerdict => ({ effect: 'write', recoverable: true, rule, notes, targets });

/** Commands that only look: history, diffs, the index, refs, objects. */
const READS = [
  'status', 'log', 'diff', 'show', 'blame', 'annotate', 'rev-parse', 'rev-list', 'describe', 'ls-files', 'ls-tree',
  'ls-remote', 'cat-file', 'shortlog', 'whatchanged', 'name-rev', 'merge-base', 'for-each-ref', 'show-ref',
  'show-branch', 'count-objects', 'check-ignore', 'check-attr', 'check-mailmap', 'check-ref-format', 'cherry',
  'range-diff', 'diff-tree', 'diff-files', 'diff-index', 'var', 'version', 'help', 'verify-commit', 'verify-tag',
  'verify-pack', 'request-pull', 'difftool', 'get-tar-commit-id', 'show-index', 'column', 'stripspace',
  'fmt-merge-msg', 'patch-id', 'merge-tree', 'fast-export', 'grep', 'fsck',
];

/** Local writes that the reflog or the object store can undo, or that only add. */
const LOCAL_WRITES: Record<string, string | undefined> = {
  merge: undefined,
  'cherry-pick': undefined,
  revert: undefined,
  am: undefined,
  init: undefined,
  'commit-tree': undefined,
  'write-tree': undefined,
  mktree: undefined,
  mktag: undefined,
  'update-index': 'changes the index only',
  repack: undefined,
  maintenance: undefined,
  'pack-refs': undefined,
  'prune-packed': 'removes loose objects that are already in packs',
  replace: undefined,
  rerere: undefined,
  'merge-file': undefined,
  mergetool: undefined,
  'interpret-trailers': undefined,
  bugreport: 'writes a report file',
  diagnose: 'writes a diagnostics archive',
  'sparse-checkout': undefined,
};

/** Known commands this pack does not analyse: servers, credential plumbing, raw streams, hook runners. */
const NOT_ANALYSED = ['daemon', 'instaweb', 'http-backend', 'upload-pack', 'receive-pack', 'shell', 'credential', 'hook', 'fast-import', 'gui', 'citool', 'p4', 'svn', 'cvsimport', 'quiltimport'];

function p(inv: GitInvocation, withValue: string[] = []): ParsedArgv {
  return parseArgv(inv.args, { withValue });
}

function words(a: ParsedArgv): Word[] {
  return [...a.positionals, ...a.rest];
}

function hadDoubleDash(inv: GitInvocation): boolean {
  return inv.args.some((w) => w.value === '--');
}

/** `--output=<file>` on log/diff/show writes a file; anything else in READS only looks. */
function readCommand(inv: GitInvocation): GitVerdict {
  if (inv.sub === 'grep' && inv.args.some((w) => /^(-O|--open-files-in-pager)/.test(w.value))) {
    return { effect: 'unknown', rule: 'git.grep-pager', notes: ['-O: git opens the matches in a program of the caller’s choosing'] };
  }
  if (inv.sub === 'fsck' && inv.args.some((w) => w.value === '--lost-found')) return localWrite('git.fsck-lost-found');
  const out = optionValue(p(inv, ['--output']), '--output');
  if (out) {
    const ref = pathRef(inv.ctx, out, inv.cwd);
    const recoverable = writeRecoverable(placeOf(ref, inv.ctx));
    return { effect: 'write', recoverable, rule: 'git.output-file', targets: [{ id: ref.path, change: 'change', kind: 'file' }] };
  }
  return read(`git.${inv.sub}`);
}

/** `checkout`'s single argument is a branch unless it looks like, or is, a path. */
function looksLikePath(inv: GitInvocation, w: Word): boolean {
  const v = w.value;
  if (v === '.' || v === '..' || /^(\.\.?\/|\/|:)/.test(v) || /[*?[]/.test(v)) return true;
  if (inv.ctx.exists) return inv.ctx.exists(resolvePath({ ...inv.ctx, cwd: inv.cwd }, v));
  return /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(v);
}

function discardPaths(inv: GitInvocation, paths: Word[], rule: string, operation: string, notes: string[] = []): GitVerdict {
  return {
    effect: 'destroy',
    rule,
    operation,
    targets: pathspecTargets(inv, paths, 'destroy'),
    notes: ['uncommitted changes in these files are lost', ...notes],
  };
}

function checkout(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file']);
  const force = has(a, '-f', '--force');
  const newBranch = optionValue(a, '-b', '-B', '--orphan');
  if (newBranch) {
    if (force) return { effect: 'destroy', rule: 'git.checkout-force', operation: 'checkout -f', targets: [workTreeTarget(inv)], notes: ['-f: uncommitted changes are discarded'] };
    return localWrite('git.checkout-new-branch', undefined, [localRefTarget(`refs/heads/${newBranch.value}`, 'create', 'branch', newBranch.dynamic)]);
  }
  if (has(a, '--pathspec-from-file')) {
    return { effect: 'destroy', rule: 'git.checkout-paths', operation: 'checkout -- <paths>', targets: [{ ...workTreeTarget(inv), unresolved: ['pathspec'] }], notes: ['paths are read from a file'] };
  }
  const pos = a.positionals;
  if (hadDoubleDash(inv)) {
    if (a.rest.length) return discardPaths(inv, a.rest, 'git.checkout-paths', 'checkout -- <paths>');
  } else if (pos.length >= 2) {
    const paths = looksLikePath(inv, pos[0]) ? pos : pos.slice(1);
    return discardPaths(inv, paths, 'git.checkout-paths', 'checkout <tree-ish> <paths>');
  } else if (pos.length === 1 && (looksLikePath(inv, pos[0]) || has(a, '--ours', '--theirs'))) {
    return discardPaths(inv, pos, 'git.checkout-paths', 'checkout <paths>');
  }
  if (has(a, '-p', '--patch')) return { effect: 'destroy', rule: 'git.checkout-patch', operation: 'checkout -p', targets: [workTreeTarget(inv)], notes: ['discards the hunks chosen interactively'] };
  if (force) return { effect: 'destroy', rule: 'git.checkout-force', operation: 'checkout -f', targets: [workTreeTarget(inv)], notes: ['-f: uncommitted changes are discarded'] };
  if (pos.length === 0) return read('git.checkout-status');
  const notes = inv.ctx.exists ? [] : [`if ${pos[0].value} is a file rather than a branch, git discards its uncommitted changes`];
  return localWrite('git.checkout-branch', ['git refuses to switch when uncommitted changes would be overwritten', ...notes]);
}

function switchBranch(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict']);
  if (has(a, '-f', '--force', '--discard-changes')) {
    return { effect: 'destroy', rule: 'git.switch-discard', operation: 'switch --discard-changes', targets: [workTreeTarget(inv)], notes: ['uncommitted changes are discarded'] };
  }
  const created = optionValue(a, '-c', '-C', '--create', '--force-create', '--orphan');
  return localWrite('git.switch', undefined, created ? [localRefTarget(`refs/heads/${created.value}`, 'create', 'branch', created.dynamic)] : undefined);
}

function restore(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-s', '--source', '--pathspec-from-file', '--conflict']);
  const staged = has(a, '-S', '--staged');
  const worktree = has(a, '-W', '--worktree');
  if (staged && !worktree) return localWrite('git.restore-staged', ['changes the index only; the files keep their content']);
  const paths = words(a);
  if (has(a, '--pathspec-from-file')) {
    return { effect: 'destroy', rule: 'git.restore', operation: 'restore', targets: [{ ...workTreeTarget(inv), unresolved: ['pathspec'] }], notes: ['paths are read from a file'] };
  }
  if (paths.length === 0) return read('git.restore-nothing', ['no paths: git restore refuses']);
  return discardPaths(inv, paths, 'git.restore', 'restore');
}

function reset(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['--pathspec-from-file']);
  if (has(a, '--hard')) {
    return { effect: 'destroy', rule: 'git.reset-hard', operation: 'reset --hard', targets: [workTreeTarget(inv)], notes: ['uncommitted changes to tracked files are lost'] };
  }
  const mode = has(a, '--soft') ? 'soft' : has(a, '--keep') ? 'keep' : has(a, '--merge') ? 'merge' : 'mixed';
  return localWrite(`git.reset-${mode}`, ['moves the branch and/or the index; the working tree keeps its changes']);
}

function clean(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-e', '--exclude']);
  if (has(a, '-n', '--dry-run')) return read('git.clean-dry-run');
  const paths = words(a);
  const notes = ['untracked files are not in git: they cannot be restored'];
  if (has(a, '-x')) notes.push('-x: ignored files go too (.env, local settings, build output)');
  if (has(a, '-X')) notes.push('-X: only ignored files (.env and local settings are usually ignored)');
  if (has(a, '-d')) notes.push('-d: untracked directories too');
  if (!has(a, '-f', '--force', '-i', '--interactive')) notes.push('without -f git refuses unless clean.requireForce is false');
  const targets = paths.length ? pathspecTargets(inv, paths, 'destroy', 'untracked files').map((t) => ({ ...t, many: true })) : [{ ...workTreeTarget(inv), kind: 'untracked files' }];
  const flags = inv.args.filter((w) => w.value.startsWith('-') && w.value !== '--').map((w) => w.value).join(' ');
  return { effect: 'destroy', rule: 'git.clean', operation: `clean${flags ? ' ' + flags : ''}`, targets, notes };
}

function stash(inv: GitInvocation): GitVerdict {
  const first = inv.args[0]?.value;
  const sub = first === undefined || first.startsWith('-') ? 'push' : first;
  const entry = inv.args[1]?.value ?? 'stash@{0}';
  switch (sub) {
    case 'list':
    case 'show':
      return read(`git.stash-${sub}`);
    case 'push':
    case 'save':
    case 'create':
    case 'store':
      return localWrite('git.stash-push', ['changes are kept in the stash']);
    case 'apply':
    case 'pop':
    case 'branch':
      return localWrite(`git.stash-${sub}`);
    case 'drop':
      return { effect: 'destroy', rule: 'git.stash-drop', operation: 'stash drop', targets: [localRefTarget(`refs/${entry.replace(/^refs\//, '')}`, 'destroy', 'stash entry')], notes: ['a dropped stash can only be found again among dangling commits'] };
    case 'clear':
      return { effect: 'destroy', rule: 'git.stash-clear', operation: 'stash clear', targets: [{ ...localRefTarget('refs/stash', 'destroy', 'stash entry'), many: true }], notes: ['every stash entry is dropped'] };
  }
  return { effect: 'unknown', rule: 'git.stash-unknown', operation: `stash ${sub}` };
}

function branch(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-u', '--set-upstream-to', '--sort', '--format', '--points-at']);
  const names = words(a);
  const remote = has(a, '-r', '--remotes');
  if (has(a, '-d', '--delete', '-D')) {
    const force = has(a, '-D') || has(a, '-f', '--force');
    if (remote) {
      const targets = names.map((n) => localRefTarget(`refs/remotes/${n.value}`, 'destroy', 'remote-tracking branch', n.dynamic));
      return { effect: 'destroy', recoverable: true, rule: 'git.branch-delete-remote-tracking', operation: 'branch -d -r', targets, notes: ['remote-tracking refs come back with the next fetch'] };
    }
    const targets = names.map((n) => localRefTarget(`refs/heads/${n.value}`, 'destroy', 'branch', n.dynamic));
    if (force) return { effect: 'destroy', rule: 'git.branch-force-delete', operation: 'branch -D', targets, notes: ['unmerged commits on the branch become unreachable; its reflog is deleted'] };
    return { effect: 'destroy', recoverable: true, rule: 'git.branch-delete', operation: 'branch -d', targets, notes: ['git refuses unless the branch is merged'] };
  }
  if (has(a, '-m', '-M', '--move', '-c', '-C', '--copy')) {
    const forced = has(a, '-M', '-C');
    return localWrite('git.branch-rename', forced ? ['forced: replaces a branch of the new name if there is one'] : undefined);
  }
  if (has(a, '-u', '--set-upstream-to', '--unset-upstream', '--edit-description')) return localWrite('git.branch-upstream');
  const listing = has(a, '-l', '--list', '-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--show-current', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '--format', '--sort', '--column');
  if (listing || names.length === 0) return read('git.branch-list');
  const force = has(a, '-f', '--force');
  return localWrite('git.branch-create', force ? ['-f: moves the branch if it exists (its old tip stays in the reflog)'] : undefined, [localRefTarget(`refs/heads/${names[0].value}`, force ? 'change' : 'create', 'branch', names[0].dynamic)]);
}

function tag(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-m', '--message', '-F', '--file', '-u', '--local-user', '--sort', '--format', '--points-at', '--cleanup', '--trailer']);
  const names = words(a);
  if (has(a, '-d', '--delete')) {
    const targets = names.map((n) => localRefTarget(`refs/tags/${n.value}`, 'destroy', 'tag', n.dynamic));
    return { effect: 'destroy', rule: 'git.tag-delete', operation: 'tag -d', targets, notes: ['deletes the local tag; remotes it was pushed to keep theirs'] };
  }
  const listing = has(a, '-l', '--list', '-n', '-v', '--verify', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at');
  if (listing || names.length === 0) return read('git.tag-list');
  const force = has(a, '-f', '--force');
  return localWrite('git.tag-create', force ? ['-f: replaces a tag of that name'] : undefined, [localRefTarget(`refs/tags/${names[0].value}`, force ? 'change' : 'create', 'tag', names[0].dynamic)]);
}

function worktree(inv: GitInvocation): GitVerdict {
  const sub = inv.args[0]?.value;
  const rest = parseArgv(inv.args.slice(1), { withValue: ['-b', '-B', '--reason'] });
  const paths = words(rest);
  if (sub === undefined || sub === 'list') return read('git.worktree-list');
  if (sub === 'remove') {
    const targets = paths.slice(0, 1).map((w) => ({ ...pathspecTargets(inv, [w], 'destroy', 'working tree')[0], many: true }));
    if (has(rest, '-f', '--force')) return { effect: 'destroy', rule: 'git.worktree-remove-force', operation: 'worktree remove --force', targets, notes: ['uncommitted and untracked files in that working tree are lost'] };
    return { effect: 'destroy', recoverable: true, rule: 'git.worktree-remove', operation: 'worktree remove', targets, notes: ['git refuses when the working tree has changes'] };
  }
  if (['add', 'move', 'lock', 'unlock', 'prune', 'repair'].includes(sub)) return localWrite(`git.worktree-${sub}`);
  return { effect: 'unknown', rule: 'git.worktree-unknown', operation: `worktree ${sub}` };
}

function remote(inv: GitInvocation): GitVerdict {
  const sub = inv.args.find((w) => !w.value.startsWith('-'))?.value;
  if (sub === undefined || sub === 'show' || sub === 'get-url') return read('git.remote-list');
  if (sub === 'remove' || sub === 'rm') return localWrite('git.remote-remove', ['deletes the remote’s settings and remote-tracking refs; nothing on the remote changes']);
  if (['add', 'rename', 'set-url', 'set-head', 'set-branches', 'prune', 'update'].includes(sub)) return localWrite(`git.remote-${sub}`);
  return { effect: 'unknown', rule: 'git.remote-unknown', operation: `remote ${sub}` };
}

const CONFIG_READ_OPTIONS = ['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '-l', '--list', '--show-origin', '--show-scope'];
const CONFIG_WRITE_OPTIONS = ['--unset', '--unset-all', '--add', '--replace-all', '--rename-section', '--remove-section', '-e', '--edit'];

function config(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value']);
  const pos = words(a);
  const style = ['get', 'list', 'set', 'unset', 'rename-section', 'remove-section', 'edit'].includes(pos[0]?.value ?? '') ? pos.shift()!.value : undefined;
  const reads = style ? style === 'get' || style === 'list' : has(a, ...CONFIG_READ_OPTIONS) || (!has(a, ...CONFIG_WRITE_OPTIONS) && pos.length <= 1);
  if (reads) return read('git.config-get');
  const scope = has(a, '--system') ? 'system' : has(a, '--global') ? 'global' : optionValue(a, '-f', '--file') ? 'file' : 'local';
  const key = pos[0]?.value ?? '';
  const notes: string[] = [];
  const targets: Target[] = [];
  if (scope === 'global') targets.push({ id: resolvePath(inv.ctx, '~/.gitconfig'), change: 'change', kind: 'git config' });
  if (scope === 'system') targets.push({ id: '/etc/gitconfig', change: 'change', kind: 'git config' });
  if (scope === 'file') {
    const f = optionValue(a, '-f', '--file')!;
    targets.push({ id: resolvePath({ ...inv.ctx, cwd: inv.cwd }, f.value), change: 'change', kind: 'git config' });
  }
  if (isProgramKey(key)) notes.push(`${key}: later git commands will run or load what it names`);
  const recoverable = scope === 'local' && !isProgramKey(key);
  if (scope === 'global' || scope === 'system') notes.push(`--${scope}: applies to every repository`);
  return { effect: 'write', recoverable, rule: `git.config-set${scope === 'local' ? '' : '-' + scope}`, operation: `config${scope === 'local' ? '' : ' --' + scope} ${key}`.trim(), targets, notes };
}

function reflog(inv: GitInvocation): GitVerdict {
  const sub = inv.args[0]?.value;
  if (sub === 'expire' || sub === 'delete') {
    if (inv.args.some((w) => w.value === '-n' || w.value === '--dry-run')) return read('git.reflog-dry-run');
    return { effect: 'destroy', rule: `git.reflog-${sub}`, operation: `reflog ${sub}`, targets: [{ ...localRefTarget('logs/*', 'destroy', 'reflog'), many: true }], notes: ['removes the record that lets lost commits be found again'] };
  }
  return read('git.reflog');
}

function gc(inv: GitInvocation): GitVerdict {
  const prune = optionValue(p(inv), '--prune')?.value;
  if (prune === 'now' || prune === 'all') {
    return { effect: 'destroy', rule: 'git.gc-prune-now', operation: `gc --prune=${prune}`, targets: [{ ...localRefTarget('objects/unreachable', 'destroy', 'unreachable objects'), many: true }], notes: ['deletes unreachable commits now: dropped stashes and deleted branches cannot be recovered'] };
  }
  return localWrite('git.gc', ['prunes only objects unreachable for two weeks']);
}

function prune(inv: GitInvocation): GitVerdict {
  if (inv.args.some((w) => w.value === '-n' || w.value === '--dry-run')) return read('git.prune-dry-run');
  return { effect: 'destroy', rule: 'git.prune', operation: 'prune', targets: [{ ...localRefTarget('objects/unreachable', 'destroy', 'unreachable objects'), many: true }], notes: ['deletes unreachable objects: dropped stashes and deleted branches cannot be recovered'] };
}

function rewriteHistory(inv: GitInvocation): GitVerdict {
  if (inv.sub === 'filter-repo' && inv.args.some((w) => w.value === '--analyze' || w.value === '--dry-run')) return read('git.filter-repo-analyze');
  return {
    effect: 'destroy',
    rule: `git.${inv.sub}`,
    operation: inv.sub!,
    targets: [{ ...localRefTarget('refs/*', 'change', 'ref'), many: true }],
    notes: ['rewrites history: every rewritten branch gets new commits, and pushing them needs --force', ...(inv.sub === 'filter-branch' ? ['filters run shell commands'] : [])],
  };
}

function updateRef(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-m']);
  const ref = a.positionals[0];
  if (has(a, '--stdin')) return { effect: 'unknown', rule: 'git.update-ref-stdin', operation: 'update-ref --stdin', notes: ['ref updates are read from standard input'] };
  if (has(a, '-d')) return { effect: 'destroy', rule: 'git.update-ref-delete', operation: 'update-ref -d', targets: ref ? [localRefTarget(ref.value, 'destroy', 'ref', ref.dynamic)] : [], notes: ['deletes the ref without any merge check'] };
  return localWrite('git.update-ref', ['the old value stays in the reflog'], ref ? [localRefTarget(ref.value, 'change', 'ref', ref.dynamic)] : undefined);
}

function symbolicRef(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['-m']);
  if (has(a, '-d', '--delete')) return { effect: 'destroy', rule: 'git.symbolic-ref-delete', operation: 'symbolic-ref --delete', targets: a.positionals.slice(0, 1).map((r) => localRefTarget(r.value, 'destroy', 'ref', r.dynamic)) };
  return a.positionals.length >= 2 ? localWrite('git.symbolic-ref') : read('git.symbolic-ref');
}

function gitRm(inv: GitInvocation): GitVerdict {
  const a = p(inv, ['--pathspec-from-file']);
  if (has(a, '-n', '--dry-run')) return read('git.rm-dry-run');
  const paths = words(a);
  const recursive = has(a, '-r');
  const targets = pathspecTargets(inv, paths, 'destroy').map((t) => (recursive ? { ...t, many: true } : t));
  if (has(a, '--cached')) return localWrite('git.rm-cached', ['removes from the index only; the files stay'], targets.map((t) => ({ ...t, change: 'change' as const })));
  if (has(a, '-f', '--force')) return { effect: 'destroy', rule: 'git.rm-force', operation: 'rm -f', targets, notes: ['-f: uncommitted changes in these files are lost'] };
  return { effect: 'destroy', recoverable: true, rule: 'git.rm', operation: recursive ? 'rm -r' : 'rm', targets, notes: ['git refuses unless the files match HEAD, so their content can be restored from it'] };
}

function gitMv(inv: GitInvocation): GitVerdict {
  const a = p(inv);
  if (has(a, '-n', '--dry-run')) return read('git.mv-dry-run');
  const paths = words(a);
  if (has(a, '-f', '--force') && paths.length >= 2) {
    return { effect: 'destroy', rule: 'git.mv-force', operation: 'mv -f', targets: pathspecTargets(inv, paths.slice(-1), 'change'), notes: ['-f: replaces the destination if it exists'] };
  }
  return localWrite('git.mv');
}

function submodule(inv: GitInvocation): GitVerdict {
  const first = inv.args.findIndex((w) => !w.value.startsWith('-'));
  const sub = first < 0 ? undefined : inv.args[first].value;
  const rest = first < 0 ? [] : inv.args.slice(first + 1).map((w) => w.value);
  if (sub === undefined || sub === 'status' || sub === 'summary') return read('git.submodule-status');
  if (sub === 'foreach') return { effect: 'unknown', rule: 'git.submodule-foreach', operation: 'submodule foreach', notes: ['runs a shell command in every submodule'] };
  const force = rest.includes('-f') || rest.includes('--force');
  if (sub === 'deinit') {
    if (force || rest.includes('--all')) return { effect: 'destroy', rule: 'git.submodule-deinit-force', operation: 'submodule deinit', targets: [workTreeTarget(inv)], notes: ['removes submodule working trees, local changes included'] };
    return { effect: 'destroy', recoverable: true, rule: 'git.submodule-deinit', operation: 'submodule deinit', notes: ['git refuses when the submodule has local changes'] };
  }
  if (sub === 'update' && force) return { effect: 'destroy', rule: 'git.submodule-update-force', operation: 'submodule update --force', targets: [workTreeTarget(inv)], notes: ['discards local changes in submodules'] };
  if (['add', 'init', 'update', 'sync', 'absorbgitdirs', 'set-branch', 'set-url'].includes(sub)) return localWrite(`git.submodule-${sub}`);
  return { effect: 'unknown', rule: 'git.submodule-unknown', operation: `submodule ${sub}` };
}

function lfs(inv: GitInvocation): GitVerdict {
  const sub = inv.args[0]?.value;
  const rest = inv.args.slice(1).map((w) => w.value);
  if (sub === undefined || ['ls-files', 'status', 'env', 'version', 'logs', 'locks', 'ext', 'fsck', 'clean', 'smudge', 'filter-process', 'pointer'].includes(sub)) return read(`git.lfs-${sub ?? 'help'}`);
  if (sub === 'track' && rest.length === 0) return read('git.lfs-track-list');
  if (sub === 'migrate') {
    if (rest[0] === 'info' || rest.includes('--dry-run')) return read('git.lfs-migrate-info');
    return { effect: 'destroy', rule: 'git.lfs-migrate', operation: `lfs migrate ${rest[0] ?? ''}`.trim(), targets: [{ ...localRefTarget('refs/*', 'change', 'ref'), many: true }], notes: ['rewrites history; pushing it needs --force'] };
  }
  if (sub === 'prune') return { effect: 'destroy', recoverable: true, rule: 'git.lfs-prune', operation: 'lfs prune', notes: ['removes local copies of LFS objects that the remote has'] };
  if (sub === 'push') return { effect: 'write', recoverable: true, rule: 'git.lfs-push', operation: 'lfs push', notes: ['uploads LFS objects; refs do not move'] };
  if (['fetch', 'pull', 'checkout', 'install', 'uninstall', 'track', 'untrack', 'lock', 'unlock', 'update', 'dedup', 'post-checkout', 'post-commit', 'post-merge', 'pre-push'].includes(sub)) return localWrite(`git.lfs-${sub}`);
  return { effect: 'unknown', rule: 'git.lfs-unknown', operation: `lfs ${sub}` };
}

function remoteWhere(inv: GitInvocation, a: ParsedArgv): string {
  const r = a.positionals[0];
  return r ? remoteName(inv, r) : 'origin';
}

const RULES: Record<string, Rule> = {
  push: analyzePush,
  fetch: (inv) => {
    const a = p(inv, ['--depth', '--deepen', '--shallow-since', '--shallow-exclude', '-j', '--jobs', '--upload-pack', '--negotiation-tip', '--server-option', '-o', '--refmap', '--filter']);
    const notes = ['updates remote-tracking refs; the remote is only read'];
    if (a.positionals.slice(1).some((w) => /^\+?[^:]*:.+/.test(w.value))) notes.push('the refspec updates a local ref; its old tip stays in the reflog');
    if (has(a, '--all')) return { ...localWrite('git.fetch', notes), where: 'all remotes' };
    return { ...localWrite('git.fetch', notes), where: remoteWhere(inv, a) };
  },
  pull: (inv) => {
    const a = p(inv, ['-s', '--strategy', '-X', '--strategy-option', '--depth', '--upload-pack', '-j', '--jobs']);
    return { ...localWrite('git.pull', ['merges or rebases into the current branch; git refuses when uncommitted changes would be overwritten']), where: remoteWhere(inv, a) };
  },
  clone: (inv) => {
    const a = p(inv, ['-b', '--branch', '-o', '--origin', '--depth', '--reference', '--reference-if-able', '--separate-git-dir', '-c', '--config', '-j', '--jobs', '--filter', '--shallow-since', '--shallow-exclude', '--bundle-uri', '--server-option', '--ref-format', '--revision', '-u', '--upload-pack', '--template']);
    const [url, dir] = words(a);
    const name = dir?.value ?? (url ? url.value.replace(/\/+$/, '').replace(/\.git$/, '').split(/[/:]/).pop() ?? '' : '');
    const targets: Target[] = name ? [{ id: resolvePath({ ...inv.ctx, cwd: inv.cwd }, name), change: 'create', kind: 'directory', ...(dir?.dynamic || url?.dynamic ? { unresolved: ['value'] } : {}) }] : [];
    return { ...localWrite('git.clone', undefined, targets), where: url ? remoteName(inv, url) : undefined };
  },
  add: (inv) => (inv.args.some((w) => w.value === '-n' || w.value === '--dry-run') ? read('git.add-dry-run') : localWrite('git.add')),
  commit: (inv) => {
    const amend = inv.args.some((w) => w.value === '--amend');
    if (inv.args.some((w) => w.value === '--dry-run')) return read('git.commit-dry-run');
    return amend ? { ...localWrite('git.commit-amend', ['replaces the last commit locally; the old one stays in the reflog']), operation: 'commit --amend' } : localWrite('git.commit');
  },
  rebase: (inv) => {
    if (inv.args.some((w) => /^(-x|--exec)(=|$)/.test(w.value))) return { effect: 'unknown', rule: 'git.rebase-exec', operation: 'rebase --exec', notes: ['runs a shell command after every commit'] };
    return localWrite('git.rebase', ['rewrites local commits; the old ones stay in the reflog']);
  },
  bisect: (inv) => {
    const sub = inv.args[0]?.value;
    if (sub === 'run') return { effect: 'unknown', rule: 'git.bisect-run', operation: 'bisect run', notes: ['runs a command on every step'] };
    if (sub === undefined || ['log', 'view', 'visualize', 'terms', 'help'].includes(sub)) return read('git.bisect-log');
    return localWrite('git.bisect');
  },
  apply: (inv) => {
    const only = ['--check', '--stat', '--numstat', '--summary'];
    if (inv.args.some((w) => only.includes(w.value)) && !inv.args.some((w) => w.value === '--apply')) return read('git.apply-check');
    return localWrite('git.apply');
  },
  'read-tree': (inv) =>
    inv.args.some((w) => w.value === '--reset') && inv.args.some((w) => w.value === '-u')
      ? { effect: 'destroy', rule: 'git.read-tree-reset', operation: 'read-tree --reset -u', targets: [workTreeTarget(inv)], notes: ['overwrites the working tree'] }
      : localWrite('git.read-tree'),
  'checkout-index': (inv) =>
    inv.args.some((w) => w.value === '--force' || /^-[a-zA-Z]*f[a-zA-Z]*$/.test(w.value))
      ? { effect: 'destroy', rule: 'git.checkout-index-force', operation: 'checkout-index -f', targets: [workTreeTarget(inv)], notes: ['overwrites files in the working tree'] }
      : localWrite('git.checkout-index'),
  'hash-object': (inv) => (inv.args.some((w) => w.value === '-w') ? localWrite('git.hash-object-write') : read('git.hash-object')),
  archive: (inv) => {
    const out = optionValue(p(inv, ['-o', '--output', '--prefix', '--format', '--remote']), '-o', '--output');
    if (!out) return read('git.archive');
    const ref = pathRef(inv.ctx, out, inv.cwd);
    return { effect: 'write', recoverable: writeRecoverable(placeOf(ref, inv.ctx)), rule: 'git.archive-output', targets: [{ id: ref.path, change: 'change', kind: 'file' }] };
  },
  'format-patch': (inv) => (inv.args.some((w) => w.value === '--stdout') ? read('git.format-patch-stdout') : localWrite('git.format-patch', ['writes patch files'])),
  bundle: (inv) => (['verify', 'list-heads'].includes(inv.args[0]?.value ?? '') ? read('git.bundle-verify') : localWrite('git.bundle')),
  'send-email': () => ({ effect: 'write', recoverable: false, rule: 'git.send-email', notes: ['sends email'] }),
  notes: (inv) => (['list', 'show', 'get-ref', undefined].includes(inv.args[0]?.value) ? read('git.notes-list') : localWrite('git.notes')),
  checkout: checkout,
  switch: switchBranch,
  restore,
  reset,
  clean,
  stash,
  branch,
  tag,
  worktree,
  remote,
  config,
  reflog,
  gc,
  prune,
  'filter-branch': rewriteHistory,
  'filter-repo': rewriteHistory,
  'update-ref': updateRef,
  'symbolic-ref': symbolicRef,
  rm: gitRm,
  mv: gitMv,
  submodule,
  lfs,
};

function verdict(inv: GitInvocation): GitVerdict {
  if (inv.unknownOption) return { effect: 'unknown', rule: 'git.unknown-option', notes: [`${inv.unknownOption}: a global option this pack does not know`] };
  if (!inv.sub) return read('git.help', inv.answersItself ? [`${inv.answersItself}: git answers without running a command`] : undefined);
  if (inv.subDynamic) return { effect: 'unknown', rule: 'git.dynamic-subcommand', notes: [`${inv.sub}: subcommand known only at run time`] };
  const programs = programSettings(inv);
  if (programs.length) return { effect: 'unknown', rule: 'git.runs-program', notes: programs };
  if (inv.answersItself === '--help' || inv.answersItself === '-h' || inv.args[0]?.value === '--help' || (inv.args.length === 1 && inv.args[0].value === '-h')) {
    return read('git.help');
  }
  const rule = RULES[inv.sub];
  if (rule) return rule(inv);
  if (READS.includes(inv.sub)) return readCommand(inv);
  if (inv.sub in LOCAL_WRITES) {
    const note = LOCAL_WRITES[inv.sub];
    return localWrite(`git.${inv.sub}`, note ? [note] : undefined);
  }
  if (NOT_ANALYSED.includes(inv.sub) || inv.sub.startsWith('credential-')) return { effect: 'unknown', rule: 'git.not-analysed', notes: [`git ${inv.sub} is not analysed`] };
  return { effect: 'unknown', rule: 'git.unknown-subcommand', notes: [`${inv.sub}: not a git command this pack knows (an alias or a git-${inv.sub} program?)`] };
}

function toAction(inv: GitInvocation, v: GitVerdict): Action {
  const ctx: AnalysisContext = inv.ctx;
  const cmd: SimpleCommand = inv.cmd;
  return makeAction(cmd, ctx, {
    operation: v.operation ?? inv.sub ?? 'git',
    effect: v.effect,
    recoverable: v.recoverable ?? false,
    targets: v.targets,
    rule: v.rule,
    notes: v.notes,
    context: { cwd: inv.cwd, ...(v.where ? { where: v.where } : {}) },
  });
}

export const gitRules: RulePack = {
  name: 'git',
  tools: ['git'],
  analyze(cmd, ctx) {
    const inv = parseGitInvocation(cmd, ctx);
    return [toAction(inv, verdict(inv))];
  },
};
