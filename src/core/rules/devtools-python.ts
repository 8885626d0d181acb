/**
 * Python packaging (pip, uv, poetry, pipenv, conda, twine) and interpreters that run script files
 * (python, ruby, perl, php). Installing into an environment is local and recoverable; uploading to an
 * index is public and not. A few framework commands that wipe a database are recognised by name.
 */
import type { Target } from '../model';
import type { Word } from '../shell/command';
import { asksForHelp, classify, hasWord, inlineCode, kindRule, operands, runScript, type Kind } from './devtools-support';
import { innerCommand, type ToolAnalyzer } from './tool-analyzer';

const PIP_VALUE = ['-i', '--index-url', '--extra-index-url', '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root', '--python', '--cache-dir', '--log', '--proxy', '--timeout', '--retries', '--trusted-host', '-f', '--find-links', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--report', '-C', '--config-settings', '--no-binary', '--only-binary', '--format', '-d', '--dest', '-w', '--wheel-dir', '-o', '--output'];
const PIP_KINDS: Record<string, Kind> = {
  install: 'local', uninstall: 'local', download: 'local', wheel: 'local', lock: 'local',
  freeze: 'read', inspect: 'read', list: 'read', show: 'read', check: 'read', search: 'read', index: 'read', hash: 'read',
  completion: 'read', debug: 'read', help: 'read',
};
const PIP_GROUPS: Record<string, Record<string, Kind>> = {
  config: { list: 'read', get: 'read', debug: 'read', set: 'local', unset: 'local', edit: 'local' },
  cache: { dir: 'read', info: 'read', list: 'read', remove: 'clean', purge: 'clean' },
};

function subcommand(tool: string, ops: Word[], kinds: Record<string, Kind>, groups: Record<string, Record<string, Kind>>) {
  const [first, second] = ops;
  const group = groups[first.value];
  if (group) return { operation: `${tool} ${first.value}${second ? ` ${second.value}` : ''}`, kind: second ? group[second.value] ?? 'unknown' : 'read' };
  return { operation: `${tool} ${first.value}`, kind: kinds[first.value] ?? 'unknown' };
}

const pip: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, PIP_VALUE);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  const { operation, kind } = subcommand(cmd.tool, ops, PIP_KINDS, PIP_GROUPS);
  if (kind === 'local' && hasWord(cmd.args, '--dry-run')) return classify(cmd, ctx, `${operation} --dry-run`, 'read', 'read-only');
  const notes = hasWord(cmd.args, '--break-system-packages') ? ['--break-system-packages: changes the system Python'] : [];
  return classify(cmd, ctx, operation, kind, kindRule(kind, 'install'), { notes });
};

function indexTarget(repository: Word | undefined, fallback: string): Target {
  return { id: `pypi://${repository?.value ?? fallback}`, change: 'change', kind: 'package index' };
}

const UV_KINDS: Record<string, Kind> = {
  venv: 'local', sync: 'local', lock: 'local', add: 'local', remove: 'local', init: 'local', build: 'local', format: 'local',
  tree: 'read', export: 'read', help: 'read', version: 'read', publish: 'shared', run: 'unknown',
};
const UV_GROUPS: Record<string, Record<string, Kind>> = {
  tool: { install: 'local', uninstall: 'local', upgrade: 'local', 'update-shell': 'local', list: 'read', dir: 'read', run: 'unknown' },
  python: { install: 'local', uninstall: 'local', pin: 'local', upgrade: 'local', list: 'read', find: 'read', dir: 'read' },
  cache: { clean: 'clean', prune: 'clean', dir: 'read' },
  self: { update: 'local', version: 'read' },
};

const uv: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['--directory', '--project', '-p', '--python', '--index', '--default-index', '--index-url', '--extra-index-url', '--cache-dir', '--config-file', '--with', '--package', '--extra', '--group', '-o', '--output-file', '--bump', '--publish-url', '--token', '--env-file']);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, 'uv', 'read', 'read-only');
  if (ops[0].value === 'pip' && ops.length > 1) {
    const inner = innerCommand(cmd, cmd.args.slice(cmd.args.indexOf(ops[0])), 'uv');
    return inner ? pip({ ...inner, tool: 'uv pip' }, ctx) : [];
  }
  const { operation, kind } = subcommand('uv', ops, UV_KINDS, UV_GROUPS);
  if (ops[0].value === 'publish') {
    return classify(cmd, ctx, operation, hasWord(cmd.args, '--dry-run') ? 'read' : 'shared', 'publish', {
      targets: [indexTarget(undefined, 'pypi.org')], notes: ['uploads to a package index: a version cannot be re-uploaded'],
    });
  }
  const bumps = ops[0].value === 'version' && hasWord(cmd.args, '--bump') || (ops[0].value === 'version' && ops.length > 1);
  const exports = ops[0].value === 'export' && hasWord(cmd.args, '-o', '--output-file');
  const k = bumps || exports ? 'local' : kind;
  return classify(cmd, ctx, operation, k, k === 'unknown' ? 'runs-command' : kindRule(k, 'install'));
};

