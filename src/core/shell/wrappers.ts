/**
 * Commands that run another command: privilege (`sudo`, `doas`), environment (`env`, `aws-vault exec`),
 * scheduling (`nice`, `timeout`, `watch`), package runners (`npx`, `uv run`), shells (`bash -c`) and
 * `eval`. Each step peels one wrapper and says what runs inside it; the walker repeats until none is left.
 */
import type { Word } from './command';

export type Unwrapped =
  /** The wrapped command, with what the wrapper added to its environment and working directory. */
  | { kind: 'exec'; program: Word; args: Word[]; via: string; assignments?: Record<string, string>; cwd?: Word }
  /** Text the wrapper hands to a shell: the walker parses it as a command line of its own. */
  | { kind: 'script'; text: string; dynamic: boolean; via: string; args?: Word[] }
  /** A shell reading its script from standard input (`curl … | sh`, `bash <<EOF`). */
  | { kind: 'stdin-shell'; via: string }
  /** The wrapper alone, running nothing (`env`, `sudo -l`, `command -v aws`): it only reads. */
  | { kind: 'read'; via: string }
  /** Something runs whose content cannot be known before it does. */
  | { kind: 'opaque'; via: string; reason: string };

interface OptionSpec {
  /** Options that consume the next word (or a glued `--opt=value` / `-ovalue`). */
  withValue?: string[];
  /** Options after which nothing is executed (lookups, listings). */
  readOnly?: string[];
  /** `NAME=value` words after the options are assignments for the command (sudo, env). */
  assignments?: boolean;
  /** Operands before the command (`timeout DURATION`, `chroot DIR`). */
  operands?: number;
}

interface Split {
  options: Map<string, string | true>;
  assignments: Record<string, string>;
  operands: Word[];
  rest: Word[];
}

/** Reads a wrapper's own options, stopping at the first word that is not one: the command it runs. */
function split(args: Word[], spec: OptionSpec): Split {
  const withValue = new Set(spec.withValue ?? []);
  const options = new Map<string, string | true>();
  const assignments: Record<string, string> = {};
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) options.set(a.slice(0, eq), a.slice(eq + 1));
      else if (withValue.has(a)) options.set(a, args[++i]?.value ?? '');
      else options.set(a, true);
      continue;
    }
    if (/^-\d+$/.test(a)) {
      options.set(a, true); // `nice -10`
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const opt = '-' + a[j];
      if (withValue.has(opt)) {
        const glued = a.slice(j + 1);
        options.set(opt, glued || (args[++i]?.value ?? ''));
        break;
      }
      options.set(opt, true);
    }
  }
  if (spec.assignments) {
    for (; i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i].value); i++) {
      const eq = args[i].value.indexOf('=');
      assignments[args[i].value.slice(0, eq)] = args[i].value.slice(eq + 1);
    }
  }
  const n = spec.operands ?? 0;
  const operands = args.slice(i, i + n);
  return { options, assignments, operands, rest: args.slice(i + n) };
}

function isReadOnly(s: Split, spec: OptionSpec): boolean {
  return (spec.readOnly ?? []).some((o) => s.options.has(o));
}

