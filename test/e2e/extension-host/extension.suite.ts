/**
 * The extension inside a real extension host: it activates, reads and validates its settings, puts its
 * environment into new terminals, gates a shimmed command through its real IPC server, and registers
 * its commands. Runs against the development build (dist/) of this repository.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { findGates, hasPolicySnapshot, parseEntry, registryDir } from '../../../src/ipc/registry';

const EXTENSION_ID = 'blast-radius.blast-radius';
let scratch: string;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The environment a new terminal of this window gets, read by the terminal's own shell. */
async function terminalEnvironment(): Promise<Record<string, string>> {
  const file = path.join(scratch, `env-${Date.now()}.txt`);
  const terminal = vscode.window.createTerminal({ name: 'Blast Radius e2e', shellPath: '/bin/sh', shellArgs: ['-c', `env > ${file}.tmp && mv ${file}.tmp ${file}`] });
  try {
    const text = await until('the terminal to write its environment', () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined));
    const env: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
    }
    return env;
  } finally {
    terminal.dispose();
  }
}

/**
 * Runs a command line in sh with a terminal's environment, as an agent's process would. Never
 * synchronously: the gate that answers the shim lives in this very process (the extension host), and a
 * blocked event loop would leave the shim waiting for ever.
 */
function runGated(line: string, env: Record<string, string>, cwd: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', line], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.invalid', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' },
  });
}

/**
 * A bare remote whose main has one commit, and a clone of it whose main was amended since: only a force
 * push can move the remote's main to the clone's.
 */
function remoteAndRewrittenClone(remote: string, clone: string): void {
  git(['init', '-q', '--bare', '-b', 'main', remote], scratch);
  git(['clone', '-q', remote, clone], scratch);
  git(['checkout', '-q', '-b', 'main'], clone);
  fs.writeFileSync(path.join(clone, 'a.txt'), 'a\n');
  git(['add', 'a.txt'], clone);
  git(['commit', '-qm', 'a'], clone);
  git(['push', '-q', 'origin', 'HEAD:main'], clone);
  git(['commit', '-q', '--amend', '-m', 'a, rewritten'], clone);
}