const POETRY_KINDS: Record<string, Kind> = {
  install: 'local', add: 'local', remove: 'local', lock: 'local', update: 'local', build: 'local', init: 'local', new: 'local',
  sync: 'local', shell: 'local', show: 'read', check: 'read', search: 'read', about: 'read', list: 'read', export: 'read',
  version: 'read', publish: 'shared', run: 'unknown', 'build-backend': 'local',
};
const POETRY_GROUPS: Record<string, Record<string, Kind>> = {
  env: { info: 'read', list: 'read', use: 'local', remove: 'clean', activate: 'read' },
  cache: { list: 'read', clear: 'clean' },
  source: { show: 'read', add: 'local', remove: 'local' },
  self: { show: 'read', add: 'local', remove: 'local', update: 'local', install: 'local', lock: 'local', sync: 'local' },
  python: { list: 'read', install: 'local', remove: 'local' },
  config: {},
};

const poetry: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-C', '--directory', '-P', '--project', '-r', '--repository', '-u', '--username', '-p', '--password', '--cert', '--client-cert', '-o', '--output', '-f', '--format', '-E', '--extras', '--with', '--without', '--only', '-G', '--group', '--source']);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, 'poetry', 'read', 'read-only');
  if (ops[0].value === 'config') {
    const writes = ops.length > 2 || hasWord(cmd.args, '--unset');
    return classify(cmd, ctx, 'poetry config', writes ? 'local' : 'read', writes ? 'config' : 'read-only');
  }
  if (ops[0].value === 'publish') {
    if (hasWord(cmd.args, '--dry-run')) return classify(cmd, ctx, 'poetry publish --dry-run', 'read', 'read-only');
    const repo = cmd.args[cmd.args.findIndex((w) => w.value === '-r' || w.value === '--repository') + 1];
    return classify(cmd, ctx, 'poetry publish', 'shared', 'publish', {
      targets: [indexTarget(cmd.args.some((w) => w.value === '-r' || w.value === '--repository') ? repo : undefined, 'pypi.org')],
      notes: ['uploads to a package index: a version cannot be re-uploaded'],
    });
  }
  const { operation, kind } = subcommand('poetry', ops, POETRY_KINDS, POETRY_GROUPS);
  const k = ops[0].value === 'version' && ops.length > 1 ? 'local' : ops[0].value === 'export' && hasWord(cmd.args, '-o', '--output') ? 'local' : kind;
  return classify(cmd, ctx, operation, k, k === 'unknown' ? 'runs-command' : kindRule(k, 'install'));
};

const PIPENV_KINDS: Record<string, Kind> = {
  install: 'local', uninstall: 'local', lock: 'local', sync: 'local', update: 'local', upgrade: 'local', clean: 'local',
  shell: 'local', graph: 'read', check: 'read', audit: 'read', requirements: 'read', scripts: 'read', verify: 'read', open: 'read', run: 'unknown',
};

const pipenv: ToolAnalyzer = (cmd, ctx) => {
  if (hasWord(cmd.args, '--rm')) return classify(cmd, ctx, 'pipenv --rm', 'clean', 'remove-env', { notes: ['deletes the project’s virtualenv; `pipenv install` recreates it'] });
  const ops = operands(cmd.args, ['--python', '--pypi-mirror', '-r', '--requirements', '--categories']);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, 'pipenv', 'read', 'read-only');
  const { operation, kind } = subcommand('pipenv', ops, PIPENV_KINDS, {});
  return classify(cmd, ctx, operation, kind, kind === 'unknown' ? 'runs-command' : kindRule(kind, 'install'));
};

const CONDA_KINDS: Record<string, Kind> = {
  install: 'local', update: 'local', upgrade: 'local', remove: 'local', uninstall: 'local', create: 'local', clean: 'clean',
  init: 'local', rename: 'local', develop: 'local', list: 'read', info: 'read', search: 'read', compare: 'read', doctor: 'read',
  notices: 'read', activate: 'read', deactivate: 'read', run: 'unknown', repoquery: 'read',
};
const CONDA_GROUPS: Record<string, Record<string, Kind>> = {
  env: { list: 'read', export: 'read', create: 'local', update: 'local', remove: 'clean', config: 'local' },
  config: {},
};

