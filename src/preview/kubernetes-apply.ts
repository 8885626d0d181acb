/**
 * Live preview for `kubectl apply` (and `oc apply`): runs the real `kubectl diff` with the same manifests
 * (-f, -k, -R, -l), namespace, cluster flags and apply mode (--server-side, --force-conflicts,
 * --field-manager). kubectl diff asks the API server for a dry run (`?dryRun=All`), which persists
 * nothing by API semantics; nothing but `diff` and `config current-context` runs.
 *
 * kubectl runs the diff program named by KUBECTL_EXTERNAL_DIFF; the preview always names its own — plain
 * `diff -N` with context large enough to carry whole files — so a person's GUI diff tool never starts and
 * the output is a unified diff to read: objects, their changed lines at YAML paths, and both states for
 * the side-by-side view. Secrets: which keys change, never a value.
 *
 * What cannot be replayed is said, not guessed: manifests on standard input or at a URL, values known
 * only at run time. Objects `--prune` would delete are not listed (a failure line says so).
 */
import * as path from 'node:path';
import type { Action, Target } from '../core';
import { normalizeKind } from '../core/rules/kubernetes';
import { escapeInvisible } from '../core/text';
import { commandWords } from './command-words';
import { CONNECTION_WITH_VALUE, credentialProgramRisk, currentContext, failureMessage, lastValue, leadingAssignments, objectId, readFlags, runTimeValue, said, switchOn, type Flag } from './kubectl-cli';
import { parseKubectlDiff, type Edit, type ObjectDiff } from './kubectl-diff';
import { run, RunError } from './run';
import type { ResolvedResource, Resolver, ResolverResult, ResolveRequest } from './types';

/** The diff program kubectl runs: whole files as context (kubectl accepts only `-x`, `--x=y` words here). */
export const PREVIEW_DIFF = 'diff -N --unified=1000000';

/** Options of apply that take the next word as their value. */
const WITH_VALUE = new Set([
  ...CONNECTION_WITH_VALUE, '-n', '--namespace', '-f', '--filename', '-k', '--kustomize', '-l', '--selector',
  '--field-manager', '-o', '--output', '--grace-period', '--timeout', '--cascade', '--template', '--prune-allowlist',
  '--prune-whitelist', '--applyset', '-v', '--v', '--cache-dir', '--log-file', '--vmodule', '--password', '--username',
  '--kuberc', '--profile', '--profile-output', '--log-flush-frequency', '--output-watch-events',
]);
/** Passed to `kubectl diff` as written: they choose the objects and how the server would merge them. */
const PASSED_WITH_VALUE = new Set([...CONNECTION_WITH_VALUE, '-n', '--namespace', '-l', '--selector', '--field-manager']);
const PASSED_SWITCHES = new Set(['-R', '--recursive', '--server-side', '--force-conflicts', '--insecure-skip-tls-verify']);
const MANIFESTS = new Set(['-f', '--filename', '-k', '--kustomize']);

/** Per object at most this many changed values are listed; the rest are counted. */
const FACTS_PER_OBJECT = 10;
const VALUE_CHARS = 120;
/** `|`, `>-`: a block scalar's opening, not part of its value. */
const BLOCK_INDICATOR = /^[|>][-+0-9]*$/;
/** Per side of the side-by-side view. */
const STATE_LINES = 400;

