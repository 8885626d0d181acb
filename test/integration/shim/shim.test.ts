/**
 * The shims with real sh, real curl, the real IPC server (a scripted handler in place of the gate) and
 * stub programs that record what they received. Checks what a shim must never change (argv, stdin,
 * exit status, signals) on each of its paths: fast path, gate via curl, Node client, no gate at all.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckRequest, CheckResponse } from '../../../src/gate/types';
import { IpcServer } from '../../../src/ipc/server';
import { FAST_PATHS, fastPathAllows } from '../../../src/shim/fast-path';
import { defaultShimTools, installShims } from '../../../src/shim/install';
import { fastPathSh, shQuote, SHIM_MARKER } from '../../../src/shim/scripts';
import { needs, which } from '../support/tools';

const CLIENT = path.resolve(__dirname, '..', '..', '..', 'src', 'shim', 'client-main.js');
const SLEEP = which('sleep') ?? '/bin/sleep';

/** A stub program: records argv (NUL-separated) and PATH, echoes stdin when asked, exits as told. */
const STUB = `#!/bin/sh
if [ -n "\${STUB_OUT-}" ]; then printf '%s\\0' "$@" > "$STUB_OUT"; printf '%s' "$PATH" > "$STUB_OUT.path"; fi
if [ -n "\${STUB_CAT-}" ]; then while IFS= read -r l; do printf '%s\\n' "$l"; done; fi
if [ -n "\${STUB_SLEEP-}" ]; then exec ${SLEEP} "$STUB_SLEEP"; fi
exit \${STUB_EXIT:-0}
`;

const STUBBED = ['kubectl', 'terraform', 'git'];

let root: string;
let shims: string;
let stubs: string;
let server: IpcServer;
const requests: CheckRequest[] = [];

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'br-shim-it-'));
  shims = path.join(root, 'shims');
  stubs = path.join(root, 'stubs');
  fs.mkdirSync(stubs);
  for (const t of STUBBED) fs.writeFileSync(path.join(stubs, t), STUB, { mode: 0o755 });
  await installShims(shims, [...STUBBED, 'find', 'nosuchtool-xyz'], { version: 'test' });
  server = await IpcServer.start({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'br-gate-')) });
  server.registerHandler(async (req): Promise<CheckResponse> => {
    requests.push(req);
    const blocked = (req.argv ?? []).includes('BLOCKME');
    return {
      requestId: String(requests.length),
      outcome: blocked ? 'blocked' : 'run',
      verdict: 'ask',
      decidedBy: 'person',
      message: blocked ? `Blast Radius: a person reviewed \`${req.tool} …\` and declined it. Stop and ask the user.` : 'approved',
    };
  });
});

after(() => {
  server?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: `${shims}:${stubs}:/usr/local/bin:/usr/bin:/bin`,
    HOME: root,
    CLAUDECODE: '1',
    BLAST_RADIUS_IPC: server.handle,
    BLAST_RADIUS_TOKEN: server.token,
    BLAST_RADIUS_SHIMS: shims,
    BLAST_RADIUS_NODE: process.execPath,
    BLAST_RADIUS_CLIENT: CLIENT,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Runs a tool by name, found on the env's PATH as a shell would (so $0 is the shim's path). */
function run(tool: string, args: string[], env: Record<string, string>, input?: string, onSpawn?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    if (onSpawn && child.pid) onSpawn(child.pid);
    // The program may exit without reading stdin: EPIPE then is expected, not a failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

function recorded(out: string): string[] {
  const text = fs.readFileSync(out, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\0');
}

const TRICKY = ['with space', '', 'new\nline', '*', '$HOME', "it's", '"q"', '-', '--', 'ünïcødé', '\ttab', ';rm -rf ~'];

/** The three ways a shim reaches a decision besides the fast path. */
const PATHS: Array<[name: string, env: () => Record<string, string>]> = [
  ['gate via curl', () => baseEnv()],
  ['gate via the Node client (no curl on PATH)', () => baseEnv({ PATH: `${shims}:${stubs}` })],
];

describe('fast path', () => {
  test('a read runs at once without contacting the gate, argv intact', async () => {
    const before = requests.length;
    const out = path.join(root, 'fast.out');
    const r = await run('kubectl', ['get', 'pods', ...TRICKY], baseEnv({ STUB_OUT: out }));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(out), ['get', 'pods', ...TRICKY]);
    assert.equal(requests.length, before, 'the gate was not asked');
  });

  test('runs even when no gate exists', async () => {
    const out = path.join(root, 'fast-nogate.out');
    const r = await run('kubectl', ['logs', 'x'], baseEnv({ STUB_OUT: out, BLAST_RADIUS_IPC: path.join(root, 'gone.sock') }));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(out), ['logs', 'x']);
  });

  test('stdin passes through and the exit status propagates', async () => {
    const r = await run('kubectl', ['get', 'x'], baseEnv({ STUB_CAT: '1', STUB_EXIT: '3' }), 'hi\nthere\n');
    assert.equal(r.stdout, 'hi\nthere\n');
    assert.equal(r.status, 3);
  });

  test('a real tool: find lists, and its fast path did not ask', async (t) => {
    const skip = needs('find');
    if (skip) return t.skip(skip);
    const before = requests.length;
    const r = await run('find', [stubs, '-name', 'kubectl'], baseEnv());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), path.join(stubs, 'kubectl'));
    assert.equal(requests.length, before);
  });

  test('a signal reaches the program (exec replaced the shim)', async () => {
    let pid = 0;
    const done = run('kubectl', ['get', 'x'], baseEnv({ STUB_SLEEP: '20' }), undefined, (p) => (pid = p));
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGTERM');
    const r = await done;
    assert.equal(r.signal, 'SIGTERM');
  });
});