/** Wrappers whose only job is to run the rest of the line as a command. */
const SIMPLE: Record<string, OptionSpec> = {
  sudo: {
    withValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--other-user', '--command-timeout'],
    readOnly: ['-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp', '-V', '--version', '--help'],
    assignments: true,
  },
  doas: { withValue: ['-u', '-C'], readOnly: ['-C'] },
  nice: { withValue: ['-n', '--adjustment'] },
  nohup: {},
  setsid: {},
  unbuffer: {},
  builtin: {},
  coproc: {},
  '!': {},
  exec: { withValue: ['-a'] },
  command: { readOnly: ['-v', '-V'] },
  timeout: { withValue: ['-s', '--signal', '-k', '--kill-after'], operands: 1 },
  time: { withValue: ['-f', '--format', '-o', '--output'] },
  stdbuf: { withValue: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  ionice: { withValue: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata', '--pid', '--pgid', '--uid'], readOnly: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'] },
  chroot: { withValue: ['--userspec', '--groups'], operands: 1 },
  taskset: { withValue: [], readOnly: ['-p', '--pid'], operands: 1 },
  strace: { withValue: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-I', '-O', '-S', '-X', '-b', '-P'] },
  ltrace: { withValue: ['-o', '-e', '-p', '-s', '-u', '-a', '-n', '-l', '-x', '-L'] },
  valgrind: {},
  'xvfb-run': { withValue: ['-n', '-s', '-f', '-e', '-p', '-w', '--server-num', '--server-args', '--auth-file', '--error-file', '--xauth-protocol', '--wait'] },
  caffeinate: { withValue: ['-t', '-w'] },
  nsenter: { withValue: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-r', '--root', '-w', '--wd'] },
  runuser: { withValue: ['-u', '--user', '-g', '--group', '-G', '--supp-group', '-s', '--shell'] },
  uvx: { withValue: ['--from', '--with', '--python', '-p'] },
  pipx: {},
  'dotenv': { withValue: ['-e', '-v', '-p', '-c'] },
};

/** Tools that take a subcommand before the command they run: `npm exec`, `poetry run`, `bundle exec`. */
const RUNNERS: Record<string, { sub: string[]; spec: OptionSpec }> = {
  npm: { sub: ['exec', 'x'], spec: { withValue: ['--package', '-p', '-w', '--workspace'] } },
  pnpm: { sub: ['exec', 'dlx'], spec: { withValue: ['--package', '-p', '--filter', '-F', '-C', '--dir'] } },
  yarn: { sub: ['dlx', 'exec'], spec: { withValue: ['--package', '-p'] } },
  bun: { sub: ['x'], spec: {} },
  uv: { sub: ['run'], spec: { withValue: ['--with', '--python', '-p', '--project', '--directory', '--package', '--extra', '--group', '--env-file', '--from'] } },
  pipx: { sub: ['run'], spec: { withValue: ['--spec', '--python'] } },
  poetry: { sub: ['run'], spec: { withValue: ['-C', '--directory', '-P', '--project'] } },
  pipenv: { sub: ['run'], spec: {} },
  pdm: { sub: ['run'], spec: {} },
  conda: { sub: ['run'], spec: { withValue: ['-n', '--name', '-p', '--prefix', '--cwd'] } },
  mamba: { sub: ['run'], spec: { withValue: ['-n', '--name', '-p', '--prefix', '--cwd'] } },
  hatch: { sub: ['run'], spec: {} },
  rye: { sub: ['run'], spec: {} },
  bundle: { sub: ['exec'], spec: {} },
  op: { sub: ['run'], spec: { withValue: ['--env-file', '--account'] } },
  doppler: { sub: ['run'], spec: { withValue: ['-p', '--project', '-c', '--config', '--token', '--command'] } },
  infisical: { sub: ['run'], spec: { withValue: ['--env', '--path', '--projectId', '--token', '--command'] } },
  direnv: { sub: ['exec'], spec: { operands: 1 } },
};

/**
 * Package runners can run any binary the project has; when the first word names a tool we have rules
 * for, `yarn cdk destroy` is `cdk destroy`. Everything else stays with the package manager's own rules.
 */
const RUNNABLE_TOOLS = new Set(['cdk', 'aws-cdk', 'serverless', 'sls', 'terraform', 'tofu', 'terragrunt', 'pulumi', 'sam', 'aws', 'kubectl', 'helm', 'cdktf', 'prisma', 'wrangler']);

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'rbash']);

/** Peels one wrapper off `tool args`, or returns undefined when `tool` is not a wrapper. */
export function unwrapStep(tool: string, args: Word[]): Unwrapped | undefined {
  const simple = SIMPLE[tool];
  if (simple) return unwrapSimple(tool, args, simple);
  if (SHELLS.has(tool)) return unwrapShell(tool, args);
  switch (tool) {
    case 'env':
      return unwrapEnv(args);
    case 'eval':
      return joinAsScript(args, 'eval');
    case 'trap':
      return unwrapTrap(args);
    case 'watch':
      return unwrapWatch(args);
    case 'xargs':
      return unwrapXargs(args);
    case 'parallel':
      return unwrapParallel(args);
    case 'npx':
    case 'pnpx':
    case 'bunx':
      return unwrapNpx(tool, args);
    case 'aws-vault':
      return unwrapAwsVault(args);
    case 'flock':
      return unwrapFlock(args);
    case 'su':
      return unwrapSu(args);
    case 'script':
      return unwrapScriptCmd(args);
    case 'busybox':
      return args.length > 0 ? { kind: 'exec', program: args[0], args: args.slice(1), via: 'busybox' } : { kind: 'read', via: 'busybox' };
    case 'gdb': {
      const i = args.findIndex((a) => a.value === '--args');
      return i >= 0 && i + 1 < args.length ? { kind: 'exec', program: args[i + 1], args: args.slice(i + 2), via: 'gdb --args' } : undefined;
    }
  }
  const runner = RUNNERS[tool];
  if (runner && args.length > 0) {
    if (runner.sub.includes(args[0].value)) {
      const s = split(args.slice(1), runner.spec);
      if (s.rest.length === 0) return { kind: 'read', via: `${tool} ${args[0].value}` };
      return { kind: 'exec', program: normalisePackage(s.rest[0]), args: s.rest.slice(1), via: `${tool} ${args[0].value}` };
    }
    if (['yarn', 'pnpm', 'bun'].includes(tool) && RUNNABLE_TOOLS.has(args[0].value)) {
      return { kind: 'exec', program: args[0], args: args.slice(1), via: tool };
    }
  }
  return undefined;
}

