/** The panel's side of the side-by-side view and of "reading live state…": messages and what is shown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownRequest, stateMessage } from '../../../src/ui/approval-protocol';
import { assertParse, request } from './request';

const diffCases: Array<[what: string, raw: unknown, want: 'ok' | RegExp]> = [
  ['a diff request', { type: 'diff', requestId: 'req-1' }, 'ok'],
  ['without a request id', { type: 'diff' }, /requestId must be a string/],
  ['with an empty request id', { type: 'diff', requestId: '' }, /requestId is empty/],
  ['with an oversized request id', { type: 'diff', requestId: 'r'.repeat(201) }, /longer than 200/],
  ['with a numeric request id', { type: 'diff', requestId: 7 }, /requestId must be a string/],
  ['carrying a preview hash', { type: 'diff', requestId: 'req-1', previewHash: 'a' }, /unexpected field "previewHash"/],
  ['carrying content', { type: 'diff', requestId: 'req-1', left: '{}' }, /unexpected field "left"/],
];
for (const [what, raw, want] of diffCases) {
  test(`webview message: ${what}`, () => {
    assertParse(raw, want);
  });
}

test('Compare is offered only when the request carries states', () => {
  assert.equal(shownRequest(request(), 0).canCompare, false);
  assert.equal(shownRequest(request({ states: [] }), 0).canCompare, false);
  assert.equal(shownRequest(request({ states: [{ id: 'arn:aws:s3:::prod-data', name: 'prod-data', change: 'destroy', before: { objects: 3 } }] }), 0).canCompare, true);
});

test('commands still being read are listed after the waiting requests, marked as resolving', () => {
  const state = stateMessage([request(), request({ id: 'req-2' })], 0, [{ id: 'req-3', command: 'terraform destroy\n-auto-approve', agent: 'claude-code' }]);
  assert.deepEqual(state.waiting, [
    { id: 'req-2', command: 'aws s3 rb s3://prod-data --force' },
    { id: 'req-3', command: 'terraform destroy -auto-approve', resolving: true },
  ]);
});

test('with nothing asked yet, the commands being read are still listed', () => {
  const state = stateMessage([], 0, [{ id: 'req-9', command: 'rm -rf /srv/x\u202e', agent: 'claude-code' }]);
  assert.equal(state.request, null);
  assert.deepEqual(state.waiting, [{ id: 'req-9', command: 'rm -rf /srv/x⟨U+202E⟩', resolving: true }]);
});
