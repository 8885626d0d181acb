/**
 * When a chat tool's confirmation may count as a person's approval, and the one-time tickets that
 * bind such an approval to the exact input and preview it was given for. No vscode: the caller reads
 * the editor's facts and settings and hands them in.
 *
 * Why this is narrow. VS Code tells a tool neither whether its confirmation was shown (prepareInvocation
 * is not told whether it will be auto-approved, invoke is not told whether it was) nor why it ran. What
 * its source does (src/vs/workbench/contrib/chat/browser/…/languageModelToolsService.ts):
 *  - `chat.tools.global.autoApprove` (formerly `chat.tools.autoApprove`), true or a map by tool id,
 *    confirms every call after a one-time opt-in; "Always allow" per tool (session, workspace, profile)
 *    confirms later calls; both only for tools eligible for auto approval.
 *  - `chat.tools.eligibleForAutoApproval` maps a tool's reference name to false to make it ineligible;
 *    the editor then always shows a confirmation, before versions with session permission levels.
 *    Older builds look the tool up by its `toolReferenceName`, newer ones by `<extension id>/<name>`.
 *  - From VS Code 1.110 on, a chat session's permission level (Bypass Approvals, Autopilot: setting
 *    `chat.permissions.default`, the picker, `/yolo`) confirms every tool call *before* eligibility is
 *    looked at, and the Assisted level lets a model judge approve calls. Only an enterprise policy on
 *    `chat.tools.global.autoApprove` stops it, and an extension can read neither the session's level
 *    nor policy values.
 *  - Forks (Cursor, Windsurf, Kiro, …) run agents with their own auto-run rules.
 * So the chat click counts only where the editor is one whose rules we have read and that cannot skip
 * the confirmation: Microsoft's VS Code before 1.110, with the setting registered and every name our
 * tool may be looked up by set to false. Everywhere else the panel asks (the gate's own approval), and
 * the chat confirmation is a preview with an early Cancel.
 */
import { createHash } from 'node:crypto';

export interface EditorFacts {
  /** vscode.env.appName. */
  appName: string;
  /** vscode.version. */
  version: string;
  /** Whether the editor registers `chat.tools.eligibleForAutoApproval`. */
  eligibilityRegistered: boolean;
  /** Its effective value. */
  eligibility: unknown;
  /** Whether the editor registers a session permission level (`chat.permissions.default`, `chat.autopilot.enabled`). */
  sessionLevelsRegistered: boolean;
  /** Every key the editor may look this tool up by in the eligibility map. */
  referenceNames: readonly string[];
}

export interface Trust {
  counts: boolean;
  /** For the log: why the chat click does or does not count. */
  why: string;
}

/** The first VS Code release whose chat sessions can confirm every tool call themselves. */
const SESSION_AUTO_APPROVAL_SINCE: readonly [number, number] = [1, 110];

function versionBefore(version: string, limit: readonly [number, number]): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < limit[0] || (major === limit[0] && minor < limit[1]);
}

export function chatConfirmationCounts(f: EditorFacts): Trust {
  if (!/^Visual Studio Code( - Insiders)?$/.test(f.appName)) return { counts: false, why: `${f.appName} may confirm tools by its own rules` };
  if (!versionBefore(f.version, SESSION_AUTO_APPROVAL_SINCE)) {
    return { counts: false, why: `VS Code ${f.version} can confirm every tool call of a chat session (Bypass Approvals, Autopilot, Assisted)` };
  }
  if (f.sessionLevelsRegistered) return { counts: false, why: 'this VS Code has chat permission levels that confirm every tool call' };
  if (!f.eligibilityRegistered) return { counts: false, why: 'this VS Code cannot exclude tools from auto approval' };
  const map = f.eligibility;
  const excluded = typeof map === 'object' && map !== null && f.referenceNames.length > 0 && f.referenceNames.every((n) => (map as Record<string, unknown>)[n] === false);
  if (!excluded) {
    return { counts: false, why: `chat.tools.eligibleForAutoApproval does not set ${f.referenceNames.map((n) => JSON.stringify(n)).join(' and ')} to false` };
  }
  return { counts: true, why: 'VS Code always shows this tool’s confirmation' };
}

/** A stable key for one tool input: the same call gives the same key, whatever its key order. */
export function inputKey(tool: string, input: unknown): string {
  return createHash('sha256').update(JSON.stringify([tool, canonical(input)])).digest('hex');
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

interface Ticket {
  key: string;
  previewHash: string;
  expiresAt: number;
}

/**
 * One-time tickets: prepareInvocation issues one when it showed a confirmation that counts, invoke
 * takes it for the same input. A ticket is used once, expires, and the store stays small (a prepared
 * call is not always invoked).
 */
export class ConfirmationTickets {
  private tickets: Ticket[] = [];

  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
    private readonly max = 64,
  ) {}

  issue(key: string, previewHash: string): void {
    this.prune();
    this.tickets.push({ key, previewHash, expiresAt: this.now() + this.ttlMs() });
    if (this.tickets.length > this.max) this.tickets.splice(0, this.tickets.length - this.max);
  }

  /** The oldest live ticket for this input, removed; undefined when there is none. */
  take(key: string): { previewHash: string } | undefined {
    this.prune();
    const i = this.tickets.findIndex((t) => t.key === key);
    if (i < 0) return undefined;
    const [t] = this.tickets.splice(i, 1);
    return { previewHash: t.previewHash };
  }

  get size(): number {
    this.prune();
    return this.tickets.length;
  }

  private prune(): void {
    const now = this.now();
    this.tickets = this.tickets.filter((t) => t.expiresAt > now);
  }
}
