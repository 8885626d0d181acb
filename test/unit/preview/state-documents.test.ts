/** The side-by-side view's documents: current state on the left, state after the command on the right. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedResource } from '../../../src/preview/types';
import { collectStates, escapeInvisible, plain, prettyJson, STATE_LIMITS, stateDocuments, type ResourceState } from '../../../src/preview/state-documents';

const instance: ResourceState = {
  id: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc',
  name: 'prod-web-1',
  change: 'destroy',
  before: { type: 'm5.2xlarge', state: 'running', tags: { env: 'prod', Name: 'prod-web-1' } },
};
const queue: ResourceState = { id: 'arn:aws:sqs:us-east-1:123456789012:jobs', name: 'jobs', change: 'change', before: { retentionSeconds: 345600 }, after: { retentionSeconds: 60 } };
const created: ResourceState = { id: 'tf://aws_s3_bucket.logs', name: 'aws_s3_bucket.logs', change: 'create', after: { bucket: 'logs' } };

test('a destroyed resource: its state on the left, a "# destroyed" line on the right', () => {
  const docs = stateDocuments([instance]);
  assert.equal(
    docs.current,
    [
      '# destroy arn:aws:ec2:us-east-1:123456789012:instance/i-0abc (prod-web-1)',
      '{',
      '  "state": "running",',
      '  "tags": {',
      '    "Name": "prod-web-1",',
      '    "env": "prod"',
      '  },',
      '  "type": "m5.2xlarge"',
      '}',
      '',
    ].join('\n'),
  );
  assert.equal(docs.after, '# destroyed arn:aws:ec2:us-east-1:123456789012:instance/i-0abc\n');
});

test('a changed resource: the same header on both sides, so the diff shows only what changes', () => {
  const docs = stateDocuments([queue]);
  assert.equal(docs.current, '# change arn:aws:sqs:us-east-1:123456789012:jobs (jobs)\n{\n  "retentionSeconds": 345600\n}\n');
  assert.equal(docs.after, '# change arn:aws:sqs:us-east-1:123456789012:jobs (jobs)\n{\n  "retentionSeconds": 60\n}\n');
});

test('a created resource: a "# created" line on the left, its state on the right', () => {
  const docs = stateDocuments([created]);
  assert.equal(docs.current, '# created tf://aws_s3_bucket.logs\n');
  assert.equal(docs.after, '# create tf://aws_s3_bucket.logs (aws_s3_bucket.logs)\n{\n  "bucket": "logs"\n}\n');
});

test('several resources: one block each, blank lines between, in the order given', () => {
  const docs = stateDocuments([instance, queue, created]);
  const headers = (text: string) => text.split('\n').filter((l) => l.startsWith('#'));
  assert.deepEqual(headers(docs.current).map((h) => h.split(' ')[1]), ['destroy', 'change', 'created']);
  assert.deepEqual(headers(docs.after).map((h) => h.split(' ')[1]), ['destroyed', 'change', 'create']);
  assert.equal(docs.current.split('\n\n').length, 3);
});

test('what was not read is said, not left blank', () => {
  const docs = stateDocuments([{ id: 'git://origin/refs/heads/main', name: 'main', change: 'change', before: { sha: 'abc' } }, { id: '/srv/data', name: 'data', change: 'change', after: { files: 0 } }]);
  assert.match(docs.after, /# change git:\/\/origin\/refs\/heads\/main \(main\)\n\(state after the command not known\)/);
  assert.match(docs.current, /# change \/srv\/data \(data\)\n\(current state not read\)/);
});

test('no state at all: one line saying so, the same on both sides', () => {
  assert.deepEqual(stateDocuments([]), { current: '# No resource state was read for this command.\n', after: '# No resource state was read for this command.\n' });
});

test('a truncated resource and omitted ones are marked "(truncated)" on both sides', () => {
  const docs = stateDocuments([{ id: 'arn:aws:s3:::big', name: 'big', change: 'change', truncated: true }], 3);
  assert.equal(docs.current, '# change arn:aws:s3:::big (big)\n(truncated)\n\n# (truncated) 3 more resources not shown\n');
  assert.equal(docs.after, docs.current);
});

test('keys are sorted at every depth; arrays keep their order', () => {
  assert.equal(prettyJson({ b: [3, 1, { z: 1, a: 2 }], a: null, '10': true, '9': false }), '{\n  "10": true,\n  "9": false,\n  "a": null,\n  "b": [\n    3,\n    1,\n    {\n      "a": 2,\n      "z": 1\n    }\n  ]\n}');
  assert.equal(prettyJson({ x: [], y: {} }), '{\n  "x": [],\n  "y": {}\n}');
});

const hostile: Array<[what: string, text: string, want: RegExp]> = [
  ['a newline in an id cannot start a fake header', 'arn:x\n# destroy arn:aws:s3:::other', /^# change arn:x\\u000a# destroy/],
  ['an escape sequence', 'a\u001b[2Kb', /a\\u001b\[2Kb/],
  ['a right-to-left override', 'prod\u202eatad', /prod\\u202eatad/],
  ['a zero-width space', 'prod\u200b-data', /prod\\u200b-data/],
  ['a line separator', 'a\u2028b', /a\\u2028b/],
  ['a C1 control', 'a\u009bb', /a\\u009bb/],
  ['a tag character (both halves of the pair)', 'a\u{e0041}b', /a\\udb40\\udc41b/],
];
for (const [what, text, want] of hostile) {
  test(`control and invisible characters become \\uXXXX escapes: ${what}`, () => {
    const docs = stateDocuments([{ id: text, name: text, change: 'change', before: { [text]: text }, after: { v: [text] } }]);
    for (const doc of [docs.current, docs.after]) {
      assert.match(doc, want);
      assert.equal(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]/.test(doc), false, 'no raw control character left');
      assert.equal(/[\udb40]/.test(doc), false);
    }
    assert.equal(docs.current.split('\n').filter((l) => l.startsWith('#')).length, 1, 'still one header line');
  });
}

test('ordinary non-ASCII text stays readable', () => {
  assert.equal(escapeInvisible('café 東京 🚀'), 'café 東京 🚀');
  assert.equal(prettyJson('café 🚀'), '"café 🚀"');
});

test('plain(): what JSON would keep, without throwing on cycles, bigints or deep nesting', () => {
  const cyclic: Record<string, unknown> = { name: 'a' };
  cyclic.self = cyclic;
  assert.deepEqual(plain(cyclic), { name: 'a', self: '[circular]' });
  assert.deepEqual(plain({ when: new Date('2025-10-01T00:00:00Z'), n: 10n, gone: undefined, f: () => 1, inf: Infinity, list: [undefined, 1] }), {
    when: '2025-10-01T00:00:00.000Z',
    n: '10',
    inf: null,
    list: [null, 1],
  });
  const shared = { x: 1 };
  assert.deepEqual(plain({ a: shared, b: shared }), { a: { x: 1 }, b: { x: 1 } }, 'the same object twice is not a cycle');
  let deep: unknown = 'bottom';
  for (let i = 0; i < 100; i++) deep = { d: deep };
  assert.match(prettyJson(plain(deep)), /\[too deep\]/);
});

const resource = (id: string, over: Partial<ResolvedResource> = {}): ResolvedResource => ({ id, change: 'destroy', kind: 'thing', name: id, facts: [], before: { id }, ...over });

test('collectStates: every resource with a state, in action order, each once', () => {
  const byAction = new Map<number, ResolvedResource[]>([
    [2, [resource('c')]],
    [0, [resource('a'), resource('no-state', { before: undefined }), resource('b')]],
    [1, [resource('a')]],
  ]);
  const { states, omitted } = collectStates({ byAction });
  assert.deepEqual(states.map((s) => s.id), ['a', 'b', 'c']);
  assert.equal(omitted, 0);
  assert.deepEqual(states[0], { id: 'a', name: 'a', change: 'destroy', before: { id: 'a' } });
});

test('collectStates: a destroyed resource carries no after state, a changed one keeps it', () => {
  const byAction = new Map([[0, [resource('gone', { after: { x: 1 } }), resource('kept', { change: 'change', after: { sha: 'new' } })]]]);
  const { states } = collectStates({ byAction });
  assert.equal('after' in states[0], false);
  assert.deepEqual(states[1].after, { sha: 'new' });
});

test('collectStates: live objects become plain data (Dates as strings), so the request holds no SDK objects', () => {
  const { states } = collectStates({ byAction: new Map([[0, [resource('i', { before: { launched: new Date('2024-01-02T03:04:05Z') } })]]]) });
  assert.deepEqual(states[0].before, { launched: '2024-01-02T03:04:05.000Z' });
});

test(`collectStates: at most ${STATE_LIMITS.resources} resources; the rest are counted as omitted`, () => {
  const many = Array.from({ length: 250 }, (_, i) => resource(`r${i}`));
  const { states, omitted } = collectStates({ byAction: new Map([[0, many]]) });
  assert.equal(states.length, STATE_LIMITS.resources);
  assert.equal(omitted, 50);
  assert.match(stateDocuments(states, omitted).after, /# \(truncated\) 50 more resources not shown\n$/);
});

test('collectStates: a state over the size budget keeps its header and is marked truncated; smaller ones after it still fit', () => {
  const huge = resource('huge', { before: { blob: 'x'.repeat(STATE_LIMITS.totalChars) } });
  const { states } = collectStates({ byAction: new Map([[0, [resource('small-1'), huge, resource('small-2')]]]) });
  assert.deepEqual(states.map((s) => [s.id, s.truncated === true]), [['small-1', false], ['huge', true], ['small-2', false]]);
  assert.equal('before' in states[1], false);
  const docs = stateDocuments(states);
  assert.match(docs.current, /# destroy huge\n\(truncated\)/);
  assert.ok(docs.current.length < 2000);
});

test('collectStates: the total stays within the budget however many states are large', () => {
  const big = Array.from({ length: 40 }, (_, i) => resource(`big${i}`, { before: { blob: 'y'.repeat(20_000) } }));
  const { states } = collectStates({ byAction: new Map([[0, big]]) });
  const total = states.reduce((n, s) => n + (s.before === undefined ? 0 : prettyJson(s.before).length), 0);
  assert.ok(total <= STATE_LIMITS.totalChars, `${total} characters of state`);
  assert.ok(states.some((s) => s.truncated) && states.some((s) => !s.truncated));
});

test('collectStates: very long ids and names are cut', () => {
  const { states } = collectStates({ byAction: new Map([[0, [resource('p'.repeat(5000))]]]) });
  assert.ok(states[0].id.length < STATE_LIMITS.textChars + 20);
  assert.match(states[0].id, /\(truncated\)$/);
});
