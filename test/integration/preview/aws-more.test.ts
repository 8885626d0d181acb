/** Route 53, ECS and EKS previews against moto: record sets in a change batch, services, clusters, node groups. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateClusterCommand as CreateEcsCluster, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateClusterCommand as CreateEksCluster, CreateFargateProfileCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { needs } from '../support/tools';
import { awsBench, entry, hasFact, type AwsBench } from './aws-support';

const skip = needs('moto_server', 'python3');
let bench: AwsBench;
let zoneId = '';
let emptyZoneId = '';
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/eks`;

before(async () => {
  if (skip) return;
  // moto reports this many running tasks for every service it creates (it runs no containers).
  process.env.MOTO_ECS_SERVICE_RUNNING = '2';
  bench = await awsBench();

  const r53 = new Route53Client(bench.sdk);
  zoneId = (await r53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'zone-1' }))).HostedZone!.Id!.replace('/hostedzone/', '');
  emptyZoneId = (await r53.send(new CreateHostedZoneCommand({ Name: 'empty.example', CallerReference: 'zone-2' }))).HostedZone!.Id!.replace('/hostedzone/', '');
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          { Action: 'CREATE', ResourceRecordSet: { Name: 'api.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }, { Value: '192.0.2.11' }] } },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'www.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'api.example.com' }] } },
        ],
      },
    }),
  );

  const ecs = new ECSClient(bench.sdk);
  await ecs.send(new CreateEcsCluster({ clusterName: 'prod', tags: [{ key: 'env', value: 'prod' }] }));
  await ecs.send(new CreateEcsCluster({ clusterName: 'spare' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 512 }] }));
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'FARGATE' }));
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'worker', taskDefinition: 'web', desiredCount: 2, launchType: 'EC2' }));

  const eks = new EKSClient(bench.sdk);
  const vpc = { subnetIds: ['subnet-1', 'subnet-2'] };
  await eks.send(new CreateEksCluster({ name: 'platform', version: '1.29', roleArn: ROLE, resourcesVpcConfig: vpc, tags: { team: 'infra' } }));
  await eks.send(new CreateEksCluster({ name: 'bare', version: '1.30', roleArn: ROLE, resourcesVpcConfig: vpc }));
  await eks.send(
    new CreateNodegroupCommand({ clusterName: 'platform', nodegroupName: 'general', nodeRole: ROLE, subnets: vpc.subnetIds, instanceTypes: ['m5.large'], scalingConfig: { minSize: 2, maxSize: 5, desiredSize: 3 } }),
  );
  await eks.send(new CreateFargateProfileCommand({ clusterName: 'platform', fargateProfileName: 'batch', podExecutionRoleArn: ROLE, selectors: [{ namespace: 'batch' }] }));
});
after(async () => {
  delete process.env.MOTO_ECS_SERVICE_RUNNING;
  if (!skip) await bench.stop();
});

const batch = (changes: unknown[]) => `'${JSON.stringify({ Changes: changes })}'`;

test('route53 change-resource-record-sets DELETE: the record set goes, with its current values', { skip }, async () => {
  const change = { Action: 'DELETE', ResourceRecordSet: { Name: 'api.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }, { Value: '192.0.2.11' }] } };
  const r = await bench.preview(`aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch ${batch([change])}`);
  assert.deepEqual(r.failures, []);
  const zone = entry(r, `arn:aws:route53:::hostedzone/${zoneId}`);
  assert.equal(zone.name, 'example.com');
  assert.deepEqual(zone.facts, ['4 record sets', '1 DELETE']);
  const rec = entry(r, `arn:aws:route53:::hostedzone/${zoneId}/recordset/api.example.com/A`);
  assert.equal(rec.change, 'destroy');
  assert.equal(rec.kind, 'route53 record set');
  assert.equal(rec.from, `arn:aws:route53:::hostedzone/${zoneId}`);
  assert.deepEqual(rec.facts, ['now: A 300 192.0.2.10, 192.0.2.11']);
  assert.deepEqual(rec.before, { type: 'A', ttl: 300, values: ['192.0.2.10', '192.0.2.11'] });
  assert.equal(rec.after, undefined);
});

test('route53 DELETE of values that differ or of a record that is not there: the batch fails, and says so', { skip }, async () => {
  const stale = { Action: 'DELETE', ResourceRecordSet: { Name: 'api.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.99' }] } };
  const missing = { Action: 'DELETE', ResourceRecordSet: { Name: 'old.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } };
  const r = await bench.preview(`aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch ${batch([stale, missing])}`);
  assert.deepEqual(r.failures, []);
  assert.ok(hasFact(entry(r, `arn:aws:route53:::hostedzone/${zoneId}/recordset/api.example.com/A`), /^the DELETE names A 300 192\.0\.2\.99, not the current values: the change batch fails$/));
  assert.deepEqual(entry(r, `arn:aws:route53:::hostedzone/${zoneId}/recordset/old.example.com/A`).facts, ['does not exist: the change batch fails']);
});

test('route53 UPSERT in shorthand: current values before, the batch’s after; a new name is a create', { skip }, async () => {
  const shorthand =
    'Changes=[{Action=UPSERT,ResourceRecordSet={Name=www.example.com,Type=CNAME,TTL=300,ResourceRecords=[{Value=lb.example.net}]}},' +
    '{Action=UPSERT,ResourceRecordSet={Name=new.example.com,Type=TXT,TTL=60,ResourceRecords=[{Value=hello}]}}]';
  const r = await bench.preview(`aws route53 change-resource-record-sets --hosted-zone-id /hostedzone/${zoneId} --change-batch '${shorthand}'`);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(entry(r, `arn:aws:route53:::hostedzone/${zoneId}`).facts, ['4 record sets', '2 UPSERT']);
  const www = entry(r, `arn:aws:route53:::hostedzone/${zoneId}/recordset/www.example.com/CNAME`);
  assert.equal(www.change, 'change');
  assert.deepEqual(www.facts, ['now: CNAME 60 api.example.com', 'becomes: CNAME 300 lb.example.net']);
  assert.deepEqual(www.before, { type: 'CNAME', ttl: 60, values: ['api.example.com'] });
  assert.deepEqual(www.after, { type: 'CNAME', ttl: 300, values: ['lb.example.net'] });
  const added = entry(r, `arn:aws:route53:::hostedzone/${zoneId}/recordset/new.example.com/TXT`);
  assert.equal(added.change, 'create');
  assert.equal(added.before, undefined);
  assert.deepEqual(added.after, { type: 'TXT', ttl: 60, values: ['hello'] });
});

test('route53 change batch read from a file: the zone is shown, the records are said to be unseen', { skip }, async () => {
  const r = await bench.preview(`aws route53 change-resource-record-sets --hosted-zone-id ${zoneId} --change-batch file://batch.json`);
  assert.deepEqual(r.failures, []);
  assert.equal(r.resources.length, 1);
  assert.match(entry(r, `arn:aws:route53:::hostedzone/${zoneId}`).facts[0], /not written on the command line/);
});

test('route53 delete-hosted-zone: name, record count, and the refusal while records remain', { skip }, async () => {
  const r = await bench.preview(`aws route53 delete-hosted-zone --id ${zoneId}`);
  assert.deepEqual(r.failures, []);
  const z = entry(r, `arn:aws:route53:::hostedzone/${zoneId}`);
  assert.equal(z.change, 'destroy');
  assert.equal(z.name, 'example.com');
  assert.deepEqual(z.facts, ['public zone', '4 record sets', 'records: api.example.com A, www.example.com CNAME', 'delete fails while the zone holds records other than its SOA and NS']);
  assert.deepEqual(z.before, { name: 'example.com.', recordSets: 4, private: false });
  const empty = entry(await bench.preview(`aws route53 delete-hosted-zone --id ${emptyZoneId}`), `arn:aws:route53:::hostedzone/${emptyZoneId}`);
  assert.deepEqual(empty.facts, ['public zone', '2 record sets']);
  const gone = await bench.preview('aws route53 delete-hosted-zone --id ZNOSUCHZONE1');
  assert.deepEqual(gone.failures, []);
  assert.deepEqual(gone.resources[0].facts, ['does not exist: the command would fail']);
});

test('ecs delete-service: running and desired tasks, launch type, task definition; no --force with tasks fails', { skip }, async () => {
  const r = await bench.preview('aws ecs delete-service --cluster prod --service web');
  assert.deepEqual(r.failures, []);
  const s = entry(r, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`);
  assert.equal(s.from, 'arn:aws:ecs:us-east-1:*:service/prod/web');
  assert.equal(s.change, 'destroy');
  assert.deepEqual(s.facts.slice(0, 4), ['ACTIVE', '2 of 2 desired tasks running', 'FARGATE', 'task definition web:1']);
  assert.ok(hasFact(s, /^desired count above 0 and no --force: the delete fails$/));
  assert.deepEqual(s.before, { status: 'ACTIVE', desiredCount: 2, runningCount: 2, launch: 'FARGATE', taskDefinition: 'web:1' });
  const forced = entry(await bench.preview('aws ecs delete-service --cluster prod --service web --force'), s.id);
  assert.ok(hasFact(forced, /^its 2 running tasks stop$/));
  const missing = await bench.preview('aws ecs delete-service --cluster prod --service nope');
  assert.deepEqual(missing.failures, []);
  assert.deepEqual(missing.resources[0].facts, ['does not exist: the command would fail']);
});

test('ecs update-service --desired-count 0: every running task stops; before and after', { skip }, async () => {
  const r = await bench.preview('aws ecs update-service --cluster prod --service worker --desired-count 0');
  assert.deepEqual(r.failures, []);
  const s = entry(r, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/worker`);
  assert.equal(s.change, 'change');
  assert.equal(s.facts[2], 'EC2');
  assert.ok(hasFact(s, /^--desired-count 0: all 2 running tasks stop$/));
  assert.equal((s.before as { desiredCount: number }).desiredCount, 2);
  assert.equal((s.after as { desiredCount: number }).desiredCount, 0);
});

test('ecs delete-cluster: the services and tasks still in it', { skip }, async () => {
  const r = await bench.preview('aws ecs delete-cluster --cluster prod');
  assert.deepEqual(r.failures, []);
  const c = entry(r, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`);
  assert.equal(c.change, 'destroy');
  assert.deepEqual(c.facts.slice(0, 3), ['ACTIVE', '2 services', '4 running tasks']);
  assert.ok(hasFact(c, /^services: (web|worker) \(2\/2 running\), (web|worker) \(2\/2 running\)$/));
  assert.ok(hasFact(c, /^delete fails while the cluster has services or registered container instances$/));
  assert.ok(hasFact(c, /^tag env=prod$/));
  const spare = entry(await bench.preview('aws ecs delete-cluster --cluster spare'), `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/spare`);
  assert.deepEqual(spare.facts, ['ACTIVE', '0 services', '0 running tasks']);
});

test('eks delete-cluster: version, status, node groups and Fargate profiles in it', { skip }, async () => {
  const r = await bench.preview('aws eks delete-cluster --name platform');
  assert.deepEqual(r.failures, []);
  const c = entry(r, `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/platform`);
  assert.equal(c.from, 'arn:aws:eks:us-east-1:*:cluster/platform');
  assert.deepEqual(c.facts.slice(0, 5), [
    'Kubernetes 1.29',
    'ACTIVE',
    '1 node group: general (3 nodes (2–5) × m5.large)',
    '1 Fargate profile: batch',
    'delete fails while node groups or Fargate profiles remain',
  ]);
  assert.ok(hasFact(c, /^tag team=infra$/));
  assert.deepEqual(c.before, { version: '1.29', status: 'ACTIVE', nodegroups: ['general'], fargateProfiles: ['batch'] });
  const bare = entry(await bench.preview('aws eks delete-cluster --name bare'), `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/bare`);
  assert.deepEqual(bare.facts.slice(0, 4), ['Kubernetes 1.30', 'ACTIVE', 'no node groups', 'no Fargate profiles']);
});

test('eks delete-nodegroup: size and instance types; the cluster is only named, not read as going', { skip }, async () => {
  const r = await bench.preview('aws eks delete-nodegroup --cluster-name platform --nodegroup-name general');
  assert.deepEqual(r.failures, []);
  const g = r.resources.find((x) => x.kind === 'eks node group');
  assert.ok(g, JSON.stringify(r.resources));
  assert.match(g.id, new RegExp(`^arn:aws:eks:us-east-1:${ACCOUNT}:nodegroup/platform/general/[0-9a-f-]+$`));
  assert.equal(g.from, 'arn:aws:eks:us-east-1:*:nodegroup/platform/general/*');
  assert.equal(g.change, 'destroy');
  assert.equal(g.facts[0], '3 nodes (2–5) × m5.large');
  assert.ok(hasFact(g, /^its 3 nodes are drained and terminated$/));
  assert.deepEqual((g.before as { instanceTypes: string[] }).instanceTypes, ['m5.large']);
  // The analysis names the cluster as a read target (it stays), so it is not read as a change.
  assert.equal(r.resources.some((x) => x.id.endsWith(':cluster/platform') && x.change !== 'read'), false);
});

test('moto stopped: each reader says it could not reach AWS, never an empty preview', { skip }, async () => {
  const down = await awsBench();
  await down.stop();
  const lines = [
    `aws route53 delete-hosted-zone --id ${zoneId}`,
    'aws ecs delete-cluster --cluster prod',
    'aws eks delete-cluster --name platform',
  ];
  for (const line of lines) {
    const r = await down.preview(line);
    assert.deepEqual(r.resources, [], line);
    assert.ok(r.failures.some((f) => /^could not reach AWS at http:\/\/127\.0\.0\.1:\d+: /.test(f.message)), `${line}: ${JSON.stringify(r.failures)}`);
  }
});
