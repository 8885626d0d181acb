/**
 * Live preview for `helm uninstall` (`delete`, `del`, `un`): the release's deployed record and every
 * object its manifest holds that still exists, without helm. Runs only `kubectl get` (the release's
 * storage record by its labels, then the manifest's objects) and `kubectl config` reads, with the
 * cluster, context, namespace and identity helm would use (its flags and HELM_* variables mapped to
 * kubectl's). The release's values and any secret's data never reach the preview.
 *
 * `helm rollback` and `upgrade` are not previewed here: they need the chart rendered, which only helm can do.
 */
import * as path from 'node:path';
import type { Action, Target } from '../core';
import { escapeInvisible } from '../core/text';
import { commandWords } from './command-words';
import { decodeRelease, manifestObjects, type HelmRelease, type ManifestObject } from './helm-release';
import { age, contextNamespace, credentialProgramRisk, currentContext, failureMessage, itemsOf, lastValue, leadingAssignments, objectId, readFlags, resourceOf, runTimeValue, said, switchOn, type KubeItem } from './kubectl-cli';
import { run, RunError } from './run';
import type { ResolvedResource, Resolver, ResolverResult, ResolveRequest } from './types';

/** helm's options that take the next word (global ones and uninstall's own). */
const WITH_VALUE = new Set([
  '--kube-context', '-n', '--namespace', '--kubeconfig', '--kube-apiserver', '--kube-as-user', '--kube-as-group',
  '--kube-token', '--kube-ca-file', '--kube-tls-server-name', '--burst-limit', '--qps', '--registry-config',
  '--repository-cache', '--repository-config', '--content-cache', '--cascade', '--timeout', '--description',
]);

/** helm's connection options and environment variables, as kubectl spells them. */
const AS_KUBECTL: Array<[flag: string, variable: string, kubectl: string]> = [
  ['--kube-context', 'HELM_KUBECONTEXT', '--context'],
  ['--kube-apiserver', 'HELM_KUBEAPISERVER', '--server'],
  ['--kube-token', 'HELM_KUBETOKEN', '--token'],
  ['--kube-as-user', 'HELM_KUBEASUSER', '--as'],
  ['--kube-ca-file', 'HELM_KUBECAFILE', '--certificate-authority'],
  ['--kube-tls-server-name', 'HELM_KUBETLS_SERVER_NAME', '--tls-server-name'],
];

/** A release name helm accepts (and so a label value safe in a selector). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const KEEP = 'helm.sh/resource-policy';
const FACT_LIST = 5;

interface HelmCall {
  /** kubectl arguments for cluster and identity. */
  connection: string[];
  /** kubeconfig and context only: for `kubectl config` reads. */
  where: string[];
  context?: string;
  namespace?: string;
  releases: string[];
  /** Kubeconfig files the command line names itself (flag or assignment). */
  namedKubeconfigs: string[];
  driver: 'secrets' | 'configmaps' | string;
  hooks: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const helmResolver: Resolver = {
  name: 'helm',
  handles(action) {
    return action.tool === 'helm' && action.rule === 'kubernetes.helm-uninstall';
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const out: ResolverResult = { resources: [], failures: [] };
    const call = readUninstall(req.action, { ...process.env, ...req.ctx.env });
    const first = req.action.targets[0]?.id;
    if (typeof call === 'string') return { resources: [], failures: [{ ...(first ? { target: first } : {}), message: call }] };
    if (call.driver !== 'secrets' && call.driver !== 'configmaps') {
      return { resources: [], failures: [{ ...(first ? { target: first } : {}), message: `releases stored with HELM_DRIVER=${escapeInvisible(call.driver)} are not read by this preview` }] };
    }
    const inUse = [...call.namedKubeconfigs, ...(call.env.KUBECONFIG ?? '').split(':').filter(Boolean)];
    const risk = await credentialProgramRisk('kubectl', { named: call.namedKubeconfigs, inUse, workspaceRoots: req.ctx.workspaceRoots ?? [] }, call.env, call.cwd, req.signal).catch((e: unknown) => failureMessage(e, 'the kubeconfig', 'this cluster'));
    if (risk) return { resources: [], failures: [{ ...(first ? { target: first } : {}), message: risk }] };
    const context = call.context ?? (await currentContext('kubectl', call.where, call.env, call.cwd, req.signal));
    const namespace = call.namespace ?? (await contextNamespace('kubectl', call.where, call.env, call.cwd, req.signal));
    for (const name of call.releases) {
      const target = req.action.targets.find((t) => t.id.endsWith(`/helm-release/${name}`));
      const failed = (message: string) => out.failures.push({ ...(target ? { target: target.id } : {}), message });
      if (runTimeValue(name)) {
        failed('the release is named by a value known only at run time: not previewed');
        continue;
      }
      if (!RELEASE_NAME.test(name) || name.length > 53) {
        failed(`${escapeInvisible(name)} is not a valid Helm release name: helm uninstall would fail`);
        continue;
      }
      try {
        await previewRelease(call, name, namespace, context, target, out, req.signal);
      } catch (e) {
        if (e instanceof RunError && e.reason === 'missing') failed('the helm preview reads releases with kubectl, which is not installed or not on the PATH');
        else failed(failureMessage(e, `release ${name}`, context));
      }
    }
    return out;
  },
};