function unwrapSimple(tool: string, args: Word[], spec: OptionSpec): Unwrapped {
  const s = split(args, spec);
  if (isReadOnly(s, spec) || s.rest.length === 0) {
    if (tool === 'sudo' && (s.options.has('-s') || s.options.has('-i'))) return { kind: 'stdin-shell', via: 'sudo -s' };
    if (tool === 'doas' && s.options.has('-s')) return { kind: 'stdin-shell', via: 'doas -s' };
    if (tool === 'chroot' && s.rest.length === 0 && !isReadOnly(s, spec)) return { kind: 'stdin-shell', via: 'chroot' };
    return { kind: 'read', via: tool };
  }
  const via = tool === 'sudo' && s.options.has('-u') ? `sudo -u ${s.options.get('-u')}` : tool;
  const program = tool === 'uvx' || tool === 'pipx' ? normalisePackage(s.rest[0]) : s.rest[0];
  if (tool === 'pipx' && program.value === 'run') {
    return unwrapStep('pipx', args) ?? { kind: 'read', via: 'pipx' };
  }
  const out: Unwrapped = { kind: 'exec', program, args: s.rest.slice(1), via, assignments: s.assignments };
  if (tool === 'sudo' && typeof s.options.get('-D') === 'string') out.cwd = { value: String(s.options.get('-D')), dynamic: false };
  return out;
}

function unwrapEnv(args: Word[]): Unwrapped {
  const s = split(args, {
    withValue: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string', '-P', '--block-signal', '--default-signal', '--ignore-signal'],
    assignments: true,
  });
  const splitString = s.options.get('-S') ?? s.options.get('--split-string');
  if (typeof splitString === 'string') {
    // `env -S 'a b c'` splits the string into words itself: parse it as a command line.
    const rest = s.rest.map((w) => quoteForShell(w.value)).join(' ');
    return { kind: 'script', text: `${splitString} ${rest}`.trim(), dynamic: s.rest.some((w) => w.dynamic), via: 'env -S' };
  }
  if (s.rest.length === 0) return { kind: 'read', via: 'env' };
  const chdir = s.options.get('-C') ?? s.options.get('--chdir');
  return {
    kind: 'exec',
    program: s.rest[0],
    args: s.rest.slice(1),
    via: 'env',
    assignments: s.assignments,
    cwd: typeof chdir === 'string' ? { value: chdir, dynamic: false } : undefined,
  };
}

function unwrapShell(tool: string, args: Word[]): Unwrapped {
  let command = false;
  let stdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (a === '-o' || a === '+o' || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') {
      i++;
      continue;
    }
    if (a.startsWith('--')) continue;
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    if (a.startsWith('-') && a.includes('c')) command = true;
    if (a.startsWith('-') && a.includes('s')) stdin = true;
    if (a.includes('o') || a.includes('O')) i++; // `-euo pipefail`: the bundle's -o takes the next word
  }
  const operands = args.slice(i);
  if (command) {
    if (operands.length === 0) return { kind: 'opaque', via: `${tool} -c`, reason: `${tool} -c without a command` };
    // `bash -c 'script' name arg…`: the script sees the rest as $0, $1, … (known only at run time).
    return { kind: 'script', text: operands[0].value, dynamic: operands[0].dynamic, via: `${tool} -c`, args: operands.slice(1) };
  }
  if (stdin || operands.length === 0) return { kind: 'stdin-shell', via: tool };
  // A script file: the analyzer cannot see its content, like any program it has no rule for.
  return { kind: 'exec', program: operands[0], args: operands.slice(1), via: `${tool} script` };
}

