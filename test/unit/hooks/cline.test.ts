/** Cline, PreToolUse (https://docs.cline.bot/features/hooks/hook-reference): only cancel: true blocks. */
import { describeHookAdapter } from './support';

describeHookAdapter('cline', {
  noOpinion: { cancel: false },
  approved: () => ({ cancel: false }),
  blocked: (m) => ({ cancel: true, errorMessage: m, contextModification: m }),
  messageOf: (a) => a?.errorMessage,
});
