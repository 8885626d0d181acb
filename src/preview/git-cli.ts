/**
 * Asking git about a repository for a preview, without changing it: no optional locks (a plain `git
 * status` would otherwise refresh and rewrite the index), no fsmonitor or external diff programs, no
 * credential prompts, output in a stable language and with unquoted paths.
 */
import * as path from 'node:path';
import type { AnalysisContext } from '../core';
import { run, RunError, type RunResult } from './run';

export interface GitSession {
  /** The directory git runs in (`-C`). */
  dir: string;
  ctx: AnalysisContext;
  signal: AbortSignal;
}

// protocol.ext.allow: a remote written as `ext::<command>` must not run that command before anyone approved it.
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'protocol.ext.allow=never', '-c', 'core.quotePath=false', '-c', 'diff.external=', '-c', 'color.ui=false'];

export function gitEnv(ctx: AnalysisContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...ctx.env,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
}

export function git(s: GitSession, args: string[], opts: { input?: string; okExitCodes?: number[] } = {}): Promise<RunResult> {
  return run('git', ['-C', s.dir, ...SAFE_CONFIG, ...args], { env: gitEnv(s.ctx), signal: s.signal, label: `git ${args[0]}`, ...opts });
}

export async function gitOut(s: GitSession, args: string[], opts: { input?: string; okExitCodes?: number[] } = {}): Promise<string> {
  return (await git(s, args, opts)).stdout;
}

/** The top of the working tree `dir` is in, or undefined when it is in none. Missing `dir` is the caller's problem. */
export async function repoTop(s: GitSession): Promise<string | undefined> {
  try {
    const top = (await gitOut(s, ['rev-parse', '--show-toplevel'])).trim();
    return top ? path.resolve(top) : undefined;
  } catch (e) {
    if (e instanceof RunError && e.reason === 'failed' && /not a git repository/i.test(e.message)) return undefined;
    throw e;
  }
}

/** The commit a revision names, or undefined when it names none here. */
export async function commitOf(s: GitSession, rev: string): Promise<string | undefined> {
  const r = await git(s, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okExitCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Whether this repository has the object (a remote's commit that was never fetched is missing). */
export async function hasCommit(s: GitSession, sha: string): Promise<boolean> {
  const r = await git(s, ['cat-file', '-e', `${sha}^{commit}`], { okExitCodes: [1, 128] });
  return r.code === 0;
}

export interface CommitInfo {
  sha: string;
  subject: string;
  author: string;
  /** ISO 8601, author date. */
  date: string;
}

/** Commits reachable from `include` but from none of `exclude`, newest first: at most `limit` of them, and how many in all. */
export async function commitsBetween(s: GitSession, include: string[], exclude: string[], limit: number): Promise<{ commits: CommitInfo[]; count: number }> {
  const range = [...include, '--not', ...exclude];
  const count = Number((await gitOut(s, ['rev-list', '--count', ...range, '--'])).trim());
  const out = await gitOut(s, ['log', `--max-count=${limit}`, '--format=%H%x00%s%x00%an <%ae>%x00%aI', ...range, '--']);
  const commits = out
    .split('\n')
    .filter((l) => l.includes('\0'))
    .map((l) => {
      const [sha, subject, author, date] = l.split('\0');
      return { sha, subject, author, date };
    });
  return { commits, count };
}

/**
 * Every branch, remote-tracking branch and tag but the named local branches, for `--not`. git matches
 * `--exclude` patterns for `--branches` against names without `refs/heads/`.
 */
export function everyRefExcept(localBranches: string[]): string[] {
  const names = localBranches.map((r) => r.replace(/^refs\/heads\//, ''));
  return [...names.map((n) => `--exclude=${n}`), '--branches', '--remotes', '--tags'];
}

export interface NumstatLine {
  /** Path relative to the top of the working tree. */
  file: string;
  added?: number;
  deleted?: number;
  binary: boolean;
}

/** `git diff --numstat -z` output: `added\tdeleted\tpath\0`, `-\t-\t` for binary files; renames are off. */
export function parseNumstat(out: string): NumstatLine[] {
  const lines: NumstatLine[] = [];
  for (const rec of out.split('\0')) {
    const m = /^(-|\d+)\t(-|\d+)\t(.+)$/s.exec(rec.replace(/^\n/, ''));
    if (!m) continue;
    const binary = m[1] === '-';
    lines.push({ file: m[3], binary, ...(binary ? {} : { added: Number(m[1]), deleted: Number(m[2]) }) });
  }
  return lines;
}

/** Short sha for people. */
export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** `2025-10-01T12:00:00+02:00` → `2025-10-01`. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}
