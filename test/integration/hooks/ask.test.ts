/**
 * askGate as a hook or tool outside VS Code meets it: a real IpcServer and Gate (a scripted person in the
 * panel), found through a temporary per-user registry the way the extension registers itself. Windows
 * that cannot answer are passed over; with no window at all, the core decides alone with the saved
 * settings and blocks what would need a person, saying so.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readGateSettings, type GateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest, AuditEntry, CheckRequest } from '../../../src/gate/types';
import { askGate } from '../../../src/hooks/ask';
import { policyDir, registerWindow, registryDir, writeRegistryPolicySnapshot } from '../../../src/ipc/registry';
import { IpcServer } from '../../../src/ipc/server';
import { registerGateInRegistry } from '../../../src/ipc/window-registration';
import { serveScriptedGate } from '../support/scripted-gate';

const unix = process.platform === 'win32' ? 'Unix sockets only' : false;

let tmp: string;
let env: NodeJS.ProcessEnv;
let server: IpcServer;
let project: string;
const shown: ApprovalRequest[] = [];
const audited: AuditEntry[] = [];
let person: (r: ApprovalRequest, signal: AbortSignal) => Promise<boolean> = async () => false;
let settings: GateSettings = readGateSettings({}).settings;
const registrations: Array<{ dispose(): unknown }> = [];

before(async () => {
  if (unix) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-ask-'));
  env = { XDG_RUNTIME_DIR: path.join(tmp, 'run'), HOME: path.join(tmp, 'home') };
  fs.mkdirSync(env.XDG_RUNTIME_DIR!, { mode: 0o700 });
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  server = await serveScriptedGate({ settings: () => settings, workspaceRoots: [project], person: (r, signal) => person(r, signal), shown, audited });
});

after(() => {
  if (unix) return;
  server?.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  shown.length = 0;
  audited.length = 0;
  person = async () => false;
  settings = readGateSettings({}).settings;
  for (const r of registrations.splice(0)) await r.dispose();
  fs.rmSync(registryDir(env), { recursive: true, force: true });
});

function request(commandLine: string, over: Partial<CheckRequest> = {}): CheckRequest {
  return { client: 'hook', agent: 'claude-code', commandLine, cwd: project, env: { HOME: env.HOME! }, ...over };
}

/** The window as the extension registers it: its gate, its folders, its settings snapshot. */
async function openWindow(folders = [project]): Promise<void> {
  const listeners: Array<(s: GateSettings) => unknown> = [];
  registrations.push(
    registerGateInRegistry({
      server,
      version: 'test',
      folders: () => folders,
      onFoldersChange: () => ({ dispose() {} }),
      settings: { current: settings, onDidChange: (l) => (listeners.push(l), { dispose() {} }) },
      log: (line) => assert.fail(`the registration logged a failure: ${line}`),
      env,
    }),
  );
  // Registration writes in the background; wait until the entry is there.
  for (let i = 0; i < 200 && !fs.readdirSync(registryDir(env)).some((n) => n.startsWith('window-')); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('askGate through a running window', { skip: unix, concurrency: 1 }, () => {
  test('a read is allowed by the window’s policy, nobody is asked', async () => {
    await openWindow();
    const r = await askGate(request('git status'), { env });
    assert.deepEqual({ run: r.run, verdict: r.verdict, decidedBy: r.decidedBy, viaGate: r.viaGate }, { run: true, verdict: 'allow', decidedBy: 'policy', viaGate: true });
    assert.equal(shown.length, 0);
    assert.equal(audited[0].client, 'hook');
    assert.equal(audited[0].agent, 'claude-code');
  });

  test('a force push reaches the panel; the person approves: it may run', async () => {
    await openWindow();
    person = async () => true;
    const r = await askGate(request('git push --force origin main'), { env });
    assert.deepEqual({ run: r.run, verdict: r.verdict, decidedBy: r.decidedBy, viaGate: r.viaGate }, { run: true, verdict: 'ask', decidedBy: 'person', viaGate: true });
    assert.equal(shown.length, 1);
    assert.equal(shown[0].command, 'git push --force origin main');
    assert.equal(shown[0].agent, 'claude-code');
    assert.equal(r.message, 'Blast Radius: a person approved `git push --force origin main`.');
  });

  test('the person declines: it may not run, and the agent reads why', async () => {
    await openWindow();
    const r = await askGate(request('git push --force origin main'), { env });
    assert.equal(r.run, false);
    assert.equal(r.decidedBy, 'person');
    assert.match(r.message, /^Blast Radius: a person reviewed `git push --force origin main` and declined it\. It did not run\./);
  });

  test('a window that cannot answer (socket gone, wrong token) is passed over for the next', async () => {
    // Both dead windows hold the project folder more closely than the live one, so they are tried first.
    registrations.push(await registerWindow({ pid: process.pid, handle: path.join(tmp, 'gone.sock'), token: 'b'.repeat(64), workspaceFolders: [project], version: 'old', startedAt: Date.now() }, env));
    registrations.push(await registerWindow({ pid: process.pid, handle: server.handle, token: 'c'.repeat(64), workspaceFolders: [project], version: 'stale-token', startedAt: Date.now() - 1 }, env));
    await openWindow([tmp]);
    const r = await askGate(request('git status'), { env });
    assert.equal(r.viaGate, true);
    assert.equal(r.run, true);
    assert.equal(audited.length, 1);
  });

  test('a request the gate refuses is blocked with its reason, not decided offline', async () => {
    await openWindow();
    const r = await askGate(request('git status', { agent: 'not/a name' }), { env });
    assert.equal(r.run, false);
    assert.equal(r.viaGate, false);
    assert.match(r.message, /the gate refused to check `git status` \(400: agent: must be 1-40 letters/);
  });

  test('aborting withdraws the request from the panel', async () => {
    await openWindow();
    let withdrawn = false;
    person = (_r, signal) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          withdrawn = true;
          reject(signal.reason);
        }),
      );
    const controller = new AbortController();
    const pending = askGate(request('git push --force origin main'), { env, signal: controller.signal });
    while (shown.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('the agent gave up'));
    await assert.rejects(pending, /the agent gave up/);
    while (audited.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(withdrawn, true);
    assert.equal(audited[0].decidedBy, 'withdrawn');
  });

  test('the window’s settings are saved for when it is gone, and its entry leaves with it', async () => {
    settings = readGateSettings({ deny: ['git status*'] }).settings;
    await openWindow();
    assert.match(fs.readFileSync(path.join(policyDir(env), 'policy.json'), 'utf8'), /"git status\*"/);
    for (const r of registrations.splice(0)) await r.dispose();
    assert.deepEqual(fs.readdirSync(registryDir(env)).filter((n) => n.startsWith('window-')), []);
    const r = await askGate(request('git status'), { env });
    assert.equal(r.viaGate, false);
    assert.equal(r.run, false);
    assert.equal(r.verdict, 'deny');
    assert.match(r.message, /denied by the rule "git status\*"/);
  });
});

describe('askGate with no VS Code window', { skip: unix, concurrency: 1 }, () => {
  test('with saved settings: reads and local work run, what needs a person is blocked and says why', async () => {
    await writeRegistryPolicySnapshot({}, env);
    for (const line of ['git status', 'git commit -m wip', 'ls -la']) {
      const r = await askGate(request(line), { env });
      assert.deepEqual({ line, run: r.run, viaGate: r.viaGate, decidedBy: r.decidedBy }, { line, run: true, viaGate: false, decidedBy: 'policy' });
    }
    const r = await askGate(request('git push --force origin main'), { env });
    assert.deepEqual({ run: r.run, verdict: r.verdict, decidedBy: r.decidedBy, viaGate: r.viaGate }, { run: false, verdict: 'ask', decidedBy: 'no-gate', viaGate: false });
    assert.equal(
      r.message,
      "Blast Radius: `git push --force origin main` needs a person's approval, and no approval can be asked for: no VS Code window with Blast Radius is running for this user. " +
        'It did not run. Do not retry it, and do not try to reach the same result another way (another tool, a script, an absolute path). Stop and ask the user how to proceed. ' +
        'To proceed, the user can open VS Code with Blast Radius enabled (any window: its approval panel shows the request) and then ask you to try again, or run the command themselves.',
    );
  });

  test('a hook is an agent’s even without a marker: humanTerminals "off" does not let it through', async () => {
    await writeRegistryPolicySnapshot({ humanTerminals: 'off' }, env);
    const r = await askGate(request('git push --force origin main', { env: {} }), { env });
    assert.equal(r.run, false);
  });

  test('no saved settings: every change needs a person, and the message says so', async () => {
    fs.rmSync(path.join(policyDir(env), 'policy.json'), { force: true });
    assert.equal((await askGate(request('git status'), { env })).run, true);
    const r = await askGate(request('git commit -m wip'), { env });
    assert.equal(r.run, false);
    assert.match(r.message, /no VS Code window with Blast Radius is running for this user, and no saved Blast Radius settings were found, so every change needs a person\. It did not run\./);
  });

  test('a registered window whose gate is gone: the message says it did not answer', async () => {
    await writeRegistryPolicySnapshot({}, env);
    registrations.push(await registerWindow({ pid: process.pid, handle: path.join(tmp, 'gone.sock'), token: 'b'.repeat(64), workspaceFolders: [project], version: 'old', startedAt: 1 }, env));
    const r = await askGate(request('git push --force origin main'), { env });
    assert.equal(r.run, false);
    assert.match(r.message, /no approval can be asked for: the one VS Code window with Blast Radius did not answer \(ENOENT at .*gone\.sock\)\. It did not run\./);
  });
});
