/**
 * KMS keys: state, who manages them, aliases and grants (what uses them, where visible), and the
 * waiting period before a scheduled deletion. Data encrypted under a deleted key cannot be decrypted.
 */
import type { Target } from '../../core';
import { clientFor, KMS } from './clients';
import { age, plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

export async function resolveKms(job: AwsJob, targets: Target[]): Promise<void> {
  const c = await import('@aws-sdk/client-kms');
  const kms = await clientFor(job, KMS);
  const opt = { abortSignal: job.signal };
  await Promise.all(
    targets.map(async (t) => {
      const m = /^arn:[^:]+:kms:[^:]*:[^:]*:(key\/.+|alias\/.+)$/.exec(t.id);
      if (!m || t.unresolved?.includes('value')) return job.notRead(t);
      const keyId = m[1].startsWith('key/') ? m[1].slice(4) : m[1];
      await readTarget(
        job,
        t,
        KMS,
        `the key ${keyId}`,
        async () => {
          const d = await kms.send(new c.DescribeKeyCommand({ KeyId: keyId }), opt);
          const id = d.KeyMetadata?.KeyId ?? keyId;
          const [aliases, grants] = await Promise.all([
            optional(() => kms.send(new c.ListAliasesCommand({ KeyId: id }), opt)),
            optional(() => kms.send(new c.ListGrantsCommand({ KeyId: id }), opt)),
          ]);
          return { d, aliases, grants };
        },
        ({ d, aliases, grants }) => {
          const k = d.KeyMetadata;
          if (!k) return undefined;
          const facts = [k.KeyState ?? '', k.KeyUsage ?? '', k.KeySpec ?? ''].filter(Boolean);
          if (k.Description) facts.push(k.Description);
          if (k.KeyManager === 'AWS') facts.push('AWS managed: cannot be deleted or disabled');
          const names = (aliases?.Aliases ?? []).map((a) => a.AliasName);
          if (names.length > 0) facts.push(`aliases: ${names.join(', ')}`);
          const g = grants?.Grants ?? [];
          if (g.length > 0) facts.push(`${plural(g.length, 'grant')} to ${[...new Set(g.map((x) => x.GranteePrincipal))].slice(0, 4).join(', ')}`);
          const since = age(k.CreationDate);
          if (since) facts.push(`created ${since} ago`);
          if (k.DeletionDate) facts.push(`already scheduled for deletion on ${k.DeletionDate.toISOString().slice(0, 10)}`);
          if (job.action.operation === 'kms schedule-key-deletion') {
            facts.push(`deleted after ${job.flag('pending-window-in-days') ?? '30'} days (cancel-key-deletion until then); data encrypted under it cannot be decrypted afterwards`);
          }
          return { id: k.Arn, name: names[0] ?? k.KeyId ?? keyId, facts, before: { state: k.KeyState, aliases: names } };
        },
        keyId,
      );
    }),
  );
}
