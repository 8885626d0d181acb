/**
 * What the kubectl and helm previews share: reading a command's flags the way kubectl's flag library
 * does, the context a command would use, turning an object read with `kubectl get -o json` into a
 * preview entry, and failure messages a person can act on. Only read-only programs run from here.
 */
import * as path from 'node:path';
import { escapeInvisible } from '../core/text';
import { normalizeKind } from '../core/rules/kubernetes';
import { firstLine, run, RunError } from './run';
import type { ResolvedResource } from './types';

/** Options that say which cluster and as whom, with the value kubectl reads for them. */
export const CONNECTION_WITH_VALUE = new Set([
  '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--as-uid',
  '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--request-timeout',
]);

/** One option as written: `--name`, `-n`, with its value when it has one. */
export interface Flag {
  name: string;
  value?: string;
  /** The word(s) as written, to pass on unchanged. */
  written: string[];
}

export interface ReadFlags {
  flags: Flag[];
  positionals: string[];
}

/**
 * Flags the way kubectl's and helm's flag library reads them: `--name value`, `--name=value`, `-n value`,
 * `-nvalue`, `-n=value`, bundled switches (`-Rf x`), and `--` ending the options. `withValue` names every
 * option that takes the next word; any other option is a switch (`--server-side`, `--prune=false`).
 */
export function readFlags(words: readonly string[], withValue: ReadonlySet<string>): ReadFlags {
  const out: ReadFlags = { flags: [], positionals: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      out.positionals.push(...words.slice(i + 1));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      out.positionals.push(w);
      continue;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(0, eq) : w;
      if (eq > 0) out.flags.push({ name, value: w.slice(eq + 1), written: [w] });
      else if (withValue.has(name)) out.flags.push({ name, value: words[i + 1] ?? '', written: [w, words[++i] ?? ''] });
      else out.flags.push({ name, written: [w] });
      continue;
    }
    // Short options: switches may be bundled; the first that takes a value takes the rest of the word or the next one.
    for (let j = 1; j < w.length; j++) {
      const name = `-${w[j]}`;
      const rest = w.slice(j + 1);
      if (rest.startsWith('=')) {
        out.flags.push({ name, value: rest.slice(1), written: [`${name}=${rest.slice(1)}`] });
        break;
      }
      if (withValue.has(name)) {
        const value = rest !== '' ? rest : (words[++i] ?? '');
        out.flags.push({ name, value, written: [name, value] });
        break;
      }
      out.flags.push({ name, written: [name] });
    }
  }
  return out;
}

/** The last value given for any of the names, as kubectl takes it. */
export function lastValue(flags: readonly Flag[], ...names: string[]): string | undefined {
  return flags.filter((f) => names.includes(f.name)).pop()?.value;
}

/** A switch that is on: present without a value, or with a true one. */
export function switchOn(flags: readonly Flag[], ...names: string[]): boolean {
  const f = flags.filter((x) => names.includes(x.name)).pop();
  return !!f && (f.value === undefined || /^(true|1|t)$/i.test(f.value));
}

/**
 * The `NAME=value` words before the program that `keep` accepts (KUBECONFIG, HELM_*): the environment the
 * shell would give it. Others are ignored — PATH or LD_PRELOAD there must never steer what the preview
 * runs. A kept value known only at run time is returned as the reason not to preview.
 */
export function leadingAssignments(words: readonly string[], at: number, keep: (name: string) => boolean): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const w of words.slice(0, Math.max(at, 0))) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
    if (!m || !keep(m[1])) continue;
    if (runTimeValue(m[2])) return `${m[1]} is set to a value known only at run time: not previewed`;
    env[m[1]] = m[2];
  }
  return env;
}

