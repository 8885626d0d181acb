/**
 * The environment Blast Radius's own tools run approved commands with: in scoped mode the agent
 * terminals' variables (and the gate's handle and token, which credential_process needs) replace the
 * person's keys; in passthrough the environment is the person's, as before. A grant goes only with the
 * approval it came from.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_ENV_NAMES, AgentEnvSource, agentEnvironment, gateCredentials, toolEnv } from '../../../src/aws/scoped/agent-env';

const gate = { handle: '/run/br/gate.sock', token: 't'.repeat(40) };
const scoped = agentEnvironment({ configFile: '/ext/aws/config', credentialsFile: '/ext/aws/credentials' }, gate);
const host: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/home/dev',
  AWS_ACCESS_KEY_ID: 'AKIAPERSON',
  AWS_SECRET_ACCESS_KEY: 'person-secret',
  AWS_PROFILE: 'dev',
  AWS_REGION: 'eu-west-1',
  ELECTRON_RUN_AS_NODE: '1',
  BLAST_RADIUS_GRANT: 'stale-grant-from-somewhere-else-000000000',
};

describe('agentEnvironment', () => {
  test('the terminal variables plus the gate, and exactly the names the registry accepts', () => {
    assert.deepEqual(Object.keys(scoped).sort(), [...AGENT_ENV_NAMES].sort());
    assert.equal(scoped.AWS_CONFIG_FILE, '/ext/aws/config');
    assert.equal(scoped.AWS_SHARED_CREDENTIALS_FILE, '/ext/aws/credentials');
    assert.equal(scoped.AWS_EC2_METADATA_DISABLED, 'true');
    assert.equal(scoped.BLAST_RADIUS_IPC, gate.handle);
    assert.equal(scoped.BLAST_RADIUS_TOKEN, gate.token);
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) assert.equal(scoped[k], '', k);
  });
});

describe('toolEnv (what the chat and MCP tools run commands with)', () => {
  test('passthrough: the host’s environment, without a stale grant', () => {
    const env = toolEnv(host, undefined);
    assert.equal(env.AWS_ACCESS_KEY_ID, 'AKIAPERSON');
    assert.equal(env.AWS_CONFIG_FILE, undefined);
    assert.equal(env.BLAST_RADIUS_GRANT, undefined);
    assert.equal(env.PATH, '/usr/bin');
  });

  test('scoped: the person’s keys are emptied, the generated config and the gate take their place; profile and region stay', () => {
    const env = toolEnv(host, scoped);
    assert.equal(env.AWS_ACCESS_KEY_ID, '');
    assert.equal(env.AWS_SECRET_ACCESS_KEY, '');
    assert.equal(env.AWS_CONFIG_FILE, '/ext/aws/config');
    assert.equal(env.BLAST_RADIUS_IPC, gate.handle);
    assert.equal(env.BLAST_RADIUS_TOKEN, gate.token);
    assert.equal(env.AWS_PROFILE, 'dev');
    assert.equal(env.AWS_REGION, 'eu-west-1');
    assert.equal(env.BLAST_RADIUS_GRANT, undefined);
  });

  test('scoped, after an approval: the gate’s grant goes with the approved command', () => {
    assert.equal(toolEnv(host, scoped, 'g'.repeat(43)).BLAST_RADIUS_GRANT, 'g'.repeat(43));
  });

  test('passthrough: a grant has nothing to redeem it and is not set', () => {
    assert.equal(toolEnv(host, undefined, 'g'.repeat(43)).BLAST_RADIUS_GRANT, undefined);
  });

  test('the host environment is not changed', () => {
    toolEnv(host, scoped, 'g'.repeat(43));
    assert.equal(host.AWS_ACCESS_KEY_ID, 'AKIAPERSON');
    assert.equal(host.ELECTRON_RUN_AS_NODE, '1');
  });
});

describe('gateCredentials', () => {
  test('no gate answering: it fails, naming the profile, and hands out nothing', async () => {
    const provider = gateCredentials({ ...scoped, BLAST_RADIUS_IPC: '/nonexistent/br/gate.sock' }, 'dev');
    await assert.rejects(provider(), (e: Error) => e.name === 'CredentialsProviderError' && /no AWS credentials for profile dev/.test(e.message));
  });
  test('a profile name the gate would refuse is refused here', async () => {
    await assert.rejects(gateCredentials(scoped, 'has space')(), /profile has space/);
  });
});

describe('AgentEnvSource', () => {
  test('tells listeners about real changes only, and hands out copies', () => {
    const source = new AgentEnvSource();
    const seen: Array<Record<string, string> | undefined> = [];
    const sub = source.onDidChange((e) => seen.push(e));
    source.set(scoped);
    source.set({ ...scoped });
    source.set(undefined);
    sub.dispose();
    source.set(scoped);
    assert.deepEqual(seen, [scoped, undefined]);
    source.current()!.AWS_ACCESS_KEY_ID = 'AKIAMUTATED';
    assert.equal(source.current()!.AWS_ACCESS_KEY_ID, '');
  });
});
