/** The in-place JSONC edits under the installers: layouts they must keep. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonConfig } from '../../../../src/hooks/install/jsonc-edit';
import { ConfigError } from '../../../../src/hooks/install';

function edit(text: string, f: (c: JsonConfig) => void): string {
  const c = new JsonConfig(text, 'the file');
  f(c);
  return c.text;
}

const cases: Array<[what: string, before: string, change: (c: JsonConfig) => void, after: string]> = [
  ['an empty file gets a document', '', (c) => c.append(['hooks', 'x'], 1), '{\n  "hooks": {\n    "x": [\n      1\n    ]\n  }\n}\n'],
  ['a file of comments only keeps them above the new document', '// nothing yet\n', (c) => c.set(['a'], 1), '// nothing yet\n{\n  "a": 1\n}\n'],
  ['an empty object', '{}\n', (c) => c.set(['a'], true), '{\n  "a": true\n}\n'],
  ['an empty array', '{\n  "a": []\n}\n', (c) => c.append(['a'], 'x'), '{\n  "a": [\n    "x"\n  ]\n}\n'],
  ['an empty array holding a comment keeps it', '{\n  "a": [ /* none */ ]\n}\n', (c) => c.append(['a'], 1), '{\n  "a": [\n    1 /* none */ ]\n}\n'],
  ['a trailing comma is reused, not doubled', '{\n  "a": [\n    1,\n  ]\n}\n', (c) => c.append(['a'], 2), '{\n  "a": [\n    1,\n    2\n  ]\n}\n'],
  ['a one-line object with spaces', '{ "a": 1, "b": 2 }', (c) => c.set(['c'], 3), '{ "a": 1, "b": 2, "c": 3 }'],
  ['replacing keeps the surrounding lines', '{\n  "a": {"old": true},\n  "b": 2\n}\n', (c) => c.set(['a'], { new: 1 }), '{\n  "a": {\n    "new": 1\n  },\n  "b": 2\n}\n'],
  ['removing the first of two', '{\n  "a": [\n    1,\n    2\n  ]\n}\n', (c) => c.remove(['a', 0]), '{\n  "a": [\n    2\n  ]\n}\n'],
  ['removing the only property', '{\n  "a": 1\n}\n', (c) => c.remove(['a']), '{}\n'],
  ['removing what is not there', '{"a": 1}', (c) => c.remove(['b', 0]), '{"a": 1}'],
];
for (const [what, before, change, after] of cases) {
  test(what, () => assert.equal(edit(before, change), after));
}

test('a duplicate key: the last one is the one read and changed, as JSON.parse reads it', () => {
  const text = '{\n  "a": 1,\n  "a": [2]\n}\n';
  assert.equal(edit(text, (c) => c.append(['a'], 3)), '{\n  "a": 1,\n  "a": [2, 3]\n}\n');
});

test('unreadable text is a ConfigError naming line and column', () => {
  assert.throws(() => new JsonConfig('{\n  "a": 1,,\n}', 'the file'), (e: unknown) => e instanceof ConfigError && e.message.includes('line 2, column 10'));
  assert.throws(() => new JsonConfig('"just a string"', 'the file'), (e: unknown) => e instanceof ConfigError && e.message.includes('a string at the top level'));
});
