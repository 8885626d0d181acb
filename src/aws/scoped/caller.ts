/**
 * What kind of principal the person's credentials are, from the ARN STS GetCallerIdentity returns:
 * that decides how agents' session credentials can be obtained (AssumeRole or GetFederationToken),
 * or whether they must not be (root).
 */

export type Caller =
  | { kind: 'root'; account: string; arn: string }
  /** A session of a role: `roleArn` is without the role's path, which the session ARN does not carry. */
  | { kind: 'assumed-role'; account: string; arn: string; roleName: string; roleArn: string }
  | { kind: 'user'; account: string; arn: string; userName: string }
  /** A federated user, or anything else: no way to derive agents' credentials without a configured role. */
  | { kind: 'other'; account: string; arn: string };

export function classifyCaller(arn: string): Caller {
  const m = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.*)$/.exec(arn);
  if (!m) return { kind: 'other', account: '', arn };
  const [, partition, service, account, rest] = m;
  if (service === 'iam' && rest === 'root') return { kind: 'root', account, arn };
  if (service === 'sts') {
    const role = /^assumed-role\/([\w+=,.@-]{1,64})\/[^/]+$/.exec(rest);
    if (role) return { kind: 'assumed-role', account, arn, roleName: role[1], roleArn: `arn:${partition}:iam::${account}:role/${role[1]}` };
  }
  if (service === 'iam') {
    const user = /^user\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(rest);
    if (user) return { kind: 'user', account, arn, userName: user[1] };
  }
  return { kind: 'other', account, arn };
}
