/**
 * Which AWS credentials agent terminals hold: the person's own (`passthrough`, today's behaviour) or
 * short-lived STS session credentials whose session policy denies what the person has not approved
 * (`scoped`). Read like every other gate setting: a malformed value falls back to the safest one and
 * says so. Leaving `scoped`, dropping "destructive needs approval everywhere" or pointing agents at
 * another role relaxes protection, so those changes wait for a person (src/config/guard.ts).
 */

export type AgentCredentialsMode = 'passthrough' | 'scoped';

export interface AgentCredentials {
  mode: AgentCredentialsMode;
  /** The role agents' sessions assume; absent: the caller's own role, or a federation token for an IAM user. */
  roleArn?: string;
  /** Deny destructive actions on every resource, not only on protected ones. */
  destructiveEverywhere: boolean;
}

export const AGENT_CREDENTIALS_DEFAULTS: AgentCredentials = Object.freeze({ mode: 'passthrough', destructiveEverywhere: false }) as AgentCredentials;

/** An IAM role ARN (any partition, optional path). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;

/**
 * Reads `aws.agentCredentials`, `aws.agentRoleArn` and `aws.destructiveEverywhere` through `get`
 * (the same dotted-or-nested lookup readGateSettings uses), appending one sentence per problem.
 */
export function readAgentCredentials(get: (key: string) => unknown, problems: string[]): AgentCredentials {
  const out: AgentCredentials = { mode: AGENT_CREDENTIALS_DEFAULTS.mode, destructiveEverywhere: false };
  const mode = get('aws.agentCredentials');
  if (mode !== undefined) {
    if (mode === 'passthrough' || mode === 'scoped') out.mode = mode;
    else {
      out.mode = 'scoped';
      problems.push('blastRadius.aws.agentCredentials must be "passthrough" or "scoped"; using "scoped".');
    }
  }
  const role = get('aws.agentRoleArn');
  if (role !== undefined && role !== '' && role !== null) {
    if (typeof role === 'string' && ROLE_ARN.test(role.trim())) out.roleArn = role.trim();
    else problems.push('blastRadius.aws.agentRoleArn must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME); ignoring it.');
  }
  const everywhere = get('aws.destructiveEverywhere');
  if (everywhere !== undefined) {
    if (everywhere === true || everywhere === false) out.destructiveEverywhere = everywhere;
    else {
      out.destructiveEverywhere = true;
      problems.push('blastRadius.aws.destructiveEverywhere must be true or false; using true.');
    }
  }
  return out;
}

/** What a change would relax, in words a person can confirm (see relaxations in src/gate/settings.ts). */
export function agentCredentialsRelaxations(from: AgentCredentials, to: AgentCredentials): string[] {
  const out: string[] = [];
  if (from.mode === 'scoped' && to.mode === 'passthrough') out.push('agent terminals get your full AWS credentials again (scoped → passthrough)');
  if (from.destructiveEverywhere && !to.destructiveEverywhere) out.push('AWS lets agents run destructive actions on unprotected resources again');
  // Another role may hold more permissions than the identity the person chose; only the person can tell.
  // (From passthrough any role is a step down: the person's own credentials can assume it anyway.)
  if (from.mode === 'scoped' && to.mode === 'scoped' && from.roleArn !== to.roleArn) out.push(`agents' AWS role changes from ${from.roleArn ?? 'your own identity'} to ${to.roleArn ?? 'your own identity'}`);
  return out;
}

/** The stricter of two readings: scoped if either is, everywhere if either is, and the accepted role kept. */
export function strictestAgentCredentials(accepted: AgentCredentials, next: AgentCredentials): AgentCredentials {
  const roleArn = accepted.roleArn;
  return {
    mode: accepted.mode === 'scoped' || next.mode === 'scoped' ? 'scoped' : 'passthrough',
    ...(roleArn !== undefined ? { roleArn } : {}),
    destructiveEverywhere: accepted.destructiveEverywhere || next.destructiveEverywhere,
  };
}

/** The `aws` keys readAgentCredentials reads back to the same value. */
export function agentCredentialsSection(s: AgentCredentials): Record<string, unknown> {
  return { agentCredentials: s.mode, ...(s.roleArn !== undefined ? { agentRoleArn: s.roleArn } : {}), destructiveEverywhere: s.destructiveEverywhere };
}
