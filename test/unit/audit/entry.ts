/** Test-only: audit entries that look like what the gate appends. */
import type { AuditEntry } from '../../../src/gate/types';

export function auditEntry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  const bucket = `arn:aws:s3:::data-${n}`;
  return {
    time: new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + n * 1000).toISOString(),
    requestId: `req-${n}`,
    client: 'shim',
    agent: 'claude-code',
    cwd: '/home/dev/project',
    command: `aws s3 rb s3://data-${n} --force`,
    analysis: {
      commandLine: `aws s3 rb s3://data-${n} --force`,
      complete: true,
      actions: [
        {
          tool: 'aws',
          operation: 's3 rb',
          effect: 'destroy',
          recoverable: false,
          targets: [{ id: bucket, change: 'destroy', kind: 's3 bucket' }],
          context: { cwd: '/home/dev/project', account: '123456789012', region: 'us-east-1' },
          command: `aws s3 rb s3://data-${n} --force`,
          rule: 'aws.s3-rb',
          notes: [],
        },
      ],
    },
    preview: {
      summary: '1 to destroy · account 123456789012 · region us-east-1',
      entries: [{ change: 'destroy', id: bucket, name: `data-${n}`, kind: 's3 bucket', facts: [] }],
      where: ['aws · account 123456789012 · region us-east-1'],
      warnings: [],
    },
    previewHash: 'a'.repeat(64),
    verdict: 'ask',
    confirmation: 'click',
    reasons: [{ rule: 'policy.destroy', verdict: 'ask', message: `destroys ${bucket}`, action: 0, target: bucket }],
    outcome: n % 2 === 0 ? 'run' : 'blocked',
    decidedBy: 'person',
    ...overrides,
  };
}
