/**
 * One-time elevation after a person approves a destructive AWS request.
 *
 * The agent's own session policy denies destructive actions (on protected resources, or everywhere),
 * so an approved `aws s3 rb s3://prod-data` would still be refused by AWS. On approval the gate
 * offers a grant: a random id bound to the approved scope (the exact IAM actions on the exact ARNs the
 * person saw) and to the command's profile. The id travels in the gate's answer to the shim, which
 * exports it as BLAST_RADIUS_GRANT for that one program only, then execs it. When the program asks
 * for credentials, credential_process presents the id, and the gate issues — once — STS credentials
 * whose session policy allows exactly that scope, for the shortest duration STS allows (15 minutes).
 * The CLI and SDKs call credential_process again when they refresh; within those 15 minutes they get
 * the same session back, after which the grant is spent. An unused grant lapses after 15 minutes.
 * A grant that cannot be redeemed (unknown, lapsed, spent, another profile) is no error: the caller
 * gets the agent's scoped credentials, which is never more than it had.
 */
import { randomBytes } from 'node:crypto';
import type { Analysis } from '../../core';
import { GRANT_PATTERN } from '../../ipc/protocol';
import { grantScopeOf, type GrantScope } from './grant-scope';
import { issueSession, type Issued, type SessionCredentials, type StsPort } from './issuer';

/** The shortest session STS issues. */
export const GRANT_SECONDS = 900;
/** How long an approved command has to start using its grant. */
export const GRANT_UNUSED_MS = 15 * 60_000;

/** Builds the session policy of a grant (src/core's buildGrantPolicy), or says why it cannot. */
export type GrantPolicyBuilder = (scope: { actions: string[]; resources: string[] }) => { json: string } | { error: string };

export interface GrantBookOptions {
  sts: StsPort;
  grantPolicy: GrantPolicyBuilder;
  /** Grants only make sense while agent terminals hold scoped credentials. */
  enabled: () => boolean;
  roleArn: () => string | undefined;
  now?: () => number;
  log?: (line: string) => void;
}

/** What the gate tells the agent and the shim after an approval. */
export interface Offer {
  id: string;
  scope: GrantScope;
  /** One sentence for the agent's message. */
  note: string;
}

interface Grant {
  scope: GrantScope;
  policy: string;
  offeredAt: number;
  issued?: Promise<Issued>;
}

export class GrantBook {
  private readonly grants = new Map<string, Grant>();
  private readonly now: () => number;

  constructor(private readonly opts: GrantBookOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** A grant for an approved analysis, or undefined (with the reason logged) when none applies. */
  offer(analysis: Analysis): Offer | undefined {
    if (!this.opts.enabled()) return undefined;
    this.sweep();
    const found = grantScopeOf(analysis);
    if ('none' in found) {
      if (found.none !== 'no destructive AWS action') this.opts.log?.(`no one-time AWS credentials for this approval: ${found.none}`);
      return undefined;
    }
    const policy = this.opts.grantPolicy(found.scope);
    if ('error' in policy) {
      this.opts.log?.(`no one-time AWS credentials for this approval: ${policy.error}`);
      return undefined;
    }
    const id = randomBytes(24).toString('base64url');
    this.grants.set(id, { scope: found.scope, policy: policy.json, offeredAt: this.now() });
    const what = `${found.scope.actions.join(', ')} on ${found.scope.resources.length === 1 ? found.scope.resources[0] : `${found.scope.resources.length} resources`}`;
    return { id, scope: found.scope, note: `AWS credentials for this one command allow exactly ${what}, for ${GRANT_SECONDS / 60} minutes.` };
  }

  /**
   * The grant's credentials when `id` may be redeemed for `profile` now, else undefined (the caller
   * falls back to the agent's scoped credentials). Rejects when the grant is valid but STS refused.
   */
  async redeem(id: string, profile: string): Promise<SessionCredentials | undefined> {
    this.sweep();
    const grant = GRANT_PATTERN.test(id) ? this.grants.get(id) : undefined;
    if (!grant || grant.scope.profile !== profile) return undefined;
    if (!grant.issued) {
      grant.issued = issueSession(this.opts.sts, {
        profile,
        roleArn: this.opts.roleArn(),
        policy: grant.policy,
        durationSeconds: GRANT_SECONDS,
        sessionName: `blast-radius-grant-${id.slice(0, 8)}`,
      });
      grant.issued.then(
        (i) => this.opts.log?.(`one-time AWS credentials issued (${i.via}) for ${grant.scope.actions.join(', ')} on ${grant.scope.resources.join(', ')}`),
        () => this.grants.delete(id),
      );
    }
    const issued = await grant.issued;
    return issued.credentials.expiration.getTime() > this.now() ? issued.credentials : undefined;
  }

  /** Drops lapsed and spent grants. */
  private sweep(): void {
    const now = this.now();
    for (const [id, g] of this.grants) {
      if (!g.issued && now - g.offeredAt > GRANT_UNUSED_MS) this.grants.delete(id);
      // A redeemed grant is kept for its session's lifetime (it cannot outlive it by more than that).
      else if (g.issued && now - g.offeredAt > GRANT_UNUSED_MS + GRANT_SECONDS * 1000) this.grants.delete(id);
    }
  }
}
