/**
 * GitHub Copilot CLI's preToolUse hook. Protocol: https://docs.github.com/en/copilot/reference/hooks-reference
 * (Hook event input payloads → preToolUse, preToolUse decision control, Tool names, Exit codes) and
 * https://docs.github.com/en/copilot/reference/hooks-configuration (Pre-tool use hook).
 *
 * In (event configured as `preToolUse`): `{sessionId, timestamp, cwd, toolName, toolArgs}`, where
 * `toolArgs` is the arguments object or, in older releases, a JSON string of it. Configured as
 * `PreToolUse`, the same arrives VS Code style: `{hook_event_name, session_id, timestamp, cwd, tool_name,
 * tool_input}`. The shell tool is `bash` (`powershell` on Windows: not analysed, passed through) with
 * `command`; the VS Code compatible input names it `Bash`, the Claude name (current releases give
 * `powershell` that name too, so it is checked as bash there).
 * VS Code runs this hook from the same `.github/hooks` and `~/.copilot/hooks` folders (with `preToolUse`
 * mapped to `PreToolUse`) on every tool, with its own input (./dialect.ts): it gets VS Code's "no opinion",
 * `{}`. The vscode hook gates those commands.
 * Out (exit 0): `{permissionDecision: "allow"|"deny"|"ask", permissionDecisionReason}`; the reason is shown
 * to the agent. Empty output keeps the default behaviour. Exit 2 is only a warning for this event, other
 * codes and timeouts (`timeoutSec`, default 30) are skipped: a block must be the JSON deny.
 */
import { check, commandOf, directoryOf, isRecord, json, type HookAdapter, type HookAnswer, type HookInput, type HookOutput } from '../adapter';
import { foreignInput } from './dialect';

const SHELL_TOOLS = new Set(['bash', 'Bash']);

export const copilotCli: HookAdapter = {
  name: 'copilot-cli',
  agent: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  defaultTimeoutSeconds: 30,
  protocolUrl: 'https://docs.github.com/en/copilot/reference/hooks-reference',

  parse(payload: unknown): HookInput {
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'the input is not a JSON object' };
    const foreign = foreignInput(payload, 'copilot-cli');
    if (foreign) return foreign;
    const event = payload.hook_event_name;
    if (event !== undefined && event !== 'PreToolUse' && event !== 'preToolUse') {
      return { kind: 'malformed', reason: `hook_event_name is ${JSON.stringify(String(event).slice(0, 60))}, not preToolUse (the hook is installed on the wrong event)` };
    }
    const camel = payload.toolName !== undefined;
    const tool = camel ? payload.toolName : payload.tool_name;
    if (typeof tool !== 'string' || tool === '') return { kind: 'malformed', reason: 'toolName is missing or not a string' };
    if (tool === 'powershell') return { kind: 'pass', reason: 'PowerShell commands are not analysed' };
    if (!SHELL_TOOLS.has(tool)) return { kind: 'pass', reason: `${tool} runs no shell command` };
    const field = camel ? 'toolArgs' : 'tool_input';
    let args = payload[field];
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        return { kind: 'malformed', reason: `${field} is a string that is not JSON` };
      }
    }
    if (!isRecord(args)) return { kind: 'malformed', reason: `${field} is missing or not an object` };
    return check('copilot-cli', commandOf(`${field}.command`, args.command), directoryOf('cwd', payload.cwd));
  },

  render(answer: HookAnswer): HookOutput {
    if (answer.kind === 'no-opinion') return { stdout: '', exitCode: 0 };
    return json({ permissionDecision: answer.kind === 'approved' ? 'allow' : 'deny', permissionDecisionReason: answer.message });
  },
};
