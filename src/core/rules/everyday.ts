/**
 * The everyday pack: read-only utilities, shell builtins, text tools, downloads, archives, processes.
 * Agents run these all day, so their ordinary forms must come out `read` (or a recoverable local write)
 * and only the few forms that change something outside the workspace may ask.
 */
import type { Action, AnalysisContext } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { archiveAnalyzers } from './everyday-archives';
import { processAnalyzers } from './everyday-processes';
import { remoteAnalyzers } from './everyday-remote';
import { fileTarget, fileWrites, isStream } from './places';
import { scanAwk, scanSed, type ScriptEffects } from './script-scan';
import { has, optionValues, parseArgv, resolvePath } from './support';
import { packActions, type ToolAnalyzer } from './tool-analyzer';

/** Tools that only look: no form of them changes state the analyzer cares about. */
const READ_ONLY = [
  'ls', 'cat', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'ag', 'wc', 'cut', 'tr', 'diff',
  'cmp', 'comm', 'file', 'stat', 'du', 'df', 'pwd', 'echo', 'printf', 'true', 'false', 'test', '[', 'which',
  'type', 'whereis', 'whoami', 'id', 'uname', 'ps', 'top', 'jq', 'realpath', 'dirname', 'basename',
  'readlink', 'md5sum', 'md5', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'shasum',
  'b2sum', 'cksum', 'od', 'column', 'seq', 'sleep', 'clear', 'tput', 'man', 'open', 'xdg-open', 'nl', 'tac',
  'rev', 'paste', 'join', 'fold', 'fmt', 'strings', 'hexdump', 'free', 'uptime', 'nproc', 'pgrep', 'zcat',
];

/** Builtins that change only the shell's own state (directory, variables, options): nothing on disk. */
const SHELL_STATE = ['cd', 'pushd', 'popd', 'dirs', 'export', 'unset', 'set', 'shopt', 'umask', 'ulimit', 'hash', 'jobs', 'wait'];

const act = packActions('everyday');

const readOnly: ToolAnalyzer = (cmd, ctx) => act(cmd, ctx, { operation: cmd.tool, effect: 'read', rule: 'read-only' });

const shellState: ToolAnalyzer = (cmd, ctx) =>
  act(cmd, ctx, { operation: cmd.tool, effect: 'read', rule: 'shell-state', notes: ['changes only this shell’s state'] });

/** A file written as the command's output: recoverable when it lands in the workspace or a temp folder. */
function outputFile(cmd: SimpleCommand, ctx: AnalysisContext, operation: string, files: Word[], rule = 'output-file'): Action[] {
  const { targets, recoverable } = fileWrites(ctx, files);
  if (targets.length === 0) return readOnly(cmd, ctx);
  return act(cmd, ctx, { operation, effect: 'write', recoverable, targets, rule });
}

// ── text tools that can also write ──────────────────────────────────────────────────────────────────

/** GNU and BSD sed argv: scripts, in-place flag, files. */
function readSedArgv(args: readonly Word[]) {
  const scripts: Word[] = [];
  const scriptFiles: Word[] = [];
  const files: Word[] = [];
  let inPlace = false;
  let sandbox = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const a = w.value;
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (name === '--in-place') inPlace = true;
      else if (name === '--sandbox') sandbox = true;
      else if (name === '--expression' || name === '--file' || name === '--line-length') {
        const v = value !== undefined ? { value, dynamic: w.dynamic } : args[++i];
        if (v && name === '--expression') scripts.push(v);
        if (v && name === '--file') scriptFiles.push(v);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const o = a[j];
        if (o === 'i') {
          inPlace = true;
          // BSD sed takes the backup suffix as its own word: `sed -i '' ...`, `sed -i .bak ...`.
          if (j === a.length - 1 && a.length === 2 && (args[i + 1]?.value === '' || /^\.\w*$/.test(args[i + 1]?.value ?? ''))) i++;
          break;
        }
        if (o === 'e' || o === 'f' || o === 'l') {
          const glued = a.slice(j + 1);
          const v = glued ? { value: glued, dynamic: w.dynamic } : args[++i];
          if (v && o === 'e') scripts.push(v);
          if (v && o === 'f') scriptFiles.push(v);
          break;
        }
      }
      continue;
    }
    if (scripts.length === 0 && scriptFiles.length === 0) scripts.push(w);
    else files.push(w);
  }
  return { scripts, scriptFiles, files, inPlace, sandbox };
}

