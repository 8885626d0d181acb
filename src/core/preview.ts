/**
 * The preview a person sees before approving: every resource the command would touch, as a diff
 * (`-` destroyed, `~` changed, `+` created), with the facts needed to recognise it, where it runs,
 * and which protection matched. Built here from what the analysis knows; live resolvers (issue 5)
 * add facts read from the real resources. Pure data: the panel, the chat and the audit log all show it.
 */
import type { Analysis, Change, Target } from './model';
import { shortName, type Decision } from './policy/decide';

export interface PreviewEntry {
  change: Change;
  /** Canonical identifier (ARN, path, k8s://…). */
  id: string;
  /** What to call it: the resource's own name. */
  name: string;
  kind: string;
  /** Facts that help recognise it: `open-ended: every object under the prefix`, `name known at run time`. */
  facts: string[];
  /** The protection pattern that covers it, if any. */
  protectedBy?: string;
}

export interface Preview {
  /** `2 to destroy · 1 to change · account 123456789012 · us-east-1 · profile prod` */
  summary: string;
  entries: PreviewEntry[];
  /** Where it would run: one line per distinct context (`aws · account … · region … · profile …`). */
  where: string[];
  /** What the analysis could not see, and other warnings worth reading before approving. */
  warnings: string[];
}

const ORDER: Record<Change, number> = { destroy: 0, change: 1, create: 2, read: 3 };

export function buildPreview(analysis: Analysis, decision: Decision): Preview {
  const protectedBy = new Map<string, string>();
  for (const r of decision.reasons) if (r.target && r.pattern) protectedBy.set(r.target, r.pattern);

  const seen = new Map<string, PreviewEntry>();
  const where = new Set<string>();
  const warnings: string[] = [];
  for (const action of analysis.actions) {
    const c = action.context;
    const parts = [
      c.account && `account ${c.account}`,
      c.region && `region ${c.region}`,
      c.profile && `profile ${c.profile}`,
      c.where,
      c.endpoint && `endpoint ${c.endpoint}`,
    ].filter(Boolean);
    if (parts.length > 0) where.add(`${action.tool} · ${parts.join(' · ')}`);
    if (action.effect === 'unknown') warnings.push(`${action.tool} ${action.operation}: ${action.notes[0] ?? 'cannot tell what this would do'}`);
    if (action.effect === 'read') continue;
    if (action.effect !== 'unknown' && action.targets.length === 0 && !action.recoverable) {
      warnings.push(`${action.tool} ${action.operation} names no resource Blast Radius can show`);
    }
    for (const t of action.targets) {
      if (t.change === 'read') continue;
      const existing = seen.get(t.id);
      if (existing && ORDER[existing.change] <= ORDER[t.change]) continue;
      seen.set(t.id, entryFor(t, protectedBy.get(t.id)));
    }
  }
  const entries = [...seen.values()].sort((a, b) => ORDER[a.change] - ORDER[b.change] || a.id.localeCompare(b.id));
  const counts = (['destroy', 'change', 'create'] as const)
    .map((ch) => [ch, entries.filter((e) => e.change === ch).length] as const)
    .filter(([, n]) => n > 0)
    .map(([ch, n]) => `${n} to ${ch}`);
  const summary = [...(counts.length > 0 ? counts : ['nothing to change that Blast Radius can name']), ...[...where].slice(0, 1).map((w) => w.replace(/^[^·]+· /, ''))].join(' · ');
  return { summary, entries, where: [...where], warnings };
}

function entryFor(t: Target, pattern: string | undefined): PreviewEntry {
  const facts: string[] = [];
  if (t.many) facts.push('open-ended: everything under it');
  if (t.unresolved?.length) facts.push(`known only at run time: ${t.unresolved.join(', ')}`);
  return { change: t.change, id: t.id, name: shortName(t), kind: t.kind, facts, ...(pattern ? { protectedBy: pattern } : {}) };
}
