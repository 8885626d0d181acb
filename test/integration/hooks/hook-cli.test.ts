/**
 * `blast-radius hook --agent NAME` as agents run it: the built dist/cli.js as a real process, the hook's
 * JSON on stdin, the answer read from stdout. (a) A real gate behind the real IPC server, found through
 * the per-user registry, with a scripted person. (b) No gate at all: the core alone decides, and what
 * would be asked is blocked, saying why.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { messages } from '../../../src/gate/messages';
import { readGateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest, AuditEntry } from '../../../src/gate/types';
import { registerWindow } from '../../../src/ipc/registry';
import { IpcServer } from '../../../src/ipc/server';
import { serveScriptedGate } from '../support/scripted-gate';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');

let dir: string;
let ws: string;
/** XDG_RUNTIME_DIR holding the registry with the test window's entry. */
let runtime: string;
/** XDG_RUNTIME_DIR with no registry at all. */
let empty: string;
let server: IpcServer;
let registration: { dispose(): Promise<void> };
const shown: ApprovalRequest[] = [];
const audited: AuditEntry[] = [];
/** The scripted person: decides by looking at the request, as a person looks at the panel. */
let person: (r: ApprovalRequest, signal: AbortSignal) => Promise<boolean> = async () => false;

before(async () => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is built by npm run build (npm test does it)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-hook-it-'));
  ws = path.join(dir, 'ws');
  runtime = path.join(dir, 'run');
  empty = path.join(dir, 'run-empty');
  for (const d of [ws, runtime, empty]) fs.mkdirSync(d, { mode: 0o700 });
  const settings = readGateSettings({ deny: ['terraform destroy*'], circuitBreaker: { maxDestructive: 1000 } }).settings;
  server = await serveScriptedGate({ settings: () => settings, workspaceRoots: [ws], person: (r, signal) => person(r, signal), shown, audited });
  registration = await registerWindow(
    { pid: process.pid, handle: server.handle, token: server.token, workspaceFolders: [ws], version: 'test', startedAt: Date.now() },
    { XDG_RUNTIME_DIR: runtime },
  );
});

after(async () => {
  await registration?.dispose();
  server?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs the hook as the agent would. Asynchronous on purpose: the gate answers from this same process,
 * so a synchronous spawn would leave nobody to answer.
 */
function hook(agent: string, stdin: string, opts: { gate?: boolean; args?: string[] } = {}): Promise<Answer> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_RUNTIME_DIR: opts.gate === false ? empty : runtime };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'hook', '--agent', agent, ...(opts.args ?? [])], { cwd: ws, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(stdin);
  });
}

/** What each agent sends for a shell command, per its documentation (see test/fixtures/hooks). */
const payloads: Record<string, (command: string, cwd: string) => unknown> = {
  'claude-code': (command, cwd) => ({
    session_id: 's1', transcript_path: '/t.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse',
    tool_name: 'Bash', tool_input: { command, description: 'run it' }, tool_use_id: 'toolu_1',
  }),
  vscode: (command, cwd) => ({
    timestamp: '2026-02-09T10:30:00.000Z', cwd, sessionId: 's1', hookEventName: 'PreToolUse', transcript_path: '/t.json',
    tool_name: 'run_in_terminal', tool_input: { command, explanation: 'run it', isBackground: false }, tool_use_id: 'tool-1',
  }),
  cursor: (command, cwd) => ({
    conversation_id: 'c1', generation_id: 'g1', model: 'gpt-5', hook_event_name: 'beforeShellExecution', cursor_version: '1.7.2',
    workspace_roots: [cwd], user_email: null, command, cwd,
  }),
  cline: (command, cwd) => ({
    clineVersion: '3.36.0', hookName: 'PreToolUse', timestamp: '1736654400000', taskId: 't1', workspaceRoots: [cwd], userId: 'u1',
    preToolUse: { toolName: 'execute_command', parameters: { command, requires_approval: 'true' } },
  }),
  'gemini-cli': (command, cwd) => ({
    session_id: 's1', transcript_path: '/t.json', cwd, hook_event_name: 'BeforeTool', timestamp: '2026-02-09T10:30:00.000Z',
    tool_name: 'run_shell_command', tool_input: { command, description: 'run it' },
  }),
  'copilot-cli': (command, cwd) => ({ timestamp: 1704614600000, cwd, toolName: 'bash', toolArgs: JSON.stringify({ command, description: 'run it' }) }),
};