function scriptWrites(ctx: AnalysisContext, effects: ScriptEffects): Word[] {
  return effects.writes.map((name) => (name === undefined ? { value: '$expr', dynamic: true } : { value: name, dynamic: false }))
    .filter((w) => !isStream(w.value) && resolvePath(ctx, w.value) !== '/dev/stderr');
}

const sed: ToolAnalyzer = (cmd, ctx) => {
  const argv = readSedArgv(cmd.args);
  const operation = argv.inPlace ? 'sed -i' : 'sed';
  if (argv.scriptFiles.length > 0 && !argv.sandbox) {
    return act(cmd, ctx, {
      operation, effect: 'unknown', rule: 'sed-script-file',
      notes: ['the sed script is read from a file the analyzer cannot see'],
    });
  }
  const scanned = argv.scripts.map((w) => scanSed(w.value));
  if (scanned.some((s) => s === undefined)) {
    return act(cmd, ctx, { operation, effect: 'unknown', rule: 'sed-unparsed', notes: ['the sed script could not be read'] });
  }
  const effects = scanned as ScriptEffects[];
  if (effects.some((e) => e.runs) && !argv.sandbox) {
    return act(cmd, ctx, { operation, effect: 'unknown', rule: 'sed-runs-command', notes: ['the sed script runs shell commands (e)'] });
  }
  const written = argv.sandbox ? [] : effects.flatMap((e) => scriptWrites(ctx, e));
  const edited = argv.inPlace ? argv.files : [];
  if (edited.length === 0 && written.length === 0) return act(cmd, ctx, { operation, effect: 'read', rule: 'sed' });
  const { targets, recoverable } = fileWrites(ctx, [...edited, ...written]);
  return act(cmd, ctx, {
    operation, effect: 'write', recoverable, targets, rule: argv.inPlace ? 'sed-in-place' : 'sed-writes',
    notes: recoverable ? [] : ['edits files outside the workspace'],
  });
};

const awk: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, {
    withValue: ['-F', '-v', '-f', '-e', '-i', '-E', '--field-separator', '--assign', '--file', '--source', '--include', '--exec'],
  });
  const progFiles = optionValues(p, '-f', '--file', '-E', '--exec');
  const sources = optionValues(p, '-e', '--source');
  const includes = optionValues(p, '-i', '--include').map((w) => w.value);
  const inPlace = includes.some((v) => v === 'inplace' || v === 'inplace.awk');
  let files = p.positionals;
  if (progFiles.length === 0 && sources.length === 0) {
    sources.push(...files.slice(0, 1));
    files = files.slice(1);
  }
  files = [...files, ...p.rest].filter((w) => !/^[A-Za-z_]\w*=/.test(w.value));
  if (progFiles.length > 0) {
    return act(cmd, ctx, {
      operation: cmd.tool, effect: 'write', recoverable: true, rule: 'script',
      targets: progFiles.map((w) => fileTarget(ctx, w, 'read', 'script')),
      notes: ['runs a script the analyzer cannot see'],
    });
  }
  const effects = sources.map((w) => scanAwk(w.value));
  if (effects.some((e) => e.runs)) {
    return act(cmd, ctx, {
      operation: cmd.tool, effect: 'unknown', rule: 'awk-runs-command',
      notes: ['the awk program runs shell commands (system, pipes)'],
    });
  }
  const written = effects.flatMap((e) => scriptWrites(ctx, e));
  const edited = inPlace ? files : [];
  if (written.length === 0 && edited.length === 0) return act(cmd, ctx, { operation: cmd.tool, effect: 'read', rule: 'awk' });
  return outputFile(cmd, ctx, inPlace ? `${cmd.tool} -i inplace` : cmd.tool, [...edited, ...written], 'awk-writes');
};

