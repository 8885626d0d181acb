/** Writing an agent's config file for the Protect commands: real files, links and modes. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../../src/hooks/install';
import { readConfig, writeConfig } from '../../../src/hooks/install/config-file';

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-config-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a missing file reads as undefined; a new one is created with its folders and the mode asked for', async () => {
  const file = path.join(tmp, 'new', '.clinerules', 'hooks', 'PreToolUse');
  assert.equal(await readConfig(file), undefined);
  await writeConfig(file, '#!/bin/sh\nexit 0\n', 0o755);
  assert.equal(await readConfig(file), '#!/bin/sh\nexit 0\n');
  assert.equal(fs.statSync(file).mode & 0o777, 0o755);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['PreToolUse'], 'no temporary file is left behind');
});

test('an existing file keeps its own mode', async () => {
  const file = path.join(tmp, 'settings.json');
  fs.writeFileSync(file, '{}\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  await writeConfig(file, '{\n  "a": 1\n}\n');
  assert.equal(fs.readFileSync(file, 'utf8'), '{\n  "a": 1\n}\n');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test('a symlinked config (a dotfiles repository) is written at its target; the link stays a link', { skip: process.platform === 'win32' ? 'symlinks need privileges on Windows' : false }, async () => {
  const real = path.join(tmp, 'dotfiles', 'claude-settings.json');
  fs.mkdirSync(path.dirname(real));
  fs.writeFileSync(real, '{}\n');
  const link = path.join(tmp, 'home', '.claude', 'settings.json');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(real, link);
  await writeConfig(link, '{"hooks": {}}\n');
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.equal(fs.readFileSync(real, 'utf8'), '{"hooks": {}}\n');
});

test('undefined deletes the file; deleting one that is gone is not an error', async () => {
  const file = path.join(tmp, 'blast-radius-copilot.json');
  fs.writeFileSync(file, '{}');
  await writeConfig(file, undefined);
  assert.equal(fs.existsSync(file), false);
  await writeConfig(file, undefined);
});

test('something that is not a regular file is refused', async () => {
  await assert.rejects(readConfig(tmp), (e: unknown) => e instanceof ConfigError && e.message === 'it is not a regular file');
});
