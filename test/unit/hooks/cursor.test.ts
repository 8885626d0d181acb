/** Cursor, beforeShellExecution (https://cursor.com/docs/agent/hooks): every answer carries a permission. */
import { describeHookAdapter } from './support';

describeHookAdapter('cursor', {
  noOpinion: { permission: 'allow' },
  approved: () => ({ permission: 'allow' }),
  blocked: (m) => ({ permission: 'deny', user_message: m, agent_message: m }),
  messageOf: (a) => a?.agent_message,
});
