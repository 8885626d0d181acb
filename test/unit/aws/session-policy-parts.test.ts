/**
 * The parts of the session policy: how protected patterns become IAM resources, how CLI operations
 * become IAM actions, and the one-shot grant policy after an approval.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandBraces, translateProtected } from '../../../src/core/aws/arn-patterns';
import { destructiveIamActionsFor, iamActionsFor, iamPrefixOf } from '../../../src/core/aws/iam-actions';
import { buildGrantPolicy, buildSessionPolicy } from '../../../src/core/aws/session-policy';
import { readSettings } from '../../../src/core/policy/settings';
import { evaluate, problems } from './iam-evaluator';

const translate = (patterns: string[], partition = 'aws') => translateProtected(patterns, { partition, protectedAccounts: [] });

const resources: Array<[pattern: string, iam: string[]]> = [
  ['s3://prod-*', ['arn:aws:s3:::prod-*']],
  // A bucket named exactly: its objects too.
  ['s3://audit-logs', ['arn:aws:s3:::audit-logs', 'arn:aws:s3:::audit-logs/*']],
  ['s3://audit-logs/2024/*', ['arn:aws:s3:::audit-logs/2024/*']],
  // `**` means what `*` means in IAM: any characters, slashes included.
  ['arn:aws:s3:::data/**', ['arn:aws:s3:::data/*']],
  // Braces have no IAM form: one resource per alternative.
  ['s3://{prod,stage}-db-backups', ['arn:aws:s3:::prod-db-backups', 'arn:aws:s3:::prod-db-backups/*', 'arn:aws:s3:::stage-db-backups', 'arn:aws:s3:::stage-db-backups/*']],
  // Character classes widen to one-character wildcards.
  ['arn:aws:rds:*:123456789012:db:prod-[0-9]', ['arn:aws:rds:*:123456789012:db:prod-?']],
  ['arn:aws:cloudformation:us-east-1:123456789012:stack/prod-api', ['arn:aws:cloudformation:us-east-1:123456789012:stack/prod-api', 'arn:aws:cloudformation:us-east-1:123456789012:stack/prod-api/*']],
  ['arn:aws:logs:us-east-1:123456789012:log-group:/prod/app', ['arn:aws:logs:us-east-1:123456789012:log-group:/prod/app', 'arn:aws:logs:us-east-1:123456789012:log-group:/prod/app:*']],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db', ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????']],
  ['arn:aws:dynamodb:us-east-1:123456789012:table/orders', ['arn:aws:dynamodb:us-east-1:123456789012:table/orders', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/*']],
  ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890', ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890']],
];
for (const [pattern, iam] of resources) {
  test(`protected ${pattern} → IAM ${iam.join(' ')}`, () => {
    const t = translate([pattern]);
    assert.deepEqual(t.named.flatMap((n) => n.resources), iam);
    assert.deepEqual(t.wide, []);
  });
}

test('s3:// patterns take the partition asked for', () => {
  assert.deepEqual(translate(['s3://prod-*'], 'aws-cn').named[0].resources, ['arn:aws-cn:s3:::prod-*']);
});

const wide: Array<[pattern: string, scope: { accounts?: string[]; regions?: string[] }]> = [
  ['arn:aws:*:*:123456789012:*', { accounts: ['123456789012'] }],
  ['arn:aws:*:eu-west-1:*:*', { regions: ['eu-west-1'] }],
  // Fewer than six parts ending in `*`: every ARN of the partition.
  ['arn:aws:*', {}],
  ['**', {}],
  ['*', {}],
];
for (const [pattern, scope] of wide) {
  test(`${pattern} reaches every service: ${JSON.stringify(scope)}`, () => {
    const t = translate([pattern]);
    assert.deepEqual(t.named, []);
    assert.deepEqual(t.wide, [{ source: pattern, ...scope }]);
  });
}

const notAws: string[] = ['~/.ssh/**', '/home/dev/project/.env', '**/.env', 'git://origin/refs/heads/main', 'k8s://prod/**', 'tf:///srv/infra/**'];
for (const pattern of notAws) {
  test(`${pattern} is not an AWS resource: skipped`, () => {
    const t = translate([pattern]);
    assert.deepEqual(t.skipped, [pattern]);
    assert.deepEqual([...t.named, ...t.wide], []);
  });
}

test('AWS resources the policy cannot name are reported, not dropped silently', () => {
  const t = translate(['aws://ssm/us-east-1/name/prod-config', '*prod*']);
  assert.deepEqual(t.unexpressed, ['aws://ssm/us-east-1/name/prod-config', '*prod*']);
  assert.equal(t.notes.length, 2);
});

test('an incomplete ARN protects nothing and says so', () => {
  const t = translate(['arn:aws:s3']);
  assert.deepEqual([...t.named, ...t.wide], []);
  assert.match(t.notes[0], /not a complete ARN/);
});

