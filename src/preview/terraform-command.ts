/**
 * Reads a terraform / tofu command line back from an Action's text: which program, the assignments in
 * front of it, -chdir, the verb, and the flags a read-only plan must repeat (-var, -target, -replace …).
 * The analysis already classified the command; this only recovers the arguments it does not carry.
 */
import * as path from 'node:path';

export interface TfCommand {
  /** The program: a name looked up on PATH (`terraform`), or a path resolved against the cwd. */
  program: string;
  /** `NAME=value` words in front of the program (`TF_WORKSPACE=prod terraform …`, `env X=1 terraform …`). */
  assignments: Record<string, string>;
  /** The configuration directory: -chdir resolved against the cwd. */
  dir: string;
  /** `apply`, `destroy`, `state rm`. */
  verb: string;
  /** Flags after the verb (TF_CLI_ARGS and TF_CLI_ARGS_<verb> first), as `[name, value]`; switches get 'true'. */
  flags: Array<[string, string]>;
  positionals: string[];
}

/** Flags after the verb that take a value (Go's `flag` package: every other flag is a switch). */
const VALUE_FLAGS = new Set([
  'var', 'var-file', 'target', 'replace', 'exclude', 'out', 'state', 'state-out', 'backup', 'lock-timeout',
  'parallelism',
]);

/**
 * Splits shell text into words the way a simple command's words are written: quotes, backslashes.
 * Returns undefined when a word depends on the run time (`$VAR`, `$(…)`, backticks, `*` and `?` globs)
 * or the text was clipped, so nothing is guessed. `[` stays literal: `-target=x.y[0]` is written unquoted
 * all the time, and the shell keeps it as written unless a file of that name exists.
 */
export function shellWords(text: string): string[] | undefined {
  if (text.endsWith('…')) return undefined;
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '$' || text[j] === '`') return undefined;
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) j++;
        cur += text[j];
      }
      if (j >= text.length) return undefined;
      i = j;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') cur += text[i + 1];
      i++;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (';&|<>'.includes(ch)) {
      // The simple command ends here (a redirect, a pipe); a fd number in front of `>` is not a word.
      if (inWord && !/^\d+$/.test(cur)) out.push(cur);
      return out;
    } else if ('$`*?(){}'.includes(ch)) {
      return undefined;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/**
 * Finds `tool` (terraform, tofu) in the text and reads what follows. `env` is the terminal's environment,
 * for TF_CLI_ARGS*. Returns a reason instead when the text cannot be read back safely.
 */
export function readTfCommand(text: string, tool: string, cwd: string, env: Record<string, string | undefined>): TfCommand | string {
  const words = shellWords(text);
  if (!words) return 'part of the command is known only at run time';
  const at = words.findIndex((w) => path.posix.basename(w) === tool);
  if (at < 0) return `cannot find ${tool} in the command`;
  const assignments: Record<string, string> = {};
  for (const w of words.slice(0, at)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
    if (m) assignments[m[1]] = m[2];
  }
  let dir = cwd;
  let i = at + 1;
  for (; i < words.length && words[i].startsWith('-'); i++) {
    const m = /^--?chdir(?:=(.*))?$/s.exec(words[i]);
    if (!m) continue;
    const value = m[1] ?? words[++i];
    if (value !== undefined) dir = path.posix.resolve(cwd, value);
  }
  const verbWords = words[i] === 'state' && words[i + 1] !== undefined ? [words[i], words[i + 1]] : words.slice(i, i + 1);
  if (verbWords.length === 0) return 'no subcommand';
  const fullEnv = { ...env, ...assignments };
  const fromEnv = ['TF_CLI_ARGS', `TF_CLI_ARGS_${verbWords.join('_')}`].flatMap((n) => fullEnv[n]?.trim().split(/\s+/).filter(Boolean) ?? []);
  const rest = [...fromEnv, ...words.slice(i + verbWords.length)];
  const flags: Array<[string, string]> = [];
  let j = 0;
  for (; j < rest.length; j++) {
    const a = rest[j];
    if (a === '--') {
      j++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq > 0) flags.push([body.slice(0, eq), body.slice(eq + 1)]);
    else if (VALUE_FLAGS.has(body) && j + 1 < rest.length) flags.push([body, rest[++j]]);
    else flags.push([body, 'true']);
  }
  const program = words[at].includes('/') ? path.posix.resolve(cwd, words[at]) : words[at];
  return { program, assignments, dir, verb: verbWords.join(' '), flags, positionals: rest.slice(j) };
}

/** The flag's values in order. */
export function flagValues(c: TfCommand, name: string): string[] {
  return c.flags.filter(([n]) => n === name).map(([, v]) => v);
}
