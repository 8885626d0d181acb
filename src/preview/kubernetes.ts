/**
 * Live preview for `kubectl delete` (and `oc delete`): runs `kubectl get` with the same resources,
 * selectors, namespaces and cluster flags, `-o json`, and lists every object that would go. Deleting a
 * namespace lists the common kinds inside it (pods, deployments, services, configmaps, secrets) with
 * totals. Read-only: only `get` and `config` reads run. Secrets are named, never their data.
 * `kubectl apply` and `helm uninstall` have their own resolvers (kubernetes-apply.ts, helm.ts).
 *
 * Resource ids follow the analysis: `k8s://<context>/<namespace>/<kind>/<name>`, `-` as the namespace of
 * cluster-scoped kinds and the namespace's own name for a namespace, with the real context name.
 */
import * as path from 'node:path';
import type { Action, Target } from '../core';
import { commandWords } from './command-words';
import { CONNECTION_WITH_VALUE, credentialProgramRisk, currentContext, failureMessage, itemsOf, leadingAssignments, resourceOf, type KubeItem } from './kubectl-cli';
import { run } from './run';
import type { ResolvedResource, Resolver, ResolverResult, ResolveRequest } from './types';

const SELECTION_WITH_VALUE = new Set(['-n', '--namespace', '-l', '--selector', '--field-selector']);
const SELECTION_SWITCHES = new Set(['-A', '--all-namespaces']);
/** delete's own options that take a value; dropped with it. */
const DROPPED_WITH_VALUE = new Set([
  '--grace-period', '--timeout', '--cascade', '-o', '--output', '--dry-run', '--raw', '-v', '--v', '--cache-dir',
  '--log-file', '--vmodule', '--password', '--username', '--kuberc', '--profile-output', '--field-manager',
]);
const MANIFEST_OPTIONS = new Set(['-f', '--filename', '-k', '--kustomize']);

/** Kinds listed when a namespace goes; everything else in it goes too, uncounted. */
const NAMESPACE_KINDS = 'pods,deployments.apps,services,configmaps,secrets';

/** What the delete command line asks kubectl about. */
interface DeleteCall {
  tool: string;
  /** Which cluster, as whom: for every `get`. */
  connection: string[];
  /** Namespace and selectors: for the `get` of the objects the delete names, not of a namespace's content. */
  selection: string[];
  /** Resource words as written (`pod web`, `deploy/web`). */
  resources: string[];
  context?: string;
  kubeconfig?: string;
  manifests: boolean;
}

