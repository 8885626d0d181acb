/**
 * Wiring of agents' scoped AWS credentials into the window: the credentials endpoint on the gate's
 * socket, the terminal environment (generated AWS config, emptied key variables) while the setting is
 * `scoped`, and the status bar item. Called once from src/extension.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GateSettings } from '../../gate/settings';
import type { IpcServer } from '../../ipc/server';
import { AgentCredentialsStatusBar } from '../../ui/status-bar';
import { AgentEnvSource, agentEnvironment } from './agent-env';
import { personAwsFiles, writeAgentAwsFiles } from './agent-files';
import { credentialsStatusView, describeAgentCredentials } from './describe';
import { sdkSts } from './issuer';
import { AgentCredentialsService } from './service';
import { AGENT_CREDENTIALS_DEFAULTS } from './settings';
import { applyAgentAwsEnvironment } from './terminal-env';

/**
 * The environment agents' AWS work gets now, for the commands and calls Blast Radius's own tools run
 * (chat tools, and through the registry the MCP server): undefined in passthrough. Set below.
 */
export const agentEnv = new AgentEnvSource();

/** Built before the gate, which asks it for the panel's line and for grants. */
export function createAgentCredentials(settings: () => GateSettings, log: (line: string) => void): AgentCredentialsService {
  return new AgentCredentialsService({ settings, sts: sdkSts(), log });
}

export interface AgentCredentialsWiring {
  server: IpcServer;
  /** Fires with the settings in force after every (guarded) change. */
  onDidChangeSettings: vscode.Event<GateSettings>;
  settings: () => GateSettings;
  /** A private folder for the generated AWS files. */
  dir: string;
  log: (line: string) => void;
}

/**
 * Before anything that runs agents' commands is registered (the registry entry the MCP server reads, the
 * chat tools): in scoped mode the agent environment already points at where the generated files will be.
 * Until they are written that is a config with no credentials — no credentials rather than the person's.
 */
export function primeAgentEnv(settings: GateSettings, dir: string, gate: { handle: string; token: string }): void {
  if ((settings.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS).mode !== 'scoped') return;
  agentEnv.set(agentEnvironment({ configFile: path.join(dir, 'config'), credentialsFile: path.join(dir, 'credentials') }, gate));
}

export function registerAgentCredentials(context: vscode.ExtensionContext, service: AgentCredentialsService, w: AgentCredentialsWiring): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  disposables.push(w.server.registerCredentialsHandler((req) => service.handle(req)));
  const status = new AgentCredentialsStatusBar();
  disposables.push(status);
  const cmd = { node: process.execPath, client: path.join(context.extensionUri.fsPath, 'dist', 'credential-process.js') };

  // The person adds a profile or changes a region: the generated config follows. Polled only while
  // scoped, the one mode that reads those files (passthrough is the default: no timers for nothing).
  const own = personAwsFiles();
  const onOwnChange = () => apply(w.settings());
  let watching = false;
  const watchOwnFiles = (on: boolean) => {
    if (on === watching) return;
    watching = on;
    for (const file of [own.config, own.credentials]) {
      if (on) fs.watchFile(file, { interval: 5000, persistent: false }, onOwnChange);
      else fs.unwatchFile(file, onOwnChange);
    }
  };
  disposables.push({ dispose: () => watchOwnFiles(false) });

  let applying = Promise.resolve();
  const apply = (settings: GateSettings) => {
    const scoped = (settings.agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS).mode === 'scoped';
    watchOwnFiles(scoped);
    applying = applying.then(async () => {
      try {
        if (scoped) {
          const files = await writeAgentAwsFiles(w.dir, cmd);
          if (files.config.skipped.length > 0) w.log(`agent AWS config: profiles left out (names with spaces or other characters): ${files.config.skipped.join(', ')}`);
          applyAgentAwsEnvironment(context.environmentVariableCollection, files);
          agentEnv.set(agentEnvironment(files, w.server));
        } else {
          applyAgentAwsEnvironment(context.environmentVariableCollection, undefined);
          agentEnv.set(undefined);
          service.sessions.clear();
        }
      } catch (e) {
        w.log(`writing agents' AWS config failed: ${String(e)}`);
        if (scoped) {
          // Fail closed: without the generated config, agent terminals get no credentials, not the person's.
          const paths = { configFile: path.join(w.dir, 'config'), credentialsFile: path.join(w.dir, 'credentials') };
          applyAgentAwsEnvironment(context.environmentVariableCollection, paths);
          agentEnv.set(agentEnvironment(paths, w.server));
          void vscode.window.showErrorMessage('Blast Radius could not set up scoped AWS credentials for agent terminals; they get none. See the Blast Radius output.');
        }
      }
      status.show(statusFor(settings));
    });
  };
  apply(w.settings());
  disposables.push(w.onDidChangeSettings(apply));

  disposables.push({ dispose: () => agentEnv.set(undefined) });
  return vscode.Disposable.from(...disposables);
}

/** In passthrough the warning only matters to someone who has AWS credentials set up at all. */
function statusFor(settings: GateSettings) {
  const d = describeAgentCredentials(settings);
  if (d.mode === 'passthrough' && !awsLooksConfigured()) return undefined;
  return credentialsStatusView(d);
}

function awsLooksConfigured(): boolean {
  const own = personAwsFiles();
  return !!process.env.AWS_ACCESS_KEY_ID || !!process.env.AWS_PROFILE || fs.existsSync(own.config) || fs.existsSync(own.credentials);
}
