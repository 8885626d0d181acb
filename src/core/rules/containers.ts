/**
 * Container engines: docker, podman, nerdctl, and Compose (`docker compose`, `docker-compose`).
 *
 * Recoverability, decided here:
 * - images and build cache are regenerable (pull or build again): removing them is a recoverable destroy;
 * - volumes hold data: removing them is never recoverable;
 * - a container removed with `rm` loses its writable layer, so that is not recoverable; containers
 *   Compose manages are declared in a file and `up` recreates them, so `compose down`/`rm` without
 *   volumes is recoverable;
 * - everything on a daemon that is not this machine (`-H tcp://…`, a remote context) is shared state:
 *   never recoverable.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { envOf, has, isInside, makeAction, optionValue, optionValues, parseArgv, type ParsedArgv, resolvePath } from './support';
import * as path from 'node:path';

const PACK = 'containers';

export const containerRules: RulePack = {
  name: PACK,
  tools: ['docker', 'podman', 'nerdctl', 'docker-compose', 'podman-compose'],
  analyze(cmd, ctx) {
    if (cmd.tool === 'docker-compose' || cmd.tool === 'podman-compose') {
      return [compose(cmd, ctx, daemonOf(cmd, ctx, undefined), cmd.args, cmd.tool)];
    }
    return [engine(cmd, ctx)];
  },
};

// ---------------------------------------------------------------------------------------------------
// Which daemon

interface Daemon {
  /** The daemon is this machine's (default socket, Docker Desktop, colima, ...). */
  local: boolean;
  where?: string;
  notes: string[];
}

const GLOBAL_VALUE_OPTS = [
  '-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  // podman
  '--connection', '--url', '--root', '--runroot', '--storage-driver', '--cgroup-manager', '--identity', '--module',
  '--network-cmd-path', '--runtime', '--tmpdir', '--events-backend', '--hooks-dir', '--ssh', '--storage-opt',
  // nerdctl
  '-a', '--address', '-n', '--namespace', '--snapshotter', '--cni-path', '--data-root', '--cgroup-manager', '--host-gateway-ip',
];

/** Context names that point at a daemon on this machine. */
const LOCAL_CONTEXTS = /^(default|desktop-linux|desktop-windows|rootless|colima(-.*)?|orbstack|podman(-.*)?|lima(-.*)?|rancher-desktop)$/;

function daemonOf(cmd: SimpleCommand, ctx: AnalysisContext, g: ParsedArgv | undefined): Daemon {
  const env = envOf(cmd, ctx);
  const notes: string[] = [];
  const host = (g && optionValue(g, '-H', '--host', '--url', '-a', '--address')?.value) ?? env.DOCKER_HOST ?? env.CONTAINER_HOST;
  const context = (g && optionValue(g, '--context', '--connection')?.value) ?? (g && cmd.tool === 'docker' ? optionValue(g, '-c')?.value : undefined) ?? env.DOCKER_CONTEXT ?? env.CONTAINER_CONNECTION;
  const namespace = g && cmd.tool === 'nerdctl' ? optionValue(g, '-n', '--namespace')?.value : undefined;
  if (g && cmd.tool === 'podman' && has(g, '--remote', '-r') && !host && !context) {
    notes.push('--remote: runs on the podman service connection, not this machine');
    return { local: false, where: 'remote', notes };
  }
  if (host && !/^(unix|npipe):\/\//.test(host)) {
    notes.push(`daemon at ${host}: not this machine`);
    return { local: false, where: host, notes };
  }
  if (context && !LOCAL_CONTEXTS.test(context)) {
    notes.push(`context ${context}: treated as a shared daemon`);
    return { local: false, where: context, notes };
  }
  return { local: true, where: host ?? context ?? namespace, notes };
}

// ---------------------------------------------------------------------------------------------------
// Building actions

interface Ctx {
  cmd: SimpleCommand;
  ctx: AnalysisContext;
  daemon: Daemon;
}

function act(c: Ctx, operation: string, effect: Effect, recoverable: boolean, rule: string, targets: Target[] = [], notes: string[] = []): Action {
  return makeAction(c.cmd, c.ctx, {
    operation,
    effect,
    // Nothing on a shared daemon is ours to redo.
    recoverable: recoverable && c.daemon.local && effect !== 'read' && effect !== 'unknown',
    rule: `${PACK}.${rule}`,
    targets,
    context: c.daemon.where ? { where: c.daemon.where } : {},
    notes: [...c.daemon.notes, ...notes],
  });
}

function named(kind: string, words: readonly Word[], change: Target['change']): Target[] {
  return words.map((w) => ({ id: `docker://${kind}/${w.value}`, change, kind: kindName(kind), ...(w.dynamic ? { unresolved: ['name'] } : {}) }));
}

function everything(kind: string, change: Target['change']): Target {
  return { id: `docker://${kind}/*`, change, kind: kindName(kind), many: true };
}

function kindName(kind: string): string {
  return kind === 'build-cache' ? 'build cache' : kind;
}

