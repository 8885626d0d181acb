/**
 * Notifications that point a person at the approval panel. Their text comes only from labels.ts
 * (tool names and counts through safeLabel): a notification renders markdown links, and a
 * `command:` link in one runs a command.
 */
import * as vscode from 'vscode';
import type { ApprovalRequest } from '../gate/types';
import { approvalNotice, stillWaitingNotice } from './labels';

const REVIEW = 'Review';
/** An agent firing many commands at once gets one notification, not a stack of them. */
const QUIET_MS = 5_000;

export class ApprovalNotifier {
  private lastShown = 0;

  constructor(private readonly review: () => void) {}

  /** A request arrived while the panel was not in view. */
  arrived(request: ApprovalRequest, othersWaiting: number): void {
    const now = Date.now();
    if (now - this.lastShown < QUIET_MS) return;
    this.lastShown = now;
    this.show(approvalNotice(request, othersWaiting));
  }

  /** The person closed the panel while requests still wait. */
  leftWaiting(waiting: number): void {
    this.lastShown = Date.now();
    this.show(stillWaitingNotice(waiting));
  }

  private show(text: string): void {
    void vscode.window.showInformationMessage(text, REVIEW).then((choice) => {
      if (choice === REVIEW) this.review();
    });
  }
}
