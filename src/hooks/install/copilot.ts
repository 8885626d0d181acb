/**
 * GitHub Copilot agent mode in VS Code: agent hooks.
 * Source: https://code.visualstudio.com/docs/copilot/customization/hooks
 *   (reference: https://code.visualstudio.com/docs/agents/reference/hooks-reference)
 *
 * Where: workspace `.github/hooks/*.json`; user `~/.copilot/hooks/*.json` (VS Code reads every `*.json`
 * in those folders; `chat.hookFilesLocations` can add or switch off locations). We write a file of our
 * own in either folder, so nobody else's file is touched.
 * Shape: `{"hooks": {"PreToolUse": [{"type": "command", "command": "...", "timeout": 30}]}}`; `timeout`
 * in seconds (default 30). VS Code ignores matchers, so PreToolUse runs for every tool and the hook
 * itself passes tools that are not the terminal.
 * Note: Copilot CLI reads the same two folders (and maps PascalCase `PreToolUse` to its VS Code
 * compatible payload), so this entry also runs in Copilot CLI, with Copilot CLI's payload.
 */
import * as path from 'node:path';
import { flatInstaller } from './json-hooks';
import { HOOK_TIMEOUT_SECONDS, requireWorkspace } from './model';

export const copilotInstaller = flatInstaller({
  agent: 'copilot',
  hookName: 'vscode',
  displayName: 'GitHub Copilot (VS Code agent mode)',
  docs: 'https://code.visualstudio.com/docs/copilot/customization/hooks',
  event: 'PreToolUse',
  commandFields: ['command'],
  entry: (command) => ({ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }),
  ownsFile: true,
  configPath: (scope, where) =>
    scope === 'user'
      ? path.join(where.home, '.copilot', 'hooks', 'blast-radius-copilot.json')
      : path.join(requireWorkspace(where, 'Copilot'), '.github', 'hooks', 'blast-radius-copilot.json'),
});
