/**
 * The gate's state in the status bar: guarding, agents frozen, or how many requests wait. It follows a
 * status source (StatusEmitter in src/gate/status.ts) and registers no commands; the lead wires
 * SHOW_APPROVALS_COMMAND to ApprovalPanel.show().
 */
import * as vscode from 'vscode';
import type { CredentialsStatusView } from '../aws/scoped/describe';
import type { GateStatus, Subscription } from '../gate/status';
import { SHOW_APPROVALS_COMMAND, statusBarView } from './labels';

export { SHOW_APPROVALS_COMMAND };

/** Every command id this file makes clickable. */
export const STATUS_BAR_COMMANDS = [SHOW_APPROVALS_COMMAND] as const;

export interface GateStatusSource {
  on(listener: (s: GateStatus) => void): Subscription;
}

export class GateStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('blastRadius.gate', vscode.StatusBarAlignment.Left, 100);
  private readonly subscription: Subscription;

  constructor(source: GateStatusSource, initial: GateStatus = { frozen: false, pending: 0 }) {
    this.item.name = 'Blast Radius';
    this.show(initial);
    this.subscription = source.on((s) => this.show(s));
  }

  private show(s: GateStatus): void {
    const view = statusBarView(s);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip; // a plain string: not rendered as markdown
    this.item.command = view.command;
    this.item.backgroundColor = view.attention ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: view.tooltip };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/**
 * Which AWS credentials agent terminals hold, beside the gate's item: scoped (what their session policy
 * denies) or passthrough, shown as a warning. A click opens the setting. Hidden when given nothing.
 */
export class AgentCredentialsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('blastRadius.awsCredentials', vscode.StatusBarAlignment.Left, 99);

  constructor() {
    this.item.name = 'Blast Radius: agents\u2019 AWS credentials';
    this.item.command = { title: 'Open the setting', command: 'workbench.action.openSettings', arguments: ['blastRadius.aws.agentCredentials'] };
  }

  show(view: CredentialsStatusView | undefined): void {
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.attention ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: view.tooltip };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