/** Positionals of a subcommand whose value-taking options are listed; unknown long options are switches. */
function sub(args: readonly Word[], withValue: readonly string[] = [], stop = false): ParsedArgv {
  return parseArgv(args, { withValue, stopAtFirstPositional: stop });
}

// ---------------------------------------------------------------------------------------------------
// docker / podman / nerdctl

/** Top-level shortcuts and their management-command spelling. */
const SHORTCUTS: Record<string, [string, string]> = {
  ps: ['container', 'ls'], run: ['container', 'run'], create: ['container', 'create'], start: ['container', 'start'],
  stop: ['container', 'stop'], restart: ['container', 'restart'], kill: ['container', 'kill'], rm: ['container', 'rm'],
  exec: ['container', 'exec'], logs: ['container', 'logs'], top: ['container', 'top'], stats: ['container', 'stats'],
  port: ['container', 'port'], diff: ['container', 'diff'], wait: ['container', 'wait'], attach: ['container', 'attach'],
  cp: ['container', 'cp'], commit: ['container', 'commit'], export: ['container', 'export'], pause: ['container', 'pause'],
  unpause: ['container', 'unpause'], rename: ['container', 'rename'], update: ['container', 'update'],
  images: ['image', 'ls'], rmi: ['image', 'rm'], pull: ['image', 'pull'], push: ['image', 'push'], build: ['image', 'build'],
  tag: ['image', 'tag'], history: ['image', 'history'], save: ['image', 'save'], load: ['image', 'load'], import: ['image', 'import'],
  search: ['image', 'search'], df: ['system', 'df'], events: ['system', 'events'], info: ['system', 'info'],
  inspect: ['container', 'inspect'], healthcheck: ['container', 'healthcheck'], mount: ['container', 'mount'],
  unmount: ['container', 'unmount'], umount: ['container', 'unmount'], init: ['container', 'init'],
};
const MANAGEMENT_GROUPS = new Set([
  'container', 'image', 'volume', 'network', 'system', 'builder', 'buildx', 'context', 'pod', 'machine', 'service', 'stack', 'node',
  'secret', 'config', 'swarm', 'plugin', 'trust', 'manifest', 'kube', 'generate',
]);
const VERB_ALIASES: Record<string, string> = { list: 'ls', ps: 'ls', remove: 'rm', delete: 'rm' };

