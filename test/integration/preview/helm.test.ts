/**
 * The helm uninstall preview without helm: release records built in the test exactly as Helm 3 stores
 * them (a Secret `sh.helm.release.v1.NAME.vN` of type helm.sh/release.v1, labels owner/name/status/version,
 * `release` = base64 of gzip of the release JSON, inside the API's base64), served by the fake API server
 * (support-kube.ts) and read with the real kubectl. Every entry is checked; values and secret data never
 * reach the preview; the server sees reads only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Action, AnalysisContext } from '../../../src/core';
import { resolvers } from '../../../src/preview';
import { helmResolver } from '../../../src/preview/helm';
import { decodeRelease, manifestObjects } from '../../../src/preview/helm-release';
import type { ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { needs } from '../support/tools';
import { kubeconfig, startFakeKube, type FakeKube, type KubeObject } from './support-kube';

const skip = needs('kubectl');

const T = '2025-01-01T00:00:00Z';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** What helm 3 writes: base64(gzip(JSON of the release)). */
function helmEncode(release: unknown): string {
  return b64(gzipSync(Buffer.from(JSON.stringify(release)), { level: 9 }));
}

const MANIFEST = `---
# Source: web/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    name: not-the-name
spec:
  ports:
  - port: 80
---
# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web"   # quoted, with a comment
  namespace: "prod"
spec:
  replicas: 2
---
# Source: web/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: prod}
data:
  mode: fast
---
# Source: web/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
data:
  token: ${b64('manifest-secret-token')}
---
# Source: web/templates/optional.yaml
# (rendered empty)
---
# Source: web/templates/gone.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-gone
`;

function release(name: string, revision: number, status: string, manifest: string, namespace = 'prod') {
  return {
    name,
    info: { first_deployed: '2025-03-01T10:00:00Z', last_deployed: '2025-03-01T10:00:00Z', deleted: '', description: 'Upgrade complete', status, notes: 'Thanks for installing.' },
    chart: {
      metadata: { apiVersion: 'v2', name: 'web', version: '1.2.3', appVersion: '2.0.0' },
      lock: null, templates: [{ name: 'templates/service.yaml', data: b64('kind: Service') }], values: { image: 'nginx', adminPassword: 'chart-default-password' }, schema: null, files: [],
    },
    config: { adminPassword: 'values-secret-password' },
    manifest,
    hooks: [
      { name: 'web-backup', kind: 'Job', path: 'web/templates/backup.yaml', manifest: 'apiVersion: batch/v1\nkind: Job', events: ['pre-delete'], last_run: { started_at: '', completed_at: '', phase: '' }, weight: 0, delete_policies: ['hook-succeeded'] },
      { name: 'web-migrate', kind: 'Job', path: 'web/templates/migrate.yaml', manifest: 'apiVersion: batch/v1\nkind: Job', events: ['pre-upgrade'], last_run: { started_at: '', completed_at: '', phase: '' }, weight: 0 },
    ],
    version: revision,
    namespace,
  };
}

/** The storage Secret exactly as Helm 3 names, types and labels it. */
function releaseSecret(name: string, revision: number, status: string, manifest: string, namespace = 'prod'): KubeObject {
  return {
    kind: 'Secret', name: `sh.helm.release.v1.${name}.v${revision}`, namespace, created: T, type: 'helm.sh/release.v1',
    labels: { name, owner: 'helm', status, version: String(revision) },
    data: { release: b64(helmEncode(release(name, revision, status, manifest, namespace))) },
  };
}

