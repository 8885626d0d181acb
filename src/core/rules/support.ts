/** Small pieces every rule pack needs: building actions, resolving paths, reading argv the GNU way. */
import * as path from 'node:path';
import type { Action, ActionContext, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';

export interface ActionFields {
  tool?: string;
  operation: string;
  effect: Effect;
  rule: string;
  recoverable?: boolean;
  targets?: Target[];
  context?: Partial<ActionContext>;
  notes?: string[];
}

export function makeAction(cmd: SimpleCommand, ctx: AnalysisContext, f: ActionFields): Action {
  const notes = [...(f.notes ?? [])];
  if (cmd.via.length > 0) notes.push(`seen through: ${cmd.via.join(' → ')}`);
  return {
    tool: f.tool ?? cmd.tool,
    operation: f.operation,
    effect: f.effect,
    recoverable: f.recoverable ?? false,
    targets: f.targets ?? [],
    context: { cwd: ctx.cwd, ...f.context },
    command: cmd.text,
    rule: f.rule,
    notes,
  };
}

/** The environment the command sees: the caller's, overlaid with the command's own assignments. */
export function envOf(cmd: SimpleCommand, ctx: AnalysisContext): Record<string, string | undefined> {
  return { ...(ctx.env ?? {}), ...cmd.assignments };
}

/** Absolute, normalised path for a word, relative to the cwd; `~` expands to ctx.home when known. */
export function resolvePath(ctx: AnalysisContext, p: string): string {
  let s = p;
  if (s === '~' || s.startsWith('~/')) {
    if (ctx.home) s = ctx.home + s.slice(1);
  }
  return path.posix.resolve(ctx.cwd, s);
}

/** Is `p` (absolute) inside `dir` (absolute) or equal to it. */
export function isInside(p: string, dir: string): boolean {
  const rel = path.posix.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.posix.isAbsolute(rel));
}

export interface ArgvSpec {
  /** Options that take a value (`-n`, `--namespace`). Anything else is a switch. */
  withValue?: readonly string[];
  /** Short options whose value is glued on (`-n5`) are handled automatically for `withValue` shorts. */
  /** Stop option parsing at the first positional (git's subcommands, `kubectl exec -- cmd`). */
  stopAtFirstPositional?: boolean;
}

export interface ParsedArgv {
  positionals: Word[];
  /** Every option as written, long ones without their value (`--force`, `-f`); repeated options repeat. */
  options: Map<string, Word[]>;
  /** Whatever followed a literal `--`. */
  rest: Word[];
}

/**
 * GNU-style argv reading: `--opt=value`, `--opt value` for options that take values, bundled short
 * switches (`-rf` ⇒ `-r`, `-f`), `--` ends options. Unknown options are recorded as switches.
 */
export function parseArgv(args: readonly Word[], spec: ArgvSpec = {}): ParsedArgv {
  const withValue = new Set(spec.withValue ?? []);
  const out: ParsedArgv = { positionals: [], options: new Map(), rest: [] };
  const add = (name: string, value?: Word) => {
    const list = out.options.get(name) ?? [];
    if (value) list.push(value);
    out.options.set(name, list);
  };
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const a = w.value;
    if (a === '--') {
      out.rest = args.slice(i + 1);
      break;
    }
    if (spec.stopAtFirstPositional && out.positionals.length > 0) {
      out.positionals.push(w);
      continue;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        add(a.slice(0, eq), { value: a.slice(eq + 1), dynamic: w.dynamic });
      } else if (withValue.has(a) && i + 1 < args.length) {
        add(a, args[++i]);
      } else {
        add(a);
      }
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      if (withValue.has(a) && i + 1 < args.length) {
        add(a, args[++i]);
        continue;
      }
      // Bundled shorts: -rf, or -n5 where -n takes a value.
      for (let j = 1; j < a.length; j++) {
        const opt = '-' + a[j];
        if (withValue.has(opt)) {
          const glued = a.slice(j + 1);
          if (glued) add(opt, { value: glued, dynamic: w.dynamic });
          else if (i + 1 < args.length) add(opt, args[++i]);
          else add(opt);
          break;
        }
        add(opt);
      }
    } else {
      out.positionals.push(w);
    }
  }
  return out;
}

export function has(p: ParsedArgv, ...names: string[]): boolean {
  return names.some((n) => p.options.has(n));
}

/** The last value given for any of the option names (later options win, as in most CLIs). */
export function optionValue(p: ParsedArgv, ...names: string[]): Word | undefined {
  let found: Word | undefined;
  for (const n of names) {
    const v = p.options.get(n);
    if (v && v.length > 0) found = v[v.length - 1];
  }
  return found;
}

export function optionValues(p: ParsedArgv, ...names: string[]): Word[] {
  return names.flatMap((n) => p.options.get(n) ?? []);
}

/** Marks for a target built from a run-time value. */
export function unresolvedIf(dynamic: boolean, what = 'value'): string[] | undefined {
  return dynamic ? [what] : undefined;
}
