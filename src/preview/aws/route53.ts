/**
 * Route 53: the record sets a change batch deletes or replaces (current values against the batch's),
 * and a hosted zone about to be deleted (its name and how many record sets it holds).
 */
import type { Target } from '../../core';
import { readPayload } from '../../core/rules/aws/payloads';
import type { Change } from '../../core';
import type { ResolvedResource } from '../types';
import { clientFor, endpointName, ROUTE53 } from './clients';
import { attempt } from './errors';
import { plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

type Route53Sdk = typeof import('@aws-sdk/client-route-53');
type Route53 = import('@aws-sdk/client-route-53').Route53Client;

/** One record set as the batch or the zone spells it (the API's member names). */
interface RecordSet {
  Name?: string;
  Type?: string;
  SetIdentifier?: string;
  TTL?: number | string;
  ResourceRecords?: Array<{ Value?: string }>;
  AliasTarget?: { DNSName?: string; HostedZoneId?: string };
}

interface BatchChange {
  Action: string;
  set: RecordSet;
}

export async function resolveRoute53(job: AwsJob, targets: Target[]): Promise<void> {
  const sdk = await import('@aws-sdk/client-route-53');
  const r53 = await clientFor(job, ROUTE53);
  await Promise.all(
    targets.map((t) => {
      const m = /^arn:[^:]+:route53:::hostedzone\/([A-Za-z0-9]+)$/.exec(t.id);
      if (!m || t.unresolved?.includes('value')) return job.notRead(t);
      if (job.action.operation === 'route53 change-resource-record-sets') return changeBatch(job, sdk, r53, t, m[1]);
      return zone(job, sdk, r53, t, m[1]);
    }),
  );
}

/** The zone itself: name, public or private, record sets, and whether a delete would be refused. */
async function zone(job: AwsJob, sdk: Route53Sdk, r53: Route53, t: Target, id: string): Promise<void> {
  const opt = { abortSignal: job.signal };
  await readTarget(
    job,
    t,
    ROUTE53,
    `the hosted zone ${id}`,
    async () => {
      const z = await r53.send(new sdk.GetHostedZoneCommand({ Id: id }), opt);
      const sample = await optional(() => r53.send(new sdk.ListResourceRecordSetsCommand({ HostedZoneId: id, MaxItems: 20 }), opt));
      return { z, sample };
    },
    ({ z, sample }) => {
      const hz = z.HostedZone;
      if (!hz) return undefined;
      const count = hz.ResourceRecordSetCount ?? 0;
      const facts = [hz.Config?.PrivateZone ? `private zone (${plural(z.VPCs?.length ?? 0, 'VPC')})` : 'public zone', plural(count, 'record set')];
      if (hz.Config?.Comment) facts.push(hz.Config.Comment);
      const own = (sample?.ResourceRecordSets ?? []).filter((r) => !isApex(r, hz.Name) || (r.Type !== 'SOA' && r.Type !== 'NS'));
      if (own.length > 0) {
        facts.push(`records: ${own.slice(0, 6).map((r) => `${bare(r.Name)} ${r.Type}`).join(', ')}${own.length > 6 || sample?.IsTruncated ? ', …' : ''}`);
        if (job.action.operation === 'route53 delete-hosted-zone') facts.push('delete fails while the zone holds records other than its SOA and NS');
      }
      return { name: bare(hz.Name) || id, facts, before: { name: hz.Name, recordSets: count, private: !!hz.Config?.PrivateZone } };
    },
    id,
  );
}

/** The zone, then one entry per record set the batch names: what is there now, and what it becomes. */
async function changeBatch(job: AwsJob, sdk: Route53Sdk, r53: Route53, t: Target, zoneId: string): Promise<void> {
  const words = job.args.flags.get('change-batch') ?? [];
  const payload = words.length === 1 ? readPayload(words[0]) : undefined;
  const changes = payload?.kind === 'inline' ? batchChanges(payload.json ?? parseShorthand(payload.text)) : undefined;
  if (!changes) {
    job.add({ id: t.id, change: t.change, kind: t.kind, name: zoneId, facts: ['the change batch is not written on the command line (file:// or known only at run time): its records were not read'] });
    return;
  }
  const opt = { abortSignal: job.signal };
  const where = endpointName(job, ROUTE53);
  let gone = false;
  const z = await attempt(job, `the hosted zone ${zoneId}`, where, t.id, () => r53.send(new sdk.GetHostedZoneCommand({ Id: zoneId }), opt), () => {
    gone = true;
  });
  if (gone) job.add({ id: t.id, change: t.change, kind: t.kind, name: zoneId, facts: ['does not exist: the command would fail'] });
  if (!z) return;
  const zoneName = z.HostedZone?.Name;
  const counts = changes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.Action]: (acc[c.Action] ?? 0) + 1 }), {});
  job.add({
    id: t.id,
    change: t.change,
    kind: t.kind,
    name: bare(zoneName) || zoneId,
    facts: [plural(z.HostedZone?.ResourceRecordSetCount ?? 0, 'record set'), Object.entries(counts).map(([a, n]) => `${n} ${a}`).join(', ')],
  });
  await Promise.all(
    changes.map(async (c) => {
      const name = dotted(c.set.Name ?? '');
      const type = (c.set.Type ?? '').toUpperCase();
      const label = `${bare(name)} ${type}`;
      const current = await attempt(job, `the record set ${label}`, where, t.id, () => currentSet(sdk, r53, zoneId, name, type, c.set.SetIdentifier, job.signal));
      if (current !== undefined) job.add(recordEntry(t.id, c, name, type, current));
    }),
  );
}

