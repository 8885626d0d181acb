/** The shim folder: which tools get a shim, what a script contains, how the folder is kept up to date. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruledTools, type Analyzer } from '../../../src/core';
import { defaultShimTools, installShims, POLICY_SNAPSHOT, toolsNamedByDenyRules, UNSHIMMED_TOOLS, writePolicySnapshot } from '../../../src/shim/install';
import { CHILDREN_WITHOUT_SHIMS, isShimmableName, SHIM_MARKER, shimScript } from '../../../src/shim/scripts';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

test('default shims: every ruled tool except builtins, wrappers and pure readers', () => {
  const tools = defaultShimTools();
  for (const t of ['aws', 'git', 'terraform', 'kubectl', 'rm', 'mv', 'cp', 'find', 'sed', 'sort', 'curl', 'npm', 'node', 'python3', 'psql', 'docker', 'kill', 'date']) {
    assert.ok(tools.includes(t), `${t} is shimmed`);
  }
  for (const t of ['cd', 'export', 'source', '[', '.', 'ls', 'cat', 'grep', 'head', 'echo', 'env', 'which']) {
    assert.ok(!tools.includes(t), `${t} is not shimmed`);
  }
  assert.ok(tools.every(isShimmableName));
});

test('every tool left unshimmed is one the core has rules for (the list does not go stale)', () => {
  const ruled = new Set(ruledTools());
  assert.deepEqual([...UNSHIMMED_TOOLS].filter((t) => !ruled.has(t)), []);
});

const BUILTINS = new Set(['.', '[', 'alias', 'cd', 'dirs', 'export', 'hash', 'history', 'jobs', 'popd', 'pushd', 'set', 'shopt', 'source', 'trap', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait', 'env']);

test('the pure readers left unshimmed only read, whatever options they get', () => {
  const problems: string[] = [];
  const ctx = { cwd: '/home/dev/project', home: '/home/dev', env: { HOME: '/home/dev' }, workspaceRoots: ['/home/dev/project'] };
  const suffixes = ['', 'x', '-o out.txt x', '--output=out.txt x', '-i x', '-w out.txt', '-s 2020-01-01', 'a b', '-r a b', '-C -m x'];
  for (const tool of UNSHIMMED_TOOLS) {
    if (BUILTINS.has(tool)) continue;
    for (const s of suffixes) {
      const analysis = a.analyze(`${tool} ${s}`.trim(), ctx);
      const bad = analysis.actions.filter((x) => x.effect !== 'read');
      if (bad.length > 0) problems.push(`${tool} ${s}: ${bad.map((x) => `${x.effect} ${x.rule}`).join(', ')}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('a script names its tool, never reads stdin, and strips the shims from PATH only for plumbing tools', () => {
  const git = shimScript('git', { version: '1.2.3' });
  assert.match(git, /^#!\/bin\/sh\n# Blast Radius shim for `git` \(version 1\.2\.3\)/);
  assert.match(git, /^t='git'$/m);
  assert.match(git, /run\(\) \{ PATH=\$rp; export PATH; exec "\$r" "\$@"; \}/);
  const tf = shimScript('terraform', { version: '1' });
  assert.match(tf, /run\(\) \{ exec "\$r" "\$@"; \}/);
  assert.match(tf, /TF_CLI_ARGS_\$\{1\}/);
  assert.doesNotMatch(git, /TF_CLI_ARGS_\$\{1\}/);
  assert.match(git, new RegExp(`-e "\\$d/${SHIM_MARKER.replace('.', '\\.')}"`));
  // Only the client invocation touches stdin, and it gets /dev/null.
  assert.match(git, /"\$n" "\$c" "\$t" "\$@" <\/dev\/null >&2/);
  const code = git.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
  assert.doesNotMatch(code, /(^|[;&|]\s*)read\b/m);
  for (const t of CHILDREN_WITHOUT_SHIMS) assert.match(shimScript(t, { version: '1' }), /PATH=\$rp/);
  assert.throws(() => shimScript("x'; rm -rf ~; '", { version: '1' }));
  assert.throws(() => shimScript('[', { version: '1' }));
  assert.throws(() => shimScript('-rf', { version: '1' }));
});

test('installShims writes executable scripts, a marker, removes stale shims only, and is idempotent', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-shims-'));
  try {
    await installShims(dir, ['git', 'aws', 'rm'], { version: '1.0.0' });
    for (const t of ['git', 'aws', 'rm']) {
      const st = fs.statSync(path.join(dir, t));
      assert.equal(st.mode & 0o777, 0o755, t);
    }
    assert.match(fs.readFileSync(path.join(dir, SHIM_MARKER), 'utf8'), /1\.0\.0/);
    fs.writeFileSync(path.join(dir, 'mytool'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    await writePolicySnapshot(dir, { deny: ['git push*'] });

    const before = fs.statSync(path.join(dir, 'git')).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await installShims(dir, ['git', 'terraform'], { version: '1.0.0' });
    assert.equal(fs.statSync(path.join(dir, 'git')).mtimeMs, before, 'an unchanged script is not rewritten');
    assert.ok(fs.existsSync(path.join(dir, 'terraform')));
    assert.ok(!fs.existsSync(path.join(dir, 'aws')), 'a tool no longer listed loses its shim');
    assert.ok(!fs.existsSync(path.join(dir, 'rm')));
    assert.ok(fs.existsSync(path.join(dir, 'mytool')), 'a file we did not write stays');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, POLICY_SNAPSHOT), 'utf8')), { deny: ['git push*'] });

    await installShims(dir, ['git', 'terraform'], { version: '1.0.1' });
    assert.match(fs.readFileSync(path.join(dir, 'git'), 'utf8'), /version 1\.0\.1/, 'a new version rewrites');
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('installShims skips names a shim cannot carry', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-shims-'));
  try {
    await installShims(dir, ['git', '../evil', '[', 'a b']);
    assert.deepEqual(fs.readdirSync(dir).sort(), [SHIM_MARKER, 'git'].sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('deny rules switch the fast path off for the tools they name', async () => {
  const tools = ['git', 'kubectl', 'aws'];
  assert.deepEqual(toolsNamedByDenyRules(['kubectl get secrets*', 'git push --force*'], tools), ['git', 'kubectl']);
  assert.deepEqual(toolsNamedByDenyRules(['*secrets*'], tools), tools);
  assert.deepEqual(toolsNamedByDenyRules([], tools), []);
  assert.match(shimScript('kubectl', { version: '1', noFastPath: true }), /^fast\(\) \{ return 1; \}$/m);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-shims-'));
  try {
    await installShims(dir, tools, { withoutFastPath: ['kubectl'] });
    assert.match(fs.readFileSync(path.join(dir, 'kubectl'), 'utf8'), /^fast\(\) \{ return 1; \}$/m);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'git'), 'utf8'), /^fast\(\) \{ return 1; \}$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
