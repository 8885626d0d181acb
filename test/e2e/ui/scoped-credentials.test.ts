/**
 * Scoped AWS credentials in a real workbench with the installed VSIX, as a person meets them: the
 * person is an IAM user (alice, created in moto) whose keys are in ~/.aws/credentials; the user settings
 * say `blastRadius.aws.agentCredentials: scoped` with an agent role, and protect `arn:aws:s3:::prod-*`.
 * The status bar says agent terminals hold scoped credentials; in a terminal marked as an agent's,
 * `aws sts get-caller-identity` answers with the agent role's session, not alice; `aws s3 rb
 * s3://prod-data --force` stops in the approval panel, whose identity lines name the scoped
 * credentials; once the bucket's name is typed and Approve clicked, the bucket is gone, deleted with
 * one-time credentials moto issued for exactly that bucket. Screenshots: .test-output/e2e/scoped-*.png.
 *
 * Moto records sessions and requests; it does not evaluate session policies (see the unit evaluator).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startMoto, type Moto } from '../../integration/support/moto';
import { approvalPanel, screenshot, Terminal, typeConfirmationAndApprove, waitForRequest } from '../harness/browser';
import { waitForShims } from '../harness/code-server';
import { needsBrowserAnd, scenarioRunner, STEP, UiSession, until } from '../harness/ui';

const skip = needsBrowserAnd('aws', 'moto_server', 'bash', 'curl');
const ACCOUNT = '123456789012';
const AGENT_ROLE = `arn:aws:iam::${ACCOUNT}:role/agent`;
const BUCKET = 'prod-data';

let scratch: string;
let workspace: string;
let moto: Moto;
const ui = new UiSession();
let page: Page;
let terminal: Terminal;
let alice: { key: string; secret: string; arn: string };
let savedRecorder: string | undefined;

/** The test's own S3 client, as alice. */
async function s3() {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: alice.key, secretAccessKey: alice.secret } });
}

