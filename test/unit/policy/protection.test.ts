/** Which protected-resource patterns cover which targets. IAM semantics for ARNs, minimatch for the rest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtectedResources } from '../../../src/core/policy/protection';
import type { Target } from '../../../src/core/model';

const t = (id: string, extra: Partial<Target> = {}): Target => ({ id, change: 'destroy', kind: 'x', ...extra });

const cases: Array<[pattern: string, target: Target, covered: boolean, why: string]> = [
  // IAM-style ARN patterns
  ['arn:aws:s3:::prod-*', t('arn:aws:s3:::prod-data'), true, 'wildcard in the resource part'],
  ['arn:aws:s3:::prod-*', t('arn:aws:s3:::staging-data'), false, 'different bucket'],
  ['arn:aws:s3:::prod-*', t('arn:aws:s3:::prod-data/logs/2026/01.gz'), true, 'IAM * spans / within the resource'],
  ['arn:aws:s3:::prod-data', t('arn:aws:s3:::prod-data/key'), false, 'a bucket pattern does not cover its objects'],
  ['arn:aws:s3:::prod-data/*', t('arn:aws:s3:::prod-data/key'), true, 'objects of a bucket'],
  ['arn:aws:ec2:*:123456789012:instance/*', t('arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc'), true, 'any region, one account'],
  ['arn:aws:ec2:*:123456789012:instance/*', t('arn:aws:ec2:eu-west-1:210987654321:instance/i-0abc'), false, 'another account'],
  ['arn:aws:ec2:*:123456789012:instance/*', t('arn:aws:ec2:eu-west-1:*:instance/i-0abc', { unresolved: ['account'] }), true, 'unknown account may be the protected one'],
  ['arn:aws:ec2:us-east-1:*:instance/*', t('arn:aws:ec2:*:1:instance/i-1', { unresolved: ['region'] }), true, 'unknown region may be the protected one'],
  ['arn:aws:ec2:us-east-1:*:instance/*', t('arn:aws:ec2:eu-west-1:1:instance/i-1'), false, 'known other region'],
  ['arn:aws:rds:*:*:db:prod-?', t('arn:aws:rds:us-east-1:1:db:prod-1'), true, '? is one character, colons in resource kept'],
  ['arn:aws:rds:*:*:db:prod-?', t('arn:aws:rds:us-east-1:1:db:prod-12'), false, '? is exactly one character'],
  ['arn:aws:iam::*:role/Admin*', t('arn:aws:iam::123456789012:role/AdminAccess'), true, 'global service, empty region'],
  ['arn:aws:dynamodb:*:*:table/Orders', t('arn:aws:dynamodb:us-east-1:1:table/orders'), false, 'ARN matching is case-sensitive'],
  ['arn:aws:s3:::prod-*', t('/home/dev/prod-x'), false, 'ARN patterns only cover ARNs'],
  ['arn:aws:s3:::prod-data/critical/*', t('arn:aws:s3:::prod-data', { many: true }), true, 'deleting the whole bucket reaches into protected objects'],
  ['arn:aws:s3:::prod-data/critical/*', t('arn:aws:s3:::prod-data'), false, 'not open-ended: only the bucket itself'],
  ['s3://prod-*', t('arn:aws:s3:::prod-logs'), true, 's3:// is shorthand for the S3 ARN'],
  // Globs over paths and URIs
  ['/home/dev/project/.env', t('/home/dev/project/.env'), true, 'exact path'],
  ['/home/dev/project/**', t('/home/dev/project/src/a.ts'), true, 'globstar'],
  ['/home/dev/project/*', t('/home/dev/project/src/a.ts'), false, '* does not span /'],
  ['~/.ssh/**', t('/home/dev/.ssh/id_ed25519'), true, '~ is the home directory'],
  ['/home/dev/project/.env', t('/home/dev/project', { many: true }), true, 'a recursive delete of the parent reaches it'],
  ['/home/dev/project/.env', t('/home/dev', { many: true }), true, 'any ancestor'],
  ['/home/dev/project/.env', t('/home/dev/project'), false, 'the directory itself, not recursive'],
  ['/home/dev/project/.env', t('/home/dev/projectX', { many: true }), false, 'sibling with a shared prefix'],
  ['**/.env', t('/srv/app/.env'), true, 'dot files match'],
  ['git://origin/refs/heads/main', t('git://origin/refs/heads/main'), true, 'protected branch'],
  ['git://*/refs/heads/release/*', t('git://upstream/refs/heads/release/1.2'), true, 'any remote'],
  ['git://origin/refs/heads/main', t('git://origin/refs/heads/feature'), false, 'other branch'],
  ['k8s://prod/**', t('k8s://prod/payments/deployment/api'), true, 'a whole context'],
  ['k8s://*/kube-system/**', t('k8s://staging/kube-system/pod/x'), true, 'a namespace in every context'],
  ['tf:///srv/infra/**', t('tf:///srv/infra/aws_db_instance.main'), true, 'terraform addresses in a directory'],
  ['tf:///srv/infra/**', t('tf:///srv/infra', { many: true }), true, 'a whole-configuration destroy reaches protected addresses'],
];

for (const [pattern, target, covered, why] of cases) {
  test(`${covered ? 'covers' : 'does not cover'}: ${pattern} vs ${target.id} (${why})`, () => {
    const p = new ProtectedResources([pattern], '/home/dev');
    assert.equal(p.match(target) !== undefined, covered);
  });
}

test('reports which pattern matched, as the person wrote it', () => {
  const p = new ProtectedResources(['/nothing', 's3://prod-*'], '/home/dev');
  assert.deepEqual(p.match(t('arn:aws:s3:::prod-a')), { pattern: 's3://prod-*', inside: false });
});