for (const [name, env] of PATHS) {
  describe(name, () => {
    test('an asked command runs after the gate says run, with argv, stdin and status intact', async (t) => {
      if (name.includes('curl')) {
        const skip = needs('curl');
        if (skip) return t.skip(skip);
      }
      const before = requests.length;
      const out = path.join(root, `asked-${name.length}.out`);
      const r = await run('terraform', ['apply', ...TRICKY], { ...env(), STUB_OUT: out, STUB_CAT: '1', STUB_EXIT: '3', AWS_PROFILE: 'prod', SECRET_TOKEN: 's3cr3t' }, 'stdin line\n');
      assert.equal(r.status, 3, r.stderr);
      assert.equal(r.stdout, 'stdin line\n');
      assert.deepEqual(recorded(out), ['apply', ...TRICKY]);
      assert.equal(requests.length, before + 1);
      const req = requests[requests.length - 1];
      assert.equal(req.client, 'shim');
      assert.equal(req.tool, 'terraform');
      assert.deepEqual(req.argv, ['apply', ...TRICKY]);
      assert.equal(req.cwd, fs.realpathSync(root));
      assert.equal(req.env.AWS_PROFILE, 'prod');
      assert.equal(req.env.CLAUDECODE, '1');
      assert.equal(req.env.SECRET_TOKEN, undefined, 'only listed variables travel');
    });

    test('a blocked command does not run: exit 126, the gate’s message on stderr', async (t) => {
      if (name.includes('curl')) {
        const skip = needs('curl');
        if (skip) return t.skip(skip);
      }
      const out = path.join(root, `blocked-${name.length}.out`);
      fs.rmSync(out, { force: true });
      const r = await run('terraform', ['destroy', 'BLOCKME'], { ...env(), STUB_OUT: out });
      assert.equal(r.status, 126);
      assert.match(r.stderr, /declined it\. Stop and ask the user\./);
      assert.equal(r.stdout, '');
      assert.ok(!fs.existsSync(out), 'the program did not run');
    });
  });
}

test('curl forwards TF_CLI_ARGS_<subcommand> for terraform', async (t) => {
  const skip = needs('curl');
  if (skip) return t.skip(skip);
  const r = await run('terraform', ['apply'], baseEnv({ TF_CLI_ARGS_apply: '-auto-approve', TF_CLI_ARGS: '-no-color' }));
  assert.equal(r.status, 0, r.stderr);
  const req = requests[requests.length - 1];
  assert.equal(req.env.TF_CLI_ARGS_apply, '-auto-approve');
  assert.equal(req.env.TF_CLI_ARGS, '-no-color');
});

describe('no gate (socket gone): the core decides alone', () => {
  const gone = () => baseEnv({ BLAST_RADIUS_IPC: path.join(root, 'no-such-dir', 'gate.sock') });

  test('what the core allows runs (not on the fast path, but a read)', async () => {
    const out = path.join(root, 'offline-plan.out');
    const r = await run('terraform', ['plan'], { ...gone(), STUB_OUT: out });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(out), ['plan']);
  });

  test('what would be asked is blocked with a message that says why and what to do', async () => {
    const out = path.join(root, 'offline-destroy.out');
    fs.rmSync(out, { force: true });
    for (const env of [gone(), { ...gone(), PATH: `${shims}:${stubs}` }, baseEnv({ BLAST_RADIUS_IPC: undefined, BLAST_RADIUS_TOKEN: undefined })]) {
      const r = await run('terraform', ['destroy', '-auto-approve'], { ...env, STUB_OUT: out });
      assert.equal(r.status, 126, r.stderr);
      assert.match(r.stderr, /no approval can be asked for/);
      assert.match(r.stderr, /socket is gone|BLAST_RADIUS_IPC is not set/);
      assert.match(r.stderr, /Stop and ask the user/);
      assert.ok(!fs.existsSync(out));
    }
  });

  test('without node or the client, an asked command is blocked and says so', async () => {
    const r = await run('terraform', ['destroy'], { ...gone(), PATH: `${shims}:${stubs}`, BLAST_RADIUS_NODE: '/nonexistent/node' });
    assert.equal(r.status, 126);
    assert.match(r.stderr, /no Blast Radius gate is reachable/);
  });
});

