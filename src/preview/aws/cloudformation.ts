/**
 * CloudFormation: `delete-stack` takes every resource in the stack (nested stacks' too) unless a
 * DeletionPolicy keeps it; `execute-change-set` applies a change set's adds, modifications, replacements
 * and removals. Creating a change set is a write, so `deploy`/`update-stack` are not previewed in detail.
 */
import type { Target } from '../../core';
import type { ResolvedResource } from '../types';
import { CLOUDFORMATION, clientFor, endpointName } from './clients';
import { attempt } from './errors';
import { age, plural, type AwsJob } from './job';

/** Nested stacks are followed this deep; below that their resources are named as not listed. */
const MAX_NESTING = 3;
const MAX_RESOURCES = 5_000;

export async function resolveCloudFormation(job: AwsJob, targets: Target[]): Promise<void> {
  const op = job.action.operation.replace(/^cloudformation /, '');
  if (op === 'execute-change-set') return changeSet(job, targets);
  const stacks = targets.filter((t) => /:stack\//.test(t.id));
  const others = targets.filter((t) => !/:stack\//.test(t.id));
  for (const t of others) job.notRead(t);
  await Promise.all(stacks.map((t) => stack(job, t, op)));
}

function stackNameOf(t: Target): string {
  const m = /:stack\/([^/]+)(?:\/(.*))?$/.exec(t.id);
  if (!m) return t.id;
  // A full stack ARN names one stack exactly; `stack/NAME/*` is the analysis's "this name, any id".
  return m[2] && m[2] !== '*' ? t.id : m[1];
}

interface StackFacts {
  id: string;
  name: string;
  status?: string;
  protectedFromDelete: boolean;
  facts: string[];
}

async function describeStack(job: AwsJob, t: Target, name: string): Promise<StackFacts | 'missing' | undefined> {
  const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = await clientFor(job, CLOUDFORMATION);
  let gone = false;
  const r = await attempt(
    job,
    `the stack ${name}`,
    endpointName(job, CLOUDFORMATION),
    t.id,
    () => cfn.send(new DescribeStacksCommand({ StackName: name }), { abortSignal: job.signal }),
    () => {
      gone = true;
    },
  );
  // CloudFormation says "ValidationError: Stack with id X does not exist" for a missing stack.
  if (gone || (r && (r.Stacks ?? []).length === 0)) return 'missing';
  const s = r?.Stacks?.[0];
  if (!s) return undefined;
  const facts = [s.StackStatus ?? 'status unknown'];
  const protectedFromDelete = !!s.EnableTerminationProtection;
  if (protectedFromDelete) facts.push('termination protection on: delete-stack fails');
  const since = age(s.CreationTime);
  if (since) facts.push(`created ${since} ago`);
  if (s.Description) facts.push(s.Description.slice(0, 120));
  if (s.ParentId) facts.push(`nested in ${s.ParentId}`);
  for (const tag of (s.Tags ?? []).slice(0, 6)) facts.push(`tag ${tag.Key}=${tag.Value}`);
  return { id: s.StackId ?? t.id, name: s.StackName ?? name, status: s.StackStatus, protectedFromDelete, facts };
}

async function stack(job: AwsJob, t: Target, op: string): Promise<void> {
  const name = stackNameOf(t);
  const found = await describeStack(job, t, name);
  if (found === 'missing') {
    const fact = op === 'create-stack' || op === 'deploy' ? 'does not exist yet: created' : 'does not exist: the command would fail';
    job.add({ id: t.id, change: op === 'deploy' ? 'create' : t.change, kind: t.kind, name: lastName(name), facts: [fact] });
    return;
  }
  if (!found) return;
  const self: ResolvedResource = { id: found.id, change: t.change, kind: t.kind, name: found.name, facts: found.facts, before: { status: found.status } };
  if (found.id !== t.id) self.from = t.id;
  if (op === 'delete-stack') {
    job.add(self);
    const members = await deletedResources(job, found.id, found.name, t.id, 0, new Set(job.flagList('retain-resources')));
    if (members !== undefined) {
      self.facts.push(`${plural(members, 'resource')} in the stack`);
      job.totals[t.id] = members;
    }
    return;
  }
  if (op === 'update-stack' || op === 'deploy' || op === 'create-change-set') {
    self.facts.push('changes not previewed: seeing them needs a change set, and creating one is a write');
    const pending = await pendingChangeSets(job, found.id);
    if (pending.length > 0) self.facts.push(`change sets waiting: ${pending.join(', ')}`);
  }
  if (op === 'create-stack') self.facts.unshift('already exists: the command would fail');
  job.add(self);
}

function lastName(name: string): string {
  return /:stack\/([^/]+)/.exec(name)?.[1] ?? name;
}

async function pendingChangeSets(job: AwsJob, stackId: string): Promise<string[]> {
  const { ListChangeSetsCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = await clientFor(job, CLOUDFORMATION);
  try {
    const r = await cfn.send(new ListChangeSetsCommand({ StackName: stackId }), { abortSignal: job.signal });
    return (r.Summaries ?? []).map((c) => `${c.ChangeSetName} (${c.Status})`).slice(0, 5);
  } catch {
    return [];
  }
}

/** Every live resource of the stack as a destroyed entry (or kept, per its DeletionPolicy); returns how many. */
async function deletedResources(job: AwsJob, stackId: string, stackName: string, from: string, depth: number, retained: Set<string>): Promise<number | undefined> {
  const { ListStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = await clientFor(job, CLOUDFORMATION);
  const place = placeOfStack(stackId, job.region);
  const [policies, listed] = await Promise.all([
    deletionPolicies(job, stackId),
    attempt(job, `the resources of the stack ${stackName}`, endpointName(job, CLOUDFORMATION), from, async () => {
      const all = [];
      let token: string | undefined;
      do {
        const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }), { abortSignal: job.signal });
        all.push(...(page.StackResourceSummaries ?? []));
        token = page.NextToken;
      } while (token && all.length < MAX_RESOURCES);
      return all;
    }),
  ]);
  if (!listed) return undefined;
  let count = 0;
  const nested: Array<Promise<number | undefined>> = [];
  for (const r of listed) {
    if (r.ResourceStatus === 'DELETE_COMPLETE' || !r.LogicalResourceId) continue;
    count++;
    const type = r.ResourceType ?? 'unknown';
    const physical = r.PhysicalResourceId;
    const facts = [type];
    if (physical) facts.push(`physical id ${physical}`);
    if (r.ResourceStatus) facts.push(r.ResourceStatus);
    const policy = policies.get(r.LogicalResourceId);
    const kept = retained.has(r.LogicalResourceId) || policy === 'Retain' || policy === 'RetainExceptOnCreate';
    if (retained.has(r.LogicalResourceId)) facts.push('kept: --retain-resources');
    else if (kept) facts.push(`kept: DeletionPolicy ${policy}`);
    else if (policy === 'Snapshot') facts.push('a snapshot is taken first (DeletionPolicy Snapshot)');
    const id = physical ? arnOfPhysical(type, physical, place) : undefined;
    job.add({
      id: id ?? `aws://cloudformation/${place.region}/stack/${stackName}/${r.LogicalResourceId}`,
      change: kept ? 'read' : 'destroy',
      kind: kindOfType(type),
      name: r.LogicalResourceId,
      facts,
      from,
    });
    if (type === 'AWS::CloudFormation::Stack' && physical?.startsWith('arn:') && !kept) {
      if (depth + 1 < MAX_NESTING) nested.push(deletedResources(job, physical, lastName(physical), from, depth + 1, new Set()));
      else facts.push('nested stack: its own resources go too (not listed)');
    }
  }
  for (const n of await Promise.all(nested)) count += n ?? 0;
  if (listed.length >= MAX_RESOURCES) job.fail(`the stack ${stackName} has more than ${MAX_RESOURCES} resources: the rest are not listed`, from);
  return count;
}

/**
 * DeletionPolicy per logical id, from the stack's template. JSON templates are parsed; YAML ones are
 * scanned line by line for `DeletionPolicy:` under each resource, which is all this needs.
 */
async function deletionPolicies(job: AwsJob, stackId: string): Promise<Map<string, string>> {
  const { GetTemplateCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = await clientFor(job, CLOUDFORMATION);
  const out = new Map<string, string>();
  let body: string | undefined;
  try {
    body = (await cfn.send(new GetTemplateCommand({ StackName: stackId }), { abortSignal: job.signal })).TemplateBody;
  } catch {
    return out;
  }
  if (!body) return out;
  try {
    const t = JSON.parse(body) as { Resources?: Record<string, { DeletionPolicy?: string }> };
    for (const [logical, r] of Object.entries(t.Resources ?? {})) if (typeof r?.DeletionPolicy === 'string') out.set(logical, r.DeletionPolicy);
    return out;
  } catch {
    // YAML
  }
  let inResources = false;
  let indent = -1;
  let current: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inResources = /^Resources\s*:/.test(line);
      indent = -1;
      continue;
    }
    if (!inResources || /^\s*(#|$)/.test(line)) continue;
    const lead = /^(\s*)/.exec(line)![1].length;
    if (indent < 0) indent = lead;
    if (lead === indent) current = /^\s*["']?([A-Za-z0-9]+)["']?\s*:/.exec(line)?.[1];
    const policy = /^\s+DeletionPolicy\s*:\s*["']?(\w+)/.exec(line);
    if (policy && current && lead > indent) out.set(current, policy[1]);
  }
  return out;
}

async function changeSet(job: AwsJob, targets: Target[]): Promise<void> {
  const { DescribeChangeSetCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = await clientFor(job, CLOUDFORMATION);
  const changeSetName = job.flag('change-set-name');
  const stackName = job.flag('stack-name');
  const target = targets[0] ?? job.action.targets[0];
  if (!changeSetName) {
    for (const t of targets) job.notRead(t, 'change set not named on the command line: not read live');
    return;
  }
  const label = `the change set ${changeSetName}${stackName ? ` of ${stackName}` : ''}`;
  let gone = false;
  const changes = await attempt(
    job,
    label,
    endpointName(job, CLOUDFORMATION),
    target?.id,
    async () => {
      const pages = [];
      let token: string | undefined;
      do {
        const page = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetName, StackName: stackName, NextToken: token }), { abortSignal: job.signal });
        pages.push(page);
        token = page.NextToken;
      } while (token);
      return pages;
    },
    () => {
      gone = true;
    },
  );
  if (gone) {
    job.add({ id: target?.id ?? changeSetName, change: 'change', kind: 'cloudformation change set', name: changeSetName, facts: ['does not exist: the command would fail'] });
    return;
  }
  if (!changes || changes.length === 0) return;
  const head = changes[0];
  const place = placeOfStack(head.StackId ?? '', job.region);
  const stackFacts = [`change set ${changeSetName}: ${head.Status ?? '?'}, execution ${head.ExecutionStatus ?? '?'}`];
  if (head.StatusReason) stackFacts.push(head.StatusReason);
  if (head.ExecutionStatus && head.ExecutionStatus !== 'AVAILABLE') stackFacts.push('cannot be executed in this state: the command would fail');
  const stackId = head.StackId ?? target?.id ?? changeSetName;
  job.add({ id: stackId, change: 'change', kind: 'cloudformation stack', name: head.StackName ?? stackName ?? '', facts: stackFacts, ...(target && target.id !== stackId ? { from: target.id } : {}) });
  for (const page of changes) {
    for (const c of page.Changes ?? []) {
      const rc = c.ResourceChange;
      if (!rc?.LogicalResourceId) continue;
      job.add({ ...changeEntry(rc, place, head.StackName ?? stackName ?? ''), from: stackId });
    }
  }
}

/** The fields of a change set's resource change that the preview uses. */
export interface ResourceChangeFields {
  Action?: string;
  LogicalResourceId?: string;
  PhysicalResourceId?: string;
  ResourceType?: string;
  Replacement?: string;
  Scope?: string[];
  Details?: Array<{ Target?: { Name?: string } }>;
}

/** One resource change as a preview entry: Add → create, Remove → destroy, a replacement destroys the current one. */
export function changeEntry(rc: ResourceChangeFields, place: StackPlace, stackName: string): ResolvedResource {
  const type = rc.ResourceType ?? 'unknown';
  const facts = [type];
  let change: ResolvedResource['change'] = 'change';
  if (rc.Action === 'Add' || rc.Action === 'Import') change = 'create';
  else if (rc.Action === 'Remove') change = 'destroy';
  if (rc.Action === 'Modify' && rc.Replacement === 'True') {
    change = 'destroy';
    facts.push('replaced: the current one is deleted and a new one created');
  } else if (rc.Action === 'Modify' && rc.Replacement === 'Conditional') {
    facts.push('may be replaced (depends on values known at execution)');
  }
  if (rc.Action === 'Import') facts.push('imported into the stack');
  if (rc.Scope && rc.Scope.length > 0) facts.push(`changes ${rc.Scope.join(', ').toLowerCase()}`);
  const props = (rc.Details ?? []).map((d) => d.Target?.Name).filter((n): n is string => !!n);
  if (props.length > 0) facts.push(`properties ${[...new Set(props)].slice(0, 6).join(', ')}`);
  const id = rc.PhysicalResourceId ? arnOfPhysical(type, rc.PhysicalResourceId, place) : undefined;
  return {
    id: id ?? `aws://cloudformation/${place.region}/stack/${stackName}/${rc.LogicalResourceId}`,
    change,
    kind: kindOfType(type),
    name: rc.LogicalResourceId ?? '',
    facts,
  };
}

export interface StackPlace {
  partition: string;
  region: string;
  account: string;
}

function placeOfStack(stackArn: string, fallbackRegion: string | undefined): StackPlace {
  const p = stackArn.split(':');
  return { partition: p[1] || 'aws', region: p[3] || fallbackRegion || '*', account: p[4] || '*' };
}

/** `AWS::EC2::SecurityGroup` → `ec2 security group`. */
export function kindOfType(type: string): string {
  const [, svc, res] = type.split('::');
  if (!svc || !res) return type;
  return `${svc.toLowerCase()} ${res.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase()}`;
}

/**
 * The ARN for a stack member's physical id, for the types whose physical id format is known, so
 * protection on (say) a bucket applies to the stack that holds it.
 */
export function arnOfPhysical(type: string, physical: string, p: StackPlace): string | undefined {
  if (physical.startsWith('arn:')) return physical;
  const r = (svc: string, res: string) => `arn:${p.partition}:${svc}:${p.region}:${p.account}:${res}`;
  const g = (svc: string, res: string) => `arn:${p.partition}:${svc}::${p.account}:${res}`;
  switch (type) {
    case 'AWS::S3::Bucket':
      return `arn:${p.partition}:s3:::${physical}`;
    case 'AWS::SQS::Queue': {
      const m = /\/(\d{12}|[^/]+)\/([^/]+)\/?$/.exec(physical);
      return m ? `arn:${p.partition}:sqs:${p.region}:${m[1]}:${m[2]}` : undefined;
    }
    case 'AWS::DynamoDB::Table':
      return r('dynamodb', `table/${physical}`);
    case 'AWS::Lambda::Function':
      return r('lambda', `function:${physical}`);
    case 'AWS::IAM::Role':
      return g('iam', `role/${physical}`);
    case 'AWS::IAM::User':
      return g('iam', `user/${physical}`);
    case 'AWS::IAM::Group':
      return g('iam', `group/${physical}`);
    case 'AWS::IAM::InstanceProfile':
      return g('iam', `instance-profile/${physical}`);
    case 'AWS::EC2::Instance':
      return r('ec2', `instance/${physical}`);
    case 'AWS::EC2::SecurityGroup':
      return /^sg-/.test(physical) ? r('ec2', `security-group/${physical}`) : undefined;
    case 'AWS::EC2::VPC':
      return r('ec2', `vpc/${physical}`);
    case 'AWS::EC2::Subnet':
      return r('ec2', `subnet/${physical}`);
    case 'AWS::EC2::Volume':
      return r('ec2', `volume/${physical}`);
    case 'AWS::EC2::InternetGateway':
      return r('ec2', `internet-gateway/${physical}`);
    case 'AWS::EC2::NatGateway':
      return r('ec2', `natgateway/${physical}`);
    case 'AWS::RDS::DBInstance':
      return r('rds', `db:${physical}`);
    case 'AWS::RDS::DBCluster':
      return r('rds', `cluster:${physical}`);
    case 'AWS::Logs::LogGroup':
      return r('logs', `log-group:${physical}`);
    case 'AWS::KMS::Key':
      return r('kms', `key/${physical}`);
    case 'AWS::KMS::Alias':
      return r('kms', physical);
    case 'AWS::ECS::Cluster':
      return r('ecs', `cluster/${physical}`);
    case 'AWS::EKS::Cluster':
      return r('eks', `cluster/${physical}`);
    case 'AWS::Kinesis::Stream':
      return r('kinesis', `stream/${physical}`);
    case 'AWS::ECR::Repository':
      return r('ecr', `repository/${physical}`);
    case 'AWS::SSM::Parameter':
      return r('ssm', `parameter/${physical.replace(/^\//, '')}`);
    case 'AWS::Route53::HostedZone':
      return `arn:${p.partition}:route53:::hostedzone/${physical}`;
    default:
      return undefined;
  }
}
