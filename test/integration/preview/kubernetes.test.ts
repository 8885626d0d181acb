/**
 * The kubectl delete preview against a fake Kubernetes API server (support-kube.ts) started in the test,
 * reached by the real kubectl through a kubeconfig in a temp dir. Every object that would go is checked
 * entry by entry, and the fake server must see reads only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action, AnalysisContext } from '../../../src/core';
import { resolvers } from '../../../src/preview';
import { kubernetesResolver } from '../../../src/preview/kubernetes';
import type { ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { needs } from '../support/tools';
import { kubeconfig, startFakeKube, type FakeKube, type KubeObject } from './support-kube';

const skip = needs('kubectl');

const T = '2025-01-01T00:00:00Z';
const OBJECTS: KubeObject[] = [
  { kind: 'Namespace', name: 'prod', created: T },
  { kind: 'Namespace', name: 'staging', created: T },
  { kind: 'Pod', name: 'web-1', namespace: 'prod', created: T, labels: { app: 'web', tier: 'front', team: 'a', extra: 'x' }, owner: 'ReplicaSet' },
  { kind: 'Pod', name: 'web-2', namespace: 'prod', created: T, labels: { app: 'web' } },
  { kind: 'Pod', name: 'worker-1', namespace: 'prod', created: T, labels: { app: 'worker' } },
  { kind: 'Deployment', name: 'web', namespace: 'prod', created: T, replicas: 3, ready: 2, labels: { app: 'web' } },
  { kind: 'Service', name: 'web', namespace: 'prod', created: T },
  { kind: 'ConfigMap', name: 'settings', namespace: 'prod', created: T },
  { kind: 'Secret', name: 'db-password', namespace: 'prod', created: T, labels: { app: 'web' }, data: { password: 'aHVudGVyMg==' } },
  { kind: 'Pod', name: 'web-1', namespace: 'staging', created: T, labels: { app: 'web' } },
  { kind: 'Pod', name: 'lonely', namespace: 'default', created: T },
];

let dir: string;
let kube: FakeKube;
let ctx: AnalysisContext;

async function actionOf(line: string, c: AnalysisContext = ctx): Promise<Action> {
  const [action] = (await analyzer()).analyze(line, c).actions;
  assert.equal(kubernetesResolver.handles(action), true, line);
  return action;
}

async function preview(line: string, c: AnalysisContext = ctx, signal = new AbortController().signal): Promise<ResolverResult> {
  return kubernetesResolver.resolve({ action: await actionOf(line, c), ctx: c, signal });
}

/** `id ← from` per resource, sorted: the whole preview in one comparable list. */
function listed(r: ResolverResult): string[] {
  return r.resources.map((x) => `${x.id}${x.from ? ` <- ${x.from}` : ''}`).sort();
}

