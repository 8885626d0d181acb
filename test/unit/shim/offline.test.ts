/** The Node client's decision when no gate answers: the core alone, and messages that tell the agent to stop. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analyzer } from '../../../src/core';
import { decideOffline, describeUnreachable, readSnapshot } from '../../../src/shim/offline';
import { forwardedEnv } from '../../../src/shim/environment';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

const agentEnv = { HOME: '/home/dev', CLAUDECODE: '1' };
const defaults = readSnapshot(undefined);
const why = describeUnreachable('/tmp/x/gate.sock', 'ENOENT at /tmp/x/gate.sock');

function offline(tool: string, argv: string[], env: Record<string, string> = agentEnv, settings = defaults) {
  return decideOffline(a, { tool, argv, cwd: '/home/dev/project', env, unreachable: why }, settings);
}

const cases: Array<[tool: string, argv: string[], runs: boolean]> = [
  ['git', ['status'], true],
  ['git', ['commit', '-m', 'wip'], true],
  ['npm', ['test'], true],
  ['terraform', ['plan'], true],
  ['aws', ['s3', 'rb', 's3://prod-data', '--force'], false],
  ['git', ['push', '--force', 'origin', 'main'], false],
  ['terraform', ['destroy', '-auto-approve'], false],
  ['rm', ['-rf', '/home/dev/.ssh'], false],
  ['kubectl', ['delete', 'namespace', 'prod'], false],
];

for (const [tool, argv, runs] of cases) {
  test(`offline, agent terminal: ${tool} ${argv.join(' ')} ${runs ? 'runs' : 'is blocked'}`, () => {
    const d = offline(tool, argv);
    assert.equal(d.run, runs);
    if (!runs) {
      assert.match(d.message, /needs a person's approval, and no approval can be asked for/);
      assert.match(d.message, /socket is gone/);
      assert.match(d.message, /Stop and ask the user/);
      assert.match(d.message, /outside the agent’s terminal/);
    }
  });
}

test('offline, a person’s terminal (no agent marker): protectedOnly lets click-level asks run', () => {
  assert.equal(offline('git', ['push', '--force', 'origin', 'main'], { HOME: '/home/dev' }).run, true);
  const gate = readSnapshotFrom({ humanTerminals: 'gate' });
  assert.equal(offline('git', ['push', '--force', 'origin', 'main'], { HOME: '/home/dev' }, gate).run, false);
});

test('offline: the snapshot’s deny rules and protection apply', () => {
  const s = readSnapshotFrom({ deny: ['git status*'], protectedResources: ['/home/dev/project/**'] });
  const denied = offline('git', ['status'], agentEnv, s);
  assert.equal(denied.run, false);
  assert.match(denied.message, /denied by the rule "git status\*"/);
  // A person's terminal still asks (so blocks) for protected resources offline.
  assert.equal(offline('rm', ['-rf', '/home/dev/project/src'], { HOME: '/home/dev' }, s).run, false);
});

test('offline: an unreadable snapshot means the strictest settings, a missing one the defaults', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-snap-'));
  try {
    assert.equal(readSnapshot(dir).policy.protectEverything, false);
    fs.writeFileSync(path.join(dir, 'policy.json'), '{ not json');
    assert.equal(readSnapshot(dir).policy.protectEverything, true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('why the gate was not reached, in words for the agent', () => {
  assert.match(describeUnreachable(undefined, undefined), /BLAST_RADIUS_IPC is not set/);
  assert.match(describeUnreachable('/s', 'ECONNREFUSED at /s'), /nothing listens/);
  assert.match(describeUnreachable('/s', 'EACCES at /s'), /another user/);
  assert.match(describeUnreachable('/s', 'weird\u001b[31m'), /did not answer \(weird\\u001b\[31m\)/);
});

test('only the variables that matter are forwarded', () => {
  const env = forwardedEnv({ AWS_PROFILE: 'prod', AWS_SECRET_ACCESS_KEY: 'secret', GITHUB_TOKEN: 't', CLAUDECODE: '1', TF_CLI_ARGS_apply: '-auto-approve', PATH: '/bin', HOME: '/h' });
  assert.deepEqual(env, { AWS_PROFILE: 'prod', CLAUDECODE: '1', TF_CLI_ARGS_apply: '-auto-approve', HOME: '/h' });
});

function readSnapshotFrom(section: unknown) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-snap-'));
  try {
    fs.writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(section));
    return readSnapshot(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
