/**
 * The gate's end of the socket: authenticates, bounds and validates every request, hands one
 * CheckRequest to the registered handler and writes its answer in the encoding the client asked for.
 * No vscode here: tests run it headless with a scripted handler.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import type { CheckRequest, CheckResponse } from '../gate/types';
import { CREDENTIALS_PATH, validateCredentialsRequest, validateProcessCredentials, type CredentialsRequest, type ProcessCredentials } from './credentials';
import { listenReplacingStale, makePrivateDir, randomPipeName, socketPathIn } from './private-socket';
import {
  ARGV_TYPE,
  CHECK_PATH,
  decodeArgv,
  HEALTH_PATH,
  JSON_TYPE,
  MAX_BODY_BYTES,
  mediaType,
  PLAIN_TYPE,
  renderPlain,
  validateCheckRequest,
  validateCheckResponse,
  wantsPlain,
} from './protocol';

export type CheckHandler = (request: CheckRequest, signal: AbortSignal) => Promise<CheckResponse>;

/** Answers a credential_process (src/aws/scoped): credentials, or a refusal with a reason free of secrets. */
export type CredentialsHandler = (request: CredentialsRequest, signal: AbortSignal) => Promise<{ credentials: ProcessCredentials } | { refused: string }>;

export interface IpcServerOptions {
  /**
   * The private directory to listen in. Default: a fresh one from mkdtemp under os.tmpdir().
   * Ignored on Windows, where the gate listens on a randomly named pipe.
   */
  dir?: string;
  /** Reported by GET /v1/health. */
  version?: string;
}

/** Headers must arrive promptly; the body too. The answer itself may take minutes (a person decides). */
const HEADERS_TIMEOUT_MS = 10_000;
const BODY_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 2_000;
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_CONNECTIONS = 1024;

export class IpcServer {
  private handler: CheckHandler | undefined;
  private credentialsHandler: CredentialsHandler | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly tokenDigest: Buffer;
  private disposed = false;

