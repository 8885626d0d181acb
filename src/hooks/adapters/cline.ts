/**
 * Cline's PreToolUse hook (an executable named `PreToolUse` in `~/Documents/Cline/Hooks/` or
 * `.clinerules/hooks/`). Protocol: https://docs.cline.bot/features/hooks/hook-reference and the message
 * definitions in Cline's proto/cline/hooks.proto (HookInput, PreToolUseData, HookOutput).
 *
 * In: `{clineVersion, hookName: "PreToolUse", timestamp, taskId, workspaceRoots, userId,
 * preToolUse: {toolName, parameters}}`; parameters are strings. The shell tool is `execute_command` with
 * `parameters.command`. Cline runs commands in the workspace's first root; the input has no other directory.
 * Out (JSON, the last object on stdout is used whatever the exit code): `{cancel, contextModification,
 * errorMessage}`. `cancel: true` blocks the tool and halts the task; `errorMessage` is shown to the user,
 * `contextModification` is added to the conversation for the model. Errors, invalid JSON and the fixed
 * 30-second timeout all let the tool run: only `cancel: true` blocks.
 * Only Cline reads this hook's file; another product's input is recognised all the same (./dialect.ts)
 * and gets that product's own "no opinion".
 */
import { check, commandOf, directoryOf, isRecord, json, wrongEvent, type HookAdapter, type HookAnswer, type HookInput, type HookOutput } from '../adapter';
import { foreignInput } from './dialect';

export const cline: HookAdapter = {
  name: 'cline',
  agent: 'cline',
  displayName: 'Cline',
  defaultTimeoutSeconds: 30,
  protocolUrl: 'https://docs.cline.bot/features/hooks/hook-reference',

  parse(payload: unknown): HookInput {
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'the input is not a JSON object' };
    const foreign = foreignInput(payload, 'cline');
    if (foreign) return foreign;
    const wrong = wrongEvent(payload, 'hookName', 'PreToolUse');
    if (wrong) return wrong;
    const data = payload.preToolUse;
    if (!isRecord(data)) return { kind: 'malformed', reason: 'preToolUse is missing or not an object' };
    // `toolName` per the proto; one documentation page calls it `tool`.
    const tool = data.toolName ?? data.tool;
    if (typeof tool !== 'string' || tool === '') return { kind: 'malformed', reason: 'preToolUse.toolName is missing or not a string' };
    if (tool !== 'execute_command') return { kind: 'pass', reason: `${tool} runs no shell command` };
    const params = data.parameters;
    if (!isRecord(params)) return { kind: 'malformed', reason: 'preToolUse.parameters is missing or not an object' };
    const roots = payload.workspaceRoots;
    const cwd = Array.isArray(roots) ? directoryOf('workspaceRoots[0]', roots[0]) : directoryOf('workspacePath', payload.workspacePath);
    return check('cline', commandOf('preToolUse.parameters.command', params.command), cwd);
  },

  render(answer: HookAnswer): HookOutput {
    if (answer.kind === 'blocked') return json({ cancel: true, errorMessage: answer.message, contextModification: answer.message });
    return json({ cancel: false });
  },
};
