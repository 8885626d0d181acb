/**
 * S3: what `rb --force`, `rm --recursive`, `sync --delete`, `delete-object(s)`, `delete-bucket` and bucket
 * policy changes would hit: object counts and bytes under the prefix (bounded), a sample of keys, and
 * whether versioning keeps deleted objects.
 */
import type { Target } from '../../core';
import type { ResolvedResource } from '../types';
import { clientFor, endpointName, S3 } from './clients';
import { attempt, isNotFound } from './errors';
import { bytes, day, plural, type AwsJob } from './job';

/** Listing stops here: enough to say "at least N" and judge bulk, without paging a huge bucket for minutes. */
export const MAX_KEYS = 100_000;
const SAMPLE = 20;
/** Single objects read one by one (delete-objects names up to 1,000). */
const MAX_HEADS = 50;

interface S3Ref {
  bucket: string;
  /** Object key, or the prefix when `many`. */
  key: string;
  many: boolean;
}

function refOf(id: string): S3Ref | undefined {
  const m = /^arn:[^:]+:s3:::([^/]+)(?:\/(.*))?$/.exec(id);
  if (!m) return undefined;
  const key = m[2] ?? '';
  if (key.endsWith('*')) return { bucket: m[1], key: key.slice(0, -1), many: true };
  return { bucket: m[1], key, many: false };
}

export async function resolveS3(job: AwsJob, targets: Target[]): Promise<void> {
  const op = job.action.operation;
  // A bucket whose objects are listed by another target needs no separate emptiness check.
  const listed = new Set(targets.map((t) => refOf(t.id)).filter((r) => r?.many && r.key === '').map((r) => r!.bucket));
  const objects = targets.filter((t) => { const r = refOf(t.id); return r && !r.many && r.key; });
  let heads = 0;
  await Promise.all(
    targets.map(async (t) => {
      const ref = refOf(t.id);
      if (!ref || t.unresolved?.includes('value')) return job.notRead(t, ref ? 'named at run time: not read live' : 'not read live');
      if (ref.many) return prefix(job, t, ref, op);
      if (!ref.key) return bucket(job, t, ref.bucket, op, !listed.has(ref.bucket));
      if (++heads > MAX_HEADS) return job.notRead(t, `not read live (only the first ${MAX_HEADS} of ${objects.length} objects are read)`);
      return object(job, t, ref);
    }),
  );
}

type Versioning = 'Enabled' | 'Suspended' | 'off' | undefined;

async function versioningOf(job: AwsJob, bucketName: string): Promise<Versioning> {
  const { GetBucketVersioningCommand } = await import('@aws-sdk/client-s3');
  const s3 = await clientFor(job, S3);
  try {
    const v = await s3.send(new GetBucketVersioningCommand({ Bucket: bucketName }), { abortSignal: job.signal });
    return (v.Status as Versioning) ?? 'off';
  } catch {
    return undefined;
  }
}

function versioningFact(v: Versioning): string | undefined {
  if (v === 'Enabled') return 'versioning on: deleted objects leave delete markers, earlier versions stay';
  if (v === 'Suspended') return 'versioning suspended: earlier versions stay, new deletes may be permanent';
  if (v === 'off') return 'versioning off: deleted objects cannot be restored';
  return undefined;
}

function missing(job: AwsJob, t: Target, what: string): void {
  const fails = t.change !== 'create';
  job.add({ id: t.id, change: t.change, kind: t.kind, name: what, facts: [fails ? 'does not exist: the command would fail' : 'does not exist yet'] });
}

interface Listing {
  count: number;
  bytes: number;
  sample: Array<{ key: string; size: number; modified?: Date }>;
  /** Why the count is a lower bound, when it is. */
  stopped?: string;
}

/** ListObjectsV2 page by page until the prefix ends, MAX_KEYS, or the time limit (then "at least N"). */
async function list(job: AwsJob, bucketName: string, prefixKey: string, limit: number): Promise<Listing> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const s3 = await clientFor(job, S3);
  const out: Listing = { count: 0, bytes: 0, sample: [] };
  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucketName, Prefix: prefixKey || undefined, ContinuationToken: token }),
        { abortSignal: job.signal },
      );
    } catch (err) {
      // Part of the listing is still worth showing as a lower bound.
      if (out.count > 0 && job.signal.aborted) {
        out.stopped = `listing stopped at the time limit (${job.elapsed()} s)`;
        return out;
      }
      throw err;
    }
    for (const o of page.Contents ?? []) {
      out.count++;
      out.bytes += o.Size ?? 0;
      if (out.sample.length < SAMPLE) out.sample.push({ key: o.Key ?? '', size: o.Size ?? 0, modified: o.LastModified });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (token && out.count >= limit) {
      out.stopped = `listing stopped after ${plural(limit, 'key')}`;
      return out;
    }
  } while (token);
  return out;
}

