/**
 * Obtains session credentials from STS with the person's own credentials (the SDK's default chain for
 * the profile, in the extension's process), always with a session policy:
 *   - AssumeRole on the configured agent role, when there is one;
 *   - else AssumeRole on the caller's own role, when the caller is a role session (its trust policy
 *     must allow that; when it does not, the error says so and what to do);
 *   - else GetFederationToken, when the caller is an IAM user;
 *   - never from root credentials.
 * The effective permissions are what the principal allows intersected with the session policy, so
 * the policy can only take away. Secrets never reach a log or an error message from here.
 */
import { classifyCaller, type Caller } from './caller';

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface IssueRequest {
  /** The person's profile whose credentials ask STS ('default' for the default one). */
  profile: string;
  /** The role to assume; absent: derived from the caller. */
  roleArn?: string;
  /** The session policy, as JSON. */
  policy: string;
  durationSeconds: number;
  /** RoleSessionName / federated user name: how the session shows in CloudTrail. */
  sessionName: string;
}

export interface Issued {
  credentials: SessionCredentials;
  /** How they were obtained, for the log and the status: `AssumeRole arn:…:role/agent`. */
  via: string;
}

/** The STS calls an issuer needs; the SDK in production, a stand-in in unit tests. */
export interface StsPort {
  callerArn(profile: string): Promise<string>;
  /** The role's ARN with its path, when IAM tells (the session ARN leaves the path out). */
  roleArnWithPath(profile: string, roleName: string): Promise<string | undefined>;
  assumeRole(profile: string, input: { RoleArn: string; RoleSessionName: string; Policy: string; DurationSeconds: number }): Promise<SessionCredentials>;
  federationToken(profile: string, input: { Name: string; Policy: string; DurationSeconds: number }): Promise<SessionCredentials>;
}

/** A refusal to issue, with a sentence a person can act on. */
export class IssueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssueError';
  }
}

export async function issueSession(sts: StsPort, req: IssueRequest): Promise<Issued> {
  let caller: Caller;
  try {
    caller = classifyCaller(await sts.callerArn(req.profile));
  } catch (e) {
    throw new IssueError(`could not read who profile ${req.profile} is (STS GetCallerIdentity: ${awsError(e)}); sign in with that profile first`);
  }
  if (caller.kind === 'root') {
    throw new IssueError(`profile ${req.profile} holds the root user's credentials of account ${caller.account}. Blast Radius does not derive agent credentials from root (root cannot assume roles, and nothing should run as root); use an IAM user or role, or set blastRadius.aws.agentRoleArn`);
  }
  const assume = async (roleArn: string, why: string): Promise<Issued> => {
    try {
      const credentials = await sts.assumeRole(req.profile, { RoleArn: roleArn, RoleSessionName: req.sessionName, Policy: req.policy, DurationSeconds: req.durationSeconds });
      return { credentials, via: `AssumeRole ${roleArn}` };
    } catch (e) {
      throw new IssueError(`AssumeRole on ${roleArn} (${why}) failed: ${awsError(e)}`);
    }
  };
  if (req.roleArn) return assume(req.roleArn, 'blastRadius.aws.agentRoleArn');
  if (caller.kind === 'assumed-role') {
    const roleArn = (await sts.roleArnWithPath(req.profile, caller.roleName).catch(() => undefined)) ?? caller.roleArn;
    try {
      return await assume(roleArn, `your own role, as ${caller.arn}`);
    } catch (e) {
      throw new IssueError(`${(e as Error).message}. A role session can take a session policy only by assuming a role again: the role's trust policy must allow ${caller.roleName} (or your account) to assume it, or set blastRadius.aws.agentRoleArn to a role you may assume`);
    }
  }
  if (caller.kind === 'user') {
    try {
      const credentials = await sts.federationToken(req.profile, { Name: req.sessionName.slice(0, 32), Policy: req.policy, DurationSeconds: req.durationSeconds });
      return { credentials, via: `GetFederationToken as ${caller.arn}` };
    } catch (e) {
      throw new IssueError(`GetFederationToken as ${caller.arn} failed: ${awsError(e)}. The IAM user needs sts:GetFederationToken, or set blastRadius.aws.agentRoleArn to a role it may assume`);
    }
  }
  throw new IssueError(`profile ${req.profile} signs in as ${caller.arn}, from which Blast Radius cannot derive session credentials; set blastRadius.aws.agentRoleArn to a role it may assume`);
}

/** The error's name and message, bounded: never the request, which carries no secret but is long. */
export function awsError(e: unknown): string {
  const err = e as { name?: unknown; message?: unknown };
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return `${name}: ${message}`.replace(/\s+/g, ' ').slice(0, 300);
}

export interface SdkStsOptions {
  /** STS (and IAM) endpoint, for tests and private endpoints; default: the SDK's own resolution. */
  endpoint?: string;
  region?: string;
}

/** StsPort with @aws-sdk/client-sts (and client-iam for a role's path), loaded on first use. */
export function sdkSts(opts: SdkStsOptions = {}): StsPort {
  const config = (profile: string): Record<string, unknown> => {
    const c: Record<string, unknown> = { maxAttempts: 2, region: opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' };
    // `default` without AWS_PROFILE: the whole default chain (environment keys included), as the CLI would.
    if (profile !== 'default' || process.env.AWS_PROFILE) c.profile = profile;
    if (opts.endpoint) c.endpoint = opts.endpoint;
    return c;
  };
  const clients = new Map<string, Promise<import('@aws-sdk/client-sts').STSClient>>();
  const sts = (profile: string) => {
    let c = clients.get(profile);
    if (!c) {
      c = import('@aws-sdk/client-sts').then(({ STSClient }) => new STSClient(config(profile)));
      clients.set(profile, c);
    }
    return c;
  };
  const toCredentials = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined, call: string): SessionCredentials => {
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !(c.Expiration instanceof Date)) throw new Error(`${call} answered without complete credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  return {
    async callerArn(profile) {
      const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
      const me = await (await sts(profile)).send(new GetCallerIdentityCommand({}));
      if (!me.Arn) throw new Error('GetCallerIdentity answered without an ARN');
      return me.Arn;
    },
    async roleArnWithPath(profile, roleName) {
      const { IAMClient, GetRoleCommand } = await import('@aws-sdk/client-iam');
      const r = await new IAMClient(config(profile)).send(new GetRoleCommand({ RoleName: roleName }));
      return r.Role?.Arn;
    },
    async assumeRole(profile, input) {
      const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      return toCredentials((await (await sts(profile)).send(new AssumeRoleCommand(input))).Credentials, 'AssumeRole');
    },
    async federationToken(profile, input) {
      const { GetFederationTokenCommand } = await import('@aws-sdk/client-sts');
      return toCredentials((await (await sts(profile)).send(new GetFederationTokenCommand(input))).Credentials, 'GetFederationToken');
    },
  };
}
