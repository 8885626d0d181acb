/**
 * The built MCP server (dist/mcp.js) driven by the MCP SDK's own client over stdio, as Claude Code or
 * Cursor would drive it: initialize → tools/list → tools/call. The gate lives in this test process
 * (a real IpcServer and Gate, a scripted person) and the server finds it through a temporary per-user
 * registry, as it finds a VS Code window. Approved: the command really ran (its effect is on disk, or
 * the bucket is gone from moto). Declined: nothing happened and the agent reads the gate's message.
 * Everything here is asynchronous: a synchronous child would leave the gate unable to answer.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Gate } from '../../../src/gate/gate';
import { readGateSettings } from '../../../src/gate/settings';
import type { ApprovalRequest } from '../../../src/gate/types';
import { registerWindow, writeRegistryPolicySnapshot } from '../../../src/ipc/registry';
import { IpcServer } from '../../../src/ipc/server';
import { processContext } from '../../../src/platform/context';
import { AWS_CALL, RUN_COMMAND } from '../../../src/tools/definitions';
import { analyzer } from '../../unit/support/analyzer';
import { startMoto, type Moto } from '../support/moto';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const MCP = path.join(root, 'dist', 'mcp.js');
const unix = process.platform === 'win32' ? 'Unix sockets only' : false;
/** Found on PATH without running anything (no synchronous child in the gate's process). */
const onPath = (tool: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, tool)));
const noMoto = onPath('moto_server') ? false : 'missing moto_server';

let tmp: string;
let runtime: string;
let project: string;
let server: IpcServer;
let moto: Moto | undefined;
const shown: ApprovalRequest[] = [];
let person: (r: ApprovalRequest) => boolean = () => false;

before(async () => {
  if (unix) return;
  assert.ok(fs.existsSync(MCP), 'dist/mcp.js is built by npm run build (npm test does it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-mcp-'));
  runtime = path.join(tmp, 'run');
  fs.mkdirSync(runtime, { mode: 0o700 });
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  // Deleting named files in a temporary folder is otherwise local, recoverable work: protect one so it asks.
  const settings = readGateSettings({ protectedResources: [`${project}/important/**`], circuitBreaker: { maxDestructive: 1000 } }).settings;
  const gate = new Gate({
    analyzer: await analyzer(),
    settings: () => settings,
    approver: {
      ask: async (r) => {
        shown.push(r);
        return { approved: person(r), requestId: r.id, previewHash: r.previewHash };
      },
    },
    audit: { append: async () => undefined },
    contextFor: (req) => processContext({ cwd: req.cwd, env: { ...req.env }, workspaceRoots: [project] }),
  });
  server = await IpcServer.start({ version: 'test' });
  server.registerHandler((req, signal) => gate.check(req, signal));
  await registerWindow({ pid: process.pid, handle: server.handle, token: server.token, workspaceFolders: [project], version: 'test', startedAt: Date.now() }, { XDG_RUNTIME_DIR: runtime });
  if (!noMoto) moto = await startMoto();
});

after(async () => {
  if (unix) return;
  server?.dispose();
  await moto?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  shown.length = 0;
  person = () => false;
});

/** An MCP session with the built server, as a client named `clientName` starts it. */
async function connect(opts: { clientName?: string; runtimeDir?: string; env?: Record<string, string> } = {}): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP],
    cwd: project,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(tmp, 'home'), XDG_RUNTIME_DIR: opts.runtimeDir ?? runtime, ...opts.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: opts.clientName ?? 'Claude Code (test)', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

function text(result: unknown): string {
  const r = result as CallToolResult;
  return r.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}

