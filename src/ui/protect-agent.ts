/**
 * "Blast Radius: Protect an Agent…" and "Stop Protecting an Agent…": install or remove one agent's
 * pre-tool hook in its user or workspace config. The person picks the agent and where, sees the file as
 * it is and as it would be (a diff editor), and confirms in a modal before anything is written; the
 * write is atomic and refused when the file changed meanwhile. Also writes, on activation, the stable
 * launcher the hooks run (src/hooks/launcher.ts), and registers the walkthrough's commands.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allInstallers, ConfigError, HOOK_AGENTS, installerFor, planProtect, planStopProtecting, type HookAgent, type HookChange, type HookInstaller, type HookScope, type Locations } from '../hooks/install';
import { readConfig, writeConfig } from '../hooks/install/config-file';
import { readLocations } from '../hooks/install/locations';
import { displayPath } from '../hooks/install/model';
import { hookCommand, writeLauncher } from '../hooks/launcher';
import { CoverageView } from './gate-coverage';
import { noticeText } from './labels';

const SCHEME = 'blast-radius-hook-config';

export interface ProtectAgentOptions {
  /** This window's terminal shim folder (for the coverage view). */
  shimDir: string;
  /** Agents' AWS credentials mode in force (for the coverage view). */
  agentCredentials(): 'scoped' | 'passthrough';
  log(line: string): void;
}

type Action = 'protect' | 'stop';

/** One place a hook can go: a scope, and the folder the workspace scope means. */
interface Target {
  scope: HookScope;
  where: Locations;
  label: string;
}

/** What to tell the person after installing, agent by agent (how the agent picks the hook up). */
const AFTER_INSTALL: Readonly<Record<HookAgent, string>> = {
  copilot: 'VS Code runs it for the next agent request; the "GitHub Copilot Chat Hooks" output shows it running. Your organisation can switch agent hooks off.',
  'claude-code': 'Claude Code reads hooks when a session starts: restart running sessions (its /hooks command lists what is loaded).',
  cursor: 'Cursor runs it for new agent commands; restart Cursor if a running chat does not pick it up.',
  cline: 'Turn on Hooks in Cline\'s settings if they are off. Cline gives a hook 30 seconds, so approve within about 25 seconds or the command is blocked.',
  'gemini-cli': 'Gemini CLI runs project hooks only in trusted folders, and announces a new or changed hook before it runs it.',
  'copilot-cli': 'It applies to new Copilot CLI sessions.',
};

