/**
 * A minimal Kubernetes API server for the kubectl and helm preview tests: the discovery documents
 * kubectl reads, list/get of pods, deployments, services, configmaps, secrets and namespaces held in
 * memory (equality label selectors), and the dry-run writes `kubectl diff` sends (PATCH and POST with
 * `?dryRun=All`), answered with the object as it would be — the store never changes. A write without
 * dryRun=All is refused and recorded, so a test can prove nothing was written. Namespaces listed in
 * `forbidden` answer 403, as RBAC would.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KubeObject {
  kind: 'Pod' | 'Deployment' | 'Service' | 'ConfigMap' | 'Secret' | 'Namespace';
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  created: string;
  owner?: string;
  replicas?: number;
  ready?: number;
  /** ConfigMap data as is; Secret data base64-encoded, as the API holds it. */
  data?: Record<string, string>;
  /** A Secret's type; `Opaque` when absent. */
  type?: string;
  /** More of a Deployment's spec (selector, template), merged under `replicas`. */
  spec?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

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

function toJson(o: KubeObject): Json {
  const apiVersion = o.kind === 'Deployment' ? 'apps/v1' : 'v1';
  const metadata: Json = {
    name: o.name, uid: `uid-${o.kind}-${o.name}`, resourceVersion: '1', creationTimestamp: o.created,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.annotations ? { annotations: o.annotations } : {}),
    ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner, name: `${o.name}-owner`, uid: 'owner-uid', controller: true }] } : {}),
  };
  const body: Json = { apiVersion, kind: o.kind, metadata };
  if (o.kind === 'Deployment') {
    metadata.generation = 1;
    body.spec = { ...(o.spec ?? {}), replicas: o.replicas ?? 1 };
    body.status = { replicas: o.replicas ?? 1, readyReplicas: o.ready ?? 0 };
  }
  if (o.kind === 'Secret') { body.type = o.type ?? 'Opaque'; body.data = o.data ?? {}; }
  if (o.kind === 'ConfigMap' && o.data) body.data = o.data;
  if (o.kind === 'Namespace') body.status = { phase: 'Active' };
  return body;
}

function metaOf(o: Json): Json {
  return (o.metadata ?? {}) as Json;
}

function matches(o: Json, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (metaOf(o).labels ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const [k, v] = term.split(/!?==?/);
    const eq = labels[k] === v;
    return term.includes('!=') ? !eq : eq;
  });
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A merge patch (RFC 7386) with the little of strategic merge the tests need: `$` directives are
 * dropped, and lists of objects with a `name` merge item by item when `byName` is set.
 */
function mergePatch(target: unknown, patch: unknown, byName: boolean): unknown {
  if (byName && Array.isArray(target) && Array.isArray(patch) && [...target, ...patch].every((x) => isObject(x) && typeof x.name === 'string')) {
    const out = target.map((x) => structuredClone(x) as Json);
    for (const p of patch as Json[]) {
      const at = out.findIndex((x) => x.name === p.name);
      if (at >= 0) out[at] = mergePatch(out[at], p, byName) as Json;
      else out.push(mergePatch({}, p, byName) as Json);
    }
    return out;
  }
  if (!isObject(patch)) return structuredClone(patch);
  const out: Json = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v, byName);
  }
  return out;
}

/** What a dry-run answer carries that the request did not: server-set fields, a new generation on a spec change. */
function asStored(next: Json, live: Json | undefined, at: { namespace?: string; name: string }): Json {
  const meta = { ...metaOf(next) };
  delete meta.managedFields;
  meta.name = at.name;
  if (at.namespace) meta.namespace = at.namespace;
  const old = live ? metaOf(live) : {};
  meta.uid = old.uid ?? `uid-new-${at.name}`;
  meta.resourceVersion = old.resourceVersion ?? '1';
  meta.creationTimestamp = old.creationTimestamp ?? '2025-06-01T00:00:00Z';
  // The API serialises empty label and annotation maps as absent.
  for (const k of ['labels', 'annotations']) if (isObject(meta[k]) && Object.keys(meta[k] as Json).length === 0) delete meta[k];
  if (next.kind === 'Deployment') {
    const generation = typeof old.generation === 'number' ? old.generation : 0;
    const specChanged = !live || JSON.stringify(live.spec) !== JSON.stringify(next.spec);
    meta.generation = specChanged ? generation + 1 : generation;
  }
  return { ...next, metadata: meta };
}

export interface FakeKubeOptions {
  /** Namespaces whose reads and writes answer 403 Forbidden. */
  forbidden?: string[];
  /** Object names whose dry-run write the server rejects with this message (as an admission webhook would). */
  reject?: Record<string, string>;
}

export interface FakeKube {
  url: string;
  /** Every request as `METHOD /path?query`, in order: what kubectl asked for. */
  requests: string[];
  /** The bodies of the write requests, in order, as sent. */
  writes: Array<{ request: string; contentType: string; body: string }>;
  close(): Promise<void>;
}

