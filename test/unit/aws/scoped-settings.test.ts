/** blastRadius.aws.agentCredentials and friends: read safely, and leaving scoped waits for a person. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readGateSettings, relaxations, sectionOf, strictest } from '../../../src/gate/settings';

const read = (section: Record<string, unknown>) => readGateSettings(section);

test('defaults: passthrough, destructive denied only on protected resources, no role', () => {
  const r = read({});
  assert.deepEqual(r.settings.agentCredentials, { mode: 'passthrough', destructiveEverywhere: false });
  assert.deepEqual(r.problems, []);
});

const readings: Array<[section: Record<string, unknown>, want: object, problem: boolean]> = [
  [{ aws: { agentCredentials: 'scoped' } }, { mode: 'scoped', destructiveEverywhere: false }, false],
  [{ 'aws.agentCredentials': 'scoped', 'aws.destructiveEverywhere': true }, { mode: 'scoped', destructiveEverywhere: true }, false],
  [{ aws: { agentCredentials: 'scoped', agentRoleArn: 'arn:aws:iam::123456789012:role/agents/blast-radius-agent' } }, { mode: 'scoped', roleArn: 'arn:aws:iam::123456789012:role/agents/blast-radius-agent', destructiveEverywhere: false }, false],
  [{ aws: { agentRoleArn: '' } }, { mode: 'passthrough', destructiveEverywhere: false }, false],
  // Malformed values fall back to the safest reading and say so.
  [{ aws: { agentCredentials: 'sometimes' } }, { mode: 'scoped', destructiveEverywhere: false }, true],
  [{ aws: { destructiveEverywhere: 'yes' } }, { mode: 'passthrough', destructiveEverywhere: true }, true],
  [{ aws: { agentRoleArn: 'arn:aws:iam::123456789012:user/alice' } }, { mode: 'passthrough', destructiveEverywhere: false }, true],
  [{ aws: { agentRoleArn: 42 } }, { mode: 'passthrough', destructiveEverywhere: false }, true],
];
for (const [section, want, problem] of readings) {
  test(`reads ${JSON.stringify(section)}`, () => {
    const r = read(section);
    assert.deepEqual(r.settings.agentCredentials, want);
    assert.equal(r.problems.length > 0, problem, r.problems.join(' | '));
  });
}

const scoped = read({ aws: { agentCredentials: 'scoped', destructiveEverywhere: true, agentRoleArn: 'arn:aws:iam::123456789012:role/agent' } }).settings;
const changes: Array<[name: string, next: Record<string, unknown>, relaxes: RegExp | null]> = [
  ['scoped → passthrough relaxes', { aws: { agentCredentials: 'passthrough', destructiveEverywhere: true, agentRoleArn: 'arn:aws:iam::123456789012:role/agent' } }, /full AWS credentials again \(scoped → passthrough\)/],
  ['dropping destructive-everywhere relaxes', { aws: { agentCredentials: 'scoped', destructiveEverywhere: false, agentRoleArn: 'arn:aws:iam::123456789012:role/agent' } }, /destructive actions on unprotected resources/],
  ['another role relaxes', { aws: { agentCredentials: 'scoped', destructiveEverywhere: true, agentRoleArn: 'arn:aws:iam::123456789012:role/admin' } }, /role changes from arn:aws:iam::123456789012:role\/agent to arn:aws:iam::123456789012:role\/admin/],
  ['no role (own identity) relaxes', { aws: { agentCredentials: 'scoped', destructiveEverywhere: true } }, /to your own identity/],
  ['the same settings relax nothing', { aws: { agentCredentials: 'scoped', destructiveEverywhere: true, agentRoleArn: 'arn:aws:iam::123456789012:role/agent' } }, null],
];
for (const [name, next, relaxes] of changes) {
  test(name, () => {
    const r = relaxations(scoped, read(next).settings);
    if (relaxes) assert.ok(r.some((x) => relaxes.test(x)), JSON.stringify(r));
    else assert.deepEqual(r, []);
  });
}

test('passthrough → scoped tightens: applies at once', () => {
  assert.deepEqual(relaxations(read({}).settings, read({ aws: { agentCredentials: 'scoped', destructiveEverywhere: true } }).settings), []);
});

test('while a relaxation waits, the strictest reading keeps scoped, everywhere and the accepted role', () => {
  const next = read({ aws: { agentCredentials: 'passthrough', agentRoleArn: 'arn:aws:iam::123456789012:role/admin' } }).settings;
  const s = strictest(scoped, next);
  assert.deepEqual(s.agentCredentials, { mode: 'scoped', roleArn: 'arn:aws:iam::123456789012:role/agent', destructiveEverywhere: true });
  assert.deepEqual(relaxations(scoped, s), []);
});

test('the agent credentials survive the round trip through a section (snapshot, saved copy)', () => {
  assert.deepEqual(read(sectionOf(scoped)).settings, scoped);
  const plain = read({}).settings;
  assert.deepEqual(read(sectionOf(plain)).settings, plain);
});

test('settings saved by an earlier version (no agentCredentials) count as passthrough', () => {
  const old = { ...scoped };
  delete old.agentCredentials;
  assert.deepEqual(relaxations(old, scoped), []);
  assert.ok(relaxations(scoped, old).some((r) => /scoped → passthrough/.test(r)));
});
