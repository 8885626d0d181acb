/** The gate, headless: a scripted approver stands in for the person, an array for the audit log. */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings, type Analyzer } from '../../../src/core';
import { Gate } from '../../../src/gate/gate';
import type { GateSettings } from '../../../src/gate/settings';
import type { GateStatus } from '../../../src/gate/status';
import type { ApprovalAnswer, ApprovalRequest, Approver, AuditEntry, CheckRequest } from '../../../src/gate/types';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

type Script = (r: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>;
const approve: Script = async (r) => ({ approved: true, requestId: r.id, previewHash: r.previewHash });
const reject: Script = async (r) => ({ approved: false, requestId: r.id, previewHash: r.previewHash });
const never: Script = (_r, signal) => new Promise((_, fail) => signal.addEventListener('abort', () => fail(signal.reason)));

function settings(over: Partial<GateSettings> = {}, policy = DEFAULT_SETTINGS): GateSettings {
  return { policy, humanTerminals: 'protectedOnly', approvalTimeoutMs: 60_000, breaker: { maxDestructive: 5, windowMs: 120_000 }, shimExclude: [], shimExtra: [], ...over };
}

function harness(script: Script, s = settings(), auditFails = false) {
  const asked: ApprovalRequest[] = [];
  const audit: AuditEntry[] = [];
  const statuses: GateStatus[] = [];
  const approver: Approver = { ask: (r, signal) => (asked.push(r), script(r, signal)) };
  let clock = 1_000_000;
  const gate = new Gate({
    analyzer: a,
    settings: () => s,
    approver,
    audit: { append: async (e) => { if (auditFails) throw new Error('disk full'); audit.push(e); } },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env, home: '/home/dev', workspaceRoots: ['/home/dev/project'] }),
    now: () => (clock += 1000),
  });
  gate.status.on((st) => statuses.push(st));
  return { gate, asked, audit, statuses };
}

const agentReq = (commandLine: string, env: Record<string, string> = { CLAUDECODE: '1' }): CheckRequest => ({ client: 'shim', commandLine, cwd: '/home/dev/project', env });
const live = () => new AbortController().signal;

test('an allowed command runs without asking anyone, and is recorded', async () => {
  const h = harness(never);
  const r = await h.gate.check(agentReq('git status'), live());
  assert.equal(r.outcome, 'run');
  assert.equal(r.decidedBy, 'policy');
  assert.equal(h.asked.length, 0);
  assert.equal(h.audit.length, 1);
  assert.equal(h.audit[0].agent, 'claude-code');
  assert.equal(h.audit[0].decidedBy, 'policy');
});

test('a shim request is rebuilt from argv, quoting preserved', async () => {
  const h = harness(approve);
  await h.gate.check({ client: 'shim', tool: 'rm', argv: ['-rf', 'my dir'], cwd: '/home/dev/project', env: { CLAUDECODE: '1' } }, live());
  assert.equal(h.asked[0].command, "rm -rf 'my dir'");
  assert.deepEqual(h.asked[0].preview.entries.map((e) => e.id), ['/home/dev/project/my dir']);
});

test('a person approves: the command runs, the record says who decided after seeing which preview', async () => {
  const h = harness(approve);
  const r = await h.gate.check(agentReq('aws s3 rb s3://old-logs --force'), live());
  assert.equal(r.outcome, 'run');
  assert.equal(r.decidedBy, 'person');
  assert.equal(h.asked.length, 1);
  assert.equal(h.audit[0].previewHash, h.asked[0].previewHash);
  assert.match(h.audit[0].preview.summary, /to destroy/);
});

test('a hook names its agent; a hook without a name is still an agent, never a person', async () => {
  const h = harness(approve);
  await h.gate.check({ client: 'hook', agent: 'cursor', commandLine: 'rm -rf src', cwd: '/home/dev/project', env: {} }, live());
  await h.gate.check({ client: 'hook', commandLine: 'rm -rf src', cwd: '/home/dev/project', env: {} }, live());
  assert.deepEqual(h.asked.map((r) => r.agent), ['cursor', 'agent']);
  assert.deepEqual(h.audit.map((e) => e.decidedBy), ['person', 'person']);
});

test('a person declines: blocked, and the agent is told to stop and ask', async () => {
  const h = harness(reject);
  const r = await h.gate.check(agentReq('terraform destroy -auto-approve'), live());
  assert.equal(r.outcome, 'blocked');
  assert.equal(r.decidedBy, 'person');
  assert.match(r.message, /declined/);
  assert.match(r.message, /Stop and ask the user/);
});

test('an approval bound to another preview is not an approval', async () => {
  const h = harness(async (r) => ({ approved: true, requestId: r.id, previewHash: 'f'.repeat(64) }));
  const r = await h.gate.check(agentReq('rm -rf src'), live());
  assert.equal(r.outcome, 'blocked');
});