/** Each agent's exact answers (null: no output at all). */
const answers: Record<string, { noOpinion: unknown; approved: (m: string) => unknown; blocked: (m: string) => unknown }> = {
  'claude-code': {
    noOpinion: null,
    approved: (m) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: m } }),
    blocked: (m) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: m } }),
  },
  vscode: {
    noOpinion: {},
    approved: (m) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: m } }),
    blocked: (m) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: m, additionalContext: m } }),
  },
  cursor: { noOpinion: { permission: 'allow' }, approved: () => ({ permission: 'allow' }), blocked: (m) => ({ permission: 'deny', user_message: m, agent_message: m }) },
  cline: { noOpinion: { cancel: false }, approved: () => ({ cancel: false }), blocked: (m) => ({ cancel: true, errorMessage: m, contextModification: m }) },
  'gemini-cli': { noOpinion: {}, approved: () => ({ decision: 'allow' }), blocked: (m) => ({ decision: 'deny', reason: m }) },
  'copilot-cli': {
    noOpinion: null,
    approved: (m) => ({ permissionDecision: 'allow', permissionDecisionReason: m }),
    blocked: (m) => ({ permissionDecision: 'deny', permissionDecisionReason: m }),
  },
};

function assertAnswer(a: Answer, expected: unknown): void {
  assert.equal(a.code, 0, `exit status (stderr: ${a.err})`);
  if (expected === null) return assert.equal(a.out, '');
  assert.ok(a.out.endsWith('\n') && !a.out.slice(0, -1).includes('\n'), `one line of JSON: ${JSON.stringify(a.out)}`);
  assert.deepEqual(JSON.parse(a.out), expected);
}

const FORCE_PUSH = 'git push --force origin main';

describe('with a running gate, found through the registry', () => {
  for (const agent of Object.keys(payloads)) {
    test(`${agent}: asked, a person approves: allowed, and the panel named the agent`, async () => {
      person = async () => true;
      const before = shown.length;
      const a = await hook(agent, JSON.stringify(payloads[agent](FORCE_PUSH, ws)));
      assertAnswer(a, answers[agent].approved(messages.approved(FORCE_PUSH)));
      assert.equal(shown.length, before + 1);
      assert.equal(shown[shown.length - 1].command, FORCE_PUSH);
      assert.equal(shown[shown.length - 1].cwd, ws);
      assert.equal(shown[shown.length - 1].agent, agent === 'vscode' ? 'copilot' : agent);
    });

    test(`${agent}: asked, a person declines: blocked with the gate's message`, async () => {
      person = async () => false;
      const a = await hook(agent, JSON.stringify(payloads[agent](FORCE_PUSH, ws)));
      assertAnswer(a, answers[agent].blocked(messages.declined(FORCE_PUSH)));
    });
  }

  test('a read-only command: no opinion, and no person is asked', async () => {
    const before = shown.length;
    const a = await hook('claude-code', JSON.stringify(payloads['claude-code']('ls -la', ws)));
    assertAnswer(a, null);
    assert.equal(shown.length, before);
    const last = audited[audited.length - 1];
    assert.deepEqual([last.command, last.client, last.agent, last.outcome, last.decidedBy], ['ls -la', 'hook', 'claude-code', 'run', 'policy']);
  });

  test('a deny rule: blocked without asking anyone', async () => {
    const before = shown.length;
    const a = await hook('gemini-cli', JSON.stringify(payloads['gemini-cli']('terraform destroy -auto-approve', ws)));
    assertAnswer(a, answers['gemini-cli'].blocked(messages.denied('terraform destroy -auto-approve', 'terraform destroy*')));
    assert.equal(shown.length, before);
  });

  test('a tool that runs no shell command: no opinion, and the gate is not asked', async () => {
    const before = audited.length;
    const read = { session_id: 's1', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(ws, 'x') }, tool_use_id: 't' };
    assertAnswer(await hook('claude-code', JSON.stringify(read)), null);
    assert.equal(audited.length, before);
  });

  test('input that is not JSON: blocked, saying so', async () => {
    const a = await hook('cursor', '{"command": "rm -rf /"');
    assertAnswer(
      a,
      answers.cursor.blocked(
        'Blast Radius could not read the Cursor hook input (it is not JSON), so it blocked this tool call rather than let an unchecked command run. ' +
          'Stop and ask the user to check the Blast Radius hook for Cursor (`blast-radius hook --agent cursor`).',
      ),
    );
  });

  test('nobody decides within the agent’s time limit: blocked, and the request is withdrawn from the panel', async () => {
    person = (_r, signal) => new Promise<boolean>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const a = await hook('cline', JSON.stringify(payloads.cline(FORCE_PUSH, ws)), { args: ['--timeout', '3'] });
    const message = JSON.parse(a.out).errorMessage as string;
    assertAnswer(a, answers.cline.blocked(message));
    assert.match(message, /^Blast Radius: `git push --force origin main` was waiting for a decision and Cline allows its hook only 3 seconds, so it did not run\./);
    // The gate records the withdrawal once it notices the closed connection.
    for (let i = 0; i < 100 && audited[audited.length - 1]?.decidedBy !== 'withdrawn'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(audited[audited.length - 1].decidedBy, 'withdrawn');
  });
});