suite('Blast Radius in the extension host', () => {
  let env: Record<string, string>;

  suiteSetup(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'br-exthost-'));
  });

  suiteTeardown(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('registers every command its manifest contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 5);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  test('Show What Is Gated lists every route, and the hook launcher it names runs the installed CLI', async () => {
    await vscode.commands.executeCommand('blastRadius.showCoverage');
    const page = await until('the coverage page', () => vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.getText().startsWith('# What Blast Radius gates now')));
    const text = page.getText();
    assert.match(text, /\*\*\d+ tools\*\* are intercepted in VS Code's integrated terminals/);
    for (const agent of ['GitHub Copilot (VS Code agent mode)', 'Claude Code', 'Cursor', 'Cline', 'Gemini CLI', 'GitHub Copilot CLI']) {
      assert.ok(text.includes(`- **${agent}**: `), `${agent} is listed`);
    }
    const shown = /Hooks run the launcher `([^`]+)`/.exec(text)?.[1];
    assert.ok(shown, 'the launcher is named');
    const launcher = shown.replace(/^~(?=\/)/, os.homedir());
    assert.equal(fs.statSync(launcher).mode & 0o777, 0o700);
    // Not spawnSync: the gate lives in this process (the launcher itself does not ask it for --version).
    const version = await new Promise<string>((resolve, reject) => {
      const child = spawn(launcher, ['--version'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`the launcher exited ${code}`))));
    });
    assert.equal(version, `${(vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { version: string }).version}\n`);
  });

  test('reads its settings with their documented defaults', () => {
    const config = vscode.workspace.getConfiguration('blastRadius');
    assert.equal(config.get('bulkThreshold'), 10);
    assert.equal(config.get('humanTerminals'), 'protectedOnly');
    assert.deepEqual(config.get('protectedResources'), []);
  });

  test('a new terminal gets the shims first on PATH and the way to the gate', async () => {
    env = await terminalEnvironment();
    const shims = env.BLAST_RADIUS_SHIMS;
    assert.ok(shims, 'BLAST_RADIUS_SHIMS is set');
    assert.ok(env.PATH.startsWith(shims + path.delimiter), `PATH starts with the shim folder: ${env.PATH}`);
    assert.ok(env.BLAST_RADIUS_IPC, 'BLAST_RADIUS_IPC is set');
    assert.ok(env.BLAST_RADIUS_TOKEN, 'BLAST_RADIUS_TOKEN is set');
    assert.ok(fs.existsSync(path.join(shims, 'git')), 'git is shimmed');
    assert.ok(fs.statSync(env.BLAST_RADIUS_IPC).isSocket(), 'the gate listens on a Unix socket');
  });

  test('the window registers its gate for hooks and the MCP server, and saves its settings for when it is gone', async () => {
    assert.ok(env, 'runs after the terminal test');
    const found = await until('this window in the gate registry', () => {
      const dir = registryDir(process.env);
      if (!fs.existsSync(dir)) return undefined;
      for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('window-'))) {
        const entry = parseEntry(fs.readFileSync(path.join(dir, name), 'utf8'));
        if (entry && entry.pid === process.pid) return entry;
      }
      return undefined;
    });
    // The same gate the terminals reach, and the folder this window has open.
    assert.equal(found.handle, env.BLAST_RADIUS_IPC);
    assert.equal(found.token, env.BLAST_RADIUS_TOKEN);
    assert.deepEqual(found.workspaceFolders, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
    assert.ok(hasPolicySnapshot(process.env), 'a policy snapshot is saved for deciding with no window');
    const gates = await findGates(found.workspaceFolders[0] ?? '/', process.env);
    assert.ok(gates.some((g) => g.pid === process.pid), 'findGates offers this window');
  });

  suite('a shimmed command goes through the real gate', () => {
    let remote: string;
    let clone: string;
    const agentEnv = () => ({ ...env, CLAUDECODE: '1' });

    suiteSetup(() => {
      remote = path.join(scratch, 'remote.git');
      clone = path.join(scratch, 'clone');
      remoteAndRewrittenClone(remote, clone);
    });

    test('a read runs', async () => {
      const r = await runGated('git status --short && git log --oneline -1', agentEnv(), clone);
      assert.equal(r.code, 0, r.err);
    });

    test('while agents are frozen, a force push is blocked without running', async () => {
      const before = git(['rev-parse', 'main'], remote);
      await vscode.commands.executeCommand('blastRadius.freeze');
      try {
        const r = await runGated('git push --force origin main', agentEnv(), clone);
        assert.equal(r.code, 126, r.err);
        assert.match(r.err, /Blast Radius/);
        assert.equal(git(['rev-parse', 'main'], remote), before);
      } finally {
        await vscode.commands.executeCommand('blastRadius.unfreeze');
      }
    });

    test('a deny rule from the settings blocks the command', async () => {
      const before = git(['rev-parse', 'main'], remote);
      await vscode.workspace.getConfiguration('blastRadius').update('deny', ['git push --force*'], vscode.ConfigurationTarget.Global);
      // The shims are rewritten with the new policy snapshot when the settings change.
      const snapshot = path.join(env.BLAST_RADIUS_SHIMS, 'policy.json');
      await until('the policy snapshot to carry the deny rule', () => (fs.readFileSync(snapshot, 'utf8').includes('git push --force*') ? true : undefined));
      const r = await runGated('git push --force origin main', agentEnv(), clone);
      assert.equal(r.code, 126, r.err);
      assert.match(r.err, /denied/);
      assert.equal(git(['rev-parse', 'main'], remote), before);
    });

    test('a malformed setting is replaced by a safe value, not trusted', async () => {
      await vscode.workspace.getConfiguration('blastRadius').update('bulkThreshold', 'lots', vscode.ConfigurationTarget.Global);
      const snapshot = path.join(env.BLAST_RADIUS_SHIMS, 'policy.json');
      await new Promise((r) => setTimeout(r, 500));
      const section = JSON.parse(fs.readFileSync(snapshot, 'utf8')) as { bulkThreshold?: unknown };
      // The documented default, as readSettings falls back to (not merely "anything but 'lots'").
      assert.equal(section.bulkThreshold, 10);
      // The gate still works with the rest of the settings.
      const r = await runGated('git status --short', agentEnv(), clone);
      assert.equal(r.code, 0, r.err);
    });
  });

  suite('the chat tools go through the same gate', () => {
    const invoke = async (name: string, input: object): Promise<string> => {
      const result = await vscode.lm.invokeTool(name, { toolInvocationToken: undefined, input });
      return result.content.map((part) => String((part as { value?: unknown }).value ?? '')).join('');
    };

    test('both tools are registered', () => {
      const names = vscode.lm.tools.map((t) => t.name);
      assert.ok(names.includes('blastRadius_run_command'), names.join(', '));
      assert.ok(names.includes('blastRadius_aws_call'), names.join(', '));
    });

    test('an allowed command runs without a confirmation, and its output comes back', async () => {
      const text = await invoke('blastRadius_run_command', { command: 'echo chat-tool-ran && pwd', cwd: scratch });
      assert.match(text, /is allowed by policy/);
      assert.match(text, /exit code 0/);
      assert.ok(text.includes(`chat-tool-ran\n${fs.realpathSync(scratch)}`) || text.includes(`chat-tool-ran\n${scratch}`), text);
    });

    test('a force push is refused while agents are frozen, and does not run', async () => {
      // Deleting under the temp folder would be allowed (regenerable); rewriting a remote branch is not.
      const remote = path.join(scratch, 'chat-remote.git');
      const clone = path.join(scratch, 'chat-clone');
      remoteAndRewrittenClone(remote, clone);
      const before = git(['rev-parse', 'main'], remote);
      await vscode.commands.executeCommand('blastRadius.freeze');
      try {
        const text = await invoke('blastRadius_run_command', { command: 'git push origin +main', cwd: clone });
        assert.match(text, /agents are frozen/);
        assert.match(text, /did not run/);
        assert.equal(git(['rev-parse', 'main'], remote), before);
      } finally {
        await vscode.commands.executeCommand('blastRadius.unfreeze');
      }
    });

    test('an AWS deletion is refused while agents are frozen (the bundled SDK checked the call first)', async () => {
      await vscode.commands.executeCommand('blastRadius.freeze');
      try {
        const text = await invoke('blastRadius_aws_call', { service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'prod-logs' } });
        assert.match(text, /agents are frozen/);
        assert.ok(text.includes('aws s3api delete-bucket --bucket prod-logs'), text);
      } finally {
        await vscode.commands.executeCommand('blastRadius.unfreeze');
      }
      const wrong = await invoke('blastRadius_aws_call', { service: 's3', operation: 'DeleteBucket', parameters: { bucket: 'prod-logs' } });
      assert.match(wrong, /^Blast Radius: this call is not valid \(s3 DeleteBucket has no parameter bucket; did you mean Bucket\?\)\. Nothing ran\.$/);
    });
  });
});
