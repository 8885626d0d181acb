/** VS Code agent hooks, PreToolUse (https://code.visualstudio.com/docs/copilot/customization/hooks): a block also reaches the model as additionalContext. */
import { describeHookAdapter } from './support';

describeHookAdapter('vscode', {
  noOpinion: {},
  approved: (m) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: m } }),
  blocked: (m) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: m, additionalContext: m } }),
  messageOf: (a) => a?.hookSpecificOutput?.permissionDecisionReason,
});
