/**
 * JavaScript package managers: npm, pnpm, yarn, bun. Installing, building and running package scripts
 * is local and recoverable; publishing, unpublishing and registry ownership change public state.
 * `npm exec`, `pnpm dlx`, `yarn dlx`, `bun x` are seen through by the shell layer before they get here.
 */
import type { Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { asksForHelp, classify, hasWord, inlineCode, operands, runScript, runTask, type Kind } from './devtools-support';
import { innerCommand, type ToolAnalyzer } from './tool-analyzer';

const ALIASES: Record<string, string> = {
  i: 'install', in: 'install', ins: 'install', inst: 'install', insta: 'install', instal: 'install', isnt: 'install',
  isnta: 'install', isntal: 'install', isntall: 'install', add: 'install', ci: 'ci', 'clean-install': 'ci', ic: 'ci',
  'install-clean': 'ci', 'isntall-clean': 'ci', un: 'uninstall', unlink: 'uninstall', remove: 'uninstall', rm: 'uninstall',
  r: 'uninstall', up: 'update', upgrade: 'update', udpate: 'update', 'run-script': 'run', rum: 'run', urn: 'run',
  t: 'test', tst: 'test', x: 'exec', list: 'ls', la: 'ls', ll: 'ls', v: 'view', info: 'view', show: 'view',
  create: 'init', innit: 'init', c: 'config', ddp: 'dedupe', rb: 'rebuild', ln: 'link', s: 'search', se: 'search',
  find: 'search', home: 'docs', why: 'explain', author: 'owner', 'dist-tags': 'dist-tag', ogr: 'org', it: 'install-test',
  cit: 'install-ci-test', 'add-user': 'adduser', verison: 'version',
};

/** Subcommands of npm (and the ones pnpm, yarn and bun share) with a single verdict. */
const NPM_KINDS: Record<string, Kind> = {
  install: 'local', ci: 'local', uninstall: 'local', update: 'local', prune: 'local', dedupe: 'local', rebuild: 'local',
  link: 'local', shrinkwrap: 'local', init: 'local', pack: 'local', version: 'local', 'set-script': 'local', edit: 'local',
  login: 'local', adduser: 'local', logout: 'local',
  ls: 'read', outdated: 'read', view: 'read', search: 'read', whoami: 'read', root: 'read', prefix: 'read', bin: 'read',
  help: 'read', 'help-search': 'read', docs: 'read', repo: 'read', bugs: 'read', explain: 'read', fund: 'read', query: 'read',
  sbom: 'read', doctor: 'read', ping: 'read', stars: 'read', completion: 'read', diff: 'read',
  publish: 'shared', deprecate: 'shared', undeprecate: 'shared', star: 'shared', unstar: 'shared',
  unpublish: 'destroy',
};

/** Subcommand groups: `npm cache clean`, `npm dist-tag rm`; the second word decides. */
const NPM_GROUPS: Record<string, { subs: Record<string, Kind>; otherwise: Kind }> = {
  'dist-tag': { subs: { ls: 'read', list: 'read', add: 'shared', set: 'shared', rm: 'shared', remove: 'shared' }, otherwise: 'read' },
  owner: { subs: { ls: 'read', list: 'read', add: 'shared', rm: 'destroy', remove: 'destroy' }, otherwise: 'unknown' },
  access: {
    subs: { list: 'read', get: 'read', 'ls-packages': 'read', 'ls-collaborators': 'read', public: 'shared', restricted: 'shared', grant: 'shared', revoke: 'shared', set: 'shared', '2fa-required': 'shared', '2fa-not-required': 'shared' },
    otherwise: 'unknown',
  },
  token: { subs: { list: 'read', ls: 'read', create: 'shared', revoke: 'destroy', rm: 'destroy' }, otherwise: 'unknown' },
  cache: { subs: { ls: 'read', list: 'read', clean: 'clean', clear: 'clean', rm: 'clean', verify: 'local', add: 'local', npx: 'read' }, otherwise: 'unknown' },
  config: { subs: { get: 'read', list: 'read', ls: 'read', set: 'local', delete: 'local', edit: 'local', fix: 'local' }, otherwise: 'read' },
  pkg: { subs: { get: 'read', set: 'local', delete: 'local', fix: 'local' }, otherwise: 'read' },
  org: { subs: { ls: 'read', set: 'shared', add: 'shared', rm: 'destroy' }, otherwise: 'unknown' },
  team: { subs: { ls: 'read', create: 'shared', add: 'shared', destroy: 'destroy', rm: 'destroy' }, otherwise: 'unknown' },
  hook: { subs: { ls: 'read', add: 'shared', update: 'shared', rm: 'destroy' }, otherwise: 'unknown' },
  profile: { subs: { get: 'read', set: 'shared', 'enable-2fa': 'shared', 'disable-2fa': 'shared' }, otherwise: 'unknown' },
  audit: { subs: { fix: 'local', signatures: 'read' }, otherwise: 'read' },
};

const NPM_VALUE = ['--prefix', '-w', '--workspace', '--registry', '--loglevel', '--cache', '--userconfig', '--tag', '--access', '--otp', '--scope', '--include', '--omit', '--before', '-C', '--dir', '--filter', '-F', '--cwd', '--reporter'];

function packageTarget(spec: Word | undefined, change: Target['change']): Target {
  if (!spec) return { id: 'npm://package/.', change, kind: 'package', unresolved: ['name'] };
  return { id: `npm://package/${spec.value}`, change, kind: 'package', ...(spec.dynamic ? { unresolved: ['name'] } : {}) };
}

/**
 * The npm vocabulary every JavaScript package manager shares. Returns undefined for a word it does not
 * know, so the caller can fall back to its own meaning (pnpm and yarn run scripts by bare name).
 */
function registryCommand(cmd: SimpleCommand, ctx: Parameters<ToolAnalyzer>[1], pm: string, words: Word[]) {
  const [first, second, third] = words;
  const name = ALIASES[first.value] ?? first.value;
  if (pm === 'npm' && (name === 'get' || name === 'set')) return classify(cmd, ctx, `npm ${name}`, name === 'get' ? 'read' : 'local', 'config');
  const dryRun = hasWord(cmd.args, '--dry-run');
  const group = NPM_GROUPS[name];
  if (group) {
    const sub = second?.value ?? '';
    const kind = dryRun ? 'read' : group.subs[sub] ?? (second ? group.otherwise : 'read');
    const spec = name === 'owner' ? words[3] : name === 'dist-tag' || name === 'access' ? third : undefined;
    return classify(cmd, ctx, `${pm} ${name}${second ? ` ${sub}` : ''}`, kind, `${name}`, {
      targets: kind === 'shared' || kind === 'destroy' ? [packageTarget(spec, kind === 'destroy' ? 'destroy' : 'change')] : [],
    });
  }
  const kind = NPM_KINDS[name];
  if (!kind) return undefined;
  if (kind === 'shared' || kind === 'destroy') {
    if (dryRun) return classify(cmd, ctx, `${pm} ${name} --dry-run`, 'read', name, { notes: ['--dry-run: nothing is sent'] });
    return classify(cmd, ctx, `${pm} ${name}`, kind, name === 'unpublish' ? 'unpublish' : name === 'publish' ? 'publish' : 'registry', {
      targets: [packageTarget(second, kind === 'destroy' ? 'destroy' : 'change')],
      notes: name === 'publish' ? ['publishes to a public registry: a version cannot be republished'] : [],
    });
  }
  if (dryRun && kind === 'local') return classify(cmd, ctx, `${pm} ${name} --dry-run`, 'read', name);
  const global = hasWord(cmd.args, '-g', '--global', '--location=global');
  return classify(cmd, ctx, `${pm} ${name}`, kind, kind === 'read' ? 'read-only' : name === 'install' || name === 'ci' || name === 'uninstall' || name === 'update' ? 'install' : name, {
    notes: global ? ['global: outside the project'] : [],
  });
}

/** `npm run build`, `pnpm dev`, `yarn test`: a script from package.json. */
function packageScript(cmd: SimpleCommand, ctx: Parameters<ToolAnalyzer>[1], pm: string, script: Word | undefined, verb = 'run'): ReturnType<ToolAnalyzer> {
  if (!script) return classify(cmd, ctx, `${pm} ${verb}`, 'read', 'read-only', { notes: ['lists the package scripts'] });
  const operation = verb === 'run' ? `${pm} run ${script.value}` : `${pm} ${script.value}`;
  if (script.dynamic) return classify(cmd, ctx, operation, 'unknown', 'dynamic-script', { notes: ['the script name is known only at run time'] });
  return runTask(cmd, ctx, operation, [script.value], 'package script');
}

const npm: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, NPM_VALUE);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, 'npm', 'read', 'read-only');
  const name = ALIASES[ops[0].value] ?? ops[0].value;
  if (name === 'run') return packageScript(cmd, ctx, 'npm', ops[1]);
  if (['test', 'start', 'stop', 'restart', 'install-test', 'install-ci-test'].includes(name)) {
    return packageScript(cmd, ctx, 'npm', { value: name.replace(/^install-(ci-)?/, ''), dynamic: false }, name);
  }
  if (name === 'exec' || name === 'explore') {
    return classify(cmd, ctx, `npm ${name}`, 'unknown', 'runs-command', { notes: ['runs a command the analyzer did not see through'] });
  }
  return registryCommand(cmd, ctx, 'npm', ops) ?? classify(cmd, ctx, `npm ${ops[0].value}`, 'unknown', 'unrecognised');
};

