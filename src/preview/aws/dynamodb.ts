/** DynamoDB tables: items, size, point-in-time recovery, deletion protection. */
import type { Target } from '../../core';
import { clientFor, DYNAMODB } from './clients';
import { age, arnResource, bytes, plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

export async function resolveDynamoDb(job: AwsJob, targets: Target[]): Promise<void> {
  await Promise.all(
    targets.map((t) => {
      const name = arnResource(t.id, 'table');
      return name && !name.includes('/') && !t.unresolved?.includes('value') ? table(job, t, name) : job.notRead(t);
    }),
  );
}

async function table(job: AwsJob, t: Target, name: string): Promise<void> {
  const { DescribeTableCommand, DescribeContinuousBackupsCommand } = await import('@aws-sdk/client-dynamodb');
  const ddb = await clientFor(job, DYNAMODB);
  await readTarget(
    job,
    t,
    DYNAMODB,
    `the table ${name}`,
    () =>
      Promise.all([
        ddb.send(new DescribeTableCommand({ TableName: name }), { abortSignal: job.signal }),
        optional(() => ddb.send(new DescribeContinuousBackupsCommand({ TableName: name }), { abortSignal: job.signal })),
      ]),
    ([d, backups]) => {
      const tb = d.Table;
      if (!tb) return undefined;
      // ItemCount and TableSizeBytes are refreshed by DynamoDB about every six hours.
      const facts = [`about ${plural(tb.ItemCount ?? 0, 'item')}`, `about ${bytes(tb.TableSizeBytes ?? 0)}`, tb.TableStatus ?? ''].filter(Boolean);
      const pitr = backups?.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus;
      if (pitr) facts.push(pitr === 'ENABLED' ? 'point-in-time recovery on' : 'point-in-time recovery off');
      if (tb.DeletionProtectionEnabled) facts.push('deletion protection on: delete fails');
      const mode = tb.BillingModeSummary?.BillingMode;
      if (mode) facts.push(mode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned');
      if (tb.Replicas && tb.Replicas.length > 0) facts.push(`global table: replicas in ${tb.Replicas.map((r) => r.RegionName).join(', ')}`);
      if (tb.StreamSpecification?.StreamEnabled) facts.push('stream on');
      const since = age(tb.CreationDateTime);
      if (since) facts.push(`created ${since} ago`);
      return { id: tb.TableArn, name: tb.TableName ?? name, facts, before: { items: tb.ItemCount, bytes: tb.TableSizeBytes, pitr, keys: tb.KeySchema?.map((k) => `${k.AttributeName} ${k.KeyType}`) } };
    },
    name,
  );
}
