/** The common shape of one target's preview: read it, say it is missing, or record why it could not be read. */
import type { Target } from '../../core';
import type { ResolvedResource } from '../types';
import { endpointName, type AwsService } from './clients';
import { attempt } from './errors';
import type { AwsJob } from './job';

export type Seen = Omit<ResolvedResource, 'id' | 'change' | 'kind' | 'from'> & { id?: string; change?: ResolvedResource['change'] };

/**
 * Read one target with `call` and turn the answer into an entry with `render`. A resource that does not
 * exist becomes the fact "does not exist" (the command would fail on it), not a failure.
 */
export async function readTarget<T>(
  job: AwsJob,
  t: Target,
  service: AwsService<unknown>,
  what: string,
  call: () => Promise<T>,
  render: (answer: T) => Seen | undefined | Promise<Seen | undefined>,
  name: string,
): Promise<void> {
  let gone = false;
  const answer = await attempt(job, what, endpointName(job, service), t.id, call, () => {
    gone = true;
  });
  if (gone) {
    job.add({ id: t.id, change: t.change, kind: t.kind, name, facts: [t.change === 'create' ? 'does not exist yet' : 'does not exist: the command would fail'] });
    return;
  }
  if (answer === undefined) return;
  const seen = await render(answer);
  if (!seen) {
    job.add({ id: t.id, change: t.change, kind: t.kind, name, facts: ['does not exist: the command would fail'] });
    return;
  }
  const arn = await job.arnOf(t);
  const id = seen.id ?? arn.id;
  const entry: ResolvedResource = { ...seen, id, change: seen.change ?? t.change, kind: t.kind };
  if (id !== t.id) entry.from = t.id;
  job.add(entry);
}

/** Optional extra facts: a failure here only leaves the fact out. */
export async function optional<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch {
    return undefined;
  }
}
