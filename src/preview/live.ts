/**
 * Runs the live resolvers for an analysis, each bounded by the time limit, and folds what they read
 * back into the analysis (so protection and bulk are judged on the real resources: a stack holding a
 * protected bucket is protected, 300 objects under one prefix are bulk) and into the preview.
 */
import type { Action, Analysis, AnalysisContext, Decision, Target } from '../core';
import { buildPreview, type Preview, type PreviewEntry } from '../core/preview';
import { raceSignal } from './signal';
import type { Identity, ResolvedResource, Resolver, ResolverFailure } from './types';

export interface Resolution {
  /** Resources read live, per action index. */
  byAction: Map<number, ResolvedResource[]>;
  failures: ResolverFailure[];
  identities: Identity[];
  totals: Record<string, number>;
  durationMs: number;
}

export interface ResolveOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  now?: () => number;
}

/** Which actions deserve a live look: the ones that change something a person may not be able to get back. */
function worthResolving(a: Action): boolean {
  return (a.effect === 'write' || a.effect === 'destroy') && !a.recoverable;
}

export async function resolveAnalysis(analysis: Analysis, ctx: AnalysisContext, resolvers: readonly Resolver[], opts: ResolveOptions): Promise<Resolution> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const resolution: Resolution = { byAction: new Map(), failures: [], identities: [], totals: {}, durationMs: 0 };
  // A ref'd timer (AbortSignal.timeout's is not): a short-lived CLI must wait for the limit, not exit early.
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(new Error('time limit')), opts.timeoutMs);
  const timeout = limit.signal;
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    await Promise.all(
      analysis.actions.map(async (action, index) => {
        if (!worthResolving(action)) return;
        const resolver = resolvers.find((r) => safeHandles(r, action));
        if (!resolver) return;
        try {
          const result = await raceSignal(resolver.resolve({ action, ctx: { ...ctx, cwd: action.context.cwd }, signal }), signal);
          resolution.byAction.set(index, result.resources);
          resolution.failures.push(...result.failures);
          if (result.identity) resolution.identities.push(result.identity);
          Object.assign(resolution.totals, result.totals ?? {});
        } catch (e) {
          const what = action.targets[0]?.id ?? `${action.tool} ${action.operation}`;
          const message = timeout.aborted
            ? `could not read ${what} in time: the live preview stops after ${Math.round(opts.timeoutMs / 1000)} s`
            : `could not read ${what}: ${e instanceof Error ? e.message : String(e)}`;
          resolution.failures.push({ target: action.targets[0]?.id, message: message.slice(0, 500) });
        }
      }),
    );
  } finally {
    clearTimeout(timer);
  }
  resolution.durationMs = now() - started;
  return resolution;
}

/**
 * Two names for one resource: equal but for what the analysis could only write as a placeholder —
 * an ARN's account or region `*`, a stack id `*`, a kubectl context `current`.
 */
export function sameResource(analysed: string, read: string): boolean {
  if (analysed === read) return true;
  if (analysed.startsWith('k8s://') && read.startsWith('k8s://')) {
    // The analysis writes `current` for the kubeconfig's context and `default` for an unnamed namespace.
    const a = analysed.slice(6).split('/');
    const b = read.slice(6).split('/');
    return a.length === b.length && a.every((part, i) => part === b[i] || (i === 0 && part === 'current') || (i === 1 && part === 'default'));
  }
  const a = analysed.split(':');
  const b = read.split(':');
  if (a.length !== b.length || a[0] !== 'arn') return false;
  return a.every((part, i) => part === b[i] || ((i === 3 || i === 4) && part === '*') || (i === a.length - 1 && part.includes('*') && globPart(part).test(b[i])));
}

