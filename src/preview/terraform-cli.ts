/**
 * Running terraform / tofu for a preview: a child process bounded by the preview's signal, and the
 * first `Error:` line of what it printed. Private to the terraform resolver (src/preview/run.ts did not
 * exist when this was written; this one also waits for terraform to stop before its plan dir is removed).
 */
import { spawn } from 'node:child_process';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Output beyond this is an error: a plan's JSON for thousands of resources is large but not unbounded. */
  maxBuffer?: number;
}

/** Raised when the signal stopped the process; carries the signal's reason. */
export class Stopped extends Error {}

/** How long terraform gets to stop its providers after SIGINT before it is killed outright. */
const GRACE_MS = 2000;

/**
 * Runs `file args`, resolving with its exit code and output. On abort sends SIGINT (terraform's own
 * "stop": it tells its providers to stop too), then SIGKILL after a grace period, and rejects with
 * `Stopped` only once the process has exited, so nothing is still writing when the caller cleans up.
 */
export function runTool(file: string, args: readonly string[], opts: RunOptions): Promise<Ran> {
  const maxBuffer = opts.maxBuffer ?? 64 * 1024 * 1024;
  return new Promise<Ran>((resolve, reject) => {
    if (opts.signal.aborted) {
      reject(new Stopped('stopped before it started'));
      return;
    }
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: Error | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: Error) => {
      failure ??= why;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
    };
    const onAbort = () => stop(new Stopped('stopped at the time limit'));
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBuffer) {
        stop(new Error(`${file} printed more than ${Math.round(maxBuffer / 1024 / 1024)} MB`));
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e) => {
      failure ??= e;
    });
    child.on('close', (code) => {
      opts.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/**
 * Terraform's first diagnostic: `Error: Invalid reference (main.tf line 3)`. Diagnostics come boxed
 * (`│ Error: …`) unless -no-color; warnings (a missing CLI config file) are skipped.
 */
export function firstError(output: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.replace(/^[│╷╵]\s?/, '').trim());
  const at = lines.findIndex((l) => l.startsWith('Error: '));
  if (at < 0) return undefined;
  const where = lines.slice(at + 1, at + 4).map((l) => /^on (\S+) line (\d+)/.exec(l)).find(Boolean);
  return where ? `${lines[at]} (${where[1]} line ${where[2]})` : lines[at];
}

/** Diagnostics that mean `terraform init` has not run (or must run again) in the directory. */
const NOT_INITIALISED = [
  /Module not installed/i,
  /Backend initialization required/i,
  /Required plugins are not installed/i,
  /Inconsistent dependency lock file/i,
  /Missing required provider/i,
  /Could not load plugin/i,
  /Module source has changed/i,
  /Module version requirements have changed/i,
  /Provider requirements cannot be satisfied by locked dependencies/i,
];

export function isNotInitialised(error: string): boolean {
  return NOT_INITIALISED.some((re) => re.test(error));
}
