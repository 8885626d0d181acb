/**
 * Naming AWS resources: a real ARN where the resource type's format is known from the value and the
 * flag it came in, the value itself when it already is an ARN, and otherwise an `aws://` identifier that
 * cannot be mistaken for an ARN. An unknown account becomes `*` in the ARN and is marked unresolved.
 */
import type { Change, Target } from '../../model';
import type { Word } from '../../shell/command';
import { partitionOf, type Where } from './where';

export interface Named {
  id: string;
  kind: string;
  unresolved?: string[];
}

interface Place {
  partition: string;
  region: string;
  account: string;
  unresolved: string[];
}

function placeOf(where: Where): Place {
  const unresolved = where.unresolved.filter((u) => u === 'account' || u === 'region');
  return {
    partition: partitionOf(where.region),
    region: where.region ?? '*',
    account: where.account ?? '*',
    unresolved,
  };
}

/** `arn:P:svc:region:account:resource`, marking the parts that are not known. */
function regional(p: Place, svc: string, resource: string, kind: string): Named {
  return named(`arn:${p.partition}:${svc}:${p.region}:${p.account}:${resource}`, kind, p.unresolved);
}

/** ARNs without a region (IAM, Route 53, global RDS clusters). */
function global(p: Place, svc: string, resource: string, kind: string): Named {
  return named(`arn:${p.partition}:${svc}::${p.account}:${resource}`, kind, p.unresolved.filter((u) => u === 'account'));
}

/** ARNs without an account (EC2 images and snapshots, API Gateway). */
function accountless(p: Place, svc: string, resource: string, kind: string): Named {
  return named(`arn:${p.partition}:${svc}:${p.region}::${resource}`, kind, p.unresolved.filter((u) => u === 'region'));
}

function named(id: string, kind: string, unresolved: string[]): Named {
  return unresolved.length > 0 ? { id, kind, unresolved: [...unresolved] } : { id, kind };
}

/** EC2 ids carry their type in their prefix. */
const EC2_PREFIXES: Record<string, [resource: string, kind: string, accountless?: boolean]> = {
  i: ['instance', 'ec2 instance'],
  vol: ['volume', 'ec2 volume'],
  snap: ['snapshot', 'ec2 snapshot', true],
  ami: ['image', 'ec2 image', true],
  sg: ['security-group', 'ec2 security group'],
  vpc: ['vpc', 'ec2 vpc'],
  subnet: ['subnet', 'ec2 subnet'],
  igw: ['internet-gateway', 'ec2 internet gateway'],
  nat: ['natgateway', 'ec2 nat gateway'],
  eni: ['network-interface', 'ec2 network interface'],
  rtb: ['route-table', 'ec2 route table'],
  acl: ['network-acl', 'ec2 network acl'],
  lt: ['launch-template', 'ec2 launch template'],
  eipalloc: ['elastic-ip', 'ec2 elastic ip'],
  key: ['key-pair', 'ec2 key pair'],
  tgw: ['transit-gateway', 'ec2 transit gateway'],
  'tgw-attach': ['transit-gateway-attachment', 'ec2 transit gateway attachment'],
  vpce: ['vpc-endpoint', 'ec2 vpc endpoint'],
  pcx: ['vpc-peering-connection', 'ec2 vpc peering connection'],
  dopt: ['dhcp-options', 'ec2 dhcp options'],
  sir: ['spot-instances-request', 'ec2 spot instance request'],
  fleet: ['fleet', 'ec2 fleet'],
  'eigw': ['egress-only-internet-gateway', 'ec2 egress-only internet gateway'],
  cgw: ['customer-gateway', 'ec2 customer gateway'],
  vgw: ['vpn-gateway', 'ec2 vpn gateway'],
  vpn: ['vpn-connection', 'ec2 vpn connection'],
  pl: ['prefix-list', 'ec2 prefix list'],
  h: ['dedicated-host', 'ec2 dedicated host'],
  cr: ['capacity-reservation', 'ec2 capacity reservation'],
};

function ec2ById(p: Place, value: string): Named | undefined {
  const m = /^([a-z]+(?:-attach)?)-[0-9a-f]{8,17}$/.exec(value);
  const spec = m ? EC2_PREFIXES[m[1]] : undefined;
  if (!spec) return undefined;
  const [resource, kind, noAccount] = spec;
  return noAccount ? accountless(p, 'ec2', `${resource}/${value}`, kind) : regional(p, 'ec2', `${resource}/${value}`, kind);
}