export function registerProtectAgent(context: vscode.ExtensionContext, opts: ProtectAgentOptions): vscode.Disposable {
  const launcher: Promise<string> =
    process.platform === 'win32'
      ? Promise.reject(new Error('agent hooks are not supported on Windows yet'))
      : writeLauncher(context.globalStorageUri.fsPath, { cli: path.join(context.extensionUri.fsPath, 'dist', 'cli.js'), node: process.execPath });
  launcher.then(
    (file) => opts.log(`hook launcher: ${file}`),
    (e: unknown) => opts.log(`the hook launcher was not written: ${String(e)}`),
  );

  const shown = new Map<string, string>();
  let nextId = 0;
  const provider = vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => shown.get(uri.path) ?? '' });
  const show = (text: string, side: string, file: string): vscode.Uri => {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++nextId}/${side}/${path.basename(file)}` });
    shown.set(uri.path, text);
    return uri;
  };

  const change = async (action: Action, preset: unknown): Promise<void> => {
    if (process.platform === 'win32') {
      void vscode.window.showErrorMessage('Blast Radius: protecting agents through their hooks is not supported on Windows yet.');
      return;
    }
    const installer = await pickAgent(action, preset);
    if (!installer) return;
    const target = await pickTarget(installer, action);
    if (!target) return;
    const file = installer.configPath(target.scope, target.where);
    // Shown in notifications, which render markdown links: a folder name must not become one.
    const where = noticeText(displayPath(file, target.where.home));

    let command = '';
    if (action === 'protect') {
      try {
        command = hookCommand(await launcher, installer);
      } catch (e) {
        void vscode.window.showErrorMessage(`Blast Radius: the launcher that hooks run could not be written (${String(e)}), so no hook was installed. See the Blast Radius output.`);
        return;
      }
    }
    let plan: HookChange;
    try {
      const current = await readConfig(file);
      plan = action === 'protect' ? planProtect(installer, target.scope, target.where, current, command) : planStopProtecting(installer, target.scope, target.where, current);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      void vscode.window.showErrorMessage(`Blast Radius did not change ${where}: ${noticeText(e.message)}`);
      return;
    }
    if (!plan.changed) {
      const state = action === 'protect' ? `${installer.displayName} is already protected: ${where} has the Blast Radius hook.` : `${where} has no Blast Radius hook for ${installer.displayName}.`;
      void vscode.window.showInformationMessage(`Blast Radius: ${state}`);
      return;
    }

    const before = show(plan.current ?? '', 'current', file);
    const after = show(plan.proposed ?? '', 'proposed', file);
    const title = `${path.basename(file)}: now ↔ ${action === 'protect' ? 'with' : 'without'} the Blast Radius hook`;
    await vscode.commands.executeCommand('vscode.diff', before, after, title, { preview: true });
    const verb = plan.proposed === undefined ? 'Delete' : 'Write';
    let answer: string | undefined;
    try {
      answer = await vscode.window.showWarningMessage(question(action, installer, where, verb), { modal: true, detail: detail(action, installer, target, plan, command) }, verb);
    } finally {
      await closeDiff(before, after);
      shown.delete(before.path);
      shown.delete(after.path);
    }
    if (answer !== verb) return;

    try {
      const now = await readConfig(file);
      if (now !== plan.current) {
        void vscode.window.showErrorMessage(`Blast Radius did not change ${where}: it changed while you were looking at it. Run the command again to see the change against what it holds now.`);
        return;
      }
      await writeConfig(file, plan.proposed, installer.fileMode);
    } catch (e) {
      opts.log(`writing ${file} failed: ${String(e)}`);
      void vscode.window.showErrorMessage(`Blast Radius could not write ${where}: ${noticeText(e instanceof Error ? e.message : String(e))}`);
      return;
    }
    opts.log(`${action === 'protect' ? 'installed' : 'removed'} the ${installer.agent} hook in ${file}`);
    void vscode.window.showInformationMessage(
      action === 'protect'
        ? `Blast Radius now checks ${installer.displayName}'s shell commands (hook in ${where}). ${AFTER_INSTALL[installer.agent]}`
        : `Blast Radius: ${installer.displayName} no longer asks Blast Radius through ${where}.`,
    );
  };

  const coverage = new CoverageView();
  return vscode.Disposable.from(
    provider,
    coverage,
    vscode.commands.registerCommand('blastRadius.protectAgent', (preset?: unknown) => change('protect', preset)),
    vscode.commands.registerCommand('blastRadius.stopProtectingAgent', (preset?: unknown) => change('stop', preset)),
    vscode.commands.registerCommand('blastRadius.showCoverage', async () =>
      coverage.show({ extension: context.extension, shimDir: opts.shimDir, launcher: await launcher.catch(() => undefined), locations: await workspaceTargets(), agentCredentials: opts.agentCredentials() }),
    ),
    vscode.commands.registerCommand('blastRadius.editProtectedResources', editProtectedResources),
  );
}

async function pickAgent(action: Action, preset: unknown): Promise<HookInstaller | undefined> {
  if (typeof preset === 'string' && (HOOK_AGENTS as readonly string[]).includes(preset)) return installerFor(preset as HookAgent);
  const items = allInstallers().map((installer) => ({ label: installer.displayName, description: installer.agent, installer }));
  const picked = await vscode.window.showQuickPick(items, {
    title: action === 'protect' ? 'Blast Radius: protect which agent?' : 'Blast Radius: stop protecting which agent?',
    placeHolder: action === 'protect' ? 'Its shell commands will be checked by Blast Radius before they run' : 'Its hook that asks Blast Radius will be removed',
  });
  return picked?.installer;
}

