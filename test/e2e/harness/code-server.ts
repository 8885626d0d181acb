/**
 * One isolated code-server: its own HOME, XDG folders, TMPDIR, config, user data and extensions, on a
 * free loopback port, with no authentication and the smoke-test driver enabled. It runs in its own
 * process group, and the group is killed on stop(), on this process's exit and on SIGINT/SIGTERM, so a
 * failed or interrupted run never leaves an editor behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../integration/support/moto';
import { POLICY_SNAPSHOT } from '../../../src/shim/install';
import { ensureCodeServer, type Toolchain } from './install';
import { OUTPUT_DIR } from './paths';

export interface CodeServerOptions {
  /** Names the log file under .test-output/e2e/. */
  label: string;
  /** The folder the workbench opens. */
  workspace: string;
  /** The user settings.json (written before start). */
  userSettings?: Record<string, unknown>;
  /** Installed with --install-extension before start. */
  vsix?: string;
  /** Added to the editor's (and so its terminals') environment. */
  env?: Record<string, string>;
  /**
   * The person's own ~/.aws/config and ~/.aws/credentials text, instead of the default profile with
   * dummy keys (a test whose person is an IAM user it created in moto).
   */
  awsFiles?: { config: string; credentials: string };
  /** Kept after stop() (for `npm run demo` and debugging). Default: removed. */
  keepScratch?: boolean;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The workbench with the workspace open. */
  url: string;
  scratch: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and predictable for a test (a person's defaults otherwise). */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
  'terminal.integrated.defaultProfile.linux': 'bash',
  // The DOM renderer keeps the terminal's text readable by the tests (no GPU here anyway).
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.enablePersistentSessions': false,
  'terminal.integrated.showExitAlert': false,
};

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of running) killGroup(child, 'SIGKILL');
      // A caller with its own handler (npm run demo) finishes its cleanup and exits itself.
      if (process.listenerCount(signal) === 0) process.exit(128 + (os.constants.signals[signal] ?? 0));
    });
  }
}

/** The environment an editor gets: nothing of ours (no agent markers, no gate of an outer editor). */
function isolatedEnv(scratch: string, toolchain: Toolchain, extra: Record<string, string>, awsFiles?: { config: string; credentials: string }): Record<string, string> {
  const home = path.join(scratch, 'home');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: process.env.LANG ?? 'C.UTF-8',
    SHELL: '/bin/bash',
    USER: os.userInfo().username,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(scratch, 'run'),
    TMPDIR: path.join(scratch, 'tmp'),
    // code-server's own Node, not the machine's
    NODE: toolchain.node,
    ...toolHomes(),
    ...extra,
  };
  for (const dir of [env.HOME, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.XDG_STATE_HOME, env.XDG_RUNTIME_DIR, env.TMPDIR]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  // The server reads terminals' environment from a login shell, where /etc/profile resets PATH; a
  // person's own ~/.profile puts their tools back, and this one does the same for the tools on ours.
  const quoted = `'${env.PATH.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(path.join(home, '.profile'), `# written by the Blast Radius e2e harness\nexport PATH=${quoted}\n`);
  // Dummy credentials for the extension's live AWS previews (terminals point them at moto): a person's
  // profile lives in ~/.aws, and keys exported in a terminal are not sent to the gate.
  fs.mkdirSync(path.join(home, '.aws'), { recursive: true, mode: 0o700 });
  const aws = awsFiles ?? { credentials: '[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n', config: '[default]\nregion = us-east-1\n' };
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), aws.credentials, { mode: 0o600 });
  fs.writeFileSync(path.join(home, '.aws', 'config'), aws.config, { mode: 0o600 });
  return env;
}

/**
 * Version managers' shims on PATH find their installs through HOME unless told where they are (pyenv's
 * `aws` and `moto_server` here); with HOME moved, they need their root spelled out.
 */
function toolHomes(): Record<string, string> {
  const homes: Record<string, string> = {};
  const pass = ['PYENV_ROOT', 'PYENV_VERSION', 'RBENV_ROOT', 'NVM_DIR', 'CARGO_HOME', 'RUSTUP_HOME', 'GOPATH', 'JAVA_HOME'];
  for (const name of pass) if (process.env[name]) homes[name] = process.env[name]!;
  const defaults: Array<[string, string]> = [
    ['PYENV_ROOT', '.pyenv'],
    ['RBENV_ROOT', '.rbenv'],
    ['CARGO_HOME', '.cargo'],
    ['RUSTUP_HOME', '.rustup'],
  ];
  for (const [name, dir] of defaults) {
    const where = path.join(os.homedir(), dir);
    if (!homes[name] && fs.existsSync(where)) homes[name] = where;
  }
  return homes;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  installExitHooks();
  const toolchain = await ensureCodeServer();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `br-e2e-${options.label}-`));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const configFile = path.join(scratch, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.userSettings }, null, 2) + '\n',
  );
  const port = await freePort();
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = isolatedEnv(scratch, toolchain, options.env ?? {}, options.awsFiles);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const logFile = path.join(OUTPUT_DIR, `code-server-${options.label}.log`);

  if (options.vsix) {
    const installed = spawnSync(toolchain.node, [toolchain.entry, ...common, '--install-extension', options.vsix], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    fs.writeFileSync(logFile, `$ code-server --install-extension ${options.vsix}\n${installed.stdout}${installed.stderr}\n`);
    if (installed.status !== 0) {
      throw new Error(`code-server --install-extension failed (exit ${installed.status}): ${installed.stderr || installed.stdout}`);
    }
  } else {
    fs.writeFileSync(logFile, '');
  }

  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    toolchain.node,
    [
      toolchain.entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
      options.workspace,
    ],
    { env, cwd: options.workspace, stdio: ['ignore', out, out], detached: true },
  );
  fs.closeSync(out);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // Shells in its terminals run in sessions of their own; their pty closing hangs them up.
    if (!options.keepScratch && process.env.BLAST_RADIUS_E2E_KEEP !== '1') fs.rmSync(scratch, { recursive: true, force: true });
  };

  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(origin, child, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    port,
    origin,
    url: `${origin}/?folder=${encodeURIComponent(options.workspace)}`,
    scratch,
    userDataDir,
    logFile,
    stop,
  };
}

async function waitUntilReady(origin: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server was not ready within 60 s; see ${logFile}:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/**
 * Waits until the extension has installed its shims in the workspace storage: its environment goes to
 * every terminal from then on. A terminal opened earlier gets it only when VS Code relaunches it.
 */
export async function waitForShims(editor: CodeServer, timeoutMs = 60_000): Promise<string> {
  const storage = path.join(editor.userDataDir, 'User', 'workspaceStorage');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const workspace of fs.existsSync(storage) ? fs.readdirSync(storage) : []) {
      const shims = path.join(storage, workspace, 'blast-radius.blast-radius', 'shims');
      if (fs.existsSync(path.join(shims, POLICY_SNAPSHOT))) return shims;
    }
    if (Date.now() > deadline) throw new Error(`the extension installed no shims under ${storage} within ${timeoutMs / 1000} s; see ${editor.logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
