/**
 * Terraform, OpenTofu and Terragrunt: which subcommands only look (plan, show, state list), which change
 * infrastructure or its state (apply, import, state mv), and which destroy (destroy, apply -destroy,
 * state rm). Targets are `tf://<absolute dir>` for a whole configuration, `tf://<dir>/<address>` for
 * the addresses named by -target / -replace / state commands, and `tf://<dir>/workspace:<name>` for
 * workspaces.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { envOf, makeAction, resolvePath, unresolvedIf } from './support';

/** Terraform's flags that take a value; every other flag is a boolean (Go's `flag` package). */
const VALUE_FLAGS = new Set([
  'chdir', 'var', 'var-file', 'target', 'replace', 'exclude', 'out', 'state', 'state-out', 'backup',
  'lock-timeout', 'parallelism', 'backend-config', 'from-module', 'plugin-dir', 'lockfile',
  'generate-config-out', 'test-directory', 'filter', 'platform', 'fs-mirror', 'net-mirror', 'config',
  'provider', 'invoke',
]);

/** A Terraform command line read the way Go's `flag` package reads it: flags stop at the first positional. */
interface TfArgs {
  flags: Map<string, Word[]>;
  positionals: Word[];
}

function readFlags(words: readonly Word[]): TfArgs {
  const out: TfArgs = { flags: new Map(), positionals: [] };
  const add = (name: string, value: Word) => out.flags.set(name, [...(out.flags.get(name) ?? []), value]);
  let i = 0;
  for (; i < words.length; i++) {
    const a = words[i].value;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq > 0) {
      add(body.slice(0, eq), { value: body.slice(eq + 1), dynamic: words[i].dynamic });
    } else if (VALUE_FLAGS.has(body) && i + 1 < words.length) {
      add(body, words[++i]);
    } else {
      add(body, { value: 'true', dynamic: false });
    }
  }
  out.positionals = words.slice(i);
  return out;
}

/** A boolean flag that is set (`-destroy`, `-destroy=true`; not `-destroy=false`). */
function isSet(a: TfArgs, name: string): boolean {
  const v = a.flags.get(name);
  if (!v || v.length === 0) return false;
  const last = v[v.length - 1];
  return last.dynamic || !/^(false|0|f)$/i.test(last.value);
}

function values(a: TfArgs, name: string): Word[] {
  return a.flags.get(name) ?? [];
}

const HELP = new Set(['-help', '--help', '-h', 'help']);
const VERSION = new Set(['-version', '--version', '-v', 'version']);

/** Subcommands that only read configuration, state or provider metadata. */
const READS = new Set([
  'plan', 'show', 'validate', 'output', 'version', 'graph', 'console', 'modules', 'query', 'metadata',
]);

/** Terragrunt's own flags that take a value; `--terragrunt-*` flags are recognised by prefix. */
const TG_VALUE_FLAGS = new Set([
  'working-dir', 'log-level', 'log-format', 'config', 'tf-path', 'source', 'source-map', 'iam-assume-role',
  'iam-role', 'iam-assume-role-duration', 'iam-assume-role-session-name', 'queue-include-dir',
  'queue-exclude-dir', 'include-dir', 'exclude-dir', 'download-dir', 'provider-cache-dir', 'feature',
  'experiment', 'strict-control', 'out-dir', 'json-out-dir', 'auth-provider-cmd', 'units-that-include',
  'terragrunt-working-dir', 'terragrunt-config', 'terragrunt-tfpath', 'terragrunt-source',
  'terragrunt-source-map', 'terragrunt-iam-role', 'terragrunt-iam-assume-role-duration',
  'terragrunt-iam-assume-role-session-name', 'terragrunt-include-dir', 'terragrunt-exclude-dir',
  'terragrunt-download-dir', 'terragrunt-log-level', 'terragrunt-parallelism', 'terragrunt-modules-that-include',
  'terragrunt-provider-cache-dir', 'terragrunt-hclfmt-file', 'terragrunt-json-out',
]);
const TG_SWITCHES = new Set([
  'non-interactive', 'all', 'graph', 'source-update', 'no-auto-init', 'no-auto-retry', 'no-color',
  'queue-ignore-errors', 'queue-ignore-dag-order', 'queue-include-external', 'queue-exclude-external',
  'queue-strict-include', 'provider-cache', 'log-disable', 'tf-forward-stdout', 'inputs-debug',
]);

