/**
 * Scoped AWS credentials end to end against moto_server: the gate (its credentials service on the
 * real IPC socket) obtains session credentials from STS with the person's own credentials and the
 * generated session policy; an agent terminal (the generated AWS config, the person's keys emptied,
 * dist/credential-process.js) runs the real AWS CLI and an SDK script with them; they refresh; and
 * after a person approves a destructive request, the approved command runs with one-time
 * credentials for exactly what was approved.
 *
 * What moto shows and what it does not: it records AssumeRole sessions with their policy (read back
 * through /moto-api/data.json) and, with its recorder on, every request as sent (how the
 * GetFederationToken Policy is read back). It does NOT evaluate session policies: enforcement is
 * shown by the IAM evaluator in test/unit/aws, not here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeAgentAwsFiles, type AgentAwsFiles } from '../../../src/aws/scoped/agent-files';
import { agentPolicyFor } from '../../../src/aws/scoped/agent-policy';
import { sdkSts } from '../../../src/aws/scoped/issuer';
import { AgentCredentialsService } from '../../../src/aws/scoped/service';
import { agentTerminalVariables } from '../../../src/aws/scoped/terminal-env';
import { buildGrantPolicy } from '../../../src/core/aws/session-policy';
import { Gate } from '../../../src/gate/gate';
import { readGateSettings, type GateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest } from '../../../src/gate/types';
import { IpcServer } from '../../../src/ipc/server';
import { processContext } from '../../../src/platform/context';
import { installShims } from '../../../src/shim/install';
import { analyzer } from '../../unit/support/analyzer';
import { startMoto, type Moto } from '../support/moto';
import { needs } from '../support/tools';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const CREDENTIAL_PROCESS = path.join(root, 'dist', 'credential-process.js');
const SHIM_CLIENT = path.join(root, 'dist', 'shim-client.js');
const skip = needs('bash', 'aws', 'moto_server', 'curl');
const ACCOUNT = '123456789012';

let dir: string;
let moto: Moto;
let server: IpcServer;
let files: AgentAwsFiles;
let shimDir: string;
let settings: GateSettings;
/** The gate's clock: moved forward to make sessions run out. */
let clock = Date.now();
let service: AgentCredentialsService;
const log: string[] = [];
let alice: { key: string; secret: string };
let person: (r: ApprovalRequest) => boolean = () => false;
const saved: Record<string, string | undefined> = {};

const scoped = (aws: Record<string, unknown>) => readGateSettings({ protectedResources: ['arn:aws:s3:::prod-*'], circuitBreaker: { maxDestructive: 1000 }, aws: { agentCredentials: 'scoped', ...aws } }).settings;

function newService(opts: { sessionSeconds?: number; refreshBeforeSeconds?: number } = {}): AgentCredentialsService {
  clock = Date.now();
  return new AgentCredentialsService({ settings: () => settings, sts: sdkSts(), now: () => clock, log: (l) => log.push(l), ...opts });
}

async function motoJson(p: string, init?: RequestInit): Promise<unknown> {
  const r = await fetch(`${moto.endpoint}${p}`, init);
  const text = await r.text();
  return text ? JSON.parse(text) : undefined;
}

interface AssumedRoleRecord {
  role_arn: string;
  session_name: string;
  policy: string | null;
  access_key_id: string;
}
async function assumedRoles(): Promise<AssumedRoleRecord[]> {
  const data = (await motoJson('/moto-api/data.json')) as { sts?: { AssumedRole?: AssumedRoleRecord[] } };
  return data.sts?.AssumedRole ?? [];
}

/** Every recorded request to moto (its recorder is on from the start), parameters decoded. */
async function recorded(): Promise<Array<{ params: Record<string, string>; credential?: string; url: string }>> {
  const text = (await (await fetch(`${moto.endpoint}/moto-api/recorder/download-recording`)).text()).trim();
  if (!text) return [];
  return text.split('\n').map((line) => {
    const e = JSON.parse(line) as { body: string | null; body_encoded: boolean; headers: Record<string, string>; url: string };
    const body = e.body ? (e.body_encoded ? Buffer.from(e.body, 'base64').toString('utf8') : e.body) : '';
    const params: Record<string, string> = {};
    if (body.startsWith('{')) for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>)) params[k] = String(v);
    else for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    const target = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
    if (target && !params.Action) params.Action = target.split('.').pop() ?? '';
    const auth = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    return { params, credential: /Credential=([A-Z0-9]+)\//.exec(auth)?.[1], url: e.url };
  });
}