const sort: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, {
    withValue: ['-o', '--output', '-k', '--key', '-t', '--field-separator', '-S', '--buffer-size', '-T',
      '--temporary-directory', '--parallel', '--files0-from', '--compress-program', '--random-source', '--batch-size'],
  });
  if (has(p, '--compress-program')) {
    return act(cmd, ctx, { operation: 'sort', effect: 'unknown', rule: 'sort-runs-program', notes: ['--compress-program runs a program'] });
  }
  return outputFile(cmd, ctx, 'sort -o', optionValues(p, '-o', '--output'));
};

/** `uniq IN OUT`, `xxd IN OUT`: a second operand is an output file. */
function secondOperandWrites(withValue: string[]): ToolAnalyzer {
  return (cmd, ctx) => {
    const p = parseArgv(cmd.args, { withValue });
    return outputFile(cmd, ctx, cmd.tool, [...p.positionals, ...p.rest].slice(1, 2));
  };
}

function optionWrites(withValue: string[], outputs: string[]): ToolAnalyzer {
  return (cmd, ctx) => {
    const p = parseArgv(cmd.args, { withValue });
    return outputFile(cmd, ctx, `${cmd.tool} ${outputs[0]}`, optionValues(p, ...outputs));
  };
}

const rg: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['--pre', '--hostname-bin'] });
  if (has(p, '--pre', '--hostname-bin')) {
    return act(cmd, ctx, { operation: has(p, '--pre') ? 'rg --pre' : 'rg --hostname-bin', effect: 'unknown', rule: 'rg-program', notes: ['--pre and --hostname-bin make rg run another program'] });
  }
  return readOnly(cmd, ctx);
};

/** less only looks, except that -o/-O/--log-file copy what it shows into a file. */
const less = optionWrites(['-o', '-O', '--log-file', '--LOG-FILE', '-b', '-h', '-j', '-k', '-p', '-P', '-t', '-T', '-x', '-y', '-z', '-#'], ['-o', '-O', '--log-file', '--LOG-FILE']);

const yq: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, {
    withValue: ['-o', '--output-format', '-p', '--input-format', '-I', '--indent', '--from-file', '--arg', '--expression'],
  });
  if (!has(p, '-i', '--inplace')) return readOnly(cmd, ctx);
  let words = p.positionals;
  if (['e', 'eval', 'ea', 'eval-all'].includes(words[0]?.value ?? '')) words = words.slice(1);
  const files = has(p, '--from-file', '--expression') ? words : words.slice(1);
  return outputFile(cmd, ctx, 'yq -i', files, 'yq-in-place');
};

const date: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-d', '--date', '-r', '--reference', '-f', '--file', '-s', '--set'] });
  const setsClock = has(p, '-s', '--set') || p.positionals.some((w) => !w.value.startsWith('+'));
  if (!setsClock) return readOnly(cmd, ctx);
  return act(cmd, ctx, { operation: 'date --set', effect: 'write', rule: 'set-clock', targets: [{ id: 'host://clock', change: 'change', kind: 'system clock' }] });
};

const hostname: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-F', '--file'] });
  if (p.positionals.length === 0 && !has(p, '-F', '--file', '-b', '--boot')) return readOnly(cmd, ctx);
  return act(cmd, ctx, { operation: 'hostname (set)', effect: 'write', rule: 'set-hostname', targets: [{ id: 'host://hostname', change: 'change', kind: 'hostname' }] });
};