/** What one invocation is about: the tool's words, the configuration directory, and how wide it reaches. */
interface Invocation {
  cmd: SimpleCommand;
  ctx: AnalysisContext;
  /** The tool as a person names it (`terraform`, `tofu`, `terragrunt`). */
  tool: string;
  /** Words before the terraform verb that belong to the operation's name (`run-all`). */
  prefix: string[];
  dir: string;
  dirDynamic: boolean;
  /** Terragrunt run-all / --all: every unit under dir. */
  all: boolean;
  notes: string[];
  where?: string;
}

function action(inv: Invocation, op: string, effect: Effect, rule: string, more: {
  recoverable?: boolean; targets?: Target[]; notes?: string[];
} = {}): Action {
  const operation = [...inv.prefix, op].join(' ').trim() || inv.tool;
  const targets = (more.targets ?? []).map((t) => (inv.all ? { ...t, many: true } : t));
  return makeAction(inv.cmd, inv.ctx, {
    tool: inv.tool,
    operation,
    effect,
    rule: `terraform.${rule}`,
    recoverable: more.recoverable,
    targets,
    context: inv.where ? { where: inv.where } : {},
    notes: [...inv.notes, ...(more.notes ?? [])],
  });
}

function configTarget(inv: Invocation, change: Target['change']): Target {
  return {
    id: `tf://${inv.dir}`,
    change,
    kind: 'terraform configuration',
    many: true,
    unresolved: unresolvedIf(inv.dirDynamic, 'dir'),
  };
}

function addressTarget(inv: Invocation, address: Word, change: Target['change']): Target {
  const unresolved = [...(inv.dirDynamic ? ['dir'] : []), ...(address.dynamic ? ['address'] : [])];
  return {
    id: `tf://${inv.dir}/${address.value}`,
    change,
    kind: 'terraform resource',
    ...(unresolved.length > 0 ? { unresolved } : {}),
  };
}

function workspaceTarget(inv: Invocation, name: Word, change: Target['change']): Target {
  const unresolved = [...(inv.dirDynamic ? ['dir'] : []), ...(name.dynamic ? ['workspace'] : [])];
  return {
    id: `tf://${inv.dir}/workspace:${name.value}`,
    change,
    kind: 'terraform workspace',
    ...(unresolved.length > 0 ? { unresolved } : {}),
  };
}

/** A local path the command writes (.terraform, formatted files): recoverable, inside the configuration. */
function localTarget(inv: Invocation, p: string, kind: string): Target {
  return { id: resolvePath({ ...inv.ctx, cwd: inv.dir }, p), change: 'change', kind };
}

/**
 * TF_CLI_ARGS and TF_CLI_ARGS_<subcommand> add flags right after the subcommand, so `-destroy` can
 * arrive from the environment.
 */
function argsFromEnvironment(inv: Invocation, path: string[]): Word[] {
  const env = envOf(inv.cmd, inv.ctx);
  const out: Word[] = [];
  for (const name of ['TF_CLI_ARGS', `TF_CLI_ARGS_${path.join('_')}`]) {
    const v = env[name];
    if (!v || !v.trim()) continue;
    inv.notes.push(`${name} adds: ${v.trim()}`);
    for (const part of v.trim().split(/\s+/)) out.push({ value: part, dynamic: false });
  }
  return out;
}

