/** CloudWatch Logs groups: stored bytes, retention, and the filters that read them. */
import type { Target } from '../../core';
import { clientFor, LOGS } from './clients';
import { age, bytes, type AwsJob } from './job';
import { optional, readTarget } from './read';

export async function resolveLogs(job: AwsJob, targets: Target[]): Promise<void> {
  const c = await import('@aws-sdk/client-cloudwatch-logs');
  const logs = await clientFor(job, LOGS);
  const opt = { abortSignal: job.signal };
  await Promise.all(
    targets.map(async (t) => {
      const name = /:log-group:(.+?)(:\*)?$/.exec(t.id)?.[1];
      if (!name || t.unresolved?.includes('value')) return job.notRead(t);
      await readTarget(
        job,
        t,
        LOGS,
        `the log group ${name}`,
        () =>
          Promise.all([
            logs.send(new c.DescribeLogGroupsCommand({ logGroupNamePrefix: name }), opt),
            optional(() => logs.send(new c.DescribeSubscriptionFiltersCommand({ logGroupName: name }), opt)),
          ]),
        ([groups, subs]) => {
          const g = (groups.logGroups ?? []).find((x) => x.logGroupName === name);
          if (!g) return undefined;
          const facts = [`${bytes(g.storedBytes ?? 0)} stored`, g.retentionInDays ? `kept ${g.retentionInDays} days` : 'kept forever'];
          if (g.creationTime) facts.push(`created ${age(new Date(g.creationTime))} ago`);
          if (g.metricFilterCount) facts.push(`${g.metricFilterCount} metric filters`);
          const s = subs?.subscriptionFilters ?? [];
          if (s.length > 0) facts.push(`streamed to ${s.map((x) => x.destinationArn).join(', ')}`);
          return { id: g.arn?.replace(/:\*$/, ''), name, facts, before: { storedBytes: g.storedBytes, retentionInDays: g.retentionInDays } };
        },
        name,
      );
    }),
  );
}
