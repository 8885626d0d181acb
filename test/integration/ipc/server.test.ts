/**
 * A real IpcServer on a real Unix socket, a scripted handler, and real clients: our own, node:http
 * speaking raw HTTP, and curl as the sh shim uses it.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWithGate, healthCheck } from '../../../src/ipc/client';
import { ARGV_TYPE, CHECK_PATH, encodeArgv, HEALTH_PATH, JSON_TYPE, MAX_BODY_BYTES } from '../../../src/ipc/protocol';
import { IpcServer, type CheckHandler } from '../../../src/ipc/server';
import type { CheckRequest, CheckResponse } from '../../../src/gate/types';
import { needs } from '../support/tools';

const unix = process.platform === 'win32' ? 'Unix sockets only' : false;

const request: CheckRequest = { client: 'hook', commandLine: 'git status', cwd: '/home/dev/project', env: { AWS_PROFILE: 'dev' } };

function answer(req: CheckRequest, over: Partial<CheckResponse> = {}): CheckResponse {
  const what = req.commandLine ?? [req.tool, ...(req.argv ?? [])].join(' ');
  return { requestId: what, outcome: 'run', verdict: 'allow', decidedBy: 'policy', message: `checked: ${what}`, ...over };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One raw HTTP exchange over the socket, headers exactly as given. */
