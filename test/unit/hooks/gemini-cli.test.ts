/** Gemini CLI, BeforeTool (https://geminicli.com/docs/hooks/reference): decision and reason; {} leaves it to Gemini CLI. */
import { describeHookAdapter } from './support';

describeHookAdapter('gemini-cli', {
  noOpinion: {},
  approved: () => ({ decision: 'allow' }),
  blocked: (m) => ({ decision: 'deny', reason: m }),
  messageOf: (a) => a?.reason,
});
