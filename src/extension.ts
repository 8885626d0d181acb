/** Wiring only: build the services, register what they contribute, hand every disposable to VS Code. */
import * as vscode from 'vscode';
import type { Analyzer } from './core';
import { readPolicySettings } from './config/settings';
import { loadAnalyzer } from './platform/analyzer';
import { registerCheckCommand } from './ui/check-command';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Blast Radius');
  context.subscriptions.push(output);

  // The grammar loads on first use, keeping activation cheap.
  let analyzer: Promise<Analyzer> | undefined;
  const getAnalyzer = () => (analyzer ??= loadAnalyzer());

  context.subscriptions.push(registerCheckCommand(getAnalyzer, output));

  const reportSettings = () => {
    const { problems } = readPolicySettings();
    for (const p of problems) output.appendLine(`settings: ${p}`);
    if (problems.length > 0) {
      void vscode.window.showWarningMessage('Blast Radius: some settings are malformed and were replaced by safer values. See the Blast Radius output.');
    }
  };
  reportSettings();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('blastRadius')) reportSettings();
    }),
  );
}

export function deactivate(): void {}
