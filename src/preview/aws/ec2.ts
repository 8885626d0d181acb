/**
 * EC2: instances (terminate, stop, reboot, modify: Name, type, state, how long running, tags,
 * termination protection, volumes that go with them), volumes, snapshots, security groups (what uses
 * them) and VPCs (what is still in them). Ids are read with filters, so a missing id is a fact, not an
 * error for the whole call.
 */
import type { Target } from '../../core';
import { clientFor, EC2, endpointName } from './clients';
import { attempt } from './errors';
import { age, day, nameTag, plural, tagFacts, type AwsJob } from './job';

type Ec2Client = import('@aws-sdk/client-ec2').EC2Client;

export async function resolveEc2(job: AwsJob, targets: Target[]): Promise<void> {
  const byType = new Map<string, Array<{ t: Target; id: string }>>();
  for (const t of targets) {
    const m = /^arn:[^:]+:ec2:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(t.id);
    if (!m || t.unresolved?.includes('value')) {
      job.notRead(t);
      continue;
    }
    const list = byType.get(m[1]) ?? [];
    list.push({ t, id: m[2] });
    byType.set(m[1], list);
  }
  const ec2 = await clientFor(job, EC2);
  const work: Array<Promise<void>> = [];
  for (const [type, list] of byType) {
    if (type === 'instance') work.push(instances(job, ec2, list));
    else if (type === 'volume') work.push(volumes(job, ec2, list));
    else if (type === 'snapshot') work.push(snapshots(job, ec2, list));
    else if (type === 'security-group') work.push(...list.map((x) => securityGroup(job, ec2, x.t, x.id)));
    else if (type === 'vpc') work.push(...list.map((x) => vpc(job, ec2, x.t, x.id)));
    else for (const x of list) job.notRead(x.t);
  }
  await Promise.all(work);
}

function where(job: AwsJob): string {
  return endpointName(job, EC2);
}

function absent(job: AwsJob, t: Target, id: string): void {
  job.add({ id: t.id, change: t.change, kind: t.kind, name: id, facts: ['does not exist: the command would fail'] });
}

async function instances(job: AwsJob, ec2: Ec2Client, list: Array<{ t: Target; id: string }>): Promise<void> {
  const { DescribeInstancesCommand, DescribeInstanceAttributeCommand } = await import('@aws-sdk/client-ec2');
  const ids = list.map((x) => x.id);
  const r = await attempt(job, `the instances ${ids.join(', ')}`, where(job), list.length === 1 ? list[0].t.id : undefined, () =>
    ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }] }), { abortSignal: job.signal }),
  );
  if (!r) return;
  const found = new Map((r.Reservations ?? []).flatMap((res) => res.Instances ?? []).map((i) => [i.InstanceId ?? '', i]));
  const terminating = job.action.operation === 'ec2 terminate-instances';
  await Promise.all(
    list.map(async ({ t, id }) => {
      const i = found.get(id);
      if (!i) return absent(job, t, id);
      const state = i.State?.Name ?? 'unknown';
      const facts: string[] = [];
      if (i.InstanceType) facts.push(i.InstanceType);
      const since = age(i.LaunchTime);
      facts.push(state === 'running' && since ? `running ${since}` : state);
      if (i.LaunchTime) facts.push(`launched ${day(i.LaunchTime)}`);
      facts.push(...tagFacts(i.Tags));
      if (i.PrivateIpAddress) facts.push(`private ip ${i.PrivateIpAddress}`);
      if (i.PublicIpAddress) facts.push(`public ip ${i.PublicIpAddress}`);
      if (i.InstanceLifecycle === 'spot') facts.push('spot instance');
      if (terminating) {
        const gone = (i.BlockDeviceMappings ?? []).filter((b) => b.Ebs?.DeleteOnTermination && b.Ebs.VolumeId).map((b) => b.Ebs!.VolumeId!);
        const kept = (i.BlockDeviceMappings ?? []).filter((b) => b.Ebs && !b.Ebs.DeleteOnTermination && b.Ebs.VolumeId).map((b) => b.Ebs!.VolumeId!);
        if (gone.length > 0) facts.push(`volumes deleted with it: ${gone.join(', ')}`);
        if (kept.length > 0) facts.push(`volumes kept: ${kept.join(', ')}`);
        try {
          const a = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiTermination' }), { abortSignal: job.signal });
          if (a.DisableApiTermination?.Value) facts.push('termination protection on: terminate fails');
        } catch {
          // optional: the principal may describe instances without reading attributes
        }
      }
      const arn = await job.arnOf(t);
      job.add({
        ...arn,
        change: t.change,
        kind: t.kind,
        name: nameTag(i.Tags) ?? id,
        facts,
        before: { state, type: i.InstanceType, launched: i.LaunchTime?.toISOString(), tags: Object.fromEntries((i.Tags ?? []).map((x) => [x.Key, x.Value])) },
      });
    }),
  );
}

