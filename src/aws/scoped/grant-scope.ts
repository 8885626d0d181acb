/**
 * What a one-time grant covers, read from the analysis a person approved: the IAM actions of every
 * AWS action that changes something, on exactly the ARNs the preview named (the live preview has
 * already replaced an account `*` with the account STS named). Anything that cannot be named exactly
 * means no grant: the command then runs with the agent's scoped credentials, and AWS refuses what
 * their session policy denies.
 */
import type { Action, Analysis, Target } from '../../core';
import { grantActionsFor } from './iam-actions';

export interface GrantScope {
  /** IAM actions, `s3:DeleteBucket`. */
  actions: string[];
  /** ARNs, `arn:aws:s3:::prod-data`. */
  resources: string[];
  /** The profile the approved command runs with: only its credential_process may redeem the grant. */
  profile: string;
}

export type GrantScopeResult = { scope: GrantScope } | { none: string };

export function grantScopeOf(analysis: Analysis): GrantScopeResult {
  const changing = analysis.actions.filter((a) => a.tool === 'aws' && a.effect !== 'read');
  if (!changing.some((a) => a.effect === 'destroy')) return { none: 'no destructive AWS action' };
  const actions = new Set<string>();
  const resources = new Set<string>();
  const profiles = new Set<string>();
  for (const action of changing) {
    const iam = grantActionsFor(action.operation);
    if (!iam) return { none: `the IAM actions of \`aws ${action.operation}\` cannot be named exactly` };
    iam.forEach((x) => actions.add(x));
    if (action.targets.length === 0) return { none: `\`aws ${action.operation}\` names no resource` };
    for (const t of action.targets) {
      const arn = arnOf(t, action);
      if (!arn) return { none: `${t.id} is not an exact ARN` };
      // The listing a recursive S3 delete needs on its bucket is added by buildGrantPolicy.
      resources.add(arn);
    }
    profiles.add(action.context.profile ?? 'default');
  }
  if (profiles.size !== 1) return { none: `the command uses several AWS profiles (${[...profiles].join(', ')})` };
  return { scope: { actions: [...actions].sort(), resources: [...resources].sort(), profile: [...profiles][0] } };
}

/** A target's exact ARN: an ARN with nothing unresolved, or an account `*` the context knows, or an EC2 instance. */
export function arnOf(target: Target, action: Action): string | undefined {
  const unresolved = target.unresolved ?? [];
  const account = action.context.account && /^\d{12}$/.test(action.context.account) ? action.context.account : undefined;
  if (target.id.startsWith('arn:')) {
    if (unresolved.length === 0) return target.id;
    const parts = target.id.split(':');
    if (unresolved.every((u) => u === 'account') && account && parts[4] === '*') return [...parts.slice(0, 4), account, ...parts.slice(5)].join(':');
    return undefined;
  }
  const ec2 = /^aws:\/\/ec2\/([a-z0-9-]+)\/instance-ids\/(i-[0-9a-f]+)$/.exec(target.id);
  if (ec2 && unresolved.length === 0 && account) return `arn:aws:ec2:${ec2[1]}:${account}:instance/${ec2[2]}`;
  return undefined;
}
