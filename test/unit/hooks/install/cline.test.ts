/** Cline: an executable script named PreToolUse in the hooks folder; a script that is not ours is never replaced. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, installerFor } from '../../../../src/hooks/install';
import { commandFor, fixture, OTHER_LAUNCHER, where } from './support';

const cline = installerFor('cline');

test('user scope ~/Documents/Cline/Hooks (or the XDG Documents folder); workspace scope .clinerules/hooks', () => {
  assert.equal(cline.configPath('user', where), '/home/dev/Documents/Cline/Hooks/PreToolUse');
  assert.equal(cline.configPath('user', { ...where, documents: '/home/dev/Dokumente' }), '/home/dev/Dokumente/Cline/Hooks/PreToolUse');
  assert.equal(cline.configPath('workspace', where), '/home/dev/project/.clinerules/hooks/PreToolUse');
  assert.equal(cline.fileMode, 0o755, 'Cline runs only executable hook files');
});

test('the script runs the launcher for Cline with Cline\'s fixed 30-second limit', () => {
  const command = commandFor(cline);
  assert.equal(command, '/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius hook --agent cline --timeout 30');
  const script = cline.install(undefined, command);
  assert.equal(
    script,
    '#!/bin/sh\n# Blast Radius hook for Cline (PreToolUse)\n# Written by "Blast Radius: Protect an Agent"; "Blast Radius: Stop Protecting an Agent" removes it.\n' +
      `exec ${command}\n`,
  );
  assert.deepEqual(cline.installedCommands(script), [command]);
  assert.equal(cline.install(script, command), script, 'installing twice changes nothing');
  assert.equal(cline.remove(script), undefined, 'removing deletes our script');
});

test('our script from an older launcher is rewritten', () => {
  const old = cline.install(undefined, commandFor(cline, OTHER_LAUNCHER));
  assert.ok(old.includes("exec '/Users/dev/Library/Application Support/"));
  assert.equal(cline.install(old, commandFor(cline)), cline.install(undefined, commandFor(cline)));
});

test('someone else\'s PreToolUse script is refused, kept, and never removed', () => {
  const theirs = fixture('cline-foreign-PreToolUse');
  assert.throws(() => cline.install(theirs, commandFor(cline)), (e: unknown) => e instanceof ConfigError && /not Blast Radius's/.test(e.message) && e.message.includes(commandFor(cline)));
  assert.equal(cline.remove(theirs), theirs);
  assert.deepEqual(cline.installedCommands(theirs), []);
  // A script that only mentions the marker but runs something else is not ours either.
  const lookalike = '#!/bin/sh\n# Blast Radius hook for Cline (PreToolUse)\nexec /usr/local/bin/other-guard\n';
  assert.throws(() => cline.install(lookalike, commandFor(cline)), ConfigError);
  assert.equal(cline.remove(lookalike), lookalike);
});
