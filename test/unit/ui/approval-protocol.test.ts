/**
 * What the extension accepts from the approval webview, and what it sends to it. Every message from
 * the webview is untrusted input: only the three exact shapes pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalHtml, contentSecurityPolicy } from '../../../src/ui/approval-html';
import { parseWebviewMessage, shownRequest, stateMessage, visible } from '../../../src/ui/approval-protocol';
import { assertParse, request } from './request';

const hash = 'f'.repeat(64);
const approve = { type: 'approve', requestId: 'req-1', previewHash: hash, via: 'pointer', typed: '' };
const reject = { type: 'reject', requestId: 'req-1', previewHash: hash };

const cases: Array<[name: string, raw: unknown, want: 'ok' | RegExp]> = [
  ['ready', { type: 'ready' }, 'ok'],
  ['an approval by pointer', approve, 'ok'],
  ['an approval by keyboard with the typed word', { ...approve, via: 'keyboard', typed: 'approve' }, 'ok'],
  ['an approval with a typed name', { ...approve, typed: 'prod-data' }, 'ok'],
  ['a rejection', reject, 'ok'],
  ['a typed text at the limit', { ...approve, typed: 'x'.repeat(1024) }, 'ok'],
  ['null', null, /not an object/],
  ['undefined', undefined, /not an object/],
  ['a string', 'approve', /not an object/],
  ['a number', 42, /not an object/],
  ['an array', [approve], /not an object/],
  ['no type', { requestId: 'req-1' }, /no message type/],
  ['a non-string type', { type: 1 }, /no message type/],
  ['an unknown type', { type: 'approveAll' }, /unknown message type "approveAll"/],
  ['a type differing in case', { ...approve, type: 'Approve' }, /unknown message type/],
  ['ready with an extra field', { type: 'ready', request: 'req-1' }, /unexpected field "request"/],
  ['an approval with an extra field', { ...approve, force: true }, /unexpected field "force"/],
  ['an own __proto__ field', JSON.parse('{"type":"reject","requestId":"r","previewHash":"h","__proto__":{"x":1}}'), /unexpected field "__proto__"/],
  ['an approval without requestId', { type: 'approve', previewHash: hash, via: 'pointer', typed: '' }, /requestId must be a string/],
  ['an approval without previewHash', { type: 'approve', requestId: 'req-1', via: 'pointer', typed: '' }, /previewHash must be a string/],
  ['an approval without via', { type: 'approve', requestId: 'req-1', previewHash: hash, typed: '' }, /via must be/],
  ['an approval without typed', { type: 'approve', requestId: 'req-1', previewHash: hash, via: 'pointer' }, /typed must be a string/],
  ['a numeric requestId', { ...approve, requestId: 1 }, /requestId must be a string/],
  ['an array previewHash', { ...reject, previewHash: [hash] }, /previewHash must be a string/],
  ['an empty requestId', { ...reject, requestId: '' }, /requestId is empty/],
  ['an empty previewHash', { ...approve, previewHash: '' }, /previewHash is empty/],
  ['an unknown via', { ...approve, via: 'script' }, /via must be/],
  ['via as a boolean', { ...approve, via: true }, /via must be/],
  ['typed as a number', { ...approve, typed: 123 }, /typed must be a string/],
  ['an oversized requestId', { ...reject, requestId: 'r'.repeat(201) }, /requestId is longer than 200/],
  ['an oversized previewHash', { ...approve, previewHash: 'h'.repeat(201) }, /previewHash is longer than 200/],
  ['an oversized typed text', { ...approve, typed: 'x'.repeat(1025) }, /typed is longer than 1024/],
  ['a rejection carrying approval fields', { ...reject, via: 'pointer' }, /unexpected field "via"/],
];

for (const [name, raw, want] of cases) {
  test(`webview message: ${name}`, () => {
    assertParse(raw, want);
  });
}

test('a parsed message is a fresh object: nothing else from the raw value comes along', () => {
  const raw = Object.assign(Object.create({ inherited: true }), reject);
  const parsed = parseWebviewMessage(raw);
  assert.ok(parsed.ok);
  assert.equal(Object.getPrototypeOf(parsed.message), Object.prototype);
  assert.equal('inherited' in parsed.message, false);
});

// ---- what the webview is sent ----

test('the shown request carries what the person reads and the time left', () => {
  const shown = shownRequest(request(), 1_000_000 + 60_000);
  assert.equal(shown.command, 'aws s3 rb s3://prod-data --force');
  assert.equal(shown.remainingMs, 240_000);
  assert.equal(shown.confirmation, 'click');
  assert.equal(shown.typeToConfirm, undefined);
  assert.deepEqual(shown.entries, [{ change: 'destroy', id: 'arn:aws:s3:::prod-data', name: 'prod-data', kind: 's3 bucket', facts: [] }]);
});

test('reasons that allowed something are left out when others ask', () => {
  assert.deepEqual(shownRequest(request(), 0).reasons.map((r) => r.rule), ['policy.destroy']);
});

test('typed confirmation carries the text to type', () => {
  const shown = shownRequest(request({ decision: { confirmation: 'type', typeToConfirm: 'prod-data' } }), 0);
  assert.equal(shown.confirmation, 'type');
  assert.equal(shown.typeToConfirm, 'prod-data');
});

test('time left never goes below zero', () => {
  assert.equal(shownRequest(request(), 9_999_999_999).remainingMs, 0);
});

test('bidi overrides, zero-width and control characters are made visible, with a warning', () => {
  const shown = shownRequest(request({ command: 'rm -rf /tmp/x\u202e\u200b\u001b[2K' }), 0);
  assert.equal(shown.command, 'rm -rf /tmp/x⟨U+202E⟩⟨U+200B⟩⟨U+001B⟩[2K');
  assert.match(shown.warnings[0], /invisible or direction-changing/);
});

test('tag characters (invisible ASCII lookalikes) are made visible', () => {
  assert.equal(visible('ok\u{E0041}'), 'ok⟨U+E0041⟩');
});

test('tabs and newlines in a command stay as they are, with no warning', () => {
  const shown = shownRequest(request({ command: 'echo a\n\techo b' }), 0);
  assert.equal(shown.command, 'echo a\n\techo b');
  assert.deepEqual(shown.warnings, []);
});

test('the state shows the head in full and the others as shortened one-line commands', () => {
  const long = `aws s3 rm s3://b --recursive ${'x'.repeat(300)}`;
  const state = stateMessage([request(), request({ id: 'req-2', command: 'kubectl delete\nns prod' }), request({ id: 'req-3', command: long })], 0);
  assert.equal(state.request?.id, 'req-1');
  assert.deepEqual(state.waiting.map((w) => w.id), ['req-2', 'req-3']);
  assert.equal(state.waiting[0].command, 'kubectl delete ns prod');
  assert.equal(state.waiting[1].command.length, 200);
  assert.ok(state.waiting[1].command.endsWith('…'));
});

test('an empty queue shows nothing', () => {
  assert.deepEqual(stateMessage([], 0), { type: 'state', request: null, waiting: [] });
});

// ---- the HTML shell ----

test('the shell has the strict CSP and the nonce on its only script', () => {
  const html = approvalHtml({ cspSource: 'https://webview.test', nonce: 'N0nce+/=', scriptUri: 'https://webview.test/media/approval.js', styleUri: 'https://webview.test/media/approval.css' });
  assert.ok(html.includes(`content="${contentSecurityPolicy('https://webview.test', 'N0nce+/=')}"`));
  assert.match(contentSecurityPolicy('S', 'N'), /^default-src 'none'; style-src S; script-src 'nonce-N';/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(html.includes('<script nonce="N0nce+/=" src="https://webview.test/media/approval.js">'));
  assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/, 'no inline styles or handlers');
});

test('values put into the shell are attribute-escaped', () => {
  const html = approvalHtml({ cspSource: 's', nonce: 'n', scriptUri: 'x"><img src=y>', styleUri: 's' });
  assert.ok(html.includes('src="x&quot;&gt;&lt;img src=y&gt;"'));
});