/** A value only known when the command runs: `$NAME`, `$(…)`, backticks. */
export function runTimeValue(word: string): boolean {
  return /[$`]/.test(word);
}

/**
 * A kubeconfig the command names itself (--kubeconfig, KUBECONFIG=… before the program) or one inside a
 * workspace folder may have been written by the agent, and kubectl runs a kubeconfig's credential program
 * (`exec`, `auth-provider`) as soon as it connects: the preview would run the agent's program before
 * anyone approved. Such files are read with `config view`, which runs nothing, and refused if they name one.
 */
export async function credentialProgramRisk(tool: string, files: { named: string[]; inUse: string[]; workspaceRoots: readonly string[] }, env: NodeJS.ProcessEnv, cwd: string, signal: AbortSignal): Promise<string | undefined> {
  const inside = (f: string) => files.workspaceRoots.some((root) => f === root || f.startsWith(`${root.replace(/\/+$/, '')}/`));
  const suspect = [...new Set([...files.named, ...files.inUse.filter(inside)].map((f) => path.resolve(cwd, f)))];
  for (const file of suspect) {
    let doc: { users?: Array<{ user?: { exec?: { command?: string }; 'auth-provider'?: { name?: string } } }> };
    try {
      const got = await run(tool, ['config', 'view', `--kubeconfig=${file}`, '-o', 'json'], { env, cwd, signal, label: `${tool} config view` });
      doc = JSON.parse(got.stdout) as typeof doc;
    } catch (e) {
      if (e instanceof RunError && e.reason === 'stopped') throw e;
      continue; // unreadable: kubectl cannot connect with it either, and says so in its own failure
    }
    for (const u of doc.users ?? []) {
      const program = u.user?.exec?.command ?? (u.user?.['auth-provider'] ? `auth-provider ${u.user['auth-provider'].name ?? ''}`.trim() : undefined);
      if (program !== undefined) {
        return `the kubeconfig ${escapeInvisible(file)} runs a credential program (${escapeInvisible(program)}) when kubectl connects; it was named by the command or lies in the workspace, so the preview does not run it before you approve`;
      }
    }
  }
  return undefined;
}

/** The context kubectl would use when the command names none (the kubeconfig's current-context). */
export async function currentContext(tool: string, where: string[], env: NodeJS.ProcessEnv, cwd: string | undefined, signal: AbortSignal): Promise<string> {
  try {
    return (await run(tool, ['config', 'current-context', ...where], { env, cwd, signal, label: `${tool} config current-context` })).stdout.trim() || 'current';
  } catch {
    // The command that follows fails with a clearer message (no kubeconfig, no context).
    return 'current';
  }
}

/** The namespace of the context in use (`default` when it names none). */
export async function contextNamespace(tool: string, where: string[], env: NodeJS.ProcessEnv, cwd: string | undefined, signal: AbortSignal): Promise<string> {
  try {
    const got = await run(tool, ['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}', ...where], { env, cwd, signal, label: `${tool} config view` });
    return got.stdout.trim() || 'default';
  } catch {
    return 'default';
  }
}

export interface KubeItem {
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string }>;
  };
  spec?: { replicas?: number };
  status?: { replicas?: number; readyReplicas?: number; phase?: string };
}

/** The objects of `kubectl get -o json` output: a List's items, or the one object. */
export function itemsOf(json: string): KubeItem[] {
  if (json.trim() === '') return [];
  const doc = JSON.parse(json) as KubeItem & { items?: KubeItem[] };
  return Array.isArray(doc.items) ? doc.items : [doc];
}

/** `k8s://<context>/<namespace>/<kind>/<name>` as the analysis writes it: `-` for cluster-scoped kinds, a namespace's own name for itself. */
export function objectId(context: string, kind: string, namespace: string | undefined, name: string): string {
  const ns = kind === 'namespace' ? name : namespace || '-';
  return `k8s://${context}/${ns}/${kind}/${name}`;
}

/** A live object as a preview entry that goes (`destroy`): age, owner, readiness, a few labels. Secrets: name and age only. */
export function resourceOf(item: KubeItem, context: string): ResolvedResource {
  const kind = normalizeKind(item.kind ?? 'unknown');
  const m = item.metadata ?? {};
  const name = m.name ?? '?';
  const facts: string[] = [];
  if (m.creationTimestamp) facts.push(`created ${m.creationTimestamp.slice(0, 10)} (${age(m.creationTimestamp)})`);
  const owner = m.ownerReferences?.[0];
  if (owner?.kind) facts.push(`owned by ${owner.kind} ${owner.name ?? ''}`.trim());
  if (['deployment', 'statefulset', 'replicaset'].includes(kind)) {
    const want = item.spec?.replicas ?? item.status?.replicas ?? 0;
    facts.push(`${item.status?.readyReplicas ?? 0}/${want} ready`);
  }
  if (kind === 'pod' && item.status?.phase) facts.push(item.status.phase);
  // Secrets: the name and age only, nothing read from them reaches the preview.
  if (kind !== 'secret') for (const [k, v] of Object.entries(m.labels ?? {}).slice(0, 3)) facts.push(`label ${k}=${v}`);
  return { id: objectId(context, kind, m.namespace, name), change: 'destroy', kind, name, facts: facts.map(escapeInvisible) };
}

export function age(timestamp: string): string {
  const days = Math.floor((Date.now() - Date.parse(timestamp)) / 86_400_000);
  if (!Number.isFinite(days)) return 'age unknown';
  return days < 1 ? 'less than a day old' : `${days} day${days === 1 ? '' : 's'} old`;
}

/** What kubectl said on failure, bounded and with invisible characters shown as escapes. */
export function said(text: string, limit = 300): string {
  const line = escapeInvisible(firstLine(text));
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

/** A failed kubectl run as a line a person can act on: unreachable, not allowed, or what kubectl said. */
export function failureMessage(e: unknown, what: string, context: string): string {
  if (!(e instanceof RunError)) return `could not read ${what} in ${context}: ${said(e instanceof Error ? e.message : String(e))}`;
  if (e.reason !== 'failed') return said(e.message);
  const told = said(e.stderr) || said(e.message);
  if (/Unable to connect to the server|connection to the server .* was refused|dial tcp|no such host|i\/o timeout|connection refused/i.test(e.stderr)) {
    return `could not reach the cluster ${context}: ${told}`;
  }
  if (/\(Forbidden\)|forbidden/.test(e.stderr)) return `not allowed to read ${what} in ${context}: ${told}`;
  return `could not read ${what} in ${context}: ${told}`;
}