/** Each product's own "no opinion" (null: no output at all), as its unit test states it. */
const noOpinionOf: Record<string, unknown> = Object.fromEntries(Object.entries(answers).map(([agent, a]) => [agent, a.noOpinion]));

describe('another product runs the hook from a file they share, with its own input', () => {
  // The cross-reads documented in test/fixtures/hooks/<agent>/payloads.json: VS Code, Copilot CLI and Cursor.
  for (const agent of ['claude-code', 'vscode', 'copilot-cli']) {
    const fx = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'hooks', agent, 'payloads.json'), 'utf8')) as {
      foreign: Array<{ name: string; from: string; payload: unknown }>;
    };
    for (const c of fx.foreign) {
      test(`${agent} hook, ${c.name}: ${c.from}'s own “no opinion”, and neither the gate nor a person is asked`, async () => {
        person = async () => false;
        const [asked, recorded] = [shown.length, audited.length];
        assertAnswer(await hook(agent, JSON.stringify(c.payload)), noOpinionOf[c.from]);
        assert.deepEqual([shown.length, audited.length], [asked, recorded]);
      });
    }
  }

  test('input from no product Blast Radius knows: blocked, saying what could not be read', async () => {
    const a = await hook('claude-code', JSON.stringify({ event: 'before_tool', tool: 'shell', input: { command: 'rm -rf /' }, cwd: ws }));
    assertAnswer(
      a,
      answers['claude-code'].blocked(
        'Blast Radius could not read the Claude Code hook input (tool_name is missing or not a string), so it blocked this tool call rather than let an unchecked command run. ' +
          'Stop and ask the user to check the Blast Radius hook for Claude Code (`blast-radius hook --agent claude-code`).',
      ),
    );
  });
});

describe('with no gate at all: the core alone', () => {
  test('a read-only command: no opinion', async () => {
    assertAnswer(await hook('copilot-cli', JSON.stringify(payloads['copilot-cli']('ls -la', ws)), { gate: false }), null);
  });

  for (const agent of ['claude-code', 'vscode', 'cursor']) {
    test(`${agent}: what would be asked is blocked, saying no window could ask a person`, async () => {
      const a = await hook(agent, JSON.stringify(payloads[agent](FORCE_PUSH, ws)), { gate: false });
      const message = (JSON.parse(a.out).hookSpecificOutput?.permissionDecisionReason ?? JSON.parse(a.out).agent_message) as string;
      assertAnswer(a, answers[agent].blocked(message));
      assert.match(message, /^Blast Radius: `git push --force origin main` needs a person's approval, and no approval can be asked for: no VS Code window with Blast Radius is running for this user/);
      assert.match(message, /It did not run\./);
    });
  }
});

describe('the command line', () => {
  test('an unknown agent: usage error listing the agents', async () => {
    const a = await hook('windsurf', '{}');
    assert.equal(a.code, 64);
    assert.equal(a.out, '');
    assert.match(a.err, /unknown agent windsurf: one of vscode, claude-code, cursor, cline, gemini-cli, copilot-cli/);
  });
});