export const kubernetesResolver: Resolver = {
  name: 'kubernetes',
  handles(action) {
    return (action.tool === 'kubectl' || action.tool === 'oc') && action.rule === 'kubernetes.delete';
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const out: ResolverResult = { resources: [], failures: [], totals: {} };
    const call = parseDelete(req.action);
    const first = req.action.targets[0]?.id;
    if (call.manifests) {
      out.failures.push({ target: first, message: 'objects named in manifest files (-f, -k) are not previewed: read the files to see what goes' });
      return out;
    }
    if (call.resources.length === 0) {
      out.failures.push({ target: first, message: 'the command names no resources: kubectl delete would refuse it' });
      return out;
    }
    if ([...call.resources, ...call.selection, ...call.connection].some((w) => /[$`]/.test(w))) {
      out.failures.push({ target: first, message: 'the command names its objects with values known only at run time ($…): not previewed' });
      return out;
    }
    const leading = leadingAssignments(commandWords(req.action.command), toolIndex(req.action), (name) => name === 'KUBECONFIG');
    if (typeof leading === 'string') {
      out.failures.push({ target: first, message: leading });
      return out;
    }
    const env = { ...process.env, ...req.ctx.env, ...leading };
    const namedConfigs = [...(call.kubeconfig ? [call.kubeconfig] : []), ...(leading.KUBECONFIG ?? '').split(':').filter(Boolean)];
    const cwd = req.action.context.cwd;
    const inUse = [...namedConfigs, ...(env.KUBECONFIG ?? '').split(':').filter(Boolean)];
    const risk = await credentialProgramRisk(call.tool, { named: namedConfigs, inUse, workspaceRoots: req.ctx.workspaceRoots ?? [] }, env, cwd, req.signal).catch((e: unknown) => failureMessage(e, 'the kubeconfig', 'this cluster'));
    if (risk) {
      out.failures.push({ target: first, message: risk });
      return out;
    }
    // `get` first: kubectl takes some flags (-A) only after the subcommand.
    const kube = (args: string[], label: string) =>
      run(call.tool, ['get', ...args, ...call.connection, '-o', 'json'], { env, cwd, signal: req.signal, label });
    const context = call.context ?? (await currentContext(call.tool, call.kubeconfig ? ['--kubeconfig', call.kubeconfig] : [], env, cwd, req.signal));
    const fail = (target: string | undefined, what: string, e: unknown) => out.failures.push({ target, message: failureMessage(e, what, context) });

    let items: KubeItem[];
    try {
      const got = await kube([...call.resources, ...call.selection, '--ignore-not-found'], `kubectl get ${call.resources.join(' ')}`);
      items = itemsOf(got.stdout);
    } catch (e) {
      fail(first, call.resources.join(' '), e);
      return out;
    }
    const named = namedTargets(req.action.targets);
    for (const item of items) {
      const r = resourceOf(item, context);
      const from = fromTarget(req.action.targets, r);
      out.resources.push(from ? { ...r, from } : r);
    }
    for (const t of named) {
      if (!out.resources.some((r) => sameObject(r.id, t))) out.failures.push({ target: t.id, message: `${t.kind} ${t.name} was not found in ${context}: kubectl delete would fail for it` });
    }
    for (const t of req.action.targets) {
      if (t.many && !t.id.endsWith('/*/*')) out.totals![t.id] = out.resources.filter((r) => r.from === t.id).length;
    }

    // A namespace takes everything in it with it.
    for (const ns of items.filter((i) => i.kind === 'Namespace')) {
      const name = ns.metadata?.name ?? '';
      // The analysis's "everything in namespace X" target; for `delete ns -l …`, its "everything in *".
      const content = req.action.targets.find((t) => t.id.endsWith(`/${name}/*/*`))?.id
        ?? req.action.targets.find((t) => t.id.endsWith('/*/*/*'))?.id
        ?? `k8s://${context}/${name}/*/*`;
      try {
        const got = await kube([NAMESPACE_KINDS, '--namespace', name], `kubectl get ${NAMESPACE_KINDS} -n ${name}`);
        const inside = itemsOf(got.stdout).map((i) => ({ ...resourceOf(i, context), from: content }));
        out.resources.push(...inside);
        out.totals![content] = (out.totals![content] ?? 0) + inside.length;
      } catch (e) {
        fail(content, `the objects in namespace ${name}`, e);
      }
    }
    return out;
  },
};

function toolIndex(action: Action): number {
  return commandWords(action.command).findIndex((w) => ['kubectl', 'oc'].includes(path.basename(w)));
}

/** Reads the delete's words back from the command line, keeping what `get` needs. */
function parseDelete(action: Action): DeleteCall {
  const words = commandWords(action.command);
  const at = toolIndex(action);
  // The kubectl on the PATH, never a program the command names by path (`./kubectl` may be the agent's own).
  const call: DeleteCall = { tool: at >= 0 ? path.basename(words[at]) : action.tool, connection: [], selection: [], resources: [], manifests: false };
  let seenDelete = false;
  const rest = words.slice(at + 1);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w === '--') break;
    if (!w.startsWith('-') || w === '-') {
      if (seenDelete) call.resources.push(w);
      else if (w === 'delete') seenDelete = true;
      continue;
    }
    const eq = w.indexOf('=');
    const name = eq > 0 ? w.slice(0, eq) : w;
    let value: string | undefined = eq > 0 ? w.slice(eq + 1) : undefined;
    if (CONNECTION_WITH_VALUE.has(name) || SELECTION_WITH_VALUE.has(name) || DROPPED_WITH_VALUE.has(name) || MANIFEST_OPTIONS.has(name)) {
      if (value === undefined) value = rest[++i] ?? '';
    }
    if (MANIFEST_OPTIONS.has(name)) call.manifests = true;
    if (name === '--context') call.context = value;
    if (name === '--kubeconfig' && value !== undefined) {
      value = path.resolve(action.context.cwd, value);
      call.kubeconfig = value;
    }
    if (CONNECTION_WITH_VALUE.has(name)) call.connection.push(name, value ?? '');
    else if (SELECTION_WITH_VALUE.has(name)) call.selection.push(name, value ?? '');
    else if (SELECTION_SWITCHES.has(name)) call.selection.push(name);
    else if (name === '--insecure-skip-tls-verify') call.connection.push(w);
    // Anything else (--all, --force, --now, --wait, -i) only changes how delete behaves.
  }
  return call;
}

interface Ref { id: string; namespace: string; kind: string; name: string }

function refOf(id: string): Ref | undefined {
  const m = /^k8s:\/\/[^/]*\/([^/]*)\/([^/]*)\/(.*)$/.exec(id);
  return m ? { id, namespace: m[1], kind: m[2], name: m[3] } : undefined;
}

/** Analysed targets that name one object, each of which should come back from `get`. */
function namedTargets(targets: Target[]): Ref[] {
  return targets.filter((t) => !t.many && !t.unresolved?.includes('name')).map((t) => refOf(t.id)).filter((r): r is Ref => !!r && r.name !== '*' && r.kind !== '*');
}

function sameObject(readId: string, t: Ref): boolean {
  const r = refOf(readId);
  return !!r && r.kind === t.kind && r.name === t.name;
}

/** The analysed target a read object answers; undefined when it is that target exactly. */
function fromTarget(targets: Target[], r: ResolvedResource): string | undefined {
  const read = refOf(r.id);
  if (!read) return undefined;
  const hit = targets.map((t) => refOf(t.id)).find((t) => t && t.name !== '*' && t.kind === read.kind && t.name === read.name)
    ?? targets.map((t) => refOf(t.id)).find((t) => t && t.name === '*' && (t.kind === read.kind || t.kind === '*'));
  return hit && hit.id !== r.id ? hit.id : undefined;
}
