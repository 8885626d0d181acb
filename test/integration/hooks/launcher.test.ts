/**
 * The launcher agents' hook configs run, as a real file run by a real sh: it starts the built
 * dist/cli.js from a storage folder whose path has a space (macOS: "Application Support") and a quote,
 * falls back to `node` on PATH when VS Code's binary is gone, and blocks (exit 2) when it cannot run
 * Blast Radius at all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installerFor } from '../../../src/hooks/install';
import { hookCommand, launcherPath, shellQuote, writeLauncher } from '../../../src/hooks/launcher';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(root, 'dist', 'cli.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const windows = process.platform === 'win32' ? 'the launcher is a POSIX sh script' : false;

let tmp: string;
/** PATH with this test's node and the system's basic tools. */
let PATH: string;

before(() => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is built by `npm run build` (npm test does it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-launcher-'));
  PATH = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function storage(name: string): string {
  const dir = path.join(tmp, name, 'Application Support', 'Code', 'User', 'globalStorage', 'blast-radius.blast-radius');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = { PATH }, input?: string) {
  return spawnSync(file, args, { env, input, encoding: 'utf8', timeout: 60_000 });
}

test('written in a folder with a space, the launcher runs the current dist/cli.js --version with VS Code\'s node', { skip: windows }, async () => {
  const dir = storage('space');
  const launcher = await writeLauncher(dir, { cli: CLI, node: process.execPath });
  assert.equal(launcher, launcherPath(dir));
  assert.ok(launcher.includes(' '));
  assert.equal(fs.statSync(launcher).mode & 0o777, 0o700);
  assert.equal(fs.statSync(path.dirname(launcher)).mode & 0o777, 0o700);
  const r = run(launcher, ['--version']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `${VERSION}\n`);
  assert.equal(r.status, 0);
});

test('`launcher mcp` starts the MCP server beside the CLI: it answers initialize on stdio', { skip: windows }, async () => {
  const launcher = await writeLauncher(storage('mcp'), { cli: CLI, node: process.execPath });
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'launcher-test', version: '1' } } };
  // stdin closes after the one request, which ends the server once it has answered.
  const r = run(launcher, ['mcp'], { PATH, HOME: tmp, XDG_RUNTIME_DIR: path.join(tmp, 'no-runtime') }, JSON.stringify(initialize) + '\n');
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout.split('\n')[0]) as { id: number; result: { serverInfo: { name: string }; capabilities: { tools?: unknown } } };
  assert.equal(answer.id, 1);
  assert.ok(answer.result.capabilities.tools, 'the server offers tools');
  assert.match(answer.result.serverInfo.name, /blast-radius/i);
});

test('a hook config\'s command line reaches it through sh, quotes and all', { skip: windows }, async () => {
  const launcher = await writeLauncher(storage("o'brien's files"), { cli: CLI, node: process.execPath });
  const viaShell = run('/bin/sh', ['-c', `${shellQuote(launcher)} --version`]);
  assert.equal(viaShell.stdout, `${VERSION}\n`);
  // The exact command the Cursor installer writes, fed a Cursor payload for a harmless command, with no
  // VS Code window to ask (an empty registry): the core alone allows it.
  const command = hookCommand(launcher, installerFor('cursor'));
  const runtime = fs.mkdtempSync(path.join(tmp, 'runtime-'));
  const payload = JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'git status', cwd: tmp, workspace_roots: [tmp] });
  const hook = run('/bin/sh', ['-c', command], { PATH, HOME: tmp, XDG_RUNTIME_DIR: runtime }, payload);
  assert.equal(hook.status, 0, hook.stderr);
  assert.deepEqual(JSON.parse(hook.stdout), { permission: 'allow' });
});

test('written again for the same extension it is left alone; a new version\'s cli.js replaces it', { skip: windows }, async () => {
  const dir = storage('again');
  const launcher = await writeLauncher(dir, { cli: CLI, node: process.execPath });
  const inode = fs.statSync(launcher).ino;
  await writeLauncher(dir, { cli: CLI, node: process.execPath });
  assert.equal(fs.statSync(launcher).ino, inode, 'unchanged content is not rewritten');
  const upgraded = path.join(tmp, 'blast-radius-0.2.0', 'dist', 'cli.js');
  await writeLauncher(dir, { cli: upgraded, node: process.execPath });
  assert.ok(fs.readFileSync(launcher, 'utf8').includes(`cli=${shellQuote(upgraded)}\n`));
  assert.deepEqual(fs.readdirSync(path.dirname(launcher)), ['blast-radius'], 'no temporary file is left behind');
});

test('VS Code\'s binary gone (an update moved it): node on PATH runs the CLI', { skip: windows }, async () => {
  const launcher = await writeLauncher(storage('no-electron'), { cli: CLI, node: path.join(tmp, 'gone', 'code') });
  const r = run(launcher, ['--version']);
  assert.equal(r.stdout, `${VERSION}\n`);
  assert.equal(r.status, 0);
});

test('the extension gone: exit 2 (agents block on it) with what to do', { skip: windows }, async () => {
  const launcher = await writeLauncher(storage('no-extension'), { cli: path.join(tmp, 'uninstalled', 'dist', 'cli.js'), node: process.execPath });
  const r = run(launcher, ['hook', '--agent', 'claude-code'], { PATH }, '{}');
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^blast-radius: the Blast Radius extension is no longer at .*uninstalled\/dist\/cli\.js\. Start VS Code so that it updates this launcher .*, or remove the Blast Radius hook from the agent's hook configuration\.\n$/);
});

test('no Node anywhere: exit 2, saying so', { skip: windows }, async () => {
  const launcher = await writeLauncher(storage('no-node'), { cli: CLI, node: path.join(tmp, 'gone', 'code') });
  const r = run(launcher, ['--version'], { PATH: path.join(tmp, 'empty-bin') });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot run .*cli\.js: .*gone\/code is gone and there is no node on PATH/);
});
