/** Shared checks for the hook installers' round trips on real-looking config files. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import type { HookInstaller, Locations } from '../../../../src/hooks/install';
import { hookCommand } from '../../../../src/hooks/launcher';

/** The repository root, found from wherever the compiled test runs. */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'hooks', 'install', name), 'utf8');
}

/** Where a Linux VS Code keeps the launcher. */
export const LAUNCHER = '/home/dev/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius';
/** Where a macOS VS Code keeps it: a space, so the command quotes it. */
export const OTHER_LAUNCHER = '/Users/dev/Library/Application Support/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius';

export const where: Locations = { home: '/home/dev', workspaceFolder: '/home/dev/project', env: {} };

export function commandFor(installer: HookInstaller, launcher = LAUNCHER): string {
  return hookCommand(launcher, installer);
}

/** The JSON value of a config (comments and trailing commas allowed), failing on any parse error. */
export function value(text: string): unknown {
  const errors: ParseError[] = [];
  const v: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  assert.deepEqual(errors, [], 'the config parses');
  return v;
}

/**
 * Every line of `original` is in `changed`, in order: the change only added lines (and may have added
 * the comma an appended entry needs after the line before it).
 */
export function assertOnlyAdded(original: string, changed: string): void {
  const after = changed.split(/\r?\n/);
  let i = 0;
  for (const line of original.split(/\r?\n/)) {
    while (i < after.length && after[i] !== line && !commaAdded(line, after[i])) i++;
    assert.ok(i < after.length, `line kept: ${JSON.stringify(line)}`);
    i++;
  }
}

function commaAdded(line: string, candidate: string): boolean {
  for (let k = 0; k <= line.length; k++) if (line.slice(0, k) + ',' + line.slice(k) === candidate) return true;
  return false;
}

/**
 * The properties every installer has on a config that already has other people's hooks: installing adds
 * exactly our entry and nothing else, a second install changes nothing, removing gives back the
 * original byte for byte. Returns the installed text for further checks.
 */
export function assertRoundTrip(installer: HookInstaller, original: string): string {
  const command = commandFor(installer);
  const installed = installer.install(original, command);
  assert.notEqual(installed, original);
  assertOnlyAdded(original, installed);
  assert.deepEqual(installer.installedCommands(installed), [command]);
  assert.equal(installer.install(installed, command), installed, 'installing twice changes nothing');
  assert.equal(installer.remove(installed), original, 'removing gives back the original, byte for byte');
  assert.equal(installer.remove(original), original, 'removing from a config without our hook changes nothing');
  return installed;
}
