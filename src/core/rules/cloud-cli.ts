/**
 * Google Cloud (`gcloud`) and Azure (`az`) CLIs. Both spell commands as `<group...> <verb>`, so the verb
 * decides the effect; groups and names build the target. Commands that only change this machine's CLI
 * configuration (`gcloud config set`, `az login`, fetching cluster credentials) are recoverable writes.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { envOf, makeAction } from './support';
import { classifySql, worstEffect } from './sql';

const PACK = 'cloud-cli';

export const cloudCliRules: RulePack = {
  name: PACK,
  tools: ['gcloud', 'az'],
  analyze(cmd, ctx) {
    return [cmd.tool === 'az' ? az(cmd, ctx) : gcloud(cmd, ctx)];
  },
};

// ---------------------------------------------------------------------------------------------------
// Reading argv: both CLIs take `--flag value` for almost every flag, so a flag takes the next word unless
// it is a known switch or the next word is itself a flag.

interface CloudArgv {
  positionals: Word[];
  /** Index in `positionals` where the first flag appeared (positionals after it follow flags). */
  firstFlagAt: number;
  options: Map<string, Word[]>;
}

function readArgv(args: readonly Word[], isSwitch: (name: string) => boolean, multi: readonly string[] = []): CloudArgv {
  const out: CloudArgv = { positionals: [], firstFlagAt: -1, options: new Map() };
  const add = (name: string, v?: Word) => {
    const list = out.options.get(name) ?? [];
    if (v) list.push(v);
    out.options.set(name, list);
  };
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const a = w.value;
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      if (out.firstFlagAt < 0) out.firstFlagAt = out.positionals.length;
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) {
        add(a.slice(0, eq), { value: a.slice(eq + 1), dynamic: w.dynamic });
        continue;
      }
      const next = args[i + 1];
      if (isSwitch(a) || !next || (next.value.startsWith('-') && !/^-\d/.test(next.value))) {
        add(a);
        continue;
      }
      add(a, args[++i]);
      // `--ids a b c` takes every word up to the next flag.
      if (multi.includes(a)) while (args[i + 1] && !args[i + 1].value.startsWith('-')) add(a, args[++i]);
      continue;
    }
    out.positionals.push(w);
  }
  if (out.firstFlagAt < 0) out.firstFlagAt = out.positionals.length;
  return out;
}

function opt(p: CloudArgv, ...names: string[]): Word | undefined {
  let found: Word | undefined;
  for (const n of names) {
    const v = p.options.get(n);
    if (v && v.length > 0) found = v[v.length - 1];
  }
  return found;
}

function flag(p: CloudArgv, ...names: string[]): boolean {
  return names.some((n) => p.options.has(n));
}

type VerbClass = { effect: Effect; local?: boolean };

function changeOf(effect: Effect, verb: string): Target['change'] {
  if (effect === 'read') return 'read';
  if (effect === 'destroy') return 'destroy';
  return /^(create|add|deploy|import|submit|clone|snapshot)/.test(verb) ? 'create' : 'change';
}

// ---------------------------------------------------------------------------------------------------
// gcloud

const GCLOUD_SWITCHES = new Set([
  '--quiet', '-q', '--async', '--global', '--all', '--recursive', '-r', '-R', '--force', '--help', '-h', '--log-http', '--dry-run',
  '--user-output-enabled', '--disable-prompts', '--continue-on-error', '--preemptible', '--spot', '--sync', '--verbose',
  '--delete-unmatched-destination-objects', '--no-user-output-enabled', '--version', '--shielded-secure-boot', '--can-ip-forward',
  '--require-ssl', '--skip-delete', '--force-delete', '--clean', '--no-clobber', '-n', '--update', '-u', '--deidentify',
]);
const gcloudSwitch = (name: string) => GCLOUD_SWITCHES.has(name) || /^--(no|enable|disable|allow|skip)-/.test(name);

