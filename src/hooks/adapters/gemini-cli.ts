/**
 * Gemini CLI's BeforeTool hook. Protocol: https://geminicli.com/docs/hooks/reference (Global hook
 * mechanics, Base input schema, BeforeTool); the shell tool: https://geminicli.com/docs/tools/shell and
 * ShellToolParams in packages/core/src/tools/shell.ts.
 *
 * In: `{session_id, transcript_path, cwd, hook_event_name: "BeforeTool", timestamp, tool_name, tool_input,
 * mcp_context?}`. The shell tool is `run_shell_command` with `tool_input.command` and an optional directory
 * relative to the project root: `dir_path` (current) or `directory` (older releases).
 * Out (exit 0, stdout must be only the JSON): `{decision: "allow"|"deny", reason}`; the reason is sent to
 * the agent as the tool's error and the turn continues. `{}` leaves the decision to Gemini CLI. Exit 2
 * blocks with stderr as the reason; other codes only warn. Timeout: `timeout` milliseconds, default 60000.
 * Only Gemini CLI reads this hook's file; another product's input is recognised all the same (./dialect.ts)
 * and gets that product's own "no opinion".
 */
import * as path from 'node:path';
import { check, commandOf, directoryOf, isRecord, json, wrongEvent, type HookAdapter, type HookAnswer, type HookInput, type HookOutput } from '../adapter';
import { foreignInput } from './dialect';

export const geminiCli: HookAdapter = {
  name: 'gemini-cli',
  agent: 'gemini-cli',
  displayName: 'Gemini CLI',
  defaultTimeoutSeconds: 60,
  protocolUrl: 'https://geminicli.com/docs/hooks/reference',

  parse(payload: unknown): HookInput {
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'the input is not a JSON object' };
    const foreign = foreignInput(payload, 'gemini-cli');
    if (foreign) return foreign;
    const wrong = wrongEvent(payload, 'hook_event_name', 'BeforeTool');
    if (wrong) return wrong;
    const tool = payload.tool_name;
    if (typeof tool !== 'string' || tool === '') return { kind: 'malformed', reason: 'tool_name is missing or not a string' };
    if (tool !== 'run_shell_command') return { kind: 'pass', reason: `${tool} runs no shell command` };
    const input = payload.tool_input;
    if (!isRecord(input)) return { kind: 'malformed', reason: 'tool_input is missing or not an object' };
    const root = directoryOf('cwd', payload.cwd);
    const dirField = input.dir_path !== undefined ? 'dir_path' : 'directory';
    const dir = input[dirField];
    let cwd = root;
    if (dir !== undefined && dir !== '' && typeof root === 'string') {
      if (typeof dir !== 'string' || dir.includes('\0')) return { kind: 'malformed', reason: `tool_input.${dirField} is not a string` };
      cwd = directoryOf(`tool_input.${dirField}`, path.resolve(root, dir));
    }
    return check('gemini-cli', commandOf('tool_input.command', input.command), cwd);
  },

  render(answer: HookAnswer): HookOutput {
    if (answer.kind === 'no-opinion') return json({});
    return answer.kind === 'approved' ? json({ decision: 'allow' }) : json({ decision: 'deny', reason: answer.message });
  },
};
