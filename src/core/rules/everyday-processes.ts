/**
 * Processes and services. Ending a process loses its in-memory state and the analyzer cannot tell the
 * agent's own dev server from a database, so signals ask, except to the shell's own jobs (`kill %1`).
 */
import type { Target } from '../model';
import type { Word } from '../shell/command';
import { has, optionValue, parseArgv } from './support';
import { packActions, type ToolAnalyzer } from './tool-analyzer';

const act = packActions('everyday');

/** Signals that only poke a process (reload, pause, window size): it keeps running. */
const GENTLE_SIGNALS = new Set(['0', 'HUP', '1', 'USR1', '10', 'USR2', '12', 'CONT', '18', 'STOP', '19', 'TSTP', '20', 'WINCH', '28']);

function signalName(text: string): string {
  return text.replace(/^-/, '').toUpperCase().replace(/^SIG/, '');
}

function processTarget(w: Word, change: Target['change']): Target {
  const t: Target = { id: `process://${w.value}`, change, kind: 'process' };
  if (w.dynamic) t.unresolved = ['pid'];
  if (w.value === '-1') t.many = true;
  return t;
}

const kill: ToolAnalyzer = (cmd, ctx) => {
  let signal = 'TERM';
  const pids: Word[] = [];
  let options = true;
  let signalSeen = false;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (options && a === '--') options = false;
    else if (options && (a === '-l' || a === '-L' || a === '--list' || a === '--table')) {
      return act(cmd, ctx, { operation: 'kill -l', effect: 'read', rule: 'read-only' });
    } else if (options && !signalSeen && (a === '-s' || a === '-n' || a === '--signal')) {
      signal = signalName(cmd.args[++i]?.value ?? 'TERM');
      signalSeen = true;
    } else if (options && !signalSeen && a.startsWith('-') && pids.length === 0 && a.length > 1) {
      signal = signalName(a);
      signalSeen = true;
    } else pids.push(cmd.args[i]);
  }
  if (signal === '0') return act(cmd, ctx, { operation: 'kill -0', effect: 'read', rule: 'kill-check' });
  const ends = !GENTLE_SIGNALS.has(signal);
  const ownJobs = pids.length > 0 && pids.every((w) => w.value.startsWith('%'));
  return act(cmd, ctx, {
    operation: `kill -${signal}`, effect: ends ? 'destroy' : 'write', recoverable: ownJobs, rule: ownJobs ? 'kill-job' : 'kill',
    targets: pids.map((w) => processTarget(w, ends ? 'destroy' : 'change')),
    notes: ownJobs ? ['a background job of this shell'] : pids.some((w) => w.value === '-1') ? ['-1: every process the user may signal'] : [],
  });
};

/** pkill/killall: by name or pattern, so as many processes as match. */
const killByName: ToolAnalyzer = (cmd, ctx) => {
  // `pkill -9 node`, `killall -KILL node`: a signal written as an option of its own.
  const signalWord = cmd.args.find((w) => /^-(\d+|SIG[A-Z0-9]+|[A-Z][A-Z0-9]+)$/.test(w.value));
  const p = parseArgv(cmd.args.filter((w) => w !== signalWord), {
    withValue: ['-s', '--signal', '-u', '--user', '-U', '--uid', '-g', '--pgroup', '-G', '--group', '-P', '--parent', '-t', '--terminal', '--ns', '--nslist', '--older-than', '--younger-than'],
  });
  if (has(p, '-l', '--list', '-V', '--version', '-h', '--help')) return act(cmd, ctx, { operation: cmd.tool, effect: 'read', rule: 'read-only' });
  const patterns = p.positionals;
  const signal = signalName(optionValue(p, '-s', '--signal')?.value ?? signalWord?.value ?? 'TERM');
  if (signal === '0') return act(cmd, ctx, { operation: `${cmd.tool} -0`, effect: 'read', rule: 'kill-check' });
  const ends = !GENTLE_SIGNALS.has(signal);
  const notes = has(p, '-f', '--full') ? ['-f: matches anywhere in the full command line'] : [];
  const user = optionValue(p, '-u', '--user');
  if (user) notes.push(`processes of user ${user.value}`);
  return act(cmd, ctx, {
    operation: `${cmd.tool} -${signal}`, effect: ends ? 'destroy' : 'write', rule: 'kill-by-name', notes,
    targets: (patterns.length ? patterns : [{ value: '*', dynamic: false }]).map((w) => ({
      id: `process://name/${w.value}`, change: ends ? 'destroy' : 'change', kind: 'processes', many: true,
      ...(w.dynamic ? { unresolved: ['value'] } : {}),
    })),
  });
};