describe('the MCP server', { skip: unix, concurrency: 1 }, () => {
  test('initialize names the server; tools/list offers exactly the shared definitions', async () => {
    const { client } = await connect();
    try {
      assert.equal(client.getServerVersion()?.name, 'blast-radius');
      assert.match(client.getInstructions() ?? '', /waits for a person to approve it in VS Code/);
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
        [RUN_COMMAND, AWS_CALL].map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
      );
    } finally {
      await client.close();
    }
  });

  test('run_command: a read runs at once, nobody is asked, the output comes back', async () => {
    fs.writeFileSync(path.join(project, 'hello.txt'), 'hi');
    const { client } = await connect();
    try {
      const r = await client.callTool({ name: 'run_command', arguments: { command: 'ls' } });
      assert.equal(r.isError, undefined);
      assert.equal(text(r), 'exit code 0\n\nstdout:\nhello.txt\n');
      assert.equal(shown.length, 0);
    } finally {
      await client.close();
    }
  });

  test('run_command: a protected delete reaches the panel; approved, it really runs', async () => {
    const target = path.join(project, 'important');
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, 'data.db'), 'precious');
    person = () => true;
    const { client } = await connect();
    try {
      const r = await client.callTool({ name: 'run_command', arguments: { command: 'rm -rf important && echo removed', cwd: project } });
      assert.equal(r.isError, undefined);
      assert.equal(text(r), `Blast Radius: a person approved \`rm -rf important && echo removed\`.\n\nexit code 0\n\nstdout:\nremoved\n`);
      assert.equal(fs.existsSync(target), false);
      assert.equal(shown.length, 1);
      assert.equal(shown[0].agent, 'Claude Code -test-');
      assert.equal(shown[0].cwd, project);
      assert.equal(shown[0].decision.confirmation, 'type');
    } finally {
      await client.close();
    }
  });

  test('run_command: declined, it does not run, and the agent reads the gate’s message as an error', async () => {
    const target = path.join(project, 'important');
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, 'data.db'), 'precious');
    const { client } = await connect({ clientName: 'cursor' });
    try {
      const r = await client.callTool({ name: 'run_command', arguments: { command: 'rm -rf important' } });
      assert.equal(r.isError, true);
      assert.equal(
        text(r),
        'Blast Radius: a person reviewed `rm -rf important` and declined it. It did not run. Do not retry it, and do not try to reach the same result another way ' +
          '(another tool, a script, an absolute path). Stop and ask the user how to proceed.',
      );
      assert.equal(fs.readFileSync(path.join(target, 'data.db'), 'utf8'), 'precious');
      assert.equal(shown[0].agent, 'cursor');
    } finally {
      await client.close();
    }
  });

  test('malformed calls are refused before anyone is asked; an unknown tool is a protocol error', async () => {
    const { client } = await connect();
    try {
      const cases: Array<[args: Record<string, unknown>, message: string]> = [
        [{ cmd: 'ls' }, 'run_command: invalid arguments: unknown argument "cmd". Nothing ran.'],
        [{}, 'run_command: invalid arguments: command must be a non-empty string. Nothing ran.'],
        [{ command: 42 }, 'run_command: invalid arguments: command must be a non-empty string. Nothing ran.'],
        [{ command: 'ls', cwd: 'relative/dir' }, 'run_command: cwd must be an absolute path (got "relative/dir"). Nothing ran.'],
        [{ command: 'ls', cwd: path.join(project, 'missing') }, `run_command: cwd ${JSON.stringify(path.join(project, 'missing'))} is not a directory. Nothing ran.`],
      ];
      for (const [args, message] of cases) {
        const r = await client.callTool({ name: 'run_command', arguments: args });
        assert.deepEqual({ isError: r.isError, text: text(r) }, { isError: true, text: message });
      }
      const aws = await client.callTool({ name: 'aws_call', arguments: { service: 'glacier', operation: 'ListVaults' } });
      assert.equal(aws.isError, true);
      assert.match(text(aws), /^aws_call: aws_call cannot call the service "glacier".*use run_command with the aws CLI; Blast Radius checks it the same way\. Nothing was called\.$/);
      const misspelt = await client.callTool({ name: 'aws_call', arguments: { service: 's3', operation: 'DeleteBucket', parameters: { Bukket: 'x' } } });
      assert.equal(misspelt.isError, true);
      assert.match(text(misspelt), /^aws_call: s3 DeleteBucket has no parameter Bukket\b.*[.?] Nothing was called\.$/);
      const notObject = await client.callTool({ name: 'aws_call', arguments: { service: 's3', operation: 'DeleteBucket', parameters: 'Bucket=x' } });
      assert.equal(text(notObject), 'aws_call: invalid arguments: parameters must be an object. Nothing was called.');
      await assert.rejects(client.callTool({ name: 'format_disk', arguments: {} }), /unknown tool "format_disk"; the tools are run_command, aws_call/);
      assert.equal(shown.length, 0);
    } finally {
      await client.close();
    }
  });

  test('no VS Code window: a read still runs, what needs a person is blocked and the message says why', async () => {
    const empty = path.join(tmp, 'empty-run');
    fs.mkdirSync(empty, { recursive: true, mode: 0o700 });
    await writeRegistryPolicySnapshot({ protectedResources: [`${project}/important/**`] }, { XDG_RUNTIME_DIR: empty, HOME: path.join(tmp, 'home') });
    const target = path.join(project, 'important');
    fs.mkdirSync(target, { recursive: true });
    const { client } = await connect({ runtimeDir: empty });
    try {
      const read = await client.callTool({ name: 'run_command', arguments: { command: 'echo ok' } });
      assert.equal(text(read), 'exit code 0\n\nstdout:\nok\n');
      const r = await client.callTool({ name: 'run_command', arguments: { command: 'rm -rf important' } });
      assert.equal(r.isError, true);
      assert.match(text(r), /^Blast Radius: `rm -rf important` needs a person's approval, and no approval can be asked for: no VS Code window with Blast Radius is running for this user\. It did not run\./);
      assert.match(text(r), /open VS Code with Blast Radius enabled/);
      assert.equal(fs.existsSync(target), true);
      assert.equal(shown.length, 0);
    } finally {
      await client.close();
    }
  });
});

