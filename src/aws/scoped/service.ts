/**
 * Agents' AWS credentials as one service, without vscode: the answer to a credential_process
 * (`POST /v1/credentials`, see src/ipc/credentials.ts), the line the panel shows, and one-time grants
 * after approvals. The settings in force decide everything on every call: passthrough issues nothing,
 * a new session policy means new sessions.
 */
import type { Analysis } from '../../core';
import type { GateSettings } from '../../gate/settings';
import type { GateAwsCredentials } from '../../gate/types';
import type { CredentialsRequest, ProcessCredentials } from '../../ipc/credentials';
import { agentPolicyFor, grantPolicy } from './agent-policy';
import { describeAgentCredentials } from './describe';
import { GrantBook, type GrantPolicyBuilder } from './grants';
import { IssueError, type SessionCredentials, type StsPort } from './issuer';
import { AgentSessions } from './sessions';
import { AGENT_CREDENTIALS_DEFAULTS } from './settings';

export interface AgentCredentialsServiceOptions {
  settings: () => GateSettings;
  sts: StsPort;
  now?: () => number;
  log?: (line: string) => void;
  /** For tests: shorter sessions (see AgentSessions). */
  sessionSeconds?: number;
  refreshBeforeSeconds?: number;
  /** For tests: another grant policy builder. Default: the core's buildGrantPolicy. */
  grantPolicy?: GrantPolicyBuilder;
}

export class AgentCredentialsService implements GateAwsCredentials {
  readonly sessions: AgentSessions;
  readonly grants: GrantBook;

  constructor(private readonly opts: AgentCredentialsServiceOptions) {
    const creds = () => opts.settings().agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS;
    this.sessions = new AgentSessions({
      sts: opts.sts,
      policy: () => {
        const p = agentPolicyFor(opts.settings());
        return 'error' in p ? { error: p.error } : { json: p.policy.json };
      },
      roleArn: () => creds().roleArn,
      now: opts.now,
      log: opts.log,
      sessionSeconds: opts.sessionSeconds,
      refreshBeforeSeconds: opts.refreshBeforeSeconds,
    });
    this.grants = new GrantBook({
      sts: opts.sts,
      grantPolicy: opts.grantPolicy ?? grantPolicy,
      enabled: () => creds().mode === 'scoped',
      roleArn: () => creds().roleArn,
      now: opts.now,
      log: opts.log,
    });
  }

  get scoped(): boolean {
    return (this.opts.settings().agentCredentials ?? AGENT_CREDENTIALS_DEFAULTS).mode === 'scoped';
  }

  describe(): string | undefined {
    return describeAgentCredentials(this.opts.settings()).line;
  }

  offer(analysis: Analysis): { id: string; note: string } | undefined {
    return this.grants.offer(analysis);
  }

  /** The credentials endpoint's handler. Refusals carry a reason for the person; never a secret. */
  async handle(req: CredentialsRequest): Promise<{ credentials: ProcessCredentials } | { refused: string }> {
    if (!this.scoped) {
      return { refused: 'blastRadius.aws.agentCredentials is "passthrough" now, so the gate issues no agent credentials; open a new terminal' };
    }
    try {
      if (req.grant) {
        const granted = await this.grants.redeem(req.grant, req.profile);
        if (granted) return { credentials: processCredentials(granted) };
      }
      return { credentials: processCredentials(await this.sessions.credentials(req.profile)) };
    } catch (e) {
      const reason = e instanceof IssueError ? e.message : `could not issue them: ${(e as Error).message ?? String(e)}`;
      return { refused: reason.slice(0, 1000) };
    }
  }
}

export function processCredentials(c: SessionCredentials): ProcessCredentials {
  return { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration.toISOString() };
}