test('nobody answers: blocked when the timeout passes, the prompt is withdrawn', async () => {
  let aborted = false;
  const h = harness((r, signal) => { signal.addEventListener('abort', () => (aborted = true)); return never(r, signal); }, settings({ approvalTimeoutMs: 30 }));
  const r = await h.gate.check(agentReq('rm -rf src'), live());
  assert.equal(r.outcome, 'blocked');
  assert.equal(r.decidedBy, 'timeout');
  assert.ok(aborted);
  assert.equal(h.gate.state.pending, 0);
});

test('the waiting process dies: the prompt is withdrawn and recorded as such', async () => {
  const h = harness(never);
  const client = new AbortController();
  const pending = h.gate.check(agentReq('rm -rf src'), client.signal);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(h.gate.state.pending, 1);
  client.abort();
  const r = await pending;
  assert.equal(r.decidedBy, 'withdrawn');
  assert.equal(h.audit[0].decidedBy, 'withdrawn');
});

test('freeze rejects what would ask, withdraws what waits, still lets reads run; unfreeze restores', async () => {
  const h = harness(never);
  const waiting = h.gate.check(agentReq('rm -rf src'), live());
  await new Promise((r) => setTimeout(r, 10));
  h.gate.freeze('frozen by a person');
  assert.equal((await waiting).decidedBy, 'freeze');
  const asked = await h.gate.check(agentReq('rm -rf lib'), live());
  assert.equal(asked.decidedBy, 'freeze');
  assert.match(asked.message, /frozen by a person/);
  assert.equal((await h.gate.check(agentReq('git log'), live())).outcome, 'run');
  assert.equal(h.statuses.at(-1)?.frozen, true);
  h.gate.unfreeze();
  const client = new AbortController();
  const after = h.gate.check(agentReq('rm -rf lib'), client.signal);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(h.asked.length, 2, 'after unfreeze the request reaches the person again');
  client.abort();
  assert.equal((await after).decidedBy, 'withdrawn');
});

test('the circuit breaker freezes after more than N destructive requests in the window', async () => {
  const h = harness(reject, settings({ breaker: { maxDestructive: 3, windowMs: 60_000 } }));
  const outcomes: string[] = [];
  for (let i = 0; i < 5; i++) outcomes.push((await h.gate.check(agentReq(`rm -rf dir${i}`), live())).decidedBy);
  assert.deepEqual(outcomes, ['person', 'person', 'person', 'circuit-breaker', 'freeze']);
  assert.equal(h.gate.state.frozen, true);
  assert.match(h.gate.state.frozenReason ?? '', /circuit breaker/);
});

test('writes that are not destructive do not count toward the breaker', async () => {
  const h = harness(approve, settings({ breaker: { maxDestructive: 1, windowMs: 60_000 } }));
  for (let i = 0; i < 3; i++) assert.equal((await h.gate.check(agentReq(`aws sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/q --message-body ${i}`), live())).decidedBy, 'person');
});

test('human terminals: protectedOnly runs unprotected destruction, asks for protected', async () => {
  const protectedPolicy = readSettings({ protectedResources: ['/home/dev/project/.env'] }).settings;
  const h = harness(reject, settings({}, protectedPolicy));
  assert.equal((await h.gate.check(agentReq('rm -rf src', {}), live())).decidedBy, 'human-terminal');
  assert.equal((await h.gate.check(agentReq('rm .env', {}), live())).decidedBy, 'person');
});

test('human terminals: gate asks as for agents; off runs even protected', async () => {
  const protectedPolicy = readSettings({ protectedResources: ['/home/dev/project/.env'] }).settings;
  assert.equal((await harness(reject, settings({ humanTerminals: 'gate' })).gate.check(agentReq('rm -rf src', {}), live())).decidedBy, 'person');
  assert.equal((await harness(reject, settings({ humanTerminals: 'off' }, protectedPolicy)).gate.check(agentReq('rm .env', {}), live())).decidedBy, 'human-terminal');
});

test('deny rules apply in human terminals too', async () => {
  const h = harness(approve, settings({ humanTerminals: 'off' }, readSettings({ deny: ['terraform destroy*'] }).settings));
  const r = await h.gate.check(agentReq('terraform destroy', {}), live());
  assert.equal(r.outcome, 'blocked');
  assert.match(r.message, /denied by the rule "terraform destroy\*"/);
});

test('an approval that cannot be audited does not run', async () => {
  const h = harness(approve, settings(), true);
  const r = await h.gate.check(agentReq('rm -rf src'), live());
  assert.equal(r.outcome, 'blocked');
  assert.match(r.message, /could not be recorded/);
});

test('the status reports pending requests as they come and go', async () => {
  let release!: () => void;
  const h = harness((r) => new Promise((ok) => (release = () => ok({ approved: true, requestId: r.id, previewHash: r.previewHash }))));
  const p = h.gate.check(agentReq('rm -rf src'), live());
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(h.statuses.at(-1)?.pending, 1);
  release();
  await p;
  assert.equal(h.statuses.at(-1)?.pending, 0);
});