async function prefix(job: AwsJob, t: Target, ref: S3Ref, op: string): Promise<void> {
  const where = `s3://${ref.bucket}/${ref.key}`;
  const destroy = t.change === 'destroy';
  const syncDelete = /^s3 sync/.test(op) && destroy;
  const [listing, versioning] = await Promise.all([
    attempt(job, `the objects under ${where}`, endpointName(job, S3), t.id, () => list(job, ref.bucket, ref.key, destroy ? MAX_KEYS : 1000), () => missing(job, t, `s3://${ref.bucket}`)),
    destroy ? versioningOf(job, ref.bucket) : Promise.resolve(undefined),
  ]);
  if (!listing) return;
  const atLeast = listing.stopped ? 'at least ' : '';
  const count = `${atLeast}${plural(listing.count, 'object')}, ${atLeast}${bytes(listing.bytes)}`;
  const facts: string[] = [];
  if (syncDelete) {
    facts.push(`${count} under the prefix now`);
    facts.push('--delete removes those the source does not have; the source is not compared, so which ones (if any) is not known: up to all of them');
  } else if (destroy) {
    facts.push(count);
  } else {
    facts.push(`${count} under the prefix now; those with the same keys are overwritten`);
  }
  if (listing.stopped) facts.push(listing.stopped);
  if (listing.count === 0) facts.push('nothing under the prefix');
  const v = versioningFact(versioning);
  if (v) facts.push(v);
  job.add({ id: t.id, change: t.change, kind: t.kind, name: `${where}*`, facts, before: { objects: listing.count, bytes: listing.bytes, complete: !listing.stopped } });
  if (destroy) {
    job.totals[t.id] = listing.count;
    for (const o of listing.sample) {
      const f = [bytes(o.size)];
      const d = day(o.modified);
      if (d) f.push(`modified ${d}`);
      if (syncDelete) f.push('deleted if the source lacks it');
      job.add({ id: `arn:aws:s3:::${ref.bucket}/${o.key}`, change: 'destroy', kind: 's3 object', name: o.key, facts: f, from: t.id });
    }
  }
}

async function bucket(job: AwsJob, t: Target, name: string, op: string, checkEmpty: boolean): Promise<void> {
  const { HeadBucketCommand, GetBucketPolicyCommand } = await import('@aws-sdk/client-s3');
  const s3 = await clientFor(job, S3);
  let gone = false;
  const head = await attempt(
    job,
    `the bucket ${name}`,
    endpointName(job, S3),
    t.id,
    () => s3.send(new HeadBucketCommand({ Bucket: name }), { abortSignal: job.signal }),
    () => {
      gone = true;
    },
  );
  if (gone) return missing(job, t, name);
  if (!head) return;
  if (t.change === 'create') {
    job.add({ id: t.id, change: t.change, kind: t.kind, name, facts: ['already exists: the command would fail unless it is yours'] });
    return;
  }
  const facts: string[] = [];
  if (head.BucketRegion) facts.push(`region ${head.BucketRegion}`);
  const policyOp = /bucket-(policy|acl)|public-access-block|bucket-ownership/.test(op);
  const [versioning, firstObject, policy] = await Promise.all([
    versioningOf(job, name),
    checkEmpty && t.change === 'destroy' ? firstKey(job, name) : Promise.resolve(undefined),
    policyOp ? s3.send(new GetBucketPolicyCommand({ Bucket: name }), { abortSignal: job.signal }).then((p) => p.Policy, (err) => (isNotFound(err) ? null : undefined)) : Promise.resolve(undefined),
  ]);
  if (firstObject === true) facts.push('not empty: deleting the bucket fails unless its objects go first');
  if (firstObject === false) facts.push('empty');
  if (versioning) facts.push(`versioning ${versioning === 'Enabled' ? 'on' : versioning === 'Suspended' ? 'suspended' : 'off'}`);
  const r: ResolvedResource = { id: t.id, change: t.change, kind: t.kind, name, facts };
  if (policy === null) facts.push('no bucket policy now');
  if (typeof policy === 'string') {
    facts.push('has a bucket policy now');
    r.before = { policy: parseJson(policy) };
  }
  job.add(r);
}

async function firstKey(job: AwsJob, name: string): Promise<boolean | undefined> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const s3 = await clientFor(job, S3);
  try {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: name, MaxKeys: 1 }), { abortSignal: job.signal });
    return (r.KeyCount ?? r.Contents?.length ?? 0) > 0;
  } catch {
    return undefined;
  }
}

async function object(job: AwsJob, t: Target, ref: S3Ref): Promise<void> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const s3 = await clientFor(job, S3);
  let gone = false;
  const versioning = t.change === 'destroy' ? versioningOf(job, ref.bucket) : Promise.resolve(undefined);
  const head = await attempt(
    job,
    `s3://${ref.bucket}/${ref.key}`,
    endpointName(job, S3),
    t.id,
    () => s3.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key }), { abortSignal: job.signal }),
    () => {
      gone = true;
    },
  );
  if (gone) {
    // Deleting a missing key succeeds in S3; writing one creates it.
    const fact = t.change === 'destroy' ? 'does not exist: nothing to delete' : 'does not exist yet: created';
    job.add({ id: t.id, change: t.change === 'change' ? 'create' : t.change, kind: t.kind, name: ref.key, facts: [fact] });
    return;
  }
  if (!head) return;
  const facts = [bytes(head.ContentLength ?? 0)];
  const d = day(head.LastModified);
  if (d) facts.push(`modified ${d}`);
  const v = versioningFact(await versioning);
  if (v) facts.push(v);
  if (t.change === 'change') facts.push('overwritten');
  job.add({ id: t.id, change: t.change, kind: t.kind, name: ref.key, facts, before: { size: head.ContentLength, modified: head.LastModified?.toISOString(), etag: head.ETag } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
