/**
 * The kubectl apply preview: the real `kubectl diff` against the fake API server (support-kube.ts),
 * which answers discovery, the live objects and the dry-run PATCH/POST kubectl diff sends. Every entry is
 * checked, and every write the server saw must have carried dryRun=All: nothing was changed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action, AnalysisContext } from '../../../src/core';
import { resolvers } from '../../../src/preview';
import { parseKubectlDiff, yamlPaths } from '../../../src/preview/kubectl-diff';
import { kubernetesResolver } from '../../../src/preview/kubernetes';
import { changeFacts, kubectlApplyResolver } from '../../../src/preview/kubernetes-apply';
import type { ResolvedResource, ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { needs } from '../support/tools';
import { kubeconfig, realWrites, startFakeKube, type FakeKube, type KubeObject } from './support-kube';

const skip = needs('kubectl', 'diff');

const T = '2025-01-01T00:00:00Z';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

const OBJECTS: KubeObject[] = [
  { kind: 'Namespace', name: 'prod', created: T },
  { kind: 'Deployment', name: 'web', namespace: 'prod', created: T, replicas: 3, ready: 3, labels: { app: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template('nginx:1.25') } },
  { kind: 'ConfigMap', name: 'same', namespace: 'prod', created: T, data: { a: '1' } },
  { kind: 'Secret', name: 'creds', namespace: 'prod', created: T, data: { password: b64('hunter2') } },
];

const FILES: Record<string, string> = {
  'changed.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels:
    app: web
    tier: front
spec:
  replicas: 5
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
`,
  'new.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: prod\ndata:\n  color: blue\n',
  'same.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n  namespace: prod\ndata:\n  a: "1"\n',
  'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  k: v\n',
  'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: prod\ndata:\n  password: ${b64('swordfish')}\n`,
  'guarded.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guarded\n  namespace: prod\ndata:\n  x: "1"\n',
  'manifests/same.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n  namespace: prod\ndata:\n  a: "1"\n',
  'manifests/new.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: prod\ndata:\n  color: blue\n',
  'overlay/kustomization.yaml': 'resources:\n- settings.yaml\n',
  'overlay/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: prod\ndata:\n  color: blue\n',
};

let dir: string;
let kube: FakeKube;
let ctx: AnalysisContext;
const MANIFESTS = 'k8s://current/default/*/*';
const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

async function actionOf(line: string, c: AnalysisContext = ctx): Promise<Action> {
  const [action] = (await analyzer()).analyze(line, c).actions;
  assert.equal(kubectlApplyResolver.handles(action), true, line);
  return action;
}

async function preview(line: string, c: AnalysisContext = ctx, signal = new AbortController().signal): Promise<ResolverResult> {
  return kubectlApplyResolver.resolve({ action: await actionOf(line, c), ctx: c, signal });
}

/** The objects the diff named (the manifest target's own summary entry left out). */
function objects(r: ResolverResult): ResolvedResource[] {
  return r.resources.filter((x) => !x.id.endsWith('/*/*'));
}

function summaryOf(r: ResolverResult): string[] | undefined {
  return r.resources.find((x) => x.id.endsWith('/*/*'))?.facts;
}