/** Commands directly under `gcloud`. */
const GCLOUD_TOP: Record<string, VerbClass> = {
  info: { effect: 'read' }, version: { effect: 'read' }, help: { effect: 'read' }, 'cheat-sheet': { effect: 'read' },
  init: { effect: 'write', local: true }, feedback: { effect: 'read' }, survey: { effect: 'read' },
};
/** Groups whose commands only change this machine's gcloud installation or configuration. */
const GCLOUD_LOCAL_GROUPS = new Set(['config', 'auth', 'components', 'topic']);

const DESTROY_VERBS = new Set(['delete', 'remove', 'destroy', 'purge', 'wipe', 'rm', 'restore-backup', 'reimage', 'delete-batch']);
const READ_VERBS = new Set([
  'describe', 'list', 'get', 'read', 'info', 'version', 'ls', 'cat', 'du', 'tail', 'show', 'search', 'help', 'wait', 'exists',
  'query', 'validate', 'what-if', 'browse', 'history', 'download', 'download-batch', 'explain', 'lint', 'status', 'whoami',
  'access', 'encrypt', 'decrypt', 'verify',
]);
const WRITE_VERBS = new Set([
  'create', 'update', 'set', 'unset', 'deploy', 'patch', 'import', 'export', 'resize', 'start', 'stop', 'restart', 'reset', 'enable',
  'disable', 'submit', 'execute', 'cp', 'mv', 'rsync', 'rename', 'move', 'clone', 'snapshot', 'scale', 'failover', 'upgrade',
  'activate', 'login', 'logout', 'revoke', 'install', 'apply', 'publish', 'ack', 'pull', 'cancel', 'rollback', 'suspend', 'resume',
  'undelete', 'restore', 'rotate', 'add', 'assign', 'approve', 'reject', 'swap', 'deallocate', 'redeploy', 'generalize', 'renew',
  'upload', 'upload-batch', 'sync', 'attach', 'detach', 'build', 'push', 'tag', 'abandon', 'seek', 'promote', 'migrate',
  'configure', 'init', 'acquire', 'release', 'register', 'unregister', 'reinstall', 'repair', 'run', 'trigger', 'commit',
]);
const UNKNOWN_VERBS = new Set(['ssh', 'connect', 'interactive', 'invoke', 'shell', 'exec', 'console']);

/** The class of a verb; undefined when the word is not a verb the pack knows (it may be a group). */
function verbClass(verb: string): VerbClass | undefined {
  if (DESTROY_VERBS.has(verb) || verb.startsWith('delete-') || verb.startsWith('purge-')) return { effect: 'destroy' };
  if (READ_VERBS.has(verb) || /^(get|print|list|describe|show|search|test|check|validate)-/.test(verb)) return { effect: 'read' };
  // `remove-iam-policy-binding`, `remove-labels`: a change to a resource, not its deletion.
  if (WRITE_VERBS.has(verb) || /^(add|set|update|create|remove|import|export|enable|disable|attach|detach|reset|regenerate|promote|sign|start|stop|restart|resize|rotate|clear|deploy|move|renew|apply|assign|upgrade|open|config|execute)-/.test(verb)) return { effect: 'write' };
  if (UNKNOWN_VERBS.has(verb)) return { effect: 'unknown' };
  return undefined;
}

/** Release tracks are not part of what a command does. */
const TRACKS = new Set(['alpha', 'beta', 'preview']);

