/**
 * The shims' fast path: argv forms the core certainly allows (they only read), so a shim can exec the
 * real program without asking the gate. This table is the one source of truth: the sh `case` code in
 * every shim is generated from it (scripts.ts), a unit test runs the real analyzer over every form with
 * hostile suffixes, and an integration test runs the generated sh against `fastPathAllows`.
 *
 * Correctness over coverage: a form belongs here only if whatever may follow it still only reads. What
 * is not here is not refused, only asked about (≤ 30 ms when the gate allows it).
 */
import awsTable from '../core/rules/aws/operations.generated.json';

/** Services of the core's AWS command table (`ec2`, `s3api`, …). */
function awsServices(): string[] {
  return Object.keys((awsTable as { services: Record<string, unknown> }).services).sort();
}

/**
 * One word pattern: a literal word, or `prefix*` meaning the prefix followed by one or more of
 * [a-z0-9-] (so `describe-*` cannot match `describe-x; rm` or a word with a slash).
 */
export type WordPattern = string;

export interface FastPathForm {
  /** The leading words, each a list of alternatives. No leading option may precede them unless listed. */
  words: WordPattern[][];
  /** Nothing may follow (forms that only read when bare, e.g. `git branch`). */
  exact?: boolean;
}

export interface ToolFastPath {
  forms: FastPathForm[];
  /**
   * Words after the form that send the argv to the gate: a literal, or a literal then `*` (any rest,
   * including `=value` and bundled short options). Decided per tool, wider than the core needs.
   */
  risky?: string[];
  /** Variables whose presence (even empty) sends the argv to the gate: they add arguments or config. */
  riskyEnv?: string[];
}

/** The charset a `prefix*` pattern's tail must stay in: CLI subcommand names. */
export const TAIL_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';

const one = (...alternatives: string[]): WordPattern[] => alternatives;
const forms = (...words: WordPattern[][]): FastPathForm => ({ words });
const exact = (...words: WordPattern[][]): FastPathForm => ({ words, exact: true });

const GIT_READS = one(
  'status', 'log', 'diff', 'show', 'blame', 'annotate', 'rev-parse', 'rev-list', 'describe', 'ls-files', 'ls-tree',
  'ls-remote', 'cat-file', 'shortlog', 'name-rev', 'merge-base', 'for-each-ref', 'show-ref', 'show-branch',
  'count-objects', 'check-ignore', 'check-attr', 'cherry', 'range-diff', 'diff-tree', 'diff-files', 'diff-index',
  'whatchanged', 'grep', 'version',
);

const TERRAFORM: ToolFastPath = {
  forms: [
    forms(one('version', '-version', '--version', '-v')),
    forms(one('show', 'output', 'validate')),
    forms(one('state'), one('list', 'show')),
    forms(one('workspace'), one('show', 'list')),
    forms(one('providers'), one('schema')),
    exact(one('providers')),
  ],
  // TF_CLI_ARGS and TF_CLI_ARGS_<subcommand> add arguments the argv does not show.
  riskyEnv: [
    'TF_CLI_ARGS', 'TF_CLI_ARGS_show', 'TF_CLI_ARGS_output', 'TF_CLI_ARGS_validate', 'TF_CLI_ARGS_state',
    'TF_CLI_ARGS_state_list', 'TF_CLI_ARGS_state_show', 'TF_CLI_ARGS_workspace', 'TF_CLI_ARGS_workspace_show',
    'TF_CLI_ARGS_workspace_list', 'TF_CLI_ARGS_providers', 'TF_CLI_ARGS_providers_schema',
  ],
};

// `python -v` is verbose mode (a REPL), `node -V` is no option: the version flags differ per tool.
const NODE_VERSION: ToolFastPath = { forms: [exact(one('--version', '-v'))] };
const PYTHON_VERSION: ToolFastPath = { forms: [exact(one('--version', '-V'))] };

/**
 * Per tool. Services for `aws <service> describe-*|list-*` come from the core's own command table, so a
 * service the core does not know (a plugin's) is asked about. `get-*` is left out: some write local files
 * (`s3api get-object … outfile`).
 */
