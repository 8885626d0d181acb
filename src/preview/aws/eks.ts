/**
 * EKS: a cluster about to be deleted (version, status, the node groups and Fargate profiles still in it)
 * and a node group about to be deleted (its size and instance types).
 */
import type { Target } from '../../core';
import { clientFor, EKS } from './clients';
import { age, arnResource, plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

type EksSdk = typeof import('@aws-sdk/client-eks');
type EksClient = import('@aws-sdk/client-eks').EKSClient;
type Nodegroup = import('@aws-sdk/client-eks').Nodegroup;

export async function resolveEks(job: AwsJob, targets: Target[]): Promise<void> {
  const sdk = await import('@aws-sdk/client-eks');
  const eks = await clientFor(job, EKS);
  await Promise.all(
    targets.map((t) => {
      if (t.unresolved?.includes('value')) return job.notRead(t);
      const cluster = arnResource(t.id, 'cluster');
      if (cluster && !cluster.includes('/')) return readCluster(job, sdk, eks, t, cluster);
      const group = /^([^/*]+)\/([^/*]+)\/\*$/.exec(arnResource(t.id, 'nodegroup') ?? '');
      if (group) return readNodegroup(job, sdk, eks, t, group[1], group[2]);
      return job.notRead(t);
    }),
  );
}

/** `3 nodes (2–5), m5.large, ON_DEMAND`. */
function groupSize(g: Nodegroup): string {
  const s = g.scalingConfig ?? {};
  const types = (g.instanceTypes ?? []).join('/') || '?';
  return `${plural(s.desiredSize ?? 0, 'node')} (${s.minSize ?? '?'}–${s.maxSize ?? '?'}) × ${types}`;
}

async function readCluster(job: AwsJob, sdk: EksSdk, eks: EksClient, t: Target, name: string): Promise<void> {
  const opt = { abortSignal: job.signal };
  await readTarget(
    job,
    t,
    EKS,
    `the cluster ${name}`,
    async () => {
      const d = await eks.send(new sdk.DescribeClusterCommand({ name }), opt);
      const [ng, fp] = await Promise.all([
        optional(() => eks.send(new sdk.ListNodegroupsCommand({ clusterName: name, maxResults: 100 }), opt)),
        optional(() => eks.send(new sdk.ListFargateProfilesCommand({ clusterName: name, maxResults: 100 }), opt)),
      ]);
      const names = ng?.nodegroups ?? [];
      const groups = await Promise.all(
        names.slice(0, 6).map(async (g) => (await optional(() => eks.send(new sdk.DescribeNodegroupCommand({ clusterName: name, nodegroupName: g }), opt)))?.nodegroup ?? { nodegroupName: g }),
      );
      return { d, groups, groupCount: names.length, profiles: fp?.fargateProfileNames ?? [] };
    },
    ({ d, groups, groupCount, profiles }) => {
      const c = d.cluster;
      if (!c) return undefined;
      const facts = [`Kubernetes ${c.version ?? '?'}`, c.status ?? ''].filter(Boolean);
      facts.push(groupCount > 0 ? `${plural(groupCount, 'node group')}: ${groups.map((g) => (g.scalingConfig ? `${g.nodegroupName} (${groupSize(g)})` : g.nodegroupName)).join(', ')}${groupCount > groups.length ? ', …' : ''}` : 'no node groups');
      facts.push(profiles.length > 0 ? `${plural(profiles.length, 'Fargate profile')}: ${profiles.join(', ')}` : 'no Fargate profiles');
      if (job.action.operation === 'eks delete-cluster' && (groupCount > 0 || profiles.length > 0)) facts.push('delete fails while node groups or Fargate profiles remain');
      const since = age(c.createdAt);
      if (since) facts.push(`created ${since} ago`);
      for (const [k, v] of Object.entries(c.tags ?? {}).slice(0, 6)) facts.push(`tag ${k}=${v}`);
      return { id: c.arn, name: c.name ?? name, facts, before: { version: c.version, status: c.status, nodegroups: groups.map((g) => g.nodegroupName), fargateProfiles: profiles } };
    },
    name,
  );
}

async function readNodegroup(job: AwsJob, sdk: EksSdk, eks: EksClient, t: Target, cluster: string, name: string): Promise<void> {
  await readTarget(
    job,
    t,
    EKS,
    `the node group ${name} in cluster ${cluster}`,
    () => eks.send(new sdk.DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: name }), { abortSignal: job.signal }),
    (r) => {
      const g = r.nodegroup;
      if (!g) return undefined;
      const facts = [groupSize(g), g.status ?? '', g.capacityType ?? '', g.amiType ?? '', g.version ? `Kubernetes ${g.version}` : ''].filter(Boolean);
      if (job.action.operation === 'eks delete-nodegroup' && (g.scalingConfig?.desiredSize ?? 0) > 0) facts.push(`its ${plural(g.scalingConfig?.desiredSize ?? 0, 'node')} are drained and terminated`);
      const since = age(g.createdAt);
      if (since) facts.push(`created ${since} ago`);
      for (const [k, v] of Object.entries(g.tags ?? {}).slice(0, 6)) facts.push(`tag ${k}=${v}`);
      return { id: g.nodegroupArn, name: g.nodegroupName ?? name, facts, before: { size: g.scalingConfig, instanceTypes: g.instanceTypes, capacityType: g.capacityType, status: g.status } };
    },
    name,
  );
}