/** The uninstall command's words: releases, and how helm would reach the cluster. */
function readUninstall(action: Action, baseEnv: NodeJS.ProcessEnv): HelmCall | string {
  const words = commandWords(action.command);
  const at = words.findIndex((w) => path.basename(w) === 'helm');
  if (at < 0) return 'could not find helm in the command: not previewed';
  const leading = leadingAssignments(words, at, (name) => name === 'KUBECONFIG' || name.startsWith('HELM_'));
  if (typeof leading === 'string') return leading;
  const env: NodeJS.ProcessEnv = { ...baseEnv, ...leading };
  const read = readFlags(words.slice(at + 1), WITH_VALUE);
  for (const f of read.flags) if (f.value !== undefined && runTimeValue(f.value)) return `${f.name} ${escapeInvisible(f.value)} is known only at run time: not previewed`;
  const cwd = action.context.cwd;
  const connection: string[] = [];
  const where: string[] = [];
  const kubeconfig = lastValue(read.flags, '--kubeconfig');
  if (kubeconfig) {
    connection.push(`--kubeconfig=${path.resolve(cwd, kubeconfig)}`);
    where.push(`--kubeconfig=${path.resolve(cwd, kubeconfig)}`);
  }
  let context: string | undefined;
  for (const [flag, variable, kubectl] of AS_KUBECTL) {
    const value = lastValue(read.flags, flag) ?? (env[variable] || undefined);
    if (value === undefined) continue;
    connection.push(`${kubectl}=${value}`);
    if (kubectl === '--context') {
      context = value;
      where.push(`--context=${value}`);
    }
  }
  const groups = read.flags.filter((f) => f.name === '--kube-as-group').map((f) => f.value ?? '');
  for (const g of groups.length > 0 ? groups : (env.HELM_KUBEASGROUPS ?? '').split(',').filter(Boolean)) connection.push(`--as-group=${g}`);
  if (switchOn(read.flags, '--kube-insecure-skip-tls-verify') || /^(true|1)$/i.test(env.HELM_KUBEINSECURE_SKIP_TLS_VERIFY ?? '')) connection.push('--insecure-skip-tls-verify');
  const namespace = lastValue(read.flags, '-n', '--namespace') || env.HELM_NAMESPACE || undefined;
  const driver = (env.HELM_DRIVER ?? '').toLowerCase();
  // The first positional is the subcommand (uninstall, delete, del, un); the rest name releases.
  const releases = read.positionals.slice(1);
  if (releases.length === 0) return 'the command names no release: helm uninstall would refuse it';
  const namedKubeconfigs = [...(kubeconfig ? [path.resolve(cwd, kubeconfig)] : []), ...(leading.KUBECONFIG ?? '').split(':').filter(Boolean)];
  return {
    connection, where, context, namespace, releases, cwd, env, namedKubeconfigs,
    driver: driver === '' || driver === 'secret' || driver === 'secrets' ? 'secrets' : driver === 'configmap' || driver === 'configmaps' ? 'configmaps' : driver,
    hooks: !switchOn(read.flags, '--no-hooks'),
  };
}

async function previewRelease(call: HelmCall, name: string, namespace: string, context: string, target: Target | undefined, out: ResolverResult, signal: AbortSignal): Promise<void> {
  const failed = (message: string) => out.failures.push({ ...(target ? { target: target.id } : {}), message });
  const kubectl = (args: string[], input?: string) =>
    run('kubectl', ['get', ...args, ...call.connection, '-o', 'json'], { env: call.env, cwd: call.cwd, signal, input, label: `kubectl get ${args[0]}` });

  // The deployed revision's storage record, found by the labels helm gives it.
  const records = itemsOf((await kubectl([call.driver, '-l', `owner=helm,name=${name},status=deployed`, '-n', namespace])).stdout) as StorageRecord[];
  const latest = records.sort((a, b) => revisionOf(b) - revisionOf(a))[0];
  if (!latest) {
    failed(`no deployed release ${name} in namespace ${escapeInvisible(namespace)}`);
    return;
  }
  const value = latest.data?.release;
  const release = typeof value === 'string' ? decodeRelease(value, call.driver === 'secrets') : 'the storage record holds no release';
  if (typeof release === 'string') {
    failed(`could not read release ${name} in namespace ${escapeInvisible(namespace)}: ${release}`);
    return;
  }
  const releaseNs = release.namespace || namespace;
  const { objects, problems } = manifestObjects(release.manifest);
  for (const p of problems.slice(0, FACT_LIST)) failed(`release ${name}: ${escapeInvisible(p)}: uninstall deletes it too, not shown`);

  const live = await liveObjects(objects, releaseNs, kubectl);
  for (const f of live.failures) failed(f);
  const gone: ManifestObject[] = [];
  const kept: KubeItem[] = [];
  const deleted: ResolvedResource[] = [];
  for (const o of objects) {
    const from = target ? { from: target.id } : {};
    if (live.unread.has(o.namespace ?? releaseNs)) {
      // What the manifest names is still what uninstall deletes: listed, marked as not read.
      deleted.push({ ...manifestEntry(o, releaseNs, context), ...from });
      continue;
    }
    const item = live.items.find((i) => i.kind === o.kind && i.metadata?.name === o.name && (!o.namespace || !i.metadata?.namespace || i.metadata.namespace === o.namespace));
    if (!item) gone.push(o);
    // helm leaves objects annotated helm.sh/resource-policy=keep (read here from the live object).
    else if (item.metadata?.annotations?.[KEEP] === 'keep') kept.push(item);
    else deleted.push({ ...resourceOf(item, context), ...from });
  }

  out.resources.push({
    id: objectId(context, 'helm-release', releaseNs, name),
    change: 'destroy',
    kind: 'helm-release',
    name,
    facts: releaseFacts(release, deleted.length, kept, gone, call.hooks).map(escapeInvisible),
    ...(target ? { from: target.id } : {}),
    before: {
      chart: release.chart, chartVersion: release.chartVersion, appVersion: release.appVersion, revision: release.revision,
      status: release.status, namespace: releaseNs, objects: deleted.map((d) => `${d.kind}/${d.name}`),
    },
  });
  out.resources.push(...deleted);
}

