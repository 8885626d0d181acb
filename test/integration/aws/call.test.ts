/**
 * aws_call against moto: the bundled SDK clients make the call, the response comes back as plain JSON
 * (no SDK metadata, bodies read and bounded), AWS errors come back named, and the call does what the
 * analysed CLI line says it does.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsCallError, AwsCallInputError, awsCallCommandLine, executeAwsCall } from '../../../src/aws/call';
import type { Analyzer } from '../../../src/core';
import { analyzer } from '../../unit/support/analyzer';
import { startMoto, useDummyAwsKeys, type Moto } from '../support/moto';
import { needs } from '../support/tools';

const skip = needs('moto_server');
let moto: Moto;
let s3: S3Client;
let an: Analyzer;
/** The environment the tool passes: where the calls go. Keys come from the process, as the SDK's chain reads them. */
let env: Record<string, string>;

before(async () => {
  if (skip) return;
  useDummyAwsKeys();
  moto = await startMoto();
  env = { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1' };
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await s3.send(new CreateBucketCommand({ Bucket: 'listed' }));
  await s3.send(new PutObjectCommand({ Bucket: 'listed', Key: 'hello.txt', Body: 'hello, world' }));
  await s3.send(new PutObjectCommand({ Bucket: 'listed', Key: 'big.txt', Body: 'é'.repeat(40_000) }));
  await s3.send(new PutObjectCommand({ Bucket: 'listed', Key: 'blob.bin', Body: Buffer.from([0xff, 0xfe, 0x00, 0x01]) }));
  an = await analyzer();
});
after(async () => {
  if (!skip) await moto.stop();
});

test('a read: the response as plain JSON, without the SDK metadata', { skip }, async () => {
  const r = await executeAwsCall({ service: 's3', operation: 'ListBuckets' }, { env });
  assert.equal(r.call, 's3 ListBuckets');
  const out = r.output as { Buckets: Array<{ Name: string; CreationDate: string }> };
  assert.ok(out.Buckets.some((b) => b.Name === 'listed'));
  assert.match(out.Buckets[0].CreationDate, /^\d{4}-\d\d-\d\dT/);
  assert.ok(!('$metadata' in (r.output as object)));
  assert.deepEqual(JSON.parse(r.text), r.output);
  assert.equal(r.truncated, false);
});

test('a bare AbortSignal as the second argument works too', { skip }, async () => {
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  try {
    const r = await executeAwsCall({ service: 'sts', operation: 'GetCallerIdentity' }, AbortSignal.timeout(20_000));
    assert.equal((r.output as { Account: string }).Account, '123456789012');
  } finally {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_REGION;
  }
});

test('an object body is read as text; a body over the bound is cut and says so', { skip }, async () => {
  const small = await executeAwsCall({ service: 's3', operation: 'GetObject', parameters: { Bucket: 'listed', Key: 'hello.txt' } }, { env });
  assert.deepEqual((small.output as { Body: unknown }).Body, { bytes: 12, text: 'hello, world' });
  const big = await executeAwsCall({ service: 's3', operation: 'GetObject', parameters: { Bucket: 'listed', Key: 'big.txt' } }, { env, maxBodyBytes: 1001 });
  const body = (big.output as { Body: { text: string; more: boolean; truncated: boolean } }).Body;
  assert.equal(body.more, true);
  assert.equal(body.truncated, true);
  // 1,001 bytes end inside a two-byte character: 500 whole characters are kept.
  assert.equal(body.text, 'é'.repeat(500));
  const blob = await executeAwsCall({ service: 's3', operation: 'GetObject', parameters: { Bucket: 'listed', Key: 'blob.bin' } }, { env });
  assert.deepEqual((blob.output as { Body: unknown }).Body, { bytes: 4, base64: Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64') });
});

test('a long response is cut at maxChars and says how long it was', { skip }, async () => {
  const r = await executeAwsCall({ service: 's3', operation: 'ListObjectsV2', parameters: { Bucket: 'listed' } }, { env, maxChars: 200 });
  assert.equal(r.truncated, true);
  const [json, note] = r.text.split('\n… ');
  assert.equal(json.length, 200);
  assert.match(note, /^\(response cut at 200 of [\d,]+ characters\)$/);
});

test('an AWS error comes back with its code, and nothing else happens', { skip }, async () => {
  await assert.rejects(
    executeAwsCall({ service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'no-such-bucket' } }, { env }),
    (e: unknown) => e instanceof AwsCallError && e.code === 'NoSuchBucket' && /^s3 DeleteBucket failed: NoSuchBucket: /.test(e.message),
  );
});

test('a profile that does not exist is an error, not a call as someone else', { skip }, async () => {
  await assert.rejects(
    executeAwsCall({ service: 's3', operation: 'ListBuckets', profile: 'nobody' }, { env }),
    (e: unknown) => e instanceof AwsCallError && e.code === 'CredentialsProviderError' && /^s3 ListBuckets failed \(as profile nobody\): /.test(e.message),
  );
});

test('a cancelled call says so', { skip }, async () => {
  const c = new AbortController();
  c.abort();
  await assert.rejects(
    executeAwsCall({ service: 's3', operation: 'ListBuckets' }, { env, signal: c.signal }),
    (e: unknown) => e instanceof AwsCallError && e.message === 's3 ListBuckets was cancelled',
  );
});

test('a wrong parameter name is refused before any request is made', { skip }, async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
  await assert.rejects(
    executeAwsCall({ service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'kept', DryRun: true } }, { env }),
    (e: unknown) => e instanceof AwsCallInputError,
  );
  await s3.send(new HeadBucketCommand({ Bucket: 'kept' }));
});

test('the call deletes exactly the objects the analysed line names', { skip }, async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'pruned' }));
  for (const key of ['a.log', 'b/c.log', 'keep.txt']) await s3.send(new PutObjectCommand({ Bucket: 'pruned', Key: key, Body: key }));
  const input = { service: 's3', operation: 'DeleteObjects', parameters: { Bucket: 'pruned', Delete: { Objects: [{ Key: 'a.log' }, { Key: 'b/c.log' }] } } };
  const [action] = an.analyze(awsCallCommandLine(input), { cwd: '/tmp', env }).actions;
  assert.equal(action.effect, 'destroy');
  assert.deepEqual(action.targets.map((t) => t.id), ['arn:aws:s3:::pruned/a.log', 'arn:aws:s3:::pruned/b/c.log']);
  const r = await executeAwsCall(input, { env });
  assert.deepEqual((r.output as { Deleted: Array<{ Key: string }> }).Deleted.map((d) => d.Key).sort(), ['a.log', 'b/c.log']);
  const left = await executeAwsCall({ service: 's3', operation: 'ListObjectsV2', parameters: { Bucket: 'pruned' } }, { env });
  assert.deepEqual((left.output as { Contents: Array<{ Key: string }> }).Contents.map((c) => c.Key), ['keep.txt']);
});

test('the endpoint for one service can be set on its own', { skip }, async () => {
  const r = await executeAwsCall({ service: 's3', operation: 'ListBuckets', region: 'us-east-1' }, { env: { AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
  assert.ok((r.output as { Buckets: Array<{ Name: string }> }).Buckets.some((b) => b.Name === 'listed'));
});