/** Analyze a terraform verb and its arguments (`apply -target=x`, `state rm a b`) in an invocation. */
function analyzeVerb(inv: Invocation, words: readonly Word[]): Action {
  if (words.length === 0) return action(inv, '', 'read', 'help', { notes: ['no subcommand: prints help'] });
  const verb = words[0].value;
  if (words[0].dynamic) return action(inv, verb, 'unknown', 'dynamic-subcommand', { notes: ['subcommand known only at run time'] });
  if (HELP.has(verb)) return action(inv, verb, 'read', 'help');
  if (VERSION.has(verb)) return action(inv, verb, 'read', 'version');

  const nested = ['state', 'workspace', 'providers', 'env'].includes(verb) && words.length > 1 && !words[1].value.startsWith('-');
  const path = nested ? [verb, words[1].value] : [verb];
  const rest = [...argsFromEnvironment(inv, path), ...words.slice(path.length)];
  const a = readFlags(rest);
  const op = path.join(' ');
  if (isSet(a, 'help') || isSet(a, 'h')) return action(inv, op, 'read', 'help');

  switch (verb) {
    case 'plan': {
      const notes = isSet(a, 'destroy') ? ['plan -destroy: only shows what destroy would do'] : [];
      return action(inv, op, 'read', 'plan', { notes });
    }
    case 'apply':
      return analyzeApply(inv, a);
    case 'destroy':
      return analyzeDestroy(inv, op, a);
    case 'refresh':
      return action(inv, op, 'write', 'refresh', {
        targets: [configTarget(inv, 'change')],
        notes: ['rewrites the state to match real infrastructure'],
      });
    case 'import':
      return action(inv, op, 'write', 'import', {
        targets: a.positionals.slice(0, 1).map((w) => addressTarget(inv, w, 'change')),
        notes: ['brings an existing object under this configuration\'s management'],
      });
    case 'taint':
    case 'untaint':
      return action(inv, op, 'write', verb, {
        targets: a.positionals.slice(0, 1).map((w) => addressTarget(inv, w, 'change')),
        notes: verb === 'taint' ? ['the next apply destroys and re-creates it'] : [],
      });
    case 'force-unlock':
      return action(inv, op, 'write', 'force-unlock', {
        targets: [configTarget(inv, 'change')],
        notes: ['removes a state lock another run may still hold'],
      });
    case 'init':
      return analyzeInit(inv, op, a);
    case 'get':
      return action(inv, op, 'write', 'get', { recoverable: true, targets: [localTarget(inv, '.terraform', 'directory')] });
    case 'fmt':
      return analyzeFmt(inv, op, a);
    case 'test':
      return action(inv, op, 'write', 'test', {
        targets: [configTarget(inv, 'change')],
        notes: ['test runs apply and destroy against real infrastructure unless its runs use command = plan'],
      });
    case 'login':
    case 'logout':
      return action(inv, op, 'write', 'credentials', { recoverable: true, notes: ['changes local credentials for a Terraform registry or cloud'] });
    case 'state':
      return analyzeState(inv, path, a);
    case 'workspace':
    case 'env':
      return analyzeWorkspace(inv, path, a);
    case 'providers':
      return analyzeProviders(inv, path, a);
    default:
      if (READS.has(verb)) return action(inv, op, 'read', verb);
      return action(inv, op, 'unknown', 'unknown-subcommand', { notes: [`unrecognised subcommand: ${verb}`] });
  }
}

