/** GitHub Copilot CLI, preToolUse (https://docs.github.com/en/copilot/reference/hooks-reference): empty output keeps the default. */
import { describeHookAdapter } from './support';

describeHookAdapter('copilot-cli', {
  noOpinion: null,
  approved: (m) => ({ permissionDecision: 'allow', permissionDecisionReason: m }),
  blocked: (m) => ({ permissionDecision: 'deny', permissionDecisionReason: m }),
  messageOf: (a) => a?.permissionDecisionReason,
});
