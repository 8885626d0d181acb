/**
 * The session policy agents' AWS credentials carry, proven with the IAM-style evaluator: for a table of
 * protected patterns, every destructive operation of the core's AWS table is denied on every protected
 * ARN it applies to, reads and writes elsewhere stay allowed, and in everywhere mode every destructive
 * operation of every service is denied. Moto does not evaluate session policies; this is the proof.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnSegments } from '../../../src/core/aws/arn-patterns';
import { iamCatalog } from '../../../src/core/aws/iam-actions';
import { buildSessionPolicy, ESCAPE_ACTIONS, SESSION_POLICY_LIMIT, type SessionPolicy } from '../../../src/core/aws/session-policy';
import { DEFAULT_SETTINGS, readSettings, type PolicySettings } from '../../../src/core/policy/settings';
import { actionMatches, evaluate, problems, type Request } from './iam-evaluator';

const ACCOUNT = '123456789012';
const PROTECTED_ACCOUNT = '210987654321';

function settingsWith(section: Record<string, unknown>): PolicySettings {
  const { settings, problems: p } = readSettings(section);
  assert.deepEqual(p, []);
  return settings;
}

function assertValid(p: SessionPolicy): void {
  assert.deepEqual(problems(p.document, p.json, p.limit), []);
  assert.equal(p.bytes, p.json.length);
}

/** Operations of the core's table by effective class, with the IAM namespace they act in. */
const catalog = iamCatalog();
const destroyOps = catalog.filter((c) => c.cls === 'destroy');
const escape = (action: string) => ESCAPE_ACTIONS.some((p) => actionMatches(p, action));

/** The protected patterns of the proof, each with resources it covers and the namespace acting on them. */
const protectedTable: Array<{ pattern: string; namespace: string; inside: string[] }> = [
  // S3 buckets by prefix: the `*` also reaches every object of them.
  { pattern: 's3://prod-*', namespace: 's3', inside: ['arn:aws:s3:::prod-data', 'arn:aws:s3:::prod-data/reports/2024/q1.csv'] },
  // One bucket named exactly: its objects are covered too.
  { pattern: 'arn:aws:s3:::audit-logs', namespace: 's3', inside: ['arn:aws:s3:::audit-logs', 'arn:aws:s3:::audit-logs/2024/01/01/trail.json.gz'] },
  // S3 objects under a prefix only.
  { pattern: 'arn:aws:s3:::exports/customers/*', namespace: 's3', inside: ['arn:aws:s3:::exports/customers/acme.parquet'] },
  // RDS instances by prefix in any region, and one cluster.
  { pattern: `arn:aws:rds:*:${ACCOUNT}:db:prod-*`, namespace: 'rds', inside: [`arn:aws:rds:eu-west-1:${ACCOUNT}:db:prod-main`] },
  { pattern: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders`, namespace: 'rds', inside: [`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders`] },
  // A DynamoDB table, with its backups and indexes.
  {
    pattern: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`,
    namespace: 'dynamodb',
    inside: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/backup/01700000000000-abcdef12`],
  },
  // A CloudFormation stack: its real ARN ends with the stack id.
  {
    pattern: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/prod-api`,
    namespace: 'cloudformation',
    inside: [`arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/prod-api/3f9c2a10-7b1e-11ef-9d2a-0a1b2c3d4e5f`],
  },
  // A log group: IAM names it with a trailing `:*`.
  { pattern: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/prod/app`, namespace: 'logs', inside: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/prod/app:*`] },
  // A secret: its ARN ends in six random characters.
  { pattern: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db`, namespace: 'secretsmanager', inside: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-AbC123`] },
];

const settings = settingsWith({
  protectedResources: [
    ...protectedTable.map((p) => p.pattern),
    // Not AWS: the gate alone protects them.
    '~/.ssh/**',
    'git://origin/refs/heads/main',
    'k8s://prod/**',
  ],
});
const policy = buildSessionPolicy(settings, { mode: 'protected' });
const inOwnAccount = { 'aws:ResourceAccount': ACCOUNT };

