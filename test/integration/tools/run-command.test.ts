/** Running an approved command line for a tool call: real bash, bounded output, time limit, cancellation. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand } from '../../../src/tools/run-command';

const posix = process.platform === 'win32' ? 'bash and process groups' : false;
let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-run-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('runs in the given directory and returns exit code, stdout and stderr apart', { skip: posix }, async () => {
  const r = await runCommand('pwd; echo oops >&2; touch made; exit 3', { cwd: dir });
  assert.deepEqual(r, { exitCode: 3, stdout: `${fs.realpathSync(dir)}\n`, stderr: 'oops\n', truncated: false });
  assert.equal(fs.existsSync(path.join(dir, 'made')), true);
});

test('the Electron switch of the process that runs it (VS Code as Node) does not reach the command', { skip: posix }, async () => {
  const r = await runCommand('echo "[$ELECTRON_RUN_AS_NODE] [$KEEP]"', { cwd: dir, env: { PATH: process.env.PATH, ELECTRON_RUN_AS_NODE: '1', KEEP: 'kept' } });
  assert.equal(r.stdout, '[] [kept]\n');
});

test('bash syntax: pipes, && and quotes', { skip: posix }, async () => {
  const r = await runCommand(`printf '%s\\n' b a | sort && echo "two words"`, { cwd: dir });
  assert.equal(r.stdout, 'a\nb\ntwo words\n');
});

test('long output keeps its head and its tail, and says how much was left out', { skip: posix }, async () => {
  const r = await runCommand('seq 1 100000', { cwd: dir, maxOutputBytes: 1000 });
  assert.equal(r.truncated, true);
  assert.equal(r.exitCode, 0);
  assert.ok(r.stdout.startsWith('1\n2\n3\n'), r.stdout.slice(0, 20));
  assert.ok(r.stdout.endsWith('99999\n100000\n'), r.stdout.slice(-20));
  const full = Array.from({ length: 100000 }, (_, i) => `${i + 1}\n`).join('').length;
  assert.match(r.stdout, new RegExp(`\\n… ${full - 1000} bytes of output omitted …\\n`));
});

test('the time limit stops the command and what it started', { skip: posix }, async () => {
  const pidFile = path.join(dir, 'background.pid');
  const r = await runCommand(`(echo $BASHPID > ${pidFile}; sleep 30) & sleep 30`, { cwd: dir, timeoutMs: 300 });
  assert.equal(r.stopped, 'timeout');
  assert.equal(r.exitCode, null);
  assert.equal(r.signal, 'SIGTERM');
  // The background child was in the same process group, so it was stopped too.
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(running(pid), false);
});

/** Alive and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

test('aborting stops it', { skip: posix }, async () => {
  const controller = new AbortController();
  const pending = runCommand('sleep 30', { cwd: dir, signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const r = await pending;
  assert.equal(r.stopped, 'aborted');
  assert.equal(r.exitCode, null);
});

test('already aborted: nothing runs', { skip: posix }, async () => {
  const r = await runCommand(`touch ${path.join(dir, 'never')}`, { cwd: dir, signal: AbortSignal.abort() });
  assert.equal(r.stopped, 'aborted');
  assert.equal(fs.existsSync(path.join(dir, 'never')), false);
});

test('a background child that keeps the output open does not hold the answer', { skip: posix }, async () => {
  const r = await runCommand('sleep 5 & echo started', { cwd: dir });
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout, 'started\n');
});