function gcloud(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const env = envOf(cmd, ctx);
  const p = readArgv(cmd.args, gcloudSwitch);
  const projectWord = opt(p, '--project');
  const project = projectWord?.value ?? env.CLOUDSDK_CORE_PROJECT;
  const region = opt(p, '--region', '--zone')?.value ?? env.CLOUDSDK_COMPUTE_REGION ?? env.CLOUDSDK_COMPUTE_ZONE;
  const profile = opt(p, '--configuration')?.value ?? env.CLOUDSDK_ACTIVE_CONFIG_NAME;
  const where = project ?? 'current';
  const notes: string[] = [];
  if (flag(p, '--quiet', '-q')) notes.push('--quiet: skips gcloud\'s own confirmation prompt');
  if (flag(p, '--async')) notes.push('--async: returns before the operation finishes');
  const context = { where, ...(region ? { region } : {}), ...(profile ? { profile } : {}) };
  const action = (operation: string, effect: Effect, rule: string, targets: Target[] = [], extra: string[] = [], recoverable = false) =>
    makeAction(cmd, ctx, { operation, effect, rule: `${PACK}.gcloud-${rule}`, targets, context, notes: [...notes, ...extra], recoverable });

  const words = p.positionals.filter((w) => !TRACKS.has(w.value));
  if (flag(p, '--help', '-h') || words[0]?.value === 'help') return action('help', 'read', 'help');
  if (words.length === 0) return action(flag(p, '--version') ? '--version' : 'gcloud', 'read', 'help');
  if (words.some((w, i) => w.dynamic && i < 2)) return action(words.map((w) => w.value).join(' '), 'unknown', 'dynamic', [], ['the command is only known at run time']);
  const top = GCLOUD_TOP[words[0].value];
  if (top && words.length === 1) return action(words[0].value, top.effect, top.local ? 'local' : 'read', [], [], Boolean(top.local));

  // The verb is the first known verb after at least one group (`gcloud deploy releases create`: `deploy` is a group there).
  const vi = words.findIndex((w, i) => i >= 1 && verbClass(w.value) !== undefined);
  if (vi < 0) return action(words.map((w) => w.value).join(' '), 'unknown', 'unknown-verb', [], ['no verb the analyzer knows']);
  const groups = words.slice(0, vi).map((w) => w.value);
  const verb = words[vi].value;
  const names = words.slice(vi + 1);
  const operation = [...groups, verb].join(' ');
  let { effect } = verbClass(verb)!;
  const groupPath = groups.join('/');
  const kind = singular(groups.join(' '));
  const proj = project ?? 'current';
  const unresolvedProject = project ? (projectWord?.dynamic ? ['project'] : []) : ['project'];
  const target = (name: Word | undefined, change: Target['change'], extra: Partial<Target> = {}): Target => {
    const unresolved = [...unresolvedProject, ...(name?.dynamic ? ['name'] : [])];
    return { id: `gcp://${proj}/${groupPath}${name ? `/${name.value}` : ''}`, change, kind, ...(unresolved.length > 0 ? { unresolved } : {}), ...extra };
  };

  // This machine only: CLI configuration, credentials, kubeconfig.
  if (GCLOUD_LOCAL_GROUPS.has(groups[0]) || verb === 'get-credentials') {
    if (effect === 'read' && verb !== 'get-credentials') return action(operation, 'read', 'local-read');
    if (effect === 'destroy') return action(operation, 'destroy', 'local-destroy', [], ['removes local gcloud configuration']);
    return action(operation, 'write', 'local', [], verb === 'get-credentials' ? ['writes cluster credentials to the local kubeconfig'] : ['changes this machine\'s gcloud configuration'], true);
  }
  if (groups[0] === 'storage') return gcloudStorage(action, operation, verb, effect, names, p);
  if (groups[0] === 'spanner' && verb === 'execute-sql') {
    const sql = opt(p, '--sql');
    const stmts = sql ? classifySql(sql.value, 'generic') : [];
    effect = sql?.dynamic || stmts.length === 0 ? 'unknown' : worstEffect(stmts.map((s) => s.effect));
    const db = names[0];
    return action(operation, effect, `sql-${effect}`, [target(db, effect === 'read' ? 'read' : effect === 'destroy' ? 'destroy' : 'change', stmts.some((s) => s.bulk && s.effect === 'destroy') ? { many: true } : {})], stmts.map((s) => s.verb));
  }
  if (verb === 'connect' || verb === 'ssh') return action(operation, 'unknown', 'session', names.slice(0, 1).map((n) => target(n, 'change')), ['opens a session on the resource: what runs there is not analysed']);

  if (groups.length === 1 && groups[0] === 'projects' && effect === 'destroy') {
    const id = names[0];
    return action(operation, 'destroy', 'project-delete', [{ id: `gcp://${id?.value ?? proj}`, change: 'destroy', kind: 'project', many: true, ...(id?.dynamic || !id ? { unresolved: ['project'] } : {}) }], ['deletes the project and every resource in it']);
  }
  const change = changeOf(effect, verb);
  const targets = names.length > 0 ? names.map((n) => target(n, change)) : [target(undefined, change, effect === 'read' && /^list/.test(verb) ? { many: true } : {})];
  return action(operation, effect, effect === 'unknown' ? 'unknown-verb' : effect, targets);
}