function engine(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const g = parseArgv(cmd.args, { withValue: GLOBAL_VALUE_OPTS, stopAtFirstPositional: true });
  const c: Ctx = { cmd, ctx, daemon: daemonOf(cmd, ctx, g) };
  const [first, ...restWords] = g.positionals;
  if (!first) {
    if (has(g, '-v', '--version')) return act(c, '--version', 'read', false, 'version');
    return act(c, has(g, '--help', '-h') ? '--help' : cmd.tool, 'read', false, 'help');
  }
  if (first.dynamic) return act(c, first.value, 'unknown', false, 'dynamic-subcommand', [], ['the subcommand is only known at run time']);
  const top = first.value;
  if (top === 'version' || top === 'help') return act(c, top, 'read', false, top);
  if (top === 'login' || top === 'logout') return act(c, top, 'write', true, top, [], ['stores or removes registry credentials on this machine']);
  if (top === 'compose') return compose(cmd, ctx, c.daemon, restWords, `${cmd.tool} compose`);

  let group: string;
  let verb: string;
  let args: Word[];
  if (SHORTCUTS[top]) {
    [group, verb] = SHORTCUTS[top];
    args = restWords;
  } else {
    group = top;
    verb = restWords[0]?.value ?? '';
    args = restWords.slice(1);
  }
  verb = VERB_ALIASES[verb] ?? verb;
  if (group === 'container' && top !== 'container' && args.some((w) => w.value === '--help') && !['run', 'create', 'exec'].includes(verb)) {
    return act(c, `${top} --help`, 'read', false, 'help');
  }
  if (args.length > 0 && args[0].value === '--help') return act(c, `${group} ${verb} --help`, 'read', false, 'help');
  if (!verb && MANAGEMENT_GROUPS.has(group)) return act(c, group, 'read', false, 'help', [], ['no subcommand: prints usage']);
  const op = top === group ? `${group} ${verb}` : top;
  switch (group) {
    case 'container':
      return container(c, op, verb, args);
    case 'image':
      return image(c, op, verb, args);
    case 'volume':
      return volume(c, op, verb, args);
    case 'network':
      return network(c, op, verb, args);
    case 'system':
      return system(c, op, verb, args);
    case 'builder':
    case 'buildx':
      return builder(c, op, verb, args);
    case 'context':
      return contextCmd(c, op, verb, args);
    case 'pod':
      return pod(c, op, verb, args);
    case 'machine':
      return machine(c, op, verb, args);
    case 'service': case 'stack': case 'node': case 'secret': case 'config': case 'swarm': case 'plugin': case 'trust': case 'manifest':
      return cluster(c, op, group, verb, args);
    case 'kube':
      if (verb === 'generate') return act(c, op, 'read', false, 'kube-generate');
      if (verb === 'play') return act(c, op, 'write', true, 'kube-play');
      if (verb === 'down') return act(c, op, 'destroy', false, 'kube-down');
      break;
    case 'generate':
      return act(c, op, 'read', false, 'generate');
  }
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised ${cmd.tool} subcommand ${op}`]);
}

const READ_VERBS = new Set(['ls', 'inspect', 'logs', 'top', 'stats', 'port', 'diff', 'wait', 'history', 'search', 'df', 'events', 'info', 'du', 'version', 'show', 'exists', 'healthcheck']);

const RUN_VALUE_OPTS = [
  '-e', '--env', '--env-file', '-p', '--publish', '-v', '--volume', '--name', '--network', '--net', '-w', '--workdir', '-u', '--user',
  '--entrypoint', '-m', '--memory', '--cpus', '-l', '--label', '--label-file', '--mount', '--restart', '-h', '--hostname',
  '--platform', '--pull', '--log-driver', '--log-opt', '--add-host', '--dns', '--dns-search', '--dns-option', '--device', '--cap-add',
  '--cap-drop', '--security-opt', '--tmpfs', '--ulimit', '--health-cmd', '--health-interval', '--health-retries',
  '--health-timeout', '--health-start-period', '--shm-size', '--ipc', '--pid', '--gpus', '--cidfile', '--volumes-from', '--link',
  '--expose', '--runtime', '--stop-signal', '--stop-timeout', '--userns', '--uts', '--cgroupns', '--memory-swap', '--memory-reservation',
  '-c', '--cpu-shares', '--cpuset-cpus', '--cpuset-mems', '-a', '--attach', '--detach-keys', '--ip', '--ip6', '--mac-address',
  '--network-alias', '--storage-opt', '--sysctl', '--isolation', '--group-add', '--device-cgroup-rule', '--cgroup-parent',
  '--blkio-weight', '--kernel-memory', '--oom-score-adj', '--pids-limit', '--annotation', '--pod', '--secret', '--arch', '--os',
  '--variant', '--hooks-dir', '--requires', '--systemd', '--tz', '--umask', '--userns-uid-map', '--rootfs', '--init-path',
];
const EXEC_VALUE_OPTS = ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'];
/** Commands that only look, run inside a container by `exec`: the container is left as it was. */
const LOOK_ONLY = new Set(['ls', 'cat', 'env', 'printenv', 'ps', 'pwd', 'whoami', 'id', 'hostname', 'df', 'du', 'head', 'tail', 'uname', 'date', 'which', 'echo', 'stat', 'uptime', 'free', 'nproc', 'wc', 'grep', 'find', 'top', 'netstat', 'ss', 'ip', 'ping', 'nslookup', 'dig', 'true']);

function container(c: Ctx, op: string, verb: string, args: Word[]): Action {
  switch (verb) {
    case 'run':
    case 'create':
      return run(c, op, verb, args);
    case 'exec':
      return exec(c, op, args);
    case 'cp':
      return cp(c, op, args);
    case 'rm': {
      const p = sub(args, ['-t', '--time']);
      const notes: string[] = ['the container\'s writable layer is lost'];
      if (has(p, '-f', '--force')) notes.push('--force: running containers are killed first');
      if (has(p, '-v', '--volumes')) notes.push('--volumes: its anonymous volumes are removed too');
      const all = has(p, '-a', '--all');
      const targets = all ? [everything('container', 'destroy')] : named('container', p.positionals, 'destroy');
      return act(c, op, 'destroy', false, 'container-rm', targets, notes);
    }
    case 'prune':
      return act(c, op, 'destroy', false, 'container-prune', [everything('container', 'destroy')], ['removes every stopped container']);
    case 'kill': {
      const p = sub(args, ['-s', '--signal']);
      return act(c, op, 'destroy', false, 'container-kill', named('container', p.positionals, 'destroy'), ['kills the container\'s processes; in-memory state is lost']);
    }
    case 'start': case 'stop': case 'restart': case 'pause': case 'unpause': case 'rename': case 'update': case 'init': case 'mount': case 'unmount': {
      const p = sub(args, ['-t', '--time', '-s', '--signal', '--cpus', '-m', '--memory', '--restart', '--detach-keys']);
      const names = verb === 'rename' ? p.positionals.slice(0, 1) : p.positionals;
      return act(c, op, 'write', true, `container-${verb}`, named('container', names, 'change'));
    }
    case 'commit': {
      const p = sub(args, ['-a', '--author', '-c', '--change', '-m', '--message']);
      return act(c, op, 'write', true, 'container-commit', named('image', p.positionals.slice(1, 2), 'create'));
    }
    case 'attach':
      return act(c, op, 'unknown', false, 'container-attach', named('container', sub(args, ['--detach-keys']).positionals, 'change'), ['attaches the terminal to the container\'s main process']);
    case 'export': {
      const p = sub(args, ['-o', '--output']);
      const out = optionValue(p, '-o', '--output');
      return act(c, op, 'read', false, 'container-export', named('container', p.positionals, 'read'), [`writes a tar of the filesystem to ${out ? resolvePath(c.ctx, out.value) : 'stdout'}`]);
    }
    case 'ls':
      return act(c, op, 'read', false, 'container-ls');
  }
  if (READ_VERBS.has(verb)) return act(c, op, 'read', false, `container-${verb}`, named('container', sub(args, ['-n', '--tail', '--since', '--until', '--format', '--filter', '--type']).positionals.slice(0, verb === 'logs' ? 1 : undefined), 'read'));
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised container command ${verb}`]);
}

