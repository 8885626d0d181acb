/** The gate carries live before/after states to the person, and says while it is still reading them. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, type Analyzer } from '../../../src/core';
import { Gate } from '../../../src/gate/gate';
import type { GateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest, Approver, CheckRequest } from '../../../src/gate/types';
import type { Resolution } from '../../../src/preview/live';
import type { ResolvedResource } from '../../../src/preview/types';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

const settings: GateSettings = { policy: DEFAULT_SETTINGS, humanTerminals: 'protectedOnly', approvalTimeoutMs: 60_000, breaker: { maxDestructive: 5, windowMs: 120_000 }, shimExclude: [], shimExtra: [] };
const agentReq = (commandLine: string): CheckRequest => ({ client: 'shim', commandLine, cwd: '/home/dev/project', env: { CLAUDECODE: '1' } });
const resolution = (resources: ResolvedResource[]): Resolution => ({ byAction: new Map([[0, resources]]), failures: [], identities: [], totals: {}, durationMs: 1 });

function gateWith(approver: Approver, resolve: () => Promise<Resolution>, log: (line: string) => void = () => {}): Gate {
  return new Gate({
    analyzer: a,
    settings: () => settings,
    approver,
    audit: { append: async () => undefined },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env, home: '/home/dev', workspaceRoots: ['/home/dev/project'] }),
    resolve,
    log,
  });
}

const rejecting = (asked: ApprovalRequest[]): Approver['ask'] => async (r) => (asked.push(r), { approved: false, requestId: r.id, previewHash: r.previewHash });

test('the states read live travel with the approval request', async () => {
  const asked: ApprovalRequest[] = [];
  const gate = gateWith({ ask: rejecting(asked) }, async () =>
    resolution([
      { id: 'arn:aws:sqs:us-east-1:123456789012:jobs', change: 'destroy', kind: 'sqs queue', name: 'jobs', facts: [], before: { messages: 12 } },
      { id: 'arn:aws:sns:us-east-1:123456789012:alerts', change: 'destroy', kind: 'sns topic', name: 'alerts', facts: [] },
    ]),
  );
  await gate.check(agentReq('aws cloudformation delete-stack --stack-name api'), new AbortController().signal);
  assert.deepEqual(asked[0].states, [{ id: 'arn:aws:sqs:us-east-1:123456789012:jobs', name: 'jobs', change: 'destroy', before: { messages: 12 } }]);
  assert.equal(asked[0].statesOmitted, undefined);
});

test('no state read: the request has no states field, so the panel offers no comparison', async () => {
  const asked: ApprovalRequest[] = [];
  const gate = gateWith({ ask: rejecting(asked) }, async () => resolution([]));
  await gate.check(agentReq('aws cloudformation delete-stack --stack-name api'), new AbortController().signal);
  assert.equal('states' in asked[0], false);
});

test('the approver hears that the live state is being read, then that it is done, before it is asked', async () => {
  const events: string[] = [];
  const gate = gateWith(
    {
      ask: async (r) => (events.push(`ask ${r.id}`), { approved: false, requestId: r.id, previewHash: r.previewHash }),
      onResolving: (info) => {
        events.push(`resolving ${info.id} ${info.agent} ${info.command}`);
        return { done: () => events.push(`done ${info.id}`) };
      },
    },
    async () => (events.push('reading'), resolution([])),
  );
  const r = await gate.check(agentReq('aws cloudformation delete-stack --stack-name api'), new AbortController().signal);
  assert.deepEqual(events, [
    `resolving ${r.requestId} claude-code aws cloudformation delete-stack --stack-name api`,
    'reading',
    `done ${r.requestId}`,
    `ask ${r.requestId}`,
  ]);
});

test('done runs even when reading fails', async () => {
  let done = 0;
  const gate = gateWith({ ask: rejecting([]), onResolving: () => ({ done: () => done++ }) }, async () => {
    throw new Error('boom');
  });
  await assert.rejects(gate.check(agentReq('aws cloudformation delete-stack --stack-name api'), new AbortController().signal), /boom/);
  assert.equal(done, 1);
});

test('a failing progress display is logged and changes nothing', async () => {
  const asked: ApprovalRequest[] = [];
  const logged: string[] = [];
  const gate = gateWith(
    {
      ask: rejecting(asked),
      onResolving: () => {
        throw new Error('no panel');
      },
    },
    async () => resolution([]),
    (line) => logged.push(line),
  );
  const r = await gate.check(agentReq('aws cloudformation delete-stack --stack-name api'), new AbortController().signal);
  assert.equal(r.decidedBy, 'person');
  assert.equal(asked.length, 1);
  assert.match(logged.join('\n'), /progress display failed: Error: no panel/);
});

test('allowed commands are never announced: nothing is read for them', async () => {
  let announced = 0;
  const gate = gateWith({ ask: rejecting([]), onResolving: () => (announced++, { done: () => {} }) }, async () => resolution([]));
  await gate.check(agentReq('git status'), new AbortController().signal);
  assert.equal(announced, 0);
});