const conda: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-n', '--name', '-p', '--prefix', '-c', '--channel', '-f', '--file', '--override-channels', '--solver', '--set', '--add', '--append', '--prepend', '--remove', '--remove-key', '--get', '--show']);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  if (ops[0].value === 'config') {
    const writes = hasWord(cmd.args, '--set', '--add', '--append', '--prepend', '--remove', '--remove-key');
    return classify(cmd, ctx, `${cmd.tool} config`, writes ? 'local' : 'read', writes ? 'config' : 'read-only');
  }
  const { operation, kind } = subcommand(cmd.tool, ops, CONDA_KINDS, CONDA_GROUPS);
  const wholeEnv = (ops[0].value === 'remove' || ops[0].value === 'uninstall') && hasWord(cmd.args, '--all');
  if (kind === 'local' && hasWord(cmd.args, '--dry-run', '-d')) return classify(cmd, ctx, `${operation} --dry-run`, 'read', 'read-only');
  return classify(cmd, ctx, operation, wholeEnv ? 'clean' : kind, kind === 'unknown' ? 'runs-command' : kindRule(kind, 'install'), {
    notes: wholeEnv || kind === 'clean' ? ['deletes an environment; its packages can be installed again'] : [],
  });
};

const twine: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-r', '--repository', '--repository-url', '-u', '--username', '-p', '--password', '-c', '--comment', '-i', '--identity', '--sign-with', '--config-file', '--cert', '--client-cert']);
  const verb = ops[0]?.value;
  if (verb !== 'upload' && verb !== 'register') return classify(cmd, ctx, `twine ${verb ?? ''}`.trim(), verb === 'check' || !verb ? 'read' : 'unknown', verb === 'check' || !verb ? 'read-only' : 'unrecognised');
  const repoAt = cmd.args.findIndex((w) => w.value === '-r' || w.value === '--repository' || w.value === '--repository-url');
  return classify(cmd, ctx, `twine ${verb}`, 'shared', 'publish', {
    targets: [indexTarget(repoAt >= 0 ? cmd.args[repoAt + 1] : undefined, 'pypi.org')],
    notes: ['uploads to a package index: a version cannot be re-uploaded'],
  });
};

/** Framework commands that empty a database, whichever database the project is configured for. */
const WIPES_DATABASE: Record<string, string[]> = {
  'manage.py': ['flush', 'reset_db', 'sqlflush'],
  artisan: ['db:wipe', 'migrate:fresh', 'migrate:reset', 'migrate:refresh'],
  rails: ['db:drop', 'db:reset', 'db:purge', 'db:schema:load', 'db:setup'],
  rake: ['db:drop', 'db:reset', 'db:purge', 'db:schema:load'],
};

function scriptFile(cmd: Parameters<ToolAnalyzer>[0], ctx: Parameters<ToolAnalyzer>[1], script: Word, rest: Word[]) {
  const base = script.value.split('/').pop() ?? script.value;
  const command = rest.find((w) => !w.value.startsWith('-'))?.value;
  const wipes = WIPES_DATABASE[base];
  if (wipes && command && wipes.includes(command) && !(command === 'sqlflush')) {
    return classify(cmd, ctx, `${base} ${command}`, 'destroy', 'framework-wipe', {
      targets: [{ id: `db://${base === 'manage.py' ? 'django' : base === 'artisan' ? 'laravel' : 'rails'}/configured`, change: 'destroy', kind: 'database', many: true, unresolved: ['database'] }],
      notes: ['empties the database the project is configured for'],
    });
  }
  return runScript(cmd, ctx, cmd.tool, script, wipes && command ? [`${base} ${command}`] : []);
}

/** `python -m X`: modules this pack knows are judged as the tool; any other module is a script. */
const MODULE_TOOLS: Record<string, () => ToolAnalyzer> = {
  pip: () => pip, pip3: () => pip, uv: () => uv, poetry: () => poetry, pipenv: () => pipenv, twine: () => twine, conda: () => conda,
};
const MODULE_KINDS: Record<string, Kind> = {
  venv: 'local', virtualenv: 'local', build: 'local', ensurepip: 'local', compileall: 'local', py_compile: 'local',
  'json.tool': 'read', 'http.server': 'read', site: 'read', sysconfig: 'read', platform: 'read', this: 'read', pydoc: 'read',
  unittest: 'local', pytest: 'local', mypy: 'read', black: 'local', isort: 'local', ruff: 'local', flake8: 'read', pylint: 'read',
  pip_audit: 'read', timeit: 'unknown',
};