function run(c: Ctx, op: string, verb: string, args: Word[]): Action {
  const p = sub(args, RUN_VALUE_OPTS, true);
  if (has(p, '--help') && p.positionals.length === 0) return act(c, `${op} --help`, 'read', false, 'help');
  const [imageWord, ...command] = p.positionals;
  const notes: string[] = [];
  let risky = false;
  if (has(p, '--privileged')) {
    risky = true;
    notes.push('--privileged: the container has full access to the host');
  }
  for (const [opt, host] of [['--pid', 'host'], ['--network', 'host'], ['--net', 'host'], ['--ipc', 'host'], ['--userns', 'host'], ['--uts', 'host']]) {
    if (optionValues(p, opt).some((w) => w.value === host)) {
      risky = true;
      notes.push(`${opt}=host: shares the host's namespace`);
    }
  }
  const caps = optionValues(p, '--cap-add').map((w) => w.value.toUpperCase());
  if (caps.some((cap) => ['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN', 'SYS_PTRACE', 'NET_ADMIN', 'SYS_MODULE'].includes(cap))) {
    risky = true;
    notes.push(`--cap-add ${caps.join(',')}: powerful host capabilities`);
  }
  for (const m of mounts(c.ctx, p)) {
    if (m.note) notes.push(m.note);
    if (m.risky) risky = true;
  }
  const targets: Target[] = [];
  const name = optionValue(p, '--name');
  if (name) targets.push(...named('container', [name], 'create'));
  if (imageWord) targets.push(...named('image', [imageWord], 'read'));
  if (command.length > 0) notes.push(`runs \`${command.map((w) => w.value).join(' ')}\` inside the container: not analysed`);
  if (has(p, '--rm')) notes.push('--rm: the container is removed when it exits');
  return act(c, op, 'write', !risky, `container-${verb}`, targets, notes);
}

interface Mount {
  risky: boolean;
  note?: string;
}

