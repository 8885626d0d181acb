/**
 * Runs a command line the gate let through, with bash, for a tool call: bounded in time (the whole
 * process group is stopped), bounded in output (the head and the tail are kept, where the command's
 * own summary and errors usually are), and abortable when the caller gives up.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Absolute directory to run in. */
  cwd: string;
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Default 10 minutes. */
  timeoutMs?: number;
  /** Per stream. Default 64 KiB: a quarter from the start, the rest from the end. */
  maxOutputBytes?: number;
}

export interface CommandResult {
  /** Null when the command was stopped by a signal. */
  exitCode: number | null;
  /** The signal that ended it, if one did. */
  signal?: string;
  stdout: string;
  stderr: string;
  /** Whether output was cut in the middle. */
  truncated: boolean;
  /** Why it was stopped before it ended by itself. */
  stopped?: 'timeout' | 'aborted';
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
/** After SIGTERM, how long the group has before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** After bash exits, how long its pipes may stay open (a background child holding them) before we stop reading. */
const PIPE_GRACE_MS = 2_000;

/** Keeps the first `head` bytes and the last `tail` bytes of a stream, and counts what fell between. */
class HeadTail {
  private readonly headChunks: Buffer[] = [];
  private headSize = 0;
  private tailChunks: Buffer[] = [];
  private tailSize = 0;
  private dropped = 0;

  constructor(
    private readonly head: number,
    private readonly tail: number,
  ) {}

  push(chunk: Buffer): void {
    if (this.headSize < this.head) {
      const take = chunk.subarray(0, this.head - this.headSize);
      this.headChunks.push(take);
      this.headSize += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tailChunks.push(chunk);
    this.tailSize += chunk.length;
    while (this.tailSize > this.tail) {
      const first = this.tailChunks[0];
      const excess = this.tailSize - this.tail;
      if (first.length <= excess) {
        this.tailChunks.shift();
        this.tailSize -= first.length;
        this.dropped += first.length;
      } else {
        this.tailChunks[0] = first.subarray(excess);
        this.tailSize -= excess;
        this.dropped += excess;
      }
    }
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    const head = Buffer.concat(this.headChunks).toString('utf8');
    const tail = Buffer.concat(this.tailChunks).toString('utf8');
    return this.dropped > 0 ? `${head}\n… ${this.dropped} bytes of output omitted …\n${tail}` : head + tail;
  }
}

export function runCommand(commandLine: string, opts: RunOptions): Promise<CommandResult> {
  const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const head = Math.floor(max / 4);
  const stdout = new HeadTail(head, max - head);
  const stderr = new HeadTail(head, max - head);
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({ exitCode: null, stdout: '', stderr: '', truncated: false, stopped: 'aborted' });
      return;
    }
    // Its own process group, so stopping it stops what it started too.
    const child = spawn('bash', ['-c', commandLine], { cwd: opts.cwd, env: withoutElectronMarker(opts.env ?? process.env), stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    let stopped: CommandResult['stopped'];
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let done = false;
    const timers: NodeJS.Timeout[] = [];

    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    const stop = (why: NonNullable<CommandResult['stopped']>) => {
      if (stopped || exit) return;
      stopped = why;
      killGroup('SIGTERM');
      timers.push(setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS));
    };
    const finish = () => {
      if (done || !exit) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode: exit.code,
        ...(exit.signal ? { signal: exit.signal } : {}),
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        ...(stopped ? { stopped } : {}),
      });
    };
    const onAbort = () => stop('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => stop('timeout'), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));

    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.once('error', (e) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      // Output may still be in the pipes; 'close' says it has all been read. A background child that
      // keeps the pipes open must not hold the answer forever.
      timers.push(setTimeout(finish, PIPE_GRACE_MS));
    });
    child.once('close', () => {
      exit ??= { code: child.exitCode, signal: child.signalCode };
      finish();
    });
  });
}

/**
 * The launcher and VS Code's MCP definition run Node as Electron with ELECTRON_RUN_AS_NODE=1; commands
 * must not inherit it (it would turn \`code\` or any Electron app into a bare Node).
 */
function withoutElectronMarker(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _, ...rest } = env;
  return rest;
}
