/**
 * The rules an answer must pass: it counts once, for the request on screen, for the preview shown,
 * not too soon after the request appeared, and with the typed text when typing is required.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApproveMessage, RejectMessage } from '../../../src/ui/approval-protocol';
import { ApprovalQueue, ARMING_MS } from '../../../src/ui/approval-queue';
import type { ApprovalAnswer, ApprovalRequest } from '../../../src/gate/types';
import { request } from './request';

const T0 = 1_000_000;

function setup() {
  let now = T0;
  let changes = 0;
  const queue = new ApprovalQueue(() => changes++, () => now);
  return {
    queue,
    advance: (ms: number) => (now += ms),
    changes: () => changes,
  };
}

const approveOf = (r: ApprovalRequest, extra: Partial<ApproveMessage> = {}): ApproveMessage => ({ type: 'approve', requestId: r.id, previewHash: r.previewHash, via: 'pointer', typed: '', ...extra });
const rejectOf = (r: ApprovalRequest): RejectMessage => ({ type: 'reject', requestId: r.id, previewHash: r.previewHash });

/** Resolves to the answer, or 'pending' if the promise has not settled yet. */
async function state(p: Promise<ApprovalAnswer>): Promise<ApprovalAnswer | 'pending' | { rejected: unknown }> {
  return Promise.race([p.then((a) => a, (e: unknown) => ({ rejected: e })), new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
}

test('a click on the shown request approves it, once', async () => {
  const { queue, advance } = setup();
  const r = request();
  const answer = queue.add(r, new AbortController().signal);
  advance(ARMING_MS);
  assert.equal(queue.answer(approveOf(r)), undefined);
  assert.deepEqual(await answer, { approved: true, requestId: 'req-1', previewHash: r.previewHash });
  assert.match(queue.answer(approveOf(r)) ?? '', /nothing is waiting/);
});

test('a rejection resolves with approved: false and shows the next request', async () => {
  const { queue } = setup();
  const a = request();
  const b = request({ id: 'req-2' });
  const pa = queue.add(a, new AbortController().signal);
  queue.add(b, new AbortController().signal);
  assert.equal(queue.answer(rejectOf(a)), undefined, 'rejecting needs no waiting time');
  assert.equal((await pa).approved, false);
  assert.deepEqual(queue.requests.map((r) => r.id), ['req-2']);
});

const refusals: Array<[name: string, arrange: (r: ApprovalRequest) => { r?: ApprovalRequest; message: (r: ApprovalRequest) => ApproveMessage | RejectMessage; wait?: number }, want: RegExp]> = [
  ['an approval for another request id', () => ({ message: (r) => approveOf(r, { requestId: 'req-9' }) }), /no longer shown/],
  ['an approval for another preview of the same request', () => ({ message: (r) => approveOf(r, { previewHash: 'b'.repeat(64) }) }), /no longer shown/],
  ['a rejection for another preview', () => ({ message: (r) => ({ ...rejectOf(r), previewHash: 'x' }) }), /no longer shown/],
  ['an approval right after the request appeared', () => ({ message: (r) => approveOf(r), wait: ARMING_MS - 1 }), /too soon/],
  ['an approval after the timeout', () => ({ message: (r) => approveOf(r), wait: 300_000 }), /timed out/],
  ['a keyboard approval without the typed word', () => ({ message: (r) => approveOf(r, { via: 'keyboard' }) }), /type approve/],
  ['a keyboard approval with the word in other case', () => ({ message: (r) => approveOf(r, { via: 'keyboard', typed: 'Approve' }) }), /type approve/],
  ['a typed confirmation that does not match', () => ({ r: request({ decision: { confirmation: 'type', typeToConfirm: 'prod-data' } }), message: (r) => approveOf(r, { typed: 'prod-dat' }) }), /does not match/],
  ['a typed confirmation with extra spaces', () => ({ r: request({ decision: { confirmation: 'type', typeToConfirm: 'prod-data' } }), message: (r) => approveOf(r, { typed: 'prod-data ' }) }), /does not match/],
  ['a typed confirmation with nothing to type (fails closed)', () => ({ r: request({ decision: { confirmation: 'type' } }), message: (r) => approveOf(r, { typed: '' }) }), /does not match/],
  ['an approval of something the policy denies', () => ({ r: request({ decision: { verdict: 'deny' } }), message: (r) => approveOf(r) }), /denies/],
];

for (const [name, arrange, want] of refusals) {
  test(`refused: ${name}`, async () => {
    const { queue, advance } = setup();
    const setupCase = arrange(request());
    const r = setupCase.r ?? request();
    const answer = queue.add(r, new AbortController().signal);
    advance(setupCase.wait ?? ARMING_MS);
    assert.match(queue.answer(setupCase.message(r)) ?? 'accepted', want);
    assert.equal(await state(answer), 'pending', 'a refused answer changes nothing');
    assert.equal(queue.size, 1);
  });
}

const accepted: Array<[name: string, r: ApprovalRequest, message: Partial<ApproveMessage>]> = [
  ['a keyboard approval with the typed word', request(), { via: 'keyboard', typed: 'approve' }],
  ['a pointer click with anything in the box', request(), { via: 'pointer', typed: 'whatever' }],
  ['a typed confirmation, by pointer', request({ decision: { confirmation: 'type', typeToConfirm: 'prod-data' } }), { typed: 'prod-data' }],
  ['a typed confirmation, by keyboard', request({ decision: { confirmation: 'type', typeToConfirm: 'prod-data' } }), { via: 'keyboard', typed: 'prod-data' }],
];

for (const [name, r, message] of accepted) {
  test(`accepted: ${name}`, async () => {
    const { queue, advance } = setup();
    const answer = queue.add(r, new AbortController().signal);
    advance(ARMING_MS);
    assert.equal(queue.answer(approveOf(r, message)), undefined);
    assert.equal((await answer).approved, true);
  });
}

test('only the head can be answered; the next one must wait its own arming time', async () => {
  const { queue, advance } = setup();
  const a = request();
  const b = request({ id: 'req-2', previewHash: 'c'.repeat(64) });
  queue.add(a, new AbortController().signal);
  const pb = queue.add(b, new AbortController().signal);
  advance(ARMING_MS);
  assert.match(queue.answer(approveOf(b)) ?? '', /no longer shown/);
  assert.equal(queue.answer(approveOf(a)), undefined);
  // A double click: the second click lands on the request that just moved up.
  assert.match(queue.answer(approveOf(b)) ?? '', /too soon/);
  advance(ARMING_MS);
  assert.equal(queue.answer(approveOf(b)), undefined);
  assert.equal((await pb).requestId, 'req-2');
});

test('an abort withdraws the request and rejects with the signal reason', async () => {
  const { queue, changes } = setup();
  const a = request();
  const b = request({ id: 'req-2' });
  const ca = new AbortController();
  const pa = queue.add(a, ca.signal);
  queue.add(b, new AbortController().signal);
  const before = changes();
  const reason = new Error('timed out');
  ca.abort(reason);
  assert.deepEqual(await state(pa), { rejected: reason });
  assert.deepEqual(queue.requests.map((r) => r.id), ['req-2']);
  assert.ok(changes() > before, 'the view is told');
  assert.match(queue.answer(approveOf(a)) ?? '', /no longer shown/);
});

test('an abort of a waiting request leaves the shown one and its arming alone', async () => {
  const { queue, advance } = setup();
  const a = request();
  const cb = new AbortController();
  queue.add(a, new AbortController().signal);
  queue.add(request({ id: 'req-2' }), cb.signal).catch(() => {});
  advance(ARMING_MS);
  cb.abort(new Error('client gone'));
  assert.equal(queue.answer(approveOf(a)), undefined);
});

test('an already aborted signal is refused at once, and nothing is queued', async () => {
  const { queue, changes } = setup();
  const c = new AbortController();
  c.abort(new Error('gone'));
  await assert.rejects(queue.add(request(), c.signal), /gone/);
  assert.equal(queue.size, 0);
  assert.equal(changes(), 0);
});

test('a request id already waiting is refused', async () => {
  const { queue } = setup();
  queue.add(request(), new AbortController().signal);
  await assert.rejects(queue.add(request(), new AbortController().signal), /already waiting/);
  assert.equal(queue.size, 1);
});

test('clear rejects everything waiting', async () => {
  const { queue } = setup();
  const pa = queue.add(request(), new AbortController().signal);
  const pb = queue.add(request({ id: 'req-2' }), new AbortController().signal);
  queue.clear(new Error('shut down'));
  await assert.rejects(pa, /shut down/);
  await assert.rejects(pb, /shut down/);
  assert.equal(queue.size, 0);
});

test('an abort after the answer does nothing', async () => {
  const { queue, advance } = setup();
  const r = request();
  const c = new AbortController();
  const p = queue.add(r, c.signal);
  advance(ARMING_MS);
  queue.answer(approveOf(r));
  c.abort(new Error('late'));
  assert.equal((await p).approved, true);
});
