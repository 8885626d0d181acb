/**
 * The messages between the extension and the approval webview, defined once for both ends.
 * Everything an agent wrote travels as data in these messages and is set with `textContent` by
 * media/approval.js; nothing from a request is ever part of the HTML. Messages from the webview are
 * checked field by field (parseWebviewMessage): the extension acts only on what passes.
 * No vscode here, so the checks run in plain unit tests.
 */
import type { PreviewEntry } from '../core/preview';
import type { Verdict } from '../core/policy/decide';
import type { ApprovalRequest, ResolvingInfo } from '../gate/types';

// ---- extension → webview ----------------------------------------------------------------------

/** A preview entry as the webview receives it: the preview's own shape, sent as data. */
export type ShownEntry = PreviewEntry;

export interface ShownReason {
  rule: string;
  verdict: Verdict;
  message: string;
}

/** One request as the webview shows it: only what the person reads, with invisible characters made visible. */
export interface ShownRequest {
  id: string;
  previewHash: string;
  command: string;
  agent: string;
  cwd: string;
  /** Time left when the message was sent; the webview counts down from its own clock. */
  remainingMs: number;
  summary: string;
  where: string[];
  entries: ShownEntry[];
  warnings: string[];
  reasons: ShownReason[];
  /** `type`: Approve needs `typeToConfirm` typed exactly. */
  confirmation: 'click' | 'type';
  typeToConfirm?: string;
  /** The request carries live before/after states: the panel offers the side-by-side view. */
  canCompare: boolean;
}

export interface WaitingRequest {
  id: string;
  /** The command, shortened for the queue list. */
  command: string;
  /** Not asked yet: the gate is still reading the live state of what it would touch. */
  resolving?: true;
}

export interface StateMessage {
  type: 'state';
  /** The request the buttons answer, or null when nothing waits. */
  request: ShownRequest | null;
  /** The others, in the order they will be shown. */
  waiting: WaitingRequest[];
}

/** The extension did not accept an answer (stale, too early, wrong text): the webview says why. */
export interface RefusedMessage {
  type: 'refused';
  message: string;
}

export type ToWebview = StateMessage | RefusedMessage;

// ---- webview → extension ----------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
}

/** An approval names the request and the preview it was given for, so it cannot land on another one. */
export interface ApproveMessage {
  type: 'approve';
  requestId: string;
  previewHash: string;
  /** `pointer`: a mouse or touch click. `keyboard`: any other activation, which needs a typed word. */
  via: 'pointer' | 'keyboard';
  /** What was in the confirmation box ('' when empty). */
  typed: string;
}

export interface RejectMessage {
  type: 'reject';
  requestId: string;
  previewHash: string;
}

/** Open the side-by-side view of a request's current and after states. Answers nothing. */
export interface DiffMessage {
  type: 'diff';
  requestId: string;
}

export type FromWebview = ReadyMessage | ApproveMessage | RejectMessage | DiffMessage;

/** The word a keyboard user types to approve a request that needs only a click. */
export const KEYBOARD_APPROVE_WORD = 'approve';

export const LIMITS = { id: 200, previewHash: 200, typed: 1024 } as const;

export type Parsed = { ok: true; message: FromWebview } | { ok: false; problem: string };

/** Accepts exactly the four message shapes above: no missing, extra or mistyped field, no oversized string. */
export function parseWebviewMessage(raw: unknown): Parsed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('not an object');
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return onlyKeys(m, ['type']) ?? { ok: true, message: { type: 'ready' } };
    case 'approve': {
      const problem =
        onlyKeys(m, ['type', 'requestId', 'previewHash', 'via', 'typed']) ??
        boundedString(m, 'requestId', LIMITS.id) ??
        boundedString(m, 'previewHash', LIMITS.previewHash) ??
        boundedString(m, 'typed', LIMITS.typed, true) ??
        (m.via === 'pointer' || m.via === 'keyboard' ? undefined : fail('via must be "pointer" or "keyboard"'));
      if (problem) return problem;
      return { ok: true, message: { type: 'approve', requestId: m.requestId as string, previewHash: m.previewHash as string, via: m.via as ApproveMessage['via'], typed: m.typed as string } };
    }
    case 'reject': {
      const problem = onlyKeys(m, ['type', 'requestId', 'previewHash']) ?? boundedString(m, 'requestId', LIMITS.id) ?? boundedString(m, 'previewHash', LIMITS.previewHash);
      if (problem) return problem;
      return { ok: true, message: { type: 'reject', requestId: m.requestId as string, previewHash: m.previewHash as string } };
    }
    case 'diff': {
      const problem = onlyKeys(m, ['type', 'requestId']) ?? boundedString(m, 'requestId', LIMITS.id);
      if (problem) return problem;
      return { ok: true, message: { type: 'diff', requestId: m.requestId as string } };
    }
    default:
      return fail(typeof m.type === 'string' ? `unknown message type "${m.type.slice(0, 40)}"` : 'no message type');
  }
}

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