export async function startFakeKube(objects: KubeObject[], forbiddenOrOptions: string[] | FakeKubeOptions = []): Promise<FakeKube> {
  const opts: FakeKubeOptions = Array.isArray(forbiddenOrOptions) ? { forbidden: forbiddenOrOptions } : forbiddenOrOptions;
  const forbidden = opts.forbidden ?? [];
  const store = objects.map((o) => ({ info: RESOURCES.find((r) => r.kind === o.kind)!, body: toJson(o) }));
  const requests: string[] = [];
  const writes: FakeKube['writes'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const request = `${req.method} ${url.pathname}${url.search}`;
    requests.push(request);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'GET') writes.push({ request, contentType: req.headers['content-type'] ?? '', body });
      answer(req.method ?? 'GET', url, req.headers['content-type'] ?? '', body);
    });
    const send = (status: number, reply: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply));
    };
    const status = (code: number, reason: string, message: string) => send(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

    function answer(method: string, url: URL, contentType: string, body: string): void {
      const p = url.pathname;
      if (method === 'GET') {
        if (p === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
        if (p === '/apis') {
          return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }] });
        }
        if (p === '/api/v1') return send(200, resourceList(''));
        if (p === '/apis/apps/v1') return send(200, resourceList('apps'));
        if (p === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
      }
      const m = /^\/(?:api\/v1|apis\/apps\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(p);
      if (!m) return status(404, 'NotFound', `the server could not find the requested resource (${p})`);
      // `/api/v1/namespaces/X` matches as plural `namespaces`, name X: the namespace itself.
      const [, ns, plural, name] = m;
      const info = RESOURCES.find((r) => r.plural === plural);
      if (!info) return status(404, 'NotFound', `the server could not find the requested resource`);
      if (ns && forbidden.includes(ns)) {
        return status(403, 'Forbidden', `${plural} is forbidden: User "dev" cannot ${method === 'GET' ? 'list' : 'patch'} resource "${plural}" in API group "${info.group}" in the namespace "${ns}"`);
      }
      const pool = store.filter((o) => o.info === info && (!info.namespaced || !ns || metaOf(o.body).namespace === ns)).map((o) => o.body);
      const live = name ? pool.find((o) => metaOf(o).name === name) : undefined;
      if (method === 'GET') {
        if (name) return live ? send(200, live) : status(404, 'NotFound', `${plural} "${name}" not found`);
        const items = pool.filter((o) => matches(o, url.searchParams.get('labelSelector')));
        return send(200, { kind: `${info.kind}List`, apiVersion: info.group ? 'apps/v1' : 'v1', metadata: { resourceVersion: '1' }, items });
      }
      // Writes: only a dry run is ever answered, and it changes nothing.
      if (url.searchParams.get('dryRun') !== 'All') return status(403, 'Forbidden', 'this fake server never writes: dryRun=All is required');
      let sent: unknown;
      try {
        sent = JSON.parse(body);
      } catch {
        return status(415, 'UnsupportedMediaType', `the body is not JSON (${contentType})`);
      }
      if (!isObject(sent)) return status(415, 'UnsupportedMediaType', `a JSON patch list is not supported here (${contentType})`);
      const target = name ?? String(metaOf(sent).name ?? '');
      if (opts.reject?.[target]) return status(422, 'Invalid', opts.reject[target]);
      if (method === 'POST' && !name) {
        if (pool.some((o) => metaOf(o).name === target)) return status(409, 'AlreadyExists', `${plural} "${target}" already exists`);
        return send(201, asStored(sent, undefined, { namespace: ns, name: target }));
      }
      if (method === 'PATCH' && name) {
        const applying = contentType.startsWith('application/apply-patch');
        if (!live && !applying) return status(404, 'NotFound', `${plural} "${name}" not found`);
        const merged = mergePatch(live ?? {}, sent, contentType.startsWith('application/strategic-merge-patch') || applying) as Json;
        return send(live ? 200 : 201, asStored(merged, live, { namespace: ns, name }));
      }
      return status(405, 'MethodNotAllowed', `${method} is not served here`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Requests that would have changed something: any non-GET without `dryRun=All`. Must stay empty. */
export function realWrites(kube: FakeKube): string[] {
  return kube.requests.filter((q) => !q.startsWith('GET ') && !new URL(q.split(' ')[1], 'http://x').searchParams.getAll('dryRun').includes('All'));
}

/** A kubeconfig with one context per server, written where the test says. */
export function kubeconfig(contexts: Record<string, string>, current: string, namespaces: Record<string, string> = {}): string {
  const names = Object.keys(contexts);
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': current,
    clusters: names.map((n) => ({ name: n, cluster: { server: contexts[n] } })),
    users: [{ name: 'dev', user: { token: 'fake-token' } }],
    contexts: names.map((n) => ({ name: n, context: { cluster: n, user: 'dev', namespace: namespaces[n] ?? 'default' } })),
  });
}
