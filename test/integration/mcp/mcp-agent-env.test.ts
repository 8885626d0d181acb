/**
 * Scoped AWS credentials reach the MCP server's tools: when the window whose gate answers has an agent
 * environment in its registry entry (blastRadius.aws.agentCredentials "scoped"), run_command runs with
 * it — the generated AWS config, the person's keys emptied, the gate's handle for credential_process —
 * and aws_call takes its credentials from the gate; without one (passthrough), both keep the server's
 * own environment. Against moto, `aws sts get-caller-identity` through run_command and GetCallerIdentity
 * through aws_call name the agent's session, not the person. Asynchronous throughout: the gate lives here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { agentEnvironment } from '../../../src/aws/scoped/agent-env';
import { writeAgentAwsFiles, type AgentAwsFiles } from '../../../src/aws/scoped/agent-files';
import { sdkSts } from '../../../src/aws/scoped/issuer';
import { AgentCredentialsService } from '../../../src/aws/scoped/service';
import { Gate } from '../../../src/gate/gate';
import { readGateSettings } from '../../../src/gate/settings';
import { registerWindow } from '../../../src/ipc/registry';
import { IpcServer } from '../../../src/ipc/server';
import { processContext } from '../../../src/platform/context';
import { AWS_CALL, RUN_COMMAND } from '../../../src/tools/definitions';
import { analyzer } from '../../unit/support/analyzer';
import { startMoto, type Moto } from '../support/moto';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const MCP = path.join(root, 'dist', 'mcp.js');
const CREDENTIAL_PROCESS = path.join(root, 'dist', 'credential-process.js');
const ACCOUNT = '123456789012';
const unix = process.platform === 'win32' ? 'Unix sockets only' : false;
/** Found on PATH without running anything (no synchronous child in the gate's process). */
const onPath = (tool: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, tool)));
const noMoto = ['moto_server', 'aws'].filter((t) => !onPath(t)).map((t) => `missing ${t}`)[0] ?? false;

let tmp: string;
let runtime: string;
let project: string;
let ownConfig: string;
let ownCredentials: string;
let server: IpcServer;
let files: AgentAwsFiles;
let registered: Awaited<ReturnType<typeof registerWindow>>;
let moto: Moto | undefined;
const saved: Record<string, string | undefined> = {};
const GATE_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_REGION'];

