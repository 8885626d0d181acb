/** `blast-radius check`: one command line, or a stream of them as JSON lines. */
import { decide, type Analyzer, type PolicySettings } from '../core';
import { augment, livePreview, resolveAnalysis } from '../preview/live';
import type { Resolver } from '../preview/types';
import { processContext } from '../platform/context';
import { ansi, formatDecision, formatPreview, plain } from './format';

export const EXIT = { allow: 0, ask: 1, deny: 2, usage: 64 } as const;

export interface CheckOptions {
  settings: PolicySettings;
  cwd?: string;
  workspaceRoots?: string[];
}

/**
 * `check --preview`: the same decision, after reading the live state of what the command would touch
 * (only when it would be asked about), and the preview a person would see in the approval panel.
 */
export async function checkWithPreview(analyzer: Analyzer, resolvers: readonly Resolver[], command: string, opts: CheckOptions & { timeoutMs: number }, json: boolean): Promise<{ output: string; exitCode: number }> {
  const ctx = processContext({ cwd: opts.cwd, workspaceRoots: opts.workspaceRoots });
  let analysis = analyzer.analyze(command, ctx);
  let decision = decide(analysis, opts.settings, { home: ctx.home });
  let resolution;
  if (decision.verdict === 'ask') {
    resolution = await resolveAnalysis(analysis, ctx, resolvers, { timeoutMs: opts.timeoutMs });
    analysis = augment(analysis, resolution);
    decision = decide(analysis, opts.settings, { home: ctx.home });
  }
  const preview = resolution ? livePreview(analysis, decision, resolution) : undefined;
  const style = process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain;
  const output = json
    ? JSON.stringify({ command, decision: decision.verdict, confirmation: decision.confirmation, typeToConfirm: decision.typeToConfirm, complete: analysis.complete, actions: analysis.actions, reasons: decision.reasons, preview: preview ?? null, identity: resolution?.identities ?? [], failures: resolution?.failures ?? [], resolvedInMs: resolution ? Math.round(resolution.durationMs) : 0 })
    : [formatDecision(analysis, decision, style), ...(preview ? ['', formatPreview(preview, style)] : [])].join('\n');
  return { output, exitCode: EXIT[decision.verdict] };
}

export function checkOne(analyzer: Analyzer, command: string, opts: CheckOptions, json: boolean): { output: string; exitCode: number } {
  const ctx = processContext({ cwd: opts.cwd, workspaceRoots: opts.workspaceRoots });
  const analysis = analyzer.analyze(command, ctx);
  const decision = decide(analysis, opts.settings, { home: ctx.home });
  const output = json
    ? JSON.stringify({ command, decision: decision.verdict, confirmation: decision.confirmation, typeToConfirm: decision.typeToConfirm, complete: analysis.complete, actions: analysis.actions, reasons: decision.reasons })
    : formatDecision(analysis, decision, process.stdout.isTTY && !process.env.NO_COLOR ? ansi : plain);
  return { output, exitCode: EXIT[decision.verdict] };
}

interface JsonlInput {
  command: string;
  cwd?: string;
  env?: Record<string, string>;
}

/** Checks that one parsed line is a request we understand; anything else is rejected, not guessed at. */
function validLine(v: unknown): JsonlInput | string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'each line must be a JSON object';
  const o = v as Record<string, unknown>;
  if (typeof o.command !== 'string') return '"command" must be a string';
  if (o.cwd !== undefined && (typeof o.cwd !== 'string' || !o.cwd.startsWith('/'))) return '"cwd" must be an absolute path';
  if (o.env !== undefined) {
    if (!o.env || typeof o.env !== 'object' || Array.isArray(o.env)) return '"env" must be an object of strings';
    if (Object.values(o.env).some((x) => typeof x !== 'string')) return '"env" must be an object of strings';
  }
  return { command: o.command, cwd: o.cwd as string | undefined, env: o.env as Record<string, string> | undefined };
}

/**
 * Reads JSON lines on stdin, writes one JSON line per input line, in order. A line that is not a valid
 * request gets `"decision": "ask"` and an error: the stream goes on, and nothing is allowed by accident.
 */
export async function checkJsonl(analyzer: Analyzer, opts: CheckOptions): Promise<number> {
  // Loaded here, not at the top: a single `check` should not pay for readline's modules at start-up.
  const readline = await import('node:readline');
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const base = processContext({ cwd: opts.cwd, workspaceRoots: opts.workspaceRoots, env: {} });
  let out: string[] = [];
  let lineNo = 0;
  let worst = 0;
  const flush = () => {
    if (out.length > 0) process.stdout.write(out.join(''));
    out = [];
  };
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let input: JsonlInput | string;
    try {
      input = validLine(JSON.parse(line));
    } catch {
      input = 'not valid JSON';
    }
    if (typeof input === 'string') {
      out.push(JSON.stringify({ line: lineNo, error: input, decision: 'ask' }) + '\n');
      worst = Math.max(worst, EXIT.ask);
    } else {
      const cwd = input.cwd ?? base.cwd;
      const ctx = { ...base, cwd, env: input.env ?? {}, workspaceRoots: opts.workspaceRoots ?? [cwd] };
      const analysis = analyzer.analyze(input.command, ctx);
      const decision = decide(analysis, opts.settings, { home: ctx.home });
      out.push(JSON.stringify({ command: input.command, decision: decision.verdict, confirmation: decision.confirmation, typeToConfirm: decision.typeToConfirm, actions: analysis.actions, reasons: decision.reasons }) + '\n');
      worst = Math.max(worst, EXIT[decision.verdict]);
    }
    if (out.length >= 256) flush();
  }
  flush();
  return worst;
}
