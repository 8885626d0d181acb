/**
 * The requests waiting for a person, shown one at a time, and the rules an answer must pass before it
 * counts. The panel only displays and forwards; every check that protects an approval lives here, so it
 * is tested without VS Code. An answer counts once, for the request at the head, and only for the
 * preview that was shown.
 */
import type { ApprovalAnswer, ApprovalRequest } from '../gate/types';
import { KEYBOARD_APPROVE_WORD, type ApproveMessage, type RejectMessage } from './approval-protocol';

/**
 * An approval that arrives this soon after its request reached the head is refused: the click was
 * most likely meant for the request that was there before. The webview waits longer (APPROVE_ARMING_MS
 * in media/approval.js), so a person never meets this refusal in normal use.
 */
export const ARMING_MS = 500;

interface Pending {
  request: ApprovalRequest;
  resolve(answer: ApprovalAnswer): void;
  reject(reason: unknown): void;
  /** Removes the abort listener once the request leaves the queue. */
  release(): void;
}

export class ApprovalQueue {
  private readonly pending: Pending[] = [];
  /** When the current head became the head. */
  private headSince = 0;

  /** `changed` runs whenever the queue or its head changes, so the view can be refreshed. */
  constructor(
    private readonly changed: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The requests in the order they are shown; the first is the one on screen. */
  get requests(): ApprovalRequest[] {
    return this.pending.map((p) => p.request);
  }

  get size(): number {
    return this.pending.length;
  }

  add(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.pending.some((p) => p.request.id === request.id)) {
      return Promise.reject(new Error(`approval request ${request.id} is already waiting`));
    }
    return new Promise<ApprovalAnswer>((resolve, reject) => {
      const onAbort = () => {
        this.remove(entry);
        reject(signal.reason);
      };
      const entry: Pending = { request, resolve, reject, release: () => signal.removeEventListener('abort', onAbort) };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.push(entry);
      if (this.pending.length === 1) this.headSince = this.now();
      this.changed();
    });
  }

  /**
   * Applies a person's answer from the webview. Returns undefined when it counted, otherwise why it was
   * refused (for the log and the webview); a refused answer changes nothing.
   */
  answer(message: ApproveMessage | RejectMessage): string | undefined {
    const head = this.pending[0];
    if (!head) return 'nothing is waiting for approval';
    const r = head.request;
    if (message.requestId !== r.id || message.previewHash !== r.previewHash) {
      return 'that answer was for a request that is no longer shown; nothing was approved or rejected';
    }
    if (message.type === 'approve') {
      const refusal = this.approvalRefusal(r, message);
      if (refusal) return refusal;
    }
    this.remove(head);
    head.resolve({ approved: message.type === 'approve', requestId: r.id, previewHash: r.previewHash });
    return undefined;
  }

  /** Rejects every waiting request with `reason` (the extension is shutting down). */
  clear(reason: unknown): void {
    const all = this.pending.splice(0);
    for (const p of all) {
      p.release();
      p.reject(reason);
    }
    if (all.length > 0) this.changed();
  }

  private approvalRefusal(r: ApprovalRequest, m: ApproveMessage): string | undefined {
    const now = this.now();
    if (r.decision.verdict === 'deny') return 'the policy denies this command; it cannot be approved';
    if (now >= r.createdAt + r.timeoutMs) return 'the request timed out; the command was blocked';
    if (now - this.headSince < ARMING_MS) return 'Approve was used too soon after this request appeared; look at it, then approve again';
    // The webview enforces the same; the extension does not take its word for it.
    if (r.decision.confirmation === 'type') {
      if (m.typed !== r.decision.typeToConfirm) return 'the typed text does not match; nothing was approved';
    } else if (m.via !== 'pointer' && m.typed !== KEYBOARD_APPROVE_WORD) {
      return `to approve with the keyboard, type ${KEYBOARD_APPROVE_WORD} in the box first`;
    }
    return undefined;
  }

  private remove(entry: Pending): void {
    const i = this.pending.indexOf(entry);
    if (i < 0) return;
    this.pending.splice(i, 1);
    entry.release();
    if (i === 0) this.headSince = this.now();
    this.changed();
  }
}
