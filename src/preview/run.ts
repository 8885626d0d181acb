/**
 * Running a read-only program for a preview: `execFile` as a promise, bounded by the preview's signal
 * and an output limit, failing with an error a person can act on ("git rev-list failed (exit 128): fatal:
 * not a git repository") rather than Node's generic one.
 */
import { execFile } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Output beyond this many bytes (per stream) is an error; default 64 MiB. */
  maxBuffer?: number;
  /** Written to standard input, which is then closed; without it standard input is closed at once. */
  input?: string;
  /** Exit codes that are answers rather than failures (`git check-ignore` exits 1 when nothing matches). */
  okExitCodes?: number[];
  /** How messages name the command (`git ls-remote`); default: the program and its first operand. */
  label?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Why a program did not give an answer: it is missing, failed, was stopped, or said too much. */
export class RunError extends Error {
  constructor(
    message: string,
    readonly program: string,
    readonly reason: 'missing' | 'failed' | 'stopped' | 'too-much-output',
    readonly code?: number,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'RunError';
  }
}

/** The first meaningful line a program printed on failure, for the message. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}

export function run(program: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const shown = opts.label ?? `${program} ${args.find((a) => !a.startsWith('-')) ?? ''}`.trim();
  return new Promise<RunResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new RunError(`${shown} was not started: ${reasonOf(opts.signal)}`, program, 'stopped'));
      return;
    }
    const child = execFile(
      program,
      args,
      { cwd: opts.cwd, env: opts.env, signal: opts.signal, maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 });
        const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (e.name === 'AbortError' || opts.signal?.aborted) {
          return reject(new RunError(`${shown} was stopped: ${reasonOf(opts.signal)}`, program, 'stopped'));
        }
        if (e.code === 'ENOENT') return reject(new RunError(`${program} is not installed or not on the PATH`, program, 'missing'));
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(new RunError(`${shown} printed more than ${opts.maxBuffer ?? 64 * 1024 * 1024} bytes`, program, 'too-much-output'));
        }
        const code = typeof e.code === 'number' ? e.code : -1;
        if (opts.okExitCodes?.includes(code)) return resolve({ stdout, stderr, code });
        const said = firstLine(stderr) || firstLine(stdout) || e.message;
        reject(new RunError(`${shown} failed (exit ${code}): ${said}`, program, 'failed', code, stderr));
      },
    );
    // Programs that read standard input when it is open (`check-ignore --stdin`) must see its end.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}

function reasonOf(signal?: AbortSignal): string {
  const r: unknown = signal?.reason;
  if (r instanceof Error && r.name !== 'AbortError') return r.message;
  if (typeof r === 'string') return r;
  return 'the preview was cancelled or ran out of time';
}