/** `stack/demo/*` stands for `stack/demo/<stack id>`: a trailing wildcard the analysis wrote for what only AWS knows. */
function globPart(part: string): RegExp {
  return new RegExp('^' + part.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[^:]*') + '$');
}

function safeHandles(r: Resolver, a: Action): boolean {
  try {
    return r.handles(a);
  } catch {
    return false;
  }
}

/** The analysis with what was read live added as targets, so the policy judges the real resources. */
export function augment(analysis: Analysis, resolution: Resolution): Analysis {
  const { sampled, listed } = listings(resolution);
  return {
    ...analysis,
    actions: analysis.actions.map((action, index) => {
      const resolved = resolution.byAction.get(index);
      if (!resolved && Object.keys(resolution.totals).length === 0) return action;
      // The resolver may have named a target more exactly (the account read from STS in place of `*`).
      const exact = new Map((resolved ?? []).filter((r) => r.from !== undefined && sameResource(r.from, r.id)).map((r) => [r.from!, r.id]));
      // An open-ended target whose members were all read (a plan's resources, a folder's files) is
      // replaced by them: counting both would double the bulk count.
      const kept = action.targets.filter((t) => !(t.many && listed.has(t.id)));
      const targets: Target[] = kept.map((t) => {
        const id = exact.get(t.id) ?? t.id;
        // A count stands for members not listed one by one; listed members are targets of their own.
        const count = listed.has(t.id) ? undefined : (resolution.totals[t.id] ?? resolution.totals[id]);
        // A renamed target was named exactly by the resolver: what it read (account, kube context) is known now.
        const rest = t.unresolved?.filter((u) => u !== 'account' && u !== 'context');
        const named: Target = id === t.id ? t : { ...t, id, unresolved: rest && rest.length > 0 ? rest : undefined };
        if (named.unresolved === undefined) delete named.unresolved;
        return count !== undefined ? { ...named, count } : named;
      });
      const known = new Set(targets.map((t) => t.id));
      for (const r of resolved ?? []) {
        // A sample of a counted set (20 of 1,000 objects) is already in the count: not a target of its own.
        if (known.has(r.id) || (r.from !== undefined && sampled.has(r.from))) continue;
        known.add(r.id);
        targets.push({ id: r.id, change: r.change, kind: r.kind, ...(resolution.totals[r.id] !== undefined ? { count: resolution.totals[r.id] } : {}) });
      }
      const account = action.context.account ?? resolution.identities.find((i) => i.account)?.account;
      return { ...action, targets, context: account && action.tool === 'aws' ? { ...action.context, account } : action.context };
    }),
  };
}

/**
 * For each target that resources were read under: `sampled` when fewer were listed than its total
 * (20 keys of 1,000 objects), `listed` when every member was (a stack's resources, a plan's changes).
 */
function listings(resolution: Resolution): { sampled: Set<string>; listed: Set<string> } {
  const members = new Map<string, number>();
  for (const list of resolution.byAction.values()) {
    for (const r of list) if (r.from !== undefined && !sameResource(r.from, r.id)) members.set(r.from, (members.get(r.from) ?? 0) + 1);
  }
  const sampled = new Set<string>();
  const listed = new Set<string>();
  for (const [from, n] of members) {
    const total = resolution.totals[from];
    if (total !== undefined && n < total) sampled.add(from);
    else listed.add(from);
  }
  return { sampled, listed };
}

/** The preview with names, facts, the identity line and failure lines from the live resolution. */
export function livePreview(analysis: Analysis, decision: Decision, resolution: Resolution): Preview {
  const base = buildPreview(analysis, decision);
  const { sampled, listed } = listings(resolution);
  const byId = new Map<string, ResolvedResource>();
  for (const list of resolution.byAction.values()) for (const r of list) byId.set(r.id, r);
  const handled = new Set(resolution.byAction.keys());
  const entries: PreviewEntry[] = base.entries.map((e) => {
    const r = byId.get(e.id);
    const total = listed.has(e.id) ? undefined : resolution.totals[e.id];
    const facts = [...(r?.facts ?? []), ...(total !== undefined ? [`${total.toLocaleString('en-US')} in all`] : []), ...e.facts];
    if (!r && total === undefined && handled.size > 0) facts.push('not read live');
    return { ...e, name: r?.name || e.name, kind: r?.kind || e.kind, facts: [...new Set(facts)] };
  });
  // Samples of counted sets are shown under their set, not counted again.
  for (const list of resolution.byAction.values()) {
    for (const r of list) {
      if (r.from === undefined || !sampled.has(r.from) || entries.some((e) => e.id === r.id)) continue;
      entries.push({ change: r.change, id: r.id, name: r.name, kind: r.kind, facts: [...r.facts, `one of the ${resolution.totals[r.from].toLocaleString('en-US')} under ${r.from}`] });
    }
  }
  const identities = resolution.identities.map((i) => ['aws', i.account && `account ${i.account}`, i.arn && `as ${i.arn}`, i.region && `region ${i.region}`, i.profile && `profile ${i.profile}`].filter(Boolean).join(' · '));
  // The identity read live replaces the command's own guess at where AWS calls would go.
  const where = [...new Set([...identities, ...base.where.filter((w) => identities.length === 0 || !w.startsWith('aws ·'))])];
  const warnings = [...resolution.failures.map((f) => f.message), ...base.warnings];
  const summary = identities.length > 0 ? base.summary.replace(/( · .*)?$/, ` · ${identities[0].replace(/^aws · /, '')}`) : base.summary;
  return { summary, entries, where, warnings };
}