describe('finding the real program', () => {
  test('not found anywhere outside the shim folder: 127 and a shell-like message', async () => {
    const r = await run('nosuchtool-xyz', ['a'], baseEnv());
    assert.equal(r.status, 127);
    assert.match(r.stderr, /nosuchtool-xyz: command not found/);
  });

  test('a second copy of the shim folder on PATH is skipped by its marker (no loop)', async () => {
    const copy = path.join(root, 'shims-copy');
    fs.cpSync(shims, copy, { recursive: true });
    assert.ok(fs.existsSync(path.join(copy, SHIM_MARKER)));
    const out = path.join(root, 'copy.out');
    const r = await run('kubectl', ['get', 'x'], baseEnv({ PATH: `${shims}:${copy}:${shims}:${stubs}:/usr/bin:/bin`, STUB_OUT: out }));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(recorded(out), ['get', 'x']);
  });

  test('children of plumbing tools (git) lose the shims on PATH; others keep them', async () => {
    const out = path.join(root, 'path.out');
    await run('git', ['status'], baseEnv({ STUB_OUT: out }));
    assert.ok(!fs.readFileSync(`${out}.path`, 'utf8').split(':').includes(shims));
    await run('kubectl', ['get', 'x'], baseEnv({ STUB_OUT: out }));
    // kubectl strips too; terraform keeps them (its provisioners are commands the person did not see).
    assert.ok(!fs.readFileSync(`${out}.path`, 'utf8').split(':').includes(shims));
    await run('terraform', ['plan'], baseEnv({ STUB_OUT: out }));
    assert.ok(fs.readFileSync(`${out}.path`, 'utf8').split(':').includes(shims));
  });
});

describe('the generated sh fast path agrees with the TypeScript matcher', () => {
  const words = ['', 'x', '-o', '--output=/x', '--output', '-O', '-u', '--upload-pack=sh', '-delete', '-exec', '--pre', 'describe-x', 'list-', 'list-a/b', 'LIST-X', 'a b', 'new\nline', '*', "it's", '--version', '-v', '-V', '--show-current', '-v', 'list', 'show', 'dump', '--no-pager', 'schema', 'lock'];

  function argvsFor(tool: string): string[][] {
    const out: string[][] = [[]];
    const table = FAST_PATHS[tool];
    for (const form of table.forms) {
      const head = form.words.map((alts) => {
        const p = alts[alts.length - 1];
        return p.endsWith('*') ? `${p.slice(0, -1)}things` : p;
      });
      const head2 = form.words.map((alts) => {
        const p = alts[0];
        return p.endsWith('*') ? `${p.slice(0, -1)}zz` : p;
      });
      for (const h of [head, head2, head.slice(0, -1), [...head.slice(0, -1), 'x']]) {
        out.push(h);
        for (const w of words) out.push([...h, w]);
        for (const w of words) out.push([...h, 'x', w]);
      }
    }
    for (const w of words) out.push([w], [w, w]);
    return out;
  }

  for (const shell of ['sh', 'bash', 'dash']) {
    test(`with ${shell}`, (t) => {
      const skip = needs(shell);
      if (skip) return t.skip(skip);
      const mismatches: string[] = [];
      let total = 0;
      for (const tool of Object.keys(FAST_PATHS)) {
        const envs: Array<Record<string, string>> = [{}, ...(FAST_PATHS[tool].riskyEnv ?? []).slice(0, 2).map((n) => ({ [n]: '' }))];
        for (const env of envs) {
          const argvs = argvsFor(tool);
          const script = [fastPathSh(tool), ...argvs.map((argv) => `fast ${argv.map(shQuote).join(' ')}; echo $?`)].join('\n');
          const r = spawnSync(shell, ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
          assert.equal(r.status, 0, r.stderr);
          const got = r.stdout.trim().split('\n');
          assert.equal(got.length, argvs.length, `${tool}: ${r.stderr}`);
          argvs.forEach((argv, i) => {
            total++;
            const want = fastPathAllows(tool, argv, env) ? '0' : '1';
            if (got[i] !== want) mismatches.push(`${tool} ${JSON.stringify(argv)} env ${JSON.stringify(env)}: sh ${got[i]}, ts ${want}`);
          });
        }
      }
      assert.deepEqual(mismatches, []);
      assert.ok(total > 3000, `${total} argvs`);
    });
  }

  test('every default shim is valid sh (and bash)', async () => {
    const all = path.join(root, 'all-shims');
    await installShims(all, defaultShimTools());
    const files = fs.readdirSync(all).filter((n) => !n.startsWith('.')).map((n) => path.join(all, n));
    assert.ok(files.length > 100);
    for (const shell of ['sh', 'bash']) {
      const r = spawnSync(shell, ['-c', 'for f do "$0" -n "$f" || echo "BAD $f"; done', shell, ...files], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '', r.stderr);
    }
  });
});
