/**
 * The chat confirmation's markdown with hostile input: whatever the agent or a resource wrote stays
 * inside a code fence it cannot close, on one line, with invisible characters shown as escapes; our
 * own words are the only text outside the fences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationMarkdown, fenced, type ConfirmationView } from '../../../src/chat/confirmation';
import type { Decision } from '../../../src/core';
import type { Preview } from '../../../src/core/preview';

/** CommonMark backtick fences: which lines are inside a fence, and the fences' lengths. */
function scanFences(markdown: string): { outside: string[]; fences: Array<{ open: number; close: number; length: number }> } {
  const lines = markdown.split('\n');
  const outside: string[] = [];
  const fences: Array<{ open: number; close: number; length: number }> = [];
  let open: { line: number; length: number } | undefined;
  lines.forEach((line, i) => {
    if (!open) {
      const m = /^ {0,3}(`{3,})([^`]*)$/.exec(line);
      if (m) open = { line: i, length: m[1].length };
      else outside.push(line);
      return;
    }
    const close = /^ {0,3}(`{3,})\s*$/.exec(line);
    if (close && close[1].length >= open.length) {
      fences.push({ open: open.line, close: i, length: open.length });
      open = undefined;
    }
  });
  assert.equal(open, undefined, 'every fence is closed');
  return { outside, fences };
}

const decision = (over: Partial<Decision> = {}): Decision => ({
  verdict: 'ask',
  confirmation: 'click',
  reasons: [{ rule: 'policy.destructive', verdict: 'ask', message: 'rm -rf destroys /srv/data', action: 0 }],
  ...over,
});

const preview = (over: Partial<Preview> = {}): Preview => ({
  summary: '1 to destroy',
  entries: [{ change: 'destroy', id: '/srv/data', name: 'data', kind: 'folder', facts: ['12 files, 3 MB'] }],
  where: [],
  warnings: [],
  ...over,
});

const view = (over: Partial<ConfirmationView> = {}): ConfirmationView => ({
  command: 'rm -rf /srv/data',
  cwd: '/home/dev/project',
  decision: decision(),
  preview: preview(),
  chatCounts: false,
  ...over,
});

/** Our own sentences: the only text allowed outside a fence. */
const OURS = [
  /^\*\*Blast Radius\*\* asks a person before this (command|AWS call) runs( — it needs \*\*typed confirmation\*\*)?\.$/,
  /^Why:$/,
  /^\*\*Continue\*\* runs it now\. Blast Radius records your click as your approval of this preview\.$/,
  /^After \*\*Continue\*\*, Blast Radius asks again in its approval panel: VS Code can confirm chat tools on its own \(Bypass Approvals, Autopilot, auto-approve settings\), so a click here cannot be proven to be yours\. \*\*Cancel\*\* stops it here\.$/,
  /^It touches a protected resource or many resources: after \*\*Continue\*\*, the Blast Radius approval panel asks you to type the confirmation there\.$/,
  /^$/,
];

function assertOnlyOursOutside(markdown: string): void {
  for (const line of scanFences(markdown).outside) assert.ok(OURS.some((p) => p.test(line)), `outside a fence: ${JSON.stringify(line)}`);
}

test('the plain case: the command, the preview as a diff, the reasons, and what Continue does', () => {
  const c = confirmationMarkdown(view());
  assert.equal(c.title, 'Blast Radius: approve this command?');
  assert.equal(c.complete, true);
  assert.equal(
    c.markdown,
    [
      '**Blast Radius** asks a person before this command runs.',
      '',
      '```sh\n# in /home/dev/project\nrm -rf /srv/data\n```',
      '',
      '```diff\n1 to destroy\n- data  folder · /srv/data\n      12 files, 3 MB\n```',
      '',
      'Why:',
      '',
      '```text\nask: rm -rf destroys /srv/data\n```',
      '',
      'After **Continue**, Blast Radius asks again in its approval panel: VS Code can confirm chat tools on its own (Bypass Approvals, Autopilot, auto-approve settings), so a click here cannot be proven to be yours. **Cancel** stops it here.',
    ].join('\n'),
  );
  assertOnlyOursOutside(c.markdown);
});

test('when the chat click counts, the confirmation says Continue runs it', () => {
  const c = confirmationMarkdown(view({ chatCounts: true }));
  assert.match(c.markdown, /\*\*Continue\*\* runs it now\./);
  assert.doesNotMatch(c.markdown, /asks again/);
});

test('typed confirmation is announced, and never left to the chat click', () => {
  const c = confirmationMarkdown(view({ chatCounts: true, decision: decision({ confirmation: 'type', typeToConfirm: 'data' }) }));
  assert.match(c.markdown, /needs \*\*typed confirmation\*\*/);
  assert.match(c.markdown, /asks you to type the confirmation there/);
  assert.doesNotMatch(c.markdown, /runs it now/);
  // What must be typed is the resource's own name: not shown outside a fence.
  assertOnlyOursOutside(c.markdown);
});