/** pnpm's own commands on top of the npm vocabulary; a bare unknown word runs a package script. */
const PNPM_KINDS: Record<string, Kind> = {
  import: 'local', fetch: 'local', patch: 'local', 'patch-commit': 'local', 'patch-remove': 'local', env: 'local',
  setup: 'local', 'self-update': 'local', 'approve-builds': 'local', licenses: 'read', 'ignored-builds': 'read',
  'cat-file': 'read', 'cat-index': 'read', 'find-hash': 'read', server: 'local', recursive: 'local', multi: 'local', m: 'local',
};
const PNPM_GROUPS: Record<string, Record<string, Kind>> = { store: { status: 'read', path: 'read', prune: 'clean', add: 'local' } };

const pnpm: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, NPM_VALUE);
  if (asksForHelp(cmd.args)) return classify(cmd, ctx, 'pnpm', 'read', 'read-only');
  if (ops.length === 0) return classify(cmd, ctx, 'pnpm install', 'local', 'install');
  const word = ops[0].value;
  if (word === 'run' || word === 'run-script') return packageScript(cmd, ctx, 'pnpm', ops[1]);
  if (['test', 't', 'tst', 'start'].includes(word)) return packageScript(cmd, ctx, 'pnpm', { value: word.startsWith('t') ? 'test' : word, dynamic: false }, word);
  if (word === 'exec' || word === 'dlx' || word === 'create') {
    return classify(cmd, ctx, `pnpm ${word}`, word === 'create' ? 'local' : 'unknown', word === 'create' ? 'init' : 'runs-command');
  }
  if (word === 'deploy') {
    return classify(cmd, ctx, 'pnpm deploy', 'local', 'pnpm-deploy', { notes: ['copies a workspace package into a local folder; nothing leaves the machine'] });
  }
  const own = PNPM_GROUPS[word];
  if (own) return classify(cmd, ctx, `pnpm ${word} ${ops[1]?.value ?? ''}`.trim(), own[ops[1]?.value ?? ''] ?? 'read', word);
  if (PNPM_KINDS[word]) return classify(cmd, ctx, `pnpm ${word}`, PNPM_KINDS[word], PNPM_KINDS[word] === 'read' ? 'read-only' : word);
  return registryCommand(cmd, ctx, 'pnpm', ops) ?? packageScript(cmd, ctx, 'pnpm', ops[0], ops[0].value);
};

