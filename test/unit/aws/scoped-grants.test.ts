/**
 * One-time grants after an approval: what they cover (exact actions on exact ARNs), who may redeem
 * them (that profile, while fresh), and that anything else gets the agent's own scoped credentials.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analysis } from '../../../src/core';
import { grantScopeOf } from '../../../src/aws/scoped/grant-scope';
import { GRANT_SECONDS, GrantBook } from '../../../src/aws/scoped/grants';
import { grantActionsFor } from '../../../src/aws/scoped/iam-actions';
import type { StsPort } from '../../../src/aws/scoped/issuer';
import { analyzer } from '../support/analyzer';

const ctx = { cwd: '/home/dev/project', env: { AWS_REGION: 'us-east-1' } };
async function analysis(line: string, account?: string): Promise<Analysis> {
  const a = (await analyzer()).analyze(line, ctx);
  // What the live preview adds: the account STS named.
  return account ? { ...a, actions: a.actions.map((x) => (x.tool === 'aws' ? { ...x, context: { ...x.context, account } } : x)) } : a;
}

const actions: Array<[operation: string, want: string[] | undefined]> = [
  ['s3api delete-bucket', ['s3:DeleteBucket']],
  ['ec2 terminate-instances', ['ec2:TerminateInstances']],
  ['rds delete-db-instance', ['rds:DeleteDbInstance']],
  ['elbv2 delete-load-balancer', ['elasticloadbalancing:DeleteLoadBalancer']],
  ['s3 rb', ['s3:DeleteBucket']],
  ['s3 rb --force', ['s3:DeleteBucket', 's3:DeleteObject', 's3:ListBucket']],
  ['s3 rm --recursive', ['s3:DeleteObject', 's3:ListBucket']],
  ['cloudformation deploy', undefined],
  ['s3 frobnicate', undefined],
  ['s3api delete-bucket extra-word', undefined],
];
for (const [operation, want] of actions) test(`IAM actions of aws ${operation}`, () => assert.deepEqual(grantActionsFor(operation), want));

const scopes: Array<[line: string, account: string | undefined, want: object]> = [
  ['aws s3api delete-bucket --bucket prod-data', undefined, { scope: { actions: ['s3:DeleteBucket'], resources: ['arn:aws:s3:::prod-data'], profile: 'default' } }],
  ['aws --profile prod s3 rm s3://logs/2024 --recursive', undefined, { scope: { actions: ['s3:DeleteObject', 's3:ListBucket'], resources: ['arn:aws:s3:::logs/2024/*'], profile: 'prod' } }],
  ['aws dynamodb delete-table --table-name orders', '123456789012', { scope: { actions: ['dynamodb:DeleteTable'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'], profile: 'default' } }],
  ['aws ec2 terminate-instances --instance-ids i-0abc i-0def', '123456789012', { scope: { actions: ['ec2:TerminateInstances'], resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0def'], profile: 'default' } }],
  // The account never read: the ARN is not exact, so no grant.
  ['aws dynamodb delete-table --table-name orders', undefined, { none: 'arn:aws:dynamodb:us-east-1:*:table/orders is not an exact ARN' }],
  ['aws s3api delete-bucket --bucket "$B"', undefined, { none: 'arn:aws:s3:::$B is not an exact ARN' }],
  ['aws s3api put-object --bucket b --key k', undefined, { none: 'no destructive AWS action' }],
  ['rm -rf build', undefined, { none: 'no destructive AWS action' }],
  ['aws --profile a s3 rb s3://x && aws --profile b s3 rb s3://y', undefined, { none: 'the command uses several AWS profiles (a, b)' }],
];
for (const [line, account, want] of scopes) {
  test(`grant scope of ${line}${account ? ' (account read live)' : ''}`, async () => {
    const got = grantScopeOf(await analysis(line, account));
    if ('none' in want) assert.ok('none' in got && got.none.startsWith((want as { none: string }).none), JSON.stringify(got));
    else assert.deepEqual(got, want);
  });
}

function book(opts: { enabled?: boolean } = {}) {
  const clock = { now: Date.parse('2025-12-01T10:00:00Z') };
  const calls: Array<Record<string, unknown>> = [];
  let n = 0;
  const sts: StsPort = {
    callerArn: async () => 'arn:aws:iam::123456789012:user/alice',
    roleArnWithPath: async () => undefined,
    assumeRole: async (_p, input) => {
      calls.push({ call: 'AssumeRole', ...input });
      n += 1;
      return { accessKeyId: `ASIAGRANT${n}0000000`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now + input.DurationSeconds * 1000) };
    },
    federationToken: async (_p, input) => {
      calls.push({ call: 'GetFederationToken', ...input });
      n += 1;
      return { accessKeyId: `ASIAGRANT${n}0000000`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now + input.DurationSeconds * 1000) };
    },
  };
  const grants = new GrantBook({
    sts,
    grantPolicy: (s) => ({ json: JSON.stringify({ allow: s.actions, on: s.resources }) }),
    enabled: () => opts.enabled ?? true,
    roleArn: () => undefined,
    now: () => clock.now,
  });
  return { grants, calls, clock };
}

test('an approved destructive request gets a grant; redeeming it issues 15-minute credentials for exactly that', async () => {
  const { grants, calls } = book();
  const offer = grants.offer(await analysis('aws s3api delete-bucket --bucket prod-data'));
  assert.ok(offer);
  assert.match(offer.id, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(offer.note, 'AWS credentials for this one command allow exactly s3:DeleteBucket on arn:aws:s3:::prod-data, for 15 minutes.');
  const creds = await grants.redeem(offer.id, 'default');
  assert.ok(creds);
  assert.deepEqual(calls, [{ call: 'GetFederationToken', Name: `blast-radius-grant-${offer.id.slice(0, 8)}`, Policy: '{"allow":["s3:DeleteBucket"],"on":["arn:aws:s3:::prod-data"]}', DurationSeconds: GRANT_SECONDS }]);
  // The CLI and SDKs ask again when they refresh: the same session, not a new one.
  assert.equal((await grants.redeem(offer.id, 'default'))?.accessKeyId, creds.accessKeyId);
  assert.equal(calls.length, 1);
});

test('a grant is spent when its session ends, and never redeemable for another profile', async () => {
  const { grants, clock } = book();
  const offer = grants.offer(await analysis('aws s3api delete-bucket --bucket prod-data'))!;
  assert.equal(await grants.redeem(offer.id, 'prod'), undefined);
  assert.ok(await grants.redeem(offer.id, 'default'));
  clock.now += GRANT_SECONDS * 1000 + 1;
  assert.equal(await grants.redeem(offer.id, 'default'), undefined);
});

test('an unused grant lapses after 15 minutes; unknown and malformed ids redeem nothing', async () => {
  const { grants, clock, calls } = book();
  const offer = grants.offer(await analysis('aws s3api delete-bucket --bucket prod-data'))!;
  clock.now += 15 * 60_000 + 1;
  assert.equal(await grants.redeem(offer.id, 'default'), undefined);
  assert.equal(await grants.redeem('A'.repeat(32), 'default'), undefined);
  assert.equal(await grants.redeem('../etc', 'default'), undefined);
  assert.equal(calls.length, 0);
});

test('no grants in passthrough, and none for requests that destroy nothing in AWS', async () => {
  assert.equal(book({ enabled: false }).grants.offer(await analysis('aws s3api delete-bucket --bucket prod-data')), undefined);
  assert.equal(book().grants.offer(await analysis('aws s3api create-bucket --bucket new')), undefined);
});
