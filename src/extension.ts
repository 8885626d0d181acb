/**
 * Wiring only: build the services, connect them, hand every disposable to VS Code.
 * The gate (src/gate) decides; the IPC server carries requests to it from the terminal shims; the
 * approval panel asks the person; the audit log records the outcome.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AnchoredAudit } from './audit/anchored';
import { AuditLog, type AuditHead } from './audit/log';
import { registerChatTools } from './chat/tools';
import { agentEnv, createAgentCredentials, primeAgentEnv, registerAgentCredentials } from './aws/scoped/register';
import { SettingsGuard } from './config/guard';
import { readConfiguredSettings } from './config/settings';
import { ruledTools, type Analyzer } from './core';
import { Gate } from './gate/gate';
import { sectionOf, type GateSettings } from './gate/settings';
import { IpcServer } from './ipc/server';
import { registerGateInRegistry } from './ipc/window-registration';
import { registerMcpServer } from './mcp/register';
import { processContext } from './platform/context';
import { resolveAnalysis } from './preview/live';
import { resolvers } from './preview';
import { loadAnalyzer } from './platform/analyzer';
import { defaultShimTools, installShims, toolsNamedByDenyRules, writePolicySnapshot } from './shim/install';
import { applyTerminalEnvironment } from './terminal/environment';
import { ApprovalPanel } from './ui/approval-panel';
import { registerAuditView, showAuditLog, verifyAuditLog } from './ui/audit-view';
import { registerCheckCommand } from './ui/check-command';
import { registerProtectAgent } from './ui/protect-agent';
import { registerStateDiff } from './ui/state-diff';
import { GateStatusBar } from './ui/status-bar';

const ANCHOR_KEY = 'blastRadius.auditHead';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Blast Radius');
  context.subscriptions.push(output);
  const log = (line: string) => output.appendLine(`[${new Date().toISOString()}] ${line}`);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? 'development');

  const analyzerLoading: Promise<Analyzer> = loadAnalyzer();
  analyzerLoading.catch((e) => log(`the command analyzer failed to load: ${String(e)}`));

  const guard = new SettingsGuard(context.globalState, readConfiguredSettings, (problems) => {
    for (const p of problems) log(`settings: ${p}`);
    if (problems.length > 0) {
      void vscode.window.showWarningMessage('Blast Radius: some settings are malformed and were replaced by safer values. See the Blast Radius output.');
    }
  });
  context.subscriptions.push(guard, vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('blastRadius') && guard.refresh()));

  const auditLog = await AuditLog.open(context.globalStorageUri.fsPath);
  const audit = new AnchoredAudit(auditLog, {
    get: () => context.globalState.get<AuditHead>(ANCHOR_KEY),
    set: (head) => context.globalState.update(ANCHOR_KEY, head),
  });
  context.subscriptions.push(registerAuditView(auditLog));

  const panel = new ApprovalPanel(context.extensionUri, log);
  context.subscriptions.push(panel, registerStateDiff((id) => panel.request(id), log));

  const workspaceRoots = () => vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
  let analyzer: Analyzer | undefined;
  const awsCredentials = createAgentCredentials(() => guard.current, log);
  const gate = new Gate({
    analyzer: {
      analyze: (line, ctx) => {
        if (!analyzer) throw new Error('the command analyzer is still loading');
        return analyzer.analyze(line, ctx);
      },
    },
    settings: () => guard.current,
    approver: panel,
    audit,
    contextFor: (req) => processContext({ cwd: req.cwd, env: { ...req.env }, workspaceRoots: workspaceRoots() }),
    resolve: (analysis, ctx, signal) => resolveAnalysis(analysis, ctx, resolvers, { timeoutMs: previewTimeoutMs(), signal }),
    log,
    awsCredentials,
  });
  const frozenContext = () => void vscode.commands.executeCommand('setContext', 'blastRadius.frozen', gate.state.frozen);
  const statusSubscription = gate.status.on(frozenContext);
  context.subscriptions.push({ dispose: () => statusSubscription.dispose() });

  const server = await IpcServer.start({ version });
  context.subscriptions.push({ dispose: () => server.dispose() });
  const handler = server.registerHandler(async (req, signal) => {
    analyzer ??= await analyzerLoading;
    return gate.check(req, signal);
  });
  context.subscriptions.push(handler);
  const agentAwsDir = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'aws');
  primeAgentEnv(guard.current, agentAwsDir, server);
  // Hooks and the MCP server run outside VS Code terminals: they find this gate in the per-user registry.
  context.subscriptions.push(registerGateInRegistry({ server, version, folders: workspaceRoots, onFoldersChange: vscode.workspace.onDidChangeWorkspaceFolders, settings: guard, agentEnv, log }));
  context.subscriptions.push(registerMcpServer(context.extensionUri, version, log));
  context.subscriptions.push(registerChatTools({ gate, ready: async () => void (analyzer ??= await analyzerLoading), settings: () => guard.current, log, extensionId: context.extension.id, agentEnv: () => agentEnv.current() }));

  // Shims live in this workspace's storage: stable across reloads (terminals that outlive a reload keep
  // finding them), separate per workspace (each carries its workspace's deny rules and snapshot).
  const shimDir = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'shims');
  const installFor = async (settings: GateSettings) => {
    const tools = [...new Set([...defaultShimTools().filter((t) => !settings.shimExclude.includes(t)), ...settings.shimExtra])];
    await installShims(shimDir, tools, { version, withoutFastPath: toolsNamedByDenyRules(settings.policy.deny, tools) });
    await writePolicySnapshot(shimDir, sectionOf(settings));
  };
  try {
    await installFor(guard.current);
    applyTerminalEnvironment(context.environmentVariableCollection, {
      shimDir,
      socket: server.handle,
      token: server.token,
      node: process.execPath,
      client: path.join(context.extensionUri.fsPath, 'dist', 'shim-client.js'),
    });
    // Only now is it true that new terminals are guarded: the status bar says so from here on.
    context.subscriptions.push(new GateStatusBar(gate.status, gate.state));
  } catch (e) {
    log(`installing the terminal shims failed: ${String(e)}`);
    void vscode.window.showErrorMessage('Blast Radius could not install its terminal shims, so agent commands in terminals are NOT being checked. See the Blast Radius output.');
  }
  // After the shims' environment: agent terminals' AWS credentials (scoped or passthrough), src/aws/scoped.
  context.subscriptions.push(registerAgentCredentials(context, awsCredentials, { server, onDidChangeSettings: guard.onDidChange, settings: () => guard.current, dir: agentAwsDir, log }));
  context.subscriptions.push(
    guard.onDidChange((settings) => installFor(settings).catch((e) => log(`updating the terminal shims failed: ${String(e)}`))),
    { dispose: () => applyTerminalEnvironment(context.environmentVariableCollection, undefined) },
  );

  context.subscriptions.push(
    registerCheckCommand(() => analyzerLoading, () => guard.current, output),
    vscode.commands.registerCommand('blastRadius.showApprovals', () => panel.show()),
    vscode.commands.registerCommand('blastRadius.freeze', () => {
      gate.freeze('frozen by a person (Blast Radius: Freeze Agents)');
      void vscode.window.showWarningMessage('Blast Radius: agents are frozen. Every command that would need approval is rejected until you run "Blast Radius: Unfreeze Agents".');
    }),
    vscode.commands.registerCommand('blastRadius.unfreeze', () => {
      gate.unfreeze();
      void vscode.window.showInformationMessage('Blast Radius: agents are no longer frozen.');
    }),
    vscode.commands.registerCommand('blastRadius.showAuditLog', () => showAuditLog(auditLog)),
    vscode.commands.registerCommand('blastRadius.verifyAuditLog', () => verifyAuditLog(auditLog, audit.expected())),
  );
  // Agents' pre-tool hooks (Protect an Agent…), their stable launcher, and the walkthrough's commands.
  context.subscriptions.push(registerProtectAgent(context, { shimDir, agentCredentials: () => (awsCredentials.scoped ? 'scoped' : 'passthrough'), log }));
  frozenContext();
  log(`guarding: gate at ${server.handle}, ${ruledTools().length} tools with rules, shims in ${shimDir}`);
}

/** Not a protection setting (any value still shows a preview), so read plainly with a safe clamp. */
function previewTimeoutMs(): number {
  const v = vscode.workspace.getConfiguration('blastRadius').get<unknown>('preview.timeoutSeconds');
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(60, Math.max(1, v)) * 1000 : 5000;
}

export function deactivate(): void {}
