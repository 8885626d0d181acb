/**
 * One command, two interceptors. An agent whose hook asked the gate (VS Code's Copilot, Claude Code)
 * often runs the approved command in an integrated terminal, where the shims ask the gate again: the
 * person would be asked twice about the same thing. A hook's approval therefore covers the same actions
 * once, when a shim asks about them shortly after — and nothing else: same tool, operation, effect and
 * exact targets (the live preview included, so a changed state asks again), one use per approved action,
 * within a minute. A repeat by the agent after that is asked like any other request.
 */
import type { Action, Analysis } from '../core';

export const HOOK_APPROVAL_WINDOW_MS = 60_000;

interface Covered {
  signature: string;
  approvedBy: string;
  expires: number;
}

/** What an action does to what, in a form two analyses of the same command agree on. */
function signature(action: Action): string {
  const targets = action.targets.map((t) => `${t.change} ${t.id}${t.count !== undefined ? ` ×${t.count}` : ''}`).sort();
  return JSON.stringify([action.tool, action.operation, action.effect, action.recoverable, targets]);
}

/** The actions a person was asked about: reads never need covering. */
function asked(analysis: Analysis): Action[] {
  return analysis.actions.filter((a) => a.effect !== 'read');
}

export class HookApprovals {
  private covered: Covered[] = [];

  constructor(private readonly now: () => number) {}

  /** A person approved a hook's request: its actions may be run once more through a shim, soon. */
  record(analysis: Analysis, requestId: string): void {
    const expires = this.now() + HOOK_APPROVAL_WINDOW_MS;
    this.prune();
    for (const action of asked(analysis)) this.covered.push({ signature: signature(action), approvedBy: requestId, expires });
  }

  /**
   * The request id of the hook approval that covers every action of this analysis, consuming the
   * covering entries; undefined (nothing consumed) when any action is not covered.
   */
  take(analysis: Analysis): string | undefined {
    this.prune();
    const actions = asked(analysis);
    if (actions.length === 0) return undefined;
    const used = new Set<number>();
    for (const action of actions) {
      const s = signature(action);
      const at = this.covered.findIndex((c, i) => !used.has(i) && c.signature === s);
      if (at < 0) return undefined;
      used.add(at);
    }
    const approvedBy = this.covered[[...used][0]].approvedBy;
    this.covered = this.covered.filter((_, i) => !used.has(i));
    return approvedBy;
  }

  private prune(): void {
    const now = this.now();
    this.covered = this.covered.filter((c) => c.expires > now);
  }
}