function raw(handle: string, opts: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer | string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: handle, method: opts.method ?? 'POST', path: opts.path ?? CHECK_PATH, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('IpcServer', { skip: unix }, () => {
  let server: IpcServer;
  let calls: CheckRequest[] = [];
  let registration: { dispose(): void };
  let handle: string;
  let token: string;
  let auth: { Authorization: string };

  function use(handler: CheckHandler) {
    registration.dispose();
    registration = server.registerHandler(async (req, signal) => {
      calls.push(req);
      return handler(req, signal);
    });
  }

  before(async () => {
    server = await IpcServer.start({ version: '9.9.9' });
    handle = server.handle;
    token = server.token;
    auth = { Authorization: `Bearer ${token}` };
    registration = server.registerHandler(async (req) => answer(req));
  });
  afterEach(() => {
    use(async (req) => answer(req));
    calls = [];
  });
  after(() => server.dispose());

  test('listens on gate.sock inside a private directory of mode 0700; the socket is 0600', () => {
    assert.equal(path.basename(handle), 'gate.sock');
    assert.equal(path.dirname(handle), server.dir);
    assert.equal(fs.lstatSync(server.dir!).mode & 0o777, 0o700);
    assert.ok(fs.lstatSync(handle).isSocket());
    assert.equal(fs.lstatSync(handle).mode & 0o777, 0o600);
    assert.match(token, /^[0-9a-f]{64}$/);
  });

  test('a JSON check is validated, handed to the handler and answered', async () => {
    const got = await checkWithGate(handle, token, request);
    assert.deepEqual(got, { kind: 'answer', response: answer(request) });
    assert.deepEqual(calls, [request]);
  });

  test('an argv-encoded check reaches the handler as a shim request', async () => {
    const body = encodeArgv({ cwd: '/w', tool: 'aws', argv: ['s3', 'rb', 's3://b', '--force'], env: { AWS_PROFILE: 'prod' } });
    const r = await raw(handle, { headers: { ...auth, 'Content-Type': ARGV_TYPE }, body });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], JSON_TYPE);
    assert.deepEqual(calls, [{ client: 'shim', cwd: '/w', tool: 'aws', argv: ['s3', 'rb', 's3://b', '--force'], env: { AWS_PROFILE: 'prod' } }]);
    assert.equal(JSON.parse(r.body).requestId, 'aws s3 rb s3://b --force');
  });

  test('Accept: text/plain gets the outcome on the first line and the message after', async () => {
    use(async (req) => answer(req, { outcome: 'blocked', verdict: 'ask', decidedBy: 'person', message: 'A person refused.\nDo not retry.' }));
    const r = await raw(handle, { headers: { ...auth, 'Content-Type': JSON_TYPE, Accept: 'text/plain' }, body: JSON.stringify(request) });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(r.body, 'blocked\nA person refused.\nDo not retry.');
  });

  test('curl --unix-socket with the argv encoding built by printf, as the sh shim sends it', { skip: needs('curl', 'bash') }, async () => {
    use(async (req) => answer(req, { message: `may run ${req.tool} ${req.argv?.join(' ')}` }));
    const script =
      `printf '%s\\0' v1 "$PWD" git 3 commit -m '' AWS_PROFILE=dev '' | ` +
      `curl -sS --unix-socket "$SOCK" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: ${ARGV_TYPE}' ` +
      `-H 'Accept: text/plain' --data-binary @- -w '\\n%{http_code}' http://gate${CHECK_PATH}`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', script], { cwd: os.tmpdir(), env: { PATH: process.env.PATH, SOCK: handle, TOKEN: token } }, (e, stdout) => (e ? reject(e) : resolve(stdout))),
    );
    assert.equal(out, 'run\nmay run git commit -m \n200');
    assert.deepEqual(calls, [{ client: 'shim', cwd: fs.realpathSync(os.tmpdir()), tool: 'git', argv: ['commit', '-m', ''], env: { AWS_PROFILE: 'dev' } }]);
  });

  const refusals: Array<[what: string, headers: () => http.OutgoingHttpHeaders, status: number, reason: RegExp]> = [
    ['no token', () => ({ 'Content-Type': JSON_TYPE }), 401, /missing or wrong token/],
    ['a forged token of the right length', () => ({ Authorization: `Bearer ${'0'.repeat(64)}`, 'Content-Type': JSON_TYPE }), 401, /missing or wrong token/],
    ['the token with one character changed', () => ({ Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`, 'Content-Type': JSON_TYPE }), 401, /wrong token/],
    ['a prefix of the token', () => ({ Authorization: `Bearer ${token.slice(0, 32)}`, 'Content-Type': JSON_TYPE }), 401, /wrong token/],
    ['the token under another scheme', () => ({ Authorization: `Basic ${token}`, 'Content-Type': JSON_TYPE }), 401, /wrong token/],
    ['the token followed by more', () => ({ Authorization: `Bearer ${token} ${token}`, 'Content-Type': JSON_TYPE }), 401, /wrong token/],
    ['an unknown content type', () => ({ ...auth, 'Content-Type': 'text/plain' }), 415, /Content-Type must be/],
  ];
  for (const [what, headers, status, reason] of refusals) {
    test(`${what} ⇒ ${status}, and the handler is never called`, async () => {
      const r = await raw(handle, { headers: headers(), body: JSON.stringify(request) });
      assert.equal(r.status, status);
      assert.match(r.body, reason);
      assert.doesNotMatch(r.body, /^run/);
      assert.equal(calls.length, 0);
    });
  }

  test('the scheme is case-insensitive, as HTTP says', async () => {
    const r = await raw(handle, { headers: { Authorization: `bearer ${token}`, 'Content-Type': JSON_TYPE }, body: JSON.stringify(request) });
    assert.equal(r.status, 200);
  });

  const badBodies: Array<[what: string, type: string, body: string | Buffer, reason: RegExp]> = [
    ['malformed JSON', JSON_TYPE, '{"client": "hook",', /not valid JSON/],
    ['JSON with an unknown field', JSON_TYPE, JSON.stringify({ ...request, approved: true }), /unknown field "approved"/],
    ['JSON with a relative cwd', JSON_TYPE, JSON.stringify({ ...request, cwd: 'x' }), /absolute/],
    ['an empty JSON body', JSON_TYPE, '', /not valid JSON/],
    ['argv with the wrong version', ARGV_TYPE, 'v0\0/w\0git\x000\0', /version/],
    ['argv whose argc does not match', ARGV_TYPE, 'v1\0/w\0git\x005\0status\0', /argc/],
    ['argv that is not UTF-8', ARGV_TYPE, Buffer.from([0x76, 0x31, 0, 0x2f, 0, 0xff, 0, 0x30, 0]), /UTF-8/],
  ];
  for (const [what, type, body, reason] of badBodies) {
    test(`${what} ⇒ 400 with the reason, handler not called`, async () => {
      const r = await raw(handle, { headers: { ...auth, 'Content-Type': type }, body });
      assert.equal(r.status, 400);
      assert.match(r.body, reason);
      assert.equal(calls.length, 0);
    });
  }

  const routes: Array<[method: string, route: string, status: number]> = [
    ['GET', '/v1/nothing', 404],
    ['POST', '/', 404],
    ['GET', CHECK_PATH, 405],
    ['PUT', CHECK_PATH, 405],
    ['POST', HEALTH_PATH, 405],
    ['GET', HEALTH_PATH, 200],
    ['GET', `${HEALTH_PATH}?x=1`, 200],
  ];
  for (const [method, route, status] of routes) {
    test(`${method} ${route} ⇒ ${status}`, async () => {
      const r = await raw(handle, { method, path: route, headers: auth });
      assert.equal(r.status, status);
    });
  }

  test('a declared 2 MiB body ⇒ 413 at once, before a byte of it is read', async () => {
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        { socketPath: handle, method: 'POST', path: CHECK_PATH, agent: false, headers: { ...auth, 'Content-Type': JSON_TYPE, 'Content-Length': 2 * MAX_BODY_BYTES } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.flushHeaders(); // headers only; the body is never sent
    });
    assert.equal(r.status, 413);
    assert.equal(r.headers.connection, 'close');
    assert.equal(calls.length, 0);
  });

  test('a streamed 2 MiB body ⇒ 413 once past 1 MiB; the server closes instead of reading the rest', async () => {
    const socket = net.connect(handle);
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => undefined); // the server closing under our writes is the point
    let received = '';
    socket.on('data', (c) => (received += c));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(`POST ${CHECK_PATH} HTTP/1.1\r\nHost: gate\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${JSON_TYPE}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    while (sent < 2 * MAX_BODY_BYTES && !socket.destroyed && !received) {
      socket.write(`${chunk.length.toString(16)}\r\n`);
      socket.write(chunk);
      const ok = socket.write('\r\n');
      sent += chunk.length;
      if (!ok) await Promise.race([new Promise((r) => socket.once('drain', r)), closed, delay(2000)]);
    }
    await Promise.race([closed, delay(5000)]);
    assert.match(received, /^HTTP\/1.1 413 /);
    assert.ok(socket.destroyed || socket.readableEnded, 'the server closed the connection');
    assert.ok(sent < 2 * MAX_BODY_BYTES, `the answer came before the whole body was sent (sent ${sent})`);
    socket.destroy();
    assert.equal(calls.length, 0);
  });

  test('curl sending a 2 MiB file gets 413 and stops sending', { skip: needs('curl') }, async () => {
    const big = path.join(server.dir!, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(2 * MAX_BODY_BYTES, 0x61));
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'curl',
        ['-sS', '-m', '10', '--unix-socket', handle, '-H', `Authorization: Bearer ${token}`, '-H', `Content-Type: ${JSON_TYPE}`, '--data-binary', `@${big}`, '-w', '\n%{http_code}', `http://gate${CHECK_PATH}`],
        (e, stdout) => (e ? reject(e) : resolve(stdout)),
      ),
    );
    fs.rmSync(big);
    assert.equal(out, `blast-radius gate: body larger than ${MAX_BODY_BYTES} bytes\n\n413`);
    assert.equal(calls.length, 0);
  });

  test('our client sending 2 MiB is told 413 (rejected, not unreachable)', async () => {
    const got = await checkWithGate(handle, token, { ...request, commandLine: 'x'.repeat(2 * MAX_BODY_BYTES) });
    assert.deepEqual(got, { kind: 'rejected', status: 413, reason: `body larger than ${MAX_BODY_BYTES} bytes` });
  });

  test('a body of exactly 1 MiB is read', async () => {
    const padded = JSON.stringify({ ...request, env: { PAD: '' } });
    const body = padded.replace('"PAD":""', `"PAD":"${'x'.repeat(MAX_BODY_BYTES - padded.length)}"`);
    assert.equal(Buffer.byteLength(body), MAX_BODY_BYTES);
    const r = await raw(handle, { headers: { ...auth, 'Content-Type': JSON_TYPE }, body });
    // Read and validated: refused for the oversized variable, not for the body.
    assert.equal(r.status, 400);
    assert.match(r.body, /env.PAD: longer than/);
  });

  test('a handler that throws ⇒ 500 with a generic message, never run', async () => {
    use(async () => {
      throw new Error('secret internals /home/dev/.aws/credentials');
    });
    for (const accept of ['text/plain', JSON_TYPE]) {
      const r = await raw(handle, { headers: { ...auth, 'Content-Type': JSON_TYPE, Accept: accept }, body: JSON.stringify(request) });
      assert.equal(r.status, 500);
      assert.match(r.body, /^blast-radius gate: the gate failed while checking this command; it was not approved/);
      assert.doesNotMatch(r.body, /secret|credentials/);
    }
    const got = await checkWithGate(handle, token, request);
    assert.equal(got.kind, 'rejected');
    assert.equal(got.kind === 'rejected' && got.status, 500);
  });

  test('a handler answer that breaks the protocol ⇒ 500, never run', async () => {
    use(async (req) => ({ ...answer(req), outcome: 'yes' }) as unknown as CheckResponse);
    const r = await raw(handle, { headers: { ...auth, 'Content-Type': JSON_TYPE, Accept: 'text/plain' }, body: JSON.stringify(request) });
    assert.equal(r.status, 500);
    assert.doesNotMatch(r.body, /^run/);
  });

  test('200 concurrent checks: each answered with its own id, none lost, none crossed', async () => {
    use(async (req) => {
      await delay(Math.random() * 50);
      return answer(req);
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => checkWithGate(handle, token, { ...request, commandLine: `echo request-${i}` })),
    );
    results.forEach((got, i) => {
      assert.equal(got.kind, 'answer', JSON.stringify(got));
      assert.equal(got.kind === 'answer' && got.response.requestId, `echo request-${i}`);
    });
    assert.equal(calls.length, 200);
    assert.equal(new Set(calls.map((c) => c.commandLine)).size, 200);
  });

  test('the client disconnecting aborts the handler signal (the gate withdraws its prompt)', async () => {
    let started!: () => void;
    const isWaiting = new Promise<void>((r) => (started = r));
    let withdrawn!: (reason: unknown) => void;
    const aborted = new Promise<unknown>((r) => (withdrawn = r));
    use((req, signal) => {
      started();
      return new Promise((_, reject) => signal.addEventListener('abort', () => (withdrawn(signal.reason), reject(signal.reason))));
    });
    const controller = new AbortController();
    const pending = checkWithGate(handle, token, request, { signal: controller.signal });
    await isWaiting;
    controller.abort(new Error('Ctrl-C'));
    await assert.rejects(pending, /Ctrl-C/);
    const reason = await Promise.race([aborted, delay(2000).then(() => 'not aborted')]);
    assert.match(String(reason), /client disconnected/);
  });

  test('a raw socket closed mid-wait aborts the handler too', async () => {
    let started!: () => void;
    const isWaiting = new Promise<void>((r) => (started = r));
    let signalled!: () => void;
    const aborted = new Promise<void>((r) => (signalled = r));
    use((req, signal) => {
      started();
      signal.addEventListener('abort', () => signalled());
      return new Promise(() => undefined);
    });
    const socket = net.connect(handle);
    const body = JSON.stringify(request);
    socket.write(`POST ${CHECK_PATH} HTTP/1.1\r\nHost: gate\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await isWaiting;
    socket.destroy();
    assert.equal(await Promise.race([aborted.then(() => 'aborted'), delay(2000).then(() => 'not aborted')]), 'aborted');
  });

  test('without a handler ⇒ 503', async () => {
    registration.dispose();
    const got = await checkWithGate(handle, token, request);
    assert.deepEqual(got, { kind: 'rejected', status: 503, reason: 'the gate is starting or stopping; try again' });
    registration = server.registerHandler(async (req) => answer(req));
  });

  test('a second handler while one is registered throws; after disposing the first it is accepted', () => {
    assert.throws(() => server.registerHandler(async (req) => answer(req)), /already registered/);
    registration.dispose();
    registration = server.registerHandler(async (req) => answer(req));
  });

  test('healthCheck reports the version; a wrong token is rejected', async () => {
    assert.deepEqual(await healthCheck(handle, token), { kind: 'healthy', version: '9.9.9' });
    const wrong = await healthCheck(handle, 'f'.repeat(64));
    assert.equal(wrong.kind, 'rejected');
    assert.equal(wrong.kind === 'rejected' && wrong.status, 401);
  });
});

describe('IpcServer lifecycle', { skip: unix }, () => {
  let base: string;
  before(() => {
    // Short: socket paths are limited to about 100 bytes.
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'br-ipc-'));
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('dispose removes the socket and the private directory, and aborts pending checks', async () => {
    const server = await IpcServer.start();
    const { handle, dir } = server;
    let aborted = false;
    let started!: () => void;
    const isWaiting = new Promise<void>((r) => (started = r));
    server.registerHandler((req, signal) => {
      started();
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    });
    const pending = checkWithGate(server.handle, server.token, request);
    await isWaiting;
    server.dispose();
    assert.equal(fs.existsSync(handle), false);
    assert.equal(fs.existsSync(dir!), false);
    assert.equal((await pending).kind, 'unreachable');
    assert.equal(aborted, true);
    server.dispose(); // twice is harmless
  });

  test('after dispose a client finds nobody: unreachable, not an answer', async () => {
    const server = await IpcServer.start();
    server.dispose();
    const got = await checkWithGate(server.handle, server.token, request);
    assert.equal(got.kind, 'unreachable');
    assert.match((got as { reason: string }).reason, /ENOENT/);
    assert.equal((await healthCheck(server.handle, server.token)).kind, 'unreachable');
  });

  test('a given directory is created 0700 and removed on dispose', async () => {
    const dir = path.join(base, 'fresh');
    const server = await IpcServer.start({ dir });
    assert.equal(fs.lstatSync(dir).mode & 0o777, 0o700);
    server.dispose();
    assert.equal(fs.existsSync(dir), false);
  });

  test('an existing directory of ours is tightened to 0700 and kept on dispose', async () => {
    const dir = path.join(base, 'existing');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const server = await IpcServer.start({ dir });
    assert.equal(fs.lstatSync(dir).mode & 0o777, 0o700);
    server.dispose();
    assert.equal(fs.existsSync(server.handle), false);
    assert.equal(fs.existsSync(dir), true);
  });

  test('a symlink instead of a directory is refused', async () => {
    const link = path.join(base, 'link');
    fs.symlinkSync(os.tmpdir(), link);
    await assert.rejects(IpcServer.start({ dir: link }), /not a directory/);
  });

  test('a stale socket left by a gate that died is replaced', async () => {
    const dir = path.join(base, 'stale');
    fs.mkdirSync(dir, { mode: 0o700 });
    const socketPath = path.join(dir, 'gate.sock');
    // A process listening there, killed without a chance to clean up.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((r) => child.stdout!.once('data', r));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(fs.lstatSync(socketPath).isSocket(), 'the dead process left its socket');

    const server = await IpcServer.start({ dir });
    server.registerHandler(async (req) => answer(req));
    assert.equal((await checkWithGate(server.handle, server.token, request)).kind, 'answer');
    server.dispose();
  });

  test('a live gate socket is not stolen', async () => {
    const dir = path.join(base, 'live');
    const first = await IpcServer.start({ dir });
    await assert.rejects(IpcServer.start({ dir }), /another gate is listening/);
    assert.deepEqual(await healthCheck(first.handle, first.token), { kind: 'healthy', version: 'development' });
    first.dispose();
  });

  test('a file that is not a socket is left alone', async () => {
    const dir = path.join(base, 'file');
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'gate.sock'), 'keep me');
    await assert.rejects(IpcServer.start({ dir }), /not a socket/);
    assert.equal(fs.readFileSync(path.join(dir, 'gate.sock'), 'utf8'), 'keep me');
  });

  test('a socket path too long for the system is refused with a clear error', async () => {
    const dir = path.join(base, 'x'.repeat(100));
    await assert.rejects(IpcServer.start({ dir }), /longer than 103 bytes/);
    assert.equal(fs.existsSync(dir), false, 'the directory made for it is removed again');
  });

  test('a check against a missing socket is unreachable within the connect timeout', async () => {
    const got = await checkWithGate(path.join(base, 'nobody.sock'), 'x', request, { connectTimeoutMs: 500 });
    assert.equal(got.kind, 'unreachable');
  });
});