test('the generated policy is valid IAM and fits 2,048 characters', () => {
  assertValid(policy);
  assert.ok(policy.fits, policy.notes.join('\n'));
  assert.ok(policy.bytes <= SESSION_POLICY_LIMIT);
  assert.deepEqual(policy.skipped, ['~/.ssh/**', 'git://origin/refs/heads/main', 'k8s://prod/**']);
  assert.deepEqual(policy.unexpressed, []);
  assert.ok(policy.notes.some((n) => n.includes('Not AWS resources, left to the gate: ~/.ssh/**')));
});

for (const row of protectedTable) {
  test(`every destructive ${row.namespace} operation is denied on ${row.pattern}`, () => {
    const ops = destroyOps.filter((c) => c.prefix === row.namespace);
    assert.ok(ops.length > 0, `the table has destructive ${row.namespace} operations`);
    let checked = 0;
    for (const resource of row.inside) {
      for (const op of ops) {
        for (const action of op.destructive) {
          const outcome = evaluate(policy.document, { action, resource, context: inOwnAccount });
          assert.equal(outcome, 'explicit-deny', `${op.operation} (${action}) on ${resource}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= ops.length);
  });
}

// Independent of the generator's mapping: IAM's own spelling of the actions, cases as AWS documents them.
const realActions: Array<[action: string, resource: string]> = [
  ['s3:DeleteBucket', 'arn:aws:s3:::prod-data'],
  ['s3:DeleteObject', 'arn:aws:s3:::audit-logs/2024/01/01/trail.json.gz'],
  ['s3:DeleteObjectVersion', 'arn:aws:s3:::prod-data/reports/q1.csv'],
  ['s3:PutLifecycleConfiguration', 'arn:aws:s3:::audit-logs'],
  ['s3:DeleteBucketPolicy', 'arn:aws:s3:::prod-data'],
  ['rds:DeleteDBInstance', `arn:aws:rds:eu-west-1:${ACCOUNT}:db:prod-main`],
  ['rds:DeleteDBCluster', `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders`],
  ['dynamodb:DeleteTable', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
  ['dynamodb:DeleteItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
  ['dynamodb:BatchWriteItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`],
  ['dynamodb:DeleteBackup', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/backup/01700000000000-abcdef12`],
  ['cloudformation:DeleteStack', `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/prod-api/3f9c2a10-7b1e-11ef-9d2a-0a1b2c3d4e5f`],
  ['logs:DeleteLogGroup', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/prod/app:*`],
  ['secretsmanager:DeleteSecret', `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-AbC123`],
];
for (const [action, resource] of realActions) {
  test(`${action} is denied on ${resource}`, () => {
    const account = arnSegments(resource)[4] || ACCOUNT;
    assert.equal(evaluate(policy.document, { action, resource, context: { 'aws:ResourceAccount': account } }), 'explicit-deny');
  });
}

/** Unprotected neighbours of the protected resources, in the agent's own account. */
const elsewhere: Record<string, string> = {
  s3: 'arn:aws:s3:::dev-data/tmp/x.json',
  rds: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:staging-main`,
  dynamodb: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/sessions`,
  cloudformation: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/dev-api/0a1b2c3d-7b1e-11ef-9d2a-0a1b2c3d4e5f`,
  logs: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/dev/app:*`,
  secretsmanager: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:dev/db-XyZ789`,
};

for (const [namespace, resource] of Object.entries(elsewhere)) {
  test(`${namespace}: every operation, destructive ones included, is allowed on the unprotected ${resource}`, () => {
    for (const op of catalog.filter((c) => c.prefix === namespace)) {
      for (const action of op.actions) {
        assert.equal(evaluate(policy.document, { action, resource, context: inOwnAccount }), 'allow', `${op.operation} (${action})`);
      }
    }
  });
}

test('on protected resources reads stay allowed, and the only writes denied are the ones the notes list', () => {
  const denied = new Set<string>();
  for (const row of protectedTable) {
    for (const op of catalog.filter((c) => c.prefix === row.namespace && c.cls !== 'destroy')) {
      for (const resource of row.inside) {
        for (const action of op.actions) {
          const outcome = evaluate(policy.document, { action, resource, context: inOwnAccount });
          if (op.cls === 'read') assert.equal(outcome, 'allow', `${op.operation} (${action}) on ${resource}`);
          else if (outcome !== 'allow') denied.add(op.operation);
        }
      }
    }
  }
  for (const op of denied) assert.ok(policy.packed.overDenied.includes(op), `${op} is denied but not reported`);
  const note = policy.notes.find((n) => n.includes('also deny these reads and writes'));
  assert.ok(note, 'a note names them');
  // What S3 itself ties together: removing a lifecycle configuration needs the action that puts one.
  assert.ok(denied.has('s3api put-bucket-lifecycle-configuration'));
});

/** The whole of another account, whatever the service, next to a bucket pattern. */
const accountWide = buildSessionPolicy(settingsWith({ protectedResources: [`arn:aws:*:*:${PROTECTED_ACCOUNT}:*`, 's3://prod-*'] }), { mode: 'protected' });

test('an account-wide glob denies every destructive operation of every service on that account\'s resources', () => {
  const policy = accountWide;
  assertValid(policy);
  const context = { 'aws:ResourceAccount': PROTECTED_ACCOUNT };
  for (const op of destroyOps) {
    const resource = `arn:aws:${op.prefix}:us-east-1:${PROTECTED_ACCOUNT}:thing/x`;
    for (const action of op.destructive) {
      assert.equal(evaluate(policy.document, { action, resource, context }), 'explicit-deny', `${op.operation} (${action})`);
    }
  }
  // Services with no account in their ARNs (S3) are reached through aws:ResourceAccount.
  assert.equal(evaluate(policy.document, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::partner-drop', context }), 'explicit-deny');
  // A service that does not report the key: denied in every account rather than in none.
  assert.equal(evaluate(policy.document, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::scratch' }), 'explicit-deny');
  // IAM's own spelling of two of them.
  assert.equal(evaluate(policy.document, { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:us-east-1:${PROTECTED_ACCOUNT}:instance/i-0abc1234def567890`, context }), 'explicit-deny');
  assert.equal(evaluate(policy.document, { action: 'lambda:DeleteFunction', resource: `arn:aws:lambda:us-east-1:${PROTECTED_ACCOUNT}:function:billing`, context }), 'explicit-deny');
  // The agent's own account is not protected: its unprotected resources stay changeable.
  assert.equal(evaluate(policy.document, { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`, context: inOwnAccount }), 'allow');
  assert.equal(evaluate(policy.document, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::prod-data', context: inOwnAccount }), 'explicit-deny');
});

test('in the protected account, named services stay readable and writable; other services are denied outright', () => {
  const policy = accountWide;
  const context = { 'aws:ResourceAccount': PROTECTED_ACCOUNT };
  const named = new Set(policy.packed.namedServices);
  assert.ok(named.has('s3') && named.has('ec2') && named.has('rds'), [...named].join(' '));
  assert.ok(policy.packed.otherServicesDenied);
  for (const op of catalog.filter((c) => c.cls === 'read' && !c.actions.some(escape))) {
    const resource = `arn:aws:${op.prefix}:us-east-1:${PROTECTED_ACCOUNT}:thing/x`;
    const want = named.has(op.prefix) ? 'allow' : 'explicit-deny';
    for (const action of op.actions) assert.equal(evaluate(policy.document, { action, resource, context }), want, `${op.operation} (${action})`);
  }
  assert.ok(policy.notes.some((n) => n.includes('every action of any other service (reads too) is denied there')));
});

test('the calls that would shed the policy are denied everywhere', () => {
  for (const action of ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile']) {
    assert.equal(evaluate(policy.document, { action, resource: `arn:aws:iam::${ACCOUNT}:role/admin`, context: inOwnAccount }), 'explicit-deny', action);
  }
  assert.equal(evaluate(policy.document, { action: 'sts:GetCallerIdentity', resource: '*', context: inOwnAccount }), 'allow');
  const without = buildSessionPolicy(settings, { mode: 'protected', denyEscapes: false });
  assert.equal(evaluate(without.document, { action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/admin`, context: inOwnAccount }), 'allow');
});

test('everywhere: every destructive operation of every service in the table is denied on any resource', () => {
  const everywhere = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'everywhere' });
  assertValid(everywhere);
  assert.ok(everywhere.fits);
  let checked = 0;
  for (const op of destroyOps) {
    for (const action of op.destructive) {
      for (const resource of ['*', `arn:aws:${op.prefix}:eu-central-1:${ACCOUNT}:anything/x`]) {
        assert.equal(evaluate(everywhere.document, { action, resource }), 'explicit-deny', `${op.operation} (${action}) on ${resource}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 5000, `${checked} requests`);
});

test('everywhere: reads of the named services are allowed, other services are denied and the notes say so', () => {
  const everywhere = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'everywhere' });
  const named = new Set(everywhere.packed.namedServices);
  for (const svc of ['s3', 'ec2', 'rds', 'dynamodb', 'lambda', 'cloudformation', 'iam', 'logs']) assert.ok(named.has(svc), svc);
  for (const op of catalog.filter((c) => c.cls === 'read' && !c.actions.some(escape))) {
    const want = named.has(op.prefix) ? 'allow' : 'explicit-deny';
    for (const action of op.actions) assert.equal(evaluate(everywhere.document, { action, resource: '*' }), want, `${op.operation} (${action})`);
  }
  assert.ok(everywhere.notes.some((n) => n.startsWith('Everywhere: the destructive actions of s3, ec2, rds')));
  assert.ok(everywhere.notes.some((n) => n.startsWith('Left out to fit (denied entirely on every resource): ')));
});

test('writes of the named services stay allowed everywhere except the ones the wildcards name', () => {
  const everywhere = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'everywhere' });
  const named = new Set(everywhere.packed.namedServices);
  for (const op of catalog.filter((c) => c.cls === 'write' && named.has(c.prefix) && !c.actions.some(escape))) {
    const outcome = op.actions.every((action) => evaluate(everywhere.document, { action, resource: '*' }) === 'allow') ? 'allow' : 'denied';
    assert.equal(outcome, everywhere.packed.overDenied.includes(op.operation) ? 'denied' : 'allow', op.operation);
  }
});

test('malformed protection settings deny destructive actions everywhere', () => {
  const strict = buildSessionPolicy({ ...DEFAULT_SETTINGS, protectEverything: true }, { mode: 'protected' });
  assert.equal(evaluate(strict.document, { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1` }), 'explicit-deny');
  assert.ok(strict.notes.some((n) => n.includes('malformed')));
});

