/**
 * The client's end of the socket, for the shim client, hooks and the CLI. Node built-ins only: it is
 * bundled into the shim client, which runs before every gated command. It reports what happened and
 * leaves the decision (fail closed or not) to its caller, which knows what kind of client it is.
 */
import * as http from 'node:http';
import type { CheckRequest, CheckResponse } from '../gate/types';
import { CHECK_PATH, HEALTH_PATH, JSON_TYPE, MAX_BODY_BYTES, validateCheckResponse } from './protocol';

export type GateResult =
  | { kind: 'answer'; response: CheckResponse }
  /** No gate at the handle, or it went away mid-answer: nothing was decided. */
  | { kind: 'unreachable'; reason: string }
  /** The gate refused the request (bad token, invalid request, handler failure), or answered nonsense. */
  | { kind: 'rejected'; status: number; reason: string };

export type HealthResult = { kind: 'healthy'; version: string } | Exclude<GateResult, { kind: 'answer' }>;

export interface CheckOptions {
  /** Aborting closes the connection (the gate withdraws its prompt) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How long to wait for the connection itself; the answer may take minutes. Default 3000. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
const HEALTH_TIMEOUT_MS = 3_000;

export type Reply = { kind: 'reply'; status: number; body: string } | Exclude<GateResult, { kind: 'answer' }>;

/** Asks the gate about one command and waits, as long as it takes, for the answer. */
export async function checkWithGate(handle: string, token: string, request: CheckRequest, opts: CheckOptions = {}): Promise<GateResult> {
  const reply = await exchange(handle, token, 'POST', CHECK_PATH, Buffer.from(JSON.stringify(request), 'utf8'), opts);
  if (reply.kind !== 'reply') return reply;
  if (reply.status !== 200) return { kind: 'rejected', status: reply.status, reason: reasonOf(reply.body) };
  let response: CheckResponse | string;
  try {
    response = validateCheckResponse(JSON.parse(reply.body));
  } catch {
    response = 'not JSON';
  }
  if (typeof response === 'string') return { kind: 'rejected', status: reply.status, reason: `the gate's answer is malformed (${response})` };
  return { kind: 'answer', response };
}

/** Whether a gate listens at `handle` and accepts `token`. */
export async function healthCheck(handle: string, token: string, opts: { timeoutMs?: number } = {}): Promise<HealthResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timed out')), opts.timeoutMs ?? HEALTH_TIMEOUT_MS);
  try {
    const reply = await exchange(handle, token, 'GET', HEALTH_PATH, undefined, { signal: controller.signal });
    if (reply.kind !== 'reply') return reply;
    if (reply.status !== 200) return { kind: 'rejected', status: reply.status, reason: reasonOf(reply.body) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.body);
    } catch {
      parsed = undefined;
    }
    const { ok, version } = (parsed ?? {}) as { ok?: unknown; version?: unknown };
    if (ok !== true || typeof version !== 'string') return { kind: 'rejected', status: 200, reason: 'the health answer is malformed' };
    return { kind: 'healthy', version };
  } catch (e) {
    return { kind: 'unreachable', reason: controller.signal.aborted ? 'no answer in time' : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** Error bodies read `blast-radius gate: <reason>`; keep the reason, bounded, one line. */
function reasonOf(body: string): string {
  return body.replace(/^blast-radius gate: /, '').trim().split('\n')[0].slice(0, 500) || 'no reason given';
}

/** One request over the socket; other endpoints' clients (src/ipc/credentials.ts) use it too. */
export function exchange(handle: string, token: string, method: string, path: string, body: Buffer | undefined, opts: CheckOptions): Promise<Reply> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: Reply | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      signal?.removeEventListener('abort', onAbort);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome);
    };
    const headers: http.OutgoingHttpHeaders = { Authorization: `Bearer ${token}`, Accept: JSON_TYPE };
    if (body) {
      headers['Content-Type'] = JSON_TYPE;
      headers['Content-Length'] = body.length;
    }
    // agent: false so no idle keep-alive socket holds a short-lived process open.
    const req = http.request({ socketPath: handle, method, path, headers, agent: false });
    const onAbort = () => {
      finish({ error: signal?.reason });
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => {
        finish({ kind: 'unreachable', reason: `no connection to ${handle} within ${opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS} ms` });
        req.destroy();
      }, opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.once('error', (e: NodeJS.ErrnoException) => {
      finish({ kind: 'unreachable', reason: e.code ? `${e.code} at ${handle}` : e.message });
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish({ kind: 'rejected', status: res.statusCode ?? 0, reason: 'the answer is larger than the protocol allows' });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.once('end', () => finish({ kind: 'reply', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.once('error', () => finish({ kind: 'unreachable', reason: 'the gate closed the connection before answering' }));
      res.once('aborted', () => finish({ kind: 'unreachable', reason: 'the gate closed the connection before answering' }));
    });
    req.end(body);
  });
}
