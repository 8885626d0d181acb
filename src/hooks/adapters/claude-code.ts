/**
 * Claude Code's PreToolUse hook. Protocol: https://code.claude.com/docs/en/hooks (PreToolUse input,
 * PreToolUse decision control, exit codes, timeouts).
 *
 * In: `{session_id, transcript_path, cwd, permission_mode, hook_event_name: "PreToolUse", tool_name,
 * tool_input, tool_use_id}`; the shell tool is `Bash` with `tool_input.command` (plus `description`,
 * `timeout`, `run_in_background`). `cwd` is the session's current directory, where Bash runs.
 * Out (exit 0): `hookSpecificOutput {hookEventName: "PreToolUse", permissionDecision: "allow"|"deny"|"ask",
 * permissionDecisionReason}`. The deny reason is shown to Claude; the allow reason to the user. No output
 * leaves the normal permission flow in place. Any exit other than 0 or 2, and a hook killed at its timeout
 * (default 600 s), let the call proceed: src/hooks/run.ts answers before that.
 * `PowerShell` commands are not bash: Blast Radius has no analysis for them and passes them through.
 * Other products run this hook from the same settings files with their own input (./dialect.ts): VS Code
 * (every tool, matchers ignored), Copilot CLI (the repository's files) and Cursor (third-party configs, on by
 * default; `Bash` becomes its `Shell`). Each gets its own "no opinion": `{}` for VS Code (stdout parsed as
 * JSON, no decision), nothing for Copilot CLI (empty output keeps the default), `{"permission":"allow"}` for
 * Cursor (its preToolUse takes a reply without `permission` as invalid and blocks the call).
 */
import { check, commandOf, directoryOf, isRecord, json, wrongEvent, type HookAdapter, type HookAnswer, type HookInput, type HookOutput } from '../adapter';
import { foreignInput } from './dialect';

function decision(permissionDecision: 'allow' | 'deny', reason: string): HookOutput {
  return json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision, permissionDecisionReason: reason } });
}

export const claudeCode: HookAdapter = {
  name: 'claude-code',
  agent: 'claude-code',
  displayName: 'Claude Code',
  defaultTimeoutSeconds: 600,
  protocolUrl: 'https://code.claude.com/docs/en/hooks',

  parse(payload: unknown): HookInput {
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'the input is not a JSON object' };
    const foreign = foreignInput(payload, 'claude-code');
    if (foreign) return foreign;
    const wrong = wrongEvent(payload, 'hook_event_name', 'PreToolUse');
    if (wrong) return wrong;
    const tool = payload.tool_name;
    if (typeof tool !== 'string' || tool === '') return { kind: 'malformed', reason: 'tool_name is missing or not a string' };
    if (tool === 'PowerShell') return { kind: 'pass', reason: 'PowerShell commands are not analysed' };
    if (tool !== 'Bash') return { kind: 'pass', reason: `${tool} runs no shell command` };
    const input = payload.tool_input;
    if (!isRecord(input)) return { kind: 'malformed', reason: 'tool_input is missing or not an object' };
    return check('claude-code', commandOf('tool_input.command', input.command), directoryOf('cwd', payload.cwd));
  },

  render(answer: HookAnswer): HookOutput {
    if (answer.kind === 'no-opinion') return { stdout: '', exitCode: 0 };
    return answer.kind === 'approved' ? decision('allow', answer.message) : decision('deny', answer.message);
  },
};