test('a protected account in blastRadius.aws.accounts gets the account-wide deny', () => {
  const p = buildSessionPolicy(settingsWith({ aws: { accounts: { [PROTECTED_ACCOUNT]: { name: 'prod', protected: true }, [ACCOUNT]: 'dev' } } }), { mode: 'protected' });
  assertValid(p);
  const req = (account: string): Request => ({ action: 'rds:DeleteDBInstance', resource: `arn:aws:rds:us-east-1:${account}:db:x`, context: { 'aws:ResourceAccount': account } });
  assert.equal(evaluate(p.document, req(PROTECTED_ACCOUNT)), 'explicit-deny');
  assert.equal(evaluate(p.document, req(ACCOUNT)), 'allow');
});

test('the default settings: allow what the role allows, deny only the credential escapes', () => {
  const p = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'protected' });
  assert.equal(
    p.json,
    '{"Version":"2012-10-17","Statement":[{"Sid":"RoleAllows","Effect":"Allow","Action":"*","Resource":"*"},' +
      '{"Sid":"NewCredentials","Effect":"Deny","Action":["sts:AssumeRole*","iam:CreateAccessKey","iam:CreateLoginProfile","iam:UpdateLoginProfile"],"Resource":"*"}]}',
  );
  assert.equal(p.bytes, 261);
  assert.ok(p.fits);
});

