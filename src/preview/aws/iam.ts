/** IAM roles, users and policies, and what is attached to them (a delete fails while anything is). */
import type { Target } from '../../core';
import { clientFor, IAM } from './clients';
import { age, arnResource, plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

type IamClient = import('@aws-sdk/client-iam').IAMClient;

export async function resolveIam(job: AwsJob, targets: Target[]): Promise<void> {
  const iam = await clientFor(job, IAM);
  await Promise.all(
    targets.map((t) => {
      if (t.unresolved?.includes('value')) return job.notRead(t);
      const role = arnResource(t.id, 'role');
      if (role) return readRole(job, iam, t, role.slice(role.lastIndexOf('/') + 1));
      const user = arnResource(t.id, 'user');
      if (user) return readUser(job, iam, t, user.slice(user.lastIndexOf('/') + 1));
      if (arnResource(t.id, 'policy')) return readPolicy(job, iam, t);
      return job.notRead(t);
    }),
  );
}

function attachedFacts(managed: Array<{ PolicyName?: string }> | undefined, inline: string[] | undefined): string[] {
  const facts: string[] = [];
  const m = (managed ?? []).map((p) => p.PolicyName ?? '?');
  facts.push(m.length > 0 ? `managed policies: ${m.join(', ')}` : 'no managed policies');
  if (inline && inline.length > 0) facts.push(`inline policies: ${inline.join(', ')}`);
  return facts;
}

async function readRole(job: AwsJob, iam: IamClient, t: Target, name: string): Promise<void> {
  const c = await import('@aws-sdk/client-iam');
  const opt = { abortSignal: job.signal };
  await readTarget(
    job,
    t,
    IAM,
    `the role ${name}`,
    () =>
      Promise.all([
        iam.send(new c.GetRoleCommand({ RoleName: name }), opt),
        optional(() => iam.send(new c.ListAttachedRolePoliciesCommand({ RoleName: name }), opt)),
        optional(() => iam.send(new c.ListRolePoliciesCommand({ RoleName: name }), opt)),
        optional(() => iam.send(new c.ListInstanceProfilesForRoleCommand({ RoleName: name }), opt)),
      ]),
    ([role, attached, inline, profiles]) => {
      const r = role.Role;
      if (!r) return undefined;
      const facts: string[] = [];
      if (r.Description) facts.push(r.Description);
      const since = age(r.CreateDate);
      if (since) facts.push(`created ${since} ago`);
      const used = r.RoleLastUsed?.LastUsedDate;
      facts.push(used ? `last used ${age(used)} ago` : 'no recorded use');
      facts.push(...attachedFacts(attached?.AttachedPolicies, inline?.PolicyNames));
      const ips = profiles?.InstanceProfiles ?? [];
      if (ips.length > 0) facts.push(`in instance profiles: ${ips.map((p) => p.InstanceProfileName).join(', ')}`);
      if (job.action.operation === 'iam delete-role' && ((attached?.AttachedPolicies?.length ?? 0) > 0 || (inline?.PolicyNames?.length ?? 0) > 0 || ips.length > 0)) {
        facts.push('delete fails until its policies and instance profiles are removed');
      }
      const trust = decodePolicy(r.AssumeRolePolicyDocument);
      return { id: r.Arn, name: r.RoleName ?? name, facts, before: { trust, managed: attached?.AttachedPolicies?.map((p) => p.PolicyArn), inline: inline?.PolicyNames } };
    },
    name,
  );
}

async function readUser(job: AwsJob, iam: IamClient, t: Target, name: string): Promise<void> {
  const c = await import('@aws-sdk/client-iam');
  const opt = { abortSignal: job.signal };
  await readTarget(
    job,
    t,
    IAM,
    `the user ${name}`,
    () =>
      Promise.all([
        iam.send(new c.GetUserCommand({ UserName: name }), opt),
        optional(() => iam.send(new c.ListAttachedUserPoliciesCommand({ UserName: name }), opt)),
        optional(() => iam.send(new c.ListUserPoliciesCommand({ UserName: name }), opt)),
        optional(() => iam.send(new c.ListGroupsForUserCommand({ UserName: name }), opt)),
        optional(() => iam.send(new c.ListAccessKeysCommand({ UserName: name }), opt)),
      ]),
    ([user, attached, inline, groups, keys]) => {
      const u = user.User;
      if (!u) return undefined;
      const facts: string[] = [];
      const since = age(u.CreateDate);
      if (since) facts.push(`created ${since} ago`);
      if (u.PasswordLastUsed) facts.push(`console password last used ${age(u.PasswordLastUsed)} ago`);
      facts.push(...attachedFacts(attached?.AttachedPolicies, inline?.PolicyNames));
      const g = groups?.Groups ?? [];
      if (g.length > 0) facts.push(`in groups: ${g.map((x) => x.GroupName).join(', ')}`);
      const k = keys?.AccessKeyMetadata ?? [];
      if (k.length > 0) facts.push(`${plural(k.length, 'access key')} (${k.map((x) => `${x.AccessKeyId} ${x.Status}`).join(', ')})`);
      return { id: u.Arn, name: u.UserName ?? name, facts, before: { groups: g.map((x) => x.GroupName), managed: attached?.AttachedPolicies?.map((p) => p.PolicyArn), keys: k.length } };
    },
    name,
  );
}

async function readPolicy(job: AwsJob, iam: IamClient, t: Target): Promise<void> {
  const c = await import('@aws-sdk/client-iam');
  const opt = { abortSignal: job.signal };
  const { id: arn } = await job.arnOf(t);
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  await readTarget(
    job,
    t,
    IAM,
    `the policy ${name}`,
    () => Promise.all([iam.send(new c.GetPolicyCommand({ PolicyArn: arn }), opt), optional(() => iam.send(new c.ListEntitiesForPolicyCommand({ PolicyArn: arn }), opt))]),
    ([policy, entities]) => {
      const p = policy.Policy;
      if (!p) return undefined;
      const facts: string[] = [`attached ${plural(p.AttachmentCount ?? 0, 'time')}`];
      if (p.Description) facts.push(p.Description);
      const on = [
        ...(entities?.PolicyRoles ?? []).map((r) => `role ${r.RoleName}`),
        ...(entities?.PolicyUsers ?? []).map((u) => `user ${u.UserName}`),
        ...(entities?.PolicyGroups ?? []).map((g) => `group ${g.GroupName}`),
      ];
      if (on.length > 0) facts.push(`attached to ${on.join(', ')}`);
      if (job.action.operation === 'iam delete-policy' && on.length > 0) facts.push('delete fails while attached');
      return { id: p.Arn, name: p.PolicyName ?? name, facts, before: { attachedTo: on, defaultVersion: p.DefaultVersionId } };
    },
    name,
  );
}

function decodePolicy(doc: string | undefined): unknown {
  if (!doc) return undefined;
  try {
    return JSON.parse(decodeURIComponent(doc));
  } catch {
    return doc;
  }
}
