/** RDS: instances and clusters — engine, size, deletion protection, and whether a final snapshot is kept. */
import type { Target } from '../../core';
import { clientFor, RDS } from './clients';
import { age, arnResource, plural, type AwsJob } from './job';
import { readTarget } from './read';

export async function resolveRds(job: AwsJob, targets: Target[]): Promise<void> {
  await Promise.all(
    targets.map((t) => {
      const db = arnResource(t.id, 'db');
      const cluster = arnResource(t.id, 'cluster');
      if (db && !t.unresolved?.includes('value')) return instance(job, t, db);
      if (cluster && !t.unresolved?.includes('value')) return dbCluster(job, t, cluster);
      return job.notRead(t);
    }),
  );
}

/** What happens to the data on delete, from the command's own flags. */
function deletionFacts(job: AwsJob, clusterMember: boolean): string[] {
  if (!/^rds delete-db-(instance|cluster)$/.test(job.action.operation)) return [];
  const facts: string[] = [];
  const finalSnapshot = job.flag('final-db-snapshot-identifier');
  if (job.has('skip-final-snapshot')) facts.push('--skip-final-snapshot: no final snapshot, the data is gone');
  else if (finalSnapshot) facts.push(`final snapshot ${finalSnapshot} is taken first`);
  else if (!clusterMember) facts.push('neither --skip-final-snapshot nor --final-db-snapshot-identifier: the command fails');
  if (job.has('delete-automated-backups')) facts.push('--delete-automated-backups: automated backups go too');
  else if (job.has('no-delete-automated-backups')) facts.push('automated backups are kept');
  return facts;
}

async function instance(job: AwsJob, t: Target, id: string): Promise<void> {
  const { DescribeDBInstancesCommand } = await import('@aws-sdk/client-rds');
  const rds = await clientFor(job, RDS);
  await readTarget(
    job,
    t,
    RDS,
    `the database ${id}`,
    () => rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), { abortSignal: job.signal }),
    (r) => {
      const d = r.DBInstances?.[0];
      if (!d) return undefined;
      const facts = [`${d.Engine ?? '?'} ${d.EngineVersion ?? ''}`.trim(), d.DBInstanceClass ?? '', `${d.AllocatedStorage ?? '?'} GiB`, d.DBInstanceStatus ?? ''].filter(Boolean);
      if (d.DeletionProtection) facts.push('deletion protection on: delete fails');
      if (d.MultiAZ) facts.push('multi-AZ');
      if (d.DBClusterIdentifier) facts.push(`member of cluster ${d.DBClusterIdentifier}`);
      const since = age(d.InstanceCreateTime);
      if (since) facts.push(`created ${since} ago`);
      facts.push(`backups kept ${d.BackupRetentionPeriod ?? 0} days`);
      facts.push(...deletionFacts(job, !!d.DBClusterIdentifier));
      for (const tag of (d.TagList ?? []).slice(0, 6)) facts.push(`tag ${tag.Key}=${tag.Value}`);
      return { id: d.DBInstanceArn, name: d.DBInstanceIdentifier ?? id, facts, before: { engine: d.Engine, class: d.DBInstanceClass, storage: d.AllocatedStorage, deletionProtection: d.DeletionProtection } };
    },
    id,
  );
}

async function dbCluster(job: AwsJob, t: Target, id: string): Promise<void> {
  const { DescribeDBClustersCommand } = await import('@aws-sdk/client-rds');
  const rds = await clientFor(job, RDS);
  await readTarget(
    job,
    t,
    RDS,
    `the database cluster ${id}`,
    () => rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }), { abortSignal: job.signal }),
    (r) => {
      const c = r.DBClusters?.[0];
      if (!c) return undefined;
      const facts = [`${c.Engine ?? '?'} ${c.EngineVersion ?? ''}`.trim(), c.Status ?? ''].filter(Boolean);
      if (c.AllocatedStorage) facts.push(`${c.AllocatedStorage} GiB`);
      if (c.DeletionProtection) facts.push('deletion protection on: delete fails');
      const members = c.DBClusterMembers ?? [];
      facts.push(members.length > 0 ? `${plural(members.length, 'instance')}: ${members.map((m) => m.DBInstanceIdentifier).join(', ')}` : 'no instances');
      if (members.length > 0 && job.action.operation === 'rds delete-db-cluster') facts.push('delete fails while the cluster has instances');
      const since = age(c.ClusterCreateTime);
      if (since) facts.push(`created ${since} ago`);
      facts.push(...deletionFacts(job, false));
      return { id: c.DBClusterArn, name: c.DBClusterIdentifier ?? id, facts, before: { engine: c.Engine, members: members.map((m) => m.DBInstanceIdentifier), deletionProtection: c.DeletionProtection } };
    },
    id,
  );
}
