/**
 * Test-only: one table of scenarios every hook adapter goes through, fed with that agent's documented
 * payloads (test/fixtures/hooks/<agent>/payloads.json) and checked against the exact answers the agent's
 * test file says its protocol expects.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CheckRequest } from '../../../src/gate/types';
import type { HookOutput } from '../../../src/hooks/adapter';
import { HOOK_AGENT_NAMES, hookAdapter } from '../../../src/hooks/adapters';
import type { AskOptions, AskResult } from '../../../src/hooks/ask';
import { MAX_HOOK_INPUT_BYTES, runHook, type AskGate } from '../../../src/hooks/run';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface ShellCase {
  name: string;
  payload: unknown;
  commandLine: string;
  cwd: string;
}
/** Another product's input, as that product sends it when it runs this agent's hook from a file they share. */
interface ForeignCase {
  name: string;
  /** The product (named as its adapter) that sends it. */
  from: string;
  payload: unknown;
}
interface Fixtures {
  protocol: string;
  shell: ShellCase[];
  other: Array<{ name: string; payload: unknown }>;
  malformed: Array<{ name: string; payload: unknown; reason: string }>;
  foreign?: ForeignCase[];
}

export function fixtures(agent: string): Fixtures {
  return JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'hooks', agent, 'payloads.json'), 'utf8')) as Fixtures;
}

/** The exact answers of one protocol: `null` stdout means no output at all. */
export interface Expected {
  noOpinion: unknown;
  approved: (message: string) => unknown;
  blocked: (message: string) => unknown;
  /** Where a blocking answer carries its message. */
  messageOf: (answer: any) => unknown;
}

/**
 * Each product's own "no opinion" (null: no output at all), as its test file states it: the answer to that
 * product's input whichever adapter it reaches, since that product reads the answer.
 */
export const NO_OPINION_OF: Readonly<Record<string, unknown>> = {
  'claude-code': null,
  vscode: {},
  'copilot-cli': null,
  cursor: { permission: 'allow' },
  'gemini-cli': {},
  cline: { cancel: false },
};

/** The inputs other products send for their own tools and shell commands, each named by its product. */
function othersInputs(name: string): ForeignCase[] {
  return HOOK_AGENT_NAMES.filter((other) => other !== name).flatMap((other) => {
    const fx = fixtures(other);
    return [...fx.shell, ...fx.other].map((c) => ({ name: c.name, from: other, payload: c.payload }));
  });
}

export function stdinOf(text: string | Buffer): Readable {
  return Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]);
}

/** A scripted gate: answers with `result` and records what it was asked. */
export function scripted(result: AskResult | ((req: CheckRequest, opts: AskOptions) => Promise<AskResult>)): { ask: AskGate; asked: CheckRequest[]; signals: AbortSignal[] } {
  const asked: CheckRequest[] = [];
  const signals: AbortSignal[] = [];
  const ask: AskGate = async (req, opts) => {
    asked.push(req);
    if (opts.signal) signals.push(opts.signal);
    return typeof result === 'function' ? result(req, opts) : result;
  };
  return { ask, asked, signals };
}

/** The answer is exactly `expected`: nothing on stdout for null, else one line of JSON with that content. */
export function assertAnswer(out: HookOutput, expected: unknown, exitCode = 0): void {
  assert.equal(out.exitCode, exitCode, 'exit status');
  if (expected === null) {
    assert.equal(out.stdout, '', 'no output');
    return;
  }
  assert.ok(out.stdout.endsWith('\n') && !out.stdout.slice(0, -1).includes('\n'), `one line of JSON: ${JSON.stringify(out.stdout)}`);
  assert.deepEqual(JSON.parse(out.stdout), expected);
}

/** The message of a blocking answer, after checking the answer is exactly that agent's block with it. */
function blockedMessage(expected: Expected, out: HookOutput): string {
  assert.equal(out.exitCode, 0, 'exit status');
  const answer: unknown = JSON.parse(out.stdout);
  const message = expected.messageOf(answer);
  assert.equal(typeof message, 'string', `a blocking answer: ${out.stdout}`);
  assertAnswer(out, expected.blocked(message as string));
  return message as string;
}

const APPROVED = 'Blast Radius: a person approved `git push --force origin main`.';
const DECLINED =
  'Blast Radius: a person reviewed `git push --force origin main` and declined it. It did not run. Do not retry it, and do not try to reach the same result another way (another tool, a script, an absolute path). Stop and ask the user how to proceed.';
const DENIED = 'Blast Radius: `terraform destroy -auto-approve` is denied by the rule "terraform destroy*". It did not run. Stop and ask the user how to proceed.';
const NO_GATE =
  'Blast Radius: `git push --force origin main` needs a person\'s approval, and no approval can be asked for: no VS Code window with Blast Radius is running for this user. It did not run.';

