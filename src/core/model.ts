/**
 * The analysis model: what a command line would do, to what, in which context.
 * Shared by every rule pack, the policy, the gate and the CLI. Pure data, JSON-serialisable.
 */

/** What an action does to the state it touches. `unknown`: the analyzer could not see through it. */
export type Effect = 'read' | 'write' | 'destroy' | 'unknown';

/** How one resource would change, in the preview's diff vocabulary. */
export type Change = 'destroy' | 'change' | 'create' | 'read';

/**
 * A resource an action touches, named by a canonical identifier:
 * ARNs for AWS, absolute paths for files, `k8s://context/namespace/kind/name`,
 * `git://remote/ref`, `tf://dir/address`, `docker://kind/name`, `db://engine/database[/object]`,
 * `gcp://project/kind/name`, `azure://kind/name`.
 */
export interface Target {
  id: string;
  change: Change;
  /** Short kind name for people: `s3 bucket`, `ec2 instance`, `file`, `branch`. */
  kind: string;
  /** Parts of `id` known only at run time (a `$VAR`, a glob, the AWS account): matched conservatively. */
  unresolved?: string[];
  /** True when the target stands for an open-ended set (a prefix, `--all`, a selector, a recursive delete). */
  many?: boolean;
  /** How many resources it stands for, when a live preview counted them (1,000 objects under a prefix). */
  count?: number;
}

/** Where an action runs: the facts a person needs to recognise the environment. */
export interface ActionContext {
  cwd: string;
  profile?: string;
  region?: string;
  account?: string;
  endpoint?: string;
  /** kubectl context, terraform workspace, git remote, database host: whatever names "where" for that tool. */
  where?: string;
}

export interface Action {
  /** The tool as a person would name it: `aws`, `git`, `terraform`, `rm`. */
  tool: string;
  /** The operation in the tool's own words: `ec2 terminate-instances`, `push --force`, `destroy`. */
  operation: string;
  effect: Effect;
  /**
   * The rule pack judged the effect local and easy to redo or undo (a local commit, a build, deleting
   * regenerable output, pushing new commits). Default policy allows such writes.
   */
  recoverable: boolean;
  targets: Target[];
  context: ActionContext;
  /** The simple command this action came from, as the shell would run it. */
  command: string;
  /** Which rule classified it: `aws.table`, `git.push-force`, `shell.dynamic-command`. */
  rule: string;
  /** Facts worth showing: `--dry-run: AWS only checks permissions`, `seen through: sudo, bash -c`. */
  notes: string[];
}

export interface Analysis {
  commandLine: string;
  actions: Action[];
  /** The parser or unwrapper gave up somewhere; the unknown actions say where. */
  complete: boolean;
}

/**
 * What the caller knows about where the command would run. Everything is optional except cwd;
 * the core never reads the environment or the file system itself.
 */
export interface AnalysisContext {
  cwd: string;
  /** The environment the command would inherit (PATH is not needed). */
  env?: Record<string, string | undefined>;
  home?: string;
  /** Workspace folders: the places whose content the user considers theirs to change. */
  workspaceRoots?: string[];
  /** Default AWS facts the caller resolved (from ~/.aws/config, STS), by profile name ('default' for none). */
  aws?: { account?: string; region?: string; profiles?: Record<string, { region?: string; account?: string }> };
  /** Ask the file system whether a path exists (injected so the core stays free of I/O). */
  exists?: (absolutePath: string) => boolean;
  /** Ask whether a path is a folder (a copy into a folder replaces only the same-named entry inside). */
  isDirectory?: (absolutePath: string) => boolean;
}

/** Rule id for a program no rule pack knows; policy treats it per `blastRadius.unknownTools`. */
export const UNRECOGNISED_TOOL = 'shell.unrecognised-tool';
/** Rule id for what the analyzer could not see through; policy always asks. */
export const OPAQUE = 'shell.opaque';
