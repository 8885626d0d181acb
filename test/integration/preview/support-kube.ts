/**
 * A minimal Kubernetes API server for the kubectl preview tests: the discovery documents `kubectl get`
 * reads, and list/get of pods, deployments, services, configmaps, secrets and namespaces held in memory,
 * with equality label selectors. Namespaces listed in `forbidden` answer 403, as RBAC would.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KubeObject {
  kind: 'Pod' | 'Deployment' | 'Service' | 'ConfigMap' | 'Secret' | 'Namespace';
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  created: string;
  owner?: string;
  replicas?: number;
  ready?: number;
  data?: Record<string, string>;
}

interface ResourceInfo { plural: string; kind: KubeObject['kind']; group: '' | 'apps'; namespaced: boolean; short: string[] }

const RESOURCES: ResourceInfo[] = [
  { plural: 'pods', kind: 'Pod', group: '', namespaced: true, short: ['po'] },
  { plural: 'services', kind: 'Service', group: '', namespaced: true, short: ['svc'] },
  { plural: 'configmaps', kind: 'ConfigMap', group: '', namespaced: true, short: ['cm'] },
  { plural: 'secrets', kind: 'Secret', group: '', namespaced: true, short: [] },
  { plural: 'namespaces', kind: 'Namespace', group: '', namespaced: false, short: ['ns'] },
  { plural: 'deployments', kind: 'Deployment', group: 'apps', namespaced: true, short: ['deploy'] },
];

function resourceList(group: '' | 'apps') {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/v1` : 'v1',
    resources: RESOURCES.filter((r) => r.group === group).map((r) => ({
      name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      ...(r.short.length ? { shortNames: r.short } : {}),
    })),
  };
}

function toJson(o: KubeObject) {
  const apiVersion = o.kind === 'Deployment' ? 'apps/v1' : 'v1';
  const metadata: Record<string, unknown> = {
    name: o.name, uid: `uid-${o.kind}-${o.name}`, resourceVersion: '1', creationTimestamp: o.created,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner, name: `${o.name}-owner`, uid: 'owner-uid', controller: true }] } : {}),
  };
  const body: Record<string, unknown> = { apiVersion, kind: o.kind, metadata };
  if (o.kind === 'Deployment') {
    body.spec = { replicas: o.replicas ?? 1 };
    body.status = { replicas: o.replicas ?? 1, readyReplicas: o.ready ?? 0 };
  }
  if (o.kind === 'Secret') { body.type = 'Opaque'; body.data = o.data ?? {}; }
  if (o.kind === 'Namespace') body.status = { phase: 'Active' };
  return body;
}

function matches(o: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split(/!?==?/);
    const eq = (o.labels ?? {})[k] === v;
    return term.includes('!=') ? !eq : eq;
  });
}

export interface FakeKube {
  url: string;
  /** Every request path, in order: what kubectl asked for. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeKube(objects: KubeObject[], forbidden: string[] = []): Promise<FakeKube> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, reason: string, message: string) => send(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
    if (req.method !== 'GET') return status(405, 'MethodNotAllowed', 'this fake server only reads');
    const p = url.pathname;
    if (p === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
    if (p === '/apis') {
      return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] });
    }
    if (p === '/api/v1') return send(200, resourceList(''));
    if (p === '/apis/apps/v1') return send(200, resourceList('apps'));
    if (p === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
    const m = /^\/(?:api\/v1|apis\/apps\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(p);
    if (!m) return status(404, 'NotFound', `the server could not find the requested resource (${p})`);
    // `/api/v1/namespaces/X` matches as plural `namespaces`, name X: the namespace itself.
    const [, ns, plural, name] = m;
    const info = RESOURCES.find((r) => r.plural === plural);
    if (!info) return status(404, 'NotFound', `the server could not find the requested resource`);
    if (ns && forbidden.includes(ns)) {
      return status(403, 'Forbidden', `${plural} is forbidden: User "dev" cannot list resource "${plural}" in API group "${info.group}" in the namespace "${ns}"`);
    }
    const pool = objects.filter((o) => o.kind === info.kind && (!info.namespaced || !ns || o.namespace === ns));
    if (name) {
      const found = pool.find((o) => o.name === name);
      if (!found) return status(404, 'NotFound', `${plural} "${name}" not found`);
      return send(200, toJson(found));
    }
    const items = pool.filter((o) => matches(o, url.searchParams.get('labelSelector'))).map(toJson);
    return send(200, { kind: `${info.kind}List`, apiVersion: info.group ? 'apps/v1' : 'v1', metadata: { resourceVersion: '1' }, items });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A kubeconfig with one context per server, written where the test says. */
export function kubeconfig(contexts: Record<string, string>, current: string): string {
  const names = Object.keys(contexts);
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': current,
    clusters: names.map((n) => ({ name: n, cluster: { server: contexts[n] } })),
    users: [{ name: 'dev', user: { token: 'fake-token' } }],
    contexts: names.map((n) => ({ name: n, context: { cluster: n, user: 'dev', namespace: 'default' } })),
  });
}