function analyzeApply(inv: Invocation, a: TfArgs): Action {
  const notes: string[] = [];
  if (isSet(a, 'auto-approve')) notes.push('-auto-approve: terraform will not ask for confirmation');
  if (values(a, 'exclude').length > 0) notes.push(`-exclude: skips ${values(a, 'exclude').map((w) => w.value).join(', ')}`);
  const targets = values(a, 'target');
  const replaces = values(a, 'replace');

  if (isSet(a, 'destroy')) {
    const t = targets.length > 0 ? targets.map((w) => addressTarget(inv, w, 'destroy')) : [configTarget(inv, 'destroy')];
    if (targets.length > 0) notes.push('resources that depend on a -target are destroyed too');
    return action(inv, 'apply -destroy', 'destroy', 'apply-destroy', { targets: t, notes });
  }
  if (isSet(a, 'refresh-only')) {
    return action(inv, 'apply -refresh-only', 'write', 'apply-refresh-only', {
      targets: [configTarget(inv, 'change')],
      notes: [...notes, 'rewrites the state to match real infrastructure; changes no resources'],
    });
  }
  if (replaces.length > 0) {
    // A replacement destroys the object (and its data) before or after creating the new one.
    return action(inv, 'apply -replace', 'destroy', 'apply-replace', {
      targets: [
        ...replaces.map((w) => addressTarget(inv, w, 'destroy')),
        ...(targets.length > 0 ? targets.map((w) => addressTarget(inv, w, 'change')) : [configTarget(inv, 'change')]),
      ],
      notes: [...notes, `-replace: destroys and re-creates ${replaces.map((w) => w.value).join(', ')}`],
    });
  }
  if (a.positionals.length > 0) {
    const plan = a.positionals[0];
    return action(inv, 'apply', 'write', 'apply-saved-plan', {
      targets: [configTarget(inv, 'change')],
      notes: [
        ...notes,
        `applies the saved plan ${plan.value} without asking; it may destroy resources (terraform show ${plan.value} lists them)`,
      ],
    });
  }
  if (targets.length > 0) {
    return action(inv, 'apply -target', 'write', 'apply-target', {
      targets: targets.map((w) => addressTarget(inv, w, 'change')),
      notes: [...notes, 'changes the targets and what they depend on; may destroy parts of them the configuration dropped'],
    });
  }
  return action(inv, 'apply', 'write', 'apply', {
    targets: [configTarget(inv, 'change')],
    notes: [...notes, 'may destroy resources the configuration no longer declares'],
  });
}

function analyzeDestroy(inv: Invocation, op: string, a: TfArgs): Action {
  const notes: string[] = [];
  if (isSet(a, 'auto-approve')) notes.push('-auto-approve: terraform will not ask for confirmation');
  const targets = values(a, 'target');
  if (targets.length > 0) notes.push('resources that depend on a -target are destroyed too');
  return action(inv, op, 'destroy', 'destroy', {
    targets: targets.length > 0 ? targets.map((w) => addressTarget(inv, w, 'destroy')) : [configTarget(inv, 'destroy')],
    notes,
  });
}

function analyzeInit(inv: Invocation, op: string, a: TfArgs): Action {
  if (isSet(a, 'migrate-state') || isSet(a, 'force-copy')) {
    return action(inv, op, 'write', 'init-migrate-state', {
      targets: [configTarget(inv, 'change')],
      notes: ['copies the state into another backend, which may overwrite the state there'],
    });
  }
  return action(inv, op, 'write', 'init', {
    recoverable: true,
    targets: [localTarget(inv, '.terraform', 'directory')],
    notes: ['downloads providers and modules into .terraform'],
  });
}

function analyzeFmt(inv: Invocation, op: string, a: TfArgs): Action {
  const writeOff = a.flags.has('write') && !isSet(a, 'write');
  if (isSet(a, 'check') || writeOff) return action(inv, op, 'read', 'fmt-check');
  const paths = a.positionals.length > 0 ? a.positionals : [{ value: '.', dynamic: false }];
  return action(inv, op, 'write', 'fmt', {
    recoverable: true,
    targets: paths.map((w) => ({
      ...localTarget(inv, w.value, 'terraform files'),
      ...(isSet(a, 'recursive') ? { many: true } : {}),
      ...(w.dynamic ? { unresolved: ['path'] } : {}),
    })),
  });
}