const OBJECTS: KubeObject[] = [
  { kind: 'Namespace', name: 'prod', created: T },
  releaseSecret('web', 1, 'superseded', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-only\n'),
  releaseSecret('web', 2, 'deployed', MANIFEST),
  { kind: 'Service', name: 'web', namespace: 'prod', created: T },
  { kind: 'Deployment', name: 'web', namespace: 'prod', created: T, replicas: 2, ready: 2, labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
  { kind: 'ConfigMap', name: 'web-config', namespace: 'prod', created: T, annotations: { 'helm.sh/resource-policy': 'keep' }, data: { mode: 'fast' } },
  { kind: 'Secret', name: 'web-secret', namespace: 'prod', created: T, data: { token: b64('live-secret-token') } },
  // HELM_DRIVER=configmap: the same record, without the API's extra base64.
  {
    kind: 'ConfigMap', name: 'sh.helm.release.v1.cmrel.v1', namespace: 'prod', created: T, labels: { name: 'cmrel', owner: 'helm', status: 'deployed', version: '1' },
    data: { release: helmEncode(release('cmrel', 1, 'deployed', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n')) },
  },
  releaseSecret('spread', 1, 'deployed', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: locked\n'),
  { kind: 'Secret', name: 'sh.helm.release.v1.broken.v1', namespace: 'prod', created: T, type: 'helm.sh/release.v1', labels: { name: 'broken', owner: 'helm', status: 'deployed', version: '1' }, data: { release: b64(b64('not gzip, not json')) } },
];

const SECRETS = ['values-secret-password', 'chart-default-password', 'manifest-secret-token', 'live-secret-token', b64('live-secret-token'), b64('manifest-secret-token')];

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

let dir: string;
let kube: FakeKube;
let ctx: AnalysisContext;

async function actionOf(line: string, c: AnalysisContext = ctx): Promise<Action> {
  const [action] = (await analyzer()).analyze(line, c).actions;
  assert.equal(helmResolver.handles(action), true, line);
  return action;
}

async function preview(line: string, c: AnalysisContext = ctx, signal = new AbortController().signal): Promise<ResolverResult> {
  const r = await helmResolver.resolve({ action: await actionOf(line, c), ctx: c, signal });
  const all = JSON.stringify(r);
  for (const s of SECRETS) assert.ok(!all.includes(s), `${s} must never reach the preview`);
  return r;
}

function listed(r: ResolverResult): string[] {
  return r.resources.map((x) => `${x.change} ${x.id}${x.from ? ` <- ${x.from}` : ''}`).sort();
}

describe('helm uninstall preview', { skip }, () => {
  before(async () => {
    kube = await startFakeKube(OBJECTS, ['locked']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-helm-'));
    fs.writeFileSync(path.join(dir, 'config'), kubeconfig({ fake: kube.url, prodctx: kube.url, gone: 'http://127.0.0.1:1' }, 'fake', { prodctx: 'prod' }));
    ctx = { cwd: dir, env: { KUBECONFIG: path.join(dir, 'config'), HOME: dir } };
  });
  after(async () => {
    await kube?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the deployed release and every object its manifest holds that still exists', async () => {
    const r = await preview('helm uninstall web -n prod');
    assert.deepEqual(r.failures, []);
    const from = 'k8s://current/prod/helm-release/web';
    assert.deepEqual(listed(r), [
      `destroy k8s://fake/prod/deployment/web <- ${from}`,
      `destroy k8s://fake/prod/helm-release/web <- ${from}`,
      `destroy k8s://fake/prod/secret/web-secret <- ${from}`,
      `destroy k8s://fake/prod/service/web <- ${from}`,
    ]);
    const rel = r.resources.find((x) => x.kind === 'helm-release')!;
    assert.equal(rel.name, 'web');
    assert.deepEqual(rel.facts.filter((f) => !f.startsWith('deployed ')), [
      'chart web-1.2.3',
      'app version 2.0.0',
      'revision 2, deployed',
      '3 objects deleted with it',
      'keeps configmap web-config (helm.sh/resource-policy: keep)',
      '1 object of the manifest no longer exists',
      'runs the pre-delete hook Job web-backup',
    ]);
    assert.match(rel.facts.find((f) => f.startsWith('deployed '))!, /^deployed 2025-03-01 \(\d+ days old\)$/);
    assert.deepEqual(rel.before, { chart: 'web', chartVersion: '1.2.3', appVersion: '2.0.0', revision: 2, status: 'deployed', namespace: 'prod', objects: ['service/web', 'deployment/web', 'secret/web-secret'] });
    const deploy = r.resources.find((x) => x.kind === 'deployment')!;
    assert.ok(deploy.facts.includes('2/2 ready'));
    const secret = r.resources.find((x) => x.kind === 'secret')!;
    assert.deepEqual(secret.facts.filter((f) => !f.startsWith('created ')), []);
  });

  test('helm delete, --no-hooks: no hook runs', async () => {
    const r = await preview('helm delete web --namespace=prod --no-hooks');
    assert.deepEqual(r.failures, []);
    const rel = r.resources.find((x) => x.kind === 'helm-release')!;
    assert.ok(!rel.facts.some((f) => f.includes('hook')), rel.facts.join('\n'));
  });

  test('the namespace from HELM_NAMESPACE, written before the command or in the environment', async () => {
    const inline = await preview('HELM_NAMESPACE=prod helm uninstall web');
    assert.deepEqual(inline.failures, []);
    assert.ok(listed(inline).some((l) => l.startsWith('destroy k8s://fake/prod/helm-release/web')));
    const fromEnv = await preview('helm uninstall web', { ...ctx, env: { ...ctx.env, HELM_NAMESPACE: 'prod' } });
    assert.deepEqual(fromEnv.failures, []);
    assert.equal(fromEnv.resources.length, 4);
  });

  test('--kube-context: its context name, and its namespace when -n is not given', async () => {
    const r = await preview('helm uninstall web --kube-context prodctx');
    assert.deepEqual(r.failures, []);
    assert.ok(listed(r).includes('destroy k8s://prodctx/prod/helm-release/web <- k8s://prodctx/default/helm-release/web'), listed(r).join('\n'));
  });

  test('a release that is not deployed there is a failure line', async () => {
    const r = await preview('helm uninstall web');
    assert.deepEqual(r.resources, []);
    assert.deepEqual(r.failures.map((f) => f.message), ['no deployed release web in namespace default']);
    const two = await preview('helm uninstall web nope -n prod');
    assert.equal(two.resources.length, 4);
    assert.deepEqual(two.failures, [{ target: 'k8s://current/prod/helm-release/nope', message: 'no deployed release nope in namespace prod' }]);
  });

  test('HELM_DRIVER=configmap reads the record from a ConfigMap', async () => {
    const r = await preview('HELM_DRIVER=configmap helm uninstall cmrel -n prod');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(listed(r), [
      'destroy k8s://fake/prod/helm-release/cmrel <- k8s://current/prod/helm-release/cmrel',
      'destroy k8s://fake/prod/service/web <- k8s://current/prod/helm-release/cmrel',
    ]);
  });

  test('a record that is not a release is said so', async () => {
    const r = await preview('helm uninstall broken -n prod');
    assert.deepEqual(r.resources, []);
    assert.deepEqual(r.failures.map((f) => f.message), ['could not read release broken in namespace prod: the stored release is not a Helm 3 release record (not JSON)']);
  });

  test('objects in a namespace that cannot be read: a failure line, and still listed from the manifest', async () => {
    const r = await preview('helm uninstall spread -n prod');
    assert.deepEqual(listed(r), [
      'destroy k8s://fake/locked/configmap/elsewhere <- k8s://current/prod/helm-release/spread',
      'destroy k8s://fake/prod/helm-release/spread <- k8s://current/prod/helm-release/spread',
      'destroy k8s://fake/prod/service/web <- k8s://current/prod/helm-release/spread',
    ]);
    assert.deepEqual(r.resources.find((x) => x.name === 'elsewhere')!.facts, ['named in the release manifest; not read live']);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].message, /^could not read the release's objects in namespace locked: Error from server \(Forbidden\)/);
  });

  test('a kubeconfig named by the command that runs a credential program is not used', async () => {
    const withExec = JSON.parse(kubeconfig({ fake: kube.url }, 'fake')) as { users: Array<{ user: unknown }> };
    withExec.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './steal.sh' } };
    fs.writeFileSync(path.join(dir, 'agent-config'), JSON.stringify(withExec));
    const seen = kube.requests.length;
    const r = await preview('helm uninstall web -n prod --kubeconfig agent-config');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /^the kubeconfig \/.*\/agent-config runs a credential program \(\.\/steal\.sh\)/);
    assert.equal(kube.requests.length, seen);
  });

  test('names known only at run time are not guessed', async () => {
    const r = await preview('helm uninstall "$RELEASE" -n prod');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0].message, /known only at run time/);
  });

  test('an unreachable cluster is a failure line naming the context', async () => {
    const r = await preview('helm uninstall web -n prod --kube-context gone');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /^could not reach the cluster gone: /);
  });

  test('forbidden reads say so', async () => {
    const r = await preview('helm uninstall web -n locked');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /^not allowed to read release web in fake: Error from server \(Forbidden\)/);
  });

  test('an aborted signal stops kubectl', async () => {
    const stop = new AbortController();
    stop.abort(new Error('time limit'));
    const r = await preview('helm uninstall web -n prod', ctx, stop.signal);
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /was not started: time limit/);
  });

  test('registered among the resolvers', () => {
    assert.ok(resolvers.includes(helmResolver));
  });

  test('blast-radius check --preview prints the release and its objects', { skip: fs.existsSync(CLI) ? false : 'dist/cli.js not built (npm run build)' }, async () => {
    // Not spawnSync: the fake API server lives in this process and must keep answering.
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [CLI, 'check', '--preview', '--cwd', dir, 'helm uninstall web -n prod'], { encoding: 'utf8', env: { ...process.env, ...ctx.env, NO_COLOR: '1' } }, (e, out, err) => {
        if (e && (e as { code?: number }).code !== 1) reject(new Error(err));
        else resolve(out);
      });
    });
    const preview = stdout.slice(stdout.indexOf('\n\n') + 2);
    assert.match(preview, /^4 to destroy\n/);
    assert.match(preview, /\n {2}- web {2}helm-release · k8s:\/\/fake\/prod\/helm-release\/web\n {6}chart web-1\.2\.3\n/);
    for (const line of ['  - web  deployment · k8s://fake/prod/deployment/web', '  - web-secret  secret · k8s://fake/prod/secret/web-secret', '  - web  service · k8s://fake/prod/service/web']) {
      assert.ok(preview.includes(`${line}\n`), `${line}\n${preview}`);
    }
    for (const s of SECRETS) assert.ok(!stdout.includes(s), s);
  });

  test('the fake server only ever saw reads', () => {
    assert.ok(kube.requests.length > 0);
    assert.deepEqual(kube.requests.filter((q) => !q.startsWith('GET ')), []);
  });
});

