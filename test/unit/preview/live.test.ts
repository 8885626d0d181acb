/** Folding live resolutions into the analysis, the decision and the preview (resolvers faked here). */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, readSettings, DEFAULT_SETTINGS, type Analyzer } from '../../../src/core';
import { augment, livePreview, resolveAnalysis } from '../../../src/preview/live';
import type { Resolver } from '../../../src/preview/types';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});
const ctx = { cwd: '/w', home: '/home/dev', env: {}, workspaceRoots: ['/w'], aws: { region: 'us-east-1' } };

const stackResolver: Resolver = {
  name: 'fake-cfn',
  handles: (action) => action.operation.includes('delete-stack'),
  resolve: async () => ({
    resources: [
      { id: 'arn:aws:s3:::prod-data', change: 'destroy', kind: 's3 bucket', name: 'prod-data', facts: ['1,204 objects'], from: 'stack' },
      { id: 'arn:aws:sqs:us-east-1:123456789012:jobs', change: 'destroy', kind: 'sqs queue', name: 'jobs', facts: [] },
    ],
    failures: [],
    identity: { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/dev', region: 'us-east-1', profile: 'default' },
  }),
};

test('a stack whose resources include a protected bucket is protected', async () => {
  const analysis = a.analyze('aws cloudformation delete-stack --stack-name prod-api', ctx);
  const settings = readSettings({ protectedResources: ['s3://prod-*'] }).settings;
  assert.equal(decide(analysis, settings).confirmation, 'click', 'from the command alone: a click');
  const resolution = await resolveAnalysis(analysis, ctx, [stackResolver], { timeoutMs: 1000 });
  const live = augment(analysis, resolution);
  const d = decide(live, settings);
  assert.equal(d.confirmation, 'type');
  assert.equal(d.typeToConfirm, 'prod-data');
  const preview = livePreview(live, d, resolution);
  assert.ok(preview.entries.some((e) => e.id === 'arn:aws:s3:::prod-data' && e.facts.includes('1,204 objects') && e.protectedBy === 's3://prod-*'));
  assert.ok(preview.where.some((w) => w.includes('account 123456789012')));
  assert.match(preview.summary, /3 to destroy · account 123456789012/);
});

test('300 objects under one prefix are bulk, though the command named one prefix', async () => {
  const analysis = a.analyze('aws s3 rm s3://logs/2026/ --recursive', ctx);
  const target = analysis.actions[0].targets[0].id;
  const counting: Resolver = { name: 'fake-s3', handles: () => true, resolve: async () => ({ resources: [], failures: [], totals: { [target]: 300 } }) };
  const resolution = await resolveAnalysis(analysis, ctx, [counting], { timeoutMs: 1000 });
  const d = decide(augment(analysis, resolution), DEFAULT_SETTINGS);
  assert.equal(d.confirmation, 'type');
  assert.equal(d.typeToConfirm, '300');
  assert.ok(livePreview(augment(analysis, resolution), d, resolution).entries[0].facts.includes('300 in all'));
});

test('a resolver that fails becomes a failure line, never an empty preview', async () => {
  const analysis = a.analyze('aws cloudformation delete-stack --stack-name prod-api', ctx);
  const failing: Resolver = { name: 'broken', handles: () => true, resolve: async () => { throw new Error('AccessDenied'); } };
  const resolution = await resolveAnalysis(analysis, ctx, [failing], { timeoutMs: 1000 });
  const preview = livePreview(analysis, decide(analysis, DEFAULT_SETTINGS), resolution);
  assert.ok(preview.warnings.some((w) => /could not read .*prod-api.*AccessDenied/.test(w)), JSON.stringify(preview.warnings));
  assert.deepEqual(preview.entries.map((e) => [e.id, e.change]), [['arn:aws:cloudformation:us-east-1:*:stack/prod-api/*', 'destroy']], 'the targets from the command are still shown');
});

test('a resolver that ignores its signal is cut off at the time limit', async () => {
  const analysis = a.analyze('aws cloudformation delete-stack --stack-name prod-api', ctx);
  const stuck: Resolver = { name: 'stuck', handles: () => true, resolve: () => new Promise(() => undefined) };
  const started = Date.now();
  const resolution = await resolveAnalysis(analysis, ctx, [stuck], { timeoutMs: 50 });
  assert.ok(Date.now() - started < 5000);
  assert.match(resolution.failures[0].message, /in time/);
});

test('reads and recoverable work are not resolved', async () => {
  let calls = 0;
  const counting: Resolver = { name: 'c', handles: () => true, resolve: async () => (calls++, { resources: [], failures: [] }) };
  await resolveAnalysis(a.analyze('aws s3 ls && rm -rf /w/node_modules && git status', ctx), ctx, [counting], { timeoutMs: 1000 });
  assert.equal(calls, 0);
});

test('the resolver that handles nothing changes nothing', async () => {
  const analysis = a.analyze('aws ec2 terminate-instances --instance-ids i-0123456789abcdef0', ctx);
  const resolution = await resolveAnalysis(analysis, ctx, [stackResolver], { timeoutMs: 1000 });
  assert.deepEqual(augment(analysis, resolution), analysis);
});

test('an ARN the resolver completed (account from STS) replaces the analysed one, not added beside it', async () => {
  const analysis = a.analyze('aws ec2 terminate-instances --instance-ids i-0123456789abcdef0', { ...ctx, aws: { region: 'us-east-1' } });
  const analysed = analysis.actions[0].targets[0].id;
  assert.match(analysed, /:\*:instance\//);
  const exact = analysed.replace(':*:', ':123456789012:');
  const ec2: Resolver = { name: 'fake-ec2', handles: () => true, resolve: async () => ({ resources: [{ id: exact, change: 'destroy', kind: 'ec2 instance', name: 'prod-web-1', facts: ['m5.2xlarge'], from: analysed }], failures: [] }) };
  const live = augment(analysis, await resolveAnalysis(analysis, ctx, [ec2], { timeoutMs: 1000 }));
  assert.deepEqual(live.actions[0].targets.map((t) => t.id), [exact]);
  assert.equal(live.actions[0].targets[0].unresolved, undefined);
});

test('an open-ended target fully expanded by the resolver is replaced by its members', async () => {
  const analysis = a.analyze('terraform destroy -auto-approve', { ...ctx, cwd: '/w/infra' });
  const config = analysis.actions[0].targets[0];
  assert.ok(config.many);
  const plan: Resolver = {
    name: 'fake-tf',
    handles: () => true,
    resolve: async () => ({
      resources: ['db', 'cache'].map((n) => ({ id: `${config.id}/terraform_data.${n}`, change: 'destroy' as const, kind: 'terraform_data', name: `terraform_data.${n}`, facts: [], from: config.id })),
      failures: [],
    }),
  };
  const resolution = await resolveAnalysis(analysis, { ...ctx, cwd: '/w/infra' }, [plan], { timeoutMs: 1000 });
  const live = augment(analysis, resolution);
  assert.deepEqual(live.actions[0].targets.map((t) => t.id), [`${config.id}/terraform_data.db`, `${config.id}/terraform_data.cache`]);
  const preview = livePreview(live, decide(live, DEFAULT_SETTINGS), resolution);
  assert.match(preview.summary, /^2 to destroy/);
});

test('a stack ARN read live (account and stack id filled in) is the analysed stack, not a second one', async () => {
  const analysis = a.analyze('aws cloudformation delete-stack --stack-name demo', ctx);
  const analysed = analysis.actions[0].targets[0].id;
  assert.match(analysed, /:\*:stack\/demo\/\*$/);
  const exact = 'arn:aws:cloudformation:us-east-1:123456789012:stack/demo/fa9a9798-5c93-473d-b8db-444ed66b78c8';
  const cfn: Resolver = { name: 'fake-cfn', handles: () => true, resolve: async () => ({ resources: [{ id: exact, change: 'destroy', kind: 'cloudformation stack', name: 'demo', facts: ['CREATE_COMPLETE'], from: analysed }], failures: [] }) };
  const live = augment(analysis, await resolveAnalysis(analysis, ctx, [cfn], { timeoutMs: 1000 }));
  assert.deepEqual(live.actions[0].targets.map((t) => t.id), [exact]);
});

test('a stack whose every resource is listed: the members are judged, the stack is not counted twice', async () => {
  const analysis = a.analyze('aws cloudformation delete-stack --stack-name prod-api', ctx);
  const stack = analysis.actions[0].targets[0].id;
  const cfn: Resolver = {
    name: 'fake-cfn',
    handles: () => true,
    resolve: async () => ({
      resources: [{ id: 'arn:aws:s3:::prod-data', change: 'destroy', kind: 's3 bucket', name: 'Bucket', facts: [], from: stack }],
      failures: [],
      totals: { [stack]: 1 },
    }),
  };
  const resolution = await resolveAnalysis(analysis, ctx, [cfn], { timeoutMs: 1000 });
  const live = augment(analysis, resolution);
  assert.deepEqual(live.actions[0].targets.map((t) => [t.id, t.count]), [[stack, undefined], ['arn:aws:s3:::prod-data', undefined]]);
  const d = decide(live, readSettings({ protectedResources: ['s3://prod-*'] }).settings);
  assert.equal(d.typeToConfirm, 'prod-data');
  assert.match(livePreview(live, d, resolution).summary, /^2 to destroy/);
});

test('kubectl: an object read in the real context is the analysed one from the current context', async () => {
  const { sameResource } = await import('../../../src/preview/live');
  assert.equal(sameResource('k8s://current/prod/pod/web', 'k8s://fake/prod/pod/web'), true);
  assert.equal(sameResource('k8s://current/default/pod/web', 'k8s://fake/team-a/pod/web'), true);
  assert.equal(sameResource('k8s://current/prod/pod/web', 'k8s://fake/prod/pod/api'), false);
  assert.equal(sameResource('k8s://staging/prod/pod/web', 'k8s://fake/prod/pod/web'), false);
});