function analyzeState(inv: Invocation, path: string[], a: TfArgs): Action {
  const op = path.join(' ');
  const sub = path[1];
  const dryRun = isSet(a, 'dry-run');
  switch (sub) {
    case 'list':
    case 'show':
    case 'pull':
    case 'identities':
      return action(inv, op, 'read', `state-${sub}`);
    case 'rm':
      if (dryRun) return action(inv, op, 'read', 'state-rm-dry-run', { notes: ['-dry-run: only lists what would be removed'] });
      return action(inv, op, 'destroy', 'state-rm', {
        targets: a.positionals.map((w) => addressTarget(inv, w, 'destroy')),
        notes: ['forgets the resources: they keep running but terraform no longer manages them, and nothing restores them to the state'],
      });
    case 'mv':
      if (dryRun) return action(inv, op, 'read', 'state-mv-dry-run', { notes: ['-dry-run: only lists what would move'] });
      return action(inv, op, 'write', 'state-mv', {
        targets: [
          ...a.positionals.slice(0, 1).map((w) => addressTarget(inv, w, 'destroy')),
          ...a.positionals.slice(1, 2).map((w) => addressTarget(inv, w, 'create')),
        ],
        notes: ['renames addresses in the state; a wrong move makes the next apply destroy and re-create'],
      });
    case 'push':
      return action(inv, op, 'write', 'state-push', {
        targets: [configTarget(inv, 'change')],
        notes: ['overwrites the stored state with a local file', ...(isSet(a, 'force') ? ['-force: even when the stored state is newer'] : [])],
      });
    case 'replace-provider':
      return action(inv, op, 'write', 'state-replace-provider', { targets: [configTarget(inv, 'change')] });
    default:
      return action(inv, op, 'unknown', 'unknown-subcommand', { notes: [`unrecognised subcommand: ${op}`] });
  }
}

function analyzeWorkspace(inv: Invocation, path: string[], a: TfArgs): Action {
  const op = path.join(' ');
  const name = a.positionals[0];
  switch (path[1]) {
    case 'list':
    case 'show':
      return action(inv, op, 'read', `workspace-${path[1]}`);
    case 'select':
      if (isSet(a, 'or-create')) {
        return action(inv, op, 'write', 'workspace-new', { targets: name ? [workspaceTarget(inv, name, 'create')] : [] });
      }
      // Selecting only changes which state later commands use, recorded in the local .terraform.
      return action(inv, op, 'write', 'workspace-select', {
        recoverable: true,
        targets: name ? [workspaceTarget(inv, name, 'read')] : [],
      });
    case 'new':
      // A new workspace is a new state in the (often shared) backend.
      return action(inv, op, 'write', 'workspace-new', { targets: name ? [workspaceTarget(inv, name, 'create')] : [] });
    case 'delete':
      return action(inv, op, 'destroy', 'workspace-delete', {
        targets: name ? [workspaceTarget(inv, name, 'destroy')] : [],
        notes: [
          'deletes the workspace\'s state',
          ...(isSet(a, 'force') ? ['-force: even if it still tracks resources, which then keep running unmanaged'] : []),
        ],
      });
    default:
      return action(inv, op, 'unknown', 'unknown-subcommand', { notes: [`unrecognised subcommand: ${op}`] });
  }
}

function analyzeProviders(inv: Invocation, path: string[], a: TfArgs): Action {
  const op = path.join(' ');
  switch (path[1]) {
    case undefined:
    case 'schema':
      return action(inv, op, 'read', 'providers');
    case 'lock':
      return action(inv, op, 'write', 'providers-lock', {
        recoverable: true,
        targets: [localTarget(inv, '.terraform.lock.hcl', 'file')],
      });
    case 'mirror': {
      const dest = a.positionals[0];
      return action(inv, op, 'write', 'providers-mirror', {
        recoverable: true,
        targets: dest ? [{ ...localTarget(inv, dest.value, 'directory'), ...(dest.dynamic ? { unresolved: ['path'] } : {}) }] : [],
      });
    }
    default:
      return action(inv, op, 'unknown', 'unknown-subcommand', { notes: [`unrecognised subcommand: ${op}`] });
  }
}