/** Every scenario for one agent. */
export function describeHookAdapter(name: string, expected: Expected): void {
  const adapter = hookAdapter(name);
  assert.ok(adapter, `adapter ${name}`);
  const fx = fixtures(name);
  const first = fx.shell[0];
  const run = (stdin: string | Buffer, ask: AskGate, timeoutSeconds?: number) =>
    runHook(name, stdinOf(stdin), ask, { env: { HOME: '/home/user', AWS_PROFILE: 'prod', SECRET_TOKEN: 'hunter2', CLAUDECODE: '1' }, timeoutSeconds });

  describe(`${name}: reading the input`, () => {
    test(`the fixtures come from the protocol the adapter names (${adapter.protocolUrl})`, () => {
      assert.equal(fx.protocol, adapter.protocolUrl);
    });
    for (const c of fx.shell) {
      test(`shell command: ${c.name}`, () => {
        assert.deepEqual(adapter.parse(c.payload), { kind: 'check', commandLine: c.commandLine, cwd: c.cwd, agent: adapter.agent });
      });
    }
    for (const c of fx.other) {
      test(`no opinion: ${c.name}`, () => {
        assert.equal(adapter.parse(c.payload).kind, 'pass');
      });
    }
    for (const c of fx.malformed) {
      test(`malformed: ${c.name}`, () => {
        const parsed = adapter.parse(c.payload);
        assert.equal(parsed.kind, 'malformed');
        assert.ok(parsed.kind === 'malformed' && parsed.reason.includes(c.reason), `reason ${JSON.stringify(parsed)} mentions ${c.reason}`);
      });
    }
  });

  describe(`${name}: another product's input`, () => {
    test('this agent’s own “no opinion” is the one other adapters give its input', () => {
      assert.deepEqual(expected.noOpinion, NO_OPINION_OF[name]);
    });
    const foreign: Array<[label: string, c: ForeignCase]> = [
      ...(fx.foreign ?? []).map((c): [string, ForeignCase] => [`shares the hook file: ${c.name}`, c]),
      ...othersInputs(name).map((c): [string, ForeignCase] => [`${c.from}'s own input: ${c.name}`, c]),
    ];
    for (const [label, c] of foreign) {
      test(`${label}: ${c.from}'s own “no opinion”, and the gate is not asked`, async () => {
        const parsed = adapter.parse(c.payload);
        assert.equal(parsed.kind, 'foreign');
        assert.equal(parsed.kind === 'foreign' && parsed.dialect, c.from);
        const gate = scripted({ run: false, verdict: 'deny', decidedBy: 'policy', message: 'must not be asked', viaGate: true });
        assertAnswer(await run(JSON.stringify(c.payload), gate.ask), NO_OPINION_OF[c.from]);
        assert.equal(gate.asked.length, 0);
      });
    }
    // What another agent's hook receives from this product is this adapter's own input, never foreign to it.
    const mine = HOOK_AGENT_NAMES.flatMap((other) => (fixtures(other).foreign ?? []).filter((c) => c.from === name).map((c) => ({ ...c, at: other })));
    for (const c of mine) {
      test(`its own input as ${c.at}'s hook receives it (${c.name}): read as its own`, () => {
        assert.notEqual(adapter.parse(c.payload).kind, 'foreign');
      });
    }
  });

  describe(`${name}: answering`, () => {
    test('allowed by policy: no opinion, and the gate was asked about the command where it runs, as this agent', async () => {
      const gate = scripted({ run: true, verdict: 'allow', decidedBy: 'policy', message: '', viaGate: true });
      assertAnswer(await run(JSON.stringify(first.payload), gate.ask), expected.noOpinion);
      assert.equal(gate.asked.length, 1);
      const { pid, ...req } = gate.asked[0];
      assert.equal(pid, process.pid);
      // Only what changes the analysis travels: the profile and the agent marker, never other secrets.
      assert.deepEqual(req, { client: 'hook', commandLine: first.commandLine, cwd: first.cwd, agent: adapter.agent, env: { HOME: '/home/user', AWS_PROFILE: 'prod', CLAUDECODE: '1' } });
    });

    test('asked, and a person approved: allow, with the gate’s message', async () => {
      const gate = scripted({ run: true, verdict: 'ask', decidedBy: 'person', message: APPROVED, viaGate: true });
      assertAnswer(await run(JSON.stringify(first.payload), gate.ask), expected.approved(APPROVED));
    });

    test('asked, and a person declined: deny, with the gate’s message', async () => {
      const gate = scripted({ run: false, verdict: 'ask', decidedBy: 'person', message: DECLINED, viaGate: true });
      assertAnswer(await run(JSON.stringify(first.payload), gate.ask), expected.blocked(DECLINED));
    });

    test('denied by a rule: deny, with the gate’s message', async () => {
      const gate = scripted({ run: false, verdict: 'deny', decidedBy: 'policy', message: DENIED, viaGate: true });
      assertAnswer(await run(JSON.stringify(first.payload), gate.ask), expected.blocked(DENIED));
    });

    test('no window to ask a person: deny, saying why', async () => {
      const gate = scripted({ run: false, verdict: 'ask', decidedBy: 'no-gate', message: NO_GATE, viaGate: false });
      assertAnswer(await run(JSON.stringify(first.payload), gate.ask), expected.blocked(NO_GATE));
    });

    test('nobody decides before the agent’s time limit: deny, and the request is withdrawn', async () => {
      const gate = scripted((_req, opts) => new Promise<AskResult>((_resolve, reject) => opts.signal?.addEventListener('abort', () => reject(opts.signal?.reason))));
      const out = await run(JSON.stringify(first.payload), gate.ask, 1);
      const message = blockedMessage(expected, out);
      assert.match(message, new RegExp(`allows its hook only 1 second, so it did not run\\. .*Stop and ask the user`));
      assert.match(message, /blast-radius hook --timeout/);
      assert.equal(gate.signals[0].aborted, true);
    });

    test('the gate never answers and ignores the signal: deny all the same', async () => {
      const gate = scripted(() => new Promise<AskResult>(() => undefined));
      const message = blockedMessage(expected, await run(JSON.stringify(first.payload), gate.ask, 1));
      assert.match(message, /allows its hook only 1 second/);
    });

    test('asking fails: deny, saying so', async () => {
      const gate = scripted(async () => {
        throw new Error('EACCES reading the registry');
      });
      const message = blockedMessage(expected, await run(JSON.stringify(first.payload), gate.ask));
      assert.equal(message, 'Blast Radius: checking `git push --force origin main` failed (EACCES reading the registry), so it did not run. Do not retry it, and do not try to reach the same result another way. Stop and ask the user how to proceed.');
    });

    for (const c of fx.other) {
      test(`not a shell command (${c.name}): no opinion, and the gate is not asked`, async () => {
        const gate = scripted({ run: false, verdict: 'deny', decidedBy: 'policy', message: 'must not be asked', viaGate: true });
        assertAnswer(await run(JSON.stringify(c.payload), gate.ask), expected.noOpinion);
        assert.equal(gate.asked.length, 0);
      });
    }

    for (const c of fx.malformed) {
      test(`malformed (${c.name}): deny, saying what could not be read`, async () => {
        const gate = scripted({ run: true, verdict: 'allow', decidedBy: 'policy', message: '', viaGate: true });
        const message = blockedMessage(expected, await run(JSON.stringify(c.payload), gate.ask));
        assert.ok(message.startsWith(`Blast Radius could not read the ${adapter.displayName} hook input (`), message);
        assert.ok(message.includes(c.reason), message);
        assert.ok(message.includes(`blast-radius hook --agent ${name}`), message);
        assert.equal(gate.asked.length, 0);
      });
    }

    const unreadable: Array<[string, string | Buffer, RegExp]> = [
      ['not JSON', '{"tool_name": "Bash", ', /\(it is not JSON\)/],
      ['no input at all', '', /\(it is empty\)/],
      ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /\(reading it failed \(the input is not UTF-8\)\)/],
      ['larger than 1 MiB', '{"pad": "' + 'x'.repeat(MAX_HOOK_INPUT_BYTES) + '"}', /\(it is larger than 1024 KiB\)/],
    ];
    test('input that never ends: deny before the agent’s time limit, saying so', async () => {
      const gate = scripted({ run: true, verdict: 'allow', decidedBy: 'policy', message: '', viaGate: true });
      const stdin = new PassThrough();
      stdin.write('{"tool_name": ');
      const out = await runHook(name, stdin, gate.ask, { env: {}, timeoutSeconds: 1 });
      assert.match(blockedMessage(expected, out), /\(it did not arrive within 1 second\)/);
      assert.equal(gate.asked.length, 0);
    });

    for (const [what, stdin, reason] of unreadable) {
      test(`input ${what}: deny, saying so`, async () => {
        const gate = scripted({ run: true, verdict: 'allow', decidedBy: 'policy', message: '', viaGate: true });
        const message = blockedMessage(expected, await run(stdin, gate.ask));
        assert.match(message, reason);
        assert.equal(gate.asked.length, 0);
      });
    }
  });
}