function onlyKeys(m: Record<string, unknown>, allowed: string[]): { ok: false; problem: string } | undefined {
  const extra = Object.keys(m).filter((k) => !allowed.includes(k));
  return extra.length > 0 ? fail(`unexpected field "${extra[0].slice(0, 40)}"`) : undefined;
}

function boundedString(m: Record<string, unknown>, key: string, max: number, emptyOk = false): { ok: false; problem: string } | undefined {
  const v = m[key];
  if (typeof v !== 'string') return fail(`${key} must be a string`);
  if (!emptyOk && v.length === 0) return fail(`${key} is empty`);
  if (v.length > max) return fail(`${key} is longer than ${max} characters`);
  return undefined;
}

// ---- building what is shown -------------------------------------------------------------------

const QUEUE_COMMAND_MAX = 200;

/**
 * The state message for a queue: the head is shown in full, the rest as shortened commands, then the
 * commands still being read live (`resolving`), which will probably join the queue in a moment.
 */
export function stateMessage(queue: readonly ApprovalRequest[], now: number, resolving: readonly ResolvingInfo[] = []): StateMessage {
  const [head, ...rest] = queue;
  return {
    type: 'state',
    request: head ? shownRequest(head, now) : null,
    waiting: [
      ...rest.map((r) => ({ id: visible(r.id), command: shorten(visible(r.command), QUEUE_COMMAND_MAX) })),
      ...resolving.map((r) => ({ id: visible(r.id), command: shorten(visible(r.command), QUEUE_COMMAND_MAX), resolving: true as const })),
    ],
  };
}

export function shownRequest(r: ApprovalRequest, now: number): ShownRequest {
  const hidden = [r.command, r.cwd, r.agent, r.decision.typeToConfirm ?? '', ...r.preview.entries.flatMap((e) => [e.id, e.name])].some(hasInvisible);
  const asking = r.decision.reasons.filter((x) => x.verdict !== 'allow');
  const typed = r.decision.confirmation === 'type';
  return {
    id: r.id,
    previewHash: r.previewHash,
    command: visible(r.command),
    agent: visible(r.agent),
    cwd: visible(r.cwd),
    remainingMs: Math.max(0, r.createdAt + r.timeoutMs - now),
    summary: visible(r.preview.summary),
    where: r.preview.where.map(visible),
    entries: r.preview.entries.map((e) => ({
      change: e.change,
      id: visible(e.id),
      name: visible(e.name),
      kind: visible(e.kind),
      facts: e.facts.map(visible),
      ...(e.protectedBy !== undefined ? { protectedBy: visible(e.protectedBy) } : {}),
    })),
    warnings: [
      ...(hidden ? ['Some text below contains invisible or direction-changing characters, shown as ⟨U+…⟩: read it closely.'] : []),
      ...r.preview.warnings.map(visible),
    ],
    reasons: (asking.length > 0 ? asking : r.decision.reasons).map((x) => ({ rule: visible(x.rule), verdict: x.verdict, message: visible(x.message) })),
    // Only `ask` decisions reach a person; anything else is treated as needing at least a click.
    confirmation: typed ? 'type' : 'click',
    ...(typed && r.decision.typeToConfirm !== undefined ? { typeToConfirm: visible(r.decision.typeToConfirm) } : {}),
    canCompare: (r.states?.length ?? 0) > 0,
  };
}

/**
 * Control characters, bidi overrides and zero-width characters can make a command read differently
 * from what runs (Trojan Source). They are replaced by a visible `⟨U+XXXX⟩`; tabs and newlines stay.
 */
const INVISIBLE_CLASS = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}\\u{e0100}-\\u{e01ef}]';
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, 'gu');
const INVISIBLE_ANY = new RegExp(INVISIBLE_CLASS, 'u');

export function visible(text: string): string {
  return text.replace(INVISIBLE_ALL, (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

export function hasInvisible(text: string): boolean {
  return INVISIBLE_ANY.test(text);
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
