/** GitHub Copilot CLI: a file of our own (`version: 1`) with a camelCase preToolUse `bash` command, `timeoutSec`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installerFor } from '../../../../src/hooks/install';
import { assertRoundTrip, commandFor, fixture, value, where } from './support';

const cli = installerFor('copilot-cli');

test('user scope ~/.copilot/hooks (or $COPILOT_HOME/hooks), workspace scope .github/hooks', () => {
  assert.equal(cli.configPath('user', where), '/home/dev/.copilot/hooks/blast-radius-copilot-cli.json');
  assert.equal(cli.configPath('user', { ...where, env: { COPILOT_HOME: '/data/copilot' } }), '/data/copilot/hooks/blast-radius-copilot-cli.json');
  assert.equal(cli.configPath('workspace', where), '/home/dev/project/.github/hooks/blast-radius-copilot-cli.json');
});

test('a new file: version 1, preToolUse with bash and timeoutSec; removing deletes it', () => {
  const text = cli.install(undefined, commandFor(cli));
  assert.deepEqual(value(text), { version: 1, hooks: { preToolUse: [{ type: 'command', bash: commandFor(cli), timeoutSec: 3600 }] } });
  assert.equal(cli.remove(text), undefined);
});

test('a hook file with a team\'s hooks in the same format: theirs stay, ours is added and removed', () => {
  const original = fixture('copilot-cli-team-hooks.json');
  const installed = value(assertRoundTrip(cli, original)) as { hooks: { preToolUse: Array<Record<string, unknown>>; sessionStart: unknown[] } };
  assert.equal(installed.hooks.preToolUse.length, 2);
  assert.equal(installed.hooks.preToolUse[0].bash, './scripts/security-check.sh');
  assert.equal(installed.hooks.sessionStart.length, 1);
});

test('an entry of ours written with `command` instead of `bash` is recognised and replaced', () => {
  const old = JSON.stringify({ version: 1, hooks: { preToolUse: [{ type: 'command', command: 'blast-radius hook --agent copilot-cli', timeoutSec: 30 }] } }, null, 2);
  assert.deepEqual(value(cli.install(old, commandFor(cli))), { version: 1, hooks: { preToolUse: [{ type: 'command', bash: commandFor(cli), timeoutSec: 3600 }] } });
  assert.equal(cli.remove(old), undefined);
});