/** The user scope, and the workspace scope for each open folder; asks only when there is a choice. */
async function pickTarget(installer: HookInstaller, action: Action): Promise<Target | undefined> {
  const targets = await workspaceTargets();
  const items = await Promise.all(
    targets.map(async (t) => {
      const file = installer.configPath(t.scope, t.where);
      return { label: t.label, description: await state(installer, file), detail: displayPath(file, t.where.home), target: t };
    }),
  );
  if (items.length === 1) return items[0].target;
  const picked = await vscode.window.showQuickPick(items, {
    title: `Blast Radius: ${action === 'protect' ? 'protect' : 'stop protecting'} ${installer.displayName} where?`,
    placeHolder: 'Your user account covers every project; a workspace covers only that folder',
  });
  return picked?.target;
}

async function workspaceTargets(): Promise<Target[]> {
  const home = os.homedir();
  const user = await readLocations(home, process.env, process.platform);
  const targets: Target[] = [{ scope: 'user', where: user, label: 'Your user account (every project)' }];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    targets.push({ scope: 'workspace', where: { ...user, workspaceFolder: folder.uri.fsPath }, label: `Workspace folder ${folder.name}` });
  }
  return targets;
}

async function state(installer: HookInstaller, file: string): Promise<string> {
  try {
    return installer.installedCommands(await readConfig(file)).length > 0 ? 'protected' : '';
  } catch {
    return 'unreadable';
  }
}

function question(action: Action, installer: HookInstaller, where: string, verb: string): string {
  if (verb === 'Delete') return `Delete ${where}? It holds only the Blast Radius hook for ${installer.displayName}.`;
  return action === 'protect' ? `Add the Blast Radius hook for ${installer.displayName} to ${where}?` : `Remove the Blast Radius hook for ${installer.displayName} from ${where}?`;
}

/** `command`: what the new hook runs (protect only), spelled out because the modal covers the diff's long line. */
function detail(action: Action, installer: HookInstaller, target: Target, plan: HookChange, command: string): string {
  const lines: string[] = [];
  if (action === 'protect') {
    const minutes = Math.round(installer.timeoutSeconds / 60);
    lines.push(
      `${installer.displayName} will ask Blast Radius before each shell command it runs; commands that need a decision wait for you in the Blast Radius panel (up to ${minutes >= 1 ? `${minutes} min` : `${installer.timeoutSeconds} s`}).`,
      '',
      `The hook runs: ${command}`,
    );
    if (target.scope === 'workspace') lines.push('The hook names a program on this computer: keep this file out of version control.');
  } else {
    lines.push(`${installer.displayName} will run shell commands without asking Blast Radius. Commands it types into VS Code terminals still meet the terminal shims.`);
  }
  lines.push('', 'Nothing else in the file changes: the diff editor shows the whole change.', `Format: ${installer.docs}`);
  if (plan.current === undefined) lines.push('', 'The file does not exist yet and will be created.');
  return lines.join('\n');
}

async function closeDiff(...uris: vscode.Uri[]): Promise<void> {
  const ours = new Set(uris.map((u) => u.toString()));
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && (ours.has(t.input.original.toString()) || ours.has(t.input.modified.toString())));
  // Best effort: the person may have closed the diff already.
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs).then(undefined, () => undefined);
}

/** Opens the user settings.json at blastRadius.protectedResources (adding the key if it is not there). */
async function editProtectedResources(): Promise<void> {
  try {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'blastRadius.protectedResources', edit: true } });
  } catch {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'blastRadius.protectedResources');
  }
}