describe('kubectl apply preview', { skip }, () => {
  before(async () => {
    kube = await startFakeKube(OBJECTS, { reject: { guarded: 'admission webhook "policy.example.com" denied the request: \u001b[31mno\u001b[0m' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-kube-apply-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    fs.writeFileSync(path.join(dir, 'config'), kubeconfig({ fake: kube.url, other: kube.url, gone: 'http://127.0.0.1:1' }, 'fake'));
    // HOME in the temp dir: kubectl's discovery cache stays out of the real home.
    ctx = { cwd: dir, env: { KUBECONFIG: path.join(dir, 'config'), HOME: dir } };
  });
  after(async () => {
    await kube?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a changed Deployment: each changed value at its path, server fields left out', async () => {
    const r = await preview('kubectl apply -f changed.yaml');
    assert.deepEqual(r.failures, []);
    const [web] = objects(r);
    assert.equal(objects(r).length, 1);
    assert.equal(web.id, 'k8s://fake/prod/deployment/web');
    assert.equal(web.change, 'change');
    assert.equal(web.kind, 'deployment');
    assert.equal(web.name, 'web');
    assert.equal(web.from, MANIFESTS);
    assert.deepEqual(web.facts, [
      '+ metadata.labels.tier: front',
      'spec.replicas: 3 → 5',
      'spec.template.spec.containers[web].image: nginx:1.25 → nginx:1.27',
    ]);
    // The side-by-side view gets the whole object on both sides.
    assert.ok(Array.isArray(web.before) && (web.before as string[]).includes('  replicas: 3'));
    assert.ok(Array.isArray(web.after) && (web.after as string[]).includes('  replicas: 5'));
    assert.ok((web.after as string[]).includes('  generation: 2'), 'the server\'s answer, as it would be stored');
    assert.deepEqual(summaryOf(r), ['apply would change 1 object; objects it leaves as they are are not listed']);
  });

  test('a new ConfigMap is a create, with only an after state', async () => {
    const r = await preview('kubectl apply -f new.yaml');
    assert.deepEqual(r.failures, []);
    const [cm] = objects(r);
    assert.equal(objects(r).length, 1);
    assert.equal(cm.id, 'k8s://fake/prod/configmap/settings');
    assert.equal(cm.change, 'create');
    assert.deepEqual(cm.facts, ['does not exist yet: apply creates it']);
    assert.equal(cm.before, undefined);
    assert.deepEqual((cm.after as string[]).slice(0, 4), ['apiVersion: v1', 'data:', '  color: blue', 'kind: ConfigMap']);
    assert.deepEqual(summaryOf(r), ['apply would create 1; objects it leaves as they are are not listed']);
  });

  test('an unchanged object: apply would change nothing', async () => {
    const r = await preview('kubectl apply -f same.yaml');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(objects(r), []);
    assert.deepEqual(r.resources, [{ id: MANIFESTS, change: 'change', kind: 'objects in manifests', name: 'same.yaml', facts: ['apply would change nothing'] }]);
  });

  test('a directory: only what changes is listed', async () => {
    const r = await preview('kubectl apply -f manifests/');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(objects(r).map((x) => `${x.change} ${x.id}`), ['create k8s://fake/prod/configmap/settings']);
  });

  test('bundled short flags: -Rf DIR, -nNS', async () => {
    const r = await preview('kubectl apply -Rf manifests -nprod');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(objects(r).map((x) => `${x.change} ${x.id}`), ['create k8s://fake/prod/configmap/settings']);
  });

  test('a kustomization (-k) is built by kubectl itself', async () => {
    const r = await preview('kubectl apply -k overlay');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(objects(r).map((x) => `${x.change} ${x.id}`), ['create k8s://fake/prod/configmap/settings']);
  });

  test('-n and --context reach kubectl diff: a manifest without a namespace lands in -n', async () => {
    const r = await preview('kubectl --context other apply -n prod -f plain.yaml');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(objects(r).map((x) => `${x.change} ${x.id}`), ['create k8s://other/prod/configmap/plain']);
    assert.ok(kube.requests.includes('POST /api/v1/namespaces/prod/configmaps?dryRun=All&fieldManager=kubectl-client-side-apply'));
  });

  test('--server-side asks the server to apply in a dry run', async () => {
    const before = kube.writes.length;
    const r = await preview('kubectl apply --server-side -f changed.yaml');
    assert.deepEqual(r.failures, []);
    const [web] = objects(r);
    assert.ok(web.facts.includes('spec.replicas: 3 → 5'), web.facts.join('\n'));
    const sent = kube.writes.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].contentType, 'application/apply-patch+yaml');
    assert.match(sent[0].request, /^PATCH \/apis\/apps\/v1\/namespaces\/prod\/deployments\/web\?dryRun=All&fieldManager=kubectl/);
  });

  test('a Secret: which keys change, never a value, no states', async () => {
    const r = await preview('kubectl apply -f secret.yaml');
    assert.deepEqual(r.failures, []);
    const [secret] = objects(r);
    assert.equal(secret.id, 'k8s://fake/prod/secret/creds');
    assert.deepEqual(secret.facts, ['data.password: (value not shown) → (value not shown)', 'secret values are not shown']);
    assert.equal(secret.before, undefined);
    assert.equal(secret.after, undefined);
    const all = JSON.stringify(r);
    for (const v of ['hunter2', 'swordfish', b64('hunter2'), b64('swordfish')]) assert.ok(!all.includes(v), v);
  });

  test('an error from the server is a failure line, escaped', async () => {
    const r = await preview('kubectl apply -f guarded.yaml');
    assert.deepEqual(r.resources, []);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].message, /^kubectl diff failed \(exit \d+\) in fake: .*denied the request: \\u001b\[31mno\\u001b\[0m/);
    assert.equal(r.failures[0].target, MANIFESTS);
  });

  test('a manifest that does not exist is kubectl\'s own failure line', async () => {
    const r = await preview('kubectl apply -f missing.yaml');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /^kubectl diff failed \(exit \d+\) in fake: error: the path "missing\.yaml" does not exist/);
  });

  test('an unreachable cluster is a failure line naming the context', async () => {
    const r = await preview('kubectl --context gone apply -f changed.yaml');
    assert.deepEqual(r.resources, []);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].message, /^could not reach the cluster gone: /);
  });

  test('an aborted signal stops kubectl', async () => {
    const stop = new AbortController();
    stop.abort(new Error('time limit'));
    const r = await preview('kubectl apply -f changed.yaml', ctx, stop.signal);
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /was not started: time limit/);
  });

  test('standard input and URLs cannot be replayed: said, not guessed, nothing run', async () => {
    const seen = kube.requests.length;
    const stdin = await preview('kubectl apply -f -');
    assert.deepEqual(stdin.resources, []);
    assert.match(stdin.failures[0].message, /^the manifests come from standard input, which cannot be read twice: not previewed/);
    const url = await preview('kubectl apply -f https://example.com/app.yaml');
    assert.deepEqual(url.resources, []);
    assert.match(url.failures[0].message, /^the manifests come from a URL \(https:\/\/example\.com\/app\.yaml\)/);
    const dynamic = await preview('kubectl apply -f "$MANIFEST"');
    assert.match(dynamic.failures[0].message, /known only at run time: not previewed/);
    assert.equal(kube.requests.length, seen);
  });

  test('--prune: what it deletes is not previewed, and the preview says so', async () => {
    const r = await preview('kubectl apply --prune -l app=web -f changed.yaml');
    assert.deepEqual(r.failures.map((f) => f.message), ['--prune also deletes objects that are not in the manifests: those are not previewed, only what apply would create or change']);
    assert.deepEqual(objects(r).map((x) => `${x.change} ${x.id}`), ['change k8s://fake/prod/deployment/web']);
  });

  test('a kubeconfig the command names, or one in the workspace, is not used when it runs a credential program', async () => {
    // kubectl calls exec plugins only for TLS servers, which the fake is not: the proof is that kubectl never connected.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'br-kube-outside-'));
    try {
      const withExec = JSON.parse(kubeconfig({ fake: kube.url }, 'fake')) as { users: Array<{ user: unknown }> };
      withExec.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: path.join(dir, 'plugin.sh'), interactiveMode: 'Never' } };
      fs.writeFileSync(path.join(outside, 'config'), JSON.stringify(withExec));
      fs.copyFileSync(path.join(outside, 'config'), path.join(dir, 'agent-config'));
      const inWorkspace: AnalysisContext = { ...ctx, workspaceRoots: [dir] };
      const seen = kube.requests.length;
      for (const [line, c] of [
        ['kubectl apply --kubeconfig ./agent-config -f new.yaml', ctx],
        ['KUBECONFIG=agent-config kubectl apply -f new.yaml', ctx],
        ['kubectl apply -f new.yaml', { ...inWorkspace, env: { ...ctx.env, KUBECONFIG: path.join(dir, 'agent-config') } }],
      ] as const) {
        const r = await preview(line, c);
        assert.deepEqual(r.resources, [], line);
        assert.equal(r.failures.length, 1, line);
        assert.match(r.failures[0].message, /^the kubeconfig \/.*agent-config runs a credential program \(.*plugin\.sh\) when kubectl connects; .* does not run it before you approve$/, line);
      }
      const del = await kubernetesResolver.resolve({ action: (await analyzer()).analyze('kubectl delete pod web --kubeconfig agent-config -n prod', ctx).actions[0], ctx, signal: new AbortController().signal });
      assert.match(del.failures[0]?.message ?? '', /runs a credential program/);
      assert.equal(kube.requests.length, seen, 'kubectl never connected with the agent\'s kubeconfig');

      // The same kubeconfig from the user's own setup (outside the workspace, not named by the command) is used as always.
      const control = await preview('kubectl apply -f new.yaml', { ...inWorkspace, env: { ...ctx.env, KUBECONFIG: path.join(outside, 'config') } });
      assert.deepEqual(control.failures, []);
      assert.ok(kube.requests.length > seen);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('PATH and other variables before the command do not steer what the preview runs', async () => {
    const r = await preview(`PATH=${path.join(dir, 'nowhere')} LD_PRELOAD=/nonexistent.so kubectl apply -f new.yaml`);
    assert.deepEqual(r.failures, []);
    assert.deepEqual(objects(r).map((x) => `${x.change} ${x.id}`), ['create k8s://fake/prod/configmap/settings']);
  });

  test('registered among the resolvers', () => {
    assert.ok(resolvers.includes(kubectlApplyResolver));
  });

  test('nothing was written: every write the server saw was a dry run', () => {
    assert.ok(kube.writes.length >= 5);
    assert.deepEqual(realWrites(kube), []);
    for (const w of kube.writes) assert.match(w.request, /[?&]dryRun=All(&|$)/);
  });

  test('blast-radius check --preview prints the entries', { skip: fs.existsSync(CLI) ? false : 'dist/cli.js not built (npm run build)' }, async () => {
    // Not spawnSync: the fake API server lives in this process and must keep answering.
    const run = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'check', '--preview', '--cwd', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...ctx.env, NO_COLOR: '1' } }, (e, stdout, stderr) => {
        resolve({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr });
      });
    });
    const text = await run(['kubectl apply -f changed.yaml']);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /~ web {2}deployment · k8s:\/\/fake\/prod\/deployment\/web\n {6}\+ metadata\.labels\.tier: front\n {6}spec\.replicas: 3 → 5\n {6}spec\.template\.spec\.containers\[web\]\.image: nginx:1\.25 → nginx:1\.27\n/);
    const json = JSON.parse((await run(['--json', 'kubectl apply -f same.yaml'])).stdout) as { preview: { entries: Array<{ id: string; facts: string[] }> }; failures: unknown[] };
    assert.deepEqual(json.failures, []);
    assert.ok(json.preview.entries.some((e) => e.id === MANIFESTS && e.facts.includes('apply would change nothing')), JSON.stringify(json.preview));
  });
});

