/** Secrets Manager: the secret, its use, and whether a delete can be undone within the recovery window. */
import type { Target } from '../../core';
import { clientFor, SECRETS } from './clients';
import { age, type AwsJob } from './job';
import { readTarget } from './read';

export async function resolveSecrets(job: AwsJob, targets: Target[]): Promise<void> {
  const { DescribeSecretCommand } = await import('@aws-sdk/client-secrets-manager');
  const sm = await clientFor(job, SECRETS);
  const secretId = job.flag('secret-id');
  await Promise.all(
    targets.map(async (t) => {
      // The analysis names a secret by `secret:NAME-*` (AWS adds a random suffix); the command's own id is exact.
      const name = secretId ?? /:secret:(.+?)(-\*)?$/.exec(t.id)?.[1];
      if (!name || t.unresolved?.includes('value')) return job.notRead(t);
      await readTarget(
        job,
        t,
        SECRETS,
        `the secret ${name}`,
        () => sm.send(new DescribeSecretCommand({ SecretId: name }), { abortSignal: job.signal }),
        (s) => {
          const facts: string[] = [];
          if (s.Description) facts.push(s.Description);
          if (s.CreatedDate) facts.push(`created ${age(s.CreatedDate)} ago`);
          if (s.LastAccessedDate) facts.push(`last read ${s.LastAccessedDate.toISOString().slice(0, 10)}`);
          if (s.LastChangedDate) facts.push(`last changed ${s.LastChangedDate.toISOString().slice(0, 10)}`);
          if (s.RotationEnabled) facts.push('rotation on');
          if (s.DeletedDate) facts.push(`already scheduled for deletion on ${s.DeletedDate.toISOString().slice(0, 10)}`);
          if (job.action.operation === 'secretsmanager delete-secret') {
            facts.push(
              job.has('force-delete-without-recovery')
                ? '--force-delete-without-recovery: deleted at once, cannot be restored'
                : `restorable for ${job.flag('recovery-window-in-days') ?? '30'} days (restore-secret)`,
            );
          }
          for (const tag of (s.Tags ?? []).slice(0, 6)) facts.push(`tag ${tag.Key}=${tag.Value}`);
          return { id: s.ARN, name: s.Name ?? name, facts };
        },
        name,
      );
    }),
  );
}