function singular(kind: string): string {
  return kind.replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
}

type GcloudAction = (operation: string, effect: Effect, rule: string, targets?: Target[], extra?: string[]) => Action;

/** `gcloud storage`: targets are the gs:// URLs themselves, globally unique. */
function gcloudStorage(action: GcloudAction, operation: string, verb: string, effect: Effect, names: Word[], p: CloudArgv): Action {
  const urls = names.filter((w) => /^gs:\/\//.test(w.value));
  const recursive = flag(p, '--recursive', '-r', '-R');
  const t = (w: Word, change: Target['change']): Target => {
    const many = recursive || /[*?[]/.test(w.value) || (change === 'destroy' && /^gs:\/\/[^/]+\/?$/.test(w.value));
    return { id: w.value, change, kind: /^gs:\/\/[^/]+\/?$/.test(w.value) ? 'gcs bucket' : 'gcs object', ...(many ? { many: true } : {}), ...(w.dynamic ? { unresolved: ['path'] } : {}) };
  };
  if (verb === 'rsync' && flag(p, '--delete-unmatched-destination-objects')) {
    const dest = urls[urls.length - 1];
    return action(operation, 'destroy', 'storage-rsync-delete', dest ? [{ ...t(dest, 'destroy'), many: true }] : [], ['--delete-unmatched-destination-objects deletes destination objects missing from the source']);
  }
  if (verb === 'cp' || verb === 'mv' || verb === 'rsync') {
    const dest = names[names.length - 1];
    const targets: Target[] = [];
    if (dest && /^gs:\/\//.test(dest.value)) targets.push(t(dest, 'change'));
    if (verb === 'mv') for (const s of names.slice(0, -1)) if (/^gs:\/\//.test(s.value)) targets.push(t(s, 'destroy'));
    if (!dest || !/^gs:\/\//.test(dest.value)) {
      return action(operation, verb === 'mv' ? 'destroy' : 'write', `storage-${verb}-local`, targets, [`writes to the local path ${dest?.value ?? ''}`.trim()]);
    }
    return action(operation, verb === 'mv' ? 'destroy' : 'write', `storage-${verb}`, targets);
  }
  const change = effect === 'read' ? 'read' : effect === 'destroy' ? 'destroy' : 'change';
  return action(operation, effect, `storage-${effect}`, urls.map((u) => t(u, change)));
}

// ---------------------------------------------------------------------------------------------------
// az

const AZ_SWITCHES = new Set([
  '--yes', '-y', '--no-wait', '--debug', '--verbose', '--only-show-errors', '--help', '-h', '--all', '--force', '--no-prompt',
  '--dry-run', '--overwrite', '--recursive', '--use-device-code', '--identity', '--allow-no-subscriptions', '--admin',
  '--overwrite-existing', '--auth-mode-login', '--yes-i-really-mean-it',
]);
const azSwitch = (name: string) => AZ_SWITCHES.has(name);

/** Commands directly under `az`. */
const AZ_TOP: Record<string, VerbClass> = {
  login: { effect: 'write', local: true }, logout: { effect: 'write', local: true }, configure: { effect: 'write', local: true },
  init: { effect: 'write', local: true }, upgrade: { effect: 'write', local: true }, version: { effect: 'read' },
  find: { effect: 'read' }, feedback: { effect: 'read' }, survey: { effect: 'read' }, 'self-test': { effect: 'read' },
  interactive: { effect: 'unknown' },
};
/** Groups that only change this machine's az installation or configuration. */
const AZ_LOCAL_GROUPS = new Set(['config', 'extension', 'bicep', 'cache', 'cloud']);
const AZ_LOCAL_COMMANDS = new Set(['account set', 'account clear', 'aks get-credentials', 'aks install-cli', 'acr login', 'account get-access-token', 'account show', 'account list']);
/** Options that name a parent resource (`--vault-name v --name s` ⇒ `v/s`). */
const PARENT_NAME = /^--([a-z-]+)-name$/;

function az(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = readArgv(cmd.args, azSwitch, ['--ids']);
  const env = envOf(cmd, ctx);
  const subWord = opt(p, '--subscription');
  const subscription = subWord?.value ?? 'current';
  const location = opt(p, '-l', '--location')?.value;
  const notes: string[] = [];
  if (flag(p, '--yes', '-y')) notes.push('--yes: skips az\'s own confirmation prompt');
  if (flag(p, '--no-wait')) notes.push('--no-wait: returns before the operation finishes');
  const context = { where: subscription, ...(location ? { region: location } : {}) };
  const action = (operation: string, effect: Effect, rule: string, targets: Target[] = [], extra: string[] = [], recoverable = false) =>
    makeAction(cmd, ctx, { operation, effect, rule: `${PACK}.az-${rule}`, targets, context, notes: [...notes, ...extra], recoverable });

  // The command path is the command words before the first flag (`az config set k=v` has a positional after them).
  const leading = p.positionals.slice(0, p.firstFlagAt);
  const end = leading.findIndex((w) => !/^[a-z][a-z0-9-]*$/.test(w.value) && !w.dynamic);
  const path = end < 0 ? leading : leading.slice(0, end);
  if (flag(p, '--help', '-h') && path.every((w) => !w.dynamic)) return action([...path.map((w) => w.value), '--help'].join(' '), 'read', 'help');
  if (path.length === 0) return action(flag(p, '--version') ? '--version' : 'az', 'read', 'help');
  if (path.some((w) => w.dynamic)) return action(path.map((w) => w.value).join(' '), 'unknown', 'dynamic', [], ['the command is only known at run time']);
  const words = path.map((w) => w.value);
  const operation = words.join(' ');
  if (words.length === 1 && AZ_TOP[words[0]]) {
    const top = AZ_TOP[words[0]];
    return action(operation, top.effect, top.local ? 'local' : top.effect, [], [], Boolean(top.local));
  }
  if (words[0] === 'rest') return azRest(action, p);
  const verb = words[words.length - 1];
  const groups = words.slice(0, -1);
  const cls = verbClass(verb);
  if (!cls) return action(operation, 'unknown', 'unknown-verb', [], [`unrecognised az command ${operation}`]);
  let effect = cls.effect;
  if (AZ_LOCAL_GROUPS.has(groups[0]) || AZ_LOCAL_COMMANDS.has(operation)) {
    if (effect === 'read' && verb !== 'get-credentials') return action(operation, 'read', 'local-read');
    return action(operation, effect === 'destroy' ? 'destroy' : 'write', 'local', [], ['changes this machine\'s az configuration'], effect !== 'destroy');
  }
  if (verb === 'invoke' || groups.includes('run-command')) {
    effect = 'unknown';
    notes.push('runs a script on the resource: not analysed');
  }
  if (verb === 'sync' && /^true$/i.test(opt(p, '--delete-destination')?.value ?? '')) {
    effect = 'destroy';
    notes.push('--delete-destination true deletes destination files missing from the source');
  }

  const rgWord = opt(p, '-g', '--resource-group');
  const rg = rgWord?.value ?? env.AZURE_DEFAULTS_GROUP;
  const unresolvedBase = [...(subWord ? (subWord.dynamic ? ['subscription'] : []) : ['subscription']), ...(rg ? (rgWord?.dynamic ? ['resource-group'] : []) : ['resource-group'])];
  const change = changeOf(effect, verb);

  // `az group delete -n rg`: the resource group and everything in it.
  if (groups.length === 1 && groups[0] === 'group') {
    const nameWord = opt(p, '-n', '--name', '-g', '--resource-group');
    const name = nameWord?.value;
    const unresolved = [...(subWord ? [] : ['subscription']), ...(nameWord?.dynamic || !name ? ['resource-group'] : [])];
    const t: Target = { id: `azure://${subscription}/${name ?? 'unknown'}`, change, kind: 'resource group', ...(unresolved.length ? { unresolved } : {}), ...(effect === 'destroy' ? { many: true } : {}) };
    return action(operation, effect, effect === 'destroy' ? 'group-delete' : effect, [t], effect === 'destroy' ? ['deletes the resource group and every resource in it'] : []);
  }

  const targets: Target[] = [];
  for (const id of p.options.get('--ids') ?? []) targets.push(fromResourceId(id, change, groups));
  if (targets.length === 0) {
    const parents = [...p.options.entries()].filter(([k]) => PARENT_NAME.test(k) && k !== '--resource-group-name').map(([, v]) => v[v.length - 1]).filter(Boolean);
    const nameWord = opt(p, '-n', '--name');
    const parts = [...parents, ...(nameWord ? [nameWord] : [])];
    const dynamic = parts.some((w) => w.dynamic);
    const unresolved = [...unresolvedBase, ...(dynamic ? ['name'] : [])];
    const many = effect === 'destroy' && /-batch$/.test(verb);
    targets.push({
      id: `azure://${subscription}/${rg ?? 'default'}/${groups.join('/')}${parts.length > 0 ? `/${parts.map((w) => w.value).join('/')}` : ''}`,
      change,
      kind: groups.join(' '),
      ...(unresolved.length > 0 ? { unresolved } : {}),
      ...(many || (effect === 'read' && /^list/.test(verb)) ? { many: true } : {}),
    });
  }
  return action(operation, effect, effect === 'unknown' ? 'unknown-verb' : effect, targets);
}

/** `/subscriptions/S/resourceGroups/G/providers/NS/type/name` ⇒ `azure://S/G/<group path>/name`. */
function fromResourceId(w: Word, change: Target['change'], groups: string[]): Target {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(?:\/providers\/[^/]+\/(.+))?$/i.exec(w.value);
  if (!m) return { id: `azure://${w.value}`, change, kind: groups.join(' '), unresolved: ['value'] };
  const segs = (m[3] ?? '').split('/');
  // type/name[/subtype/subname...]: keep the names.
  const names = segs.filter((_, i) => i % 2 === 1);
  return { id: `azure://${m[1]}/${m[2]}/${groups.join('/')}${names.length ? `/${names.join('/')}` : ''}`, change, kind: groups.join(' '), ...(w.dynamic ? { unresolved: ['value'] } : {}) };
}

type AzAction = (operation: string, effect: Effect, rule: string, targets?: Target[], extra?: string[]) => Action;

function azRest(action: AzAction, p: CloudArgv): Action {
  const method = (opt(p, '-m', '--method')?.value ?? 'get').toLowerCase();
  const url = opt(p, '-u', '--url', '--uri')?.value ?? '';
  const effect: Effect = method === 'get' || method === 'head' ? 'read' : method === 'delete' ? 'destroy' : ['put', 'post', 'patch'].includes(method) ? 'write' : 'unknown';
  const change = effect === 'read' ? 'read' : effect === 'destroy' ? 'destroy' : 'change';
  return action(`rest --method ${method}`, effect, `rest-${effect}`, url ? [{ id: url, change, kind: 'azure resource' }] : [], ['calls the Azure REST API directly']);
}
