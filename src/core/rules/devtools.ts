/**
 * The devtools pack: package managers, build tools, linters, formatters, test runners, interpreters
 * running local scripts, the GitHub CLI and the editor CLI. The everyday loop of an agent (install,
 * build, test, lint, format, run a script) is a recoverable local write; publishing, deploying and
 * deleting shared things is not; a task named like deploy/release/prod is unknown.
 */
import type { RulePack } from './pack';
import { buildAnalyzers } from './devtools-build';
import { githubAnalyzers } from './devtools-github';
import { jsAnalyzers } from './devtools-js';
import { pythonAnalyzers } from './devtools-python';
import { asksForHelp, classify, hasWord, inlineCode, operands, runScript, runTask, type Kind } from './devtools-support';
import { systemAnalyzers } from './devtools-system';
import type { ToolAnalyzer } from './tool-analyzer';

/** A tool that writes only when told to (`--fix`, `--write`), and reads (checks) otherwise. */
function writesWith(flags: string[], readFlags: string[] = []): ToolAnalyzer {
  return (cmd, ctx) => {
    const writes = hasWord(cmd.args, ...flags) && !hasWord(cmd.args, ...readFlags);
    return classify(cmd, ctx, writes ? `${cmd.tool} ${flags[0]}` : cmd.tool, writes ? 'local' : 'read', writes ? 'format' : 'read-only');
  };
}

/** A tool that writes unless told only to check (`black --check`). */
function writesUnless(readFlags: string[]): ToolAnalyzer {
  return (cmd, ctx) => {
    const reads = hasWord(cmd.args, ...readFlags) || asksForHelp(cmd.args);
    return classify(cmd, ctx, cmd.tool, reads ? 'read' : 'local', reads ? 'read-only' : 'format');
  };
}

/** Test runners run the project's tests: local code, recoverable. Listing or help only reads. */
function testRunner(readFlags: string[]): ToolAnalyzer {
  return (cmd, ctx) => {
    const reads = hasWord(cmd.args, ...readFlags) || asksForHelp(cmd.args);
    return classify(cmd, ctx, cmd.tool, reads ? 'read' : 'local', reads ? 'read-only' : 'test-run', { notes: reads ? [] : ['runs the project’s tests'] });
  };
}

const tsc: ToolAnalyzer = (cmd, ctx) => {
  if (hasWord(cmd.args, '--clean') && hasWord(cmd.args, '-b', '--build')) return classify(cmd, ctx, 'tsc --build --clean', 'clean', 'clean');
  if (hasWord(cmd.args, '--noEmit', '--showConfig', '--listFilesOnly', '--version', '-v', '--help', '-h', '--all')) return classify(cmd, ctx, 'tsc', 'read', 'read-only');
  return classify(cmd, ctx, hasWord(cmd.args, '--init') ? 'tsc --init' : 'tsc', 'local', 'build');
};

const eslint: ToolAnalyzer = (cmd, ctx) => {
  if (hasWord(cmd.args, '--fix', '--init', '-o', '--output-file', '--cache-location')) {
    return classify(cmd, ctx, hasWord(cmd.args, '--fix') ? 'eslint --fix' : 'eslint', 'local', 'format');
  }
  return classify(cmd, ctx, 'eslint', 'read', 'read-only');
};

const biome: ToolAnalyzer = (cmd, ctx) => {
  const sub = operands(cmd.args)[0]?.value ?? '';
  if (['init', 'migrate'].includes(sub)) return classify(cmd, ctx, `biome ${sub}`, 'local', 'format');
  const writes = hasWord(cmd.args, '--write', '--apply', '--apply-unsafe', '--fix', '--unsafe');
  return classify(cmd, ctx, `biome ${sub}`.trim(), writes ? 'local' : 'read', writes ? 'format' : 'read-only');
};

