/**
 * Cursor: agent hooks.
 * Source: https://cursor.com/docs/agent/hooks
 *
 * Where: user `~/.cursor/hooks.json` (`%USERPROFILE%\.cursor\hooks.json` on Windows); project
 * `.cursor/hooks.json`. (Enterprise files in system folders and team hooks from the dashboard are an
 * administrator's, never touched.)
 * Shape: `{"version": 1, "hooks": {"beforeShellExecution": [{"command": "...", "timeout": 30,
 * "failClosed": true}]}}`; `timeout` in seconds. `failClosed: true` makes a hook that crashes, times out
 * or answers nonsense block the command instead of letting it through.
 */
import * as path from 'node:path';
import { flatInstaller } from './json-hooks';
import { HOOK_TIMEOUT_SECONDS, requireWorkspace } from './model';

export const cursorInstaller = flatInstaller({
  agent: 'cursor',
  hookName: 'cursor',
  displayName: 'Cursor',
  docs: 'https://cursor.com/docs/agent/hooks',
  event: 'beforeShellExecution',
  commandFields: ['command'],
  entry: (command) => ({ command, timeout: HOOK_TIMEOUT_SECONDS, failClosed: true }),
  header: { version: 1 },
  ownsFile: false,
  configPath: (scope, where) =>
    scope === 'user' ? path.join(where.home, '.cursor', 'hooks.json') : path.join(requireWorkspace(where, 'Cursor'), '.cursor', 'hooks.json'),
});