const PYTHON_VALUE = ['-W', '-X', '--check-hash-based-pycs'];

const python: ToolAnalyzer = (cmd, ctx) => {
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i];
    const a = w.value;
    if (a === '-c' || (/^-[A-Za-z]+$/.test(a) && a.endsWith('c')) || (a.startsWith('-c') && a.length > 2)) return inlineCode(cmd, ctx, '-c');
    if (['-V', '--version', '-h', '--help', '-VV'].includes(a)) return classify(cmd, ctx, `${cmd.tool} ${a}`, 'read', 'read-only');
    if (PYTHON_VALUE.includes(a)) {
      i++;
      continue;
    }
    const module = a === '-m' || (/^-[A-Za-z]+$/.test(a) && a.endsWith('m')) ? cmd.args[++i] : a.startsWith('-m') && a.length > 2 ? { value: a.slice(2), dynamic: w.dynamic } : undefined;
    if (module) {
      const rest = cmd.args.slice(i + 1);
      const tool = MODULE_TOOLS[module.value];
      if (tool) {
        const inner = innerCommand(cmd, [module, ...rest], `${cmd.tool} -m`);
        if (inner) return tool()(inner, ctx);
      }
      if (module.value === 'timeit') return inlineCode(cmd, ctx, '-m timeit');
      const kind = MODULE_KINDS[module.value];
      if (kind) {
        const notes = module.value === 'http.server' ? ['serves this folder over HTTP'] : [];
        return classify(cmd, ctx, `${cmd.tool} -m ${module.value}`, kind, kind === 'read' ? 'read-only' : 'module', { notes });
      }
      return runScript(cmd, ctx, `${cmd.tool} -m ${module.value}`, undefined, [`module ${module.value}`]);
    }
    if (a === '-') return classify(cmd, ctx, `${cmd.tool} -`, 'unknown', 'stdin-code', { notes: ['runs code from standard input'] });
    if (a.startsWith('-')) continue;
    return scriptFile(cmd, ctx, w, cmd.args.slice(i + 1));
  }
  return classify(cmd, ctx, cmd.tool, 'unknown', 'repl', { notes: ['an interactive session, or code from standard input'] });
};

/** ruby, perl, php: a script file runs like any local script; inline code options are unknown. */
function interpreter(inline: RegExp, valueOptions: string[], readOptions: string[]): ToolAnalyzer {
  return (cmd, ctx) => {
    for (let i = 0; i < cmd.args.length; i++) {
      const w = cmd.args[i];
      const a = w.value;
      if (inline.test(a)) return inlineCode(cmd, ctx, a);
      if (readOptions.includes(a)) return classify(cmd, ctx, `${cmd.tool} ${a}`, 'read', 'read-only');
      if (valueOptions.includes(a)) {
        i++;
        continue;
      }
      if (a === '-') return classify(cmd, ctx, `${cmd.tool} -`, 'unknown', 'stdin-code', { notes: ['runs code from standard input'] });
      if (a.startsWith('-')) continue;
      return scriptFile(cmd, ctx, w, cmd.args.slice(i + 1));
    }
    return classify(cmd, ctx, cmd.tool, 'unknown', 'repl', { notes: ['an interactive session, or code from standard input'] });
  };
}

const ruby = interpreter(/^-[A-Za-z]*e$/, ['-I', '-r', '-C', '-E', '--encoding'], ['-v', '--version', '-h', '--help', '-c', '-w']);
const perl = interpreter(/^-[A-Za-z0-9.]*[eE]$/, ['-I', '-M', '-m', '-x'], ['-v', '--version', '-h', '--help', '-V', '-c']);
const php = interpreter(/^-[A-Za-z]*r$|^--run$/, ['-c', '-d', '-z', '-t', '-S'], ['-v', '--version', '-h', '--help', '-l', '--syntax-check', '-i', '--info', '-m', '--modules']);

const PYTHONS = ['python', 'python2', 'python3', 'pypy', 'pypy3', ...Array.from({ length: 8 }, (_, k) => `python3.${k + 8}`)];

export const pythonAnalyzers: Record<string, ToolAnalyzer> = {
  pip, pip3: pip, uv, poetry, pipenv, conda, mamba: conda, micromamba: conda, twine, ruby, perl, php,
  ...Object.fromEntries(PYTHONS.map((t) => [t, python])),
};
