/**
 * The approval panel: the Approver a person answers. Requests queue in ApprovalQueue (which also
 * judges every answer); this class only keeps one webview showing the queue's head and forwards the
 * person's clicks. The webview gets a static shell and all request text by postMessage (see
 * approval-protocol.ts); it is recreated when hidden and asks for the state again with `ready`.
 *
 * Closing the panel is not an answer: an accidental close must neither approve nor reject. Requests
 * stay queued (the status bar counts them, a notification says so), the panel reopens on the next
 * request or on SHOW_APPROVALS_COMMAND, and the gate blocks whatever times out.
 *
 * While the gate reads the live state of a command (onResolving), the command is listed under the
 * waiting ones as "reading live state…", and the panel opens for it when an agent asked; the
 * notification still comes with the request itself.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ApprovalAnswer, ApprovalRequest, Approver, ResolvingInfo } from '../gate/types';
import { approvalHtml, PANEL_TITLE } from './approval-html';
import { parseWebviewMessage, stateMessage, type ToWebview } from './approval-protocol';
import { ApprovalQueue } from './approval-queue';
import { ApprovalNotifier } from './notifications';
import { SHOW_STATE_DIFF_COMMAND } from './state-diff';

const VIEW_TYPE = 'blastRadius.approval';

export class ApprovalPanel implements Approver, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly queue = new ApprovalQueue(() => this.refresh());
  private readonly notifier = new ApprovalNotifier(() => this.show());
  /** Commands whose live state is being read, by future request id. */
  private readonly resolving = new Map<string, ResolvingInfo>();
  /** Requests the panel was opened for while resolving: their arrival still deserves a notification. */
  private readonly openedWhileResolving = new Set<string>();

  /** `log` receives one line per refused or malformed webview message. */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: (line: string) => void = () => {},
  ) {}

  ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    if (this.disposed) return Promise.reject(new Error('the approval panel is closed'));
    const openedForIt = this.openedWhileResolving.delete(request.id);
    const wasVisible = this.panel?.visible === true && !openedForIt;
    const answer = this.queue.add(request, signal);
    if (!signal.aborted) {
      this.show();
      // Revealing keeps focus where the person is typing, so a notification makes sure they notice.
      if (!wasVisible) this.notifier.arrived(request, this.queue.size - 1);
    }
    return answer;
  }

  /** A waiting request by id, for the side-by-side view (registerStateDiff). */
  request(id: string): ApprovalRequest | undefined {
    return this.queue.requests.find((r) => r.id === id);
  }

  onResolving(info: ResolvingInfo): { done(): void } {
    if (this.disposed) return { done: () => {} };
    this.resolving.set(info.id, info);
    // A person's own terminal is usually let through without asking: do not pop the panel for it.
    if (info.agent !== 'person' && this.panel?.visible !== true) {
      this.openedWhileResolving.add(info.id);
      // Bounded: ids of requests that were never asked (allowed or denied after reading) fall out.
      if (this.openedWhileResolving.size > 20) this.openedWhileResolving.delete(this.openedWhileResolving.values().next().value!);
      this.show();
    }
    this.refresh();
    return {
      done: () => {
        if (this.resolving.delete(info.id)) this.refresh();
      },
    };
  }

  /** Opens or reveals the panel beside the editor without taking focus. For SHOW_APPROVALS_COMMAND. */
  show(): void {
    if (this.disposed) return;
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      PANEL_TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [media], retainContextWhenHidden: false },
    );
    const webview = panel.webview;
    webview.html = approvalHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'approval.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'approval.css')).toString(),
    });
    webview.onDidReceiveMessage((raw: unknown) => this.receive(raw), undefined, this.panelDisposables);
    panel.onDidDispose(() => this.closed(), undefined, this.panelDisposables);
    this.panel = panel;
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log(`approval panel: ignored a malformed message (${parsed.problem})`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      this.refresh();
      return;
    }
    if (message.type === 'diff') {
      // Only for a request still waiting; the command looks it up again and renders from the queue.
      if ((this.request(message.requestId)?.states?.length ?? 0) === 0) {
        this.log(`approval panel: no states to compare for ${message.requestId}`);
        return;
      }
      void Promise.resolve(vscode.commands.executeCommand(SHOW_STATE_DIFF_COMMAND, message.requestId)).catch((e) =>
        this.log(`approval panel: the side-by-side view failed: ${String(e)}`),
      );
      return;
    }
    const refusal = this.queue.answer(message);
    if (refusal) {
      this.log(`approval panel: ${message.type} of ${message.requestId} refused: ${refusal}`);
      this.post({ type: 'refused', message: refusal });
    }
  }

  private refresh(): void {
    this.post(stateMessage(this.queue.requests, Date.now(), [...this.resolving.values()]));
  }

  private post(message: ToWebview): void {
    // A hidden webview is recreated on reveal and asks again with `ready`, so a lost message is harmless.
    void this.panel?.webview.postMessage(message);
  }

  private closed(): void {
    this.panel = undefined;
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    if (!this.disposed && this.queue.size > 0) this.notifier.leftWaiting(this.queue.size);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.resolving.clear();
    this.queue.clear(new Error('Blast Radius was shut down before a person answered'));
    this.panel?.dispose();
  }
}
