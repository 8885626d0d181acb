/**
 * AWS preview failures, each shown as a line a person can act on: nothing listening at the endpoint,
 * the time limit, and a principal that may not read what the command names.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AnalysisContext } from '../../../src/core';
import { awsResolver } from '../../../src/preview/aws';
import { needs } from '../support/tools';
import { startMoto } from '../support/moto';
import { awsBench, type AwsBench } from './aws-support';

const skip = needs('moto_server');
let bench: AwsBench;

before(async () => {
  if (skip) return;
  bench = await awsBench();
  const s3 = new S3Client(bench.sdk);
  await s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
  await Promise.all(Array.from({ length: 200 }, (_, i) => s3.send(new PutObjectCommand({ Bucket: 'logs', Key: `k${i}`, Body: 'x' }))));
  await new CloudFormationClient(bench.sdk).send(new CreateStackCommand({ StackName: 'prod-api', TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }) }));
});
after(async () => {
  if (!skip) await bench.stop();
});

test('moto stopped: "could not reach AWS at <endpoint>", for the identity and for the resource, never an empty preview', { skip }, async () => {
  const gone = await startMoto();
  await gone.stop();
  const ctx: AnalysisContext = { cwd: '/tmp', env: { AWS_ENDPOINT_URL: gone.endpoint, AWS_REGION: 'us-east-1' } };
  const action = bench.action('aws s3 rb s3://logs --force');
  const r = await awsResolver.resolve({ action: { ...action, context: { ...action.context, endpoint: gone.endpoint } }, ctx, signal: AbortSignal.timeout(20_000) });
  assert.equal(r.identity, undefined);
  assert.ok(r.failures.length >= 2, JSON.stringify(r.failures));
  for (const f of r.failures) assert.match(f.message, new RegExp(`^could not reach AWS at ${gone.endpoint.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  assert.ok(r.failures.some((f) => f.target === 'arn:aws:s3:::logs/*'));
  assert.deepEqual(r.resources, []);
});

test('--endpoint-url on the command line wins over the terminal\'s AWS_ENDPOINT_URL', { skip }, async () => {
  const gone = await startMoto();
  await gone.stop();
  const r = await bench.preview(`aws --endpoint-url ${gone.endpoint} cloudformation delete-stack --stack-name prod-api`);
  assert.ok(r.failures.some((f) => f.message.startsWith(`could not reach AWS at ${gone.endpoint}`)), JSON.stringify(r.failures));
  assert.deepEqual(r.resources, []);
});

test('an aborted signal: "timed out after N s"', { skip }, async () => {
  const controller = new AbortController();
  const pending = bench.preview('aws cloudformation delete-stack --stack-name prod-api', controller.signal);
  controller.abort(new Error('time limit'));
  const r = await pending;
  assert.deepEqual(r.resources, []);
  assert.ok(r.failures.length > 0);
  for (const f of r.failures) assert.match(f.message, /^could not read .*: timed out after \d+(\.\d)? s$/);
  assert.ok(r.failures.some((f) => /^could not read the stack prod-api: timed out/.test(f.message)), JSON.stringify(r.failures));
});

test('a signal already past its limit reads nothing and says so', { skip }, async () => {
  const r = await bench.preview('aws s3 rm s3://logs --recursive', AbortSignal.abort());
  assert.deepEqual(r.resources, []);
  assert.ok(r.failures.some((f) => f.target === 'arn:aws:s3:::logs/*' && /timed out after/.test(f.message)));
});

test('AccessDenied: "could not read the stack prod-api: AccessDenied", while the identity still shows who was denied', { skip }, async () => {
  // A second moto that enforces IAM, with a user who may only ask who they are.
  const strict = await startMoto();
  const admin = { ...bench.sdk, endpoint: strict.endpoint };
  try {
    await new CloudFormationClient(admin).send(new CreateStackCommand({ StackName: 'prod-api', TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }) }));
    const iam = new IAMClient(admin);
    await iam.send(new CreateUserCommand({ UserName: 'agent' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'agent', PolicyName: 'whoami', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'agent' }))).AccessKey!;
    await fetch(`${strict.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    // The SDK's default chain reads the process environment; clients for this endpoint are new.
    process.env.AWS_ACCESS_KEY_ID = key.AccessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = key.SecretAccessKey;
    const ctx: AnalysisContext = { cwd: '/tmp', env: { AWS_ENDPOINT_URL: strict.endpoint, AWS_REGION: 'us-east-1' } };
    const action = bench.action('aws cloudformation delete-stack --stack-name prod-api');
    const r = await awsResolver.resolve({ action: { ...action, context: { ...action.context, endpoint: strict.endpoint } }, ctx, signal: AbortSignal.timeout(20_000) });
    assert.equal(r.identity?.arn, 'arn:aws:iam::123456789012:user/agent');
    assert.deepEqual(r.resources, []);
    assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
    assert.match(r.failures[0].message, /^could not read the stack prod-api: AccessDenied/);
    assert.equal(r.failures[0].target, 'arn:aws:cloudformation:us-east-1:*:stack/prod-api/*');
  } finally {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    await strict.stop();
  }
});

test('handles: every AWS action that calls AWS, not help or local configuration', { skip }, () => {
  assert.equal(awsResolver.handles(bench.action('aws s3 ls')), true);
  assert.equal(awsResolver.handles(bench.action('aws ec2 terminate-instances help')), false);
  assert.equal(awsResolver.handles(bench.action('aws configure set region eu-west-1')), false);
  assert.equal(awsResolver.handles(bench.action('aws --version')), false);
  assert.equal(awsResolver.handles(bench.action('git status')), false);
});

test('a read-only action gets the identity line and no entries', { skip }, async () => {
  const r = await bench.preview('aws s3 ls s3://logs');
  assert.deepEqual(r.resources, []);
  assert.deepEqual(r.failures, []);
  assert.equal(r.identity?.account, '123456789012');
});
