/** CloudFormation previews against moto: real stacks, their resources listed with ARNs, change sets read. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { changeEntry, type ResourceChangeFields } from '../../../src/preview/aws/cloudformation';
import { needs } from '../support/tools';
import { awsBench, entry, hasFact, type AwsBench } from './aws-support';

const skip = needs('moto_server');
let bench: AwsBench;
let cfn: CloudFormationClient;
let queueUrl = '';
let apiStackId = '';

const API_TEMPLATE = JSON.stringify({
  Resources: {
    Assets: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'prod-api-assets' } },
    Audit: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: 'prod-api-audit' } },
    Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'prod-api-jobs' } },
  },
});

/** 25 buckets and 25 queues: the 50-resource stack of the benchmark. */
function bigTemplate(): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < 25; i++) {
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `big-stack-bucket-${i}` } };
    resources[`Queue${i}`] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: `big-stack-queue-${i}` } };
  }
  return JSON.stringify({ Resources: resources });
}

async function waitFor(stack: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const s = (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
    if (s && /COMPLETE$/.test(s.StackStatus ?? '')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stack ${stack} did not complete`);
}

before(async () => {
  if (skip) return;
  bench = await awsBench();
  cfn = new CloudFormationClient(bench.sdk);
  apiStackId = (await cfn.send(new CreateStackCommand({ StackName: 'prod-api', TemplateBody: API_TEMPLATE, EnableTerminationProtection: true, Tags: [{ Key: 'env', Value: 'prod' }] }))).StackId ?? '';
  await cfn.send(new CreateStackCommand({ StackName: 'big-stack', TemplateBody: bigTemplate() }));
  await cfn.send(
    new CreateStackCommand({
      StackName: 'web',
      TemplateBody: `Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    Properties:\n      BucketName: web-site\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: web-logs\n`,
    }),
  );
  await Promise.all(['prod-api', 'big-stack', 'web'].map(waitFor));
  const res = await cfn.send(new ListStackResourcesCommand({ StackName: 'prod-api' }));
  queueUrl = res.StackResourceSummaries?.find((r) => r.LogicalResourceId === 'Jobs')?.PhysicalResourceId ?? '';
  // A change set that adds a queue, removes the audit bucket and changes the assets bucket.
  await cfn.send(
    new CreateChangeSetCommand({
      StackName: 'web',
      ChangeSetName: 'next',
      TemplateBody: JSON.stringify({
        Resources: {
          Site: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: 'web-site', Tags: [{ Key: 'v', Value: '2' }] } },
          Events: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'web-events' } },
        },
      }),
    }),
  );
  for (let i = 0; i < 50; i++) {
    const c = await cfn.send(new DescribeChangeSetCommand({ StackName: 'web', ChangeSetName: 'next' }));
    if (c.Status === 'CREATE_COMPLETE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  if (!skip) await bench.stop();
});

test('delete-stack lists every resource with its ARN, the kept ones as kept, status and termination protection', { skip }, async () => {
  const r = await bench.preview('aws cloudformation delete-stack --stack-name prod-api');
  assert.deepEqual(r.failures, []);
  const target = 'arn:aws:cloudformation:us-east-1:*:stack/prod-api/*';
  const stack = entry(r, apiStackId);
  assert.equal(stack.from, target);
  assert.equal(stack.change, 'destroy');
  assert.equal(stack.name, 'prod-api');
  assert.equal(stack.facts[0], 'CREATE_COMPLETE');
  assert.ok(hasFact(stack, /termination protection on: delete-stack fails/));
  assert.ok(hasFact(stack, /^tag env=prod$/));
  assert.ok(hasFact(stack, /^3 resources in the stack$/));
  const assets = entry(r, 'arn:aws:s3:::prod-api-assets');
  assert.deepEqual([assets.change, assets.kind, assets.name, assets.from], ['destroy', 's3 bucket', 'Assets', target]);
  assert.equal(assets.facts[0], 'AWS::S3::Bucket');
  const audit = entry(r, 'arn:aws:s3:::prod-api-audit');
  assert.equal(audit.change, 'read');
  assert.ok(hasFact(audit, /kept: DeletionPolicy Retain/));
  const jobs = entry(r, 'arn:aws:sqs:us-east-1:123456789012:prod-api-jobs');
  assert.deepEqual([jobs.change, jobs.kind, jobs.name], ['destroy', 'sqs queue', 'Jobs']);
  assert.ok(hasFact(jobs, new RegExp(`physical id ${queueUrl.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}`)));
  assert.deepEqual(r.totals, { [target]: 3 });
  assert.equal(r.resources.length, 4);
});

test('a YAML template\'s DeletionPolicy is read too', { skip }, async () => {
  const r = await bench.preview('aws cloudformation delete-stack --stack-name web');
  assert.equal(entry(r, 'arn:aws:s3:::web-site').change, 'read');
  assert.equal(entry(r, 'arn:aws:s3:::web-logs').change, 'destroy');
});

test('a 50-resource stack previews entry by entry', { skip }, async () => {
  await bench.preview('aws cloudformation delete-stack --stack-name prod-api'); // warm clients and identity
  const r = await bench.preview('aws cloudformation delete-stack --stack-name big-stack');
  assert.deepEqual(r.failures, []);
  for (let i = 0; i < 25; i++) {
    assert.equal(entry(r, `arn:aws:s3:::big-stack-bucket-${i}`).name, `Bucket${i}`);
    assert.equal(entry(r, `arn:aws:sqs:us-east-1:123456789012:big-stack-queue-${i}`).name, `Queue${i}`);
  }
  assert.equal(r.resources.length, 51);
});

test('execute-change-set: the change set\'s resource changes from DescribeChangeSet', { skip }, async () => {
  // moto reports every resource of a new change set as an Add; AWS also reports Modify and Remove.
  const r = await bench.preview('aws cloudformation execute-change-set --change-set-name next --stack-name web');
  assert.deepEqual(r.failures, []);
  const stack = r.resources.find((x) => x.kind === 'cloudformation stack');
  assert.ok(stack && /change set next: CREATE_COMPLETE, execution AVAILABLE/.test(stack.facts[0]), JSON.stringify(stack));
  const events = r.resources.find((x) => x.name === 'Events');
  assert.deepEqual([events?.change, events?.kind, events?.facts[0]], ['create', 'sqs queue', 'AWS::SQS::Queue']);
  assert.equal(events?.from, stack.id);
  const missing = await bench.preview('aws cloudformation execute-change-set --change-set-name nope --stack-name web');
  assert.deepEqual(missing.failures, []);
  assert.deepEqual(missing.resources[0].facts, ['does not exist: the command would fail']);
});

const place = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const changes: Array<[what: string, rc: ResourceChangeFields, want: { id: string; change: string; facts: string[] }]> = [
  ['an add is a create', { Action: 'Add', LogicalResourceId: 'Q', ResourceType: 'AWS::SQS::Queue' }, { id: 'aws://cloudformation/us-east-1/stack/web/Q', change: 'create', facts: ['AWS::SQS::Queue'] }],
  ['a removal destroys the named bucket', { Action: 'Remove', LogicalResourceId: 'Logs', PhysicalResourceId: 'web-logs', ResourceType: 'AWS::S3::Bucket' }, { id: 'arn:aws:s3:::web-logs', change: 'destroy', facts: ['AWS::S3::Bucket'] }],
  [
    'a replacement destroys the current table',
    { Action: 'Modify', LogicalResourceId: 'T', PhysicalResourceId: 'orders', ResourceType: 'AWS::DynamoDB::Table', Replacement: 'True', Scope: ['Properties'], Details: [{ Target: { Name: 'KeySchema' } }] },
    { id: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', change: 'destroy', facts: ['AWS::DynamoDB::Table', 'replaced: the current one is deleted and a new one created', 'changes properties', 'properties KeySchema'] },
  ],
  [
    'a conditional replacement is a change that says so',
    { Action: 'Modify', LogicalResourceId: 'I', PhysicalResourceId: 'i-0123456789abcdef0', ResourceType: 'AWS::EC2::Instance', Replacement: 'Conditional' },
    { id: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0', change: 'change', facts: ['AWS::EC2::Instance', 'may be replaced (depends on values known at execution)'] },
  ],
  ['a tag change in place', { Action: 'Modify', LogicalResourceId: 'S', PhysicalResourceId: 'web-site', ResourceType: 'AWS::S3::Bucket', Replacement: 'False', Scope: ['Tags'] }, { id: 'arn:aws:s3:::web-site', change: 'change', facts: ['AWS::S3::Bucket', 'changes tags'] }],
];
for (const [what, rc, want] of changes) {
  test(`change set entry: ${what}`, () => {
    const e = changeEntry(rc, place, 'web');
    assert.deepEqual({ id: e.id, change: e.change, facts: e.facts }, want);
  });
}

test('update-stack and deploy: the stack as it is, and why the changes are not previewed', { skip }, async () => {
  const r = await bench.preview('aws cloudformation deploy --stack-name web --template-file t.yml');
  const s = r.resources[0];
  assert.equal(s.name, 'web');
  assert.ok(hasFact(s, /changes not previewed: seeing them needs a change set, and creating one is a write/));
  assert.ok(hasFact(s, /change sets waiting: next \(CREATE_COMPLETE\)/));
  const fresh = await bench.preview('aws cloudformation deploy --stack-name brand-new --template-file t.yml');
  assert.deepEqual(fresh.resources[0].facts, ['does not exist yet: created']);
});

test('a stack that does not exist is a fact, not a failure', { skip }, async () => {
  const r = await bench.preview('aws cloudformation delete-stack --stack-name nope');
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.resources[0].facts, ['does not exist: the command would fail']);
});
