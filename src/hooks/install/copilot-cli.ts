/**
 * GitHub Copilot CLI: command hooks.
 * Source: https://docs.github.com/en/copilot/reference/hooks-reference
 *   (how-to: https://docs.github.com/en/copilot/how-tos/copilot-cli/customize-copilot/use-hooks)
 *
 * Where: repository `.github/hooks/*.json`; user `~/.copilot/hooks/*.json`
 * (`%USERPROFILE%\.copilot\hooks\` on Windows, `$COPILOT_HOME/hooks/` when COPILOT_HOME is set). We write
 * a file of our own there. (Inline `hooks` in `~/.copilot/settings.json` is documented too, but older
 * CLI versions did not run hooks from there, so the folder is the dependable place.)
 * Shape: `{"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash": "...", "timeoutSec": 30}]}}`;
 * `timeoutSec` in seconds (default 30; `timeout` is an alias). The camelCase event gives the native
 * payload (`toolName`, `toolArgs`). preToolUse takes no matcher: it runs for every tool.
 * A command hook that crashes or exits non-zero denies the call, but a timeout lets it proceed, hence
 * the long timeout.
 * Note: VS Code reads `~/.copilot/hooks` and `.github/hooks` too (it maps `preToolUse` to `PreToolUse`
 * and `bash` to its Linux and macOS commands), so this entry also runs in VS Code with VS Code's payload.
 */
import * as path from 'node:path';
import { flatInstaller } from './json-hooks';
import { HOOK_TIMEOUT_SECONDS, requireWorkspace } from './model';

export const copilotCliInstaller = flatInstaller({
  agent: 'copilot-cli',
  hookName: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  docs: 'https://docs.github.com/en/copilot/reference/hooks-reference',
  event: 'preToolUse',
  commandFields: ['bash', 'command'],
  entry: (command) => ({ type: 'command', bash: command, timeoutSec: HOOK_TIMEOUT_SECONDS }),
  header: { version: 1 },
  ownsFile: true,
  configPath: (scope, where) =>
    scope === 'user'
      ? path.join(where.env.COPILOT_HOME || path.join(where.home, '.copilot'), 'hooks', 'blast-radius-copilot-cli.json')
      : path.join(requireWorkspace(where, 'Copilot CLI'), '.github', 'hooks', 'blast-radius-copilot-cli.json'),
});