/** The record set with this name, type (and set identifier) as it is now, or null when there is none. */
async function currentSet(sdk: Route53Sdk, r53: Route53, zoneId: string, name: string, type: string, setId: string | undefined, signal: AbortSignal): Promise<RecordSet | null> {
  const out = await r53.send(new sdk.ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: name, StartRecordType: type as import('@aws-sdk/client-route-53').RRType, MaxItems: 100 }), { abortSignal: signal });
  const found = (out.ResourceRecordSets ?? []).find((r) => sameName(r.Name, name) && r.Type === type && (r.SetIdentifier ?? undefined) === (setId ?? undefined));
  return (found as RecordSet | undefined) ?? null;
}

function recordEntry(zoneArn: string, c: BatchChange, name: string, type: string, current: RecordSet | null): ResolvedResource {
  const action = c.Action.toUpperCase();
  const id = `${zoneArn}/recordset/${bare(name)}/${type}${c.set.SetIdentifier ? `/${c.set.SetIdentifier}` : ''}`;
  const facts: string[] = [];
  let change: Change = action === 'DELETE' ? 'destroy' : current ? 'change' : 'create';
  if (current) facts.push(`now: ${values(current)}`);
  if (action === 'DELETE') {
    if (!current) facts.push('does not exist: the change batch fails');
    else if (values(current) !== values(c.set)) facts.push(`the DELETE names ${values(c.set)}, not the current values: the change batch fails`);
  } else if (action === 'CREATE' && current) {
    facts.push('already exists: the change batch fails');
    change = 'change';
  } else {
    facts.push(`becomes: ${values(c.set)}`);
  }
  if (c.set.SetIdentifier) facts.push(`set identifier ${c.set.SetIdentifier}`);
  const entry: ResolvedResource = { id, change, kind: 'route53 record set', name: `${bare(name)} ${type}`, facts, from: zoneArn };
  if (current) entry.before = shape(current);
  if (action !== 'DELETE') entry.after = shape(c.set);
  return entry;
}

/** `A 300 192.0.2.1, 192.0.2.2` or `A alias dualstack.lb.example.com`. */
function values(r: RecordSet): string {
  if (r.AliasTarget?.DNSName) return `${r.Type ?? ''} alias ${bare(r.AliasTarget.DNSName)}`.trim();
  const v = (r.ResourceRecords ?? []).map((x) => x.Value ?? '').join(', ');
  return `${r.Type ?? ''} ${r.TTL ?? '?'} ${v}`.trim();
}

function shape(r: RecordSet): Record<string, unknown> {
  if (r.AliasTarget?.DNSName) return { type: r.Type, alias: bare(r.AliasTarget.DNSName) };
  return { type: r.Type, ttl: r.TTL === undefined ? undefined : Number(r.TTL), values: (r.ResourceRecords ?? []).map((x) => x.Value) };
}

/** The changes of a parsed batch; undefined when it has no recognisable `Changes` list. */
function batchChanges(parsed: unknown): BatchChange[] | undefined {
  const list = (parsed as { Changes?: unknown } | undefined)?.Changes;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: BatchChange[] = [];
  for (const c of list as Array<{ Action?: unknown; ResourceRecordSet?: RecordSet }>) {
    if (typeof c?.Action !== 'string' || !c.ResourceRecordSet?.Name || !c.ResourceRecordSet.Type) return undefined;
    out.push({ Action: c.Action.toUpperCase(), set: c.ResourceRecordSet });
  }
  return out;
}

/**
 * The CLI's shorthand syntax (`Changes=[{Action=DELETE,ResourceRecordSet={Name=a.example.com,Type=A}}]`)
 * as plain objects; undefined when the text does not follow it.
 */
function parseShorthand(text: string): unknown {
  let i = 0;
  const value = (stop: string): unknown => {
    if (text[i] === '{') {
      i++;
      const obj = members('}');
      if (text[i++] !== '}') throw new Error('unclosed {');
      return obj;
    }
    if (text[i] === '[') {
      i++;
      const list: unknown[] = [];
      while (i < text.length && text[i] !== ']') {
        list.push(value(',]'));
        if (text[i] === ',') i++;
      }
      if (text[i++] !== ']') throw new Error('unclosed [');
      return list;
    }
    let s = '';
    while (i < text.length && !stop.includes(text[i])) s += text[i++];
    return s.trim();
  };
  const members = (close: string): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    while (i < text.length && text[i] !== close) {
      const eq = text.indexOf('=', i);
      if (eq < 0) throw new Error('no =');
      const key = text.slice(i, eq).trim();
      i = eq + 1;
      obj[key] = value(`,${close}`);
      if (text[i] === ',') i++;
    }
    return obj;
  };
  try {
    const top = members('');
    return i === text.length ? top : undefined;
  } catch {
    return undefined;
  }
}

/** Route 53 treats every name as fully qualified, with or without the final dot. */
function dotted(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function sameName(a: string | undefined, b: string): boolean {
  // Route 53 returns `*` as `\052` and names in lower case.
  const norm = (s: string) => s.replace(/\\052/g, '*').replace(/\.$/, '').toLowerCase();
  return norm(a ?? '') === norm(b);
}

function isApex(r: { Name?: string }, zoneName: string | undefined): boolean {
  return sameName(r.Name, zoneName ?? '');
}

function bare(name: string | undefined): string {
  return (name ?? '').replace(/\\052/g, '*').replace(/\.$/, '');
}
