/**
 * The gate's two entry points for the chat tools: `assess` (what would be decided and shown, nothing
 * asked, nothing recorded) and `check` with a chat approval (stands in for the panel only for the exact
 * preview the person saw, never where typing is required, never past freeze, deny or the breaker).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings, type Analyzer } from '../../../src/core';
import { Gate } from '../../../src/gate/gate';
import type { GateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest, AuditEntry, CheckRequest } from '../../../src/gate/types';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

function settings(over: Partial<GateSettings> = {}, policy = DEFAULT_SETTINGS): GateSettings {
  return { policy, humanTerminals: 'protectedOnly', approvalTimeoutMs: 60_000, breaker: { maxDestructive: 5, windowMs: 120_000 }, shimExclude: [], shimExtra: [], ...over };
}

function harness(s = settings()) {
  const asked: ApprovalRequest[] = [];
  const audit: AuditEntry[] = [];
  const gate = new Gate({
    analyzer: a,
    settings: () => s,
    // The panel: it declines, so any test that reaches it sees a block decided by a person.
    approver: { ask: async (r) => (asked.push(r), { approved: false, requestId: r.id, previewHash: r.previewHash }) },
    audit: { append: async (e) => void audit.push(e) },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env, home: '/home/dev', workspaceRoots: ['/home/dev/project'] }),
  });
  return { gate, asked, audit };
}

const tool = (commandLine: string): CheckRequest => ({ client: 'tool', agent: 'VS Code chat', commandLine, cwd: '/home/dev/project', env: {} });
const live = () => new AbortController().signal;
const NOTE = 'approved in the chat confirmation';

test('assess: the decision and preview check would reach, with nothing asked and nothing recorded', async () => {
  const h = harness();
  const read = await h.gate.assess(tool('git status'), live());
  assert.equal(read.decision.verdict, 'allow');
  assert.equal(read.refusal, undefined);
  const rm = await h.gate.assess(tool('rm -rf /srv/data'), live());
  assert.equal(rm.decision.verdict, 'ask');
  assert.equal(rm.agent, 'VS Code chat');
  assert.deepEqual(rm.preview.entries.map((e) => [e.change, e.id]), [['destroy', '/srv/data']]);
  assert.match(rm.previewHash, /^[0-9a-f]{64}$/);
  assert.equal(h.asked.length, 0);
  assert.equal(h.audit.length, 0);
});

test('assess says when asking would be pointless: a deny rule, or frozen agents', async () => {
  const h = harness(settings({}, readSettings({ deny: ['rm -rf /srv*'] }).settings));
  assert.equal((await h.gate.assess(tool('rm -rf /srv/data'), live())).refusal, 'deny');
  const f = harness();
  f.gate.freeze('testing');
  assert.equal((await f.gate.assess(tool('rm -rf /srv/data'), live())).refusal, 'freeze');
  // Frozen agents still run what is allowed.
  assert.equal((await f.gate.assess(tool('git status'), live())).refusal, undefined);
});

test('a chat approval of the same preview runs it without the panel, recorded as the person’s with a note', async () => {
  const h = harness();
  const seen = await h.gate.assess(tool('rm -rf /srv/data'), live());
  const r = await h.gate.check(tool('rm -rf /srv/data'), live(), { previewHash: seen.previewHash, note: NOTE });
  assert.equal(r.outcome, 'run');
  assert.equal(r.decidedBy, 'person');
  assert.equal(h.asked.length, 0);
  assert.equal(h.audit.length, 1);
  assert.equal(h.audit[0].previewHash, seen.previewHash);
  assert.equal(h.audit[0].note, NOTE);
  assert.equal(h.audit[0].client, 'tool');
});

test('a chat approval of another preview counts for nothing: the panel asks', async () => {
  const h = harness();
  const seen = await h.gate.assess(tool('rm -rf /srv/data'), live());
  const r = await h.gate.check(tool('rm -rf /srv/other'), live(), { previewHash: seen.previewHash, note: NOTE });
  assert.equal(r.outcome, 'blocked');
  assert.equal(h.asked.length, 1);
  assert.equal(h.audit[0].note, undefined);
});

test('only a tool’s request can carry a chat approval', async () => {
  const h = harness();
  const shim: CheckRequest = { client: 'shim', commandLine: 'rm -rf /srv/data', cwd: '/home/dev/project', env: { CLAUDECODE: '1' } };
  const seen = await h.gate.assess(shim, live());
  const r = await h.gate.check(shim, live(), { previewHash: seen.previewHash, note: NOTE });
  assert.equal(r.outcome, 'blocked');
  assert.equal(h.asked.length, 1);
});

test('protected resources need typing in the panel, whatever was clicked in the chat', async () => {
  const h = harness(settings({}, readSettings({ protectedResources: ['/srv/**'] }).settings));
  const seen = await h.gate.assess(tool('rm -rf /srv/data'), live());
  assert.equal(seen.decision.confirmation, 'type');
  const r = await h.gate.check(tool('rm -rf /srv/data'), live(), { previewHash: seen.previewHash, note: NOTE });
  assert.equal(r.outcome, 'blocked');
  assert.equal(h.asked.length, 1);
});

test('a chat approval does not pass a freeze, a deny rule or the circuit breaker', async () => {
  const frozen = harness();
  const seen = await frozen.gate.assess(tool('rm -rf /srv/data'), live());
  frozen.gate.freeze('testing');
  const r1 = await frozen.gate.check(tool('rm -rf /srv/data'), live(), { previewHash: seen.previewHash, note: NOTE });
  assert.deepEqual([r1.outcome, r1.decidedBy], ['blocked', 'freeze']);

  const denied = harness(settings({}, readSettings({ deny: ['rm -rf /srv*'] }).settings));
  const seen2 = await denied.gate.assess(tool('rm -rf /srv/data'), live());
  const r2 = await denied.gate.check(tool('rm -rf /srv/data'), live(), { previewHash: seen2.previewHash, note: NOTE });
  assert.deepEqual([r2.outcome, r2.decidedBy], ['blocked', 'policy']);

  const breaker = harness(settings({ breaker: { maxDestructive: 1, windowMs: 120_000 } }));
  const outcomes: string[] = [];
  for (let i = 0; i < 2; i++) {
    const s = await breaker.gate.assess(tool('rm -rf /srv/data'), live());
    const r = await breaker.gate.check(tool('rm -rf /srv/data'), live(), { previewHash: s.previewHash, note: NOTE });
    outcomes.push(`${r.outcome}/${r.decidedBy}`);
  }
  assert.deepEqual(outcomes, ['run/person', 'blocked/circuit-breaker']);
});

test('assess reads the live state like check, without opening the progress display', async () => {
  const progress: string[] = [];
  let resolved = 0;
  const gate = new Gate({
    analyzer: a,
    settings: () => settings(),
    approver: {
      ask: async (r) => ({ approved: false, requestId: r.id, previewHash: r.previewHash }),
      onResolving: (info) => (progress.push(info.command), { done() {} }),
    },
    audit: { append: async () => {} },
    contextFor: (req) => ({ cwd: req.cwd, env: req.env, home: '/home/dev', workspaceRoots: ['/home/dev/project'] }),
    resolve: async () => (resolved++, { byAction: new Map(), failures: [], identities: [], totals: {}, durationMs: 0 }),
  });
  const seen = await gate.assess(tool('rm -rf /srv/data'), live());
  assert.equal(resolved, 1);
  assert.deepEqual(progress, []);
  await gate.check(tool('rm -rf /srv/data'), live(), { previewHash: seen.previewHash, note: NOTE });
  assert.equal(resolved, 2);
  assert.deepEqual(progress, ['rm -rf /srv/data']);
});