const YARN_VALUE = ['--cwd', ...NPM_VALUE];
const YARN_KINDS: Record<string, Kind> = {
  upgrade: 'local', 'upgrade-interactive': 'local', unplug: 'local', constraints: 'read', plugin: 'local', set: 'local',
  'generate-lock-entry': 'local', import: 'local', autoclean: 'clean', licenses: 'read', check: 'read', stage: 'local',
  tag: 'shared', info: 'read', list: 'read', bin: 'read', dedupe: 'local', patch: 'local', 'patch-commit': 'local',
};
const YARN_GROUPS: Record<string, { subs: Record<string, Kind>; otherwise: Kind }> = {
  npm: { subs: { audit: 'read', info: 'read', whoami: 'read', login: 'local', logout: 'local', publish: 'shared' }, otherwise: 'unknown' },
  global: { subs: { add: 'local', remove: 'local', upgrade: 'local', list: 'read', bin: 'read', dir: 'read' }, otherwise: 'unknown' },
  cache: { subs: { clean: 'clean', dir: 'read', list: 'read' }, otherwise: 'unknown' },
  config: { subs: { get: 'read', list: 'read', set: 'local', unset: 'local', delete: 'local' }, otherwise: 'read' },
  plugin: { subs: { list: 'read', runtime: 'read', check: 'read', import: 'local', remove: 'local' }, otherwise: 'local' },
  tag: { subs: { list: 'read', ls: 'read', add: 'shared', remove: 'shared', rm: 'shared' }, otherwise: 'read' },
  version: { subs: { check: 'read', apply: 'local' }, otherwise: 'local' },
  workspaces: { subs: { list: 'read', info: 'read', focus: 'local' }, otherwise: 'unknown' },
};

