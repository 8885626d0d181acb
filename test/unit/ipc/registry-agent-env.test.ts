/**
 * A window's registry entry carries, in scoped mode, the environment its agents' AWS work gets. The MCP
 * server runs approved commands with it, so an entry whose agent environment is anything but the
 * exact, well-formed set for that window's own gate is refused whole (no gate), never half-used.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentEnvironment } from '../../../src/aws/scoped/agent-env';
import { findGates, parseEntry, registerWindow, type WindowEntry } from '../../../src/ipc/registry';

const TOKEN = 'a'.repeat(64);
const HANDLE = '/run/user/1000/br/gate.sock';
const base = { pid: 4242, handle: HANDLE, token: TOKEN, workspaceFolders: ['/home/dev/project'], version: 'test', startedAt: 1000 };
const good = agentEnvironment({ configFile: '/home/dev/.br/aws/config', credentialsFile: '/home/dev/.br/aws/credentials' }, { handle: HANDLE, token: TOKEN });
const parse = (agentEnv: unknown) => parseEntry(JSON.stringify({ ...base, agentEnv }));

describe('parseEntry: agentEnv', () => {
  test('an entry without one is read as before, with no agentEnv key', () => {
    assert.deepEqual(parseEntry(JSON.stringify(base)), base);
  });

  test('the exact agent environment for the entry’s own gate is accepted as written', () => {
    const e = parse(good);
    assert.deepEqual(e?.agentEnv, good);
    assert.equal(e?.agentEnv?.AWS_CONFIG_FILE, '/home/dev/.br/aws/config');
    assert.equal(e?.agentEnv?.AWS_ACCESS_KEY_ID, '');
    assert.equal(e?.agentEnv?.AWS_EC2_METADATA_DISABLED, 'true');
    assert.equal(e?.agentEnv?.BLAST_RADIUS_IPC, HANDLE);
  });

  const refused: Array<[why: string, agentEnv: unknown]> = [
    ['not an object', 'AWS_CONFIG_FILE=/x'],
    ['an array', [good]],
    ['null', null],
    ['an extra variable (PATH)', { ...good, PATH: '/evil' }],
    ['an extra variable (NODE_OPTIONS)', { ...good, NODE_OPTIONS: '--require /evil.js' }],
    ['a variable missing (AWS_SECRET_ACCESS_KEY not emptied)', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'AWS_SECRET_ACCESS_KEY'))],
    ['the gate handle missing', Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'BLAST_RADIUS_IPC'))],
    ['the person’s key put back', { ...good, AWS_ACCESS_KEY_ID: 'AKIAPERSONKEY0000000' }],
    ['a session token put back', { ...good, AWS_SESSION_TOKEN: 'token' }],
    ['instance metadata left on', { ...good, AWS_EC2_METADATA_DISABLED: 'false' }],
    ['a relative config path', { ...good, AWS_CONFIG_FILE: 'aws/config' }],
    ['an empty credentials path', { ...good, AWS_SHARED_CREDENTIALS_FILE: '' }],
    ['another socket', { ...good, BLAST_RADIUS_IPC: '/tmp/other/gate.sock' }],
    ['another token', { ...good, BLAST_RADIUS_TOKEN: 'b'.repeat(64) }],
    ['a number for a value', { ...good, AWS_EC2_METADATA_DISABLED: true }],
    ['a NUL in a path', { ...good, AWS_CONFIG_FILE: '/home/dev/config\0x' }],
    ['a path too long', { ...good, AWS_CONFIG_FILE: `/${'x'.repeat(5000)}` }],
  ];
  for (const [why, agentEnv] of refused) {
    test(`refused whole: ${why}`, () => assert.equal(parse(agentEnv), undefined));
  }
});

describe('registerWindow: setAgentEnv', () => {
  let runtime: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'br-registry-env-'));
    env = { XDG_RUNTIME_DIR: runtime, HOME: '/nonexistent-home' };
  });
  afterEach(() => fs.rmSync(runtime, { recursive: true, force: true }));

  test('scoped, then passthrough: the entry gains the agent environment, then loses it', async () => {
    const entry: WindowEntry = { ...base, pid: process.pid };
    const mine = agentEnvironment({ configFile: '/srv/aws/config', credentialsFile: '/srv/aws/credentials' }, entry);
    const reg = await registerWindow(entry, env);
    assert.equal((await findGates('/', env))[0].agentEnv, undefined);
    reg.setAgentEnv(mine);
    assert.deepEqual((await findGates('/', env))[0].agentEnv, mine);
    reg.update(['/srv/app']);
    assert.deepEqual((await findGates('/', env))[0], { ...entry, workspaceFolders: ['/srv/app'], agentEnv: mine });
    reg.setAgentEnv(undefined);
    assert.deepEqual((await findGates('/', env))[0], { ...entry, workspaceFolders: ['/srv/app'] });
    await reg.dispose();
  });
});