const SYSTEMCTL_READ = new Set([
  'status', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'list-units', 'list-unit-files', 'list-sockets',
  'list-timers', 'list-jobs', 'list-dependencies', 'list-machines', 'list-automounts', 'list-paths', 'show', 'cat', 'help',
  'show-environment', 'get-default', 'log-level', 'log-target', 'service-log-level',
]);
const SYSTEMCTL_WRITE = new Set([
  'start', 'stop', 'restart', 'reload', 'try-restart', 'reload-or-restart', 'try-reload-or-restart', 'condrestart',
  'enable', 'disable', 'reenable', 'preset', 'preset-all', 'mask', 'unmask', 'link', 'revert', 'daemon-reload',
  'daemon-reexec', 'kill', 'freeze', 'thaw', 'reset-failed', 'set-property', 'edit', 'isolate', 'set-environment',
  'unset-environment', 'import-environment', 'set-default', 'add-wants', 'add-requires', 'suspend', 'hibernate',
  'hybrid-sleep', 'suspend-then-hibernate', 'rescue', 'emergency', 'default', 'bind', 'mount-image',
]);
/** Ends every process on the machine, or deletes a unit's state, cache and logs. */
const SYSTEMCTL_DESTROY = new Set(['poweroff', 'halt', 'reboot', 'kexec', 'soft-reboot', 'clean', 'exit']);

const systemctl: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, {
    withValue: ['-t', '--type', '-p', '--property', '-H', '--host', '-M', '--machine', '-n', '--lines', '-o', '--output',
      '--state', '-s', '--signal', '--kill-whom', '--kill-value', '--root', '--job-mode', '--what', '--timestamp', '--boot-loader-entry', '--message'],
  });
  const [verbWord, ...units] = p.positionals;
  const verb = verbWord?.value ?? 'list-units';
  const host = optionValue(p, '-H', '--host')?.value;
  const scope = has(p, '--user') ? 'user/' : '';
  const context = host ? { where: host } : undefined;
  if (SYSTEMCTL_READ.has(verb) || has(p, '-h', '--help', '--version')) {
    return act(cmd, ctx, { operation: `systemctl ${verb}`, effect: 'read', rule: 'read-only', context });
  }
  const known = SYSTEMCTL_WRITE.has(verb) || SYSTEMCTL_DESTROY.has(verb);
  const destroy = SYSTEMCTL_DESTROY.has(verb);
  const targets: Target[] = units.length
    ? units.map((w) => ({ id: `systemd://${scope}${w.value}`, change: destroy ? 'destroy' : 'change', kind: 'service', ...(w.dynamic || /[*?[]/.test(w.value) ? { many: true } : {}) }))
    : [{ id: `systemd://${scope}${host ?? 'localhost'}`, change: destroy ? 'destroy' : 'change', kind: 'system' }];
  return act(cmd, ctx, {
    operation: `systemctl ${verb}`, effect: known ? (destroy ? 'destroy' : 'write') : 'unknown', rule: known ? 'systemctl' : 'systemctl-unknown',
    targets, context, notes: has(p, '--now') ? ['--now: also starts or stops the unit'] : [],
  });
};

const journalctl: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-u', '--unit', '-n', '--lines', '-o', '--output', '-p', '--priority', '-S', '--since', '-U', '--until', '-b', '--boot', '-t', '--identifier', '-D', '--directory', '-M', '--machine', '--vacuum-size', '--vacuum-time', '--vacuum-files'] });
  const vacuum = ['--vacuum-size', '--vacuum-time', '--vacuum-files'].find((o) => has(p, o));
  if (vacuum) {
    return act(cmd, ctx, {
      operation: `journalctl ${vacuum}`, effect: 'destroy', rule: 'journal-vacuum',
      targets: [{ id: 'journal://archived', change: 'destroy', kind: 'system logs', many: true }],
    });
  }
  const maintenance = ['--rotate', '--flush', '--sync', '--relinquish-var', '--setup-keys', '--update-catalog'].find((o) => has(p, o));
  if (maintenance) return act(cmd, ctx, { operation: `journalctl ${maintenance}`, effect: 'write', recoverable: maintenance !== '--setup-keys', rule: 'journal-maintenance' });
  return act(cmd, ctx, { operation: 'journalctl', effect: 'read', rule: 'read-only' });
};

const crontab: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-u'] });
  const user = optionValue(p, '-u')?.value ?? ctx.env?.USER ?? 'current';
  const target = (change: Target['change']): Target[] => [{ id: `crontab://${user}`, change, kind: 'crontab' }];
  if (has(p, '-l', '-T')) return act(cmd, ctx, { operation: 'crontab -l', effect: 'read', rule: 'read-only' });
  if (has(p, '-r')) return act(cmd, ctx, { operation: 'crontab -r', effect: 'destroy', rule: 'crontab-remove', targets: target('destroy') });
  return act(cmd, ctx, {
    operation: has(p, '-e') ? 'crontab -e' : 'crontab (replace)', effect: 'write', rule: 'crontab-edit', targets: target('change'),
    notes: has(p, '-e') ? [] : ['replaces the whole crontab'],
  });
};

export const processAnalyzers: Record<string, ToolAnalyzer> = { kill, pkill: killByName, killall: killByName, systemctl, journalctl, crontab };
