/**
 * One hook invocation: read the agent's JSON from stdin (bounded), let the agent's adapter read it, ask
 * the gate about a shell command, and answer in the agent's format. Every failure blocks the tool call
 * with a reason the agent can read: a hook that crashes, exits oddly or is killed at the agent's time
 * limit lets the call through in every supported agent, so this answers in time, and always.
 */
import type { Readable } from 'node:stream';
import type { CheckRequest } from '../gate/types';
import { commandSummary } from '../gate/messages';
import { forwardedEnv } from '../shim/environment';
import type { HookAdapter, HookAnswer, HookOutput } from './adapter';
import { hookAdapter } from './adapters';
import type { HookDialect } from './adapters/dialect';
import type { AskOptions, AskResult } from './ask';
import { raceSignal } from '../preview/signal';

/** The gate, as src/hooks/ask.ts askGate asks it. Injected: tests script it. */
export type AskGate = (request: CheckRequest, opts: AskOptions) => Promise<AskResult>;

export interface RunHookOptions {
  /** The hook's environment: what of it matters goes to the gate, and it locates the gate registry. */
  env?: NodeJS.ProcessEnv;
  /** How long the agent lets the hook run, in seconds. Default: the agent's documented default. */
  timeoutSeconds?: number;
  /** Largest input read. Default 1 MiB. */
  maxInputBytes?: number;
}

export const MAX_HOOK_INPUT_BYTES = 1024 * 1024;

const STOP = 'Do not retry it, and do not try to reach the same result another way. Stop and ask the user how to proceed.';

/**
 * How long to wait before answering on our own: the agent's limit less a margin for starting up and
 * writing the answer (10%, between 1 and 5 seconds), never under half a second.
 */
export function answerWithinMs(timeoutSeconds: number): number {
  const limit = timeoutSeconds * 1000;
  const margin = Math.min(5_000, Math.max(1_000, limit / 10));
  return Math.max(500, Math.floor(limit - margin));
}

export async function runHook(agentName: string, stdin: Readable, ask: AskGate, opts: RunHookOptions = {}): Promise<HookOutput> {
  const adapter = hookAdapter(agentName);
  if (!adapter) throw new TypeError(`no hook adapter for ${agentName}`);
  const seconds = opts.timeoutSeconds ?? adapter.defaultTimeoutSeconds;
  const deadline = new AbortController();
  // Not unref'd: it holds the process until an answer is written, even when nothing else is pending.
  const timer = setTimeout(() => deadline.abort(new Error('deadline')), answerWithinMs(seconds));
  try {
    const decision = await decide(adapter, stdin, ask, opts, seconds, deadline.signal);
    return decision.kind === 'foreign' ? noOpinionOf(decision.dialect) : adapter.render(decision);
  } finally {
    clearTimeout(timer);
  }
}

/** What to answer: in this adapter's format, or another product's "no opinion" for that product's input. */
type Decision = HookAnswer | { kind: 'foreign'; dialect: HookDialect };

/** The product's own "no opinion", written by its adapter: the one answer that product surely reads as none. */
function noOpinionOf(dialect: HookDialect): HookOutput {
  const adapter = hookAdapter(dialect);
  if (!adapter) throw new TypeError(`no hook adapter for ${dialect}`);
  return adapter.render({ kind: 'no-opinion' });
}

async function decide(adapter: HookAdapter, stdin: Readable, ask: AskGate, opts: RunHookOptions, seconds: number, deadline: AbortSignal): Promise<Decision> {
  const input = await readBounded(stdin, opts.maxInputBytes ?? MAX_HOOK_INPUT_BYTES, deadline);
  if (input.kind === 'too-large') return unreadable(adapter, `it is larger than ${Math.round((opts.maxInputBytes ?? MAX_HOOK_INPUT_BYTES) / 1024)} KiB`);
  if (input.kind === 'timed-out') return unreadable(adapter, `it did not arrive within ${plural(seconds, 'second')}`);
  if (input.kind === 'failed') return unreadable(adapter, `reading it failed (${commandSummary(input.reason, 160)})`);
  let payload: unknown;
  try {
    payload = JSON.parse(input.text.replace(/^\uFEFF/, ''));
  } catch {
    return unreadable(adapter, input.text.trim() === '' ? 'it is empty' : 'it is not JSON');
  }

  const parsed = adapter.parse(payload);
  if (parsed.kind === 'pass') return { kind: 'no-opinion' };
  if (parsed.kind === 'foreign') return { kind: 'foreign', dialect: parsed.dialect };
  if (parsed.kind === 'malformed') return unreadable(adapter, commandSummary(parsed.reason, 200));

  const request: CheckRequest = {
    client: 'hook',
    commandLine: parsed.commandLine,
    cwd: parsed.cwd,
    env: forwardedEnv(opts.env ?? process.env),
    pid: process.pid,
    agent: parsed.agent,
  };
  const shown = commandSummary(parsed.commandLine);
  let result: AskResult;
  try {
    result = await raceSignal(ask(request, { signal: deadline, env: opts.env }), deadline);
  } catch (e) {
    if (deadline.aborted) {
      return {
        kind: 'blocked',
        message:
          `Blast Radius: \`${shown}\` was waiting for a decision and ${adapter.displayName} allows its hook only ${plural(seconds, 'second')}, so it did not run. ${STOP} ` +
          'If a person needs more time to review it, the user can raise the hook’s timeout in the agent’s hook settings and give the same number to `blast-radius hook --timeout`.',
      };
    }
    return { kind: 'blocked', message: `Blast Radius: checking \`${shown}\` failed (${commandSummary(errorText(e), 200)}), so it did not run. ${STOP}` };
  }
  if (!result.run) {
    return { kind: 'blocked', message: result.message || `Blast Radius: \`${shown}\` was not allowed to run. ${STOP}` };
  }
  return result.decidedBy === 'person' ? { kind: 'approved', message: result.message || `Blast Radius: a person approved \`${shown}\`.` } : { kind: 'no-opinion' };
}

function unreadable(adapter: HookAdapter, why: string): HookAnswer {
  return {
    kind: 'blocked',
    message:
      `Blast Radius could not read the ${adapter.displayName} hook input (${why}), so it blocked this tool call rather than let an unchecked command run. ` +
      `Stop and ask the user to check the Blast Radius hook for ${adapter.displayName} (\`blast-radius hook --agent ${adapter.name}\`).`,
  };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type ReadResult = { kind: 'text'; text: string } | { kind: 'too-large' } | { kind: 'timed-out' } | { kind: 'failed'; reason: string };

/** All of stdin as UTF-8, stopping early when it is too large, does not end in time, or is not UTF-8. */
function readBounded(stream: Readable, maxBytes: number, signal: AbortSignal): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (r.kind !== 'text') stream.pause();
      resolve(r);
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += b.length;
      if (size > maxBytes) return finish({ kind: 'too-large' });
      chunks.push(b);
    };
    const onEnd = () => {
      try {
        finish({ kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) });
      } catch {
        finish({ kind: 'failed', reason: 'the input is not UTF-8' });
      }
    };
    const onError = (e: Error) => finish({ kind: 'failed', reason: e.message });
    const onAbort = () => finish({ kind: 'timed-out' });
    if (signal.aborted) return finish({ kind: 'timed-out' });
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}
