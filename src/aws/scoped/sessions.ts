/**
 * Agents' session credentials, one per profile and session policy, kept while they have time left and
 * issued again before they run out. Every credential_process call asks here, so terminals refresh
 * without restarting: the AWS CLI and the SDKs call credential_process again when their copy expires.
 * A changed session policy (new protection) is a different key: the next call gets a new session.
 */
import { createHash } from 'node:crypto';
import { issueSession, type Issued, type SessionCredentials, type StsPort } from './issuer';

/** The session policy in force, or why there is none (then nothing is issued: fail closed). */
export type PolicySource = () => { json: string } | { error: string };

export interface AgentSessionsOptions {
  sts: StsPort;
  policy: PolicySource;
  roleArn: () => string | undefined;
  now?: () => number;
  /** Lifetime asked of STS. Default 30 minutes: short, yet long enough to hand out for ten. */
  sessionSeconds?: number;
  /**
   * Issue anew when less than this is left. Above both SDK refresh windows (the JavaScript SDK treats
   * credentials with under 5 minutes as expired, botocore refreshes under 15), so a process is not
   * sent back for new credentials on every call. Default 20 minutes.
   */
  refreshBeforeSeconds?: number;
  log?: (line: string) => void;
}

export const SESSION_NAME = 'blast-radius-agent';

interface Entry {
  key: string;
  issued: Promise<Issued>;
}

export class AgentSessions {
  private readonly byProfile = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly sessionSeconds: number;
  private readonly refreshBeforeMs: number;

  constructor(private readonly opts: AgentSessionsOptions) {
    this.now = opts.now ?? Date.now;
    this.sessionSeconds = opts.sessionSeconds ?? 1800;
    this.refreshBeforeMs = (opts.refreshBeforeSeconds ?? 1200) * 1000;
  }

  /** Credentials for an agent terminal's `profile`: cached while fresh, else issued now. */
  async credentials(profile: string): Promise<SessionCredentials> {
    const policy = this.opts.policy();
    if ('error' in policy) throw new Error(policy.error);
    const roleArn = this.opts.roleArn();
    const key = createHash('sha256').update(`${roleArn ?? ''}\0${policy.json}`).digest('hex');
    const cached = this.byProfile.get(profile);
    if (cached && cached.key === key) {
      const issued = await cached.issued.catch(() => undefined);
      if (issued && issued.credentials.expiration.getTime() - this.now() > this.refreshBeforeMs) return issued.credentials;
      // A concurrent caller may already have replaced a stale entry: ask again through it.
      const current = this.byProfile.get(profile);
      if (current && current !== cached && current.key === key) return (await current.issued).credentials;
    }
    const issued = issueSession(this.opts.sts, { profile, roleArn, policy: policy.json, durationSeconds: this.sessionSeconds, sessionName: SESSION_NAME });
    const entry: Entry = { key, issued };
    this.byProfile.set(profile, entry);
    issued.then(
      (i) => this.opts.log?.(`agent credentials for profile ${profile}: ${i.via}, until ${i.credentials.expiration.toISOString()}`),
      (e: unknown) => {
        if (this.byProfile.get(profile) === entry) this.byProfile.delete(profile);
        this.opts.log?.(`agent credentials for profile ${profile} were not issued: ${(e as Error).message}`);
      },
    );
    return (await issued).credentials;
  }

  /** Forget every session (settings changed to passthrough, or the window closes). */
  clear(): void {
    this.byProfile.clear();
  }
}
