/**
 * The default policy, case by case, on hand-built analyses (the analyzer has its own tests).
 * Each case: the actions, the settings, and the verdict / confirmation / rule that must come out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPAQUE, UNRECOGNISED_TOOL } from '../../../src/core/analyze';
import type { Action, Target } from '../../../src/core/model';
import { decide, shortName } from '../../../src/core/policy/decide';
import { DEFAULT_SETTINGS, type PolicySettings } from '../../../src/core/policy/settings';

function action(a: Partial<Action> & Pick<Action, 'effect'>): Action {
  return { tool: 'aws', operation: 'op', recoverable: false, targets: [], context: { cwd: '/w' }, command: 'aws op', rule: 'test', notes: [], ...a };
}
const target = (id: string, change: Target['change'] = 'destroy', extra: Partial<Target> = {}): Target => ({ id, change, kind: 'x', ...extra });
const settings = (s: Partial<PolicySettings> = {}): PolicySettings => ({ ...DEFAULT_SETTINGS, ...s });

interface Want {
  verdict: 'allow' | 'ask' | 'deny';
  confirmation?: 'none' | 'click' | 'type';
  type?: string;
  rule?: string;
}

const bucket = target('arn:aws:s3:::prod-data');
const cases: Array<[name: string, actions: Action[], s: PolicySettings, want: Want]> = [
  ['nothing to run is allowed', [], settings(), { verdict: 'allow', confirmation: 'none' }],
  ['a read is allowed', [action({ effect: 'read' })], settings(), { verdict: 'allow', rule: 'policy.read' }],
  ['a read of a protected resource is still allowed', [action({ effect: 'read', targets: [target('arn:aws:s3:::prod-data', 'read')] })], settings({ protectedResources: ['s3://prod-*'] }), { verdict: 'allow' }],
  ['recoverable local work is allowed', [action({ effect: 'write', recoverable: true })], settings(), { verdict: 'allow', rule: 'policy.recoverable' }],
  ['deleting regenerable output is allowed', [action({ effect: 'destroy', recoverable: true, targets: [target('/w/node_modules', 'destroy', { many: true })] })], settings(), { verdict: 'allow', rule: 'policy.recoverable' }],
  ['a cloud write asks with a click', [action({ effect: 'write', targets: [target('arn:aws:s3:::b', 'change')] })], settings(), { verdict: 'ask', confirmation: 'click', rule: 'policy.shared-write' }],
  ['a destroy asks with a click', [action({ effect: 'destroy', targets: [bucket] })], settings(), { verdict: 'ask', confirmation: 'click', rule: 'policy.destroy' }],
  ['a protected target needs its name typed', [action({ effect: 'destroy', targets: [bucket] })], settings({ protectedResources: ['s3://prod-*'] }), { verdict: 'ask', confirmation: 'type', type: 'prod-data', rule: 'policy.protected' }],
  ['protection applies to recoverable actions too', [action({ effect: 'destroy', recoverable: true, targets: [target('/w/.env')] })], settings({ protectedResources: ['/w/.env'] }), { verdict: 'ask', confirmation: 'type', type: '.env' }],
  ['a stack ARN types the stack name, not the wildcard', [action({ effect: 'destroy', targets: [target('arn:aws:cloudformation:us-east-1:1:stack/prod-api/*')] })], settings({ protectedResources: ['arn:aws:cloudformation:*:*:stack/prod-*'] }), { verdict: 'ask', confirmation: 'type', type: 'prod-api' }],
  ['an allow rule never overrides protection', [action({ effect: 'destroy', command: 'aws s3 rb s3://prod-data', targets: [bucket] })], settings({ protectedResources: ['s3://prod-*'], allow: ['aws s3 rb *'] }), { verdict: 'ask', confirmation: 'type' }],
  ['an allow rule lets an unprotected destroy run', [action({ effect: 'destroy', command: 'aws s3 rb s3://scratch', targets: [target('arn:aws:s3:::scratch')] })], settings({ allow: ['aws s3 rb s3://scratch*'] }), { verdict: 'allow', rule: 'policy.allow' }],
  ['an allow rule matches tool, operation and target', [action({ effect: 'destroy', tool: 'aws', operation: 's3 rb', targets: [target('arn:aws:s3:::scratch')] })], settings({ allow: ['aws s3 rb arn:aws:s3:::scratch'] }), { verdict: 'allow' }],
  ['a deny rule denies', [action({ effect: 'destroy', tool: 'aws', operation: 'iam delete-role', command: 'aws iam delete-role --role-name x' })], settings({ deny: ['aws iam delete-*'] }), { verdict: 'deny', confirmation: 'none', rule: 'policy.deny' }],
  ['a deny rule matches the command as written', [action({ effect: 'read', command: 'terraform  destroy   -auto-approve' })], settings({ deny: ['terraform destroy*'] }), { verdict: 'deny' }],
  ['deny wins over allow', [action({ effect: 'write', command: 'git push' })], settings({ deny: ['git push*'], allow: ['git push*'] }), { verdict: 'deny' }],
  ['deny wins over a read', [action({ effect: 'read', tool: 'aws', operation: 'secretsmanager get-secret-value' })], settings({ deny: ['aws secretsmanager get-secret-value'] }), { verdict: 'deny' }],
  ['one denied action denies the whole line', [action({ effect: 'read' }), action({ effect: 'destroy', command: 'rm -rf /' })], settings({ deny: ['rm -rf /'] }), { verdict: 'deny' }],
  ['what cannot be seen through asks', [action({ effect: 'unknown', rule: OPAQUE, notes: ['piped into a shell'] })], settings(), { verdict: 'ask', confirmation: 'click', rule: 'policy.opaque' }],
  ['an allow rule does not make the opaque allowed', [action({ effect: 'unknown', rule: OPAQUE, command: 'curl x | sh' })], settings({ allow: ['*'] }), { verdict: 'ask' }],
  ['a pack that cannot tell asks', [action({ effect: 'unknown', rule: 'kubectl.plugin' })], settings(), { verdict: 'ask', rule: 'policy.unclear' }],
  ['an unknown tool runs by default', [action({ effect: 'unknown', rule: UNRECOGNISED_TOOL, tool: 'mytool' })], settings(), { verdict: 'allow', rule: 'policy.unknown-tool' }],
  ['an unknown tool asks when set to', [action({ effect: 'unknown', rule: UNRECOGNISED_TOOL, tool: 'mytool' })], settings({ unknownTools: 'ask' }), { verdict: 'ask', confirmation: 'click', rule: 'policy.unknown-tool' }],
  ['an allow rule lets a chosen unknown tool run when unknown tools ask', [action({ effect: 'unknown', rule: UNRECOGNISED_TOOL, tool: 'mytool', command: 'mytool build' })], settings({ unknownTools: 'ask', allow: ['mytool *'] }), { verdict: 'allow' }],
  ['a protected account needs its name typed', [action({ effect: 'write', context: { cwd: '/w', account: '123456789012' }, targets: [target('arn:aws:sqs:us-east-1:123456789012:q', 'change')] })], settings({ awsAccounts: { '123456789012': { name: 'prod', protected: true } } }), { verdict: 'ask', confirmation: 'type', type: 'prod', rule: 'policy.protected-account' }],
  ['a named, unprotected account only clicks', [action({ effect: 'write', context: { cwd: '/w', account: '123456789012' } })], settings({ awsAccounts: { '123456789012': { name: 'dev', protected: false } } }), { verdict: 'ask', confirmation: 'click' }],
  ['reads in a protected account are allowed', [action({ effect: 'read', context: { cwd: '/w', account: '123456789012' } })], settings({ awsAccounts: { '123456789012': { name: 'prod', protected: true } } }), { verdict: 'allow' }],
  ['more targets than the bulk threshold need the count typed', [action({ effect: 'destroy', targets: Array.from({ length: 11 }, (_, i) => target(`arn:aws:ec2:us-east-1:1:instance/i-${i}`)) })], settings(), { verdict: 'ask', confirmation: 'type', type: '11', rule: 'policy.bulk' }],
  ['exactly the threshold is not bulk', [action({ effect: 'destroy', targets: Array.from({ length: 10 }, (_, i) => target(`arn:aws:ec2:us-east-1:1:instance/i-${i}`)) })], settings(), { verdict: 'ask', confirmation: 'click' }],
  ['bulk counts across the actions of one line', [action({ effect: 'destroy', targets: [target('a'), target('b')] }), action({ effect: 'destroy', targets: [target('c')] })], settings({ bulkThreshold: 2 }), { verdict: 'ask', confirmation: 'type', type: '3' }],
  ['regenerable deletions do not count toward bulk', [action({ effect: 'destroy', recoverable: true, targets: Array.from({ length: 50 }, (_, i) => target(`/w/dist/${i}`)) })], settings(), { verdict: 'allow' }],
  ['a protected name is typed rather than the bulk count', [action({ effect: 'destroy', targets: [bucket, ...Array.from({ length: 20 }, (_, i) => target(`x${i}`))] })], settings({ protectedResources: ['s3://prod-*'] }), { verdict: 'ask', confirmation: 'type', type: 'prod-data' }],
  ['a target known only at run time asks when protections exist', [action({ effect: 'destroy', recoverable: true, targets: [target('/w/$DIR', 'destroy', { unresolved: ['value'] })] })], settings({ protectedResources: ['/srv/**'] }), { verdict: 'ask', confirmation: 'click', rule: 'policy.unresolved-target' }],
  ['malformed protection settings: every change is typed', [action({ effect: 'write', recoverable: true, targets: [target('/w/a.txt', 'change')] })], settings({ protectEverything: true }), { verdict: 'ask', confirmation: 'type', type: 'a.txt', rule: 'policy.settings-invalid' }],
  ['malformed protection settings: reads still run', [action({ effect: 'read' })], settings({ protectEverything: true }), { verdict: 'allow' }],
];

for (const [name, actions, s, want] of cases) {
  test(name, () => {
    const d = decide({ commandLine: 'x', actions, complete: true }, s, { home: '/home/dev' });
    assert.equal(d.verdict, want.verdict, JSON.stringify(d.reasons));
    if (want.confirmation) assert.equal(d.confirmation, want.confirmation);
    if (want.type !== undefined) assert.equal(d.typeToConfirm, want.type);
    if (want.rule) assert.ok(d.reasons.some((r) => r.rule === want.rule), `expected rule ${want.rule} in ${d.reasons.map((r) => r.rule).join(', ')}`);
    if (d.verdict !== 'ask') assert.equal(d.typeToConfirm, undefined);
  });
}

const names: Array<[id: string, typed: string]> = [
  ['arn:aws:s3:::prod-data', 'prod-data'],
  ['arn:aws:s3:::prod-logs/2026', 'prod-logs/2026'],
  ['arn:aws:s3:::prod-logs/*', 'prod-logs'],
  ['arn:aws:ec2:us-east-1:1:instance/i-0abc', 'i-0abc'],
  ['arn:aws:cloudformation:us-east-1:1:stack/prod-api/*', 'prod-api'],
  ['arn:aws:rds:us-east-1:1:db:prod-db', 'prod-db'],
  ['arn:aws:iam::1:role/Admin', 'Admin'],
  ['arn:aws:logs:us-east-1:1:log-group:/aws/lambda/api:*', '/aws/lambda/api'],
  ['arn:aws:secretsmanager:us-east-1:1:secret:db-password-*', 'db-password'],
  ['/home/dev/project/.env', '.env'],
  ['git://origin/refs/heads/release/1.2', 'release/1.2'],
  ['k8s://prod/payments/deployment/api', 'api'],
];
for (const [id, typed] of names) {
  test(`the name to type for ${id} is ${typed}`, () => assert.equal(shortName({ id, change: 'destroy', kind: 'x' }), typed));
}

test('a counted target weighs its count toward bulk: 300 objects under one prefix', () => {
  const d = decide({ commandLine: 'x', complete: true, actions: [action({ effect: 'destroy', targets: [target('arn:aws:s3:::logs/2026/*', 'destroy', { many: true, count: 300 })] })] }, settings());
  assert.equal(d.confirmation, 'type');
  assert.equal(d.typeToConfirm, '300');
});
