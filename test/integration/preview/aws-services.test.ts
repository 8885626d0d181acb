/** RDS, DynamoDB, IAM, Lambda, SQS, SNS, Secrets Manager, KMS and CloudWatch Logs previews against moto. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { needs } from '../support/tools';
import { awsBench, entry, hasFact, type AwsBench } from './aws-support';

const skip = needs('moto_server', 'python3');
let bench: AwsBench;
let queueUrl = '';
let topicArn = '';
let keyId = '';
const ACCOUNT = '123456789012';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function zipWithHandler(): Uint8Array {
  const py = "import io,zipfile,sys\nb=io.BytesIO()\nz=zipfile.ZipFile(b,'w')\nz.writestr('index.py','def handler(e,c): return 1')\nz.close()\nsys.stdout.buffer.write(b.getvalue())";
  return execFileSync('python3', ['-c', py]);
}

before(async () => {
  if (skip) return;
  bench = await awsBench();
  const rds = new RDSClient(bench.sdk);
  await rds.send(
    new CreateDBInstanceCommand({ DBInstanceIdentifier: 'orders-db', Engine: 'postgres', DBInstanceClass: 'db.r6g.large', AllocatedStorage: 200, MasterUsername: 'admin', MasterUserPassword: 'password123', DeletionProtection: true, Tags: [{ Key: 'env', Value: 'prod' }] }),
  );
  const ddb = new DynamoDBClient(bench.sdk);
  await ddb.send(new CreateTableCommand({ TableName: 'orders', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  for (let i = 0; i < 5; i++) await ddb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: `o${i}` } } }));
  await ddb.send(new UpdateContinuousBackupsCommand({ TableName: 'orders', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  const iam = new IAMClient(bench.sdk);
  await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: TRUST, Description: 'CI deploys' }));
  const policy = (await iam.send(new CreatePolicyCommand({ PolicyName: 'deploy-s3', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }))).Policy!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: policy }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'extra', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }) }));
  await iam.send(new CreateRoleCommand({ RoleName: 'lonely', AssumeRolePolicyDocument: TRUST }));
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const lambda = new LambdaClient(bench.sdk);
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'resize', Runtime: 'python3.12', Role: `arn:aws:iam::${ACCOUNT}:role/deployer`, Handler: 'index.handler', Code: { ZipFile: zipWithHandler() }, MemorySize: 512 }));
  const sqs = new SQSClient(bench.sdk);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }))).QueueUrl!;
  for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `m${i}` }));
  const sns = new SNSClient(bench.sdk);
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }));
  await new SecretsManagerClient(bench.sdk).send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'hunter2', Description: 'database password' }));
  const kms = new KMSClient(bench.sdk);
  keyId = (await kms.send(new CreateKeyCommand({ Description: 'orders data key' }))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }));
  const logs = new CloudWatchLogsClient(bench.sdk);
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/resize' }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/resize', retentionInDays: 14 }));
});
after(async () => {
  if (!skip) await bench.stop();
});

test('rds delete-db-instance: engine, class, size, deletion protection, and the final snapshot from the flags', { skip }, async () => {
  const r = await bench.preview('aws rds delete-db-instance --db-instance-identifier orders-db --skip-final-snapshot');
  assert.deepEqual(r.failures, []);
  const db = entry(r, `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-db`);
  assert.equal(db.from, 'arn:aws:rds:us-east-1:*:db:orders-db');
  assert.match(db.facts[0], /^postgres/);
  assert.deepEqual(db.facts.slice(1, 3), ['db.r6g.large', '200 GiB']);
  assert.ok(hasFact(db, /deletion protection on: delete fails/));
  assert.ok(hasFact(db, /--skip-final-snapshot: no final snapshot, the data is gone/));
  assert.ok(hasFact(db, /^tag env=prod$/));
  const kept = await bench.preview('aws rds delete-db-instance --db-instance-identifier orders-db --final-db-snapshot-identifier last');
  assert.ok(hasFact(kept.resources[0], /final snapshot last is taken first/));
  const neither = await bench.preview('aws rds delete-db-instance --db-instance-identifier orders-db');
  assert.ok(hasFact(neither.resources[0], /the command fails/));
  const missing = await bench.preview('aws rds delete-db-instance --db-instance-identifier nope --skip-final-snapshot');
  assert.deepEqual(missing.failures, []);
  assert.deepEqual(missing.resources[0].facts, ['does not exist: the command would fail']);
});

test('dynamodb delete-table: items, size, point-in-time recovery', { skip }, async () => {
  const r = await bench.preview('aws dynamodb delete-table --table-name orders');
  const t = entry(r, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`);
  assert.equal(t.facts[0], 'about 5 items');
  assert.ok(hasFact(t, /point-in-time recovery on/));
  assert.ok(hasFact(t, /^on-demand$/));
  assert.deepEqual((t.before as { keys: string[] }).keys, ['id HASH']);
});

test('iam delete-role: managed and inline policies attached, and that the delete fails until they go', { skip }, async () => {
  const r = await bench.preview('aws iam delete-role --role-name deployer');
  const role = entry(r, `arn:aws:iam::${ACCOUNT}:role/deployer`);
  assert.equal(role.from, 'arn:aws:iam::*:role/deployer');
  assert.ok(hasFact(role, /^CI deploys$/));
  assert.ok(hasFact(role, /^managed policies: deploy-s3$/));
  assert.ok(hasFact(role, /^inline policies: extra$/));
  assert.ok(hasFact(role, /delete fails until its policies and instance profiles are removed/));
  const lonely = await bench.preview('aws iam delete-role --role-name lonely');
  assert.ok(hasFact(lonely.resources[0], /^no managed policies$/));
  assert.ok(!hasFact(lonely.resources[0], /delete fails/));
});

test('iam delete-policy: what it is attached to; delete-user: the user', { skip }, async () => {
  const r = await bench.preview(`aws iam delete-policy --policy-arn arn:aws:iam::${ACCOUNT}:policy/deploy-s3`);
  const p = entry(r, `arn:aws:iam::${ACCOUNT}:policy/deploy-s3`);
  assert.ok(hasFact(p, /^attached 1 time$/));
  assert.ok(hasFact(p, /^attached to role deployer$/));
  assert.ok(hasFact(p, /delete fails while attached/));
  const u = await bench.preview('aws iam delete-user --user-name alice');
  assert.equal(entry(u, `arn:aws:iam::${ACCOUNT}:user/alice`).name, 'alice');
});

test('lambda delete-function: runtime, memory, role', { skip }, async () => {
  const r = await bench.preview('aws lambda delete-function --function-name resize');
  const f = entry(r, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:resize`);
  assert.deepEqual(f.facts.slice(0, 2), ['python3.12', '512 MB']);
  assert.ok(hasFact(f, new RegExp(`runs as arn:aws:iam::${ACCOUNT}:role/deployer`)));
});

test('sqs purge-queue / delete-queue: messages waiting', { skip }, async () => {
  const r = await bench.preview(`aws sqs purge-queue --queue-url ${queueUrl}`);
  const q = entry(r, `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`);
  assert.equal(q.facts[0], 'about 3 messages waiting');
  const missing = await bench.preview(`aws sqs delete-queue --queue-url ${queueUrl.replace(/jobs$/, 'nope')}`);
  assert.deepEqual(missing.failures, []);
  assert.deepEqual(missing.resources[0].facts, ['does not exist: the command would fail']);
});

test('sns delete-topic: its subscribers', { skip }, async () => {
  const r = await bench.preview(`aws sns delete-topic --topic-arn ${topicArn}`);
  const t = entry(r, topicArn);
  assert.ok(hasFact(t, /subscribers: email oncall@example.com/));
});

test('secretsmanager delete-secret: recovery window or none', { skip }, async () => {
  const r = await bench.preview('aws secretsmanager delete-secret --secret-id prod/db --force-delete-without-recovery');
  const s = r.resources[0];
  assert.match(s.id, new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-`));
  assert.equal(s.from, 'arn:aws:secretsmanager:us-east-1:*:secret:prod/db-*');
  assert.ok(hasFact(s, /^database password$/));
  assert.ok(hasFact(s, /deleted at once, cannot be restored/));
  const soft = await bench.preview('aws secretsmanager delete-secret --secret-id prod/db --recovery-window-in-days 7');
  assert.ok(hasFact(soft.resources[0], /restorable for 7 days/));
});

test('kms schedule-key-deletion: state, aliases, the waiting period', { skip }, async () => {
  const r = await bench.preview(`aws kms schedule-key-deletion --key-id ${keyId} --pending-window-in-days 7`);
  const k = entry(r, `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`);
  assert.equal(k.name, 'alias/orders');
  assert.equal(k.facts[0], 'Enabled');
  assert.ok(hasFact(k, /^orders data key$/));
  assert.ok(hasFact(k, /deleted after 7 days/));
});

test('logs delete-log-group: retention and stored bytes', { skip }, async () => {
  const r = await bench.preview('aws logs delete-log-group --log-group-name /aws/lambda/resize');
  const g = entry(r, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/resize`);
  assert.ok(hasFact(g, /^kept 14 days$/));
});

test('a service without a reader: the targets from the command, not read live, with the identity', { skip }, async () => {
  const r = await bench.preview('aws ecr delete-repository --repository-name app --force');
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.resources.map((x) => x.id), ['arn:aws:ecr:us-east-1:*:repository/app']);
  assert.ok(r.resources.every((x) => hasFact(x, /^not read live$/)));
  assert.equal(r.identity?.account, ACCOUNT);
});
