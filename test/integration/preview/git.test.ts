/**
 * The git live preview against real repositories: a bare remote and clones made in the setup, with
 * fixed authors and dates so commits can be checked entry by entry. After each preview the repository
 * must be unchanged (refs, index, working tree): the resolver only reads.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action, AnalysisContext } from '../../../src/core';
import { gitResolver } from '../../../src/preview/git';
import { resolveAnalysis } from '../../../src/preview/live';
import type { ResolvedResource, ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { needs } from '../support/tools';

const skip = needs('git');

let root: string;
let remote: string;
let clock = 0;

/** Every commit gets the next minute of 2025-01-01 as its date, so dates are known exactly. */
function nextDate(): string {
  const d = new Date(Date.UTC(2025, 0, 1, 0, clock++));
  return d.toISOString().replace('.000Z', '+00:00');
}

function git(cwd: string, ...args: string[]): string {
  const date = nextDate();
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Lovelace',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Lovelace',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
}

function commit(cwd: string, file: string, content: string, subject: string): { sha: string; subject: string; date: string } {
  fs.mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
  fs.writeFileSync(path.join(cwd, file), content);
  git(cwd, 'add', '--', file);
  git(cwd, 'commit', '-q', '-m', subject);
  const [sha, date] = git(cwd, 'log', '-1', '--format=%H%x00%aI').trim().split('\0');
  return { sha, subject, date };
}

function clone(name: string): string {
  const dir = path.join(root, name);
  git(root, 'clone', '-q', remote, dir);
  git(dir, 'config', 'user.name', 'Ada Lovelace');
  git(dir, 'config', 'user.email', 'ada@example.com');
  return dir;
}

/** Refs, index and status: what a read-only preview must leave as it found it. */
function snapshot(dir: string): string {
  return [git(dir, 'for-each-ref'), git(dir, 'status', '--porcelain=v1', '--ignored', '-uall'), fs.readFileSync(path.join(dir, '.git', 'index')).toString('base64'), git(dir, 'stash', 'list')].join('\n');
}

async function actionFor(line: string, cwd: string): Promise<Action> {
  const ctx: AnalysisContext = { cwd, home: os.homedir() };
  const a = (await analyzer()).analyze(line, ctx).actions.find((x) => x.tool === 'git');
  assert.ok(a, `no git action for ${line}`);
  assert.ok(gitResolver.handles(a), `the git resolver does not handle ${line} (${a.rule})`);
  return a;
}

async function preview(line: string, cwd: string, signal = new AbortController().signal): Promise<ResolverResult> {
  const action = await actionFor(line, cwd);
  const before = snapshot(cwd);
  const result = await gitResolver.resolve({ action, ctx: { cwd, home: os.homedir(), env: { GIT_CONFIG_GLOBAL: '/dev/null' } }, signal });
  assert.equal(snapshot(cwd), before, `${line}: the preview changed the repository`);
  return result;
}

function byKind(r: ResolverResult, kind: string): ResolvedResource[] {
  return r.resources.filter((x) => x.kind === kind);
}

function one(r: ResolverResult, id: string): ResolvedResource {
  const found = r.resources.filter((x) => x.id === id);
  assert.equal(found.length, 1, `expected one resource ${id}, got ${JSON.stringify(r.resources.map((x) => x.id))}`);
  return found[0];
}