interface StorageRecord {
  metadata?: { labels?: Record<string, string> };
  data?: Record<string, string>;
}

function revisionOf(r: StorageRecord): number {
  const v = Number(r.metadata?.labels?.version);
  return Number.isFinite(v) ? v : 0;
}

/** The manifest's objects as they are now: one `kubectl get` per namespace, absent ones left out. */
async function liveObjects(objects: ManifestObject[], releaseNs: string, kubectl: (args: string[]) => Promise<{ stdout: string }>): Promise<{ items: KubeItem[]; unread: Set<string>; failures: string[] }> {
  const byNs = new Map<string, ManifestObject[]>();
  for (const o of objects) byNs.set(o.namespace ?? releaseNs, [...(byNs.get(o.namespace ?? releaseNs) ?? []), o]);
  const out = { items: [] as KubeItem[], unread: new Set<string>(), failures: [] as string[] };
  for (const [ns, list] of byNs) {
    // `Kind.version.group/name` names exactly the manifest's type, also where two groups share a kind.
    const refs = list.map((o) => `${o.kind}${o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[1]}.${o.apiVersion.split('/')[0]}` : ''}/${o.name}`);
    try {
      out.items.push(...itemsOf((await kubectl([...refs, '-n', ns, '--ignore-not-found'])).stdout));
    } catch (e) {
      if (!(e instanceof RunError && e.reason === 'failed')) throw e;
      out.unread.add(ns);
      out.failures.push(`could not read the release's objects in namespace ${escapeInvisible(ns)}: ${said(e.stderr) || said(e.message)}`);
    }
  }
  return out;
}

function manifestEntry(o: ManifestObject, releaseNs: string, context: string): ResolvedResource {
  const kind = o.kind.toLowerCase();
  return { id: escapeInvisible(objectId(context, kind, o.namespace ?? releaseNs, o.name)), change: 'destroy', kind, name: o.name, facts: ['named in the release manifest; not read live'] };
}

function releaseFacts(r: HelmRelease, objects: number, kept: KubeItem[], gone: ManifestObject[], hooks: boolean): string[] {
  const facts: string[] = [];
  if (r.chart) facts.push(`chart ${r.chart}${r.chartVersion ? `-${r.chartVersion}` : ''}`);
  if (r.appVersion) facts.push(`app version ${r.appVersion}`);
  facts.push(`revision ${r.revision}, ${r.status}`);
  if (r.lastDeployed) facts.push(`deployed ${r.lastDeployed.slice(0, 10)} (${age(r.lastDeployed)})`);
  facts.push(`${objects} object${objects === 1 ? '' : 's'} deleted with it`);
  for (const k of kept.slice(0, FACT_LIST)) facts.push(`keeps ${k.kind?.toLowerCase()} ${k.metadata?.name} (${KEEP}: keep)`);
  if (gone.length > 0) facts.push(`${gone.length} object${gone.length === 1 ? '' : 's'} of the manifest no longer exist${gone.length === 1 ? 's' : ''}`);
  if (hooks) {
    const runs = r.hooks.filter((h) => h.events.some((e) => e === 'pre-delete' || e === 'post-delete'));
    for (const h of runs.slice(0, FACT_LIST)) facts.push(`runs the ${h.events.filter((e) => e.endsWith('-delete')).join('/')} hook ${h.kind} ${h.name}`);
    if (runs.length > FACT_LIST) facts.push(`… and ${runs.length - FACT_LIST} more delete hooks`);
  }
  return facts;
}