test('brace expansion: nested, literal single alternatives, and a cap', () => {
  assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
  assert.deepEqual(expandBraces('x{y}z'), ['x{y}z']);
  assert.equal(expandBraces('{a,b}{c,d}{e,f}{g,h}{i,j}'), undefined);
  const t = translate(['s3://{a,b}{c,d}{e,f}{g,h}{i,j}-logs']);
  assert.deepEqual(t.named[0].resources, ['arn:aws:s3:::*-logs', 'arn:aws:s3:::*-logs/*']);
  assert.match(t.notes[0], /widened to \*/);
});

test('a widened character class still denies what the class matched', () => {
  const p = buildSessionPolicy(readSettings({ protectedResources: ['arn:aws:rds:*:123456789012:db:prod-[0-9]'] }).settings, { mode: 'protected' });
  assert.equal(evaluate(p.document, { action: 'rds:DeleteDBInstance', resource: 'arn:aws:rds:us-east-1:123456789012:db:prod-7' }), 'explicit-deny');
  assert.equal(evaluate(p.document, { action: 'rds:DeleteDBInstance', resource: 'arn:aws:rds:us-east-1:123456789012:db:prod-77' }), 'allow');
  assert.ok(p.notes.some((n) => n.includes('character classes')));
});

const actions: Array<[service: string, operation: string, iam: string[], destructive: string[]]> = [
  ['s3api', 'delete-objects', ['s3:DeleteObject', 's3:DeleteObjectVersion'], ['s3:DeleteObject', 's3:DeleteObjectVersion']],
  ['s3api', 'delete-bucket-lifecycle', ['s3:PutLifecycleConfiguration'], ['s3:PutLifecycleConfiguration']],
  ['s3api', 'list-objects-v2', ['s3:ListBucket'], []],
  ['s3api', 'delete-bucket', ['s3:DeleteBucket'], ['s3:DeleteBucket']],
  ['s3', 'rm', ['s3:DeleteObject', 's3:ListBucket'], ['s3:DeleteObject']],
  ['s3', 'rb', ['s3:DeleteBucket'], ['s3:DeleteBucket']],
  ['rds', 'delete-db-instance', ['rds:DeleteDbInstance'], ['rds:DeleteDbInstance']],
  ['docdb', 'delete-db-cluster', ['rds:DeleteDbCluster'], ['rds:DeleteDbCluster']],
  ['efs', 'delete-file-system', ['elasticfilesystem:DeleteFileSystem'], ['elasticfilesystem:DeleteFileSystem']],
  ['elbv2', 'delete-load-balancer', ['elasticloadbalancing:DeleteLoadBalancer'], ['elasticloadbalancing:DeleteLoadBalancer']],
  ['stepfunctions', 'delete-state-machine', ['states:DeleteStateMachine'], ['states:DeleteStateMachine']],
  ['apigateway', 'delete-rest-api', ['apigateway:DELETE'], ['apigateway:DELETE']],
  ['apigateway', 'get-rest-apis', ['apigateway:GET'], []],
  ['cloudcontrol', 'delete-resource', ['cloudformation:DeleteResource'], ['cloudformation:DeleteResource']],
  ['lambda', 'invoke', ['lambda:InvokeFunction'], []],
  ['dynamodb', 'transact-write-items', ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], ['dynamodb:DeleteItem']],
  ['keyspaces', 'delete-table', ['cassandra:Drop'], ['cassandra:Drop']],
  ['ec2', 'terminate-instances', ['ec2:TerminateInstances'], ['ec2:TerminateInstances']],
  // Reviewed as resumable by the core: not destructive.
  ['ec2', 'stop-instances', ['ec2:StopInstances'], []],
  ['resourcegroupstaggingapi', 'get-resources', ['tag:GetResources'], []],
  ['cloudwatch', 'delete-alarms', ['cloudwatch:DeleteAlarms'], ['cloudwatch:DeleteAlarms']],
  ['ec2', 'no-such-operation', ['ec2:NoSuchOperation'], []],
];
for (const [service, operation, iam, destructive] of actions) {
  test(`aws ${service} ${operation} needs ${iam.join(', ') || 'nothing'}`, () => {
    assert.deepEqual(iamActionsFor(service, operation), iam);
    assert.deepEqual(destructiveIamActionsFor(service, operation), destructive);
  });
}

test('services IAM does not authorize, and unknown ones, have no prefix', () => {
  assert.equal(iamPrefixOf('sso'), undefined);
  assert.equal(iamPrefixOf('no-such-service'), undefined);
  assert.deepEqual(iamActionsFor('no-such-service', 'delete-thing'), []);
});

