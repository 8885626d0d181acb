/** Gemini CLI: our group `{matcher: "run_shell_command", hooks: [...]}` under hooks.BeforeTool; timeout in milliseconds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installerFor } from '../../../../src/hooks/install';
import { assertRoundTrip, commandFor, fixture, OTHER_LAUNCHER, value, where } from './support';

const gemini = installerFor('gemini-cli');
type Settings = { hooks: Record<string, Array<{ matcher: string; hooks: Array<Record<string, unknown>> }>> } & Record<string, unknown>;

test('user scope is ~/.gemini/settings.json; workspace scope .gemini/settings.json', () => {
  assert.equal(gemini.configPath('user', where), '/home/dev/.gemini/settings.json');
  assert.equal(gemini.configPath('workspace', where), '/home/dev/project/.gemini/settings.json');
});

test('the hook matches the shell tool and its timeout is in milliseconds (3,600,000 = the hook\'s 3600 s)', () => {
  const installed = value(gemini.install(undefined, commandFor(gemini))) as Settings;
  assert.deepEqual(installed.hooks.BeforeTool, [
    {
      matcher: 'run_shell_command',
      hooks: [
        {
          name: 'blast-radius',
          type: 'command',
          command: commandFor(gemini),
          timeout: 3_600_000,
          description: 'Blast Radius: shows what a shell command would change and asks before destructive ones',
        },
      ],
    },
  ]);
  assert.ok(commandFor(gemini).endsWith(' hook --agent gemini-cli --timeout 3600'));
});

test('settings with comments, MCP servers and other hooks: only our group is added to BeforeTool', () => {
  const original = fixture('gemini-settings.json');
  const text = assertRoundTrip(gemini, original);
  assert.ok(text.includes('// Gemini CLI user settings'));
  const installed = value(text) as Settings;
  const before = value(original) as Settings;
  assert.deepEqual(installed.hooks.BeforeTool.map((g) => g.matcher), ['write_file|replace', 'run_shell_command']);
  assert.deepEqual(installed.hooks.AfterTool, before.hooks.AfterTool);
  assert.deepEqual(installed.mcpServers, before.mcpServers);
});

test('an older entry of ours is updated in place, not duplicated', () => {
  const original = fixture('gemini-settings.json');
  const old = gemini.install(original, commandFor(gemini, OTHER_LAUNCHER));
  assert.equal(gemini.install(old, commandFor(gemini)), gemini.install(original, commandFor(gemini)));
  assert.equal(gemini.remove(old), original);
});
