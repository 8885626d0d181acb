/**
 * Texts for notifications and the status bar. Agent-written text must come out as plain words:
 * a notification renders `[x](command:…)` as a link that runs a command, the status bar `$(x)` as an icon.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalNotice, noticeText, safeLabel, SHOW_APPROVALS_COMMAND, statusBarView, stillWaitingNotice } from '../../../src/ui/labels';
import { request } from './request';

const labels: Array<[input: string, want: string, max?: number]> = [
  ['aws', 'aws'],
  ['terraform_1.9-beta', 'terraform_1.9-beta'],
  ['[Review](command:workbench.action.terminal.sendSequence)', 'Review command workbench.action.terminal.sendSequence', 80],
  ['command:blastRadius.approveAll', 'command blastRadius.approveAll'],
  ['[click](https://evil.example/x)', 'click https evil.example x'],
  ['$(check) approved', 'check approved'],
  ['**bold** `code` <b>html</b>', 'bold code b html b'],
  ['line one\nline two\r\n', 'line one line two'],
  ['rm\u202e\u200b -rf', 'rm -rf'],
  ['naïve ünïcode', 'na ve n code'],
  ['   spaced    out   ', 'spaced out'],
  ['', ''],
  ['!!!', ''],
  ['a'.repeat(50), `${'a'.repeat(37)}...`],
  ['abcdef ghijkl', 'abcdef...', 10],
];

for (const [input, want, max] of labels) {
  test(`safeLabel(${JSON.stringify(input.slice(0, 40))})`, () => {
    const got = safeLabel(input, max);
    assert.equal(got, want);
    assert.match(got, /^[A-Za-z0-9 ._-]*$/);
    assert.ok(got.length <= (max ?? 40));
  });
}

test('the notice names the tool and counts, never the command', () => {
  const text = approvalNotice(request(), 0);
  assert.equal(text, 'Blast Radius: an agent wants to run aws - destroys 1 resource.');
});

test('the notice counts each kind of change and says when typing is needed', () => {
  const r = request({
    decision: { confirmation: 'type', typeToConfirm: 'prod-data' },
    preview: {
      entries: [
        { change: 'destroy', id: 'a', name: 'a', kind: 'k', facts: [] },
        { change: 'destroy', id: 'b', name: 'b', kind: 'k', facts: [] },
        { change: 'change', id: 'c', name: 'c', kind: 'k', facts: [] },
        { change: 'create', id: 'd', name: 'd', kind: 'k', facts: [] },
      ],
    },
  });
  assert.equal(approvalNotice(r, 2), 'Blast Radius: an agent wants to run aws - destroys 2 resources, changes 1 resource, creates 1 resource. Typed confirmation needed. 2 more waiting.');
});

test('a hostile tool name reaches the notice only as plain words', () => {
  const r = request();
  r.analysis.actions[0].tool = '[Approve](command:blastRadius.approve)';
  const text = approvalNotice(r, 0);
  assert.doesNotMatch(text, /[[\]()]|command:/);
  assert.equal(text, 'Blast Radius: an agent wants to run Approve command blast... - destroys 1 resource.');
});

test('a command with no resource to name still gets a notice', () => {
  const r = request({ preview: { entries: [] } });
  assert.equal(approvalNotice(r, 0), 'Blast Radius: an agent wants to run aws - needs your approval.');
});

test('the still-waiting notice says nothing runs meanwhile', () => {
  assert.match(stillWaitingNotice(1), /1 agent request is still waiting/);
  assert.match(stillWaitingNotice(3), /3 agent requests are still waiting.*Nothing runs until you approve/);
});

const statuses: Array<[name: string, status: Parameters<typeof statusBarView>[0], want: Partial<ReturnType<typeof statusBarView>>]> = [
  ['guarding', { frozen: false, pending: 0 }, { text: '$(shield) Blast Radius', attention: false, command: undefined }],
  ['one waiting', { frozen: false, pending: 1 }, { text: '$(bell) 1 waiting', command: SHOW_APPROVALS_COMMAND, attention: true }],
  ['frozen', { frozen: true, frozenReason: 'frozen by you', pending: 0 }, { text: '$(debug-pause) Agents frozen', tooltip: "Blast Radius: agents' commands are blocked (frozen by you).", command: undefined }],
  ['frozen with requests waiting', { frozen: true, pending: 2 }, { text: '$(debug-pause) Agents frozen · 2 waiting', command: SHOW_APPROVALS_COMMAND }],
  ['a frozen reason with markup', { frozen: true, frozenReason: '$(x) [a](command:y)', pending: 0 }, { tooltip: "Blast Radius: agents' commands are blocked (x a command y)." }],
];

for (const [name, status, want] of statuses) {
  test(`status bar: ${name}`, () => {
    const view = statusBarView(status);
    for (const [k, v] of Object.entries(want)) assert.equal(view[k as keyof typeof view], v, k);
  });
}

describe('noticeText: config paths and keys in a notification', () => {
  const cases: Array<[what: string, text: string, want: string]> = [
    ['a plain path stays readable', '~/.claude/settings.json', '~/.claude/settings.json'],
    ['a markdown command link cannot form', 'hooks.[run](command:workbench.action.terminal.sendSequence)', 'hooks.［run］（command:workbench.action.terminal.sendSequence）'],
    ['HTML is not HTML', '<img src=x onerror=alert(1)>', '‹img src=x onerror=alert（1）›'],
    ['line breaks flatten', 'a\nb\r\nc', 'a b c'],
    ['invisible characters are shown as escapes', 'a\u202eb', 'a\\u202eb'],
  ];
  for (const [what, text, want] of cases) test(what, () => assert.equal(noticeText(text), want));
  test('long text is cut', () => assert.equal(noticeText('x'.repeat(500)).length, 300));
});
