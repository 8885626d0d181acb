/**
 * Helm 3 release records as the cluster stores them, read without helm: a Secret (type
 * `helm.sh/release.v1`, labels owner=helm, name, status, version) whose `release` key holds base64 of
 * gzip of the release JSON — inside the API's own base64 for Secrets. Only what a preview needs is kept
 * (chart, revision, status, dates, the rendered manifest's objects, delete hooks); the release's values
 * (`config`, the chart's `values`) are never copied out of the decoded record.
 *
 * The manifest's objects are read from each document's top-level `apiVersion`, `kind` and
 * `metadata.name` / `metadata.namespace` only — not with a YAML library (none is bundled) and not with
 * `kubectl get -f -`, which refuses objects whose namespace differs from the one it is given while helm
 * accepts them. A document that does not read plainly is reported, never guessed.
 */
import { gunzipSync } from 'node:zlib';

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** As written; absent means the release's namespace (or none, for cluster-scoped kinds). */
  namespace?: string;
}

export interface ReleaseHook {
  kind: string;
  name: string;
  events: string[];
}

export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  chart?: string;
  chartVersion?: string;
  appVersion?: string;
  lastDeployed?: string;
  manifest: string;
  hooks: ReleaseHook[];
}

/** A decoded record is never larger than this (Secrets hold at most 1 MiB, compressed). */
const MAX_RELEASE_BYTES = 64 * 1024 * 1024;

/**
 * The release in a storage record's `release` value. `doubleEncoded`: the value came from a Secret's
 * `data`, so the API's base64 wraps helm's.
 */
export function decodeRelease(value: string, doubleEncoded: boolean): HelmRelease | string {
  let json: string;
  try {
    const helmText = doubleEncoded ? Buffer.from(value, 'base64').toString('latin1') : value;
    const bytes = Buffer.from(helmText, 'base64');
    const gzipped = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    json = (gzipped ? gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES }) : bytes).toString('utf8');
  } catch (e) {
    return `the stored release could not be decompressed (${e instanceof Error ? e.message : String(e)})`;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return 'the stored release is not a Helm 3 release record (not JSON)';
  }
  if (!isObject(doc) || typeof doc.name !== 'string') return 'the stored release is not a Helm 3 release record';
  const info = isObject(doc.info) ? doc.info : {};
  const chart = isObject(doc.chart) && isObject(doc.chart.metadata) ? doc.chart.metadata : {};
  const hooks = Array.isArray(doc.hooks) ? doc.hooks.filter(isObject) : [];
  return {
    name: doc.name,
    namespace: text(doc.namespace) ?? '',
    revision: typeof doc.version === 'number' ? doc.version : 0,
    status: text(info.status) ?? 'unknown',
    chart: text(chart.name),
    chartVersion: text(chart.version),
    appVersion: text(chart.appVersion),
    lastDeployed: text(info.last_deployed),
    manifest: text(doc.manifest) ?? '',
    hooks: hooks.map((h) => ({ kind: text(h.kind) ?? '?', name: text(h.name) ?? '?', events: Array.isArray(h.events) ? h.events.filter((e): e is string => typeof e === 'string') : [] })),
  };
}

const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+[a-z0-9]*$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const NAME = /^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The objects of a rendered manifest, and the documents that could not be read plainly. */
export function manifestObjects(manifest: string): { objects: ManifestObject[]; problems: string[] } {
  const objects: ManifestObject[] = [];
  const problems: string[] = [];
  let doc: string[] = [];
  let source = '';
  const finish = () => {
    const read = readDocument(doc);
    if (typeof read === 'string') problems.push(`${read}${source ? ` (${source})` : ''}`);
    else if (read) objects.push(read);
    doc = [];
    source = '';
  };
  for (const line of manifest.split(/\r?\n/)) {
    if (/^---\s*(#.*)?$/.test(line)) {
      finish();
      continue;
    }
    const src = /^# Source: (.+)$/.exec(line);
    if (src) source = src[1].slice(0, 200);
    doc.push(line);
  }
  finish();
  return { objects, problems };
}

/** One document's identity; undefined for an empty one (templates often render to nothing). */
function readDocument(lines: string[]): ManifestObject | string | undefined {
  const content = lines.filter((l) => l.trim() !== '' && !/^\s*#/.test(l));
  if (content.length === 0) return undefined;
  const top = new Map<string, string>();
  const meta = new Map<string, string>();
  let inMetadata = false;
  let metaCol: number | undefined;
  for (const line of content) {
    const body = line.trimStart();
    const col = line.length - body.length;
    if (col === 0) {
      inMetadata = false;
      const kv = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(line);
      if (!kv) continue; // a top-level line that is not a plain key (a list, a flow document): no key we read
      if (top.has(kv[1])) return 'a manifest document sets a top-level key twice';
      const value = kv[2] ?? '';
      top.set(kv[1], value);
      if (kv[1] === 'metadata') {
        if (value.startsWith('{')) {
          const flow = flowMap(value);
          if (!flow) return 'a manifest document writes its metadata in a form this preview does not read';
          for (const [k, v] of flow) meta.set(k, v);
        } else if (scalar(value) !== '') return 'a manifest document has no readable metadata';
        else inMetadata = true;
      }
      continue;
    }
    if (!inMetadata) continue;
    metaCol ??= col;
    if (col !== metaCol) continue;
    const kv = /^([A-Za-z]+):(?:\s+(.*))?$/.exec(body);
    if (kv && (kv[1] === 'name' || kv[1] === 'namespace')) {
      if (meta.has(kv[1])) return `a manifest document sets metadata.${kv[1]} twice`;
      meta.set(kv[1], kv[2] ?? '');
    }
  }
  const apiVersion = scalar(top.get('apiVersion') ?? '');
  const kind = scalar(top.get('kind') ?? '');
  const name = scalar(meta.get('name') ?? '');
  const namespace = meta.has('namespace') ? scalar(meta.get('namespace')!) : undefined;
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) return 'a manifest document has no readable apiVersion and kind';
  if (kind === 'List' || kind.endsWith('List')) return `a manifest document is a ${kind}, whose items this preview does not read`;
  if (!NAME.test(name) || name.length > 253) return `a manifest document's ${kind} has no readable metadata.name`;
  if (namespace !== undefined && namespace !== '' && !NAMESPACE.test(namespace)) return `the ${kind} ${name} names a namespace this preview cannot read`;
  return { apiVersion, kind, name, ...(namespace ? { namespace } : {}) };
}

/** A plain or quoted scalar without a trailing comment; '' for anything else (anchors, tags, blocks). */
function scalar(raw: string): string {
  const v = raw.trim();
  const dq = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(v);
  if (dq) return dq[1].includes('\\') ? '' : dq[1];
  const sq = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(v);
  if (sq) return sq[1].replace(/''/g, "'");
  const plain = /^([^\s#&*!|>'"{[][^#]*?)\s*(\s#.*)?$/.exec(v);
  return plain ? plain[1] : '';
}

/** `{name: web, namespace: prod}` on one line. */
function flowMap(value: string): Map<string, string> | undefined {
  const m = /^\{(.*)\}\s*(#.*)?$/.exec(value.trim());
  if (!m || /[{}[\]]/.test(m[1])) return undefined;
  const out = new Map<string, string>();
  for (const part of m[1].split(',')) {
    if (part.trim() === '') continue;
    const kv = /^\s*([A-Za-z]+)\s*:\s*(.*)$/.exec(part);
    if (!kv) return undefined;
    out.set(kv[1], scalar(kv[2]));
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