async function volumes(job: AwsJob, ec2: Ec2Client, list: Array<{ t: Target; id: string }>): Promise<void> {
  const { DescribeVolumesCommand } = await import('@aws-sdk/client-ec2');
  const ids = list.map((x) => x.id);
  const r = await attempt(job, `the volumes ${ids.join(', ')}`, where(job), list.length === 1 ? list[0].t.id : undefined, () =>
    ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: ids }] }), { abortSignal: job.signal }),
  );
  if (!r) return;
  const found = new Map((r.Volumes ?? []).map((v) => [v.VolumeId ?? '', v]));
  for (const { t, id } of list) {
    const v = found.get(id);
    if (!v) {
      absent(job, t, id);
      continue;
    }
    const facts = [`${v.Size ?? '?'} GiB`, v.VolumeType ?? '', v.State ?? ''].filter(Boolean);
    const attached = (v.Attachments ?? []).filter((a) => a.State === 'attached' || a.State === 'attaching');
    if (attached.length > 0) facts.push(`attached to ${attached.map((a) => `${a.InstanceId} as ${a.Device}`).join(', ')}: delete fails while attached`);
    else facts.push('not attached');
    if (v.SnapshotId) facts.push(`created from ${v.SnapshotId}`);
    if (v.Encrypted) facts.push('encrypted');
    if (v.CreateTime) facts.push(`created ${day(v.CreateTime)}`);
    facts.push(...tagFacts(v.Tags));
    job.add({ ...(await job.arnOf(t)), change: t.change, kind: t.kind, name: nameTag(v.Tags) ?? id, facts, before: { size: v.Size, state: v.State, attachments: attached.map((a) => a.InstanceId) } });
  }
}

async function snapshots(job: AwsJob, ec2: Ec2Client, list: Array<{ t: Target; id: string }>): Promise<void> {
  const { DescribeSnapshotsCommand, DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
  const ids = list.map((x) => x.id);
  const r = await attempt(job, `the snapshots ${ids.join(', ')}`, where(job), list.length === 1 ? list[0].t.id : undefined, () =>
    ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'snapshot-id', Values: ids }] }), { abortSignal: job.signal }),
  );
  if (!r) return;
  const found = new Map((r.Snapshots ?? []).map((s) => [s.SnapshotId ?? '', s]));
  // An image registered from a snapshot blocks its deletion.
  const images = await ec2
    .send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'block-device-mapping.snapshot-id', Values: ids }] }), { abortSignal: job.signal })
    .then((x) => x.Images ?? [], () => undefined);
  for (const { t, id } of list) {
    const s = found.get(id);
    if (!s) {
      absent(job, t, id);
      continue;
    }
    const facts = [`${s.VolumeSize ?? '?'} GiB`, s.State ?? ''].filter(Boolean);
    if (s.VolumeId) facts.push(`of ${s.VolumeId}`);
    if (s.StartTime) facts.push(`taken ${day(s.StartTime)}`);
    if (s.Description) facts.push(s.Description.slice(0, 100));
    const using = images?.filter((im) => (im.BlockDeviceMappings ?? []).some((b) => b.Ebs?.SnapshotId === id)) ?? [];
    if (using.length > 0) facts.push(`used by ${using.map((im) => im.ImageId).join(', ')}: delete fails while registered`);
    facts.push(...tagFacts(s.Tags));
    job.add({ ...(await job.arnOf(t)), change: t.change, kind: t.kind, name: nameTag(s.Tags) ?? id, facts });
  }
}