function newInvocation(cmd: SimpleCommand, ctx: AnalysisContext, tool: string): Invocation {
  const ws = envOf(cmd, ctx).TF_WORKSPACE;
  return {
    cmd, ctx, tool, prefix: [], dir: ctx.cwd, dirDynamic: false, all: false, notes: [],
    ...(ws ? { where: `workspace ${ws}` } : {}),
  };
}

function setDir(inv: Invocation, w: Word): void {
  inv.dir = resolvePath(inv.ctx, w.value);
  inv.dirDynamic = inv.dirDynamic || w.dynamic;
}

function analyzeTerraform(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const inv = newInvocation(cmd, ctx, cmd.tool);
  const words = cmd.args;
  // Global options precede the subcommand: -chdir=DIR, -help, -version.
  let i = 0;
  for (; i < words.length && words[i].value.startsWith('-'); i++) {
    const a = words[i].value;
    const m = /^--?chdir(?:=(.*))?$/.exec(a);
    if (m) {
      if (m[1] !== undefined) setDir(inv, { value: m[1], dynamic: words[i].dynamic });
      else if (i + 1 < words.length) setDir(inv, words[++i]);
      continue;
    }
    if (HELP.has(a)) return action(inv, a, 'read', 'help');
    if (VERSION.has(a)) return action(inv, a, 'read', 'version');
  }
  return analyzeVerb(inv, words.slice(i));
}

