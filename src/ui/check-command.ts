/**
 * "Blast Radius: Check a Command Line": shows what a command would do and what the policy would decide,
 * without running it. Useful to see why something asks, and to try protection patterns.
 */
import * as vscode from 'vscode';
import { decide, type Analyzer } from '../core';
import { formatDecision, plain } from '../cli/format';
import type { GateSettings } from '../gate/settings';
import { processContext } from '../platform/context';

export function registerCheckCommand(analyzer: () => Promise<Analyzer>, settings: () => GateSettings, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('blastRadius.checkCommand', async () => {
    const command = await vscode.window.showInputBox({
      title: 'Blast Radius: Check a Command Line',
      prompt: 'The command line is analyzed, never run.',
      placeHolder: 'aws s3 rb s3://my-bucket --force',
      ignoreFocusOut: true,
    });
    if (!command) return;
    const folders = vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
    const ctx = processContext({ cwd: folders[0] ?? process.cwd(), workspaceRoots: folders });
    const analysis = (await analyzer()).analyze(command, ctx);
    const decision = decide(analysis, settings().policy, { home: ctx.home });
    output.appendLine(`$ ${command.replace(/[\r\n]+/g, ' ⏎ ')}`);
    output.appendLine(formatDecision(analysis, decision, plain));
    output.appendLine('');
    output.show(true);
  });
}
