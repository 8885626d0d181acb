/**
 * The file-system live preview against real files: a git repository holding a tree of 1,000 files
 * (600 committed, one of them changed since, 400 untracked), globs, `find -delete`, overwrites, and
 * files outside any repository. Counts and bytes are checked exactly; nothing may change on disk.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action, AnalysisContext } from '../../../src/core';
import { walk } from '../../../src/preview/file-walk';
import { FILE_SAMPLE, filesResolver } from '../../../src/preview/files';
import type { ResolvedResource, ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { needs } from '../support/tools';

const skip = needs('git');

let root: string;
let proj: string;
let data: string;
/** Every file of the tree with its size and whether git can restore it. */
const tree: Array<{ file: string; size: number; restorable: boolean }> = [];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** The whole tree's names, sizes and modification times: what a read-only preview must leave alone. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      const st = fs.lstatSync(p);
      out.push(`${p} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) visit(p);
    }
  };
  visit(dir);
  return out.join('\n');
}

function context(cwd: string): AnalysisContext {
  return { cwd, home: os.homedir(), exists: (p) => fs.existsSync(p), isDirectory: (p) => fs.existsSync(p) && fs.statSync(p).isDirectory() };
}

async function actionFor(line: string, cwd: string): Promise<Action> {
  const actions = (await analyzer()).analyze(line, context(cwd)).actions.filter((a) => filesResolver.handles(a));
  assert.equal(actions.length, 1, `${line}: ${JSON.stringify((await analyzer()).analyze(line, context(cwd)).actions.map((a) => a.rule))}`);
  return actions[0];
}

async function preview(line: string, cwd = proj, signal = new AbortController().signal): Promise<ResolverResult> {
  const action = await actionFor(line, cwd);
  const before = snapshot(root);
  const result = await filesResolver.resolve({ action, ctx: { ...context(cwd), env: { GIT_CONFIG_GLOBAL: '/dev/null' } }, signal });
  assert.equal(snapshot(root), before, `${line}: the preview changed the files`);
  return result;
}

function one(r: ResolverResult, id: string): ResolvedResource {
  const found = r.resources.filter((x) => x.id === id);
  assert.equal(found.length, 1, `expected one resource ${id}, got ${JSON.stringify(r.resources.map((x) => x.id))}`);
  return found[0];
}

describe('files live preview', { skip }, () => {
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-files-')));
    proj = path.join(root, 'proj');
    data = path.join(proj, 'data');
    git(root, 'init', '-q', '-b', 'main', proj);
    for (let i = 0; i < 1000; i++) {
      const file = path.join(data, `d${i % 10}`, `f${i}.txt`);
      const size = (i * 37) % 500 + 1;
      write(file, 'x'.repeat(size));
      tree.push({ file, size, restorable: i < 600 });
    }
    git(proj, 'add', '--', ...tree.slice(0, 600).map((t) => t.file));
    write(path.join(proj, 'tracked.md'), 'committed\n');
    write(path.join(proj, 'other.md'), 'will be replaced\n');
    git(proj, 'add', 'tracked.md', 'other.md');
    git(proj, 'commit', '-q', '-m', 'data');
    // Changed since the last commit: git can bring back the committed version, not the change.
    fs.appendFileSync(tree[0].file, 'y');
    tree[0].size += 1;
    tree[0].restorable = false;
    for (const n of ['a.log', 'b.log', 'c.log', '.hidden.log', 'keep.txt']) write(path.join(proj, 'logs', n), n);
    write(path.join(proj, 'notes.md'), 'my notes, never committed\n');
    write(path.join(root, 'outside', 'x.bin'), 'z'.repeat(2048));
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('rm -rf data: 1,000 files, bytes exact, 599 restorable, 401 lost for good, a sample of 20', async () => {
    const r = await preview('rm -rf data');
    assert.deepEqual(r.failures, []);
    const bytes = tree.reduce((n, t) => n + t.size, 0);
    const lostBytes = tree.filter((t) => !t.restorable).reduce((n, t) => n + t.size, 0);
    const summary = one(r, data);
    assert.deepEqual(summary.before, { files: 1000, bytes, complete: true });
    assert.equal(summary.kind, 'directory');
    assert.equal(summary.change, 'destroy');
    assert.deepEqual(summary.facts.slice(1), ['599 files tracked and committed: git can restore them', `401 files untracked or changed (${(lostBytes / 1000).toFixed(0)} kB): lost for good`]);
    assert.match(summary.facts[0], /^1,000 files, 2\d\d kB$/);
    assert.deepEqual(r.totals, { [data]: 1000 });

    const sample = r.resources.filter((x) => x.from === data);
    assert.equal(sample.length, FILE_SAMPLE);
    const expected = [...tree].sort((a, b) => Number(a.restorable) - Number(b.restorable) || b.size - a.size || a.file.localeCompare(b.file)).slice(0, FILE_SAMPLE);
    assert.deepEqual(
      sample.map((x) => [x.id, (x.before as { bytes: number }).bytes]),
      expected.map((t) => [t.file, t.size]),
    );
    assert.ok(sample.every((x) => x.facts[1] === 'untracked: not in git, lost for good'));
  });

  test('rm of single files: tracked and committed, changed since, untracked', async () => {
    const r = await preview(`rm tracked.md ${path.relative(proj, tree[0].file)} notes.md`);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(one(r, path.join(proj, 'tracked.md')).facts, ['10 B', 'tracked and committed: git can restore it']);
    assert.deepEqual(one(r, tree[0].file).facts[1], 'changed since the last commit: the changes are lost for good');
    assert.deepEqual(one(r, path.join(proj, 'notes.md')).facts, ['26 B', 'untracked: not in git, lost for good']);
    assert.deepEqual(r.totals, {});
  });

  test('a glob is expanded like the shell: hidden files only when named', async () => {
    const r = await preview('rm logs/*.log');
    assert.deepEqual(r.failures, []);
    const glob = path.join(proj, 'logs/*.log');
    assert.deepEqual(
      r.resources.map((x) => [x.id, x.from]),
      ['a.log', 'b.log', 'c.log'].map((n) => [path.join(proj, 'logs', n), glob]),
    );
    assert.deepEqual(r.totals, { [glob]: 3 });
  });

  test('find data -name "*7.txt" -delete counts what its tests select', async () => {
    const r = await preview("find data -name '*7.txt' -delete");
    assert.deepEqual(r.failures, []);
    const selected = tree.filter((t) => t.file.endsWith('7.txt'));
    assert.equal(selected.length, 100);
    assert.deepEqual(one(r, data).before, { files: 100, bytes: selected.reduce((n, t) => n + t.size, 0), complete: true });
    assert.deepEqual(r.totals, { [data]: 100 });
  });

  test('find with a test it cannot evaluate says so rather than counting everything', async () => {
    const r = await preview('find data -newer tracked.md -delete');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0].message, /^find's tests are not evaluated here/);
  });

  test('a truncating redirect onto an untracked file; onto a new file', async () => {
    const r = await preview('echo hi > notes.md');
    assert.deepEqual(one(r, path.join(proj, 'notes.md')).facts, ['26 B', 'untracked: not in git, lost for good']);
    assert.equal(one(r, path.join(proj, 'notes.md')).change, 'change');
    const fresh = await preview('echo hi > fresh.txt');
    assert.deepEqual(one(fresh, path.join(proj, 'fresh.txt')).change, 'create');
  });

  test('mv onto an existing committed file: it is replaced, and git can restore it', async () => {
    const r = await preview('mv notes.md other.md');
    assert.deepEqual(r.failures, []);
    const replaced = one(r, path.join(proj, 'other.md'));
    assert.equal(replaced.change, 'change');
    assert.deepEqual(replaced.facts, ['17 B', 'tracked and committed: git can restore it', `replaced by ${path.join(proj, 'notes.md')}`]);
  });

  test('outside any repository nothing can be restored by git', async () => {
    const r = await preview('rm -r outside', root);
    assert.deepEqual(one(r, path.join(root, 'outside')).facts, ['1 file, 2.0 kB', 'not in a git repository: none can be restored by git']);
    assert.deepEqual(r.totals, { [path.join(root, 'outside')]: 1 });
  });

  test('rm -rf of the repository itself: its history goes too', async () => {
    const r = await preview('rm -rf proj', root);
    assert.ok(one(r, proj).facts.some((f) => f.startsWith(`holds a git repository (${proj})`)));
  });

  describe('failures', () => {
    test('a missing path', async () => {
      const r = await preview('rm -r gone');
      assert.deepEqual(r.failures, [{ target: path.join(proj, 'gone'), message: `${path.join(proj, 'gone')} does not exist: there is nothing there to remove` }]);
    });

    test('a glob that matches nothing', async () => {
      const r = await preview('rm logs/*.tmp');
      assert.match(r.failures[0].message, /matches nothing now/);
    });

    test('a path known only at run time', async () => {
      const r = await preview('rm -rf "$BUILD_DIR"');
      assert.match(r.failures[0].message, /is known only at run time \(value\): not read$/);
    });

    test('an aborted signal stops the walk', async () => {
      const controller = new AbortController();
      controller.abort(new Error('time limit'));
      const action = await actionFor('rm -rf data', proj);
      await assert.rejects(filesResolver.resolve({ action, ctx: context(proj), signal: controller.signal }), /stopped|not started|time limit/);
    });

    test('the walk stops at its limit and says the counts are lower bounds', async () => {
      const w = await walk(data, fs.lstatSync(data), new AbortController().signal, 100);
      assert.equal(w.complete, false);
      assert.ok(w.files.length <= 100);
    });
  });
});
