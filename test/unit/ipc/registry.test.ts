/**
 * The per-user gate registry: where it lives, which window a command's folder reaches first, how entries
 * of dead windows go away, and why a directory or file that is not private and ours is never used.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findGates, policyDir, readPolicySnapshot, registerWindow, registryDir, writeRegistryPolicySnapshot, type WindowEntry } from '../../../src/ipc/registry';

const posix = typeof process.getuid === 'function';
let runtime: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'br-registry-'));
  env = { XDG_RUNTIME_DIR: runtime, XDG_STATE_HOME: path.join(runtime, 'state'), HOME: '/nonexistent-home' };
});
afterEach(() => fs.rmSync(runtime, { recursive: true, force: true }));

const TOKEN = 'a'.repeat(64);
function entry(name: string, workspaceFolders: string[], startedAt: number, pid = process.pid): WindowEntry {
  return { pid, handle: `/tmp/${name}/gate.sock`, token: TOKEN, workspaceFolders, version: 'test', startedAt };
}
const handles = (entries: WindowEntry[]) => entries.map((e) => path.basename(path.dirname(e.handle)));
const entryFiles = () => fs.readdirSync(registryDir(env)).filter((n) => n.startsWith('window-'));

describe('where the registry lives', () => {
  test('in the runtime directory the system gives this user', () => {
    assert.equal(registryDir({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/dev' }), '/run/user/1000/blast-radius');
  });
  test('else under the home directory', () => {
    assert.equal(registryDir({ HOME: '/home/dev' }), '/home/dev/.blast-radius/windows');
    assert.equal(registryDir({ XDG_RUNTIME_DIR: 'relative/run', HOME: '/home/dev' }), '/home/dev/.blast-radius/windows');
  });
  test('the home variant is created 0700, parent included', { skip: !posix }, async () => {
    const home = path.join(runtime, 'home');
    fs.mkdirSync(home);
    const reg = await registerWindow(entry('w', [], 1), { HOME: home });
    assert.equal(fs.statSync(path.join(home, '.blast-radius')).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(home, '.blast-radius', 'windows')).mode & 0o777, 0o700);
    await reg.dispose();
  });
});

describe('registering a window', () => {
  test('writes one private entry, found until disposed', async () => {
    const reg = await registerWindow(entry('w1', ['/home/dev/project'], 1000), env);
    const files = entryFiles();
    assert.equal(files.length, 1);
    if (posix) {
      assert.equal(fs.statSync(registryDir(env)).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(registryDir(env), files[0])).mode & 0o777, 0o600);
    }
    assert.deepEqual(await findGates('/home/dev/project', env), [entry('w1', ['/home/dev/project'], 1000)]);
    await reg.dispose();
    assert.deepEqual(entryFiles(), []);
    assert.deepEqual(await findGates('/home/dev/project', env), []);
  });

  test('update rewrites the workspace folders in place', async () => {
    const reg = await registerWindow(entry('w1', [], 1000), env);
    reg.update(['/srv/app']);
    assert.equal(entryFiles().length, 1);
    assert.deepEqual((await findGates('/', env))[0].workspaceFolders, ['/srv/app']);
    await reg.dispose();
  });

  test('no registry directory: no gates', async () => {
    assert.deepEqual(await findGates('/home/dev', env), []);
  });
});

describe('which window a command reaches first', () => {
  const windows: Array<[name: string, folders: string[], startedAt: number]> = [
    ['project', ['/home/dev/project'], 1000],
    ['sub', ['/home/dev/project/packages/api'], 500],
    ['other', ['/srv/other', '/home/dev/pro'], 3000],
    ['empty', [], 2000],
  ];
  const cases: Array<[cwd: string, order: string[]]> = [
    // The deepest workspace folder that holds the command wins, however old its window.
    ['/home/dev/project/packages/api/src', ['sub', 'project', 'other', 'empty']],
    ['/home/dev/project/packages/api', ['sub', 'project', 'other', 'empty']],
    ['/home/dev/project/docs', ['project', 'other', 'empty', 'sub']],
    // A folder name that is only a string prefix (/home/dev/pro) does not hold /home/dev/project.
    ['/home/dev/project', ['project', 'other', 'empty', 'sub']],
    ['/home/dev/pro/x', ['other', 'empty', 'project', 'sub']],
    // No folder holds it: the most recently started window first.
    ['/tmp', ['other', 'empty', 'project', 'sub']],
  ];
  for (const [cwd, order] of cases) {
    test(`${cwd} → ${order.join(', ')}`, async () => {
      const regs = [];
      for (const [name, folders, startedAt] of windows) regs.push(await registerWindow(entry(name, folders, startedAt), env));
      assert.deepEqual(handles(await findGates(cwd, env)), order);
      for (const r of regs) await r.dispose();
    });
  }
});

describe('stale and foreign entries', () => {
  test('a window that died without removing its entry is skipped and its entry removed', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const live = await registerWindow(entry('live', [], 1), env);
    await registerWindow(entry('dead', ['/home/dev/project'], 9000, dead), env);
    assert.equal(entryFiles().length, 2);
    assert.deepEqual(handles(await findGates('/home/dev/project', env)), ['live']);
    assert.equal(entryFiles().length, 1);
    // Registering tidies up too.
    await registerWindow(entry('dead', [], 9000, dead), env);
    await (await registerWindow(entry('next', [], 2), env)).dispose();
    assert.equal(entryFiles().length, 1);
    await live.dispose();
  });

  test('malformed entries are skipped and left alone', async () => {
    const live = await registerWindow(entry('live', [], 1), env);
    const dir = registryDir(env);
    const bad = [
      ['window-junk.json', '{ not json'],
      ['window-token.json', JSON.stringify({ ...entry('x', [], 5), token: 'short' })],
      ['window-folders.json', JSON.stringify({ ...entry('x', ['relative/dir'], 5) })],
      ['window-pid.json', JSON.stringify({ ...entry('x', [], 5), pid: -1 })],
    ];
    for (const [name, text] of bad) fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 });
    assert.deepEqual(handles(await findGates('/', env)), ['live']);
    assert.equal(entryFiles().length, 5);
    await live.dispose();
  });
});

describe('permissions: a registry that is not private and ours is not used', { skip: !posix }, () => {
  test('a directory others can read: no gates, the strictest settings', async () => {
    const reg = await registerWindow(entry('w', [], 1), env);
    await writeRegistryPolicySnapshot({ deny: ['git push*'] }, env);
    fs.chmodSync(registryDir(env), 0o755);
    fs.chmodSync(policyDir(env), 0o755);
    assert.deepEqual(await findGates('/', env), []);
    const s = readPolicySnapshot(env);
    assert.equal(s.policy.protectEverything, true);
    assert.deepEqual(s.policy.deny, []);
    await reg.dispose();
  });

  test('registering tightens our own loose directory back to 0700', async () => {
    fs.mkdirSync(registryDir(env), { mode: 0o777 });
    fs.chmodSync(registryDir(env), 0o777);
    const reg = await registerWindow(entry('w', [], 1), env);
    assert.equal(fs.statSync(registryDir(env)).mode & 0o777, 0o700);
    assert.equal((await findGates('/', env)).length, 1);
    await reg.dispose();
  });

  test('a directory that is a link to elsewhere is refused by readers and writers', async () => {
    const elsewhere = path.join(runtime, 'elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.symlinkSync(elsewhere, registryDir(env));
    await assert.rejects(registerWindow(entry('w', [], 1), env), /cannot be used: it is not a directory/);
    fs.writeFileSync(path.join(elsewhere, 'window-x.json'), JSON.stringify(entry('x', [], 1)), { mode: 0o600 });
    assert.deepEqual(await findGates('/', env), []);
  });

  test('an entry another user could read or write is never used', async () => {
    const reg = await registerWindow(entry('w', [], 1), env);
    const [file] = entryFiles();
    fs.chmodSync(path.join(registryDir(env), file), 0o644);
    assert.deepEqual(await findGates('/', env), []);
    fs.chmodSync(path.join(registryDir(env), file), 0o600);
    assert.equal((await findGates('/', env)).length, 1);
    await reg.dispose();
  });

  test('an entry that is a link is never followed', async () => {
    const reg = await registerWindow(entry('w', [], 1), env);
    const [file] = entryFiles();
    const target = path.join(runtime, 'target.json');
    fs.renameSync(path.join(registryDir(env), file), target);
    fs.symlinkSync(target, path.join(registryDir(env), file));
    assert.deepEqual(await findGates('/', env), []);
    await reg.dispose();
  });

  test('a policy snapshot others could have written is not believed', async () => {
    await writeRegistryPolicySnapshot({ deny: ['git push*'] }, env);
    assert.deepEqual(readPolicySnapshot(env).policy.deny, ['git push*']);
    fs.chmodSync(path.join(policyDir(env), 'policy.json'), 0o666);
    assert.equal(readPolicySnapshot(env).policy.protectEverything, true);
  });
});

describe('the policy snapshot', () => {
  test('lives in a persistent per-user directory, not the runtime one emptied at login', () => {
    assert.equal(policyDir({ XDG_STATE_HOME: '/home/dev/.local/state', HOME: '/home/dev' }), '/home/dev/.local/state/blast-radius');
    assert.equal(policyDir({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/dev' }), '/home/dev/.blast-radius');
  });

  test('reads back what the window wrote', async () => {
    await writeRegistryPolicySnapshot({ deny: ['terraform destroy*'], protectedResources: ['s3://prod-*'], humanTerminals: 'gate' }, env);
    const s = readPolicySnapshot(env);
    assert.deepEqual(s.policy.deny, ['terraform destroy*']);
    assert.deepEqual(s.policy.protectedResources, ['s3://prod-*']);
    assert.equal(s.policy.protectEverything, false);
    if (posix) assert.equal(fs.statSync(path.join(policyDir(env), 'policy.json')).mode & 0o777, 0o600);
  });

  const strict: Array<[what: string, content: string | undefined]> = [
    ['missing', undefined],
    ['not JSON', '{ deny: '],
    ['null', 'null'],
    ['an array', '[]'],
  ];
  for (const [what, content] of strict) {
    test(`${what}: the strictest reading (every change needs a person)`, async () => {
      await writeRegistryPolicySnapshot({}, env);
      const file = path.join(policyDir(env), 'policy.json');
      if (content === undefined) fs.rmSync(file);
      else fs.writeFileSync(file, content);
      const s = readPolicySnapshot(env);
      assert.equal(s.policy.protectEverything, true);
      assert.equal(s.policy.unknownTools, 'ask');
    });
  }
});
