/**
 * The gate and agents' AWS credentials: the panel names which credentials agents hold, and only a
 * person's approval of a destructive AWS request carries a one-time grant.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings, type Analysis, type Analyzer } from '../../../src/core';
import { Gate } from '../../../src/gate/gate';
import type { GateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest, CheckRequest, GateAwsCredentials } from '../../../src/gate/types';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

const GRANT = 'g'.repeat(32);

function harness(approved: boolean, policy = DEFAULT_SETTINGS, humanTerminals: GateSettings['humanTerminals'] = 'protectedOnly') {
  const asked: ApprovalRequest[] = [];
  const offered: Analysis[] = [];
  const creds: GateAwsCredentials = {
    describe: () => 'scoped: session policy denies 12 destructive actions on 1 protected resource',
    offer: (analysis) => (offered.push(analysis), { id: GRANT, note: 'AWS credentials for this one command allow exactly s3:DeleteBucket on arn:aws:s3:::prod-data, for 15 minutes.' }),
  };
  const settings: GateSettings = { policy, humanTerminals, approvalTimeoutMs: 60_000, breaker: { maxDestructive: 50, windowMs: 120_000 }, shimExclude: [], shimExtra: [] };
  const gate = new Gate({
    analyzer: a,
    settings: () => settings,
    approver: { ask: async (r) => (asked.push(r), { approved, requestId: r.id, previewHash: r.previewHash }) },
    audit: { append: async () => {} },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env, home: '/home/dev' }),
    awsCredentials: creds,
  });
  return { gate, asked, offered };
}
const req = (commandLine: string, env: Record<string, string> = { CLAUDECODE: '1' }): CheckRequest => ({ client: 'shim', commandLine, cwd: '/home/dev/project', env });
const live = () => new AbortController().signal;

test('approved: the answer carries the grant, and the agent reads what it allows', async () => {
  const h = harness(true);
  const r = await h.gate.check(req('aws s3api delete-bucket --bucket prod-data'), live());
  assert.equal(r.outcome, 'run');
  assert.equal(r.decidedBy, 'person');
  assert.equal(r.grant, GRANT);
  assert.match(r.message, /a person approved .* AWS credentials for this one command allow exactly s3:DeleteBucket on arn:aws:s3:::prod-data, for 15 minutes\.$/);
  assert.deepEqual(h.offered[0].actions.map((x) => x.operation), ['s3api delete-bucket']);
});

test('the panel shows which credentials agents hold, beside where an AWS command runs', async () => {
  const h = harness(true);
  await h.gate.check(req('aws s3api delete-bucket --bucket prod-data'), live());
  assert.ok(h.asked[0].preview.where.includes("agent AWS credentials · scoped: session policy denies 12 destructive actions on 1 protected resource; the command runs with the agent's session, or once approved with one-time credentials for what is shown"), h.asked[0].preview.where.join(' | '));
});

test('no AWS in the command: no credentials line', async () => {
  const h = harness(true);
  await h.gate.check(req('rm -rf src'), live());
  assert.ok(!h.asked[0].preview.where.some((w) => w.startsWith('agent AWS credentials')));
});

test('declined: no grant', async () => {
  const h = harness(false);
  const r = await h.gate.check(req('aws s3api delete-bucket --bucket prod-data'), live());
  assert.equal(r.outcome, 'blocked');
  assert.equal(r.grant, undefined);
  assert.equal(h.offered.length, 0);
});

test('allowed by policy, or run in a person\u2019s own terminal without asking: no grant', async () => {
  const h = harness(true);
  assert.equal((await h.gate.check(req('aws s3 ls'), live())).grant, undefined);
  const own = await h.gate.check(req('aws s3api delete-bucket --bucket scratch', {}), live());
  assert.equal(own.decidedBy, 'human-terminal');
  assert.equal(own.grant, undefined);
  assert.equal(h.offered.length, 0);
});

test('a person\u2019s own terminal, asked because the bucket is protected: the approval carries a grant too', async () => {
  const h = harness(true, readSettings({ protectedResources: ['arn:aws:s3:::prod-*'] }).settings);
  const r = await h.gate.check(req('aws s3api delete-bucket --bucket prod-data', {}), live());
  assert.equal(r.decidedBy, 'person');
  assert.equal(r.grant, GRANT);
});

test('hooks and tools cannot hand a grant to the command they approve: none is offered to them', async () => {
  const h = harness(true);
  const r = await h.gate.check({ client: 'hook', agent: 'claude-code', commandLine: 'aws s3api delete-bucket --bucket prod-data', cwd: '/home/dev/project', env: {} }, live());
  assert.equal(r.decidedBy, 'person');
  assert.equal(r.grant, undefined);
  assert.equal(h.offered.length, 0);
});
