/** A hand-built ApprovalRequest for the UI tests: `aws s3 rb` of a protected bucket unless overridden. */
import type { Action } from '../../../src/core/model';
import type { Decision } from '../../../src/core/policy/decide';
import type { Preview } from '../../../src/core/preview';
import type { ApprovalRequest } from '../../../src/gate/types';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/ui/approval-protocol';

export function request(over: Omit<Partial<ApprovalRequest>, 'decision' | 'preview'> & { decision?: Partial<Decision>; preview?: Partial<Preview> } = {}): ApprovalRequest {
  const action: Action = {
    tool: 'aws',
    operation: 's3 rb',
    effect: 'destroy',
    recoverable: false,
    targets: [{ id: 'arn:aws:s3:::prod-data', change: 'destroy', kind: 's3 bucket' }],
    context: { cwd: '/home/dev/project', account: '123456789012', region: 'us-east-1' },
    command: 'aws s3 rb s3://prod-data --force',
    rule: 'aws.table',
    notes: [],
  };
  const decision: Decision = {
    verdict: 'ask',
    confirmation: 'click',
    reasons: [
      { rule: 'policy.read', verdict: 'allow', message: 'aws sts get-caller-identity only reads', action: 1 },
      { rule: 'policy.destroy', verdict: 'ask', message: 'aws s3 rb destroys arn:aws:s3:::prod-data', action: 0 },
    ],
    ...over.decision,
  };
  const preview: Preview = {
    summary: '1 to destroy · account 123456789012 · region us-east-1',
    entries: [{ change: 'destroy', id: 'arn:aws:s3:::prod-data', name: 'prod-data', kind: 's3 bucket', facts: [] }],
    where: ['aws · account 123456789012 · region us-east-1'],
    warnings: [],
    ...over.preview,
  };
  const { decision: _d, preview: _p, ...rest } = over;
  return {
    id: 'req-1',
    createdAt: 1_000_000,
    timeoutMs: 300_000,
    command: action.command,
    agent: 'claude-code',
    cwd: '/home/dev/project',
    analysis: { commandLine: action.command, actions: [action], complete: true },
    decision,
    preview,
    previewHash: 'a'.repeat(64),
    ...rest,
  };
}

/** A webview message is accepted exactly as sent, or refused with a problem matching `want`. */
export function assertParse(raw: unknown, want: 'ok' | RegExp): void {
  const parsed = parseWebviewMessage(raw);
  if (want === 'ok') {
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    assert.deepEqual(parsed.message, raw);
  } else {
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.problem, want);
  }
}
