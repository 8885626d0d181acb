/**
 * GitHub Copilot in VS Code: a file of our own in .github/hooks or ~/.copilot/hooks with a PreToolUse
 * command (`hook --agent vscode`, the adapter's name); the file goes when our entry was all it held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installerFor } from '../../../../src/hooks/install';
import { assertRoundTrip, commandFor, fixture, OTHER_LAUNCHER, value, where } from './support';

const copilot = installerFor('copilot');

test('user scope ~/.copilot/hooks, workspace scope .github/hooks: a file of our own in either', () => {
  assert.equal(copilot.configPath('user', where), '/home/dev/.copilot/hooks/blast-radius-copilot.json');
  assert.equal(copilot.configPath('workspace', where), '/home/dev/project/.github/hooks/blast-radius-copilot.json');
});

test('a new file: PreToolUse runs the VS Code adapter with a timeout in seconds; removing deletes the file', () => {
  const text = copilot.install(undefined, commandFor(copilot));
  assert.deepEqual(value(text), { hooks: { PreToolUse: [{ type: 'command', command: commandFor(copilot), timeout: 3600 }] } });
  assert.ok(commandFor(copilot).endsWith(' hook --agent vscode --timeout 3600'));
  assert.equal(copilot.remove(text), undefined);
  assert.equal(copilot.install(text, commandFor(copilot)), text);
});

test('someone added hooks of their own to our file: they stay, and the file stays when we leave', () => {
  const original = fixture('copilot-shared-file.json');
  const text = assertRoundTrip(copilot, original);
  assert.equal((value(text) as { hooks: { PreToolUse: unknown[] } }).hooks.PreToolUse.length, 2);
});

test('an older entry of ours is replaced, and removing it deletes the file again', () => {
  const old = copilot.install(undefined, commandFor(copilot, OTHER_LAUNCHER));
  assert.equal(copilot.install(old, commandFor(copilot)), copilot.install(undefined, commandFor(copilot)));
  assert.equal(copilot.remove(old), undefined);
});