const RDS_FLAGS: Record<string, [prefix: string, kind: string]> = {
  'db-instance-identifier': ['db', 'rds db instance'],
  'new-db-instance-identifier': ['db', 'rds db instance'],
  'source-db-instance-identifier': ['db', 'rds db instance'],
  'target-db-instance-identifier': ['db', 'rds db instance'],
  'db-cluster-identifier': ['cluster', 'rds db cluster'],
  'new-db-cluster-identifier': ['cluster', 'rds db cluster'],
  'db-snapshot-identifier': ['snapshot', 'rds db snapshot'],
  'target-db-snapshot-identifier': ['snapshot', 'rds db snapshot'],
  'db-cluster-snapshot-identifier': ['cluster-snapshot', 'rds cluster snapshot'],
  'target-db-cluster-snapshot-identifier': ['cluster-snapshot', 'rds cluster snapshot'],
  'db-parameter-group-name': ['pg', 'rds parameter group'],
  'db-cluster-parameter-group-name': ['cluster-pg', 'rds cluster parameter group'],
  'db-subnet-group-name': ['subgrp', 'rds subnet group'],
  'option-group-name': ['og', 'rds option group'],
};

/** Which resource the bare `--name` / `--id` flag names, by service and operation. */
function bareNameResource(p: Place, service: string, operation: string, flag: string, value: string, all: FlagValues): Named | undefined {
  if (service === 'eks' && flag === 'name') return regional(p, 'eks', `cluster/${value}`, 'eks cluster');
  if (service === 'ssm' && /parameter/.test(operation)) return regional(p, 'ssm', `parameter/${value.replace(/^\//, '')}`, 'ssm parameter');
  if (service === 'ssm' && /document/.test(operation)) return regional(p, 'ssm', `document/${value}`, 'ssm document');
  if (service === 'sns' && operation === 'create-topic') return regional(p, 'sns', value, 'sns topic');
  if (service === 'secretsmanager' && operation === 'create-secret') return regional(p, 'secretsmanager', `secret:${value}-*`, 'secret');
  if (service === 'stepfunctions' && operation === 'create-state-machine') return regional(p, 'states', `stateMachine:${value}`, 'state machine');
  if (service === 'events' && /rule/.test(operation)) {
    const bus = first(all, 'event-bus-name');
    return regional(p, 'events', bus && bus !== 'default' && !bus.startsWith('arn:') ? `rule/${bus}/${value}` : `rule/${value}`, 'eventbridge rule');
  }
  if (service === 'route53' && flag === 'id' && /hosted-zone/.test(operation)) return hostedZone(p, value);
  if (service === 'ecr' && flag === 'repository-name') return regional(p, 'ecr', `repository/${value}`, 'ecr repository');
  return undefined;
}

function hostedZone(p: Place, value: string): Named {
  return named(`arn:${p.partition}:route53:::hostedzone/${value.replace(/^\/?hostedzone\//, '')}`, 'route53 hosted zone', []);
}

type FlagValues = ReadonlyMap<string, readonly Word[]>;

function first(all: FlagValues, flag: string): string | undefined {
  const v = all.get(flag);
  return v && v.length > 0 ? v[0].value : undefined;
}

