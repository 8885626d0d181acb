/**
 * aws_call's CLI line: the exact words it writes, and — with the real analyzer — that the gate reads it
 * as the same operation, effect, targets and place as the CLI form a person would type.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsCallInputError, awsCallCommandLine, cliName, validateAwsCall, type AwsCallInput } from '../../../src/aws/call';
import type { Action, AnalysisContext, Analyzer } from '../../../src/core';
import { analyzer } from '../support/analyzer';

const ctx: AnalysisContext = {
  cwd: '/home/dev/project',
  home: '/home/dev',
  env: { HOME: '/home/dev' },
  aws: { account: '123456789012', region: 'us-east-1' },
};
let an: Analyzer;
before(async () => {
  an = await analyzer();
});

function only(line: string): Action {
  const actions = an.analyze(line, ctx).actions;
  assert.equal(actions.length, 1, `${line}: one action`);
  return actions[0];
}

const names: Array<[api: string, cli: string]> = [
  ['DeleteBucket', 'delete-bucket'],
  ['DescribeDBInstances', 'describe-db-instances'],
  ['DBInstanceIdentifier', 'db-instance-identifier'],
  ['InstanceIds', 'instance-ids'],
  ['ListARNs', 'list-arns'],
  ['logGroupName', 'log-group-name'],
  ['GetCallerIdentity', 'get-caller-identity'],
  ['delete-bucket', 'delete-bucket'],
  ['delete_bucket', 'delete-bucket'],
  ['SSEKMSKeyId', 'ssekms-key-id'],
];
for (const [api, cli] of names) {
  test(`the CLI spells ${api} as ${cli}`, () => assert.equal(cliName(api), cli));
}

/** [what the agent calls, the exact line written, the CLI form a person would type]. */
const lines: Array<[input: AwsCallInput, line: string, cli: string]> = [
  [{ service: 's3', operation: 'ListBuckets' }, 'aws s3api list-buckets', 'aws s3api list-buckets'],
  [{ service: 'sts', operation: 'GetCallerIdentity' }, 'aws sts get-caller-identity', 'aws sts get-caller-identity'],
  [{ service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'prod-logs' } }, 'aws s3api delete-bucket --bucket prod-logs', 'aws s3api delete-bucket --bucket prod-logs'],
  [
    { service: 's3', operation: 'DeleteObject', parameters: { Bucket: 'b', Key: 'dir/a file.txt' } },
    "aws s3api delete-object --bucket b --key 'dir/a file.txt'",
    'aws s3api delete-object --bucket b --key "dir/a file.txt"',
  ],
  [
    { service: 's3', operation: 'DeleteObjects', parameters: { Bucket: 'b', Delete: { Objects: [{ Key: 'a' }, { Key: 'b/c' }] } } },
    `aws s3api delete-objects --bucket b --delete '{"Objects":[{"Key":"a"},{"Key":"b/c"}]}'`,
    `aws s3api delete-objects --bucket b --delete '{"Objects": [{"Key": "a"}, {"Key": "b/c"}]}'`,
  ],
  [
    { service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-0123456789abcdef0', 'i-0fedcba9876543210'] }, region: 'eu-west-1' },
    `aws ec2 terminate-instances --instance-ids '["i-0123456789abcdef0","i-0fedcba9876543210"]' --region eu-west-1`,
    'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0 i-0fedcba9876543210 --region eu-west-1',
  ],
  [
    { service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-0123456789abcdef0'], DryRun: true } },
    `aws ec2 terminate-instances --instance-ids '["i-0123456789abcdef0"]' --dry-run`,
    'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0 --dry-run',
  ],
  [
    { service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-0123456789abcdef0'], DryRun: false } },
    `aws ec2 terminate-instances --instance-ids '["i-0123456789abcdef0"]' --no-dry-run`,
    'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0',
  ],
  [
    { service: 'rds', operation: 'DeleteDBInstance', parameters: { DBInstanceIdentifier: 'prod-db', SkipFinalSnapshot: true }, profile: 'prod' },
    'aws rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot --profile prod',
    'aws --profile prod rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot',
  ],
  [
    { service: 'dynamodb', operation: 'DeleteTable', parameters: { TableName: 'orders' } },
    'aws dynamodb delete-table --table-name orders',
    'aws dynamodb delete-table --table-name orders',
  ],
  [
    { service: 'cloudwatch-logs', operation: 'DeleteLogGroup', parameters: { logGroupName: '/aws/lambda/x' } },
    'aws logs delete-log-group --log-group-name /aws/lambda/x',
    'aws logs delete-log-group --log-group-name /aws/lambda/x',
  ],
  [
    { service: 'iam', operation: 'DeleteRole', parameters: { RoleName: 'deployer' } },
    'aws iam delete-role --role-name deployer',
    'aws iam delete-role --role-name deployer',
  ],
  [
    { service: 'lambda', operation: 'DeleteFunction', parameters: { FunctionName: 'api' } },
    'aws lambda delete-function --function-name api',
    'aws lambda delete-function --function-name api',
  ],
  [
    { service: 'cloudformation', operation: 'DeleteStack', parameters: { StackName: 'prod-web' }, region: 'us-west-2' },
    'aws cloudformation delete-stack --stack-name prod-web --region us-west-2',
    'aws cloudformation delete-stack --stack-name prod-web --region us-west-2',
  ],
  [
    {
      service: 'route53',
      operation: 'ChangeResourceRecordSets',
      parameters: { HostedZoneId: 'Z123', ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: { Name: 'a.example.com', Type: 'A' } }] } },
    },
    `aws route53 change-resource-record-sets --hosted-zone-id Z123 --change-batch '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"a.example.com","Type":"A"}}]}'`,
    `aws route53 change-resource-record-sets --hosted-zone-id Z123 --change-batch '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"a.example.com","Type":"A"}}]}'`,
  ],
  [
    { service: 'eks', operation: 'DeleteCluster', parameters: { name: 'prod' } },
    'aws eks delete-cluster --name prod',
    'aws eks delete-cluster --name prod',
  ],
  [
    { service: 'sqs', operation: 'PurgeQueue', parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' } },
    'aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
    'aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
  ],
  [
    { service: 'ec2', operation: 'DescribeInstances', parameters: { MaxResults: 5, Filters: [{ Name: 'tag:Env', Values: ['prod'] }] } },
    `aws ec2 describe-instances --max-results 5 --filters '[{"Name":"tag:Env","Values":["prod"]}]'`,
    `aws ec2 describe-instances --max-results 5 --filters Name=tag:Env,Values=prod`,
  ],
  [
    // A value that starts with a dash stays the flag's value, not another option.
    { service: 's3', operation: 'DeleteObject', parameters: { Bucket: 'b', Key: '--region' } },
    'aws s3api delete-object --bucket b --key=--region',
    'aws s3api delete-object --bucket b --key=--region',
  ],
  [
    // Agent text cannot break out of its word.
    { service: 's3', operation: 'DeleteBucket', parameters: { Bucket: "x'; rm -rf ~; echo '" } },
    `aws s3api delete-bucket --bucket 'x'\\''; rm -rf ~; echo '\\'''`,
    `aws s3api delete-bucket --bucket "x'; rm -rf ~; echo '"`,
  ],
];