  private constructor(
    private readonly server: http.Server,
    /** Socket path, or pipe name on Windows. */
    readonly handle: string,
    readonly token: string,
    /** The private directory holding the socket (undefined on Windows). */
    readonly dir: string | undefined,
    private readonly ownsDir: boolean,
    private readonly version: string,
  ) {
    this.tokenDigest = digest(token);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void this.serve(req, res));
    server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static async start(opts: IpcServerOptions = {}): Promise<IpcServer> {
    const server = http.createServer({
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: HEADERS_TIMEOUT_MS,
      // Checks long-poll while a person decides: no overall request deadline.
      requestTimeout: 0,
      connectionsCheckingInterval: 1_000,
      // The Host header means nothing on a private socket; curl and node send one, a shim may not.
      requireHostHeader: false,
    });
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.maxConnections = MAX_CONNECTIONS;
    const token = randomBytes(32).toString('hex');

    if (process.platform === 'win32') {
      const pipe = randomPipeName();
      await listenReplacingStale(server, pipe);
      return new IpcServer(server, pipe, token, undefined, false, opts.version ?? 'development');
    }
    const { dir, created } = await makePrivateDir(opts.dir);
    try {
      const socketPath = socketPathIn(dir);
      await listenReplacingStale(server, socketPath);
      // Belt and braces: the directory already keeps others out where the file mode is ignored.
      fs.chmodSync(socketPath, 0o600);
      return new IpcServer(server, socketPath, token, dir, created, opts.version ?? 'development');
    } catch (e) {
      server.close();
      if (created) fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Sets the one check handler. Registering while another is registered throws: two owners of the gate's
   * answers would be a wiring bug, and silently replacing one would hide it. Dispose the first to swap.
   */
  registerHandler(handler: CheckHandler): { dispose(): void } {
    if (this.handler) throw new Error('IpcServer: a check handler is already registered; dispose it first');
    this.handler = handler;
    return {
      dispose: () => {
        if (this.handler === handler) this.handler = undefined;
      },
    };
  }

  /** Sets the one credentials handler (agents' scoped AWS credentials); same rules as registerHandler. */
  registerCredentialsHandler(handler: CredentialsHandler): { dispose(): void } {
    if (this.credentialsHandler) throw new Error('IpcServer: a credentials handler is already registered; dispose it first');
    this.credentialsHandler = handler;
    return {
      dispose: () => {
        if (this.credentialsHandler === handler) this.credentialsHandler = undefined;
      },
    };
  }

  /** Stops listening, drops every connection (their handlers' signals abort), removes the socket and our directory. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.handler = undefined;
    this.credentialsHandler = undefined;
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (this.dir === undefined) return;
    fs.rmSync(this.handle, { force: true });
    if (this.ownsDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private authorized(header: string | undefined): boolean {
    const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
    // Digests have equal length whatever was sent, so the comparison time says nothing about the token.
    return timingSafeEqual(digest(match ? match[1] : ''), this.tokenDigest) && match !== null;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      if (!this.authorized(req.headers.authorization)) {
        return refuse(res, 401, 'missing or wrong token; this terminal may belong to an earlier window', { 'WWW-Authenticate': 'Bearer' });
      }
      const route = (req.url ?? '').split('?')[0];
      if (route === HEALTH_PATH) {
        if (req.method !== 'GET') return refuse(res, 405, `${HEALTH_PATH} takes GET`, { Allow: 'GET' });
        return send(res, 200, JSON_TYPE, JSON.stringify({ ok: true, version: this.version }));
      }
      if (route === CREDENTIALS_PATH) {
        if (req.method !== 'POST') return refuse(res, 405, `${CREDENTIALS_PATH} takes POST`, { Allow: 'POST' });
        return await this.credentials(req, res);
      }
      if (route !== CHECK_PATH) return refuse(res, 404, `no such endpoint; use ${CHECK_PATH}`);
      if (req.method !== 'POST') return refuse(res, 405, `${CHECK_PATH} takes POST`, { Allow: 'POST' });
      await this.check(req, res);
    } catch {
      refuse(res, 500, 'the gate failed while reading this request; nothing was approved');
    }
  }

  private async check(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const type = mediaType(req.headers['content-type']);
    if (type !== JSON_TYPE && type !== ARGV_TYPE) {
      return refuse(res, 415, `Content-Type must be ${JSON_TYPE} or ${ARGV_TYPE}`);
    }
    const body = await readBody(req, res);
    if (!body) return;

    let request: CheckRequest | string;
    if (type === ARGV_TYPE) {
      request = decodeArgv(body);
    } else {
      try {
        request = validateCheckRequest(JSON.parse(body.toString('utf8')));
      } catch {
        request = 'body: not valid JSON';
      }
    }
    if (typeof request === 'string') return refuse(res, 400, request);

    const handler = this.handler;
    if (!handler) return refuse(res, 503, 'the gate is starting or stopping; try again');

    // The waiting process died or was interrupted: the gate withdraws whatever it is asking a person.
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new Error('the client disconnected before the answer'));
    };
    res.once('close', onClose);

    let answer: CheckResponse | string;
    try {
      answer = validateCheckResponse(await handler(request, controller.signal));
    } catch {
      answer = 'the handler failed';
    }
    res.off('close', onClose);
    if (res.destroyed || res.writableEnded) return;
    // A handler that threw or answered nonsense never turns into a 'run'.
    if (typeof answer === 'string') return refuse(res, 500, 'the gate failed while checking this command; it was not approved');
    if (wantsPlain(req.headers.accept)) return send(res, 200, PLAIN_TYPE, renderPlain(answer));
    send(res, 200, JSON_TYPE, JSON.stringify(answer));
  }

  /** No credentials unless the handler produced complete ones: a credential_process then fails, closed. */
  private async credentials(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (mediaType(req.headers['content-type']) !== JSON_TYPE) return refuse(res, 415, `Content-Type must be ${JSON_TYPE}`);
    const body = await readBody(req, res);
    if (!body) return;
    let request: CredentialsRequest | string;
    try {
      request = validateCredentialsRequest(JSON.parse(body.toString('utf8')));
    } catch {
      request = 'body: not valid JSON';
    }
    if (typeof request === 'string') return refuse(res, 400, request);
    const handler = this.credentialsHandler;
    if (!handler) return refuse(res, 503, 'this window does not issue AWS credentials (blastRadius.aws.agentCredentials is not "scoped"); open a new terminal');
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new Error('the client disconnected before the answer'));
    };
    res.once('close', onClose);
    let answer: { credentials: ProcessCredentials } | { refused: string } | undefined;
    try {
      answer = await handler(request, controller.signal);
    } catch {
      answer = undefined;
    }
    res.off('close', onClose);
    if (res.destroyed || res.writableEnded) return;
    if (!answer) return refuse(res, 500, 'the gate failed while issuing credentials; none were issued');
    if ('refused' in answer) return refuse(res, 403, answer.refused.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    const checked = validateProcessCredentials(answer.credentials);
    if (typeof checked === 'string') return refuse(res, 500, `the gate issued malformed credentials (${checked}); none were handed out`);
    send(res, 200, JSON_TYPE, JSON.stringify(checked));
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function send(res: http.ServerResponse, status: number, type: string, body: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
  res.end(bytes);
}

/**
 * An error answer, plain text whatever was asked, so its first line is never `run`. The connection
 * closes after it: a body left unread is dropped with it rather than drained.
 */
function refuse(res: http.ServerResponse, status: number, reason: string, headers: http.OutgoingHttpHeaders = {}): void {
  send(res, status, PLAIN_TYPE, `blast-radius gate: ${reason}\n`, { ...headers, Connection: 'close' });
}

/**
 * Reads at most MAX_BODY_BYTES. Past the limit (declared or counted) it answers 413 and stops reading:
 * the connection closes instead of draining what a client keeps sending. Resolves undefined when it
 * has answered (or the client left).
 */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    refuse(res, 413, `body larger than ${MAX_BODY_BYTES} bytes`);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (status?: number, reason?: string) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
      if (status !== undefined && reason !== undefined) {
        req.pause();
        refuse(res, status, reason);
      }
      resolve(undefined);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return stop(413, `body larger than ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk);
    };
    const onEnd = () => {
      clearTimeout(timer);
      req.off('data', onData);
      resolve(Buffer.concat(chunks, size));
    };
    const onGone = () => stop();
    const timer = setTimeout(() => stop(408, `body not received within ${BODY_TIMEOUT_MS / 1000} s`), BODY_TIMEOUT_MS);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onGone);
    req.once('aborted', onGone);
  });
}