function joinAsScript(args: Word[], via: string): Unwrapped {
  if (args.length === 0) return { kind: 'read', via };
  const dynamic = args.some((a) => a.dynamic);
  if (dynamic) return { kind: 'opaque', via, reason: `${via} of text known only at run time` };
  return { kind: 'script', text: args.map((a) => a.value).join(' '), dynamic: false, via };
}

function unwrapTrap(args: Word[]): Unwrapped {
  if (args.length < 2 || args[0].value.startsWith('-')) return { kind: 'read', via: 'trap' };
  if (args[0].dynamic) return { kind: 'opaque', via: 'trap', reason: 'trap action known only at run time' };
  return { kind: 'script', text: args[0].value, dynamic: false, via: 'trap' };
}

function unwrapWatch(args: Word[]): Unwrapped {
  const s = split(args, { withValue: ['-n', '--interval', '-q', '--equexit'] });
  if (s.rest.length === 0) return { kind: 'read', via: 'watch' };
  if (s.options.has('-x') || s.options.has('--exec')) {
    return { kind: 'exec', program: s.rest[0], args: s.rest.slice(1), via: 'watch -x' };
  }
  // watch hands its words, joined by spaces, to `sh -c`.
  return { kind: 'script', text: s.rest.map((w) => w.value).join(' '), dynamic: s.rest.some((w) => w.dynamic), via: 'watch' };
}

/** Stands for the items xargs reads from its input: known only at run time. */
export const XARGS_INPUT: Word = { value: '<xargs input>', dynamic: true };

function unwrapXargs(args: Word[]): Unwrapped {
  const s = split(args, {
    withValue: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--replace', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
  });
  const program = s.rest[0] ?? { value: 'echo', dynamic: false };
  const replace = s.options.get('-I') ?? s.options.get('--replace') ?? (s.options.has('-i') ? '{}' : undefined);
  let inner = s.rest.slice(1);
  if (typeof replace === 'string' && replace !== '') {
    inner = inner.map((w) => (w.value.includes(replace) ? { value: w.value.split(replace).join(XARGS_INPUT.value), dynamic: true } : w));
  } else {
    inner = [...inner, XARGS_INPUT];
  }
  return { kind: 'exec', program, args: inner, via: 'xargs' };
}

/**
 * GNU parallel: `parallel [options] command ::: inputs`. Inputs after `:::` are literal; without them
 * the inputs come from stdin. A single command word with spaces is run by a shell, once per input.
 */
function unwrapParallel(args: Word[]): Unwrapped {
  const s = split(args, {
    withValue: ['-j', '--jobs', '-S', '--sshlogin', '-N', '-n', '-L', '--delay', '--timeout', '--joblog', '--results', '-I', '--colsep', '-d', '--delimiter', '-a', '--arg-file', '--tmpdir', '--workdir', '--wd'],
  });
  const sep = s.rest.findIndex((w) => w.value === ':::' || w.value === '::::' || w.value === ':::+');
  const command = sep >= 0 ? s.rest.slice(0, sep) : s.rest;
  const inputs: Word[] = sep >= 0 && s.rest[sep].value === ':::' ? s.rest.slice(sep + 1).filter((w) => !w.value.startsWith(':::')) : [XARGS_INPUT];
  if (command.length === 0) return { kind: 'opaque', via: 'parallel', reason: 'parallel runs its inputs as commands' };
  const replace = typeof s.options.get('-I') === 'string' ? String(s.options.get('-I')) : '{}';
  const withInputs = (words: Word[]): Word[] => {
    const replaced = words.some((w) => w.value.includes(replace));
    if (!replaced) return [...words, ...inputs];
    const joined = inputs.map((i) => i.value).join(' ');
    const dynamic = inputs.some((i) => i.dynamic);
    return words.map((w) => (w.value.includes(replace) ? { value: w.value.split(replace).join(joined), dynamic: w.dynamic || dynamic } : w));
  };
  if (command.length === 1 && /\s/.test(command[0].value)) {
    const text = withInputs(command).map((w) => w.value).join(' ');
    return { kind: 'script', text, dynamic: command[0].dynamic || inputs.some((i) => i.dynamic), via: 'parallel' };
  }
  const words = withInputs(command);
  return { kind: 'exec', program: words[0], args: words.slice(1), via: 'parallel' };
}

/** npm package specs name a binary: `aws-cdk@2` runs `cdk`, `@scope/tool` runs `tool`. */
const PACKAGE_BINARIES: Record<string, string> = { 'aws-cdk': 'cdk', 'cdktf-cli': 'cdktf', serverless: 'serverless', '@pulumi/pulumi': 'pulumi' };

