/**
 * Short texts for places that render markdown or run links: notifications and the status bar.
 * Anything an agent wrote passes through safeLabel first: a notification turns `[x](command:…)` into a
 * link that runs a command, and `$(icon)` into an icon. No vscode here, so these are unit-tested.
 */
import type { GateStatus } from '../gate/status';
import type { ApprovalRequest } from '../gate/types';
import { escapeInvisible } from '../core/text';

/**
 * Keeps only letters, digits, space, dot, underscore and hyphen, collapses spaces and cuts to `max`
 * characters. Everything else (brackets, colons, `$`, backticks, newlines, non-ASCII) becomes a space.
 */
export function safeLabel(text: string, max = 40): string {
  const clean = text.replace(/[^A-Za-z0-9 ._-]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  if (clean.length <= max) return clean;
  return `${clean.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
}

/**
 * Text from a file someone else may have written (a workspace's hook config: its keys, its path) made
 * safe for a notification, which renders markdown links — `[x](command:…)` would be a clickable command.
 * Paths need their punctuation, so rather than safeLabel's allow-list: invisible characters escaped,
 * brackets and parentheses that could form a link replaced by look-alikes that cannot, length bounded.
 */
export function noticeText(text: string, max = 300): string {
  const flat = escapeInvisible(text.replace(/[\r\n]+/g, ' ')).replace(/\[/g, '［').replace(/\]/g, '］').replace(/\(/g, '（').replace(/\)/g, '）').replace(/</g, '‹').replace(/>/g, '›');
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
}

/** `Blast Radius: an agent wants to run aws - destroys 3 resources, changes 1. 2 more waiting.` */
export function approvalNotice(request: ApprovalRequest, othersWaiting: number): string {
  const tools = [...new Set(request.analysis.actions.filter((a) => a.effect !== 'read').map((a) => safeLabel(a.tool, 24)))].filter(Boolean);
  const toolText = tools.length === 0 ? 'a command' : tools.length > 3 ? `${tools.slice(0, 3).join(', ')} and more` : tools.join(', ');
  const count = (change: string) => request.preview.entries.filter((e) => e.change === change).length;
  const effects = [
    phrase(count('destroy'), 'destroys'),
    phrase(count('change'), 'changes'),
    phrase(count('create'), 'creates'),
  ].filter(Boolean);
  const what = effects.length > 0 ? effects.join(', ') : 'needs your approval';
  const typed = request.decision.confirmation === 'type' ? ' Typed confirmation needed.' : '';
  const more = othersWaiting > 0 ? ` ${othersWaiting} more waiting.` : '';
  return `Blast Radius: an agent wants to run ${toolText} - ${what}.${typed}${more}`;
}

function phrase(n: number, verb: string): string {
  if (n === 0) return '';
  return `${verb} ${n} ${n === 1 ? 'resource' : 'resources'}`;
}

/** After the person closed the panel with requests still waiting. */
export function stillWaitingNotice(waiting: number): string {
  const requests = waiting === 1 ? '1 agent request is' : `${waiting} agent requests are`;
  return `Blast Radius: ${requests} still waiting for you. Nothing runs until you approve; unanswered requests are blocked when they time out.`;
}

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** The command a click runs, if any. */
  command?: string;
  /** Draw attention (warning background). */
  attention: boolean;
}

export const SHOW_APPROVALS_COMMAND = 'blastRadius.showApprovals';

export function statusBarView(s: GateStatus): StatusBarView {
  const waiting = s.pending > 0 ? `${s.pending} waiting` : '';
  if (s.frozen) {
    const reason = safeLabel(s.frozenReason ?? '', 120);
    return {
      text: `$(debug-pause) Agents frozen${waiting ? ` · ${waiting}` : ''}`,
      tooltip: `Blast Radius: agents' commands are blocked${reason ? ` (${reason})` : ''}.`,
      ...(waiting ? { command: SHOW_APPROVALS_COMMAND } : {}),
      attention: true,
    };
  }
  if (s.pending > 0) {
    return {
      text: `$(bell) ${waiting}`,
      tooltip: `Blast Radius: ${s.pending === 1 ? '1 agent request waits' : `${s.pending} agent requests wait`} for your approval. Click to review.`,
      command: SHOW_APPROVALS_COMMAND,
      attention: true,
    };
  }
  return { text: '$(shield) Blast Radius', tooltip: "Blast Radius is guarding agents' commands.", attention: false };
}
