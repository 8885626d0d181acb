/** Claude Code: our group `{matcher: "Bash", hooks: [...]}` under hooks.PreToolUse of a settings file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, installerFor } from '../../../../src/hooks/install';
import { assertRoundTrip, commandFor, fixture, OTHER_LAUNCHER, value, where } from './support';

const claude = installerFor('claude-code');
type Settings = { hooks: Record<string, Array<{ matcher?: string; hooks: Array<Record<string, unknown>> }>> } & Record<string, unknown>;

const OURS = {
  matcher: 'Bash',
  hooks: [{ type: 'command', command: '/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius hook --agent claude-code --timeout 3600', timeout: 3600 }],
};

test('user scope is ~/.claude/settings.json; workspace scope the personal .claude/settings.local.json', () => {
  assert.equal(claude.configPath('user', where), '/home/dev/.claude/settings.json');
  assert.equal(claude.configPath('workspace', where), '/home/dev/project/.claude/settings.local.json');
  assert.throws(() => claude.configPath('workspace', { ...where, workspaceFolder: undefined }), ConfigError);
});

test('no settings file yet: one is created with only our group (timeout in seconds), and removing leaves {}', () => {
  const text = claude.install(undefined, commandFor(claude));
  assert.equal(
    text,
    '{\n  "hooks": {\n    "PreToolUse": [\n      {\n        "matcher": "Bash",\n        "hooks": [\n          {\n            "type": "command",\n' +
      '            "command": "/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius hook --agent claude-code --timeout 3600",\n' +
      '            "timeout": 3600\n          }\n        ]\n      }\n    ]\n  }\n}\n',
  );
  assert.equal(claude.remove(text), '{}\n', 'a settings file is shared with other settings: it is never deleted');
});

test('user settings with permissions, env and other hooks: our group is appended to PreToolUse, nothing else moves', () => {
  const original = fixture('claude-code-settings.json');
  const installed = value(assertRoundTrip(claude, original)) as Settings;
  const before = value(original) as Settings;
  assert.deepEqual(installed.hooks.PreToolUse, [...before.hooks.PreToolUse, OURS]);
  assert.deepEqual({ ...installed, hooks: { ...installed.hooks, PreToolUse: before.hooks.PreToolUse } }, before);
});

test('local settings with comments and someone else\'s Bash hook: their group, hook and comments stay as they are', () => {
  const original = fixture('claude-code-settings-local.jsonc');
  const text = assertRoundTrip(claude, original);
  assert.ok(text.includes('// Personal overrides for this repository (git-ignored).'));
  assert.ok(text.includes('{ "type": "command", "command": "~/bin/log-bash.sh" } // keep a log of every command'));
  const installed = value(text) as Settings;
  assert.equal(installed.hooks.PreToolUse.length, 2, 'our hook is in a group of its own, not inside theirs');
  assert.deepEqual(installed.hooks.PreToolUse[1], OURS);
});

test('settings without hooks: a hooks object is added, and removed again with our hook', () => {
  const original = fixture('claude-code-no-hooks.json');
  const installed = value(assertRoundTrip(claude, original)) as Settings;
  assert.deepEqual(installed.hooks, { PreToolUse: [OURS] });
});

test('an older Blast Radius hook (another launcher, another timeout) is updated where it is, not duplicated', () => {
  const original = fixture('claude-code-settings.json');
  const old = claude.install(original, commandFor(claude, OTHER_LAUNCHER).replace(' --timeout 3600', '')).replace('"timeout": 3600', '"timeout": 600');
  assert.deepEqual(claude.installedCommands(old), ["'/Users/dev/Library/Application Support/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius' hook --agent claude-code"]);
  const updated = claude.install(old, commandFor(claude));
  assert.deepEqual((value(updated) as Settings).hooks.PreToolUse[1], OURS);
  assert.deepEqual(claude.installedCommands(updated), [commandFor(claude)]);
  assert.equal(updated, claude.install(original, commandFor(claude)));
});

test('our hook put by hand inside someone else\'s group moves to its own group; their hook stays', () => {
  const original = fixture('claude-code-settings-local.jsonc');
  const mixed = original.replace('{ "type": "command", "command": "~/bin/log-bash.sh" }', `{ "type": "command", "command": "~/bin/log-bash.sh" }, { "type": "command", "command": ${JSON.stringify(commandFor(claude, OTHER_LAUNCHER))} }`);
  const fixed = value(claude.install(mixed, commandFor(claude))) as Settings;
  assert.deepEqual(fixed.hooks.PreToolUse[0].hooks, [{ type: 'command', command: '~/bin/log-bash.sh' }]);
  assert.deepEqual(fixed.hooks.PreToolUse[1], OURS);
  assert.equal(claude.remove(mixed), original.replace('{ "type": "command", "command": "~/bin/log-bash.sh" }', '{ "type": "command", "command": "~/bin/log-bash.sh" }'));
});

test('two copies of our group become one', () => {
  const once = claude.install(fixture('claude-code-no-hooks.json'), commandFor(claude));
  const twice = once.replace('"PreToolUse": [', `"PreToolUse": [\n      ${JSON.stringify(OURS)},`);
  assert.equal(claude.installedCommands(twice).length, 2);
  const fixed = claude.install(twice, commandFor(claude));
  assert.deepEqual((value(fixed) as Settings).hooks.PreToolUse, [OURS]);
  assert.equal(claude.remove(twice), fixture('claude-code-no-hooks.json'));
});

test('commands that only look like ours are someone else\'s', () => {
  for (const command of [
    'blast-radius hook --agent cursor --timeout 3600',
    'echo blast-radius hook --agent claude-code > /tmp/log',
    '/opt/blast-radius-audit hook --agent claude-code',
    'blast-radius hook --agent claude-code --verbose',
  ]) {
    const text = JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command }] }] } }, null, 2);
    assert.deepEqual(claude.installedCommands(text), [], command);
    assert.equal(claude.remove(text), text, command);
  }
});

test('a file that is not valid JSON is refused, saying where, and nothing is written', () => {
  const broken = '{\n  "permissions": {\n    "allow": ["Bash(npm test)"]\n  \n  "hooks": {}\n}\n';
  assert.throws(() => claude.install(broken, commandFor(claude)), (e: unknown) => e instanceof ConfigError && /not valid JSON \(line 5, column 3: comma expected\)/.test(e.message));
  assert.throws(() => claude.remove(broken), ConfigError);
  assert.throws(() => claude.installedCommands(broken), ConfigError);
});

test('shapes Claude Code would not read are refused rather than guessed at', () => {
  for (const text of ['[]', '{"hooks": []}', '{"hooks": {"PreToolUse": {"matcher": "Bash"}}}', '{"hooks": {"PreToolUse": ["npm test"]}}', '{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": "x"}]}}']) {
    assert.throws(() => claude.install(text, commandFor(claude)), ConfigError, text);
  }
});
