/**
 * ECS: a service about to be deleted or scaled (tasks running against desired, launch type, task
 * definition) and a cluster about to be deleted (the services and tasks still in it).
 */
import type { Target } from '../../core';
import { clientFor, ECS } from './clients';
import { age, arnResource, plural, type AwsJob } from './job';
import { optional, readTarget, type Seen } from './read';

type EcsSdk = typeof import('@aws-sdk/client-ecs');
type EcsClient = import('@aws-sdk/client-ecs').ECSClient;
type Service = import('@aws-sdk/client-ecs').Service;

export async function resolveEcs(job: AwsJob, targets: Target[]): Promise<void> {
  const sdk = await import('@aws-sdk/client-ecs');
  const ecs = await clientFor(job, ECS);
  await Promise.all(
    targets.map((t) => {
      if (t.unresolved?.includes('value')) return job.notRead(t);
      const service = arnResource(t.id, 'service');
      const m = service ? /^([^/]+)\/([^/]+)$/.exec(service) : null;
      if (m) return readService(job, sdk, ecs, t, m[1], m[2]);
      const cluster = arnResource(t.id, 'cluster');
      if (cluster && !cluster.includes('/')) return readCluster(job, sdk, ecs, t, cluster);
      return job.notRead(t);
    }),
  );
}

/** `web:42` from a task definition ARN. */
function taskDefinition(arn: string | undefined): string | undefined {
  return arn?.slice(arn.lastIndexOf('/') + 1);
}

/** How the service's tasks run: a launch type, or the capacity providers it spreads over. */
function launch(s: Service): string | undefined {
  if (s.launchType) return s.launchType;
  const providers = (s.capacityProviderStrategy ?? []).map((p) => p.capacityProvider).filter(Boolean);
  return providers.length > 0 ? `capacity providers ${providers.join(', ')}` : undefined;
}

function taskCounts(s: Service): string {
  const pending = s.pendingCount ? `, ${s.pendingCount} pending` : '';
  return `${s.runningCount ?? 0} of ${plural(s.desiredCount ?? 0, 'desired task')} running${pending}`;
}

async function readService(job: AwsJob, sdk: EcsSdk, ecs: EcsClient, t: Target, cluster: string, name: string): Promise<void> {
  await readTarget(
    job,
    t,
    ECS,
    `the service ${name} in cluster ${cluster}`,
    () => ecs.send(new sdk.DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }), { abortSignal: job.signal }),
    (r) => {
      const s = r.services?.[0];
      // A deleted service lingers as INACTIVE for a while; to the command it is gone.
      if (!s || s.status === 'INACTIVE') return undefined;
      const facts = [s.status ?? '', taskCounts(s), launch(s) ?? '', `task definition ${taskDefinition(s.taskDefinition) ?? '?'}`].filter(Boolean);
      const lbs = s.loadBalancers ?? [];
      if (lbs.length > 0) facts.push(`behind ${plural(lbs.length, 'load balancer target')}`);
      const op = job.action.operation;
      const desired = job.flag('desired-count');
      if (op === 'ecs delete-service') {
        if ((s.desiredCount ?? 0) > 0 && !job.has('force')) facts.push('desired count above 0 and no --force: the delete fails');
        else if ((s.runningCount ?? 0) > 0) facts.push(`its ${plural(s.runningCount ?? 0, 'running task')} stop`);
      }
      if (op === 'ecs update-service' && desired !== undefined && Number(desired) === 0 && (s.runningCount ?? 0) > 0) {
        facts.push(`--desired-count 0: all ${plural(s.runningCount ?? 0, 'running task')} stop`);
      }
      const since = age(s.createdAt);
      if (since) facts.push(`created ${since} ago`);
      for (const tag of (s.tags ?? []).slice(0, 6)) facts.push(`tag ${tag.key}=${tag.value ?? ''}`);
      const before = { status: s.status, desiredCount: s.desiredCount, runningCount: s.runningCount, launch: launch(s), taskDefinition: taskDefinition(s.taskDefinition) };
      const seen: Seen = { id: s.serviceArn, name: s.serviceName ?? name, facts, before };
      if (op === 'ecs update-service') {
        const td = job.flag('task-definition');
        seen.after = { ...before, ...(desired !== undefined ? { desiredCount: Number(desired) } : {}), ...(td ? { taskDefinition: td } : {}) };
      }
      return seen;
    },
    name,
  );
}

async function readCluster(job: AwsJob, sdk: EcsSdk, ecs: EcsClient, t: Target, name: string): Promise<void> {
  const opt = { abortSignal: job.signal };
  await readTarget(
    job,
    t,
    ECS,
    `the cluster ${name}`,
    async () => {
      const d = await ecs.send(new sdk.DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }), opt);
      const c = d.clusters?.[0];
      if (!c || c.status === 'INACTIVE') return { c: undefined, services: [], tasks: undefined };
      const listed = await optional(() => ecs.send(new sdk.ListServicesCommand({ cluster: name, maxResults: 100 }), opt));
      const arns = listed?.serviceArns ?? [];
      // DescribeServices takes at most ten services a call.
      const services = arns.length > 0 ? ((await optional(() => ecs.send(new sdk.DescribeServicesCommand({ cluster: name, services: arns.slice(0, 10) }), opt)))?.services ?? []) : [];
      const tasks = await optional(() => ecs.send(new sdk.ListTasksCommand({ cluster: name, maxResults: 100 }), opt));
      return { c, services, serviceCount: arns.length, more: !!listed?.nextToken, tasks };
    },
    (r) => {
      const c = r.c;
      if (!c) return undefined;
      const serviceCount = Math.max(c.activeServicesCount ?? 0, r.serviceCount ?? 0);
      const running = c.runningTasksCount ?? r.tasks?.taskArns?.length ?? 0;
      const facts = [c.status ?? '', plural(serviceCount, 'service'), plural(running, 'running task')].filter(Boolean);
      if (c.pendingTasksCount) facts.push(`${plural(c.pendingTasksCount, 'pending task')}`);
      if (c.registeredContainerInstancesCount) facts.push(plural(c.registeredContainerInstancesCount, 'container instance'));
      if (r.services.length > 0) {
        const shown = r.services.map((s) => `${s.serviceName} (${s.runningCount ?? 0}/${s.desiredCount ?? 0} running)`);
        facts.push(`services: ${shown.join(', ')}${serviceCount > shown.length || r.more ? ', …' : ''}`);
      }
      if (job.action.operation === 'ecs delete-cluster' && (serviceCount > 0 || (c.registeredContainerInstancesCount ?? 0) > 0)) {
        facts.push('delete fails while the cluster has services or registered container instances');
      }
      for (const tag of (c.tags ?? []).slice(0, 6)) facts.push(`tag ${tag.key}=${tag.value ?? ''}`);
      return {
        id: c.clusterArn,
        name: c.clusterName ?? name,
        facts,
        before: { status: c.status, services: r.services.map((s) => s.serviceName), runningTasks: running, containerInstances: c.registeredContainerInstancesCount ?? 0 },
      };
    },
    name,
  );
}
