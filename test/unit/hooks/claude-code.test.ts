/** Claude Code, PreToolUse (https://code.claude.com/docs/en/hooks): decisions in hookSpecificOutput; no output leaves Claude's own permission flow. */
import { describeHookAdapter } from './support';

const decision = (permissionDecision: string, reason: string) => ({
  hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision, permissionDecisionReason: reason },
});

describeHookAdapter('claude-code', {
  noOpinion: null,
  approved: (m) => decision('allow', m),
  blocked: (m) => decision('deny', m),
  messageOf: (a) => a?.hookSpecificOutput?.permissionDecisionReason,
});
