/**
 * Settings that make git run another program: `-c core.sshCommand=...`, `GIT_SEQUENCE_EDITOR=...`,
 * `--upload-pack=...`. What such a program does is invisible to the git pack, so an invocation that sets
 * one to anything but a well-known harmless value is `unknown` (fail closed).
 */
import type { SimpleCommand } from '../shell/command';
import type { GitInvocation } from './git-invocation';

/** Config keys (lower-cased) whose value is a command line git runs, or a place it loads programs/config from. */
const PROGRAM_KEYS = new Set([
  'core.sshcommand', 'core.pager', 'core.editor', 'core.fsmonitor', 'core.hookspath', 'core.askpass', 'core.gitproxy',
  'sequence.editor', 'diff.external', 'gpg.program', 'credential.helper', 'uploadpack.packobjectshook',
  'include.path', 'init.templatedir', 'protocol.ext.allow',
]);
const PROGRAM_KEY_PATTERNS = [
  /^alias\./, /^pager\./, /^gpg\.[^.]+\.program$/, /^diff\.[^.]+\.(textconv|command)$/, /^filter\.[^.]+\.(clean|smudge|process)$/,
  /^merge\.[^.]+\.driver$/, /^difftool\.[^.]+\.cmd$/, /^mergetool\.[^.]+\.cmd$/, /^remote\.[^.]+\.(uploadpack|receivepack)$/,
  /^includeif\..+\.path$/, /^credential\..+\.helper$/,
];

/** Values that run nothing surprising: no-op programs, common pagers and editors, or "switched off". */
const HARMLESS_VALUES = new Set(['', 'true', 'false', ':', 'cat', 'less', 'less -r', 'less -fr', 'more', 'vi', 'vim', 'nvim', 'nano', 'emacs', 'code --wait', '/dev/null', 'never']);

/** Environment variables (set on the command itself) whose value git runs or reads config from. */
const PROGRAM_ENV = [
  'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS',
  'SSH_ASKPASS', 'GIT_PROXY_COMMAND', 'GIT_EXEC_PATH', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_PARAMETERS', 'GIT_TEMPLATE_DIR', 'EDITOR', 'VISUAL', 'PAGER',
];

/** Subcommand options whose value is a program git starts (locally or on the remote). */
const PROGRAM_OPTIONS = ['--upload-pack', '--receive-pack', '--exec', '-u', '--template'];
const PROGRAM_OPTION_SUBCOMMANDS: Record<string, readonly string[]> = {
  fetch: ['--upload-pack'],
  pull: ['--upload-pack'],
  'ls-remote': ['--upload-pack', '-u'],
  clone: ['--upload-pack', '-u', '--template'],
  init: ['--template'],
  push: ['--receive-pack', '--exec'],
  archive: ['--exec'],
};

export function isProgramKey(key: string): boolean {
  const k = key.toLowerCase();
  return PROGRAM_KEYS.has(k) || PROGRAM_KEY_PATTERNS.some((re) => re.test(k));
}

function harmless(value: string): boolean {
  return HARMLESS_VALUES.has(value.trim().toLowerCase());
}

/** Why this invocation would run a program the pack cannot see, one note per setting; empty when none. */
export function programSettings(inv: GitInvocation): string[] {
  const notes: string[] = [];
  for (const { key, value } of inv.config) {
    if (isProgramKey(key) && !harmless(value)) notes.push(`-c ${key}=${value}: git runs or loads this`);
  }
  notes.push(...programEnv(inv.cmd));
  if (inv.execPath) notes.push(`--exec-path=${inv.execPath}: git subcommands come from that folder`);
  const opts = PROGRAM_OPTION_SUBCOMMANDS[inv.sub ?? ''] ?? [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i].value;
    if (a === '--') break;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (opts.includes(name) && PROGRAM_OPTIONS.includes(name)) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : inv.args[i + 1]?.value ?? '';
      notes.push(`${name} ${value}: git runs this program`);
    }
  }
  // `clone -c key=value` / `--config key=value` writes the setting into the new repository.
  if (inv.sub === 'clone') {
    for (let i = 0; i < inv.args.length; i++) {
      const a = inv.args[i].value;
      const setting = a === '-c' || a === '--config' ? inv.args[i + 1]?.value : a.startsWith('--config=') ? a.slice(9) : undefined;
      if (!setting) continue;
      const e = setting.indexOf('=');
      const key = e < 0 ? setting : setting.slice(0, e);
      if (isProgramKey(key) && !harmless(e < 0 ? 'true' : setting.slice(e + 1))) notes.push(`--config ${setting}: git runs or loads this`);
    }
  }
  return notes;
}

function programEnv(cmd: SimpleCommand): string[] {
  const notes: string[] = [];
  for (const name of PROGRAM_ENV) {
    const v = cmd.assignments[name];
    if (v !== undefined && !harmless(v)) notes.push(`${name}=${v}: git runs or loads this`);
  }
  // GIT_CONFIG_COUNT / GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n: config given through the environment.
  for (const [name, key] of Object.entries(cmd.assignments)) {
    const m = /^GIT_CONFIG_KEY_(\d+)$/.exec(name);
    if (!m) continue;
    const value = cmd.assignments[`GIT_CONFIG_VALUE_${m[1]}`] ?? '';
    if (isProgramKey(key) && !harmless(value)) notes.push(`${name}=${key}: git runs or loads ${value}`);
  }
  return notes;
}
