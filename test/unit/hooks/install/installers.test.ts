/** What all installers share: recognising our command, quoting the launcher, agreeing with the hook adapters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOOK_ADAPTERS } from '../../../../src/hooks/adapters';
import { allInstallers, HOOK_AGENTS, installerFor, isOurCommand, planProtect, planStopProtecting } from '../../../../src/hooks/install';
import { readLocations, xdgDocuments } from '../../../../src/hooks/install/locations';
import { hookCommand, shellQuote } from '../../../../src/hooks/launcher';
import { commandFor, value, where } from './support';

test('the six agents the Protect commands offer', () => {
  assert.deepEqual([...HOOK_AGENTS].sort(), ['claude-code', 'cline', 'copilot', 'copilot-cli', 'cursor', 'gemini-cli']);
  assert.deepEqual(allInstallers().map((i) => i.agent), [...HOOK_AGENTS]);
});

test('every installer runs an adapter `blast-radius hook --agent` knows, for the agent it is named after', () => {
  for (const installer of allInstallers()) {
    const adapter = HOOK_ADAPTERS.find((a) => a.name === installer.hookName);
    assert.ok(adapter, `${installer.agent}: no adapter named ${installer.hookName}`);
    assert.equal(adapter.agent, installer.agent, `${installer.agent}: the adapter records the same agent`);
  }
});

test('the time limit in each config is the one passed to `hook --timeout`, within what the hook accepts (1-3600 s)', () => {
  const seconds: Record<string, (v: any) => number> = {
    copilot: (v) => v.hooks.PreToolUse[0].timeout,
    'copilot-cli': (v) => v.hooks.preToolUse[0].timeoutSec,
    cursor: (v) => v.hooks.beforeShellExecution[0].timeout,
    'claude-code': (v) => v.hooks.PreToolUse[0].hooks[0].timeout,
    'gemini-cli': (v) => v.hooks.BeforeTool[0].hooks[0].timeout / 1000,
  };
  for (const installer of allInstallers()) {
    const command = commandFor(installer);
    assert.ok(command.endsWith(` --timeout ${installer.timeoutSeconds}`), command);
    assert.ok(installer.timeoutSeconds >= 1 && installer.timeoutSeconds <= 3600);
    if (installer.agent === 'cline') continue; // Cline's limit is its own, 30 s, not in any file
    assert.equal(seconds[installer.agent](value(installer.install(undefined, command))), installer.timeoutSeconds, installer.agent);
  }
});

const OURS: Array<[string, string, boolean]> = [
  ['/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius hook --agent claude-code --timeout 3600', 'claude-code', true],
  ["'/Users/dev/Library/Application Support/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius' hook --agent claude-code", 'claude-code', true],
  ['blast-radius hook --agent=cursor', 'cursor', true],
  ['npx blast-radius hook --timeout 600 --agent vscode', 'vscode', true],
  ['"C:\\Users\\dev\\blast-radius.cmd" hook --agent cline', 'cline', true],
  ['blast-radius hook --agent cursor', 'claude-code', false],
  ['blast-radius check --json "rm -rf /"', 'claude-code', false],
  ['blast-radius hook --agent claude-code && rm -rf /tmp/x', 'claude-code', false],
  ['my-blast-radius hook --agent claude-code', 'claude-code', false],
  ['blast-radius hook --agent claude-codex', 'claude-code', false],
  ['blast-radius hook --agent claude-code --debug', 'claude-code', false],
];
for (const [command, name, expected] of OURS) {
  test(`${expected ? 'ours' : 'not ours'} for ${name}: ${command}`, () => assert.equal(isOurCommand(command, name), expected));
}

test('the launcher path is quoted for sh only when it needs to be', () => {
  assert.equal(shellQuote('/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius'), '/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius');
  assert.equal(shellQuote('/Users/dev/Library/Application Support/x'), "'/Users/dev/Library/Application Support/x'");
  assert.equal(shellQuote("/home/o'brien/x"), `'/home/o'\\''brien/x'`);
  assert.equal(shellQuote('/tmp/$(reboot)'), "'/tmp/$(reboot)'");
  assert.equal(hookCommand("/home/o'brien/bin/blast-radius", installerFor('cursor')), `'/home/o'\\''brien/bin/blast-radius' hook --agent cursor --timeout 3600`);
  assert.ok(isOurCommand(hookCommand("/home/o'brien/my dir/blast-radius", installerFor('cursor')), 'cursor'));
});

test('a plan says whether writing would change anything', () => {
  const cursor = installerFor('cursor');
  const command = commandFor(cursor);
  const added = planProtect(cursor, 'user', where, undefined, command);
  assert.equal(added.file, '/home/dev/.cursor/hooks.json');
  assert.equal(added.changed, true);
  assert.equal(planProtect(cursor, 'user', where, added.proposed, command).changed, false);
  const removed = planStopProtecting(cursor, 'user', where, added.proposed);
  assert.equal(removed.changed, true);
  assert.equal(planStopProtecting(cursor, 'user', where, undefined).changed, false, 'nothing to remove from a file that is not there');
});

test('the XDG Documents folder, as xdg-user-dir reads it', () => {
  assert.equal(xdgDocuments('# comment\nXDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOCUMENTS_DIR="$HOME/Dokumente"\n', '/home/dev'), '/home/dev/Dokumente');
  assert.equal(xdgDocuments('XDG_DOCUMENTS_DIR="/data/docs"\n', '/home/dev'), '/data/docs');
  assert.equal(xdgDocuments('XDG_DOCUMENTS_DIR="relative"\n', '/home/dev'), undefined);
  assert.equal(xdgDocuments('XDG_MUSIC_DIR="$HOME/Music"\n', '/home/dev'), undefined);
});

test('the Documents folder comes from the user-dirs.dirs file on Linux, else ~/Documents', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'br-home-'));
  try {
    assert.equal((await readLocations(home, {}, 'linux')).documents, path.join(home, 'Documents'));
    fs.mkdirSync(path.join(home, '.config'));
    fs.writeFileSync(path.join(home, '.config', 'user-dirs.dirs'), 'XDG_DOCUMENTS_DIR="$HOME/Dokumente"\n');
    assert.equal((await readLocations(home, {}, 'linux')).documents, path.join(home, 'Dokumente'));
    assert.equal((await readLocations(home, {}, 'darwin')).documents, path.join(home, 'Documents'), 'macOS has no XDG folders');
    const elsewhere = path.join(home, 'cfg');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'user-dirs.dirs'), 'XDG_DOCUMENTS_DIR="/srv/docs"\n');
    assert.equal((await readLocations(home, { XDG_CONFIG_HOME: elsewhere }, 'linux')).documents, '/srv/docs');
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
