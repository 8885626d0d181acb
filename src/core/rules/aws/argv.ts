/**
 * Reading an `aws` command line the way the CLI does: global options may stand anywhere (before the
 * service, between service and operation, among the operation's own flags), the first two plain words
 * are the service and the operation, and operation flags take one value or, for list members, several.
 */
import type { Word } from '../../shell/command';

/** Global options that take a value. */
const GLOBAL_WITH_VALUE = new Set([
  '--profile', '--region', '--endpoint-url', '--output', '--query', '--color', '--ca-bundle',
  '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format', '--cli-input-json', '--cli-input-yaml',
  '--starting-token', '--page-size', '--max-items',
]);

/** Global switches. */
const GLOBAL_SWITCHES = new Set([
  '--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt',
  '--no-cli-auto-prompt', '--version', '--v2-debug',
]);

/** `--generate-cli-skeleton` takes an optional value. */
const SKELETON_VALUES = new Set(['input', 'output', 'yaml-input']);

export interface AwsArgv {
  /** Global options as written, without `--` stripped (`--region`), last value wins. */
  globals: Map<string, Word | undefined>;
  /** The first two plain words: `ec2`, `describe-instances` (either may be missing). */
  service?: Word;
  operation?: Word;
  /** Everything after the operation except globals, in order, for the command's own parser. */
  rest: Word[];
  /** `help` was asked for at any level. */
  help: boolean;
  /** `--generate-cli-skeleton`: prints a template, calls nothing. */
  skeleton: boolean;
}

function splitEquals(w: Word): [string, Word | undefined] {
  const eq = w.value.indexOf('=');
  if (w.value.startsWith('--') && eq > 2) return [w.value.slice(0, eq), { value: w.value.slice(eq + 1), dynamic: w.dynamic }];
  return [w.value, undefined];
}

export function parseAwsArgv(args: readonly Word[]): AwsArgv {
  const out: AwsArgv = { globals: new Map(), rest: [], help: false, skeleton: false };
  let afterDoubleDash = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (afterDoubleDash) {
      out.rest.push(w);
      continue;
    }
    const [name, inline] = splitEquals(w);
    if (GLOBAL_WITH_VALUE.has(name)) {
      out.globals.set(name, inline ?? args[++i]);
      continue;
    }
    if (GLOBAL_SWITCHES.has(name)) {
      out.globals.set(name, undefined);
      continue;
    }
    if (name === '--generate-cli-skeleton') {
      out.skeleton = true;
      if (!inline && i + 1 < args.length && SKELETON_VALUES.has(args[i + 1].value)) i++;
      continue;
    }
    if (w.value === '--') {
      afterDoubleDash = true;
      continue;
    }
    if (!w.value.startsWith('-')) {
      if (!out.service) {
        out.service = w;
        if (w.value === 'help') out.help = true;
        continue;
      }
      if (!out.operation) {
        out.operation = w;
        if (w.value === 'help') out.help = true;
        continue;
      }
      // `help` after the operation is the CLI's help; after an option it could be that option's value.
      const prev = out.rest[out.rest.length - 1];
      if (w.value === 'help' && (!prev || !prev.value.startsWith('-'))) out.help = true;
    }
    out.rest.push(w);
  }
  return out;
}

export interface OperationArgs {
  /** Flag name without dashes → values. A switch has an empty list. Repeated flags accumulate. */
  flags: Map<string, Word[]>;
  /** Plain words that belong to no flag (`outfile` of `s3api get-object`, `wait` conditions). */
  positionals: Word[];
}

/**
 * An API operation's flags. Every flag takes the next plain word as its value; a flag whose name is
 * plural (`--instance-ids`, `--filters`) takes every plain word up to the next flag, as list members do.
 */
export function parseOperationArgs(rest: readonly Word[]): OperationArgs {
  const flags = new Map<string, Word[]>();
  const positionals: Word[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (!w.value.startsWith('--') || w.value.length === 2) {
      positionals.push(w);
      continue;
    }
    const [full, inline] = splitEquals(w);
    const name = full.slice(2);
    const values = flags.get(name) ?? [];
    flags.set(name, values);
    if (inline) {
      values.push(inline);
      continue;
    }
    const plural = /s$/.test(name);
    let taken = 0;
    while (i + 1 < rest.length && !rest[i + 1].value.startsWith('--')) {
      if (taken > 0 && !plural) break;
      values.push(rest[++i]);
      taken++;
    }
  }
  return { flags, positionals };
}

/** The last value of a flag, or undefined. */
export function flagValue(args: OperationArgs, name: string): Word | undefined {
  const v = args.flags.get(name);
  return v && v.length > 0 ? v[v.length - 1] : undefined;
}

/**
 * A boolean member's final state: `--x` true, `--no-x` false, the later one wins (as argparse does).
 * undefined when neither is written.
 */
export function switchState(rest: readonly Word[], name: string): boolean | undefined {
  let state: boolean | undefined;
  for (const w of rest) {
    if (w.value === `--${name}`) state = true;
    else if (w.value === `--no-${name}`) state = false;
  }
  return state;
}
