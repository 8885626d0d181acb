/**
 * Whose hook input this is (src/hooks/adapters/dialect.ts): decided only by fields one product alone sends,
 * and never by a weak sign when the input carries a product's own shell tool.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialectOf } from '../../../src/hooks/adapters/dialect';

const P = '/home/user/my-project';
const command = { command: 'git push --force origin main' };

const cases: Array<[what: string, payload: Record<string, unknown>, dialect: string | undefined, evidence?: string]> = [
  ['Claude Code', { session_id: 's', transcript_path: '/t.jsonl', cwd: P, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: command, tool_use_id: 'toolu_1' }, 'claude-code', 'permission_mode'],
  ['Claude Code before permission_mode existed: left to the adapter', { session_id: 's', transcript_path: '/t.jsonl', cwd: P, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: command }, undefined],
  ['VS Code, its own common fields', { timestamp: '2026-02-09T10:30:00.000Z', cwd: P, sessionId: 's', hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: command, tool_use_id: 't' }, 'vscode', 'hookEventName'],
  ['VS Code, snake_case common fields', { timestamp: '2026-02-09T10:30:00.000Z', hook_event_name: 'PreToolUse', session_id: 's', cwd: P, tool_name: 'editFiles', tool_input: {}, tool_use_id: 't' }, 'vscode', 'timestamp and tool_use_id'],
  ['VS Code terminal tool without tool_use_id: still VS Code', { timestamp: '2026-02-09T10:30:00.000Z', hook_event_name: 'PreToolUse', cwd: P, tool_name: 'run_in_terminal', tool_input: command }, 'vscode', 'timestamp and tool_name run_in_terminal'],
  ['Copilot CLI, camelCase', { sessionId: 's', timestamp: 1704614600000, cwd: P, toolName: 'bash', toolArgs: '{"command":"ls"}' }, 'copilot-cli', 'toolName'],
  ['Copilot CLI, VS Code compatible, current tool name', { hook_event_name: 'PreToolUse', session_id: 's', timestamp: '2026-02-09T10:30:00.000Z', cwd: P, tool_name: 'Bash', tool_input: command }, 'copilot-cli', 'timestamp and tool_name Bash'],
  ['Copilot CLI shell tool with a tool_use_id a later release might add: still Copilot', { hook_event_name: 'PreToolUse', timestamp: '2026-02-09T10:30:00.000Z', cwd: P, tool_name: 'bash', tool_input: command, tool_use_id: 'x' }, 'copilot-cli'],
  ['Copilot CLI, VS Code compatible, a file read', { hook_event_name: 'PreToolUse', session_id: 's', timestamp: '2026-02-09T10:30:00.000Z', cwd: P, tool_name: 'Read', tool_input: { path: 'a' } }, 'copilot-cli', 'timestamp without tool_use_id'],
  ['Cursor, beforeShellExecution', { conversation_id: 'c', generation_id: 'g', hook_event_name: 'beforeShellExecution', cursor_version: '1.7.2', workspace_roots: [P], command: 'ls', cwd: P }, 'cursor', 'cursor_version'],
  ['Cursor, preToolUse of an imported Claude hook', { conversation_id: 'c', hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: command, cwd: P }, 'cursor', 'conversation_id'],
  ['Gemini CLI', { session_id: 's', transcript_path: '/t.json', cwd: P, hook_event_name: 'BeforeTool', timestamp: '2026-02-09T10:30:00.000Z', tool_name: 'run_shell_command', tool_input: command }, 'gemini-cli', 'hook_event_name BeforeTool'],
  ['Gemini CLI event shared with others (SessionStart): not a tool event, left to the adapter', { session_id: 's', cwd: P, hook_event_name: 'SessionStart', timestamp: '2026-02-09T10:30:00.000Z', source: 'startup' }, undefined],
  ['Cline', { clineVersion: '3.36.0', hookName: 'PreToolUse', taskId: 't', workspaceRoots: [P], preToolUse: { toolName: 'execute_command', parameters: command } }, 'cline', 'clineVersion'],
  ['nothing any product is known to send', { event: 'before_tool', tool: 'shell', input: command, cwd: P }, undefined],
  ['an empty object', {}, undefined],
  ['a field present but undefined does not count', { permission_mode: undefined, hook_event_name: 'PreToolUse', tool_name: 'Bash' }, undefined],
];

for (const [what, payload, dialect, evidence] of cases) {
  test(`${what}: ${dialect ?? 'not recognised'}`, () => {
    const got = dialectOf(payload);
    assert.equal(got?.dialect, dialect);
    if (evidence) assert.equal(got?.evidence, evidence);
  });
}