function normalisePackage(w: Word): Word {
  let name = w.value;
  const at = name.lastIndexOf('@');
  if (at > 0) name = name.slice(0, at);
  if (PACKAGE_BINARIES[name]) return { value: PACKAGE_BINARIES[name], dynamic: w.dynamic };
  if (name.startsWith('@') && name.includes('/')) name = name.slice(name.indexOf('/') + 1);
  return { value: name, dynamic: w.dynamic };
}

function unwrapNpx(tool: string, args: Word[]): Unwrapped {
  const s = split(args, { withValue: ['-p', '--package', '-c', '--call', '--node-options', '--userconfig', '--cache', '-w', '--workspace'] });
  const call = s.options.get('-c') ?? s.options.get('--call');
  if (typeof call === 'string') return { kind: 'script', text: call, dynamic: false, via: `${tool} -c` };
  if (s.rest.length === 0) return { kind: 'read', via: tool };
  return { kind: 'exec', program: normalisePackage(s.rest[0]), args: s.rest.slice(1), via: tool };
}

function unwrapAwsVault(args: Word[]): Unwrapped | undefined {
  if (args[0]?.value !== 'exec') return undefined;
  const s = split(args.slice(1), { withValue: ['-d', '--duration', '-t', '--mfa-token', '--region', '--prompt', '--backend'], operands: 0 });
  // `aws-vault exec PROFILE [--] command`: the profile comes first, options may follow it.
  const [profile, ...after] = s.rest;
  if (!profile) return { kind: 'read', via: 'aws-vault exec' };
  const s2 = split(after, { withValue: ['-d', '--duration', '-t', '--mfa-token', '--region', '--prompt'] });
  const assignments = { AWS_PROFILE: profile.value, AWS_VAULT: profile.value };
  if (s2.rest.length === 0) return { kind: 'stdin-shell', via: `aws-vault exec ${profile.value}` };
  return { kind: 'exec', program: s2.rest[0], args: s2.rest.slice(1), via: `aws-vault exec ${profile.value}`, assignments };
}

function unwrapFlock(args: Word[]): Unwrapped {
  const s = split(args, { withValue: ['-w', '--timeout', '-E', '--conflict-exit-code'], operands: 1 });
  const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
  if (c >= 0 && c + 1 < args.length) return { kind: 'script', text: args[c + 1].value, dynamic: args[c + 1].dynamic, via: 'flock -c' };
  if (s.rest.length === 0) return { kind: 'read', via: 'flock' };
  return { kind: 'exec', program: s.rest[0], args: s.rest.slice(1), via: 'flock' };
}

function unwrapSu(args: Word[]): Unwrapped {
  const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
  if (c >= 0 && c + 1 < args.length) return { kind: 'script', text: args[c + 1].value, dynamic: args[c + 1].dynamic, via: 'su -c' };
  return { kind: 'stdin-shell', via: 'su' };
}

function unwrapScriptCmd(args: Word[]): Unwrapped {
  const c = args.findIndex((a) => a.value === '-c' || a.value === '--command');
  if (c >= 0 && c + 1 < args.length) return { kind: 'script', text: args[c + 1].value, dynamic: args[c + 1].dynamic, via: 'script -c' };
  return { kind: 'stdin-shell', via: 'script' };
}

/** `find … -exec cmd {} ;` runs cmd once per found file: the commands, and find's own words without them. */
export function splitFindExec(args: Word[]): { find: Word[]; execs: Array<{ via: string; words: Word[] }> } {
  const find: Word[] = [];
  const execs: Array<{ via: string; words: Word[] }> = [];
  const roots = args.filter((a, i) => i < firstExpression(args) && !a.value.startsWith('-')).map((a) => a.value);
  const found: Word = { value: `<files found under ${roots.join(' ') || '.'}>`, dynamic: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      const words: Word[] = [];
      let j = i + 1;
      for (; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++) {
        words.push(args[j].value.includes('{}') ? { value: args[j].value.split('{}').join(found.value), dynamic: true } : args[j]);
      }
      if (words.length > 0) execs.push({ via: `find ${a}`, words });
      i = j;
      find.push({ value: a, dynamic: false });
      continue;
    }
    find.push(args[i]);
  }
  return { find, execs };
}

function firstExpression(args: Word[]): number {
  const i = args.findIndex((a) => /^[-!(]/.test(a.value) && !['-H', '-L', '-P'].includes(a.value));
  return i < 0 ? args.length : i;
}

/** Quotes a word so that re-parsing the joined text gives the same word back. */
export function quoteForShell(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
