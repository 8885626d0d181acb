/**
 * The AWS live preview: who the command would run as (STS), and what the resources it names are
 * (read-only Describe/List/Get/Head calls, bounded by the request's signal). Operations without a
 * reader keep the command's targets, marked as not read live.
 */
import type { Action, Target } from '../../core';
import type { Resolver, ResolveRequest, ResolverResult } from '../types';
import { resolveCloudFormation } from './cloudformation';
import { failureMessage } from './errors';
import { resolveEc2 } from './ec2';
import { resolveIdentity } from './identity';
import { AwsJob, changedTargets } from './job';
import { resolveS3 } from './s3';
import { SERVICE_READERS } from './services';

export { forgetIdentities, resolveIdentity, type AwsIdentity } from './identity';

type Reader = (job: AwsJob, targets: Target[]) => Promise<void>;

const READERS: Record<string, Reader> = {
  s3: resolveS3,
  s3api: resolveS3,
  cloudformation: resolveCloudFormation,
  ec2: resolveEc2,
  ...SERVICE_READERS,
};

/** Rules whose actions never call AWS: help, usage, version, templates, local configuration. */
const LOCAL_RULE = /^aws\.(version|usage|help|skeleton|configure)/;

export const awsResolver: Resolver = {
  name: 'aws',
  handles(action: Action): boolean {
    return action.tool === 'aws' && !LOCAL_RULE.test(action.rule);
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const job = new AwsJob(req);
    const stsEndpoint = job.endpointFor('STS');
    const identity = resolveIdentity(req.ctx, req.action.context.profile, job.region, stsEndpoint, job.signal);
    job.account = identity.then((i) => i.account ?? req.action.context.account, () => req.action.context.account);
    const service = req.action.operation.split(' ')[0];
    const targets = changedTargets(req.action);
    const reader = READERS[service];
    const reading = reader
      ? reader(job, targets).catch((err: unknown) => job.fail(failureMessage(job, err, `the ${service} resources`, job.endpointFor(service.toUpperCase()) ?? `AWS ${service}`)))
      : Promise.resolve(targets.forEach((t) => job.notRead(t)));
    const [who] = await Promise.all([
      identity.catch((err: unknown) => {
        job.fail(failureMessage(job, err, 'who the command would run as (STS GetCallerIdentity)', stsEndpoint ?? 'AWS STS'));
        return undefined;
      }),
      reading,
    ]);
    const result: ResolverResult = { resources: job.resources, failures: dedupe(job.failures) };
    if (who) result.identity = who;
    if (Object.keys(job.totals).length > 0) result.totals = job.totals;
    return result;
  },
};

function dedupe<T extends { message: string; target?: string }>(failures: T[]): T[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.target ?? ''}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