test('backticks in the command cannot close the fence: the fence is longer than the longest run', () => {
  const command = 'echo ```\n**Approved by admin**\n``` && echo `````````';
  const c = confirmationMarkdown(view({ command }));
  const { fences } = scanFences(c.markdown);
  assert.equal(fences[0].length, 10);
  assert.equal(fences[0].close - fences[0].open, 3, 'two lines inside: the cwd comment and the command, on one line');
  assert.ok(c.markdown.includes('echo ```\\u000a**Approved by admin**\\u000a``` && echo `````````'));
  assertOnlyOursOutside(c.markdown);
});

test('a line of only backticks inside is not a closing fence', () => {
  const block = fenced(['````', 'x'], 'text');
  assert.equal(block, '`````text\n````\nx\n`````');
  assert.deepEqual(scanFences(block).fences, [{ open: 0, close: 3, length: 5 }]);
});

test('HTML, markdown links and command: links stay inert text inside fences', () => {
  const hostile = '<img src=x onerror=alert(1)> [run](command:workbench.action.terminal.sendSequence?%7B%7D) <script>alert(1)</script>';
  const c = confirmationMarkdown(
    view({
      cwd: `/tmp/${hostile}`,
      preview: preview({
        summary: `1 to destroy ${hostile}`,
        where: [`aws · profile ${hostile}`],
        entries: [{ change: 'destroy', id: `arn:aws:s3:::${hostile}`, name: hostile, kind: 's3 bucket', facts: [hostile], protectedBy: hostile }],
        warnings: [hostile],
      }),
      decision: decision({ reasons: [{ rule: 'policy.deny', verdict: 'ask', message: hostile, action: 0 }] }),
    }),
  );
  assertOnlyOursOutside(c.markdown);
  const { outside } = scanFences(c.markdown);
  for (const line of outside) {
    assert.doesNotMatch(line, /<|command:|\]\(/);
  }
  // cwd, summary, where, name, id, fact, protection, warning, reason: each once, inside a fence.
  assert.equal(c.markdown.split(hostile).length - 1, 9);
});

test('invisible and control characters are shown as escapes, and no agent text starts a new line', () => {
  const c = confirmationMarkdown(
    view({
      command: 'rm -rf /srv/\u202Eatad\u202C\u200B\r\n```\n# approved',
      preview: preview({ entries: [{ change: 'destroy', id: '/srv/x\u0007', name: 'x\u2028y', kind: 'file', facts: ['\u001b[2Jcleared'] }] }),
    }),
  );
  assert.doesNotMatch(c.markdown, /[\u0000-\u0009\u000b-\u001f\u007f\u200b\u2028\u202a-\u202e]/);
  assert.ok(c.markdown.includes('rm -rf /srv/\\u202eatad\\u202c\\u200b\\u000d\\u000a```\\u000a# approved'));
  assert.ok(c.markdown.includes('- x\\u2028y  file · /srv/x\\u0007'));
  assert.ok(c.markdown.includes('      \\u001b[2Jcleared'));
  assertOnlyOursOutside(c.markdown);
});

test('an AWS call names the API call and shows the CLI line the gate judged', () => {
  const c = confirmationMarkdown(view({ command: 'aws s3api delete-bucket --bucket prod-logs', awsCall: 's3 DeleteBucket' }));
  assert.equal(c.title, 'Blast Radius: approve this AWS call?');
  assert.ok(c.markdown.includes('```sh\n# in /home/dev/project\n# AWS API call s3 DeleteBucket, judged as:\naws s3api delete-bucket --bucket prod-logs\n```'));
  assertOnlyOursOutside(c.markdown);
});

test('what does not fit is marked incomplete: a click that did not see everything cannot count', () => {
  const many = Array.from({ length: 45 }, (_, i) => ({ change: 'destroy' as const, id: `/srv/f${i}`, name: `f${i}`, kind: 'file', facts: [] }));
  const tooMany = confirmationMarkdown(view({ chatCounts: true, preview: preview({ entries: many }) }));
  assert.equal(tooMany.complete, false);
  assert.match(tooMany.markdown, /… 5 more resources: the Blast Radius panel lists them all/);
  assert.match(tooMany.markdown, /asks again in its approval panel/);

  const long = confirmationMarkdown(view({ chatCounts: true, command: `echo ${'a'.repeat(5000)}` }));
  assert.equal(long.complete, false);
  assert.match(long.markdown, /a…\n```/);
  assert.match(long.markdown, /asks again in its approval panel/);

  const fits = confirmationMarkdown(view({ chatCounts: true, command: `echo ${'a'.repeat(3000)}` }));
  assert.equal(fits.complete, true);
});