for (const [input, line, cli] of lines) {
  test(`${input.service} ${input.operation} → ${line}`, () => {
    assert.equal(awsCallCommandLine(input), line);
    const a = only(line);
    const b = only(cli);
    assert.equal(a.tool, 'aws');
    assert.equal(a.operation, b.operation);
    assert.equal(a.effect, b.effect);
    assert.equal(a.recoverable, b.recoverable);
    assert.equal(a.rule, b.rule);
    assert.deepEqual(
      a.targets.map((t) => [t.id, t.change, t.kind, t.many ?? false, t.unresolved ?? []]),
      b.targets.map((t) => [t.id, t.change, t.kind, t.many ?? false, t.unresolved ?? []]),
    );
    assert.deepEqual(a.context, b.context);
  });
}

test('the analysis of a few calls, spelled out: what the gate will judge', () => {
  const del = only(awsCallCommandLine({ service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'prod-logs' } }));
  assert.equal(del.effect, 'destroy');
  assert.deepEqual(del.targets.map((t) => [t.id, t.change]), [['arn:aws:s3:::prod-logs', 'destroy']]);
  const term = only(awsCallCommandLine({ service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-0123456789abcdef0'] }, region: 'eu-west-1' }));
  assert.equal(term.effect, 'destroy');
  assert.deepEqual(term.targets.map((t) => t.id), ['arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0']);
  assert.equal(term.context.region, 'eu-west-1');
  const list = only(awsCallCommandLine({ service: 's3', operation: 'ListBuckets' }));
  assert.equal(list.effect, 'read');
  const dry = only(awsCallCommandLine({ service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-0123456789abcdef0'], DryRun: true } }));
  assert.equal(dry.effect, 'read');
  assert.equal(dry.rule, 'aws.dry-run');
  const prof = only(awsCallCommandLine({ service: 'rds', operation: 'DeleteDBInstance', parameters: { DBInstanceIdentifier: 'prod-db' }, profile: 'prod' }));
  assert.equal(prof.context.profile, 'prod');
});

const refused: Array<[input: AwsCallInput, message: RegExp]> = [
  [{ service: 'redshift', operation: 'DeleteCluster', parameters: { ClusterIdentifier: 'x' } }, /cannot call the service "redshift".*run_command/],
  [{ service: 's3', operation: 'delete bucket' }, /must be an API operation name/],
  [{ service: 's3', operation: 'DeleteBucket', parameters: { 'Bucket --region': 'x' } }, /is not an API parameter name/],
  // A parameter spelled like a CLI option would change how the gate reads the line.
  [{ service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-1'], Region: 'us-west-2' } }, /name of an aws CLI option \(--region\)/],
  [{ service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-1'], GenerateCliSkeleton: true } }, /--generate-cli-skeleton/],
  [{ service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-1'], CliInputJson: '{}' } }, /--cli-input-json/],
  [{ service: 's3', operation: 'ListBuckets', profile: 'prod; rm -rf ~' }, /profile .* is not a valid name/],
];
for (const [input, message] of refused) {
  test(`refused before anything runs: ${JSON.stringify(input)}`, () => {
    assert.throws(() => awsCallCommandLine(input), (e: unknown) => e instanceof AwsCallInputError && message.test(e.message));
  });
}

const invalid: Array<[input: AwsCallInput, message: RegExp]> = [
  [{ service: 's3', operation: 'DeleteBuckets', parameters: { Bucket: 'x' } }, /s3 has no API operation "DeleteBuckets"/],
  [{ service: 's3', operation: 'DeleteBucket', parameters: { bucket: 'x' } }, /s3 DeleteBucket has no parameter bucket; did you mean Bucket\?/],
  // A DryRun the operation does not have would be dropped by the SDK while the gate read "dry run".
  [{ service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'x', DryRun: true } }, /s3 DeleteBucket has no parameter DryRun\. Its parameters: Bucket, ExpectedBucketOwner/],
  [{ service: 's3', operation: 'DeleteBucket' }, /s3 DeleteBucket needs Bucket/],
  [{ service: 'eks', operation: 'DeleteCluster', parameters: {} }, /eks DeleteCluster needs name/],
];
for (const [input, message] of invalid) {
  test(`checked against the SDK's operation before anyone is asked: ${JSON.stringify(input)}`, async () => {
    await assert.rejects(validateAwsCall(input), (e: unknown) => e instanceof AwsCallInputError && message.test(e.message));
  });
}

test('operations are found whatever their spelling, and valid calls pass', async () => {
  await validateAwsCall({ service: 's3', operation: 'ListBuckets' });
  await validateAwsCall({ service: 'S3', operation: 'list-buckets' });
  await validateAwsCall({ service: 'rds', operation: 'DescribeDBInstances' });
  await validateAwsCall({ service: 'logs', operation: 'deleteLogGroup', parameters: { logGroupName: 'x' } });
  await validateAwsCall({ service: 'secrets-manager', operation: 'GetSecretValue', parameters: { SecretId: 'x' } });
});
