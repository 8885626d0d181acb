/** S3 previews against moto: real buckets with real objects, counted, measured and sampled. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { needs } from '../support/tools';
import { awsBench, entry, hasFact, type AwsBench } from './aws-support';

const skip = needs('moto_server');
let bench: AwsBench;
let s3: S3Client;
const key = (i: number) => `logs/2025/${String(i).padStart(4, '0')}.log`;
/** Object i is i+1 bytes: the total is known exactly. */
const TOTAL_BYTES = (1000 * 1001) / 2;

before(async () => {
  if (skip) return;
  bench = await awsBench();
  s3 = new S3Client(bench.sdk);
  await s3.send(new CreateBucketCommand({ Bucket: 'big' }));
  const puts = [];
  for (let i = 0; i < 1000; i++) puts.push(() => s3.send(new PutObjectCommand({ Bucket: 'big', Key: key(i), Body: 'x'.repeat(i + 1) })));
  for (let i = 0; i < puts.length; i += 50) await Promise.all(puts.slice(i, i + 50).map((p) => p()));
  await s3.send(new CreateBucketCommand({ Bucket: 'small' }));
  await s3.send(new PutObjectCommand({ Bucket: 'small', Key: 'site/index.html', Body: '<html></html>' }));
  await s3.send(new PutObjectCommand({ Bucket: 'small', Key: 'site/app.js', Body: 'console.log(1)' }));
  await s3.send(new PutObjectCommand({ Bucket: 'small', Key: 'other/keep.txt', Body: 'keep' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'small', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'empty' }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'empty',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::empty/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }),
    }),
  );
});
after(async () => {
  if (!skip) await bench.stop();
});

test('rb --force: every object counted with exact bytes, a sample of 20 keys, the bucket, versioning, the identity', { skip }, async () => {
  const r = await bench.preview('aws s3 rb s3://big --force');
  assert.deepEqual(r.failures, []);
  assert.deepEqual(r.totals, { 'arn:aws:s3:::big/*': 1000 });
  const all = entry(r, 'arn:aws:s3:::big/*');
  assert.equal(all.change, 'destroy');
  assert.ok(hasFact(all, /^1,000 objects, 501 KB$/), all.facts.join(' | '));
  assert.deepEqual(all.before, { objects: 1000, bytes: TOTAL_BYTES, complete: true });
  assert.ok(hasFact(all, /versioning off: deleted objects cannot be restored/));
  const sample = r.resources.filter((x) => x.kind === 's3 object');
  assert.equal(sample.length, 20);
  for (let i = 0; i < 20; i++) {
    assert.equal(sample[i].id, `arn:aws:s3:::big/${key(i)}`);
    assert.equal(sample[i].change, 'destroy');
    assert.equal(sample[i].from, 'arn:aws:s3:::big/*');
    assert.equal(sample[i].facts[0], `${i + 1} bytes`);
  }
  const bucket = entry(r, 'arn:aws:s3:::big');
  assert.equal(bucket.change, 'destroy');
  assert.equal(bucket.kind, 's3 bucket');
  assert.ok(hasFact(bucket, /versioning off/));
  assert.equal(r.identity?.account, '123456789012');
  assert.match(r.identity?.arn ?? '', /^arn:aws:(sts|iam)::123456789012:/);
  assert.equal(r.identity?.region, 'us-east-1');
  assert.equal(r.identity?.profile, 'default');
});

test('rm --recursive on a prefix counts what is under it; and lists a sample', { skip }, async () => {
  const r = await bench.preview('aws s3 rm s3://big/logs/ --recursive');
  assert.deepEqual(r.totals, { 'arn:aws:s3:::big/logs/*': 1000 });
  assert.equal(r.resources.filter((x) => x.kind === 's3 object').length, 20);
});

test('sync --delete: only the destination is seen; the count is an upper bound and says so', { skip }, async () => {
  const r = await bench.preview('aws s3 sync ./public s3://small/site --delete');
  const e = entry(r, 'arn:aws:s3:::small/site/*');
  assert.equal(e.change, 'destroy');
  assert.ok(hasFact(e, /^2 objects, 27 bytes under the prefix now$/), e.facts.join(' | '));
  assert.ok(hasFact(e, /which ones \(if any\) is not known/));
  assert.ok(hasFact(e, /versioning on/));
  assert.deepEqual(
    r.resources.filter((x) => x.kind === 's3 object').map((x) => x.name),
    ['site/app.js', 'site/index.html'],
  );
  assert.ok(r.resources.filter((x) => x.kind === 's3 object').every((x) => hasFact(x, /deleted if the source lacks it/)));
});

test('delete-object / delete-objects: each named object with its size; a missing key is said to be missing', { skip }, async () => {
  const one = await bench.preview('aws s3api delete-object --bucket small --key other/keep.txt');
  const e = entry(one, 'arn:aws:s3:::small/other/keep.txt');
  assert.deepEqual(e.facts.slice(0, 1), ['4 bytes']);
  assert.ok(hasFact(e, /versioning on: deleted objects leave delete markers/));
  const many = await bench.preview(`aws s3api delete-objects --bucket small --delete '{"Objects":[{"Key":"site/app.js"},{"Key":"nope"}]}'`);
  assert.deepEqual(entry(many, 'arn:aws:s3:::small/site/app.js').facts[0], '14 bytes');
  assert.deepEqual(entry(many, 'arn:aws:s3:::small/nope').facts, ['does not exist: nothing to delete']);
  assert.deepEqual(many.failures, []);
});

test('delete-bucket and rb without --force: a bucket with objects is said to fail; an empty one is empty', { skip }, async () => {
  const full = await bench.preview('aws s3api delete-bucket --bucket small');
  assert.ok(hasFact(entry(full, 'arn:aws:s3:::small'), /not empty: deleting the bucket fails/));
  assert.ok(hasFact(entry(full, 'arn:aws:s3:::small'), /versioning on/));
  const empty = await bench.preview('aws s3 rb s3://empty');
  assert.ok(hasFact(entry(empty, 'arn:aws:s3:::empty'), /^empty$/));
});

test('a bucket that does not exist is a fact (the command would fail), not a failure', { skip }, async () => {
  const r = await bench.preview('aws s3 rb s3://no-such-bucket --force');
  assert.deepEqual(r.failures, []);
  assert.deepEqual(entry(r, 'arn:aws:s3:::no-such-bucket').facts, ['does not exist: the command would fail']);
  assert.deepEqual(entry(r, 'arn:aws:s3:::no-such-bucket/*').facts, ['does not exist: the command would fail']);
});

test('bucket policy changes show the policy in place now', { skip }, async () => {
  const del = await bench.preview('aws s3api delete-bucket-policy --bucket empty');
  const e = entry(del, 'arn:aws:s3:::empty');
  assert.ok(hasFact(e, /has a bucket policy now/));
  assert.equal((e.before as { policy: { Statement: Array<{ Effect: string }> } }).policy.Statement[0].Effect, 'Deny');
  const put = await bench.preview('aws s3api put-bucket-policy --bucket small --policy file://policy.json');
  assert.ok(hasFact(entry(put, 'arn:aws:s3:::small'), /no bucket policy now/));
});