describe('kubectl delete preview', { skip }, () => {
  before(async () => {
    kube = await startFakeKube(OBJECTS, ['locked']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-kube-'));
    const dead = 'http://127.0.0.1:1';
    fs.writeFileSync(path.join(dir, 'config'), kubeconfig({ fake: kube.url, other: kube.url, gone: dead }, 'fake'));
    // HOME in the temp dir: kubectl's discovery cache stays out of the real home.
    ctx = { cwd: dir, env: { KUBECONFIG: path.join(dir, 'config'), HOME: dir } };
  });
  after(async () => {
    await kube?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('one pod by kind and name, in the kubeconfig\'s current context', async () => {
    const r = await preview('kubectl delete pod web-1 -n prod');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), ['k8s://fake/prod/pod/web-1 <- k8s://current/prod/pod/web-1']);
    const [pod] = r.resources;
    assert.equal(pod.kind, 'pod');
    assert.equal(pod.name, 'web-1');
    assert.equal(pod.change, 'destroy');
    assert.match(pod.facts[0], /^created 2025-01-01 \(\d+ days old\)$/);
    assert.ok(pod.facts.includes('owned by ReplicaSet web-1-owner'));
    // kubectl prints labels sorted by key; the first three are kept.
    assert.deepEqual(pod.facts.filter((f) => f.startsWith('label ')), ['label app=web', 'label extra=x', 'label team=a']);
  });

  test('kind/name spelling, several objects, --context names the context', async () => {
    const r = await preview('kubectl --context other delete deploy/web svc/web --namespace=prod');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), ['k8s://other/prod/deployment/web', 'k8s://other/prod/service/web']);
    const deploy = r.resources.find((x) => x.kind === 'deployment')!;
    assert.ok(deploy.facts.includes('2/3 ready'));
  });

  test('several names of one kind; a missing one is a failure line', async () => {
    const r = await preview('kubectl delete pods web-1 web-2 nope -n prod');
    assert.deepEqual(listed(r), [
      'k8s://fake/prod/pod/web-1 <- k8s://current/prod/pod/web-1',
      'k8s://fake/prod/pod/web-2 <- k8s://current/prod/pod/web-2',
    ]);
    assert.deepEqual(r.failures.map((f) => f.message), ['pod nope was not found in fake: kubectl delete would fail for it']);
  });

  test('a label selector lists what matches, with a total', async () => {
    const r = await preview('kubectl delete pods -l app=web -n prod');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), [
      'k8s://fake/prod/pod/web-1 <- k8s://current/prod/pod/*',
      'k8s://fake/prod/pod/web-2 <- k8s://current/prod/pod/*',
    ]);
    assert.deepEqual(r.totals, { 'k8s://current/prod/pod/*': 2 });
    assert.ok(kube.requests.some((q) => q.includes('labelSelector=app%3Dweb')));
  });

  test('--all in the default namespace', async () => {
    const r = await preview('kubectl delete pods --all');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), ['k8s://fake/default/pod/lonely <- k8s://current/default/pod/*']);
  });

  test('--all-namespaces reaches every namespace', async () => {
    const r = await preview('kubectl delete pods -A -l app=web');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), [
      'k8s://fake/prod/pod/web-1 <- k8s://current/*/pod/*',
      'k8s://fake/prod/pod/web-2 <- k8s://current/*/pod/*',
      'k8s://fake/staging/pod/web-1 <- k8s://current/*/pod/*',
    ]);
  });

  test('delete ns: the namespace and everything in it, secrets by name only', async () => {
    const r = await preview('kubectl delete ns prod');
    assert.deepEqual(r.failures, []);
    const all = 'k8s://current/prod/*/*';
    assert.deepEqual(listed(r), [
      `k8s://fake/prod/configmap/settings <- ${all}`,
      `k8s://fake/prod/deployment/web <- ${all}`,
      'k8s://fake/prod/namespace/prod <- k8s://current/prod/namespace/prod',
      `k8s://fake/prod/pod/web-1 <- ${all}`,
      `k8s://fake/prod/pod/web-2 <- ${all}`,
      `k8s://fake/prod/pod/worker-1 <- ${all}`,
      `k8s://fake/prod/secret/db-password <- ${all}`,
      `k8s://fake/prod/service/web <- ${all}`,
    ]);
    assert.deepEqual(r.totals, { [all]: 7 });
    const secret = r.resources.find((x) => x.kind === 'secret')!;
    assert.equal(secret.before, undefined);
    assert.ok(!JSON.stringify(r).includes('aHVudGVyMg=='), 'secret data never reaches the preview');
    assert.ok(!secret.facts.some((f) => f.startsWith('label')));
  });

  test('two namespaces: totals per namespace', async () => {
    const r = await preview('kubectl delete namespace prod staging');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.totals, { 'k8s://current/prod/*/*': 7, 'k8s://current/staging/*/*': 1 });
    assert.ok(listed(r).includes('k8s://fake/staging/pod/web-1 <- k8s://current/staging/*/*'));
  });

  test('--kubeconfig on the command line, relative to the working directory', async () => {
    const noEnv: AnalysisContext = { cwd: dir, env: { HOME: dir } };
    const r = await preview('kubectl delete pod lonely --kubeconfig ./config', noEnv);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), ['k8s://fake/default/pod/lonely <- k8s://current/default/pod/lonely']);
  });

  test('names known only at run time are not guessed', async () => {
    const r = await preview('kubectl delete pod "$POD" -n prod');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0].message, /known only at run time/);
  });

  test('registered among the resolvers', () => {
    assert.ok(resolvers.includes(kubernetesResolver));
  });

  test('the fake server only ever saw reads', () => {
    assert.ok(kube.requests.length > 0);
    assert.deepEqual(kube.requests.filter((q) => !q.startsWith('GET ')), []);
  });

  test('an unreachable cluster is a failure line naming the context', async () => {
    const r = await preview('kubectl --context gone delete pod web-1 -n prod');
    assert.deepEqual(r.resources, []);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].message, /^could not reach the cluster gone: /);
  });

  test('forbidden reads say so', async () => {
    const r = await preview('kubectl delete pods --all -n locked');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /^not allowed to read pods in fake: Error from server \(Forbidden\)/);
  });

  test('an aborted signal stops kubectl', async () => {
    const stop = new AbortController();
    stop.abort(new Error('time limit'));
    const r = await preview('kubectl delete pod web-1 -n prod', ctx, stop.signal);
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /was not started: time limit/);
  });

  test('kubectl missing from the PATH', async () => {
    const noKubectl: AnalysisContext = { ...ctx, env: { ...ctx.env, PATH: path.join(dir, 'empty') } };
    const r = await preview('kubectl delete pod web-1 -n prod', noKubectl);
    assert.deepEqual(r.failures.map((f) => f.message), ['kubectl is not installed or not on the PATH']);
  });

  test('manifest deletes are not guessed', async () => {
    const r = await preview('kubectl delete -f app.yaml');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0].message, /manifest files/);
  });
});