/** Terragrunt commands of its own (not passed to terraform). */
function analyzeTerragruntCommand(inv: Invocation, words: readonly Word[]): Action | undefined {
  const [first, second] = [words[0]?.value, words[1]?.value];
  const two = `${first} ${second ?? ''}`.trim();
  const read = (op: string) => action(inv, op, 'read', `terragrunt-${op.replace(/ /g, '-')}`);
  const localWrite = (op: string, notes: string[] = []) =>
    action(inv, op, 'write', `terragrunt-${op.replace(/ /g, '-')}`, { recoverable: true, notes });
  // --terragrunt-check was taken out with terragrunt's other flags; look at the whole command line.
  const check = inv.cmd.args.some((w) => /^--?(check|terragrunt-check)$/.test(w.value));
  switch (first) {
    case 'hclfmt':
      return check ? read('hclfmt') : localWrite('hclfmt');
    case 'hcl':
      if (second === 'fmt') return check ? read(two) : localWrite(two);
      if (second === 'validate') return read(two);
      return undefined;
    case 'validate-inputs':
    case 'graph-dependencies':
    case 'terragrunt-info':
    case 'output-module-groups':
    case 'find':
    case 'list':
      return read(first);
    case 'info':
    case 'dag':
      return read(two);
    case 'render':
      return words.some((w) => /^--?write$/.test(w.value)) ? localWrite(first) : read(first);
    case 'render-json':
    case 'aws-provider-patch':
    case 'scaffold':
    case 'catalog':
      return localWrite(first);
    case 'exec':
      return action(inv, first, 'unknown', 'terragrunt-exec', { notes: ['runs an arbitrary command in each unit; not analysed'] });
    case 'backend':
      if (second === 'delete') {
        return action(inv, two, 'destroy', 'terragrunt-backend-delete', {
          targets: [configTarget(inv, 'destroy')],
          notes: ['deletes the backend state'],
        });
      }
      if (second === 'bootstrap' || second === 'migrate') {
        return action(inv, two, 'write', `terragrunt-backend-${second}`, { targets: [configTarget(inv, 'change')] });
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The terraform verb inside `run-all X`, `run --all -- X`, `stack run X`, or a plain `terragrunt X`. */
function analyzeTerragrunt(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const inv = newInvocation(cmd, ctx, 'terragrunt');
  const env = envOf(cmd, ctx);
  const envDir = env.TG_WORKING_DIR ?? env.TERRAGRUNT_WORKING_DIR;
  if (envDir) setDir(inv, { value: envDir, dynamic: false });
  if (env.TG_ALL === 'true' || env.TERRAGRUNT_ALL === 'true') inv.all = true;

  // Terragrunt's own flags may appear anywhere; what remains goes to terraform.
  const rest: Word[] = [];
  let afterDashes: Word[] | undefined;
  const words = cmd.args;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.value === '--') {
      afterDashes = words.slice(i + 1);
      break;
    }
    const m = /^--?([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(w.value);
    const name = m?.[1];
    const isTg = name !== undefined && (name.startsWith('terragrunt-') || TG_VALUE_FLAGS.has(name) || TG_SWITCHES.has(name));
    if (!m || !name || !isTg || !w.value.startsWith('--') && !name.startsWith('terragrunt-')) {
      rest.push(w);
      continue;
    }
    let value: Word | undefined;
    if (m[2] !== undefined) value = { value: m[2], dynamic: w.dynamic };
    else if (TG_VALUE_FLAGS.has(name) && i + 1 < words.length) value = words[++i];
    if ((name === 'working-dir' || name === 'terragrunt-working-dir') && value) setDir(inv, value);
    if (name === 'all') inv.all = true;
    if (name === 'non-interactive' || name === 'terragrunt-non-interactive') {
      inv.notes.push('--non-interactive: terragrunt will not ask for confirmation');
    }
  }

  const first = rest[0]?.value;
  if (first === 'run-all' || /^[a-z]+-all$/.test(first ?? '')) inv.all = true;
  if (inv.all) inv.notes.push(`runs in every unit under ${inv.dir}`);
  if (first === undefined && !afterDashes) return action(inv, '', 'read', 'help', { notes: ['no subcommand: prints help'] });
  if (first === 'run-all' || first === 'run') {
    inv.prefix = [first === 'run' && inv.all ? 'run --all' : first];
    return analyzeVerb(inv, [...rest.slice(1), ...(afterDashes ?? [])]);
  }
  if (first === 'stack' && rest[1]?.value === 'run') {
    inv.all = true;
    inv.notes.push(`runs in every unit of the stack under ${inv.dir}`);
    inv.prefix = ['stack run'];
    return analyzeVerb(inv, [...rest.slice(2), ...(afterDashes ?? [])]);
  }
  if (first === 'stack' && rest[1]?.value === 'output') return action(inv, 'stack output', 'read', 'terragrunt-stack-output');
  if (first === 'stack' && (rest[1]?.value === 'generate' || rest[1]?.value === 'clean')) {
    return action(inv, `stack ${rest[1].value}`, 'write', `terragrunt-stack-${rest[1].value}`, {
      recoverable: true,
      targets: [localTarget(inv, '.terragrunt-stack', 'directory')],
    });
  }
  // Terragrunt before 0.50 spelled run-all as `<verb>-all`.
  const legacy = first ? /^(apply|destroy|plan|output|validate)-all$/.exec(first) : null;
  if (legacy) {
    inv.prefix = [];
    return analyzeVerb(inv, [{ value: legacy[1], dynamic: false }, ...rest.slice(1)]);
  }
  if (first !== undefined) {
    const own = analyzeTerragruntCommand(inv, rest);
    if (own) return own;
  }
  return analyzeVerb(inv, [...rest, ...(afterDashes ?? [])]);
}

export const terraformRules: RulePack = {
  name: 'terraform',
  tools: ['terraform', 'tofu', 'terragrunt'],
  analyze(cmd, ctx) {
    return [cmd.tool === 'terragrunt' ? analyzeTerragrunt(cmd, ctx) : analyzeTerraform(cmd, ctx)];
  },
};