/** An SQS queue URL names its region, account and queue. */
export function queueFromUrl(p: Place, url: string): Named | undefined {
  const m = /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com|[^/]+)\/(\d{12}|[^/]+)\/([^/?#]+)\/?$/.exec(url);
  if (!m) return undefined;
  const region = m[1] ?? m[2] ?? p.region;
  const account = m[3];
  const unresolved = region === '*' ? ['region'] : [];
  return named(`arn:${partitionOf(region === '*' ? undefined : region)}:sqs:${region}:${account}:${m[4]}`, 'sqs queue', unresolved);
}

/** The resource a known (service, flag) names, or undefined when its format is not known. */
function knownResource(service: string, operation: string, flag: string, value: string, p: Place, all: FlagValues): Named | undefined {
  if (service === 'ec2' || /instance-ids?$/.test(flag)) {
    const ec2 = ec2ById(p, value);
    if (ec2) return ec2;
  }
  if ((service === 'rds' || service === 'docdb' || service === 'neptune') && RDS_FLAGS[flag]) {
    const [prefix, kind] = RDS_FLAGS[flag];
    return regional(p, 'rds', `${prefix}:${value}`, kind);
  }
  if ((service === 'rds' || service === 'docdb' || service === 'neptune') && flag === 'global-cluster-identifier') {
    return global(p, 'rds', `global-cluster:${value}`, 'rds global cluster');
  }
  switch (`${service} ${flag}`) {
    case 'dynamodb table-name':
      return regional(p, 'dynamodb', `table/${value}`, 'dynamodb table');
    case 'lambda function-name': {
      // A partial ARN (`123456789012:function:name`) carries its own account.
      const partial = /^(\d{12}):function:(.+)$/.exec(value);
      if (partial) return named(`arn:${p.partition}:lambda:${p.region}:${partial[1]}:function:${partial[2]}`, 'lambda function', p.unresolved.filter((u) => u === 'region'));
      return regional(p, 'lambda', `function:${value}`, 'lambda function');
    }
    case 'iam role-name':
      return global(p, 'iam', `role/${value}`, 'iam role');
    case 'iam user-name':
      return global(p, 'iam', `user/${value}`, 'iam user');
    case 'iam group-name':
      return global(p, 'iam', `group/${value}`, 'iam group');
    case 'iam instance-profile-name':
      return global(p, 'iam', `instance-profile/${value}`, 'iam instance profile');
    case 'iam server-certificate-name':
      return global(p, 'iam', `server-certificate/${value}`, 'iam server certificate');
    case 'cloudformation stack-name':
      return regional(p, 'cloudformation', `stack/${value}/*`, 'cloudformation stack');
    case 'cloudformation stack-set-name':
      return regional(p, 'cloudformation', `stackset/${value}:*`, 'cloudformation stack set');
    case 'sqs queue-url':
      return queueFromUrl(p, value);
    case 'sqs queue-name':
      return regional(p, 'sqs', value, 'sqs queue');
    case 'kms key-id':
    case 'kms target-key-id':
    case 'kms destination-key-id':
    case 'kms source-key-id':
      return value.startsWith('alias/') ? regional(p, 'kms', value, 'kms alias') : regional(p, 'kms', `key/${value}`, 'kms key');
    case 'kms alias-name':
      return regional(p, 'kms', value, 'kms alias');
    case 'secretsmanager secret-id':
      return regional(p, 'secretsmanager', `secret:${value}-*`, 'secret');
    case 'logs log-group-name':
    case 'logs log-group-identifier':
      return regional(p, 'logs', `log-group:${value}`, 'log group');
    case 'ecs cluster':
      return regional(p, 'ecs', `cluster/${value}`, 'ecs cluster');
    case 'ecs service':
    case 'ecs services':
      return regional(p, 'ecs', `service/${clusterName(all)}/${value}`, 'ecs service');
    case 'ecs task':
    case 'ecs tasks':
      return regional(p, 'ecs', `task/${clusterName(all)}/${value}`, 'ecs task');
    case 'ecs task-definition':
      return regional(p, 'ecs', `task-definition/${value.includes(':') ? value : `${value}:*`}`, 'ecs task definition');
    case 'eks cluster-name':
      return regional(p, 'eks', `cluster/${value}`, 'eks cluster');
    case 'eks nodegroup-name':
      return regional(p, 'eks', `nodegroup/${first(all, 'cluster-name') ?? '*'}/${value}/*`, 'eks node group');
    case 'eks fargate-profile-name':
      return regional(p, 'eks', `fargateprofile/${first(all, 'cluster-name') ?? '*'}/${value}/*`, 'eks fargate profile');
    case 'eks addon-name':
      return regional(p, 'eks', `addon/${first(all, 'cluster-name') ?? '*'}/${value}/*`, 'eks addon');
    case 'route53 hosted-zone-id':
      return hostedZone(p, value);
    case 'ecr repository-name':
    case 'ecr repository-names':
      return regional(p, 'ecr', `repository/${value}`, 'ecr repository');
    case 'elb load-balancer-name':
    case 'elb load-balancer-names':
      return regional(p, 'elasticloadbalancing', `loadbalancer/${value}`, 'classic load balancer');
    case 'efs file-system-id':
      return regional(p, 'elasticfilesystem', `file-system/${value}`, 'efs file system');
    case 'elasticache cache-cluster-id':
      return regional(p, 'elasticache', `cluster:${value}`, 'elasticache cluster');
    case 'elasticache replication-group-id':
      return regional(p, 'elasticache', `replicationgroup:${value}`, 'elasticache replication group');
    case 'elasticache snapshot-name':
      return regional(p, 'elasticache', `snapshot:${value}`, 'elasticache snapshot');
    case 'kinesis stream-name':
      return regional(p, 'kinesis', `stream/${value}`, 'kinesis stream');
    case 'events event-bus-name':
      return regional(p, 'events', `event-bus/${value}`, 'eventbridge event bus');
    case 'firehose delivery-stream-name':
      return regional(p, 'firehose', `deliverystream/${value}`, 'firehose delivery stream');
    case 'apigateway rest-api-id':
      return accountless(p, 'apigateway', `/restapis/${value}`, 'api gateway rest api');
    case 'apigatewayv2 api-id':
      return accountless(p, 'apigateway', `/apis/${value}`, 'api gateway api');
    case 'cloudwatch alarm-name':
    case 'cloudwatch alarm-names':
      return regional(p, 'cloudwatch', `alarm:${value}`, 'cloudwatch alarm');
    case 'autoscaling auto-scaling-group-name':
    case 'autoscaling auto-scaling-group-names':
      return regional(p, 'autoscaling', `autoScalingGroup:*:autoScalingGroupName/${value}`, 'auto scaling group');
    case 'redshift cluster-identifier':
      return regional(p, 'redshift', `cluster:${value}`, 'redshift cluster');
    case 'opensearch domain-name':
    case 'es domain-name':
      return regional(p, 'es', `domain/${value}`, 'opensearch domain');
    case 'codecommit repository-name':
      return regional(p, 'codecommit', value, 'codecommit repository');
    case 'cognito-idp user-pool-id':
      return regional(p, 'cognito-idp', `userpool/${value}`, 'cognito user pool');
    case 'ssm names':
      return regional(p, 'ssm', `parameter/${value.replace(/^\//, '')}`, 'ssm parameter');
    case 'ssm document-name':
      return regional(p, 'ssm', `document/${value}`, 'ssm document');
    case 'glue database-name':
      return regional(p, 'glue', `database/${value}`, 'glue database');
    case 'athena work-group':
      return regional(p, 'athena', `workgroup/${value}`, 'athena workgroup');
    case 'backup backup-vault-name':
      return regional(p, 'backup', `backup-vault:${value}`, 'backup vault');
    case 'codebuild project-name':
      return regional(p, 'codebuild', `project/${value}`, 'codebuild project');
    case 'codepipeline pipeline-name':
      return regional(p, 'codepipeline', value, 'codepipeline pipeline');
  }
  if (flag === 'name' || flag === 'id' || flag === 'repository-name') return bareNameResource(p, service, operation, flag, value, all);
  return undefined;
}

function clusterName(all: FlagValues): string {
  const c = first(all, 'cluster') ?? 'default';
  // A cluster given as an ARN: its name is the last path segment.
  return c.startsWith('arn:') ? c.slice(c.lastIndexOf('/') + 1) : c;
}

function kindOfArn(arn: string): string {
  const parts = arn.split(':');
  const svc = parts[2] ?? 'aws';
  const res = parts.slice(5).join(':');
  const type = /^([A-Za-z-]+)[/:]/.exec(res)?.[1];
  return type ? `${svc} ${type}` : `${svc} resource`;
}

/** The identifier for one value of an identifying flag. */
export function nameResource(service: string, operation: string, flag: string, value: string, where: Where, all: FlagValues): Named {
  if (value.startsWith('arn:')) return { id: value, kind: kindOfArn(value) };
  const p = placeOf(where);
  const known = knownResource(service, operation, flag, value, p, all);
  if (known) return known;
  const kind = `${service} ${flag.replace(/-(ids?|names?|arns?|identifiers?|urls?)$/, '')}`;
  return { id: `aws://${service}/${where.region ?? '*'}/${flag}/${value}`, kind };
}

/** `s3://bucket/key` → `arn:aws:s3:::bucket/key`; the bucket alone when there is no key. */
export function s3Arn(bucket: string, key?: string, region?: string): string {
  const base = `arn:${partitionOf(region)}:s3:::${bucket}`;
  return key ? `${base}/${key}` : base;
}

/**
 * One target per value (a JSON list written as one word counts as its values). A value known only at
 * run time is unresolved and, for list flags, may stand for several resources.
 */
export function targetsFor(
  service: string,
  operation: string,
  flag: string,
  words: readonly Word[],
  change: Change,
  where: Where,
  all: FlagValues,
): Target[] {
  const out: Target[] = [];
  for (const w of words) {
    for (const value of listValues(w.value)) {
      const n = nameResource(service, operation, flag, value, where, all);
      const t: Target = { id: n.id, change, kind: n.kind };
      const unresolved = [...(w.dynamic ? ['value'] : []), ...(n.unresolved ?? [])];
      if (unresolved.length > 0) t.unresolved = unresolved;
      if (w.dynamic && /s$/.test(flag)) t.many = true;
      out.push(t);
    }
  }
  return out;
}

/** `["i-1","i-2"]` is a list in one word; anything else is one value. */
export function listValues(value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[') && v.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
    } catch {
      // not JSON: keep the word as written
    }
  }
  return [value];
}