describe('reading kubectl diff output', () => {
  const diff = [
    'diff -N --unified=1000000 /tmp/LIVE-1/networking.k8s.io.v1.Ingress.prod.web.example.com /tmp/MERGED-2/networking.k8s.io.v1.Ingress.prod.web.example.com',
    '--- /tmp/LIVE-1/networking.k8s.io.v1.Ingress.prod.web.example.com\t2025-01-01 00:00:00.000000000 +0000',
    '+++ /tmp/MERGED-2/networking.k8s.io.v1.Ingress.prod.web.example.com\t2025-01-01 00:00:00.000000000 +0000',
    '@@ -1,9 +1,9 @@',
    ' metadata:',
    '   annotations:',
    '-    note: |',
    '-      --- not a header',
    '+    note: |',
    '+      diff -u not a header',
    ' spec:',
    '   rules:',
    '   - host: a.example.com',
    '-  - host: b.example.com',
    '+  - host: c.example.com',
    'diff -N --unified=1000000 /tmp/LIVE-1/v1.Namespace..staging /tmp/MERGED-2/v1.Namespace..staging',
    '--- /tmp/LIVE-1/v1.Namespace..staging\t1970-01-01 00:00:00.000000000 +0000',
    '+++ /tmp/MERGED-2/v1.Namespace..staging\t2025-01-01 00:00:00.000000000 +0000',
    '@@ -0,0 +1,2 @@',
    '+apiVersion: v1',
    '+kind: Namespace',
    '\\ No newline at end of file',
  ].join('\n');

  test('objects from file names: groups with dots, names with dots, cluster-scoped', () => {
    const { objects, problems } = parseKubectlDiff(diff);
    assert.deepEqual(problems, []);
    assert.deepEqual(objects.map((o) => [o.group, o.version, o.kind, o.namespace, o.name, o.change]), [
      ['networking.k8s.io', 'v1', 'Ingress', 'prod', 'web.example.com', 'change'],
      ['', 'v1', 'Namespace', '', 'staging', 'create'],
    ]);
  });

  test('hunk counts, not look-alike lines, end a hunk; list items without a name get an index', () => {
    const [ingress] = parseKubectlDiff(diff).objects;
    assert.deepEqual(changeFacts(ingress, false), [
      'metadata.annotations.note: --- not a header → diff -u not a header',
      'spec.rules[1].host: b.example.com → c.example.com',
    ]);
  });

  test('YAML paths: sequences at their key\'s column, block scalars, wrapped values', () => {
    const lines = [
      'spec:',
      '  containers:',
      '  - image: nginx',
      '    name: web',
      '    args:',
      '    - --port',
      '    - "8080"',
      '  - name: sidecar',
      '    command: |',
      '      echo hi',
      '',
      '      echo bye',
      '  note: a long value',
      '    that wraps',
      '"quoted key": x',
    ];
    assert.deepEqual(yamlPaths(lines), [
      'spec',
      'spec.containers',
      'spec.containers[web].image',
      'spec.containers[web].name',
      'spec.containers[web].args',
      'spec.containers[web].args[0]',
      'spec.containers[web].args[1]',
      'spec.containers[sidecar].name',
      'spec.containers[sidecar].command',
      'spec.containers[sidecar].command',
      'spec.containers[sidecar].command',
      'spec.containers[sidecar].command',
      'spec.note',
      'spec.note',
      'quoted key',
    ]);
  });

  test('a partial diff (several hunks) lists its lines as written, bounded', () => {
    const partial = [
      '--- /tmp/LIVE-1/v1.ConfigMap.prod.big\tx', '+++ /tmp/MERGED-2/v1.ConfigMap.prod.big\tx',
      '@@ -10,1 +10,1 @@', '-  a: 1', '+  a: 2',
      '@@ -40,12 +40,12 @@', ...Array.from({ length: 12 }, (_, i) => `-  k${i}: old`), ...Array.from({ length: 12 }, (_, i) => `+  k${i}: new`),
    ].join('\n');
    const [big] = parseKubectlDiff(partial).objects;
    assert.equal(big.before, undefined);
    const facts = changeFacts(big, false);
    assert.deepEqual(facts.slice(0, 3), ['- a: 1', '+ a: 2', '- k0: old']);
    assert.equal(facts.length, 11);
    assert.equal(facts[10], '… and 16 more changes');
  });

  test('a file name that is not kubectl\'s is a problem, not a guess', () => {
    const { objects, problems } = parseKubectlDiff('--- /tmp/a/weird\tx\n+++ /tmp/b/weird\tx\n@@ -1 +1 @@\n-a\n+b\n');
    assert.deepEqual(objects, []);
    assert.deepEqual(problems, ['kubectl diff named an object this preview cannot read: weird']);
  });
});