/** A Secret's fields whose values may be shown: everything else (data, stringData, unknown fields) is hidden. */
const SECRET_VISIBLE = /^(metadata\.(labels|annotations)\.|type$|immutable$)/;
/** Fields the server keeps, or that only echo the change: not shown as facts (they stay in the states). */
const SERVER_MANAGED = /^(metadata\.(generation|resourceVersion|uid|creationTimestamp|managedFields|selfLink)\b|metadata\.annotations\.(kubectl\.kubernetes\.io\/last-applied-configuration|deployment\.kubernetes\.io\/revision)$|status(\.|\[|$))/;

interface ApplyCall {
  tool: string;
  cwd: string;
  /** Everything `kubectl diff` gets, in order. */
  args: string[];
  /** Manifests as written, for messages. */
  manifests: string[];
  context?: string;
  kubeconfig?: string;
  env: Record<string, string>;
  prune: boolean;
  force: boolean;
}

export const kubectlApplyResolver: Resolver = {
  name: 'kubectl-apply',
  handles(action) {
    return (action.tool === 'kubectl' || action.tool === 'oc') && (action.rule === 'kubernetes.apply' || action.rule === 'kubernetes.apply-prune');
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const { action } = req;
    const subject = manifestTarget(action);
    const out: ResolverResult = { resources: [], failures: [] };
    const fail = (message: string): ResolverResult => ({ resources: [], failures: [...out.failures, { ...(subject ? { target: subject.id } : {}), message }] });
    const call = readApply(action);
    if (typeof call === 'string') return fail(call);
    if (call.prune) {
      out.failures.push({ ...(subject ? { target: subject.id } : {}), message: '--prune also deletes objects that are not in the manifests: those are not previewed, only what apply would create or change' });
    }
    if (call.force) {
      out.failures.push({ ...(subject ? { target: subject.id } : {}), message: '--force: an object that cannot be updated in place is deleted and created again; the preview shows it as an update' });
    }
    const env: NodeJS.ProcessEnv = { ...process.env, ...req.ctx.env, ...call.env, KUBECTL_EXTERNAL_DIFF: PREVIEW_DIFF, LC_ALL: 'C' };
    const named = [...(call.kubeconfig ? [call.kubeconfig] : []), ...(call.env.KUBECONFIG ?? '').split(':').filter(Boolean)];
    const inUse = [...named, ...(env.KUBECONFIG ?? '').split(':').filter(Boolean)];
    const risk = await credentialProgramRisk(call.tool, { named, inUse, workspaceRoots: req.ctx.workspaceRoots ?? [] }, env, call.cwd, req.signal).catch((e: unknown) => failureMessage(e, 'the kubeconfig', 'this cluster'));
    if (risk) return fail(risk);
    const where = [...(call.kubeconfig ? ['--kubeconfig', call.kubeconfig] : []), ...(call.context ? ['--context', call.context] : [])];
    const context = call.context ?? (await currentContext(call.tool, where, env, call.cwd, req.signal));
    let diff;
    try {
      // Exit 0: no differences; 1: differences; anything else: kubectl or diff failed.
      diff = await run(call.tool, ['diff', ...call.args], { env, cwd: call.cwd, signal: req.signal, okExitCodes: [1], maxBuffer: 16 * 1024 * 1024, label: `${call.tool} diff` });
    } catch (e) {
      if (e instanceof RunError && e.reason === 'failed') return fail(diffFailure(e, call, context));
      return fail(failureMessage(e, whatOf(call), context));
    }
    const parsed = parseKubectlDiff(diff.stdout);
    for (const problem of parsed.problems) out.failures.push({ ...(subject ? { target: subject.id } : {}), message: escapeInvisible(problem) });
    if (diff.code === 1 && parsed.objects.length === 0 && parsed.problems.length === 0) {
      // Older kubectl exits 1 on errors too.
      return fail(`kubectl diff reported differences in ${context} but printed none this preview could read${diff.stderr.trim() ? `: ${said(diff.stderr)}` : ''}`);
    }
    for (const o of parsed.objects) out.resources.push(resourceOfDiff(o, context, subject));
    // The manifest target stays in the preview when it names no open-ended set: say what became of it.
    if (subject && (!subject.many || out.resources.length === 0)) {
      out.resources.push({ id: subject.id, change: subject.change, kind: subject.kind, name: escapeInvisible(call.manifests.join(', ')), facts: [summary(parsed.objects)] });
    }
    return out;
  },
};

/** The analysis's "objects in manifests" target. */
function manifestTarget(action: Action): Target | undefined {
  return action.targets.find((t) => t.id.endsWith('/*/*') && t.change !== 'destroy') ?? action.targets[0];
}

/** The apply command's words turned into `kubectl diff` arguments, or why it cannot be replayed. */
function readApply(action: Action): ApplyCall | string {
  const words = commandWords(action.command);
  const at = words.findIndex((w) => ['kubectl', 'oc'].includes(path.basename(w)));
  if (at < 0) return `could not find ${action.tool} in the command: not previewed`;
  const read = readFlags(words.slice(at + 1), WITH_VALUE);
  // The kubectl on the PATH, never a program the command names by path (`./kubectl` may be the agent's own).
  const env = leadingAssignments(words, at, (name) => name === 'KUBECONFIG');
  if (typeof env === 'string') return env;
  const call: ApplyCall = { tool: path.basename(words[at]), cwd: action.context.cwd, args: [], manifests: [], env, prune: false, force: false };
  for (const f of read.flags) {
    if (f.value !== undefined && runTimeValue(f.value)) return `${f.name} ${escapeInvisible(f.value)} is known only at run time: not previewed`;
    if (MANIFESTS.has(f.name)) {
      const problem = manifestProblem(f);
      if (problem) return problem;
      call.manifests.push(f.value ?? '');
    }
    if (f.name === '--context') call.context = f.value;
    if (f.name === '--kubeconfig' && f.value) call.kubeconfig = path.resolve(call.cwd, f.value);
    if (f.name === '--prune') call.prune = switchOn(read.flags, '--prune');
    if (f.name === '--force') call.force = switchOn(read.flags, '--force');
    if (MANIFESTS.has(f.name) || PASSED_WITH_VALUE.has(f.name)) call.args.push(`${f.name}=${f.value ?? ''}`);
    else if (PASSED_SWITCHES.has(f.name)) call.args.push(f.written.join('='));
    // Anything else (--prune, --all, --wait, --overwrite, -o, --validate, --dry-run) only changes how apply runs or reports.
  }
  if (call.manifests.length === 0) return 'the command names no manifests (-f or -k): kubectl apply would refuse it';
  if (call.kubeconfig) call.args = call.args.map((a) => (a.startsWith('--kubeconfig=') ? `--kubeconfig=${call.kubeconfig}` : a));
  const dry = lastValue(read.flags, '--dry-run');
  if (read.flags.some((f) => f.name === '--dry-run') && dry !== 'none' && dry !== 'false') return 'apply --dry-run changes nothing: not previewed';
  return call;
}

function manifestProblem(f: Flag): string | undefined {
  const v = f.value ?? '';
  if (v === '') return `${f.name} names no file: kubectl apply would refuse it`;
  if (v === '-') return 'the manifests come from standard input, which cannot be read twice: not previewed (save them to a file and apply that)';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return `the manifests come from a URL (${escapeInvisible(v)}), which may answer differently when apply runs: not previewed (download them and apply the file)`;
  return undefined;
}

function diffFailure(e: RunError, call: ApplyCall, context: string): string {
  const told = failureMessage(e, whatOf(call), context);
  if (told.startsWith('could not reach') || told.startsWith('not allowed')) return told;
  return `kubectl diff failed (exit ${e.code ?? '?'}) in ${context}: ${said(e.stderr) || said(e.message)}`;
}

function whatOf(call: ApplyCall): string {
  return `what apply would change (${escapeInvisible(call.manifests.join(', '))})`;
}

/** One object of the diff as a preview entry: its changed values as facts, both states for the side-by-side view. */
function resourceOfDiff(o: ObjectDiff, context: string, subject: Target | undefined): ResolvedResource {
  const kind = normalizeKind(o.kind);
  const secret = o.group === '' && o.kind === 'Secret';
  const r: ResolvedResource = {
    id: escapeInvisible(objectId(context, kind, o.namespace, o.name)),
    change: o.change,
    kind,
    name: escapeInvisible(o.name),
    facts: o.change === 'create' ? ['does not exist yet: apply creates it'] : o.change === 'destroy' ? ['apply deletes it'] : changeFacts(o, secret),
    ...(subject ? { from: subject.id } : {}),
  };
  if (secret) {
    r.facts.push('secret values are not shown');
    return r;
  }
  if (o.before) r.before = bounded(o.before);
  if (o.after) r.after = bounded(o.after);
  return r;
}

/** `spec.replicas: 3 → 5`, `+ metadata.labels.tier: front`, `- data.old: x`, bounded; the last-applied echo and server fields left out. */
export function changeFacts(o: ObjectDiff, secret: boolean): string[] {
  const facts: string[] = [];
  for (const block of o.blocks) {
    const byPath = new Map<string, { old: Edit[]; new: Edit[] }>();
    const loose: Edit[] = [];
    for (const e of block) {
      if (e.path === undefined) {
        loose.push(e);
        continue;
      }
      if (SERVER_MANAGED.test(e.path)) continue;
      const entry = byPath.get(e.path) ?? { old: [], new: [] };
      (e.side === '-' ? entry.old : entry.new).push(e);
      byPath.set(e.path, entry);
    }
    const paths = [...byPath.keys()];
    for (const [p, { old, new: added }] of byPath) {
      // A key that only opens nested lines (`labels:`) is said by its children.
      const opener = [...old, ...added].every((e) => e.value === '') && paths.some((q) => q !== p && (q.startsWith(`${p}.`) || q.startsWith(`${p}[`)));
      if (opener) continue;
      const shown = (list: Edit[]) => (secret && !SECRET_VISIBLE.test(p) ? '(value not shown)' : clip(list.map((e) => e.value).filter((v) => v !== '' && !BLOCK_INDICATOR.test(v)).join(' ')));
      if (old.length > 0 && added.length > 0) facts.push(`${p}: ${shown(old)} → ${shown(added)}`);
      else if (added.length > 0) facts.push(`+ ${p}: ${shown(added)}`.replace(/: $/, ''));
      else facts.push(`- ${p}: ${shown(old)}`.replace(/: $/, ''));
    }
    // Without paths (a partial diff) the lines speak for themselves — except a secret's.
    for (const e of loose) facts.push(secret ? `${e.side} (a line of the secret, not shown)` : `${e.side} ${clip(e.text)}`);
  }
  if (facts.length === 0) return ['only fields the server manages would change'];
  const out = facts.slice(0, FACTS_PER_OBJECT).map(escapeInvisible);
  if (facts.length > FACTS_PER_OBJECT) out.push(`… and ${facts.length - FACTS_PER_OBJECT} more changes`);
  return out;
}

function clip(s: string): string {
  return s.length > VALUE_CHARS ? `${s.slice(0, VALUE_CHARS)}…` : s;
}

/** The side-by-side view escapes what it shows itself; here the states are only bounded. */
function bounded(lines: string[]): string[] {
  const kept = lines.slice(0, STATE_LINES);
  if (lines.length > STATE_LINES) kept.push(`… ${lines.length - STATE_LINES} more lines`);
  return kept;
}

function summary(objects: ObjectDiff[]): string {
  if (objects.length === 0) return 'apply would change nothing';
  const n = (change: ObjectDiff['change']) => objects.filter((o) => o.change === change).length;
  const parts = [
    n('change') && `change ${n('change')} object${n('change') === 1 ? '' : 's'}`,
    n('create') && `create ${n('create')}`,
    n('destroy') && `delete ${n('destroy')}`,
  ].filter(Boolean);
  return `apply would ${parts.join(', ')}; objects it leaves as they are are not listed`;
}