/** Bind mounts from -v/--volume and --mount: the host paths a container may change. */
function mounts(ctx: AnalysisContext, p: ParsedArgv): Mount[] {
  const out: Mount[] = [];
  const roots = ctx.workspaceRoots && ctx.workspaceRoots.length > 0 ? ctx.workspaceRoots : [ctx.cwd];
  const check = (source: Word, readonly: boolean, spelled: string): Mount => {
    let src = source.value;
    // `$PWD`, `${PWD}`, `$(pwd)` are the working directory, the usual way to mount the project.
    src = src.replace(/^(\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`)/, ctx.cwd);
    if (ctx.home) src = src.replace(/^(\$HOME|\$\{HOME\})/, ctx.home);
    const stillDynamic = source.dynamic && /[$`*?]/.test(src);
    if (stillDynamic) return { risky: !readonly, note: `mounts ${spelled}: the host path is only known at run time` };
    const abs = resolvePath(ctx, src);
    if (/docker\.sock$|podman\.sock$|containerd\.sock$/.test(abs)) return { risky: true, note: `mounts the engine socket ${abs}: the container controls the daemon` };
    if (abs === '/') return { risky: true, note: 'mounts the host root filesystem /' };
    if (roots.some((r) => isInside(abs, r))) return { risky: false };
    return readonly ? { risky: false, note: `mounts ${abs} read-only` } : { risky: true, note: `mounts ${abs} read-write: outside the workspace` };
  };
  for (const w of optionValues(p, '-v', '--volume')) {
    const parts = w.value.split(':');
    if (parts.length < 2) continue; // anonymous volume
    const src = parts[0];
    if (!/^[/.~$`]/.test(src)) continue; // named volume
    out.push(check({ value: src, dynamic: w.dynamic }, /(^|,)ro(,|$)/.test(parts[2] ?? ''), w.value));
  }
  for (const w of optionValues(p, '--mount')) {
    const kv = Object.fromEntries(w.value.split(',').map((s) => { const [k, v = 'true'] = s.split('='); return [k, v]; }));
    if (kv.type !== 'bind') continue;
    const src = kv.source ?? kv.src;
    if (!src) continue;
    out.push(check({ value: src, dynamic: w.dynamic }, 'readonly' in kv || 'ro' in kv, w.value));
  }
  return out;
}

function exec(c: Ctx, op: string, args: Word[]): Action {
  const p = sub(args, EXEC_VALUE_OPTS, true);
  const [ctr, ...command] = p.positionals;
  const targets = ctr ? named('container', [ctr], 'change') : [];
  const inner = command[0] ? path.posix.basename(command[0].value) : '';
  if (inner && LOOK_ONLY.has(inner) && !command[0].dynamic) {
    return act(c, op, 'read', false, 'container-exec-read', ctr ? named('container', [ctr], 'read') : [], [`runs \`${command.map((w) => w.value).join(' ')}\` inside the container`]);
  }
  const what = command.length > 0 ? `\`${command.map((w) => w.value).join(' ')}\`` : 'a command';
  return act(c, op, 'unknown', false, 'container-exec', targets, [`runs ${what} inside ${ctr?.value ?? 'the container'}: not analysed`]);
}

function cp(c: Ctx, op: string, args: Word[]): Action {
  const p = sub(args);
  const [src, dst] = p.positionals;
  if (!src || !dst) return act(c, op, 'unknown', false, 'container-cp');
  const inContainer = (w: Word) => /^[A-Za-z0-9][\w.-]*:/.test(w.value) && !w.value.startsWith('/');
  if (inContainer(dst)) {
    const ctr = dst.value.split(':')[0];
    return act(c, op, 'write', true, 'container-cp', [{ id: `docker://container/${ctr}`, change: 'change', kind: 'container' }]);
  }
  const abs = resolvePath(c.ctx, dst.value);
  const roots = c.ctx.workspaceRoots && c.ctx.workspaceRoots.length > 0 ? c.ctx.workspaceRoots : [c.ctx.cwd];
  const inside = roots.some((r) => isInside(abs, r)) && !dst.dynamic;
  return act(c, op, 'write', inside, 'container-cp', [{ id: abs, change: 'change', kind: 'file', ...(dst.dynamic ? { unresolved: ['path'] } : {}) }], inside ? [] : [`writes ${abs} on the host, outside the workspace`]);
}

function image(c: Ctx, op: string, verb: string, args: Word[]): Action {
  switch (verb) {
    case 'ls': case 'inspect': case 'history': case 'search': case 'exists': case 'tree': case 'diff':
      return act(c, op, 'read', false, `image-${verb}`);
    case 'pull': {
      const p = sub(args, ['--platform']);
      return act(c, op, 'write', true, 'image-pull', named('image', p.positionals, 'create'));
    }
    case 'build':
      return build(c, op, args);
    case 'push': {
      const p = sub(args, ['--platform']);
      return act(c, op, 'write', false, 'image-push', named('image', p.positionals.slice(0, 1), 'change'), ['publishes to a shared registry']);
    }
    case 'tag':
      return act(c, op, 'write', true, 'image-tag', named('image', sub(args).positionals.slice(1, 2), 'create'));
    case 'rm': {
      const p = sub(args);
      const notes = has(p, '-f', '--force') ? ['--force: removes images containers still use'] : [];
      return act(c, op, 'destroy', true, 'image-rm', named('image', p.positionals, 'destroy'), [...notes, 'images can be pulled or built again']);
    }
    case 'prune': {
      const p = sub(args, ['--filter']);
      const all = has(p, '-a', '--all');
      return act(c, op, 'destroy', true, 'image-prune', [everything('image', 'destroy')], [all ? '--all: every image no container uses' : 'dangling images only']);
    }
    case 'save': {
      const out = optionValue(sub(args, ['-o', '--output']), '-o', '--output');
      return act(c, op, 'read', false, 'image-save', [], [`writes an image tar to ${out ? resolvePath(c.ctx, out.value) : 'stdout'}`]);
    }
    case 'load': case 'import':
      return act(c, op, 'write', true, `image-${verb}`);
  }
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised image command ${verb}`]);
}

const BUILD_VALUE_OPTS = [
  '-t', '--tag', '-f', '--file', '--build-arg', '--target', '--platform', '-o', '--output', '--cache-from', '--cache-to', '--label',
  '--secret', '--ssh', '--progress', '--network', '--builder', '--iidfile', '--metadata-file', '--add-host', '--build-context',
  '--shm-size', '--ulimit', '--attest', '--provenance', '--sbom', '--annotation', '--allow', '--call', '--memory', '--cpu-shares',
];

function build(c: Ctx, op: string, args: Word[]): Action {
  const p = sub(args, BUILD_VALUE_OPTS);
  const outputs = optionValues(p, '-o', '--output').map((w) => w.value);
  const pushes = has(p, '--push') || outputs.some((o) => /type=registry|push=true/.test(o));
  const targets = named('image', optionValues(p, '-t', '--tag'), 'create');
  const notes = outputs.filter((o) => !/type=(registry|docker|image)/.test(o)).map((o) => `writes build output to ${o}`);
  if (pushes) return act(c, op, 'write', false, 'image-build-push', targets, [...notes, 'pushes the result to a shared registry']);
  return act(c, op, 'write', true, 'image-build', targets, notes);
}

function volume(c: Ctx, op: string, verb: string, args: Word[]): Action {
  const p = sub(args, ['--filter', '-d', '--driver', '-o', '--opt', '--label']);
  switch (verb) {
    case 'ls': case 'inspect': case 'exists':
      return act(c, op, 'read', false, `volume-${verb}`);
    case 'create':
      return act(c, op, 'write', true, 'volume-create', named('volume', p.positionals, 'create'));
    case 'rm':
      return act(c, op, 'destroy', false, 'volume-rm', has(p, '-a', '--all') ? [everything('volume', 'destroy')] : named('volume', p.positionals, 'destroy'), ['volume data is lost']);
    case 'prune':
      return act(c, op, 'destroy', false, 'volume-prune', [everything('volume', 'destroy')], [has(p, '-a', '--all') ? '--all: every unused volume and its data' : 'every unused anonymous volume and its data']);
  }
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised volume command ${verb}`]);
}