const ruff: ToolAnalyzer = (cmd, ctx) => {
  const sub = operands(cmd.args, ['--config', '--select', '--ignore', '--extend-select', '--target-version', '--line-length', '--output-format', '-o', '--output-file', '--exclude', '--per-file-ignores', '--cache-dir'])[0]?.value ?? '';
  if (sub === 'clean') return classify(cmd, ctx, 'ruff clean', 'clean', 'clean');
  if (sub === 'format') {
    const reads = hasWord(cmd.args, '--check', '--diff');
    return classify(cmd, ctx, 'ruff format', reads ? 'read' : 'local', reads ? 'read-only' : 'format');
  }
  const fixes = hasWord(cmd.args, '--fix', '--unsafe-fixes', '--add-noqa') && !hasWord(cmd.args, '--diff', '--no-fix');
  return classify(cmd, ctx, `ruff ${sub || 'check'}`, fixes ? 'local' : 'read', fixes ? 'format' : 'read-only');
};

const mypy: ToolAnalyzer = (cmd, ctx) => {
  const installs = hasWord(cmd.args, '--install-types');
  return classify(cmd, ctx, 'mypy', installs ? 'local' : 'read', installs ? 'install' : 'read-only');
};

const vitest: ToolAnalyzer = (cmd, ctx) => {
  const sub = operands(cmd.args, ['--config', '-c', '--project', '--reporter', '--root', '-r', '--dir', '-t', '--testNamePattern', '--environment', '--pool', '--shard'])[0]?.value;
  if (sub === 'list' || asksForHelp(cmd.args)) return classify(cmd, ctx, `vitest ${sub ?? ''}`.trim(), 'read', 'read-only');
  if (sub === 'init') return classify(cmd, ctx, 'vitest init', 'local', 'install');
  return classify(cmd, ctx, 'vitest', 'local', 'test-run', { notes: ['runs the project’s tests'] });
};

const DENO_KINDS: Record<string, Kind> = {
  test: 'local', bench: 'local', fmt: 'local', lint: 'read', check: 'read', doc: 'read', info: 'read', compile: 'local',
  bundle: 'local', install: 'local', uninstall: 'local', add: 'local', remove: 'local', cache: 'local', upgrade: 'local',
  init: 'local', serve: 'local', jupyter: 'local', coverage: 'read', types: 'read', completions: 'read', outdated: 'read',
  clean: 'clean', help: 'read', publish: 'shared', deploy: 'shared', approve: 'local', update: 'local', x: 'unknown',
};

const deno: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['--config', '-c', '--import-map', '--lock', '--env-file', '--cert', '--location', '--seed', '--v8-flags', '--inspect', '--reload', '-r', '--allow-read', '--allow-write', '--allow-net', '--allow-env', '--allow-run', '-o', '--output', '--filter']);
  if (ops.length === 0) return classify(cmd, ctx, 'deno', asksForHelp(cmd.args) ? 'read' : 'unknown', asksForHelp(cmd.args) ? 'read-only' : 'repl');
  const sub = ops[0].value;
  if (sub === 'eval' || hasWord(cmd.args.slice(0, 1), '-e', '--eval')) return inlineCode(cmd, ctx, 'eval');
  if (sub === 'repl') return classify(cmd, ctx, 'deno repl', 'unknown', 'repl');
  if (sub === 'run') return runScript(cmd, ctx, 'deno run', ops[1]);
  if (sub === 'task') {
    const task = ops[1];
    if (!task) return classify(cmd, ctx, 'deno task', 'read', 'read-only', { notes: ['lists the tasks'] });
    return runTask(cmd, ctx, `deno task ${task.value}`, [task.value], 'deno task');
  }
  const kind = DENO_KINDS[sub];
  if (kind === 'shared') {
    const dryRun = hasWord(cmd.args, '--dry-run');
    return classify(cmd, ctx, `deno ${sub}`, dryRun ? 'read' : 'shared', 'publish', { notes: dryRun ? [] : [sub === 'deploy' ? 'deploys to Deno Deploy' : 'publishes to JSR: a version cannot be replaced'] });
  }
  if (kind) {
    const checking = (sub === 'fmt' && hasWord(cmd.args, '--check')) || (sub === 'lint' && !hasWord(cmd.args, '--fix'));
    const k: Kind = sub === 'lint' && hasWord(cmd.args, '--fix') ? 'local' : checking ? 'read' : kind;
    return classify(cmd, ctx, `deno ${sub}`, k, k === 'read' ? 'read-only' : k === 'unknown' ? 'runs-command' : k === 'clean' ? 'clean' : 'build');
  }
  // Deno 2 runs a file given directly: `deno main.ts`.
  if (/[./]/.test(sub)) return runScript(cmd, ctx, 'deno', ops[0]);
  return classify(cmd, ctx, `deno ${sub}`, 'unknown', 'unrecognised');
};

