/**
 * Claude Code: hooks in its settings files.
 * Source: https://code.claude.com/docs/en/hooks (formerly https://docs.anthropic.com/en/docs/claude-code/hooks)
 *
 * Where: user `~/.claude/settings.json` (`%USERPROFILE%\.claude\settings.json` on Windows); project
 * `.claude/settings.json` (shared, committed) and `.claude/settings.local.json` (personal, git-ignored).
 * The workspace scope writes the local file: the hook names a program on this computer, which a
 * teammate's checkout would not have.
 * Shape: `{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "...",
 * "timeout": 600}]}]}}`; `timeout` in seconds (default 600). A timed-out hook does not block the call,
 * hence a timeout longer than the gate ever waits.
 * Note: VS Code reads these same three files for Copilot agent hooks (matchers ignored), and Cursor
 * reads them when third-party hooks are switched on, so this entry can run there too with their payloads.
 */
import * as path from 'node:path';
import { groupedInstaller } from './json-hooks';
import { HOOK_TIMEOUT_SECONDS, requireWorkspace } from './model';

export const claudeCodeInstaller = groupedInstaller({
  agent: 'claude-code',
  hookName: 'claude-code',
  displayName: 'Claude Code',
  docs: 'https://code.claude.com/docs/en/hooks',
  event: 'PreToolUse',
  matcher: 'Bash',
  hook: (command) => ({ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }),
  configPath: (scope, where) =>
    scope === 'user'
      ? path.join(where.home, '.claude', 'settings.json')
      : path.join(requireWorkspace(where, 'Claude Code'), '.claude', 'settings.local.json'),
});