function network(c: Ctx, op: string, verb: string, args: Word[]): Action {
  const p = sub(args, ['--filter', '-d', '--driver', '--subnet', '--gateway', '--ip-range', '--label', '-o', '--opt', '--ip', '--ip6', '--alias', '--scope', '--ipam-driver']);
  switch (verb) {
    case 'ls': case 'inspect': case 'exists':
      return act(c, op, 'read', false, `network-${verb}`);
    case 'create':
      return act(c, op, 'write', true, 'network-create', named('network', p.positionals, 'create'));
    case 'connect': case 'disconnect':
      return act(c, op, 'write', true, `network-${verb}`, named('network', p.positionals.slice(0, 1), 'change'));
    case 'rm':
      // A network holds no data; it is declared again by whoever created it.
      return act(c, op, 'destroy', true, 'network-rm', named('network', p.positionals, 'destroy'));
    case 'prune':
      return act(c, op, 'destroy', true, 'network-prune', [everything('network', 'destroy')], ['removes every unused network']);
  }
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised network command ${verb}`]);
}

function system(c: Ctx, op: string, verb: string, args: Word[]): Action {
  if (['df', 'info', 'events', 'connection'].includes(verb) && !(verb === 'connection' && args[0] && args[0].value !== 'ls' && args[0].value !== 'list')) {
    return act(c, op, 'read', false, `system-${verb}`);
  }
  if (verb === 'prune') {
    const p = sub(args, ['--filter']);
    const volumes = has(p, '--volumes');
    const targets = [everything('container', 'destroy'), everything('network', 'destroy'), everything('image', 'destroy'), everything('build-cache', 'destroy')];
    const notes = ['removes stopped containers, unused networks, dangling images and build cache'];
    if (has(p, '-a', '--all')) notes.push('--all: every image no container uses');
    if (volumes) {
      targets.push(everything('volume', 'destroy'));
      notes.push('--volumes: unused volumes and their data');
    }
    return act(c, op, 'destroy', false, 'system-prune', targets, notes);
  }
  if (verb === 'reset') {
    return act(c, op, 'destroy', false, 'system-reset', ['container', 'image', 'volume', 'network', 'build-cache'].map((k) => everything(k, 'destroy')), ['removes every container, image, volume and network']);
  }
  if (verb === 'migrate' || verb === 'renumber' || verb === 'service') return act(c, op, 'write', false, `system-${verb}`);
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised system command ${verb}`]);
}

function builder(c: Ctx, op: string, verb: string, args: Word[]): Action {
  switch (verb) {
    case 'build': case 'bake':
      return build(c, op, args);
    case 'ls': case 'inspect': case 'du': case 'version': case 'history':
      return act(c, op, 'read', false, `builder-${verb}`);
    case 'prune':
      return act(c, op, 'destroy', true, 'builder-prune', [everything('build-cache', 'destroy')], ['build cache is regenerated by the next build']);
    case 'create': case 'use': case 'stop':
      return act(c, op, 'write', true, `builder-${verb}`);
    case 'rm':
      return act(c, op, 'destroy', true, 'builder-rm', named('builder', sub(args).positionals, 'destroy'));
    case 'imagetools': {
      const what = args[0]?.value;
      if (what === 'inspect') return act(c, `${op} inspect`, 'read', false, 'imagetools-inspect');
      return act(c, `${op} ${what ?? ''}`.trim(), 'write', false, 'imagetools-create', [], ['writes to a shared registry']);
    }
  }
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised builder command ${verb}`]);
}

function contextCmd(c: Ctx, op: string, verb: string, args: Word[]): Action {
  if (['ls', 'inspect', 'show', 'export'].includes(verb)) return act(c, op, 'read', false, `context-${verb}`);
  if (['use', 'create', 'update', 'import'].includes(verb)) {
    return act(c, op, 'write', true, `context-${verb}`, named('context', sub(args, ['--docker', '--description']).positionals.slice(0, 1), verb === 'create' ? 'create' : 'change'), verb === 'use' ? ['later commands go to this daemon'] : []);
  }
  if (verb === 'rm') return act(c, op, 'destroy', false, 'context-rm', named('context', sub(args).positionals, 'destroy'));
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised context command ${verb}`]);
}

