/** How the CLI shows an analysis and decision to a person in a terminal. */
import type { Action, Analysis, Decision, Target } from '../core';
import { escapeInvisible } from '../core/text';
import type { Preview } from '../core/preview';

const MARK: Record<Target['change'], string> = { destroy: '-', change: '~', create: '+', read: ' ' };

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const plain: Style = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };
export const ansi: Style = {
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
  green: (s) => `\x1b[32m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
};

/**
 * Command text comes from agents: its control characters could repaint the terminal (hide a line, fake
 * a verdict). Show every one of them as a visible escape.
 */
export function inert(s: string): string {
  return escapeInvisible(s);
}

export function formatDecision(analysis: Analysis, decision: Decision, style: Style): string {
  const lines: string[] = [];
  const verdict = decision.verdict.toUpperCase();
  const colour = decision.verdict === 'allow' ? style.green : decision.verdict === 'ask' ? style.yellow : style.red;
  let head = colour(style.bold(verdict));
  if (decision.verdict === 'ask') {
    head += decision.confirmation === 'type' ? ` — type "${inert(decision.typeToConfirm ?? '')}" to approve` : ' — a click to approve';
  }
  lines.push(head);
  analysis.actions.forEach((a, i) => lines.push(...formatAction(a, i, style)));
  if (decision.reasons.length > 0) {
    lines.push(style.dim('reasons:'));
    for (const r of decision.reasons) {
      const c = r.verdict === 'deny' ? style.red : r.verdict === 'ask' ? style.yellow : style.dim;
      lines.push(`  ${c(r.verdict)} ${style.dim(r.rule)}  ${inert(r.message)}`);
    }
  }
  return lines.join('\n');
}

function formatAction(a: Action, i: number, style: Style): string[] {
  const effectColour = a.effect === 'destroy' ? style.red : a.effect === 'write' ? style.yellow : a.effect === 'unknown' ? style.yellow : style.dim;
  const out = [`${style.dim(`[${i + 1}]`)} ${style.bold(inert(`${a.tool} ${a.operation}`))}  ${effectColour(a.effect)}${a.recoverable && a.effect !== 'read' ? style.dim(' (recoverable)') : ''}`];
  for (const t of a.targets) {
    const line = `    ${MARK[t.change]} ${inert(t.id)}  ${style.dim(`(${inert(t.kind)}${t.many ? ', open-ended' : ''}${t.unresolved ? `, known at run time: ${t.unresolved.join(', ')}` : ''})`)}`;
    out.push(t.change === 'destroy' ? style.red(line) : t.change === 'create' ? style.green(line) : t.change === 'change' ? style.yellow(line) : line);
  }
  const where = [
    a.context.account && `account ${a.context.account}`,
    a.context.region && `region ${a.context.region}`,
    a.context.profile && `profile ${a.context.profile}`,
    a.context.where,
    a.context.endpoint && `endpoint ${a.context.endpoint}`,
  ].filter(Boolean);
  if (where.length > 0) out.push(`    ${style.dim(inert(where.join(' · ')))}`);
  for (const n of a.notes) out.push(`    ${style.dim(inert(n))}`);
  return out;
}

/** The live preview for a person: summary, where, each resource as a diff line with its facts, failures. */
export function formatPreview(preview: Preview, style: Style): string {
  const lines = [style.bold(inert(preview.summary))];
  for (const w of preview.where) lines.push(style.dim(`  ${inert(w)}`));
  for (const e of preview.entries) {
    const line = `  ${MARK[e.change]} ${inert(e.name)}  ${style.dim(`${inert(e.kind)} · ${inert(e.id)}`)}`;
    lines.push(e.change === 'destroy' ? style.red(line) : e.change === 'create' ? style.green(line) : e.change === 'change' ? style.yellow(line) : line);
    for (const f of e.facts) lines.push(style.dim(`      ${inert(f)}`));
    if (e.protectedBy) lines.push(style.yellow(`      protected by ${inert(e.protectedBy)}`));
  }
  for (const w of preview.warnings) lines.push(style.yellow(`  ! ${inert(w)}`));
  return lines.join('\n');
}