const yarn: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, YARN_VALUE);
  if (asksForHelp(cmd.args)) return classify(cmd, ctx, 'yarn', 'read', 'read-only');
  if (ops.length === 0) return classify(cmd, ctx, 'yarn install', 'local', 'install');
  const word = ops[0].value;
  if (word === 'run') return packageScript(cmd, ctx, 'yarn', ops[1]);
  // `yarn workspace web build`: the rest is a yarn command inside that workspace.
  if (word === 'workspace' && ops.length >= 3) {
    const at = cmd.args.indexOf(ops[2]);
    const inner = innerCommand(cmd, [{ value: 'yarn', dynamic: false }, ...cmd.args.slice(at)], `yarn workspace ${ops[1].value}`);
    return inner ? yarn(inner, ctx) : [];
  }
  if (word === 'workspaces' && ops[1]?.value === 'foreach') {
    const at = cmd.args.findIndex((w, i) => i > cmd.args.indexOf(ops[1]) && !w.value.startsWith('-') && !['--from', '--include', '--exclude', '-j', '--jobs'].includes(cmd.args[i - 1]?.value ?? ''));
    const inner = at >= 0 ? innerCommand(cmd, [{ value: 'yarn', dynamic: false }, ...cmd.args.slice(at)], 'yarn workspaces foreach') : undefined;
    return inner ? yarn(inner, ctx).map((a) => ({ ...a, notes: [...a.notes, 'in every matching workspace'] })) : classify(cmd, ctx, 'yarn workspaces foreach', 'unknown', 'unrecognised');
  }
  if (word === 'node') {
    const inner = innerCommand(cmd, cmd.args.slice(cmd.args.indexOf(ops[0])), 'yarn node');
    return inner ? node(inner, ctx) : [];
  }
  if (word === 'exec' || word === 'dlx') return classify(cmd, ctx, `yarn ${word}`, 'unknown', 'runs-command');
  if (word === 'publish') return registryCommand(cmd, ctx, 'yarn', ops) ?? [];
  if (word === 'remove') return classify(cmd, ctx, 'yarn remove', 'local', 'install');
  if (word === 'up') return classify(cmd, ctx, 'yarn up', 'local', 'install');
  const group = YARN_GROUPS[word];
  if (group) {
    const sub = ops[1]?.value ?? '';
    const kind = hasWord(cmd.args, '--dry-run') ? 'read' : group.subs[sub] ?? (ops[1] ? group.otherwise : group.subs[''] ?? 'read');
    const destroyish = kind === 'shared' || kind === 'destroy';
    return classify(cmd, ctx, `yarn ${word}${sub ? ` ${sub}` : ''}`, word === 'version' && !ops[1] ? 'local' : kind, word, {
      targets: destroyish ? [packageTarget(undefined, 'change')] : [],
    });
  }
  if (YARN_KINDS[word]) return classify(cmd, ctx, `yarn ${word}`, YARN_KINDS[word], YARN_KINDS[word] === 'read' ? 'read-only' : word);
  return registryCommand(cmd, ctx, 'yarn', ops) ?? packageScript(cmd, ctx, 'yarn', ops[0], word);
};

const BUN_KINDS: Record<string, Kind> = {
  install: 'local', i: 'local', add: 'local', a: 'local', remove: 'local', rm: 'local', update: 'local', link: 'local',
  unlink: 'local', init: 'local', create: 'local', c: 'local', build: 'local', patch: 'local', 'patch-commit': 'local',
  upgrade: 'local', outdated: 'read', audit: 'read', info: 'read', why: 'read', publish: 'shared',
};
const BUN_PM: Record<string, Kind> = { pack: 'local', bin: 'read', ls: 'read', hash: 'read', 'hash-string': 'read', 'hash-print': 'read', cache: 'read', whoami: 'read', trust: 'local', untrusted: 'read', version: 'local', migrate: 'local', pkg: 'read' };