/** tsx, ts-node: TypeScript runners; a file is a script, inline code is unknown. */
const tsRunner: ToolAnalyzer = (cmd, ctx) => {
  const code = cmd.args.find((w) => ['-e', '--eval', '-p', '--print'].includes(w.value));
  if (code) return inlineCode(cmd, ctx, code.value);
  if (asksForHelp(cmd.args)) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  const ops = operands(cmd.args, ['-r', '--require', '--import', '--tsconfig', '-P', '--project', '-C', '--compiler', '-O', '--compilerOptions', '--env-file']);
  const file = ops[0]?.value === 'watch' ? ops[1] : ops[0];
  if (!file) return classify(cmd, ctx, cmd.tool, 'unknown', 'repl', { notes: ['an interactive session, or code from standard input'] });
  return runScript(cmd, ctx, cmd.tool, file);
};

const JAVA_VALUE = ['-cp', '-classpath', '--class-path', '-p', '--module-path', '--add-modules', '--add-opens', '--add-exports', '-javaagent', '--enable-preview', '-splash'];

const java: ToolAnalyzer = (cmd, ctx) => {
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (['-version', '--version', '-showversion', '-help', '--help', '-h', '-?', '-X', '--list-modules', '-fullversion'].includes(a)) return classify(cmd, ctx, `java ${a}`, 'read', 'read-only');
    if (a === '-jar' || a === '-m' || a === '--module') return runScript(cmd, ctx, `java ${a}`, cmd.args[i + 1]);
    if (JAVA_VALUE.includes(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return runScript(cmd, ctx, 'java', cmd.args[i]);
  }
  return classify(cmd, ctx, 'java', 'read', 'read-only', { notes: ['prints usage'] });
};

const php: ToolAnalyzer = (cmd, ctx) => {
  if (hasWord(cmd.args, '-S')) return classify(cmd, ctx, 'php -S', 'local', 'dev-server', { notes: ['serves this folder over HTTP'] });
  return pythonAnalyzers.php(cmd, ctx);
};

const analyzers: Record<string, ToolAnalyzer> = {
  ...jsAnalyzers,
  ...pythonAnalyzers,
  ...buildAnalyzers,
  ...githubAnalyzers,
  ...systemAnalyzers,
  php,
  tsc,
  eslint,
  prettier: writesWith(['--write', '-w'], ['--check', '-c', '--list-different', '-l']),
  biome,
  ruff,
  black: writesUnless(['--check', '--diff', '--version']),
  mypy,
  pytest: testRunner(['--collect-only', '--co', '--version', '--fixtures', '--markers', '-h']),
  'py.test': testRunner(['--collect-only', '--co', '--version', '--fixtures', '--markers', '-h']),
  jest: testRunner(['--listTests', '--showConfig', '--version']),
  vitest,
  mocha: testRunner(['--version', '--list-reporters', '--list-interfaces']),
  deno,
  tsx: tsRunner,
  'ts-node': tsRunner,
  java,
};

export const devtoolRules: RulePack = {
  name: 'devtools',
  tools: Object.keys(analyzers),
  analyze(cmd, ctx) {
    const analyzer = analyzers[cmd.tool];
    if (!analyzer) return classify(cmd, ctx, cmd.tool, 'unknown', 'unrecognised');
    const actions = analyzer(cmd, ctx);
    return actions.length > 0 ? actions : classify(cmd, ctx, cmd.tool, 'unknown', 'unrecognised');
  },
};