async function securityGroup(job: AwsJob, ec2: Ec2Client, t: Target, id: string): Promise<void> {
  const { DescribeSecurityGroupsCommand, DescribeNetworkInterfacesCommand } = await import('@aws-sdk/client-ec2');
  const r = await attempt(job, `the security group ${id}`, where(job), t.id, () =>
    ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }), { abortSignal: job.signal }),
  );
  if (!r) return;
  const g = r.SecurityGroups?.[0];
  if (!g) return absent(job, t, id);
  const facts = [`${g.GroupName}`, g.Description ?? ''].filter(Boolean);
  if (g.VpcId) facts.push(`in ${g.VpcId}`);
  facts.push(`${plural(g.IpPermissions?.length ?? 0, 'inbound rule')}, ${plural(g.IpPermissionsEgress?.length ?? 0, 'outbound rule')}`);
  if (g.GroupName === 'default') facts.push('the VPC\'s default group: cannot be deleted');
  const [enis, peers] = await Promise.all([
    ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [id] }] }), { abortSignal: job.signal }).then((x) => x.NetworkInterfaces ?? [], () => undefined),
    referencingGroups(job, ec2, id, g.VpcId),
  ]);
  if (enis && enis.length > 0) {
    const users = enis.map((n) => n.Attachment?.InstanceId ?? n.Description ?? n.NetworkInterfaceId).filter(Boolean);
    facts.push(`used by ${plural(enis.length, 'network interface')} (${[...new Set(users)].slice(0, 6).join(', ')}): delete fails while in use`);
  } else if (enis) facts.push('no network interface uses it');
  if (peers && peers.length > 0) facts.push(`referenced by the rules of ${peers.slice(0, 6).join(', ')}: delete fails while referenced`);
  facts.push(...tagFacts(g.Tags));
  job.add({ ...(await job.arnOf(t)), change: t.change, kind: t.kind, name: nameTag(g.Tags) ?? g.GroupName ?? id, facts });
}

/** Other groups in the VPC whose rules name this one (bounded to the first 1,000 groups). */
async function referencingGroups(job: AwsJob, ec2: Ec2Client, id: string, vpcId: string | undefined): Promise<string[] | undefined> {
  const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
  try {
    const out: string[] = [];
    let token: string | undefined;
    let seen = 0;
    do {
      const page = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : undefined, NextToken: token, MaxResults: vpcId ? 500 : undefined }),
        { abortSignal: job.signal },
      );
      for (const g of page.SecurityGroups ?? []) {
        seen++;
        if (g.GroupId === id) continue;
        const rules = [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])];
        if (rules.some((p) => (p.UserIdGroupPairs ?? []).some((u) => u.GroupId === id))) out.push(`${g.GroupId} (${g.GroupName})`);
      }
      token = page.NextToken;
    } while (token && seen < 1000);
    return out;
  } catch {
    return undefined;
  }
}

async function vpc(job: AwsJob, ec2: Ec2Client, t: Target, id: string): Promise<void> {
  const { DescribeVpcsCommand, DescribeSubnetsCommand, DescribeInstancesCommand, DescribeNetworkInterfacesCommand, DescribeInternetGatewaysCommand } = await import('@aws-sdk/client-ec2');
  const r = await attempt(job, `the VPC ${id}`, where(job), t.id, () =>
    ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [id] }] }), { abortSignal: job.signal }),
  );
  if (!r) return;
  const v = r.Vpcs?.[0];
  if (!v) return absent(job, t, id);
  const facts = [v.CidrBlock ?? '', v.State ?? ''].filter(Boolean);
  if (v.IsDefault) facts.push('the default VPC');
  const inVpc = [{ Name: 'vpc-id', Values: [id] }];
  const opt = { abortSignal: job.signal };
  const [subnets, instances, enis, igws] = await Promise.all([
    ec2.send(new DescribeSubnetsCommand({ Filters: inVpc }), opt).then((x) => x.Subnets?.length ?? 0, () => undefined),
    ec2
      .send(new DescribeInstancesCommand({ Filters: [...inVpc, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }), opt)
      .then((x) => (x.Reservations ?? []).flatMap((res) => res.Instances ?? []).length, () => undefined),
    ec2.send(new DescribeNetworkInterfacesCommand({ Filters: inVpc }), opt).then((x) => x.NetworkInterfaces?.length ?? 0, () => undefined),
    ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [id] }] }), opt).then((x) => x.InternetGateways?.length ?? 0, () => undefined),
  ]);
  const still: string[] = [];
  if (subnets) still.push(plural(subnets, 'subnet'));
  if (instances) still.push(plural(instances, 'instance'));
  if (enis) still.push(plural(enis, 'network interface'));
  if (igws) still.push(plural(igws, 'internet gateway'));
  if (still.length > 0) facts.push(`still holds ${still.join(', ')}: delete-vpc fails until they go`);
  else if (subnets !== undefined) facts.push('empty');
  facts.push(...tagFacts(v.Tags));
  job.add({ ...(await job.arnOf(t)), change: t.change, kind: t.kind, name: nameTag(v.Tags) ?? id, facts });
}

