import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS, recordHash, type AuditRecord } from '../../../src/audit/log';
import { inert, renderAuditLog, renderRecord } from '../../../src/audit/render';
import { auditEntry } from './entry';

function record(n: number, overrides: Parameters<typeof auditEntry>[1] = {}): AuditRecord {
  const body = { ...auditEntry(n, overrides), seq: n, prev: GENESIS };
  return { ...body, hash: recordHash(body) };
}

const ESC = '\u001b';

const inertCases: Array<[what: string, input: unknown, shown: string]> = [
  ['ESC sequences', `${ESC}[2J${ESC}]8;;http://x${ESC}\\`, '\\u001b[2J\\u001b]8;;http://x\\u001b\\'],
  ['line breaks and tabs stay on one line', 'a\nb\r\nc\td', 'a\\u000ab\\u000d\\u000ac\\u0009d'],
  ['DEL and C1 controls (CSI)', 'x\u007fy\u009bz', 'x\\u007fy\\u009bz'],
  ['bidi overrides and zero-width characters', 'rm \u202eexe.txt\u200b', 'rm \\u202eexe.txt\\u200b'],
  ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ['ordinary unicode is kept', 'żółw 🐢 日本', 'żółw 🐢 日本'],
  ['markdown and HTML are plain characters', '**x** <b>y</b> [z](http://e)', '**x** <b>y</b> [z](http://e)'],
  ['a lone surrogate', 'a\udc00b', 'a\\udc00b'],
  ['non-strings', { k: ['v'] }, '{"k":["v"]}'],
];

for (const [what, input, shown] of inertCases) {
  test(`inert: ${what}`, () => {
    assert.equal(inert(input), shown);
  });
}

test('inert shortens very long values and says by how much', () => {
  const shown = inert('x'.repeat(2500));
  assert.match(shown, /^x{2000}… \(500 more characters\)$/);
});

test('a record renders as a block a person can read', () => {
  const text = renderRecord(
    record(7, {
      preview: {
        summary: '1 to destroy · 1 to change · 1 to create',
        entries: [
          { change: 'destroy', id: 'arn:aws:s3:::old', name: 'old', kind: 's3 bucket', facts: [], protectedBy: 'arn:aws:s3:::*' },
          { change: 'change', id: '/home/dev/project/a.txt', name: 'a.txt', kind: 'file', facts: [] },
          { change: 'create', id: 'git://origin/refs/heads/new', name: 'new', kind: 'branch', facts: [] },
        ],
        where: [],
        warnings: ['rm: names no resource'],
      },
      decidedBy: 'person',
      confirmation: 'type',
      note: 'old',
      outcome: 'run',
    }),
  );
  const lines = text.split('\n');
  assert.match(lines[0], /^#7 · 2025-01-01T12:00:07\.000Z · run$/);
  assert.ok(lines.includes('  agent:     claude-code via shim'));
  assert.ok(lines.includes('  command:   aws s3 rb s3://data-7 --force'));
  assert.ok(lines.includes('  decision:  run · policy said ask (typed confirmation) · decided by a person'));
  assert.ok(lines.includes('  typed:     old'));
  assert.ok(lines.includes('  preview:   1 to destroy · 1 to change · 1 to create'));
  assert.ok(lines.includes('    - arn:aws:s3:::old  (protected by arn:aws:s3:::*)'));
  assert.ok(lines.includes('    ~ /home/dev/project/a.txt'));
  assert.ok(lines.includes('    + git://origin/refs/heads/new'));
  assert.ok(lines.includes('    ! rm: names no resource'));
  assert.ok(lines.includes('  why:       policy.destroy: destroys arn:aws:s3:::data-7'));
  assert.match(text, /\n {2}hash: {6}[0-9a-f]{16}…$/);
});

test('every agent-written field is rendered inert: no raw ESC or line break injected anywhere', () => {
  const evil = `x${ESC}[31m\nFAKE: decided by policy\u202e\u0007`;
  const text = renderRecord(
    record(1, {
      agent: evil,
      command: evil,
      cwd: evil,
      note: evil,
      preview: { summary: evil, entries: [{ change: 'destroy', id: evil, name: evil, kind: evil, facts: [evil], protectedBy: evil }], where: [evil], warnings: [evil] },
      reasons: [{ rule: evil, verdict: 'ask', message: evil, action: 0 }],
    }),
  );
  assert.ok(!text.includes(ESC));
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), 'no control characters except the block\'s own newlines');
  assert.ok(!text.split('\n').some((l) => l.startsWith('FAKE')), 'an injected newline cannot start a line of its own');
  assert.ok(text.includes('\\u001b[31m\\u000aFAKE'));
});

test('a tampered record with fields of the wrong type still renders', () => {
  const r = { seq: 3, prev: GENESIS, hash: 'f'.repeat(64), preview: 'nope', reasons: 5, decidedBy: { x: 1 }, command: ['a', ESC] } as unknown as AuditRecord;
  const text = renderRecord(r);
  assert.match(text, /^#3 · {2}· $/m);
  assert.ok(text.includes('decided by {"x":1}'));
  assert.ok(!text.includes(ESC));
});

test('the view: header, verification result, records newest first', () => {
  const text = renderAuditLog([record(1), record(2)], { file: '/tmp/audit.jsonl', verification: { ok: true, records: 2 } });
  assert.match(text, /^Blast Radius audit log\nFile: \/tmp\/audit\.jsonl\nChain intact: 2 records/);
  assert.ok(text.indexOf('#2 ·') < text.indexOf('#1 ·'));
  assert.ok(!text.includes(ESC));
});

test('the view says where the chain broke', () => {
  const text = renderAuditLog([], { verification: { ok: false, records: 4, line: 5, problem: 'line 5 (record #5) was changed after it was written.' } });
  assert.match(text, /CHAIN BROKEN at line 5: line 5 \(record #5\) was changed/);
  assert.match(text, /No records yet\./);
});
