/** EC2 previews against moto: instances with Name tags, volumes, snapshots, security groups, a VPC. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachVolumeCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { needs } from '../support/tools';
import { awsBench, entry, hasFact, type AwsBench } from './aws-support';

const skip = needs('moto_server');
let bench: AwsBench;
let ec2: EC2Client;
const ids: Record<string, string> = {};
const arn = (type: string, id: string) => `arn:aws:ec2:us-east-1:123456789012:${type}/${id}`;

before(async () => {
  if (skip) return;
  bench = await awsBench();
  ec2 = new EC2Client(bench.sdk);
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId ?? 'ami-12c6146b';
  const run = async (name: string, type: string, env: string) =>
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: type as 'm5.2xlarge',
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }, { Key: 'env', Value: env }] }],
        }),
      )
    ).Instances![0].InstanceId!;
  ids.web = await run('prod-web-1', 'm5.2xlarge', 'prod');
  ids.worker = await run('dev-worker', 't3.micro', 'dev');
  await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ids.web, DisableApiTermination: { Value: true } }));
  ids.volume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 100, VolumeType: 'gp3' }))).VolumeId!;
  await ec2.send(new AttachVolumeCommand({ VolumeId: ids.volume, InstanceId: ids.worker, Device: '/dev/sdf' }));
  ids.loose = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'scratch' }] }] }))).VolumeId!;
  ids.snapshot = (await ec2.send(new CreateSnapshotCommand({ VolumeId: ids.volume, Description: 'nightly' }))).SnapshotId!;
  ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
  await ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: '10.9.1.0/24' }));
  ids.db = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'db', Description: 'database', VpcId: ids.vpc }))).GroupId!;
  ids.app = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app servers', VpcId: ids.vpc }))).GroupId!;
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids.db, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: ids.app }] }] }));
});
after(async () => {
  if (!skip) await bench.stop();
});

test('terminate-instances: Name tag, type, state, running time, tags, termination protection, per instance', { skip }, async () => {
  const r = await bench.preview(`aws ec2 terminate-instances --instance-ids ${ids.web} ${ids.worker} i-0000000000000dead`);
  assert.deepEqual(r.failures, []);
  const web = entry(r, arn('instance', ids.web));
  assert.equal(web.name, 'prod-web-1');
  assert.equal(web.change, 'destroy');
  assert.equal(web.from, `arn:aws:ec2:us-east-1:*:instance/${ids.web}`);
  assert.equal(web.facts[0], 'm5.2xlarge');
  assert.match(web.facts[1], /^running (\d+ minutes|\d+ hours?|\d+ days?)$/);
  assert.ok(hasFact(web, /^tag env=prod$/));
  assert.ok(hasFact(web, /termination protection on: terminate fails/));
  assert.ok(hasFact(web, /volumes deleted with it: vol-/));
  const worker = entry(r, arn('instance', ids.worker));
  assert.equal(worker.name, 'dev-worker');
  assert.ok(hasFact(worker, /^tag env=dev$/));
  assert.ok(!hasFact(worker, /termination protection/));
  assert.deepEqual(entry(r, 'arn:aws:ec2:us-east-1:*:instance/i-0000000000000dead').facts, ['does not exist: the command would fail']);
});

test('stop-instances reads the same facts, without the termination checks', { skip }, async () => {
  const r = await bench.preview(`aws ec2 stop-instances --instance-ids ${ids.web}`);
  const web = entry(r, arn('instance', ids.web));
  assert.equal(web.change, 'change');
  assert.ok(!hasFact(web, /termination/));
  assert.deepEqual((web.before as { tags: Record<string, string> }).tags, { Name: 'prod-web-1', env: 'prod' });
});

test('delete-volume: size, type, what it is attached to', { skip }, async () => {
  const r = await bench.preview(`aws ec2 delete-volume --volume-id ${ids.volume}`);
  const v = entry(r, arn('volume', ids.volume));
  assert.deepEqual(v.facts.slice(0, 2), ['100 GiB', 'gp3']);
  assert.ok(hasFact(v, new RegExp(`attached to ${ids.worker} as /dev/sdf: delete fails while attached`)));
  const loose = await bench.preview(`aws ec2 delete-volume --volume-id ${ids.loose}`);
  assert.equal(entry(loose, arn('volume', ids.loose)).name, 'scratch');
  assert.ok(hasFact(entry(loose, arn('volume', ids.loose)), /^not attached$/));
});

test('delete-snapshot: size, source volume, description', { skip }, async () => {
  const r = await bench.preview(`aws ec2 delete-snapshot --snapshot-id ${ids.snapshot}`);
  const s = entry(r, `arn:aws:ec2:us-east-1::snapshot/${ids.snapshot}`);
  assert.equal(s.facts[0], '100 GiB');
  assert.ok(hasFact(s, new RegExp(`^of ${ids.volume}$`)));
  assert.ok(hasFact(s, /^nightly$/));
});

test('delete-security-group: the groups whose rules reference it', { skip }, async () => {
  const r = await bench.preview(`aws ec2 delete-security-group --group-id ${ids.app}`);
  const g = entry(r, arn('security-group', ids.app));
  assert.equal(g.name, 'app');
  assert.ok(hasFact(g, new RegExp(`referenced by the rules of ${ids.db} \\(db\\): delete fails while referenced`)), g.facts.join(' | '));
});

test('delete-vpc: what is still in it', { skip }, async () => {
  const r = await bench.preview(`aws ec2 delete-vpc --vpc-id ${ids.vpc}`);
  const v = entry(r, arn('vpc', ids.vpc));
  assert.equal(v.facts[0], '10.9.0.0/16');
  assert.ok(hasFact(v, /still holds 1 subnet.*: delete-vpc fails until they go/), v.facts.join(' | '));
});

test('an EC2 operation without a reader keeps its targets, marked not read live', { skip }, async () => {
  const r = await bench.preview('aws ec2 delete-key-pair --key-name deploy');
  assert.deepEqual(r.failures, []);
  assert.ok(r.resources.every((x) => hasFact(x, /not read live/)));
  assert.equal(r.identity?.account, '123456789012');
});
