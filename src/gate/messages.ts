/**
 * What a blocked agent reads. Written for a model in a loop: say what was blocked and by whom, and
 * tell it plainly to stop and ask the user rather than look for another way to do the same thing.
 * Command text is the agent's own, made inert (no control characters) and shortened.
 */
import { escapeInvisible } from '../core/text';

export function commandSummary(command: string, max = 120): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  const inert = escapeInvisible(flat);
  return inert.length > max ? inert.slice(0, max - 1) + '…' : inert;
}

const STOP = 'Do not retry it, and do not try to reach the same result another way (another tool, a script, an absolute path). Stop and ask the user how to proceed.';

export const messages = {
  declined: (cmd: string) => `Blast Radius: a person reviewed \`${commandSummary(cmd)}\` and declined it. It did not run. ${STOP}`,
  timedOut: (cmd: string, seconds: number) => `Blast Radius: \`${commandSummary(cmd)}\` needed a person's approval and nobody approved it within ${seconds} seconds. It did not run. ${STOP}`,
  frozen: (cmd: string, reason: string) => `Blast Radius: agents are frozen (${commandSummary(reason, 200)}), so \`${commandSummary(cmd)}\` did not run. ${STOP}`,
  breaker: (cmd: string, reason: string) => `Blast Radius: too many destructive commands in a short time (${reason}); agents are now frozen and \`${commandSummary(cmd)}\` did not run. ${STOP}`,
  denied: (cmd: string, rule: string) => `Blast Radius: \`${commandSummary(cmd)}\` is denied by the rule "${commandSummary(rule, 200)}". It did not run. ${STOP}`,
  withdrawn: (cmd: string) => `Blast Radius: the request for \`${commandSummary(cmd)}\` was withdrawn because the waiting process ended.`,
  approved: (cmd: string) => `Blast Radius: a person approved \`${commandSummary(cmd)}\`.`,
  allowed: (cmd: string) => `Blast Radius: \`${commandSummary(cmd)}\` is allowed by policy.`,
};