const tenGlobs = [
  's3://prod-*',
  'arn:aws:s3:::customer-data',
  `arn:aws:rds:*:${ACCOUNT}:db:prod-*`,
  `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders`,
  `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`,
  `arn:aws:dynamodb:*:${ACCOUNT}:table/prod-*`,
  `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/prod-api`,
  `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/prod/app`,
  `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`,
  `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc1234def567890`,
];

test('ten protected globs across six services fit, packed with wildcards', () => {
  const p = buildSessionPolicy(settingsWith({ protectedResources: tenGlobs }), { mode: 'protected' });
  assertValid(p);
  assert.ok(p.fits, p.notes.join('\n'));
  assert.ok(p.bytes > 1500 && p.bytes <= 2048, `${p.bytes}`);
  assert.equal(p.packed.stage, 'verb-wildcards');
  assert.ok(p.packed.wildcards.some((w) => w.pattern === 'ec2:Delete*'));
  assert.ok(p.packed.overDenied.includes('ec2 delete-tags'));
  for (const g of tenGlobs) assert.ok(p.json.includes(JSON.stringify(g.replace(/^s3:\/\//, 'arn:aws:s3:::'))), g);
});

test('wildcards chosen at the precise stage deny no read or write the exact names would not', () => {
  const manyServices = settingsWith({ protectedResources: ['s3://a', `arn:aws:ec2:*:${ACCOUNT}:*`, `arn:aws:rds:*:${ACCOUNT}:*`, `arn:aws:iam::${ACCOUNT}:*`] });
  const exact = buildSessionPolicy(manyServices, { mode: 'protected', limit: 100_000 });
  assert.equal(exact.packed.stage, 'exact');
  const pure = buildSessionPolicy(manyServices, { mode: 'protected', limit: exact.bytes - 100 });
  assert.equal(pure.packed.stage, 'wildcards');
  assert.deepEqual(pure.packed.overDenied, exact.packed.overDenied);
  assert.ok(pure.bytes < exact.bytes / 3, `${pure.bytes} vs ${exact.bytes}`);
});

test('when only whole services fit on the protected ARNs, their reads are denied there too and a note says so', () => {
  const crowded = buildSessionPolicy(settingsWith({ protectedResources: [...protectedTable.map((p) => p.pattern), `arn:aws:*:*:${PROTECTED_ACCOUNT}:*`] }), { mode: 'protected' });
  assertValid(crowded);
  assert.ok(crowded.fits);
  assert.equal(crowded.packed.stage, 'whole-service');
  assert.equal(evaluate(crowded.document, { action: 's3:GetObject', resource: 'arn:aws:s3:::prod-data/x', context: inOwnAccount }), 'explicit-deny');
  assert.ok(crowded.packed.overDenied.includes('s3api get-object'));
  assert.ok(crowded.notes.some((n) => /^To fit, every action \(reads too\) of .*s3.* is denied on the protected resources\.$/.test(n)));
  assert.equal(evaluate(crowded.document, { action: 's3:GetObject', resource: 'arn:aws:s3:::dev-data/x', context: inOwnAccount }), 'allow');
});

test('a glob set too large to fit: fits is false, the notes name what did not fit, nothing is dropped', () => {
  const many = Array.from({ length: 60 }, (_, i) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/tenant-${String(i).padStart(3, '0')}-orders-archive`);
  const p = buildSessionPolicy(settingsWith({ protectedResources: many }), { mode: 'protected' });
  assert.equal(p.fits, false);
  assert.ok(p.bytes > SESSION_POLICY_LIMIT);
  for (const g of many) assert.ok(p.json.includes(`"${g}"`), `${g} is still denied`);
  const note = p.notes.find((n) => n.startsWith('Does not fit'));
  assert.ok(note);
  assert.match(note, /tenant-059-orders-archive/);
  assert.doesNotMatch(note, /tenant-000-orders-archive/);
  assert.deepEqual(problems(p.document, p.json, Infinity), []);
});

test('everywhere always fits, trimming the named services for a smaller limit', () => {
  const full = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'everywhere' });
  const small = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'everywhere', limit: 1200 });
  assert.ok(small.fits && small.bytes <= 1200);
  assert.ok(small.packed.namedServices.length < full.packed.namedServices.length);
  assert.equal(evaluate(small.document, { action: 'ec2:TerminateInstances', resource: '*' }), 'explicit-deny');
  const none = buildSessionPolicy(DEFAULT_SETTINGS, { mode: 'everywhere', services: [] });
  assert.deepEqual(none.packed.namedServices, []);
  assert.equal(evaluate(none.document, { action: 's3:GetObject', resource: '*' }), 'explicit-deny');
});

test('the JSON is ASCII: characters STS would refuse are escaped', () => {
  const p = buildSessionPolicy(settingsWith({ protectedResources: ['s3://données-ƒ'] }), { mode: 'protected' });
  assert.match(p.json, /\\u0192/);
  assert.doesNotMatch(p.json, /[^\x20-\x7e]/);
  assert.equal(evaluate(p.document, { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::données-ƒ' }), 'explicit-deny');
});
