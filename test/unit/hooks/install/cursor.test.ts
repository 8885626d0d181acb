/** Cursor: our entry `{command, timeout, failClosed}` under hooks.beforeShellExecution of hooks.json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, installerFor } from '../../../../src/hooks/install';
import { assertRoundTrip, commandFor, fixture, OTHER_LAUNCHER, value, where } from './support';

const cursor = installerFor('cursor');
type Hooks = { version: number; hooks: Record<string, Array<Record<string, unknown>>> };
const OURS = { command: commandFor(cursor), timeout: 3600, failClosed: true };

test('user scope is ~/.cursor/hooks.json; workspace scope .cursor/hooks.json', () => {
  assert.equal(cursor.configPath('user', where), '/home/dev/.cursor/hooks.json');
  assert.equal(cursor.configPath('workspace', where), '/home/dev/project/.cursor/hooks.json');
});

test('no hooks.json yet: version 1 and our beforeShellExecution entry, failing closed', () => {
  const text = cursor.install(undefined, commandFor(cursor));
  assert.deepEqual(value(text), { version: 1, hooks: { beforeShellExecution: [OURS] } });
  assert.ok(text.startsWith('{\n  "version": 1,\n  "hooks": {\n    "beforeShellExecution": [\n      {\n'));
  assert.equal(cursor.remove(text), '{\n  "version": 1\n}\n', 'hooks.json may hold more than hooks later: it is not deleted');
});

test('team hooks with tabs and comments: our entry follows theirs, their same-line comment stays on their line', () => {
  const original = fixture('cursor-hooks.jsonc');
  const text = assertRoundTrip(cursor, original);
  assert.ok(text.includes('\t\t\t{ "command": "./hooks/audit.sh" }, // log every command\n\t\t\t{\n\t\t\t\t"command": '));
  const installed = value(text) as Hooks;
  assert.deepEqual(installed.hooks.beforeShellExecution, [{ command: './hooks/audit.sh' }, OURS]);
  assert.deepEqual(installed.hooks.stop, [{ command: './hooks/summary.sh' }]);
});

test('a Windows-edited hooks.json (CRLF, four spaces) keeps its line endings and indentation', () => {
  const original = fixture('cursor-hooks-crlf.json');
  const text = assertRoundTrip(cursor, original);
  assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
  assert.ok(text.includes('\r\n            {\r\n                "command": "/home/dev/'));
});

test('an older entry of ours (another launcher) is replaced in place', () => {
  const original = fixture('cursor-hooks.jsonc');
  const old = cursor.install(original, commandFor(cursor, OTHER_LAUNCHER));
  const updated = cursor.install(old, commandFor(cursor));
  assert.equal(updated, cursor.install(original, commandFor(cursor)));
  assert.equal(cursor.remove(old), original);
});

test('a one-line hooks.json stays one line', () => {
  const original = '{"version":1,"hooks":{"beforeShellExecution":[{"command":"./audit.sh"}]}}';
  const text = cursor.install(original, commandFor(cursor));
  assert.equal(text, `{"version":1,"hooks":{"beforeShellExecution":[{"command":"./audit.sh"},${JSON.stringify(OURS)}]}}`);
  assert.equal(cursor.remove(text), original);
});

test('beforeShellExecution that is not a list is refused', () => {
  assert.throws(() => cursor.install('{"version":1,"hooks":{"beforeShellExecution":{"command":"x"}}}', commandFor(cursor)), (e: unknown) => e instanceof ConfigError && e.message.includes('"hooks.beforeShellExecution" is an object, not an array'));
});