test('control characters in the command never reach the agent message raw', async () => {
  const h = harness(reject);
  const r = await h.gate.check(agentReq('rm -rf "/srv/\x1b[2Kx"'), live());
  assert.ok(!r.message.includes('\x1b'));
});

test('a live preview can raise a click to typing before the person is asked', async () => {
  const asked: ApprovalRequest[] = [];
  const policy = readSettings({ protectedResources: ['s3://prod-*'] }).settings;
  const gate = new Gate({
    analyzer: a,
    settings: () => settings({}, policy),
    approver: { ask: async (r) => (asked.push(r), { approved: false, requestId: r.id, previewHash: r.previewHash }) },
    audit: { append: async () => undefined },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env, home: '/home/dev', workspaceRoots: ['/home/dev/project'] }),
    resolve: async () => ({
      byAction: new Map([[0, [{ id: 'arn:aws:s3:::prod-data', change: 'destroy' as const, kind: 's3 bucket', name: 'prod-data', facts: ['in the stack'] }]]]),
      failures: [],
      identities: [{ account: '123456789012' }],
      totals: {},
      durationMs: 1,
    }),
  });
  await gate.check(agentReq('aws cloudformation delete-stack --stack-name api'), live());
  assert.equal(asked[0].decision.confirmation, 'type');
  assert.equal(asked[0].decision.typeToConfirm, 'prod-data');
  assert.ok(asked[0].preview.entries.some((e) => e.id === 'arn:aws:s3:::prod-data'));
});

test('allowed commands never wait for a live preview', async () => {
  let resolved = 0;
  const gate = new Gate({
    analyzer: a,
    settings: () => settings(),
    approver: { ask: never },
    audit: { append: async () => undefined },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env }),
    resolve: async () => (resolved++, { byAction: new Map(), failures: [], identities: [], totals: {}, durationMs: 0 }),
  });
  await gate.check(agentReq('git status'), live());
  assert.equal(resolved, 0);
});

describe('an approval given through an agent hook', () => {
  const hookReq = (commandLine: string): CheckRequest => ({ client: 'hook', agent: 'copilot', commandLine, cwd: '/home/dev/project', env: {} });
  const shimReq = (tool: string, argv: string[]): CheckRequest => ({ client: 'shim', tool, argv, cwd: '/home/dev/project', env: { CLAUDECODE: '1' } });

  test('covers the same command once when the terminal shim asks about it next: the person is asked once', async () => {
    const h = harness(approve);
    assert.equal((await h.gate.check(hookReq('cd src && rm -rf gen'), live())).outcome, 'run');
    const r = await h.gate.check(shimReq('rm', ['-rf', 'src/gen']), live());
    assert.equal(r.outcome, 'run');
    assert.equal(h.asked.length, 1);
    assert.equal(h.audit[1].decidedBy, 'person');
    assert.match(h.audit[1].note ?? '', new RegExp(`approved moments ago in request ${h.audit[0].requestId}`));
    // Used once: the agent running it again is asked again.
    await h.gate.check(shimReq('rm', ['-rf', 'src/gen']), live());
    assert.equal(h.asked.length, 2);
  });

  test('covers nothing else: another target, another hook request, a declined one, or after a minute', async () => {
    const h = harness(approve);
    await h.gate.check(hookReq('rm -rf build-old'), live());
    await h.gate.check(shimReq('rm', ['-rf', 'src']), live());
    assert.equal(h.asked.length, 2, 'another target is asked about');
    await h.gate.check(hookReq('rm -rf build-old'), live());
    assert.equal(h.asked.length, 3, 'a second hook request is asked about (only a shim is covered)');

    const declined = harness(reject);
    await declined.gate.check(hookReq('rm -rf src'), live());
    await declined.gate.check(shimReq('rm', ['-rf', 'src']), live());
    assert.equal(declined.asked.length, 2, 'a declined hook request covers nothing');
  });

  test('expires: the harness clock moves a second per reading, so 70 readings pass the minute', async () => {
    const h = harness(approve);
    await h.gate.check(hookReq('rm -rf src'), live());
    for (let i = 0; i < 70; i++) await h.gate.check(agentReq('git status'), live());
    await h.gate.check(shimReq('rm', ['-rf', 'src']), live());
    assert.equal(h.asked.length, 2);
  });

  test('does not cover a command with more in it than was approved', async () => {
    const h = harness(approve);
    await h.gate.check(hookReq('rm -rf src'), live());
    await h.gate.check({ client: 'shim', commandLine: 'rm -rf src docs', cwd: '/home/dev/project', env: { CLAUDECODE: '1' } }, live());
    assert.equal(h.asked.length, 2);
  });

  test('freezing still blocks a covered command', async () => {
    const h = harness(approve);
    await h.gate.check(hookReq('rm -rf src'), live());
    h.gate.freeze('test');
    const r = await h.gate.check(shimReq('rm', ['-rf', 'src']), live());
    assert.equal(r.outcome, 'blocked');
    assert.equal(r.decidedBy, 'freeze');
  });
});
