/**
 * Cursor's beforeShellExecution hook. Protocol: https://cursor.com/docs/agent/hooks (Reference → Hook
 * events → beforeShellExecution / beforeMCPExecution).
 *
 * In: common fields `{conversation_id, generation_id, model, hook_event_name, cursor_version,
 * workspace_roots, user_email}` plus `{command, cwd}`: the full terminal command and where it runs.
 * Out: `{permission: "allow"|"deny"|"ask", user_message, agent_message}`: `user_message` is shown in the
 * client, `agent_message` is sent to the agent. Every answer carries `permission` (a permission hook that
 * prints nothing counts as a failure), so "no opinion" is `allow`. The event only fires for shell
 * commands: any other event means the hook was installed in the wrong place.
 * Only Cursor reads this hook's file; another product's input is recognised all the same (./dialect.ts)
 * and gets that product's own "no opinion".
 */
import { check, commandOf, directoryOf, isRecord, json, wrongEvent, type HookAdapter, type HookAnswer, type HookInput, type HookOutput } from '../adapter';
import { foreignInput } from './dialect';

export const cursor: HookAdapter = {
  name: 'cursor',
  agent: 'cursor',
  displayName: 'Cursor',
  defaultTimeoutSeconds: 30,
  protocolUrl: 'https://cursor.com/docs/agent/hooks',

  parse(payload: unknown): HookInput {
    if (!isRecord(payload)) return { kind: 'malformed', reason: 'the input is not a JSON object' };
    const foreign = foreignInput(payload, 'cursor');
    if (foreign) return foreign;
    const wrong = wrongEvent(payload, 'hook_event_name', 'beforeShellExecution');
    if (wrong) return wrong;
    // `cwd` is where the command runs; an older input without it runs in the first workspace root.
    const roots = payload.workspace_roots;
    const absent = payload.cwd === undefined || payload.cwd === null || payload.cwd === '';
    const cwd = absent ? directoryOf('workspace_roots[0]', Array.isArray(roots) ? roots[0] : undefined) : directoryOf('cwd', payload.cwd);
    return check('cursor', commandOf('command', payload.command), cwd);
  },

  render(answer: HookAnswer): HookOutput {
    if (answer.kind === 'blocked') return json({ permission: 'deny', user_message: answer.message, agent_message: answer.message });
    return json({ permission: 'allow' });
  },
};
