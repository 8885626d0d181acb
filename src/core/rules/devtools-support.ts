/**
 * Shared vocabulary of the devtools pack: a verdict kind per subcommand, risky task names, and the
 * "runs something the analyzer cannot see" actions (package scripts, make targets, local scripts).
 */
import type { Action, AnalysisContext, Effect } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { fileTarget } from './places';
import type { ActionFields } from './support';
import { packActions } from './tool-analyzer';

export const act = packActions('devtools');

/**
 * - `read`: changes nothing.
 * - `local`: a local, recoverable write (build, install, format, test run).
 * - `clean`: deletes regenerable output (destroy, recoverable).
 * - `shared`: changes shared or public state (a registry, GitHub, a remote): write, not recoverable.
 * - `destroy`: deletes shared state: destroy, not recoverable.
 * - `unknown`: the pack cannot tell.
 */
export type Kind = 'read' | 'local' | 'clean' | 'shared' | 'destroy' | 'unknown';

const VERDICTS: Record<Kind, { effect: Effect; recoverable: boolean }> = {
  read: { effect: 'read', recoverable: false },
  local: { effect: 'write', recoverable: true },
  clean: { effect: 'destroy', recoverable: true },
  shared: { effect: 'write', recoverable: false },
  destroy: { effect: 'destroy', recoverable: false },
  unknown: { effect: 'unknown', recoverable: false },
};

/** The worse of two kinds: what a command with several parts (make targets, maven goals) amounts to. */
const SEVERITY: Kind[] = ['read', 'local', 'clean', 'shared', 'unknown', 'destroy'];
export function worst(kinds: Kind[]): Kind {
  return kinds.reduce<Kind>((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a), 'read');
}

export type Extra = Omit<ActionFields, 'operation' | 'effect' | 'rule' | 'recoverable'>;

/** The rule name a plain table verdict gets: `read-only`, `clean`, `unrecognised`, or the tool's own. */
export function kindRule(kind: Kind, writeRule: string): string {
  return kind === 'read' ? 'read-only' : kind === 'unknown' ? 'unrecognised' : kind === 'clean' ? 'clean' : writeRule;
}

export function classify(cmd: SimpleCommand, ctx: AnalysisContext, operation: string, kind: Kind, rule: string, extra: Extra = {}): Action[] {
  return act(cmd, ctx, { ...extra, operation, rule, ...VERDICTS[kind] });
}

/** Words that mark a task as reaching beyond the machine, whatever the build file says it does. */
const REACHES_OUT = new Set(['deploy', 'undeploy', 'destroy', 'release', 'publish', 'teardown', 'nuke', 'rollback', 'promote']);
const PRODUCTION = new Set(['prod', 'production', 'prd']);
/** Words that keep a task on this machine: `build:prod`, `publishToMavenLocal`, `deploy:local`. */
const STAYS_LOCAL = new Set(['build', 'compile', 'bundle', 'test', 'lint', 'check', 'typecheck', 'preview', 'analyze', 'serve', 'start', 'dev', 'watch', 'format', 'fmt', 'local', 'dry', 'dryrun']);

/**
 * The word that makes a task name (`deploy`, `release:prod`, `clean-prod`) risky, or undefined.
 * The pack cannot see the Makefile or package.json, so the name is all it has.
 */
export function riskyTaskName(name: string): string | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some((w) => STAYS_LOCAL.has(w))) return undefined;
  return words.find((w) => REACHES_OUT.has(w) || PRODUCTION.has(w));
}

/** A project task run by name: recoverable, unless its name says it reaches beyond the machine. */
export function runTask(cmd: SimpleCommand, ctx: AnalysisContext, operation: string, names: string[], what: string): Action[] {
  const risky = names.map(riskyTaskName).find((w) => w !== undefined);
  if (risky) {
    return classify(cmd, ctx, operation, 'unknown', 'risky-task', {
      notes: [`a ${what} named like \`${risky}\`: the analyzer cannot see what it does`],
    });
  }
  return classify(cmd, ctx, operation, 'local', 'task', { notes: [`runs a ${what} the analyzer cannot see`] });
}

/** A local script or program file: allowed like an unknown tool would be. */
export function runScript(cmd: SimpleCommand, ctx: AnalysisContext, operation: string, script?: Word, notes: string[] = []): Action[] {
  return classify(cmd, ctx, operation, 'local', 'script', {
    targets: script ? [fileTarget(ctx, script, 'read', 'script')] : [],
    notes: ['runs a script the analyzer cannot see', ...notes],
  });
}

export function inlineCode(cmd: SimpleCommand, ctx: AnalysisContext, option: string): Action[] {
  return classify(cmd, ctx, `${cmd.tool} ${option}`, 'unknown', 'inline-code', { notes: ['inline code the analyzer cannot read'] });
}

export function hasWord(args: readonly Word[], ...names: string[]): boolean {
  return args.some((w) => names.includes(w.value) || names.some((n) => n.startsWith('--') && w.value.startsWith(`${n}=`)));
}

/** `--help`, or a lone `--version`: every tool prints and exits. */
export function asksForHelp(args: readonly Word[]): boolean {
  if (args.some((w) => w.value === '--help')) return true;
  return args.length === 1 && ['--version', '-V', '-v', 'version', 'help', '-h'].includes(args[0].value);
}

/** The first word that is not an option, skipping the values of options that take one. */
export function firstOperand(args: readonly Word[], withValue: readonly string[] = []): { index: number; word?: Word } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') return { index: i + 1, word: args[i + 1] };
    if (withValue.includes(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) continue;
    return { index: i, word: args[i] };
  }
  return { index: args.length };
}

/** Operands only (options and their values removed): subcommand words, task names, package names. */
export function operands(args: readonly Word[], withValue: readonly string[] = []): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (withValue.includes(a)) i++;
    else if (!(a.startsWith('-') && a.length > 1)) out.push(args[i]);
  }
  return out;
}
