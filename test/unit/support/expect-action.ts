/** Test-only: the checks every rule pack's table runs on the action a command line produced. */
import assert from 'node:assert/strict';
import type { Action } from '../../../src/core/model';

export interface Expect {
  effect: string;
  operation?: string;
  recoverable?: boolean;
  rule?: string;
  /** Every target id, in order. */
  targets?: string[];
  /** Whether some target is open-ended. */
  many?: boolean;
  where?: string;
  region?: string;
  /** A note that must be there: a pattern, or text it contains. */
  note?: RegExp | string;
}

export function assertAction(a: Action, want: Expect, line: string): void {
  assert.equal(a.effect, want.effect, `effect of ${line}`);
  if (want.operation !== undefined) assert.equal(a.operation, want.operation);
  if (want.recoverable !== undefined) assert.equal(a.recoverable, want.recoverable);
  if (want.rule !== undefined) assert.equal(a.rule, want.rule);
  if (want.targets !== undefined) assert.deepEqual(a.targets.map((t) => t.id), want.targets);
  if (want.many !== undefined) assert.equal(a.targets.some((t) => t.many === true), want.many, 'many');
  if (want.where !== undefined) assert.equal(a.context.where, want.where);
  if (want.region !== undefined) assert.equal(a.context.region, want.region);
  const note = want.note;
  if (note !== undefined) assert.ok(a.notes.some((n) => (typeof note === 'string' ? n.includes(note) : note.test(n))), `a note like ${String(note)} in ${JSON.stringify(a.notes)}`);
}