function pod(c: Ctx, op: string, verb: string, args: Word[]): Action {
  const p = sub(args, ['-t', '--time', '--name', '-n']);
  if (['ls', 'inspect', 'logs', 'top', 'stats', 'exists'].includes(verb)) return act(c, op, 'read', false, `pod-${verb}`);
  if (['create', 'start', 'stop', 'restart', 'pause', 'unpause', 'clone'].includes(verb)) return act(c, op, 'write', true, `pod-${verb}`, named('pod', p.positionals, verb === 'create' ? 'create' : 'change'));
  if (verb === 'kill') return act(c, op, 'destroy', false, 'pod-kill', named('pod', p.positionals, 'destroy'));
  if (verb === 'rm') return act(c, op, 'destroy', false, 'pod-rm', has(p, '-a', '--all') ? [everything('pod', 'destroy')] : named('pod', p.positionals, 'destroy'), ['removes the pod and its containers']);
  if (verb === 'prune') return act(c, op, 'destroy', false, 'pod-prune', [everything('pod', 'destroy')]);
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised pod command ${verb}`]);
}

function machine(c: Ctx, op: string, verb: string, args: Word[]): Action {
  const names = sub(args, ['--cpus', '--memory', '--disk-size', '--image', '-v', '--volume', '--username', '--identity']).positionals;
  if (['ls', 'inspect', 'info'].includes(verb)) return act(c, op, 'read', false, `machine-${verb}`);
  if (['init', 'start', 'stop', 'set'].includes(verb)) return act(c, op, 'write', true, `machine-${verb}`, named('machine', names, verb === 'init' ? 'create' : 'change'));
  if (verb === 'rm' || verb === 'reset') return act(c, op, 'destroy', false, `machine-${verb}`, verb === 'reset' ? [everything('machine', 'destroy')] : named('machine', names, 'destroy'), ['the machine and everything in it are removed']);
  if (verb === 'ssh') return act(c, op, 'unknown', false, 'machine-ssh', [], ['opens a shell in the VM']);
  return act(c, op, 'unknown', false, 'unknown-subcommand', [], [`unrecognised machine command ${verb}`]);
}

/** Swarm and registry-side groups: anything but a read changes shared state. */
function cluster(c: Ctx, op: string, group: string, verb: string, args: Word[]): Action {
  if (['ls', 'ps', 'inspect', 'logs', 'services', 'ca', 'unlock-key'].includes(verb) && !(verb === 'ca' && args.some((w) => w.value === '--rotate'))) {
    return act(c, op, 'read', false, `${group}-${verb}`);
  }
  const names = sub(args, ['-c', '--compose-file', '--replicas', '--image', '--name', '--label', '-l']).positionals;
  if (verb === 'rm' || verb === 'leave' || verb === 'disable') {
    return act(c, op, 'destroy', false, `${group}-${verb}`, group === 'swarm' ? [] : named(group, names, 'destroy'));
  }
  if (group === 'manifest' && verb !== 'push') return act(c, op, 'write', true, `manifest-${verb}`);
  return act(c, op, 'write', false, `${group}-${verb}`, group === 'swarm' ? [] : named(group, names.slice(0, 1), verb === 'create' || verb === 'deploy' ? 'create' : 'change'), ['changes shared cluster or registry state']);
}

// ---------------------------------------------------------------------------------------------------
// Compose

const COMPOSE_GLOBAL_VALUE_OPTS = ['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file', '--ansi', '--parallel', '--progress', '-H', '--host', '-c', '--context'];

function compose(cmd: SimpleCommand, ctx: AnalysisContext, inherited: Daemon, args: readonly Word[], prefix: string): Action {
  const g = parseArgv(args, { withValue: COMPOSE_GLOBAL_VALUE_OPTS, stopAtFirstPositional: true });
  const daemon = cmd.tool.endsWith('compose') ? daemonOf(cmd, ctx, g) : inherited;
  const c: Ctx = { cmd, ctx, daemon };
  const [verbWord, ...rest] = g.positionals;
  if (!verbWord) return act(c, has(g, '--version', '-v') ? `${prefix} --version` : prefix, 'read', false, 'compose-help');
  const verb = verbWord.value;
  const op = `compose ${verb}`;
  const project = projectName(cmd, ctx, g);
  const projectId = `docker://compose/${project.name}`;
  const pt = (change: Target['change'], extra: Partial<Target> = {}): Target => ({ id: projectId, change, kind: 'compose project', ...(project.dynamic ? { unresolved: ['project'] } : {}), ...extra });
  const services = (p: ParsedArgv, change: Target['change']): Target[] =>
    p.positionals.length > 0 ? p.positionals.map((s) => ({ id: `${projectId}/${s.value}`, change, kind: 'compose service', ...(s.dynamic || project.dynamic ? { unresolved: ['name'] } : {}) })) : [pt(change)];
  if (rest.some((w) => w.value === '--help') && !['run', 'exec'].includes(verb)) return act(c, `${op} --help`, 'read', false, 'help');
  switch (verb) {
    case 'ps': case 'ls': case 'logs': case 'config': case 'convert': case 'images': case 'top': case 'port': case 'events': case 'version': case 'stats': case 'alpha':
      return act(c, op, 'read', false, `compose-${verb}`);
    case 'up': case 'create': {
      const p = sub(rest, ['--scale', '-t', '--timeout', '--pull', '--exit-code-from', '--attach', '--no-attach', '--wait-timeout']);
      if (has(p, '-V', '--renew-anon-volumes')) return act(c, op, 'write', false, `compose-${verb}`, services(p, 'change'), ['--renew-anon-volumes: anonymous volume data is discarded']);
      return act(c, op, 'write', true, `compose-${verb}`, services(p, 'change'), has(p, '--force-recreate') ? ['--force-recreate: containers are recreated'] : []);
    }
    case 'start': case 'stop': case 'restart': case 'pause': case 'unpause': case 'build': case 'pull': case 'scale': case 'watch': case 'wait': case 'attach': {
      const p = sub(rest, ['-t', '--timeout', '--build-arg', '--progress', '--ssh', '--policy']);
      return act(c, op, 'write', true, `compose-${verb}`, services(p, 'change'));
    }
    case 'push':
      return act(c, op, 'write', false, 'compose-push', services(sub(rest), 'change'), ['publishes images to a shared registry']);
    case 'down': {
      const p = sub(rest, ['--rmi', '-t', '--timeout']);
      const notes = ['removes the project\'s containers and networks; `up` recreates them'];
      const targets = [pt('destroy', { many: true })];
      const rmi = optionValue(p, '--rmi')?.value;
      if (rmi) notes.push(`--rmi ${rmi}: removes images too (they can be pulled or built again)`);
      if (has(p, '-v', '--volumes')) {
        notes.push('--volumes: named and anonymous volumes and their data are removed');
        targets.push({ id: `${projectId}/volumes`, change: 'destroy', kind: 'volume', many: true });
        return act(c, op, 'destroy', false, 'compose-down-volumes', targets, notes);
      }
      return act(c, op, 'destroy', true, 'compose-down', targets, notes);
    }
    case 'rm': {
      const p = sub(rest);
      if (has(p, '-v', '--volumes')) return act(c, op, 'destroy', false, 'compose-rm-volumes', services(p, 'destroy'), ['--volumes: anonymous volumes and their data are removed']);
      return act(c, op, 'destroy', true, 'compose-rm', services(p, 'destroy'), ['removes stopped service containers; `up` recreates them']);
    }
    case 'kill':
      return act(c, op, 'destroy', false, 'compose-kill', services(sub(rest, ['-s', '--signal']), 'destroy'), ['kills the services\' processes; in-memory state is lost']);
    case 'run': {
      const p = sub(rest, [...RUN_VALUE_OPTS, '--service-ports'], true);
      const [svc, ...command] = p.positionals;
      const notes = command.length > 0 ? [`runs \`${command.map((w) => w.value).join(' ')}\` in a new ${svc?.value ?? ''} container: not analysed`] : [];
      const risky = mounts(ctx, p).some((m) => m.risky);
      return act(c, op, 'write', !risky, 'compose-run', svc ? [{ id: `${projectId}/${svc.value}`, change: 'create', kind: 'compose service' }] : [pt('change')], notes);
    }
    case 'exec': {
      const p = sub(rest, [...EXEC_VALUE_OPTS, '--index'], true);
      const [svc, ...command] = p.positionals;
      const targets = svc ? [{ id: `${projectId}/${svc.value}`, change: 'change' as const, kind: 'compose service' }] : [pt('change')];
      const inner = command[0] ? path.posix.basename(command[0].value) : '';
      if (inner && LOOK_ONLY.has(inner)) return act(c, op, 'read', false, 'compose-exec-read', targets.map((t) => ({ ...t, change: 'read' as const })));
      return act(c, op, 'unknown', false, 'compose-exec', targets, [`runs ${command.length > 0 ? `\`${command.map((w) => w.value).join(' ')}\`` : 'a command'} inside ${svc?.value ?? 'a service'}: not analysed`]);
    }
    case 'cp':
      return act(c, op, 'write', true, 'compose-cp', [pt('change')]);
  }
  return act(c, op, 'unknown', false, 'unknown-subcommand', [pt('change')], [`unrecognised compose command ${verb}`]);
}

/** Compose's project name: -p, COMPOSE_PROJECT_NAME, else the project directory's name, normalised as Compose does. */
function projectName(cmd: SimpleCommand, ctx: AnalysisContext, g: ParsedArgv): { name: string; dynamic: boolean } {
  const flag = optionValue(g, '-p', '--project-name');
  if (flag) return { name: normalise(flag.value), dynamic: flag.dynamic };
  const env = envOf(cmd, ctx).COMPOSE_PROJECT_NAME;
  if (env) return { name: normalise(env), dynamic: false };
  const dirWord = optionValue(g, '--project-directory');
  const file = optionValue(g, '-f', '--file');
  const dir = dirWord ? resolvePath(ctx, dirWord.value) : file && file.value !== '-' ? path.posix.dirname(resolvePath(ctx, file.value)) : ctx.cwd;
  return { name: normalise(path.posix.basename(dir)), dynamic: Boolean(dirWord?.dynamic || file?.dynamic) };
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}
