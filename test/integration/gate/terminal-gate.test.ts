/**
 * The terminal gate end to end, as an agent meets it: real bash with the real shims first on PATH,
 * the real IPC server and gate (a scripted approver in place of the person), the real audit log, and
 * real tools — git with a bare remote, terraform with terraform_data and local state, the AWS CLI
 * against moto. Approve: the command runs and its effect is there. Reject: it does not, the agent
 * reads why. No gate: what would be asked is blocked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog } from '../../../src/audit/log';
import { renderAuditLog } from '../../../src/audit/render';
import { Gate } from '../../../src/gate/gate';
import { readGateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest } from '../../../src/gate/types';
import { IpcServer } from '../../../src/ipc/server';
import { processContext } from '../../../src/platform/context';
import { defaultShimTools, installShims, writePolicySnapshot } from '../../../src/shim/install';
import { analyzer } from '../../unit/support/analyzer';
import { startMoto, type Moto } from '../support/moto';
import { needs } from '../support/tools';

const root = path.resolve(__dirname, '..', '..', '..', '..');
/** A folder outside the workspace, protected in the settings below: deleting there must ask. */
const scratch = path.join(root, '.test-output', 'gate');
const CLIENT = path.join(root, 'dist', 'shim-client.js');
const skip = needs('bash', 'git', 'terraform', 'aws', 'moto_server', 'curl');

let dir: string;
let shimDir: string;
let server: IpcServer;
let audit: AuditLog;
let moto: Moto;
const shown: ApprovalRequest[] = [];
/** The scripted person: decides by looking at the command, as a person looks at the panel. */
let person: (r: ApprovalRequest) => boolean = () => false;

before(async () => {
  if (skip) return;
  assert.ok(fs.existsSync(CLIENT), 'dist/shim-client.js is built by npm run build (npm test does it)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-gate-'));
  shimDir = path.join(dir, 'shims');
  // The breaker is tested on its own (test/unit/gate); here it would trip on purposeful destruction.
  // The scratch folder is protected so that deleting in it always asks, wherever the clone lives
  // (deleting named files under /tmp is otherwise recoverable, so allowed).
  const settings = readGateSettings({ protectedResources: [`${dir}/ws/.env`, `${scratch}/**`], circuitBreaker: { maxDestructive: 1000 } }).settings;
  await installShims(shimDir, defaultShimTools(), { version: 'test' });
  await writePolicySnapshot(shimDir, {});
  audit = await AuditLog.open(path.join(dir, 'audit'));
  const a = await analyzer();
  const gate = new Gate({
    analyzer: a,
    settings: () => settings,
    approver: {
      ask: async (r) => {
        shown.push(r);
        return { approved: person(r), requestId: r.id, previewHash: r.previewHash };
      },
    },
    audit,
    contextFor: (req) => processContext({ cwd: req.cwd, env: { ...req.env }, workspaceRoots: [path.join(dir, 'ws')] }),
  });
  server = await IpcServer.start({ version: 'test' });
  server.registerHandler((req, signal) => gate.check(req, signal));
  moto = await startMoto();
  fs.mkdirSync(path.join(dir, 'ws'));
  fs.mkdirSync(scratch, { recursive: true });
});