describe('reading helm release records', () => {
  test('decodes what helm 3 writes, keeping no values', () => {
    const r = decodeRelease(b64(helmEncode(release('web', 2, 'deployed', MANIFEST))), true);
    assert.ok(typeof r !== 'string');
    assert.equal(r.name, 'web');
    assert.equal(r.revision, 2);
    assert.equal(r.chart, 'web');
    assert.deepEqual(r.hooks.map((h) => `${h.kind} ${h.name} ${h.events.join(',')}`), ['Job web-backup pre-delete', 'Job web-migrate pre-upgrade']);
    assert.ok(!JSON.stringify({ ...r, manifest: '' }).includes('password'));
  });

  test('an uncompressed record (older helm) is read too', () => {
    const r = decodeRelease(b64(JSON.stringify(release('web', 1, 'deployed', ''))), false);
    assert.ok(typeof r !== 'string' && r.revision === 1);
  });

  test('manifest objects: quoted names, comments, flow metadata, nested `name:` not taken', () => {
    const { objects, problems } = manifestObjects(MANIFEST);
    assert.deepEqual(problems, []);
    assert.deepEqual(objects, [
      { apiVersion: 'v1', kind: 'Service', name: 'web' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-config', namespace: 'prod' },
      { apiVersion: 'v1', kind: 'Secret', name: 'web-secret' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-gone' },
    ]);
  });

  test('documents that do not read plainly are problems, never guesses', () => {
    const { objects, problems } = manifestObjects([
      '# Source: a.yaml', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: *anchor',
      '---', '# Source: b.yaml', 'apiVersion: v1', 'kind: List', 'items: []',
      '---', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: ok',
      '---', 'kind: Pod', 'metadata:', '  name: no-api-version',
    ].join('\n'));
    assert.deepEqual(objects, [{ apiVersion: 'v1', kind: 'Pod', name: 'ok' }]);
    assert.deepEqual(problems, [
      "a manifest document's ConfigMap has no readable metadata.name (a.yaml)",
      'a manifest document is a List, whose items this preview does not read (b.yaml)',
      'a manifest document has no readable apiVersion and kind',
    ]);
  });
});