describe('the MCP server: aws_call against moto', { skip: unix || noMoto, concurrency: 1 }, () => {
  let s3: S3Client;
  const exists = (bucket: string) => s3.send(new HeadBucketCommand({ Bucket: bucket })).then(() => true, () => false);
  before(() => {
    s3 = new S3Client({ endpoint: moto!.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  });
  after(() => s3?.destroy());

  test('a read runs at once; a delete asks: declined it stays, approved it is gone', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'mcp-victim' }));
    const { client } = await connect({ env: moto!.env });
    try {
      const list = await client.callTool({ name: 'aws_call', arguments: { service: 's3', operation: 'ListBuckets' } });
      assert.equal(list.isError, undefined, text(list));
      assert.match(text(list), /"Name": "mcp-victim"/);
      assert.equal(shown.length, 0);

      const declined = await client.callTool({ name: 'aws_call', arguments: { service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'mcp-victim' } } });
      assert.equal(declined.isError, true);
      assert.match(text(declined), /^Blast Radius: a person reviewed `aws s3api delete-bucket --bucket mcp-victim` and declined it\. It did not run\./);
      assert.equal(shown[0].command, 'aws s3api delete-bucket --bucket mcp-victim');
      assert.equal(await exists('mcp-victim'), true);

      person = () => true;
      const approved = await client.callTool({ name: 'aws_call', arguments: { service: 's3', operation: 'DeleteBucket', parameters: { Bucket: 'mcp-victim' } } });
      assert.equal(approved.isError, undefined, text(approved));
      assert.match(text(approved), /^Blast Radius: a person approved `aws s3api delete-bucket --bucket mcp-victim`\./);
      assert.equal(await exists('mcp-victim'), false);
    } finally {
      await client.close();
    }
  });
});