after(async () => {
  if (skip) return;
  server?.dispose();
  await moto?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs a command line in bash as an agent's terminal would: shims first on PATH, agent marker set.
 * Asynchronous on purpose: the gate answers from this same process, so a synchronous spawn would
 * leave nobody to answer.
 */
function agent(line: string, opts: { cwd?: string; env?: Record<string, string>; gate?: boolean } = {}): Promise<{ code: number | null; out: string; err: string }> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...moto.env,
    PATH: `${shimDir}${path.delimiter}${process.env.PATH}`,
    BLAST_RADIUS_SHIMS: shimDir,
    BLAST_RADIUS_IPC: opts.gate === false ? path.join(dir, 'no-such.sock') : server.handle,
    BLAST_RADIUS_TOKEN: server.token,
    BLAST_RADIUS_NODE: process.execPath,
    BLAST_RADIUS_CLIENT: CLIENT,
    CLAUDECODE: '1',
    GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com',
    TF_IN_AUTOMATION: '1',
    ...opts.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd: opts.cwd ?? path.join(dir, 'ws'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** The same, without Blast Radius: setting up and inspecting the world the agent acts on. */
function direct(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { cwd, env: { ...process.env, ...moto.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// One suite, run in order: the scripted person and the tools' state are shared.
describe('the terminal gate', { skip, concurrency: 1 }, () => {
  describe('git: a force push that would drop commits from the remote', { concurrency: 1 }, () => {
    let clone: string;
    let remote: string;
    const remoteHead = () => direct('git', ['rev-parse', 'main'], remote).trim();
    before(() => {
      remote = path.join(dir, 'remote.git');
      clone = path.join(dir, 'ws', 'repo');
      const id = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
      direct('git', ['init', '-q', '--bare', '-b', 'main', remote], dir);
      direct('git', ['clone', '-q', remote, clone], dir);
      for (const n of ['one', 'two']) {
        fs.writeFileSync(path.join(clone, n), n);
        direct('git', ['add', n], clone, id);
        direct('git', ['commit', '-qm', n], clone, id);
      }
      direct('git', ['push', '-q', 'origin', 'HEAD:main'], clone, id);
      direct('git', ['reset', '-q', '--hard', 'HEAD~1'], clone, id);
    });

    test('rejected: the remote keeps its commits, the agent is told to stop and ask', async () => {
      const before = remoteHead();
      person = () => false;
      const r = await agent('git push --force origin main', { cwd: clone });
      assert.equal(r.code, 126);
      assert.match(r.err, /declined/);
      assert.match(r.err, /Stop and ask the user/);
      assert.equal(remoteHead(), before);
      const last = shown.at(-1)!;
      assert.equal(last.agent, 'claude-code');
      assert.ok(last.preview.entries.some((e) => e.id === 'git://origin/refs/heads/main' && e.change !== 'create'), JSON.stringify(last.preview.entries));
    });

    test('approved: the force push really happens', async () => {
      const before = remoteHead();
      person = (r) => r.command.startsWith('git push --force');
      const r = await agent('git push --force origin main', { cwd: clone });
      assert.equal(r.code, 0, r.err);
      assert.notEqual(remoteHead(), before);
    });

    test('reads never reach a person', async () => {
      const count = shown.length;
      { const rr = await agent('git status --short && git log --oneline -1', { cwd: clone }); assert.equal(rr.code, 0, rr.err); }
      assert.equal(shown.length, count);
    });
  });

  describe('terraform: destroy on a real local state', { concurrency: 1 }, () => {
    let tf: string;
    const resources = () => JSON.parse(direct('terraform', ['show', '-json'], tf)).values?.root_module?.resources?.length ?? 0;
    before(() => {
      tf = path.join(dir, 'ws', 'infra');
      fs.mkdirSync(tf);
      fs.writeFileSync(path.join(tf, 'main.tf'), 'resource "terraform_data" "db" {\n  input = "prod"\n}\nresource "terraform_data" "cache" {\n  input = "prod"\n}\n');
      direct('terraform', ['init', '-input=false', '-no-color'], tf);
      direct('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], tf);
      assert.equal(resources(), 2);
    });

    test('rejected: the state still holds both resources', async () => {
      person = () => false;
      const r = await agent('terraform destroy -auto-approve -no-color', { cwd: tf });
      assert.equal(r.code, 126);
      assert.equal(resources(), 2);
    });

    test('approved through bash -c and timeout: destroyed', async () => {
      person = (r) => r.command.includes('terraform destroy');
      const r = await agent(`bash -c 'timeout 120 terraform destroy -auto-approve -no-color'`, { cwd: tf });
      assert.equal(r.code, 0, r.err);
      assert.equal(resources(), 0);
    });
  });

  describe('aws CLI against moto: delete a bucket and a CloudFormation stack', { concurrency: 1 }, () => {
    before(() => {
      direct('aws', ['s3', 'mb', 's3://keep-me'], dir);
      direct('aws', ['s3', 'cp', '-', 's3://keep-me/data.txt'], dir);
      const template = JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'stack-bucket' } } } });
      direct('aws', ['cloudformation', 'create-stack', '--stack-name', 'prod-api', '--template-body', template], dir);
    });
    const buckets = () => direct('aws', ['s3', 'ls'], dir);
    const stacks = () => JSON.parse(direct('aws', ['cloudformation', 'describe-stacks'], dir)).Stacks.filter((s: { StackStatus: string }) => s.StackStatus !== 'DELETE_COMPLETE').map((s: { StackName: string }) => s.StackName);

    test('rejected: the bucket and its object are still there', async () => {
      person = () => false;
      const r = await agent('aws s3 rb s3://keep-me --force');
      assert.equal(r.code, 126);
      assert.match(buckets(), /keep-me/);
      assert.ok(shown.at(-1)!.preview.entries.some((e) => e.id === 'arn:aws:s3:::keep-me' && e.change === 'destroy'));
    });

    test('approved: the bucket is gone', async () => {
      person = (r) => r.command.includes('s3 rb');
      { const rr = await agent('aws s3 rb s3://keep-me --force'); assert.equal(rr.code, 0, rr.err); }
      assert.doesNotMatch(buckets(), /keep-me/);
    });

    test('delete-stack rejected keeps the stack; approved deletes it', async () => {
      person = () => false;
      { const rr = await agent('aws cloudformation delete-stack --stack-name prod-api'); assert.equal(rr.code, 126, rr.err); }
      assert.deepEqual(stacks(), ['prod-api']);
      person = (r) => r.command.includes('delete-stack');
      { const rr = await agent('aws cloudformation delete-stack --stack-name prod-api'); assert.equal(rr.code, 0, rr.err); }
      assert.deepEqual(stacks(), []);
    });

    test('reads run without a person', async () => {
      const count = shown.length;
      { const rr = await agent('aws sts get-caller-identity && aws s3 ls'); assert.equal(rr.code, 0, rr.err); }
      assert.equal(shown.length, count);
    });
  });

  describe('when the gate cannot be reached', { concurrency: 1 }, () => {
    test('what would be asked is blocked, saying why and what to do', async () => {
      fs.mkdirSync(path.join(dir, 'ws', 'victim'));
      const r = await agent(`rm -rf ${dir}/ws/victim`, { gate: false });
      assert.equal(r.code, 126);
      assert.match(r.err, /no approval can be asked for/);
      assert.match(r.err, /Stop and ask the user/);
      assert.ok(fs.existsSync(path.join(dir, 'ws', 'victim')));
    });

    test('what is allowed still runs', async () => {
      { const rr = await agent('git --version && terraform version -json >/dev/null', { gate: false }); assert.equal(rr.code, 0, rr.err); }
    });
  });

  describe('people in their own terminals', { concurrency: 1 }, () => {
    test('no agent marker: unprotected destruction runs (humanTerminals: protectedOnly)', async () => {
      fs.mkdirSync(path.join(dir, 'ws', 'mine'));
      const count = shown.length;
      { const rr = await agent(`rm -rf ${dir}/ws/mine`, { env: { CLAUDECODE: '' } }); assert.equal(rr.code, 0, rr.err); }
      assert.equal(shown.length, count);
      assert.ok(!fs.existsSync(path.join(dir, 'ws', 'mine')));
    });

    test('no agent marker: a protected file still asks', async () => {
      fs.writeFileSync(path.join(dir, 'ws', '.env'), 'SECRET=1');
      person = () => false;
      const r = await agent(`rm ${dir}/ws/.env`, { env: { CLAUDECODE: '' } });
      assert.equal(r.code, 126);
      assert.equal(shown.at(-1)!.decision.confirmation, 'type');
      assert.ok(fs.existsSync(path.join(dir, 'ws', '.env')));
    });
  });

  describe('load and hostile text', { concurrency: 1 }, () => {
    test('200 concurrent shim calls: every one answered, none lost or crossed', async () => {
      const base = fs.mkdtempSync(path.join(scratch, 'many-'));
      for (let i = 0; i < 200; i++) fs.mkdirSync(path.join(base, `d${i}`));
      // The person approves even-numbered folders only: a crossed answer would show as a wrong exit code.
      person = (r) => /\/d(\d+)$/.test(r.command) && Number(/\/d(\d+)$/.exec(r.command)![1]) % 2 === 0;
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => agent(`rm -rf ${base}/d${i}`)));
      const wrong = results.map((r, i) => [i, r.code] as const).filter(([i, c]) => c !== (i % 2 === 0 ? 0 : 126));
      assert.deepEqual(wrong, [], 'exit codes that do not match the decision');
      for (let i = 0; i < 200; i++) assert.equal(fs.existsSync(path.join(base, `d${i}`)), i % 2 === 1, `d${i}`);
    });

    test('HTML and command: links in a command stay inert text everywhere they are shown', async () => {
      person = () => false;
      const nasty = '<img src=x onerror=alert(1)>[run](command:workbench.action.terminal.kill)\x1b[2K';
      const r = await agent(`rm -rf '${scratch}/${nasty}'`);
      assert.equal(r.code, 126);
      assert.ok(!r.err.includes('\x1b'), 'no raw escape reaches the agent terminal');
      const req = shown.at(-1)!;
      assert.ok(req.command.includes('<img src=x onerror=alert(1)>'), 'the panel receives the text as data');
      const rendered = renderAuditLog(await audit.read({ last: 5 }));
      assert.ok(rendered.includes('<img src=x onerror=alert(1)>'));
      assert.ok(!rendered.includes('\x1b'));
    });

    test('every decision is in the audit log, and the chain verifies', async () => {
      const result = await audit.verify();
      assert.ok(result.ok, JSON.stringify(result));
      const records = await audit.read();
      assert.ok(records.length >= shown.length);
      assert.ok(records.some((r) => r.decidedBy === 'person' && r.outcome === 'run'));
      assert.ok(records.some((r) => r.decidedBy === 'person' && r.outcome === 'blocked'));
      assert.ok(records.some((r) => r.decidedBy === 'human-terminal'));
    });
  });
});
