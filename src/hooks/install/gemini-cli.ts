/**
 * Gemini CLI: hooks in its settings files.
 * Source: https://geminicli.com/docs/hooks/ (https://github.com/google-gemini/gemini-cli/blob/main/docs/hooks/index.md,
 *   reference: https://github.com/google-gemini/gemini-cli/blob/main/docs/hooks/reference.md)
 *
 * Where: user `~/.gemini/settings.json` (`%USERPROFILE%\.gemini\settings.json` on Windows); project
 * `.gemini/settings.json` (project hooks run only in trusted folders, and a changed hook is announced
 * as new before it runs). System `/etc/gemini-cli/settings.json` is an administrator's, never touched.
 * Shape: `{"hooks": {"BeforeTool": [{"matcher": "run_shell_command", "hooks": [{"name": "...",
 * "type": "command", "command": "...", "timeout": 60000}]}]}}`; `timeout` in MILLISECONDS (default
 * 60000). A timed-out hook is a warning and the tool runs, hence the long timeout.
 */
import * as path from 'node:path';
import { groupedInstaller } from './json-hooks';
import { HOOK_TIMEOUT_SECONDS, requireWorkspace } from './model';

export const geminiCliInstaller = groupedInstaller({
  agent: 'gemini-cli',
  hookName: 'gemini-cli',
  displayName: 'Gemini CLI',
  docs: 'https://geminicli.com/docs/hooks/',
  event: 'BeforeTool',
  matcher: 'run_shell_command',
  hook: (command) => ({
    name: 'blast-radius',
    type: 'command',
    command,
    timeout: HOOK_TIMEOUT_SECONDS * 1000,
    description: 'Blast Radius: shows what a shell command would change and asks before destructive ones',
  }),
  configPath: (scope, where) =>
    scope === 'user' ? path.join(where.home, '.gemini', 'settings.json') : path.join(requireWorkspace(where, 'Gemini CLI'), '.gemini', 'settings.json'),
});
