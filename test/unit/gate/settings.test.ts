/** The gate's own settings, and which changes count as relaxing protection (held for a person). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectAgent } from '../../../src/gate/agents';
import { readGateSettings, relaxations, sectionOf, strictest } from '../../../src/gate/settings';

test('defaults', () => {
  const { settings, problems } = readGateSettings({});
  assert.equal(settings.humanTerminals, 'protectedOnly');
  assert.equal(settings.approvalTimeoutMs, 300_000);
  assert.deepEqual(settings.breaker, { maxDestructive: 5, windowMs: 120_000 });
  assert.deepEqual(problems, []);
});

const bad: Array<[section: Record<string, unknown>, check: (s: ReturnType<typeof readGateSettings>) => void]> = [
  [{ humanTerminals: 'sometimes' }, (r) => assert.equal(r.settings.humanTerminals, 'gate')],
  [{ approvalTimeoutSeconds: -1 }, (r) => assert.equal(r.settings.approvalTimeoutMs, 300_000)],
  [{ approvalTimeoutSeconds: '60' }, (r) => assert.equal(r.settings.approvalTimeoutMs, 300_000)],
  [{ circuitBreaker: { maxDestructive: 0 } }, (r) => assert.equal(r.settings.breaker.maxDestructive, 5)],
  [{ 'circuitBreaker.windowMinutes': 'x' }, (r) => assert.equal(r.settings.breaker.windowMs, 120_000)],
  [{ shims: { exclude: 'aws' } }, (r) => assert.deepEqual(r.settings.shimExclude, [])],
  [{ shims: { exclude: ['aws; rm -rf /'] } }, (r) => assert.deepEqual(r.settings.shimExclude, [])],
];
for (const [section, check] of bad) {
  test(`malformed ${JSON.stringify(section)} falls back safely and says so`, () => {
    const r = readGateSettings(section);
    check(r);
    assert.ok(r.problems.length > 0);
  });
}

const base = readGateSettings({ protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate' }).settings;
const changes: Array<[name: string, next: Record<string, unknown>, relaxes: RegExp | null]> = [
  ['adding protection tightens', { protectedResources: ['s3://prod-*', '/srv/**', '~/.ssh/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate' }, null],
  ['removing a protected glob relaxes', { protectedResources: ['s3://prod-*'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate' }, /stop protecting \/srv/],
  ['removing a deny rule relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate' }, /stop denying/],
  ['an allow rule relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], allow: ['rm *'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate' }, /allow without asking: rm \*/],
  ['unprotecting an account relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], humanTerminals: 'gate' }, /stop protecting AWS account prod/],
  ['human terminals off relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'off' }, /human terminals: gate → off/],
  ['unshimming a tool relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate', shims: { exclude: ['terraform'] } }, /stop intercepting terraform/],
  ['a higher bulk threshold relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate', bulkThreshold: 50 }, /bulk threshold/],
  ['a lower bulk threshold tightens', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate', bulkThreshold: 3 }, null],
  ['a breaker that trips later relaxes', { protectedResources: ['s3://prod-*', '/srv/**'], deny: ['terraform destroy*'], aws: { accounts: { '123456789012': { name: 'prod', protected: true } } }, humanTerminals: 'gate', circuitBreaker: { maxDestructive: 50 } }, /circuit breaker trips later/],
];
for (const [name, next, relaxes] of changes) {
  test(name, () => {
    const r = relaxations(base, readGateSettings(next).settings);
    if (relaxes) assert.ok(r.some((x) => relaxes.test(x)), JSON.stringify(r));
    else assert.deepEqual(r, []);
  });
}

const agents: Array<[env: Record<string, string>, agent: string | undefined]> = [
  [{}, undefined],
  [{ CLAUDECODE: '1' }, 'claude-code'],
  [{ CLINE_ACTIVE: 'true' }, 'cline'],
  [{ ROO_ACTIVE: '1' }, 'roo'],
  [{ CURSOR_AGENT: '1' }, 'cursor'],
  [{ COPILOT_AGENT: '1' }, 'copilot'],
  [{ AI_AGENT: 'aider' }, 'aider'],
  [{ AI_AGENT: '1' }, 'agent'],
  [{ AI_AGENT: '<script>' }, 'agent'],
  [{ CLAUDECODE: '0' }, undefined],
  [{ CLAUDECODE: '' }, undefined],
];
for (const [env, agent] of agents) test(`agent marker ${JSON.stringify(env)} → ${agent}`, () => assert.equal(detectAgent(env), agent));

test('the strictest of two readings keeps every protection of either', () => {
  const a = readGateSettings({ protectedResources: ['/a'], deny: ['x*'], allow: ['p', 'q'], bulkThreshold: 20, humanTerminals: 'off', shims: { exclude: ['git', 'rm'] } }).settings;
  const b = readGateSettings({ protectedResources: ['/b'], allow: ['q'], bulkThreshold: 30, unknownTools: 'ask', humanTerminals: 'gate', shims: { exclude: ['git'] } }).settings;
  const s = strictest(a, b);
  assert.deepEqual(s.policy.protectedResources, ['/a', '/b']);
  assert.deepEqual(s.policy.deny, ['x*']);
  assert.deepEqual(s.policy.allow, ['q']);
  assert.equal(s.policy.bulkThreshold, 20);
  assert.equal(s.policy.unknownTools, 'ask');
  assert.equal(s.humanTerminals, 'gate');
  assert.deepEqual(s.shimExclude, ['git']);
  // Moving from either reading to the strictest never relaxes anything.
  assert.deepEqual(relaxations(a, s), []);
  assert.deepEqual(relaxations(b, s), []);
});

test('settings survive the round trip through a section (the shim snapshot and the saved copy)', () => {
  const s = readGateSettings({ protectedResources: ['/a'], deny: ['x*'], allow: ['y'], bulkThreshold: 7, unknownTools: 'ask', aws: { accounts: { '123456789012': { name: 'p', protected: true } } }, humanTerminals: 'gate', approvalTimeoutSeconds: 60, circuitBreaker: { maxDestructive: 2, windowMinutes: 5 }, shims: { exclude: ['git'], extra: ['mytool'] } }).settings;
  assert.deepEqual(readGateSettings(sectionOf(s)).settings, s);
  const strict = { ...s, policy: { ...s.policy, protectEverything: true } };
  assert.equal(readGateSettings(sectionOf(strict)).settings.policy.protectEverything, true);
});
