/**
 * VS Code agent hooks (GitHub Copilot agent mode), PreToolUse. Protocol:
 * https://code.visualstudio.com/docs/copilot/customization/hooks and
 * https://code.visualstudio.com/docs/agents/reference/hooks-reference ; the terminal tool's id and input
 * schema: `run_in_terminal` {command, explanation, isBackground} in VS Code's runInTerminalTool.ts.
 *
 * In: common fields `{timestamp, cwd, sessionId, hookEventName, transcript_path}` plus `{tool_name,
 * tool_input, tool_use_id}`. VS Code ignores matchers, so the hook sees every tool: only the terminal tool
 * is checked. `cwd` is the workspace; the terminal's own directory is not in the input.
 * Out (exit 0, stdout parsed as JSON): `hookSpecificOutput {hookEventName, permissionDecision:
 * "allow"|"deny"|"ask", permissionDecisionReason, additionalContext}`; the reason is shown to the user,
 * `additionalContext` reaches the model, so a block carries the message in both. Exit 2 is a blocking
 * error, other codes a warning that lets the call proceed. Timeout: `timeout` seconds, default 30.
 * Copilot CLI, and VS Code's Copilot harness (the same runtime), run this hook from the shared
 * `.github/hooks` and `~/.copilot/hooks` folders with Copilot's own input, camelCase or VS Code compatible
 * (./dialect.ts): it gets Copilot's "no opinion", empty output (the default behaviour). The copilot-cli hook
 * gates those commands.
 */
import { check, commandOf, directoryOf, isRecord, json, type HookAdapter, type HookAnswer, type HookInput, type HookOutput } from '../adapter';
import { foreignInput, VSCODE_TERMINAL_TOOLS as TERMINAL_TOOLS } from './dialect';

export const vscode: HookAdapter = {
  name: 'vscode',
  agent: 'copilot',
  displayName: 'VS Code agent mode',
  defaultTimeoutSeconds: 30,
  protocolUrl: 'https://code.visualstudio.com/docs/copilot/customization/hooks',

  parse(payload: unknown): HookInput {
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'the input is not a JSON object' };
    const foreign = foreignInput(payload, 'vscode');
    if (foreign) return foreign;
    // The event is `hookEventName` in VS Code's own format, `hook_event_name` in the Claude-compatible one.
    const event = payload.hookEventName ?? payload.hook_event_name;
    if (event !== undefined && event !== 'PreToolUse') {
      return { kind: 'malformed', reason: `the event is ${JSON.stringify(String(event).slice(0, 60))}, not PreToolUse (the hook is installed on the wrong event)` };
    }
    const tool = payload.tool_name;
    if (typeof tool !== 'string' || tool === '') return { kind: 'malformed', reason: 'tool_name is missing or not a string' };
    if (!TERMINAL_TOOLS.has(tool)) return { kind: 'pass', reason: `${tool} runs no shell command` };
    const input = payload.tool_input;
    if (!isRecord(input)) return { kind: 'malformed', reason: 'tool_input is missing or not an object' };
    return check('copilot', commandOf('tool_input.command', input.command), directoryOf('cwd', payload.cwd));
  },

  render(answer: HookAnswer): HookOutput {
    if (answer.kind === 'no-opinion') return json({});
    if (answer.kind === 'approved') {
      return json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: answer.message } });
    }
    return json({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: answer.message, additionalContext: answer.message },
    });
  },
};
