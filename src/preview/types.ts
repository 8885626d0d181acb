/**
 * Live previews: resolvers read the real state of what an action would touch, read-only and bounded in
 * time, so a person sees "terminate prod-web-1 (m5.2xlarge, running 412 days, env=prod)" rather than
 * "terminate i-0abc". Resolvers do I/O (SDK calls, `terraform plan`, git, the file system); the core
 * stays pure and only receives their results.
 */
import type { Action, AnalysisContext, Change } from '../core';

/** One resource as read live. */
export interface ResolvedResource {
  /** Canonical identifier (ARN, path, tf://…, git://…); may be new: a stack's member, an object under a prefix. */
  id: string;
  change: Change;
  /** Short kind for people: `ec2 instance`, `s3 object`, `file`, `commit`. */
  kind: string;
  /** What people call it: the Name tag, the file name, the commit subject. */
  name: string;
  /** Facts that help recognise it: `m5.2xlarge`, `running since 2025-10-01`, `tag env=prod`, `1.2 GB`. */
  facts: string[];
  /** The identifier of the analysed target this was expanded from, when it is not that target itself. */
  from?: string;
  /** Small JSON-able state before the command, for the side-by-side view. */
  before?: unknown;
  /** State after the command when known; absent for destroyed resources. */
  after?: unknown;
}

/** A resolution that did not work, shown as such — never as an empty preview. */
export interface ResolverFailure {
  /** The target it was about, when there is one. */
  target?: string;
  /** For a person: `could not read the stack: AccessDenied`. */
  message: string;
}

/** Who the command would run as. */
export interface Identity {
  account?: string;
  arn?: string;
  profile?: string;
  region?: string;
}

export interface ResolverResult {
  resources: ResolvedResource[];
  failures: ResolverFailure[];
  identity?: Identity;
  /**
   * Totals when only a sample is listed: `{ "arn:aws:s3:::logs/*": 1000 }` — 1,000 objects would go,
   * the sample shows 20. Counted toward the bulk threshold.
   */
  totals?: Record<string, number>;
}

export interface ResolveRequest {
  action: Action;
  /** cwd and the terminal's environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, KUBECONFIG, …). */
  ctx: AnalysisContext;
  /** Aborts at the time limit (blastRadius.preview.timeoutSeconds, default 5 s). */
  signal: AbortSignal;
}

export interface Resolver {
  name: string;
  /** True when this resolver can say more about the action than the analysis does. */
  handles(action: Action): boolean;
  /** Read-only. Must honour the signal. Throwing is allowed: the caller turns it into a failure line. */
  resolve(req: ResolveRequest): Promise<ResolverResult>;
}