describe('git live preview', { skip }, () => {
  let work: string;
  let base: { sha: string };
  let dropped: Array<{ sha: string; subject: string; date: string }>;
  let feature: Array<{ sha: string; subject: string; date: string }>;
  let stale: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-git-')));
    remote = path.join(root, 'remote.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = path.join(root, 'seed');
    git(root, 'init', '-q', '-b', 'main', seed);
    base = commit(seed, 'README.md', 'hello\n', 'Initial commit');
    git(seed, 'remote', 'add', 'origin', remote);
    git(seed, 'push', '-q', 'origin', 'main');

    // A clone that sees only the first commit: the remote moves on without it fetching.
    stale = clone('stale');

    work = clone('work');
    dropped = [commit(work, 'a.txt', 'a\n', 'Add a'), commit(work, 'b.txt', 'b\n', 'Add b'), commit(work, 'c.txt', 'c\n', 'Add c')];
    git(work, 'push', '-q', 'origin', 'main');
    git(work, 'checkout', '-q', '-b', 'feature');
    feature = [commit(work, 'f1.txt', '1\n', 'Feature part 1'), commit(work, 'f2.txt', '2\n', 'Feature part 2')];
    git(work, 'push', '-q', 'origin', 'feature');
    // The local main is rewritten: it no longer holds a, b, c.
    git(work, 'checkout', '-q', 'main');
    git(work, 'reset', '-q', '--hard', base.sha);
    commit(work, 'rewrite.txt', 'r\n', 'Rewrite history');
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('git push --force origin main lists exactly the 3 commits origin would lose', async () => {
    const r = await preview('git push --force origin main', work);
    assert.deepEqual(r.failures, []);
    const id = 'git://origin/refs/heads/main';
    const ref = one(r, id);
    assert.equal(ref.change, 'change');
    assert.ok(ref.facts.includes('3 commits would be dropped from origin'), ref.facts.join(' | '));
    assert.ok(ref.facts.includes(`at ${dropped[2].sha.slice(0, 7)} on origin`));
    const commits = byKind(r, 'commit');
    assert.deepEqual(
      commits.map((c) => ({ id: c.id, change: c.change, name: c.name, facts: c.facts, from: c.from })),
      [...dropped].reverse().map((c) => ({
        id: `${id}@${c.sha}`,
        change: 'destroy',
        name: c.subject,
        facts: [c.sha.slice(0, 7), 'Ada Lovelace <ada@example.com>', c.date.slice(0, 10)],
        from: id,
      })),
    );
    assert.deepEqual(r.totals, { [id]: 3 });
  });

  test('git push origin +feature:main pushes the local feature, which holds a, b and c: nothing is dropped', async () => {
    const r = await preview('git push origin +feature:main', work);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(byKind(r, 'commit'), []);
    const facts = one(r, 'git://origin/refs/heads/main').facts;
    assert.ok(facts.includes(`would be ${feature[1].sha.slice(0, 7)} (feature)`), facts.join(' | '));
    assert.ok(facts.includes('nothing is dropped: the push only adds commits'));
    assert.deepEqual(r.totals, { 'git://origin/refs/heads/main': 0 });
  });

  test('git push --force-with-lease (no refspec) resolves the current branch and its upstream', async () => {
    const r = await preview('git push --force-with-lease', work);
    assert.deepEqual(r.failures, []);
    assert.equal(byKind(r, 'commit').length, 3);
    assert.deepEqual(r.totals, { 'git://origin/refs/heads/main': 3 });
  });

  test('a force push onto a ref the remote does not have creates it: nothing is lost', async () => {
    const r = await preview('git push -f origin main:refs/heads/brand-new', work);
    assert.deepEqual(r.failures, []);
    const ref = one(r, 'git://origin/refs/heads/brand-new');
    assert.equal(ref.change, 'create');
    assert.match(ref.facts[0], /origin has no refs\/heads\/brand-new: the push creates it/);
    assert.equal(byKind(r, 'commit').length, 0);
  });

  test('a clone that never fetched the new commits says so instead of an empty list', async () => {
    const r = await preview('git push --force origin main', stale);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].message, /^remote not fetched, commits known locally only: origin's refs\/heads\/main is at [0-9a-f]{7}, which this clone does not have; listing from [0-9a-f]{7} as last fetched/);
    assert.equal(r.failures[0].target, 'git://origin/refs/heads/main');
  });

  test('git push origin --delete feature lists the commits not merged into origin’s default branch', async () => {
    const r = await preview('git push origin --delete feature', work);
    assert.deepEqual(r.failures, []);
    const id = 'git://origin/refs/heads/feature';
    const ref = one(r, id);
    assert.equal(ref.change, 'destroy');
    assert.ok(ref.facts.includes('2 commits not merged into main'), ref.facts.join(' | '));
    assert.deepEqual(
      byKind(r, 'commit').map((c) => [c.id, c.name]),
      [...feature].reverse().map((c) => [`${id}@${c.sha}`, c.subject]),
    );
    assert.deepEqual(r.totals, { [id]: 2 });
  });

  test('a remote that cannot be read is a failure line', async () => {
    const r = await preview(`git push --force ${path.join(root, 'nowhere.git')} main`, work);
    assert.ok(r.failures.some((f) => /^could not read the remote .*nowhere\.git: git ls-remote failed \(exit 128\)/.test(f.message)), JSON.stringify(r.failures));
  });

  describe('uncommitted work', () => {
    let dir: string;
    before(() => {
      dir = clone('dirty');
      commit(dir, 'src/one.ts', 'a\nb\nc\n', 'one');
      commit(dir, 'src/two.ts', '1\n2\n3\n4\n', 'two');
      fs.writeFileSync(path.join(dir, 'src/one.ts'), 'a\nB\nc\nd\n'); // +2 −1
      fs.writeFileSync(path.join(dir, 'src/two.ts'), '1\n'); // +0 −3
      fs.writeFileSync(path.join(dir, 'scratch.txt'), 'untracked\n');
    });

    test('git reset --hard: the 2 modified files with their numstat; untracked files are kept', async () => {
      const r = await preview('git reset --hard', dir);
      assert.deepEqual(r.failures, []);
      assert.deepEqual(
        byKind(r, 'file').map((f) => [f.id, f.change, f.facts]),
        [
          [path.join(dir, 'src/one.ts'), 'change', ['+2 −1 uncommitted lines lost']],
          [path.join(dir, 'src/two.ts'), 'change', ['+0 −3 uncommitted lines lost']],
        ],
      );
      const tree = one(r, dir);
      assert.deepEqual(tree.facts, ['2 files with uncommitted changes', 'untracked files are kept']);
      assert.deepEqual(r.totals, { [dir]: 2 });
    });

    test('git checkout -- src/one.ts: only that file; staged changes survive', async () => {
      const r = await preview('git checkout -- src/one.ts', dir);
      assert.deepEqual(
        byKind(r, 'file').map((f) => [f.id, f.facts]),
        [[path.join(dir, 'src/one.ts'), ['+2 −1 uncommitted lines lost']]],
      );
      assert.deepEqual(r.totals, { [path.join(dir, 'src/one.ts')]: 1 });
    });

    test('git restore on a clean file: nothing would be lost, said so', async () => {
      commit(dir, 'clean.txt', 'x\n', 'clean file');
      const r = await preview('git restore clean.txt', dir);
      assert.deepEqual(r.failures, []);
      assert.deepEqual(one(r, path.join(dir, 'clean.txt')).facts, ['no uncommitted changes: nothing would be lost', 'staged changes are kept']);
    });
  });

  describe('git clean', () => {
    let dir: string;
    before(() => {
      dir = clone('untracked');
      commit(dir, '.gitignore', '*.log\nbuild/\n', 'ignore logs and build');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'twelve bytes');
      fs.writeFileSync(path.join(dir, 'debug.log'), 'x'.repeat(100));
      fs.mkdirSync(path.join(dir, 'build'));
      fs.writeFileSync(path.join(dir, 'build/app.bin'), 'y'.repeat(1000));
      fs.writeFileSync(path.join(dir, 'build/app.map'), 'z'.repeat(10));
      fs.mkdirSync(path.join(dir, 'drafts'));
      fs.writeFileSync(path.join(dir, 'drafts/idea.md'), 'idea');
    });

    test('git clean -fdx: untracked and ignored files, folders counted file by file', async () => {
      const r = await preview('git clean -fdx', dir);
      assert.deepEqual(r.failures, []);
      const entries = r.resources.filter((x) => x.from === dir).map((x) => [x.name, x.kind, x.facts]);
      assert.deepEqual(entries, [
        ['build', 'directory', ['ignored (in .gitignore)', '2 files, 1.0 kB', 'not in git: cannot be restored']],
        ['debug.log', 'file', ['ignored (in .gitignore)', '100 B', 'not in git: cannot be restored']],
        ['drafts', 'directory', ['untracked', '1 file, 4 B', 'not in git: cannot be restored']],
        ['notes.txt', 'file', ['untracked', '12 B', 'not in git: cannot be restored']],
      ]);
      assert.deepEqual(one(r, dir).facts, ['5 files in 4 untracked entries, 1.1 kB', 'not in git: cannot be restored']);
      assert.deepEqual(r.totals, { [dir]: 5 });
    });

    test('git clean -f: without -d and -x only the untracked file at the top', async () => {
      const r = await preview('git clean -f', dir);
      assert.deepEqual(
        r.resources.filter((x) => x.from === dir).map((x) => x.name),
        ['notes.txt'],
      );
      assert.deepEqual(r.totals, { [dir]: 1 });
    });
  });

  describe('stash', () => {
    let dir: string;
    before(() => {
      dir = clone('stashes');
      commit(dir, 's.txt', 'one\n', 's');
      fs.writeFileSync(path.join(dir, 's.txt'), 'one\ntwo\n');
      git(dir, 'stash', 'push', '-q', '-m', 'first idea');
      fs.writeFileSync(path.join(dir, 's.txt'), 'uno\n');
      git(dir, 'stash', 'push', '-q', '-m', 'second idea');
    });

    test('git stash clear: every entry with its size', async () => {
      const r = await preview('git stash clear', dir);
      assert.deepEqual(r.failures, []);
      assert.deepEqual(
        byKind(r, 'stash entry').map((s) => [s.id, s.name, s.facts.slice(2)]),
        [
          ['git://local/refs/stash@{0}', 'On main: second idea', ['1 file, +1 −1 lines', 'only findable again among dangling commits']],
          ['git://local/refs/stash@{1}', 'On main: first idea', ['1 file, +1 −0 lines', 'only findable again among dangling commits']],
        ],
      );
      assert.deepEqual(r.totals, { 'git://local/refs/stash': 2 });
    });

    test('git stash drop stash@{1}: that entry only; a missing entry is a failure line', async () => {
      const r = await preview('git stash drop stash@{1}', dir);
      assert.deepEqual(byKind(r, 'stash entry').map((s) => s.name), ['On main: first idea']);
      const missing = await preview('git stash drop stash@{7}', dir);
      assert.match(missing.failures[0].message, /has no stash@\{7\}: git stash drop would fail$/);
    });
  });

  describe('git branch -D', () => {
    let dir: string;
    let unmerged: Array<{ sha: string; subject: string }>;
    before(() => {
      dir = clone('branches');
      git(dir, 'checkout', '-q', '-b', 'spike');
      unmerged = [commit(dir, 'spike1.txt', '1', 'Spike one'), commit(dir, 'spike2.txt', '2', 'Spike two')];
      git(dir, 'checkout', '-q', '-b', 'merged', 'main');
      git(dir, 'checkout', '-q', 'main');
    });

    test('lists the commits no other branch, remote-tracking branch or tag holds', async () => {
      const r = await preview('git branch -D spike merged', dir);
      assert.deepEqual(r.failures, []);
      assert.ok(one(r, 'git://local/refs/heads/spike').facts.includes('2 commits on no other branch, remote-tracking branch or tag'));
      assert.ok(one(r, 'git://local/refs/heads/merged').facts.includes('every commit is on another branch or tag: nothing is lost'));
      assert.deepEqual(
        byKind(r, 'commit').map((c) => [c.id, c.name]),
        [...unmerged].reverse().map((c) => [`git://local/refs/heads/spike@${c.sha}`, c.subject]),
      );
      assert.deepEqual(r.totals, { 'git://local/refs/heads/spike': 2, 'git://local/refs/heads/merged': 0 });
    });

    test('commits held only by two branches deleted together are counted', async () => {
      git(dir, 'branch', 'spike-copy', 'spike');
      try {
        const r = await preview('git branch -D spike spike-copy', dir);
        assert.equal(r.totals!['git://local/refs/heads/spike'], 2);
        const alone = await preview('git branch -D spike', dir);
        assert.equal(alone.totals!['git://local/refs/heads/spike'], 0);
      } finally {
        git(dir, 'branch', '-D', 'spike-copy');
      }
    });

    test('a branch that does not exist is a failure line', async () => {
      const r = await preview('git branch -D nope', dir);
      assert.match(r.failures[0].message, /has no branch nope: git branch -D would fail$/);
    });
  });

  describe('failures', () => {
    test('not a git repository', async () => {
      const plain = fs.mkdtempSync(path.join(root, 'plain-'));
      const r = await preview_noRepo('git reset --hard', plain);
      assert.deepEqual(r.failures, [{ target: plain, message: `${plain} is not in a git repository: nothing to read` }]);
      assert.deepEqual(r.resources, []);
    });

    test('an aborted signal stops the resolver, and the live preview shows the failure line', async () => {
      const controller = new AbortController();
      controller.abort(new Error('time limit'));
      const action = await actionFor('git push --force origin main', work);
      await assert.rejects(gitResolver.resolve({ action, ctx: { cwd: work }, signal: controller.signal }), /stopped|not started/);
      // Through the live preview, stopped while git runs (the time limit hit mid-flight).
      const analysis = (await analyzer()).analyze('git push --force origin main', { cwd: work });
      const midway = new AbortController();
      const pending = resolveAnalysis(analysis, { cwd: work }, [gitResolver], { timeoutMs: 5000, signal: midway.signal });
      setImmediate(() => midway.abort(new Error('cancelled')));
      const resolution = await pending;
      assert.equal(resolution.failures.length, 1);
      assert.match(resolution.failures[0].message, /^could not read git:\/\/origin\/refs\/heads\/main: /);
      assert.equal(resolution.byAction.size, 0);
    });
  });
});

/** For a directory that is not a repository: no snapshot to compare. */
async function preview_noRepo(line: string, cwd: string): Promise<ResolverResult> {
  const action = await actionFor(line, cwd);
  return gitResolver.resolve({ action, ctx: { cwd }, signal: new AbortController().signal });
}