const bun: ToolAnalyzer = (cmd, ctx) => {
  const code = cmd.args.find((w) => ['-e', '--eval', '-p', '--print'].includes(w.value));
  if (code) return inlineCode(cmd, ctx, code.value);
  const ops = operands(cmd.args, ['--cwd', '-r', '--preload', '--config', '-c', '--filter', '-F', '--env-file', '--tsconfig-override']);
  if (asksForHelp(cmd.args) || ops.length === 0) return classify(cmd, ctx, 'bun', ops.length === 0 && !asksForHelp(cmd.args) ? 'unknown' : 'read', ops.length === 0 && !asksForHelp(cmd.args) ? 'repl' : 'read-only');
  const word = ops[0].value;
  if (word === 'run') return /[./]/.test(ops[1]?.value ?? '') ? runScript(cmd, ctx, 'bun run', ops[1]) : packageScript(cmd, ctx, 'bun', ops[1]);
  if (word === 'test') return classify(cmd, ctx, 'bun test', 'local', 'test-run');
  if (word === 'x') return classify(cmd, ctx, 'bun x', 'unknown', 'runs-command');
  if (word === 'exec') return inlineCode(cmd, ctx, 'exec');
  if (word === 'repl') return classify(cmd, ctx, 'bun repl', 'unknown', 'repl');
  if (word === 'pm') {
    const sub = ops[1]?.value ?? '';
    const kind = sub === 'cache' && ops[2]?.value === 'rm' ? 'clean' : BUN_PM[sub] ?? 'unknown';
    return classify(cmd, ctx, `bun pm ${sub}`.trim(), kind, 'bun-pm');
  }
  if (word === 'publish') return registryCommand(cmd, ctx, 'bun', ops) ?? [];
  if (BUN_KINDS[word]) return classify(cmd, ctx, `bun ${word}`, BUN_KINDS[word], BUN_KINDS[word] === 'read' ? 'read-only' : word === 'build' ? 'build' : 'install');
  // `bun ./script.ts`, `bun index.js`: a file; otherwise a package.json script.
  if (/[./]/.test(word)) return runScript(cmd, ctx, 'bun', ops[0]);
  return packageScript(cmd, ctx, 'bun', ops[0], word);
};

/** node FILE runs a local script; inline code is the shell layer's business (it sees it first). */
const NODE_VALUE = ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--title', '--test-reporter', '--test-reporter-destination', '--test-name-pattern', '--stack-size', '--env-file', '--watch-path'];

export const node: ToolAnalyzer = (cmd, ctx) => {
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (['-e', '--eval', '-p', '--print'].includes(a) || a.startsWith('--eval=') || a.startsWith('--print=') || /^-[a-z]*[ep]$/.test(a)) return inlineCode(cmd, ctx, a);
    if (['-v', '--version', '-h', '--help', '--v8-options'].includes(a)) return classify(cmd, ctx, `${cmd.tool} ${a}`, 'read', 'read-only');
    if (a === '-c' || a === '--check') return classify(cmd, ctx, `${cmd.tool} --check`, 'read', 'read-only');
    if (a === '--test') return classify(cmd, ctx, `${cmd.tool} --test`, 'local', 'test-run');
    if (a === '--run' || a.startsWith('--run=')) {
      const script = a === '--run' ? cmd.args[i + 1] : { value: a.slice(6), dynamic: cmd.args[i].dynamic };
      if (!script) return classify(cmd, ctx, 'node --run', 'read', 'read-only');
      return runTask(cmd, ctx, `node --run ${script.value}`, [script.value], 'package script');
    }
    if (NODE_VALUE.includes(a)) {
      i++;
      continue;
    }
    if (a === '-') return classify(cmd, ctx, `${cmd.tool} -`, 'unknown', 'stdin-code', { notes: ['runs code from standard input'] });
    if (a.startsWith('-')) continue;
    return runScript(cmd, ctx, cmd.tool, cmd.args[i]);
  }
  return classify(cmd, ctx, cmd.tool, 'unknown', 'repl', { notes: ['an interactive session, or code from standard input'] });
};

export const jsAnalyzers: Record<string, ToolAnalyzer> = { npm, pnpm, yarn, bun, node, nodejs: node };