/** `env` with no command prints the environment; the shell layer strips `env [VAR=x] CMD` before us. */
const env: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'], stopAtFirstPositional: true });
  const command = p.positionals.find((w) => !w.value.includes('='));
  if (cmd.tool === 'env' && (command || has(p, '-S', '--split-string'))) {
    return act(cmd, ctx, { operation: 'env', effect: 'unknown', rule: 'env-command', notes: ['env runs a command the analyzer did not see through'] });
  }
  return readOnly(cmd, ctx);
};

const history: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-d'] });
  if (!has(p, '-c', '-d')) return readOnly(cmd, ctx);
  return act(cmd, ctx, {
    operation: has(p, '-c') ? 'history -c' : 'history -d', effect: 'destroy', rule: 'history-clear',
    targets: [{ id: 'shell://history', change: 'destroy', kind: 'shell history', many: has(p, '-c') }],
    notes: ['erases the record of commands run in this shell'],
  });
};

/** Defining an alias changes what later command names run, which no later analysis can see. */
const alias: ToolAnalyzer = (cmd, ctx) => {
  const defined = cmd.args.filter((w) => w.value.includes('='));
  if (defined.length === 0) return readOnly(cmd, ctx);
  return act(cmd, ctx, {
    operation: 'alias', effect: 'unknown', rule: 'alias-define',
    notes: defined.map((w) => `later \`${w.value.slice(0, w.value.indexOf('='))}\` runs: ${w.value.slice(w.value.indexOf('=') + 1)}`),
  });
};

/** `trap CODE SIGNAL` stores shell code to run later: inline code, like `eval`. */
const trap: ToolAnalyzer = (cmd, ctx) => {
  const first = cmd.args.find((w) => !/^-[lp]$/.test(w.value) && w.value !== '--');
  if (!first || first.value === '' || first.value === '-' || /^\d+$/.test(first.value)) return shellState(cmd, ctx);
  return act(cmd, ctx, { operation: 'trap', effect: 'unknown', rule: 'inline-code', notes: [`runs later: ${first.value}`] });
};

/** `source FILE`, `. FILE`: runs a local script, allowed like an unknown tool would be. */
const source: ToolAnalyzer = (cmd, ctx) => {
  const script = cmd.args[0];
  if (!script) return readOnly(cmd, ctx);
  return act(cmd, ctx, {
    operation: cmd.tool === '.' ? '.' : 'source', effect: 'write', recoverable: true, rule: 'script',
    targets: [fileTarget(ctx, script, 'read', 'script')],
    notes: ['runs a script the analyzer cannot see'],
  });
};

const analyzers: Record<string, ToolAnalyzer> = {
  sed,
  gsed: sed,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
  sort,
  uniq: secondOperandWrites(['-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars', '--group', '--all-repeated']),
  xxd: secondOperandWrites(['-c', '-g', '-l', '-s', '-o', '-n', '-C', '-cols', '-len', '-seek', '-name']),
  base64: optionWrites(['-o', '--output', '-i', '--input', '-b', '-w', '--wrap', '--break'], ['-o', '--output']),
  tree: optionWrites(['-L', '-P', '-I', '-o', '-H', '--charset', '--filelimit', '--timefmt', '--sort'], ['-o']),
  rg,
  less,
  yq,
  date,
  hostname,
  env,
  printenv: env,
  history,
  alias,
  unalias: shellState,
  trap,
  source,
  '.': source,
  ...archiveAnalyzers,
  ...processAnalyzers,
  ...remoteAnalyzers,
};

for (const tool of SHELL_STATE) analyzers[tool] ??= shellState;

export const everydayRules: RulePack = {
  name: 'everyday',
  tools: [...READ_ONLY, ...Object.keys(analyzers)],
  analyze(cmd, ctx) {
    const analyzer = analyzers[cmd.tool] ?? readOnly;
    return analyzer(cmd, ctx);
  },
};