before(async () => {
  if (unix) return;
  for (const f of [MCP, CREDENTIAL_PROCESS]) assert.ok(fs.existsSync(f), `${path.basename(f)} is built by npm run build (npm test does it)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-mcp-env-'));
  runtime = path.join(tmp, 'run');
  fs.mkdirSync(runtime, { mode: 0o700 });
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  // The person's own AWS files: moto's default account keys.
  fs.mkdirSync(path.join(tmp, 'home', '.aws'), { recursive: true });
  ownConfig = path.join(tmp, 'home', '.aws', 'config');
  ownCredentials = path.join(tmp, 'home', '.aws', 'credentials');
  fs.writeFileSync(ownConfig, '[default]\nregion = us-east-1\n');
  fs.writeFileSync(ownCredentials, '[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n');

  if (!noMoto) moto = await startMoto();
  // The extension's process: the person's files, AWS at moto, no keys in the environment (sdkSts reads these).
  for (const k of GATE_ENV) saved[k] = process.env[k];
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
  process.env.AWS_CONFIG_FILE = ownConfig;
  process.env.AWS_SHARED_CREDENTIALS_FILE = ownCredentials;
  process.env.AWS_REGION = 'us-east-1';
  if (moto) {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint }).send(new CreateRoleCommand({ RoleName: 'agent', AssumeRolePolicyDocument: trust }));
  }

  const settings = readGateSettings({ circuitBreaker: { maxDestructive: 1000 }, aws: { agentCredentials: 'scoped', agentRoleArn: `arn:aws:iam::${ACCOUNT}:role/agent` } }).settings;
  const service = new AgentCredentialsService({ settings: () => settings, sts: sdkSts() });
  const gate = new Gate({
    analyzer: await analyzer(),
    settings: () => settings,
    approver: { ask: async (r) => ({ approved: false, requestId: r.id, previewHash: r.previewHash }) },
    audit: { append: async () => undefined },
    contextFor: (req) => processContext({ cwd: req.cwd, env: { ...req.env }, workspaceRoots: [project] }),
    awsCredentials: { describe: () => service.describe(), offer: (a) => service.offer(a) },
  });
  server = await IpcServer.start({ version: 'test' });
  server.registerHandler((req, signal) => gate.check(req, signal));
  server.registerCredentialsHandler((req) => service.handle(req));
  files = await writeAgentAwsFiles(path.join(tmp, 'agent-aws'), { node: process.execPath, client: CREDENTIAL_PROCESS }, { AWS_CONFIG_FILE: ownConfig, AWS_SHARED_CREDENTIALS_FILE: ownCredentials });
  registered = await registerWindow({ pid: process.pid, handle: server.handle, token: server.token, workspaceFolders: [project], version: 'test', startedAt: Date.now() }, { XDG_RUNTIME_DIR: runtime });
});

after(async () => {
  if (unix) return;
  await registered?.dispose();
  server?.dispose();
  await moto?.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The MCP server as an agent's client starts it: with the person's own AWS environment, keys included. */
async function connect(runtimeDir = runtime): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP],
    cwd: project,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(tmp, 'home'),
      XDG_RUNTIME_DIR: runtimeDir,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_CONFIG_FILE: ownConfig,
      AWS_SHARED_CREDENTIALS_FILE: ownCredentials,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      ...(moto ? { AWS_ENDPOINT_URL: moto.endpoint } : {}),
    },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'Claude Code (test)', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { text: r.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n'), isError: r.isError === true };
}

const SHOW_ENV = 'echo "config=$AWS_CONFIG_FILE key=[$AWS_ACCESS_KEY_ID] ipc=$BLAST_RADIUS_IPC imds=$AWS_EC2_METADATA_DISABLED"';

describe('MCP run_command and the window’s agent environment', { skip: unix, concurrency: 1 }, () => {
  test('scoped window: the command runs with the generated config, the person’s key emptied, the gate’s handle', async () => {
    registered.setAgentEnv(agentEnvironment(files, server));
    const client = await connect();
    try {
      const r = await call(client, RUN_COMMAND.name, { command: SHOW_ENV });
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, new RegExp(`^config=${escape(files.configFile)} key=\\[\\] ipc=${escape(server.handle)} imds=true$`, 'm'));
    } finally {
      await client.close();
    }
  });

  test('passthrough window (no agentEnv): the server’s own environment, the person’s key included', async () => {
    registered.setAgentEnv(undefined);
    const client = await connect();
    try {
      const r = await call(client, RUN_COMMAND.name, { command: SHOW_ENV });
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, new RegExp(`^config=${escape(ownConfig)} key=\\[testing\\] ipc= imds=$`, 'm'));
    } finally {
      await client.close();
    }
  });

  test('no window answering: an allowed read keeps the server’s own environment (no gate to issue credentials)', async () => {
    const empty = path.join(tmp, 'run-empty');
    fs.mkdirSync(empty, { mode: 0o700 });
    const client = await connect(empty);
    try {
      const r = await call(client, RUN_COMMAND.name, { command: SHOW_ENV });
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, new RegExp(`^config=${escape(ownConfig)} key=\\[testing\\] ipc= imds=$`, 'm'));
    } finally {
      await client.close();
    }
  });
});

describe('MCP tools against moto: the agent’s session, not the person', { skip: unix || noMoto, concurrency: 1 }, () => {
  const AGENT_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/agent/blast-radius-agent`;

  test('run_command `aws sts get-caller-identity`: the person without agentEnv, the agent session with it', async () => {
    const client = await connect();
    try {
      registered.setAgentEnv(undefined);
      const person = await call(client, RUN_COMMAND.name, { command: 'aws sts get-caller-identity --output json' });
      assert.equal(person.isError, false, person.text);
      assert.doesNotMatch(person.text, /assumed-role/);
      assert.match(person.text, /"Arn": "arn:aws:sts::123456789012:user\/moto"/);

      registered.setAgentEnv(agentEnvironment(files, server));
      const agent = await call(client, RUN_COMMAND.name, { command: 'aws sts get-caller-identity --output json' });
      assert.equal(agent.isError, false, agent.text);
      assert.match(agent.text, /exit code 0/);
      assert.ok(agent.text.includes(`"Arn": "${AGENT_ARN}"`), agent.text);
    } finally {
      await client.close();
    }
  });

  test('aws_call sts GetCallerIdentity: credentials from the gate with agentEnv, the person’s without', async () => {
    const client = await connect();
    try {
      registered.setAgentEnv(agentEnvironment(files, server));
      const agent = await call(client, AWS_CALL.name, { service: 'sts', operation: 'GetCallerIdentity' });
      assert.equal(agent.isError, false, agent.text);
      assert.ok(agent.text.includes(`"Arn": "${AGENT_ARN}"`), agent.text);

      registered.setAgentEnv(undefined);
      const person = await call(client, AWS_CALL.name, { service: 'sts', operation: 'GetCallerIdentity' });
      assert.equal(person.isError, false, person.text);
      assert.ok(person.text.includes('"Arn": "arn:aws:sts::123456789012:user/moto"'), person.text);
    } finally {
      await client.close();
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