before(async () => {
  if (skip) return;
  assert.ok(fs.existsSync(CREDENTIAL_PROCESS), 'dist/credential-process.js is built by npm run build (npm test does it)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-scoped-'));
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'MOTO_RECORDER_FILEPATH']) saved[k] = process.env[k];
  // moto_server inherits this: where its recorder writes.
  process.env.MOTO_RECORDER_FILEPATH = path.join(dir, 'moto-recording');
  moto = await startMoto();
  await fetch(`${moto.endpoint}/moto-api/recorder/start-recording`, { method: 'POST' });

  // The person: an IAM user with keys, and a role session made from them, in their own AWS files.
  const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const admin = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const iam = new IAMClient(admin);
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  alice = { key: key.AccessKeyId!, secret: key.SecretAccessKey! };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
  for (const RoleName of ['agent', 'Dev']) await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
  const devSession = (await new STSClient({ ...admin, credentials: { accessKeyId: alice.key, secretAccessKey: alice.secret } }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Dev`, RoleSessionName: 'alice' }))).Credentials!;
  fs.mkdirSync(path.join(dir, 'home', '.aws'), { recursive: true });
  const ownConfig = path.join(dir, 'home', '.aws', 'config');
  const ownCredentials = path.join(dir, 'home', '.aws', 'credentials');
  fs.writeFileSync(ownConfig, '[default]\nregion = us-east-1\noutput = json\n\n[profile dev]\nregion = us-east-1\n');
  fs.writeFileSync(ownCredentials, `[default]\naws_access_key_id = ${alice.key}\naws_secret_access_key = ${alice.secret}\n\n[dev]\naws_access_key_id = ${devSession.AccessKeyId}\naws_secret_access_key = ${devSession.SecretAccessKey}\naws_session_token = ${devSession.SessionToken}\n`);

  // The extension's process: the person's files, AWS at moto, no keys in the environment.
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
  process.env.AWS_CONFIG_FILE = ownConfig;
  process.env.AWS_SHARED_CREDENTIALS_FILE = ownCredentials;
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_REGION = 'us-east-1';

  settings = scoped({});
  service = newService();
  server = await IpcServer.start({ version: 'test' });
  server.registerCredentialsHandler((req) => service.handle(req));
  const gate = new Gate({
    analyzer: await analyzer(),
    settings: () => settings,
    approver: { ask: async (r) => ({ approved: person(r), requestId: r.id, previewHash: r.previewHash }) },
    audit: { append: async () => {} },
    contextFor: (req) => processContext({ cwd: req.cwd, env: { ...req.env }, workspaceRoots: [dir] }),
    awsCredentials: { describe: () => service.describe(), offer: (a) => service.offer(a) },
  });
  server.registerHandler((req, signal) => gate.check(req, signal));
  files = await writeAgentAwsFiles(path.join(dir, 'agent-aws'), { node: process.execPath, client: CREDENTIAL_PROCESS });
  shimDir = path.join(dir, 'shims');
  await installShims(shimDir, ['aws'], { version: 'test' });
});

after(async () => {
  if (skip) return;
  server?.dispose();
  await moto?.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A command in an agent terminal as the extension sets it up: the person's own keys exported (they
 * must not count), then the collection's variables over them. Asynchronous: the gate answers from
 * this process.
 */
function agentTerminal(line: string, opts: { env?: Record<string, string>; shims?: boolean; stdin?: (write: (s: string) => void, out: () => string) => void } = {}): Promise<{ code: number | null; out: string; err: string }> {
  const env: Record<string, string> = {
    PATH: opts.shims ? `${shimDir}${path.delimiter}${process.env.PATH}` : process.env.PATH ?? '',
    HOME: path.join(dir, 'home'),
    AWS_ACCESS_KEY_ID: alice.key,
    AWS_SECRET_ACCESS_KEY: alice.secret,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    NODE_PATH: path.join(root, 'node_modules'),
    CLAUDECODE: '1',
    ...agentTerminalVariables(files),
    BLAST_RADIUS_IPC: server.handle,
    BLAST_RADIUS_TOKEN: server.token,
    BLAST_RADIUS_SHIMS: shimDir,
    BLAST_RADIUS_NODE: process.execPath,
    BLAST_RADIUS_CLIENT: SHIM_CLIENT,
    ...opts.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    if (opts.stdin) opts.stdin((s) => child.stdin.write(s), () => out);
    else child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

const callerArn = async (profile = 'default') => {
  const r = await agentTerminal(`aws --profile ${profile} sts get-caller-identity --output json`);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { Arn: string; UserId: string };
};

describe('scoped AWS credentials against moto', { skip }, () => {
  test('IAM user: GetFederationToken carries the generated session policy, and the agent is not the user', async () => {
    settings = scoped({});
    service = newService();
    const me = await callerArn();
    // moto answers a federation token's GetCallerIdentity with its placeholder user; alice would be alice.
    assert.notEqual(me.Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    const calls = (await recorded()).filter((r) => r.params.Action === 'GetFederationToken');
    assert.equal(calls.length, 1);
    const policy = agentPolicyFor(settings);
    assert.ok(!('error' in policy));
    assert.equal(calls[0].params.Policy, policy.policy.json);
    assert.equal(calls[0].params.Name, 'blast-radius-agent');
    assert.equal(calls[0].params.DurationSeconds, '1800');
    // The gate asked with the person's key; the agent terminal's own call was signed with the federation token's.
    assert.equal(calls[0].credential, alice.key);
    const whoami = (await recorded()).filter((r) => r.params.Action === 'GetCallerIdentity');
    assert.deepEqual(whoami.map((r) => r.credential === alice.key), [true, false]);
  });

  test('configured agent role: AssumeRole carries the policy; the CLI and an SDK script run as that session', async () => {
    settings = scoped({ agentRoleArn: `arn:aws:iam::${ACCOUNT}:role/agent`, destructiveEverywhere: true });
    service = newService();
    const me = await callerArn();
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/agent/blast-radius-agent`);
    const sessions = (await assumedRoles()).filter((r) => r.role_arn === `arn:aws:iam::${ACCOUNT}:role/agent`);
    assert.equal(sessions.length, 1);
    const policy = agentPolicyFor(settings);
    assert.ok(!('error' in policy));
    assert.equal(sessions[0].policy, policy.policy.json);
    assert.match(policy.summary, /on every resource$/);

    const sdk = await agentTerminal(
      `node -e "const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
        const c = new STSClient({});
        c.send(new GetCallerIdentityCommand({})).then(async (r) => console.log(JSON.stringify({ arn: r.Arn, key: (await c.config.credentials()).accessKeyId })));"`,
    );
    assert.equal(sdk.code, 0, sdk.err);
    const seen = JSON.parse(sdk.out) as { arn: string; key: string };
    assert.equal(seen.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/agent/blast-radius-agent`);
    // The same cached session the CLI got: one AssumeRole for both.
    assert.equal(seen.key, sessions[0].access_key_id);
    assert.notEqual(seen.key, alice.key);
    assert.equal((await assumedRoles()).filter((r) => r.role_arn === `arn:aws:iam::${ACCOUNT}:role/agent`).length, 1);
  });

  test('a role session: AssumeRole on its own role, with the policy', async () => {
    settings = scoped({});
    service = newService();
    const me = await callerArn('dev');
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/blast-radius-agent`);
    const mine = (await assumedRoles()).filter((r) => r.session_name === 'blast-radius-agent' && r.role_arn === `arn:aws:iam::${ACCOUNT}:role/Dev`);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].policy, (agentPolicyFor(settings) as { policy: { json: string } }).policy.json);
  });

  test('refresh: a session near its end is replaced, without a new terminal', async () => {
    settings = scoped({ agentRoleArn: `arn:aws:iam::${ACCOUNT}:role/agent` });
    service = newService();
    const count = async () => (await assumedRoles()).filter((r) => r.role_arn === `arn:aws:iam::${ACCOUNT}:role/agent` && r.session_name === 'blast-radius-agent').length;
    const before = await count();
    await callerArn();
    await callerArn();
    assert.equal(await count(), before + 1, 'a fresh session is handed out again, not issued again');
    clock += 11 * 60_000; // 19 of 30 minutes left: under the 20-minute margin
    await callerArn();
    assert.equal(await count(), before + 2);
  });

  test('refresh inside one running SDK process: it asks credential_process again and gets the new session', async () => {
    settings = scoped({ agentRoleArn: `arn:aws:iam::${ACCOUNT}:role/agent` });
    // Sessions shorter than the SDK's 5-minute window: it refreshes in the background on every call,
    // using what it has until the new credentials arrive.
    service = newService({ sessionSeconds: 240, refreshBeforeSeconds: 60 });
    const script = `
      const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
      const c = new STSClient({});
      const keys = [];
      c.middlewareStack.add((next) => async (args) => { keys.push(/Credential=([A-Z0-9]+)\\//.exec(args.request.headers.authorization)[1]); return next(args); }, { step: 'deserialize' });
      (async () => {
        await c.send(new GetCallerIdentityCommand({}));
        console.log('first');
        await new Promise((r) => process.stdin.once('data', r));
        for (let i = 0; i < 100 && keys.at(-1) === keys[0]; i++) {
          await c.send(new GetCallerIdentityCommand({}));
          await new Promise((r) => setTimeout(r, 50));
        }
        console.log(JSON.stringify(keys));
        process.exit(0);
      })();`;
    fs.writeFileSync(path.join(dir, 'refresh.js'), script);
    const r = await agentTerminal('node refresh.js', {
      stdin: (write, out) => {
        const poll = setInterval(() => {
          if (!out().includes('first')) return;
          clearInterval(poll);
          clock += 4 * 60_000; // the gate's session has run out
          write('go\n');
        }, 20);
      },
    });
    assert.equal(r.code, 0, r.err);
    const keys = JSON.parse(r.out.split('\n').filter(Boolean).at(-1)!) as string[];
    const used = [...new Set(keys)];
    assert.equal(used.length, 2, JSON.stringify(keys));
    const known = new Set((await assumedRoles()).filter((s) => s.session_name === 'blast-radius-agent').map((s) => s.access_key_id));
    assert.ok(known.has(used[0]) && known.has(used[1]), 'both are agent sessions moto issued');
  });

  test('after a person approves a destructive request, it runs with one-time credentials for exactly that action and resource', async () => {
    settings = scoped({ agentRoleArn: `arn:aws:iam::${ACCOUNT}:role/agent` });
    service = newService();
    const { S3Client, CreateBucketCommand, ListBucketsCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: alice.key, secretAccessKey: alice.secret } });
    await s3.send(new CreateBucketCommand({ Bucket: 'prod-data' }));
    person = (r) => r.command === 'aws s3api delete-bucket --bucket prod-data';
    const r = await agentTerminal('aws s3api delete-bucket --bucket prod-data && aws s3api list-buckets --output json', { shims: true });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name), []);

    const grants = (await assumedRoles()).filter((s) => s.session_name.startsWith('blast-radius-grant-'));
    assert.equal(grants.length, 1);
    assert.equal(grants[0].role_arn, `arn:aws:iam::${ACCOUNT}:role/agent`);
    assert.equal(grants[0].policy, buildGrantPolicy({ actions: ['s3:DeleteBucket'], resources: ['arn:aws:s3:::prod-data'] }).json);
    assert.deepEqual(JSON.parse(grants[0].policy!).Statement, [{ Effect: 'Allow', Action: ['s3:DeleteBucket'], Resource: ['arn:aws:s3:::prod-data'] }]);
    const requests = await recorded();
    const assume = requests.filter((x) => x.params.Action === 'AssumeRole' && x.params.RoleSessionName?.startsWith('blast-radius-grant-'));
    assert.equal(assume.length, 1);
    assert.equal(assume[0].params.DurationSeconds, '900');
    // The delete was signed with the grant's key; the next command, not approved, with the agent's own session.
    const del = requests.filter((x) => /\/prod-data\/?$/.test(new URL(x.url).pathname) && x.credential);
    assert.equal(del.at(-1)?.credential, grants[0].access_key_id);
    // (The test's own check above lists the buckets as alice.)
    const list = requests.filter((x) => new URL(x.url).pathname === '/' && x.credential && x.credential !== alice.key && x.params.Action === undefined);
    assert.ok(list.length > 0);
    assert.notEqual(list.at(-1)?.credential, grants[0].access_key_id);
    assert.ok((await assumedRoles()).some((s) => s.session_name === 'blast-radius-agent' && s.access_key_id === list.at(-1)?.credential));
  });

  test('the same through the shim\u2019s Node client (no working curl): the grant reaches the approved program', async () => {
    const { S3Client, CreateBucketCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: alice.key, secretAccessKey: alice.secret } });
    await s3.send(new CreateBucketCommand({ Bucket: 'prod-archive' }));
    const broken = path.join(dir, 'broken-curl');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'curl'), '#!/bin/sh\nexit 7\n', { mode: 0o755 });
    person = (r) => r.command === 'aws s3api delete-bucket --bucket prod-archive';
    const r = await agentTerminal('aws s3api delete-bucket --bucket prod-archive', { shims: true, env: { PATH: `${shimDir}${path.delimiter}${broken}${path.delimiter}${process.env.PATH}` } });
    assert.equal(r.code, 0, r.err);
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: 'prod-archive' })));
    const grant = (await assumedRoles()).filter((x) => x.session_name.startsWith('blast-radius-grant-')).at(-1)!;
    assert.deepEqual(JSON.parse(grant.policy!).Statement, [{ Effect: 'Allow', Action: ['s3:DeleteBucket'], Resource: ['arn:aws:s3:::prod-archive'] }]);
    const del = (await recorded()).filter((x) => new URL(x.url).pathname === '/prod-archive' && x.credential && x.credential !== alice.key);
    assert.equal(del.at(-1)?.credential, grant.access_key_id);
  });

  test('a declined request gets no grant, and nothing is issued for it', async () => {
    const before = (await assumedRoles()).filter((s) => s.session_name.startsWith('blast-radius-grant-')).length;
    person = () => false;
    const r = await agentTerminal('aws s3api delete-bucket --bucket prod-other', { shims: true });
    assert.equal(r.code, 126);
    assert.match(r.err, /declined/);
    assert.equal((await assumedRoles()).filter((s) => s.session_name.startsWith('blast-radius-grant-')).length, before);
  });

  test('no gate, no credentials: credential_process fails closed with a message', async () => {
    const gone = await agentTerminal('aws sts get-caller-identity', { env: { BLAST_RADIUS_IPC: path.join(dir, 'no-such.sock') } });
    assert.notEqual(gone.code, 0);
    assert.match(gone.err, /no Blast Radius gate answered .* no AWS credentials for profile default/);
    const none = await agentTerminal('unset BLAST_RADIUS_IPC; aws sts get-caller-identity');
    assert.notEqual(none.code, 0);
    assert.match(none.err, /this terminal has no Blast Radius gate/);
    const stale = await agentTerminal('aws sts get-caller-identity', { env: { BLAST_RADIUS_TOKEN: 'not-the-token' } });
    assert.notEqual(stale.code, 0);
    assert.match(stale.err, /belongs to an earlier VS Code window/);
  });

  test('passthrough: the gate issues nothing, and says why', async () => {
    settings = readGateSettings({}).settings;
    const r = await agentTerminal('aws sts get-caller-identity');
    assert.notEqual(r.code, 0);
    assert.match(r.err, /"passthrough" now, so the gate issues no agent credentials/);
  });
});