export const FAST_PATHS: Readonly<Record<string, ToolFastPath>> = {
  aws: {
    forms: [
      exact(one('--version')),
      forms(one('sts'), one('get-caller-identity')),
      forms(one('s3'), one('ls')),
      forms(one('configure'), one('list', 'list-profiles')),
      forms(awsServices().filter((s) => s !== 's3' && s !== 'configure' && s !== 'history'), one('describe-*', 'list-*')),
    ],
  },
  git: {
    forms: [
      exact(one('--version')),
      forms(GIT_READS),
      forms(one('--no-pager'), GIT_READS),
      forms(one('stash'), one('list')),
      exact(one('branch')),
      exact(one('branch'), one('--show-current')),
      exact(one('remote')),
      exact(one('remote'), one('-v')),
    ],
    // --output writes a file; -O opens grep matches in a program; --upload-pack / -u run one.
    risky: ['--output*', '-O*', '--open-files-in-pager*', '--upload-pack*', '-u*', '--exec*', '--lost-found'],
  },
  kubectl: {
    forms: [
      forms(one('get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version')),
      exact(one('cluster-info')),
      forms(one('config'), one('view', 'get-contexts', 'current-context', 'get-clusters')),
      forms(one('auth'), one('can-i', 'whoami')),
    ],
  },
  helm: {
    forms: [forms(one('list', 'ls', 'status', 'history', 'get', 'version'))],
  },
  docker: {
    forms: [
      exact(one('--version')),
      forms(one('ps', 'images', 'inspect', 'logs', 'version', 'info')),
      forms(one('image'), one('ls', 'inspect')),
      forms(one('container'), one('ls', 'inspect', 'logs')),
      forms(one('compose'), one('ps', 'ls')),
    ],
  },
  terraform: TERRAFORM,
  tofu: TERRAFORM,
  gh: {
    forms: [
      forms(one('pr'), one('view', 'list', 'status', 'diff', 'checks')),
      forms(one('issue'), one('view', 'list', 'status')),
      forms(one('run'), one('list', 'view')),
      forms(one('repo'), one('view')),
      forms(one('auth'), one('status')),
    ],
  },
  npm: {
    forms: [exact(one('--version')), exact(one('-v')), forms(one('ls', 'list', 'view', 'info', 'outdated'))],
  },
  node: NODE_VERSION,
  python: PYTHON_VERSION,
  python3: PYTHON_VERSION,
  find: {
    forms: [forms()],
    // Actions that delete, run programs or write files; -D/-O are find's own global options.
    risky: ['-delete', '-exec*', '-execdir*', '-ok*', '-okdir*', '-fprint*', '-fls*'],
  },
  rg: {
    forms: [forms()],
    // --pre runs a program per file; --hostname-bin runs one for hyperlinks; a config file can add either.
    risky: ['--pre*', '--hostname-bin*'],
    riskyEnv: ['RIPGREP_CONFIG_PATH'],
  },
};

/** Whether one word matches one pattern. */
export function wordMatches(pattern: WordPattern, word: string): boolean {
  if (!pattern.endsWith('*')) return word === pattern;
  const prefix = pattern.slice(0, -1);
  if (!word.startsWith(prefix) || word.length === prefix.length) return false;
  for (const ch of word.slice(prefix.length)) if (!TAIL_CHARS.includes(ch)) return false;
  return true;
}

/** A risky pattern: `literal` matches itself, `literal*` matches any word starting with literal. */
export function isRisky(patterns: readonly string[], word: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? word.startsWith(p.slice(0, -1)) : word === p));
}

/**
 * The fast path's decision: true when the shim may exec the real program without asking. The first form
 * that matches decides (an exact form matches only the whole argv); the generated sh tries them in order.
 */
export function fastPathAllows(tool: string, argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): boolean {
  const table = Object.prototype.hasOwnProperty.call(FAST_PATHS, tool) ? FAST_PATHS[tool] : undefined;
  if (!table) return false;
  if ((table.riskyEnv ?? []).some((name) => env[name] !== undefined)) return false;
  const form = table.forms.find(
    (f) => (f.exact ? argv.length === f.words.length : argv.length >= f.words.length) && f.words.every((alts, i) => alts.some((p) => wordMatches(p, argv[i]))),
  );
  if (!form) return false;
  return !argv.slice(form.words.length).some((w) => isRisky(table.risky ?? [], w));
}

/** Checks the table's own rules (patterns the sh generator can express safely); returns problems. */
export function tableProblems(): string[] {
  const problems: string[] = [];
  const literal = /^[A-Za-z0-9_.:@%+=,/-]+$/;
  for (const [tool, t] of Object.entries(FAST_PATHS)) {
    for (const f of t.forms) {
      for (const alts of f.words) {
        for (const p of alts) {
          const body = p.endsWith('*') ? p.slice(0, -1) : p;
          if (!literal.test(body)) problems.push(`${tool}: pattern ${JSON.stringify(p)} has characters the sh generator does not quote`);
          if (p.endsWith('*') && [...body].some((c) => !TAIL_CHARS.includes(c))) problems.push(`${tool}: prefix ${JSON.stringify(p)} leaves [a-z0-9-]`);
        }
      }
    }
    for (const r of t.risky ?? []) {
      if (!literal.test(r.endsWith('*') ? r.slice(0, -1) : r)) problems.push(`${tool}: risky ${JSON.stringify(r)} has unquotable characters`);
    }
    for (const name of t.riskyEnv ?? []) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) problems.push(`${tool}: env ${name} is not a sh name`);
  }
  return problems;
}