test('a grant allows exactly the approved actions on exactly the previewed resources', () => {
  const g = buildGrantPolicy({ actions: ['ec2:TerminateInstances'], resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890'] });
  assert.deepEqual(problems(g.document, g.json), []);
  assert.ok(g.fits);
  assert.deepEqual(g.addedReads, []);
  const at = (action: string, resource: string) => evaluate(g.document, { action, resource });
  assert.equal(at('ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890'), 'allow');
  assert.equal(at('ec2:terminateinstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890'), 'allow');
  assert.equal(at('ec2:TerminateInstances', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0fff1234def567890'), 'implicit-deny');
  assert.equal(at('ec2:DeleteVolume', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890'), 'implicit-deny');
  assert.equal(at('s3:GetObject', 'arn:aws:s3:::any/x'), 'implicit-deny');
  assert.equal(
    g.json,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:TerminateInstances"],"Resource":["arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890"]}]}',
  );
});

test('a recursive S3 delete also gets the bucket listing the CLI makes, and says so', () => {
  const g = buildGrantPolicy({ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::prod-data/tmp/*'] });
  assert.deepEqual(g.addedReads, [{ action: 's3:ListBucket', resource: 'arn:aws:s3:::prod-data', why: 'the CLI lists the bucket to find the objects a recursive delete removes' }]);
  assert.equal(evaluate(g.document, { action: 's3:ListBucket', resource: 'arn:aws:s3:::prod-data' }), 'allow');
  assert.equal(evaluate(g.document, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::prod-data/tmp/a.txt' }), 'allow');
  assert.equal(evaluate(g.document, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::prod-data/keep/a.txt' }), 'implicit-deny');
  assert.ok(g.notes.some((n) => n.includes('s3:ListBucket on arn:aws:s3:::prod-data')));
  // One key, no listing.
  assert.deepEqual(buildGrantPolicy({ actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::prod-data/a.txt'] }).addedReads, []);
});

test('an s3 rb --force grant pairs bucket actions with the bucket and object actions with its objects', () => {
  const g = buildGrantPolicy({ actions: ['s3:DeleteBucket', 's3:DeleteObject', 's3:ListBucket'], resources: ['arn:aws:s3:::prod-data', 'arn:aws:s3:::prod-data/*', 'arn:aws:s3:::prod-data/customers.csv'] });
  assert.deepEqual(problems(g.document, g.json), []);
  assert.equal(
    g.json,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:DeleteObject"],"Resource":["arn:aws:s3:::prod-data/*","arn:aws:s3:::prod-data/customers.csv"]},{"Effect":"Allow","Action":["s3:DeleteBucket","s3:ListBucket"],"Resource":["arn:aws:s3:::prod-data"]}]}',
  );
  const at = (action: string, resource: string) => evaluate(g.document, { action, resource });
  assert.equal(at('s3:DeleteBucket', 'arn:aws:s3:::prod-data'), 'allow');
  assert.equal(at('s3:DeleteObject', 'arn:aws:s3:::prod-data/any.csv'), 'allow');
  assert.equal(at('s3:ListBucket', 'arn:aws:s3:::prod-data'), 'allow');
  assert.equal(at('s3:DeleteBucket', 'arn:aws:s3:::prod-data/customers.csv'), 'implicit-deny');
  assert.equal(at('s3:DeleteObject', 'arn:aws:s3:::prod-data'), 'implicit-deny');
  assert.equal(at('s3:DeleteBucket', 'arn:aws:s3:::other'), 'implicit-deny');
});

test('a stack delete grant warns that the stack\'s resources are deleted with the same credentials', () => {
  const g = buildGrantPolicy({ actions: ['cloudformation:DeleteStack'], resources: ['arn:aws:cloudformation:us-east-1:123456789012:stack/prod-api/*'] });
  assert.ok(g.notes.some((n) => n.includes('service role')));
});

const refused: Array<[why: string, grant: { actions: string[]; resources: string[] }]> = [
  ['no action', { actions: [], resources: ['arn:aws:s3:::b'] }],
  ['no resource', { actions: ['s3:DeleteBucket'], resources: [] }],
  ['a wildcard action', { actions: ['s3:Delete*'], resources: ['arn:aws:s3:::b'] }],
  ['every action', { actions: ['*'], resources: ['arn:aws:s3:::b'] }],
  ['a wildcard service', { actions: ['*:DeleteBucket'], resources: ['arn:aws:s3:::b'] }],
  ['a resource that is not an ARN', { actions: ['s3:DeleteBucket'], resources: ['s3://b'] }],
  ['every resource', { actions: ['s3:DeleteBucket'], resources: ['*'] }],
  ['a quote inside a resource', { actions: ['s3:DeleteBucket'], resources: ['arn:aws:s3:::b"x'] }],
];
for (const [why, grant] of refused) {
  test(`a grant with ${why} is refused`, () => assert.throws(() => buildGrantPolicy(grant), RangeError));
}

test('a protected ARN of a service the table does not know: every action of that service is denied on it', () => {
  const p = buildSessionPolicy(readSettings({ protectedResources: ['arn:aws:newservice:us-east-1:123456789012:widget/prod'] }).settings, { mode: 'protected' });
  assert.deepEqual(problems(p.document, p.json), []);
  assert.equal(evaluate(p.document, { action: 'newservice:DestroyWidget', resource: 'arn:aws:newservice:us-east-1:123456789012:widget/prod' }), 'explicit-deny');
  assert.equal(evaluate(p.document, { action: 'newservice:DestroyWidget', resource: 'arn:aws:newservice:us-east-1:123456789012:widget/dev' }), 'allow');
});