async function bucketNames(): Promise<string[]> {
  const { ListBucketsCommand } = await import('@aws-sdk/client-s3');
  return ((await (await s3()).send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name ?? '');
}

interface AssumedRoleRecord {
  role_arn: string;
  session_name: string;
  policy: string | null;
  access_key_id: string;
}

/** The sessions moto issued, with their session policy (its own inspection API). */
async function assumedRoles(): Promise<AssumedRoleRecord[]> {
  const data = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as { sts?: { AssumedRole?: AssumedRoleRecord[] } };
  return data.sts?.AssumedRole ?? [];
}

/** Every request moto's recorder saw: its path and the access key that signed it. */
async function recorded(): Promise<Array<{ method: string; pathname: string; query: string; credential?: string }>> {
  const text = (await (await fetch(`${moto.endpoint}/moto-api/recorder/download-recording`)).text()).trim();
  if (!text) return [];
  return text.split('\n').map((line) => {
    const e = JSON.parse(line) as { method: string; headers: Record<string, string>; url: string };
    const auth = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    const url = new URL(e.url, moto.endpoint);
    return { method: e.method, pathname: url.pathname, query: url.search, credential: /Credential=([A-Z0-9]+)\//.exec(auth)?.[1] };
  });
}

before(async () => {
  if (skip) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-scoped-'));
  workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // moto_server inherits this: where its recorder writes.
  savedRecorder = process.env.MOTO_RECORDER_FILEPATH;
  process.env.MOTO_RECORDER_FILEPATH = path.join(scratch, 'moto-recording');
  moto = await startMoto();
  await fetch(`${moto.endpoint}/moto-api/recorder/start-recording`, { method: 'POST' });

  // The account: alice with keys (the person), the role agents' sessions assume, and a bucket with data.
  const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const admin = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const iam = new IAMClient(admin);
  const user = (await iam.send(new CreateUserCommand({ UserName: 'alice' }))).User!;
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  alice = { key: key.AccessKeyId!, secret: key.SecretAccessKey!, arn: user.Arn! };
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
  await iam.send(new CreateRoleCommand({ RoleName: 'agent', AssumeRolePolicyDocument: trust }));
  const { CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = await s3();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'customers.csv', Body: 'id,name\n1,Ada\n' }));

  const editor = await ui.startEditor({
    label: 'scoped',
    workspace,
    // The extension's own STS calls (made with alice's keys) go to moto, as a private endpoint would.
    env: { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1' },
    awsFiles: {
      config: '[default]\nregion = us-east-1\noutput = json\n',
      credentials: `[default]\naws_access_key_id = ${alice.key}\naws_secret_access_key = ${alice.secret}\n`,
    },
    userSettings: {
      'blastRadius.aws.agentCredentials': 'scoped',
      'blastRadius.aws.agentRoleArn': AGENT_ROLE,
      'blastRadius.protectedResources': ['arn:aws:s3:::prod-*'],
    },
  });
  page = await ui.openWorkbench();
  await waitForShims(editor);
});

after(async () => {
  if (skip) return;
  await ui.close();
  await moto?.stop();
  if (savedRecorder === undefined) delete process.env.MOTO_RECORDER_FILEPATH;
  else process.env.MOTO_RECORDER_FILEPATH = savedRecorder;
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

// The first step runs before any terminal is open: its failure report has the screenshot only.
const scenario = scenarioRunner('scoped-', () => ({ page, terminal }));

describe('scoped AWS credentials in code-server', { skip, concurrency: 1 }, () => {
  test('the status bar says agent terminals hold scoped credentials, and what they deny', { timeout: STEP }, scenario('status-bar', async () => {
    const item = page.locator('.statusbar-item[id$="blastRadius.awsCredentials"]');
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await item.innerText()).trim(), 'AWS: scoped');
    assert.equal(await item.locator('.codicon-lock').count(), 1, 'a lock, not a warning');
    // Its tooltip (what a person reads on hover) says what the session policy denies.
    await item.hover();
    const hover = page.locator('.monaco-hover', { hasText: 'session policy denies' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await hover.innerText(), /Blast Radius AWS credentials — scoped: session policy denies \d+ destructive actions on 1 protected resource\. /);
    await screenshot(page, 'scoped-status-bar');
    await page.mouse.move(700, 300);
  }));

  test('in an agent terminal, aws sts get-caller-identity is the agent role\'s session, not the person', { timeout: STEP }, scenario('identity', async () => {
    terminal = await Terminal.open(page);
    await terminal.type('echo "gate=${BLAST_RADIUS_IPC:+on} keys=[${AWS_ACCESS_KEY_ID}] config=${AWS_CONFIG_FILE##*/blast-radius.blast-radius/}"');
    await terminal.waitFor(/^gate=on keys=\[\] config=/m, 10_000);
    // An agent's terminal (as Claude Code marks its own), pointed at moto like the person's endpoint.
    await terminal.type(`export CLAUDECODE=1 AWS_ENDPOINT_URL=${moto.endpoint} AWS_REGION=us-east-1 AWS_PAGER=''`);
    await terminal.type(`cd ${workspace}`);
    const out = path.join(scratch, 'caller.json');
    await terminal.start(`aws sts get-caller-identity --output json > ${out}`);
    assert.equal(await terminal.finished(), 0);
    const me = JSON.parse(fs.readFileSync(out, 'utf8')) as { Arn: string; Account: string };
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/agent/blast-radius-agent`);
    assert.notEqual(me.Arn, alice.arn);
    const sessions = (await assumedRoles()).filter((s) => s.session_name === 'blast-radius-agent');
    assert.equal(sessions.length, 1, 'one agent session, issued by the gate');
    assert.equal(sessions[0].role_arn, AGENT_ROLE);
    const denied = (JSON.parse(sessions[0].policy ?? '{}') as { Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }> }).Statement.filter(
      (s) => s.Effect === 'Deny' && [s.Resource].flat().includes(`arn:aws:s3:::prod-*`),
    );
    assert.ok(denied.length > 0 && denied.some((s) => [s.Action].flat().some((a) => a === 's3:DeleteBucket' || a === 's3:Delete*')), `the session policy denies deleting prod-* buckets: ${sessions[0].policy}`);
  }));

  test('aws s3 rb --force on a protected bucket: the panel names the scoped credentials; typed name, Approve; deleted with a one-time grant', { timeout: STEP }, scenario('rb', async () => {
    assert.ok((await bucketNames()).includes(BUCKET));
    await terminal.start(`aws s3 rb s3://${BUCKET} --force`);
    const panel = await waitForRequest(page, `aws s3 rb s3://${BUCKET} --force`);
    const line = panel.locator('#where li', { hasText: 'agent AWS credentials' });
    await line.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await line.innerText(), /^agent AWS credentials · scoped: session policy denies \d+ destructive actions on 1 protected resource; the command runs with the agent's session, or once approved with one-time credentials for what is shown$/);
    // The preview reads as the person; the panel must not claim the command runs as them.
    const identity = panel.locator('#where li', { hasText: 'account 123456789012' }).first();
    assert.match(await identity.innerText(), / · previewed as arn:aws:iam::123456789012:user\/alice/);
    assert.doesNotMatch(await identity.innerText(), / · as arn:/);
    await panel.locator('#confirm-input').waitFor({ state: 'visible' });
    await screenshot(page, 'scoped-approval-panel');
    await typeConfirmationAndApprove(page, panel);
    assert.equal(await terminal.finished(), 0);
    await until(`${BUCKET} is gone`, async () => !(await bucketNames()).includes(BUCKET));

    const grants = (await assumedRoles()).filter((s) => s.session_name.startsWith('blast-radius-grant-'));
    assert.equal(grants.length, 1, 'one one-time session, for the approval');
    assert.equal(grants[0].role_arn, AGENT_ROLE);
    // Exactly what the preview showed: the bucket, its objects (the one listed, and the rest `--force`
    // empties), the calls `rb --force` makes; nothing on any other resource.
    // Object actions on the objects, bucket actions on the bucket.
    assert.deepEqual(JSON.parse(grants[0].policy ?? '{}').Statement, [
      { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: [`arn:aws:s3:::${BUCKET}/*`, `arn:aws:s3:::${BUCKET}/customers.csv`] },
      { Effect: 'Allow', Action: ['s3:DeleteBucket', 's3:ListBucket'], Resource: [`arn:aws:s3:::${BUCKET}`] },
    ]);
    // The DeleteBucket moto saw was signed with the grant's key, not the agent's session nor alice's.
    const requests = await recorded();
    const deleteBucket = requests.filter((r) => r.method === 'DELETE' && new RegExp(`^/${BUCKET}/?$`).test(r.pathname));
    assert.equal(deleteBucket.length, 1);
    assert.equal(deleteBucket[0].credential, grants[0].access_key_id);
    // The object went first, with the same grant (the CLI deletes it by key or in a batch POST ?delete).
    const deleteObjects = requests.filter((r) => (r.method === 'DELETE' && r.pathname === `/${BUCKET}/customers.csv`) || (r.method === 'POST' && r.pathname.startsWith(`/${BUCKET}`) && r.query.includes('delete')));
    assert.equal(deleteObjects.length, 1);
    assert.equal(deleteObjects[0].credential, grants[0].access_key_id);
    await approvalPanel(page).locator('#idle').waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'scoped-after-approval');
  }));

  test('the grant was for that one command: the next aws call in the terminal is the agent session again', { timeout: STEP }, scenario('after-grant', async () => {
    const out = path.join(scratch, 'caller-after.json');
    await terminal.start(`aws sts get-caller-identity --output json > ${out}`);
    assert.equal(await terminal.finished(), 0);
    assert.equal((JSON.parse(fs.readFileSync(out, 'utf8')) as { Arn: string }).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/agent/blast-radius-agent`);
    assert.equal((await assumedRoles()).filter((s) => s.session_name.startsWith('blast-radius-grant-')).length, 1, 'no further grant');
  }));
});
