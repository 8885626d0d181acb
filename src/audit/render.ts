/**
 * The audit log as plain text for people: one block per record. Nearly every field is text an agent
 * wrote (the command, paths, resource names) or a file anyone could edit, so every value is made
 * inert: control characters, line breaks and bidirectional overrides are shown as \uXXXX escapes,
 * and long values are shortened. The output is meant for a read-only plain-text document; it contains
 * no markup.
 */
import { escapeInvisible } from '../core/text';
import type { AuditRecord, VerifyResult } from './log';

/** Longest value shown in full; the JSONL file keeps everything. */
const MAX_VALUE = 2000;

// Line breaks and tabs are in the escaped family too (src/core/text.ts): every value stays on one line.

/** One line of inert text: unsafe characters escaped, shortened past MAX_VALUE characters. */
export function inert(value: unknown, max = MAX_VALUE): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value === undefined) s = '';
  else if (typeof value === 'number' || typeof value === 'boolean') s = String(value);
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = '(unreadable value)';
    }
  }
  let rest = 0;
  if (s.length > max) {
    rest = s.length - max;
    s = s.slice(0, max);
  }
  const escaped = escapeInvisible(s);
  return rest > 0 ? `${escaped}… (${rest} more characters)` : escaped;
}

const DECIDED_BY: Record<string, string> = {
  policy: 'the policy',
  person: 'a person',
  timeout: 'nobody (the request timed out)',
  freeze: 'the freeze',
  'circuit-breaker': 'the circuit breaker',
  withdrawn: 'nobody (the request was withdrawn)',
  'human-terminal': 'a person in the terminal',
  'no-gate': 'nobody (no gate was running)',
};

const CHANGE_MARK: Record<string, string> = { destroy: '-', change: '~', create: '+', read: '=' };

export function renderRecord(record: AuditRecord): string {
  const r = record as unknown as Record<string, unknown>;
  const lines: string[] = [];
  lines.push(`#${inert(r.seq)} · ${inert(r.time)} · ${inert(r.outcome)}`);
  const field = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(11)}${value}`);
  field('agent', `${inert(r.agent)}${r.client !== undefined ? ` via ${inert(r.client)}` : ''}`);
  field('command', inert(r.command));
  field('in', inert(r.cwd));
  const by = typeof r.decidedBy === 'string' && Object.hasOwn(DECIDED_BY, r.decidedBy) ? DECIDED_BY[r.decidedBy] : inert(r.decidedBy);
  const confirm = r.confirmation === 'type' ? ' (typed confirmation)' : r.confirmation === 'click' ? ' (click to confirm)' : '';
  field('decision', `${inert(r.outcome)} · policy said ${inert(r.verdict)}${confirm} · decided by ${by}`);
  if (r.note !== undefined) field('typed', inert(r.note));

  const preview = isObject(r.preview) ? r.preview : {};
  field('preview', inert(preview.summary));
  for (const e of Array.isArray(preview.entries) ? preview.entries : []) {
    const entry = isObject(e) ? e : {};
    const mark = typeof entry.change === 'string' && Object.hasOwn(CHANGE_MARK, entry.change) ? CHANGE_MARK[entry.change] : '?';
    const protectedBy = entry.protectedBy !== undefined ? `  (protected by ${inert(entry.protectedBy)})` : '';
    lines.push(`    ${mark} ${inert(entry.id)}${protectedBy}`);
  }
  for (const w of Array.isArray(preview.warnings) ? preview.warnings : []) lines.push(`    ! ${inert(w)}`);
  for (const reason of Array.isArray(r.reasons) ? r.reasons : []) {
    const rr = isObject(reason) ? reason : {};
    field('why', `${inert(rr.rule)}: ${inert(rr.message)}`);
  }
  field('hash', `${inert(typeof r.hash === 'string' ? r.hash.slice(0, 16) : r.hash)}…`);
  return lines.join('\n');
}

export interface RenderOptions {
  /** Where the log lives, for the header. */
  file?: string;
  /** The result of verify(), shown first. */
  verification?: VerifyResult;
  /** How many records were asked for (`read({ last })`), to say the view is not everything. */
  last?: number;
}

/** The whole view: a header, the verification result, then the records newest first. */
export function renderAuditLog(records: AuditRecord[], opts: RenderOptions = {}): string {
  const out: string[] = ['Blast Radius audit log'];
  if (opts.file !== undefined) out.push(`File: ${inert(opts.file)}`);
  const v = opts.verification;
  if (v) {
    out.push(
      v.ok
        ? `Chain intact: ${v.records} record${v.records === 1 ? '' : 's'}, each unchanged and linked to the one before.`
        : `CHAIN BROKEN at line ${v.line}: ${inert(v.problem)} (${v.records} record${v.records === 1 ? '' : 's'} before it verified.)`,
    );
  }
  const shown = opts.last !== undefined && records.length >= opts.last ? `the last ${records.length} records` : `${records.length} record${records.length === 1 ? '' : 's'}`;
  out.push(`Showing ${shown}, newest first. Agent-written text is shown with control characters escaped (\\u001b).`);
  out.push('');
  if (records.length === 0) out.push('No records yet.');
  for (const record of [...records].reverse()) {
    out.push(renderRecord(record), '');
  }
  return out.join('\n');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
