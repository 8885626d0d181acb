/** `blast-radius aws session-policy` as a person or a security review runs it: the built CLI, real exit codes. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let tmp: string;

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is built by `npm run build` (npm test does it)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-session-policy-'));
});

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'aws', 'session-policy', ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function settingsFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

test('with no settings: the policy, its notes and its size; exit 0', () => {
  const r = run([]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Session policy for agents' AWS credentials \(destructive actions denied on protected resources\):\n\n\{\n {2}"Version": "2012-10-17",/);
  assert.match(r.out, /"sts:AssumeRole\*"/);
  assert.match(r.out, /\nNotes:\n {2}- Allows whatever the role or user allows/);
  assert.match(r.out, /\nFits: 261 of 2048 characters as sent \(minified\)\.\n$/);
});

test('--settings --json: the protected patterns become denies, with what was skipped', () => {
  const file = settingsFile(
    'settings.json',
    `{
      // protect production data
      "blastRadius.protectedResources": ["s3://prod-*", "arn:aws:rds:*:123456789012:db:prod-*", "~/.ssh/**"],
    }`,
  );
  const r = run(['--settings', file, '--json']);
  assert.equal(r.code, 0, r.err);
  const o = JSON.parse(r.out);
  assert.equal(o.mode, 'protected');
  assert.equal(o.fits, true);
  assert.equal(o.bytes, o.policy.length);
  assert.ok(o.bytes <= o.limit && o.limit === 2048);
  assert.deepEqual(JSON.parse(o.policy), o.document);
  const deny = o.document.Statement.find((s: { Sid?: string }) => s.Sid === 'DestroyProtected');
  assert.deepEqual(deny.Resource, ['arn:aws:s3:::prod-*', 'arn:aws:rds:*:123456789012:db:prod-*']);
  assert.ok(deny.Action.includes('s3:Delete*') || deny.Action.includes('s3:DeleteBucket'), deny.Action.join(' '));
  assert.deepEqual(o.skipped, ['~/.ssh/**']);
  assert.deepEqual(o.unexpressed, []);
});

test('--everywhere: destructive actions denied on every resource, other services denied, and it fits', () => {
  const r = run(['--everywhere', '--json']);
  assert.equal(r.code, 0, r.err);
  const o = JSON.parse(r.out);
  assert.equal(o.mode, 'everywhere');
  assert.equal(o.fits, true);
  assert.equal(o.packed.otherServicesDenied, true);
  assert.ok(o.packed.namedServices.includes('ec2'));
  const destroy = o.document.Statement.find((s: { Action?: string[]; Effect: string }) => s.Effect === 'Deny' && Array.isArray(s.Action) && s.Action.includes('ec2:Terminate*'));
  assert.equal(destroy.Resource, '*');
});

test('a protection list too long for STS: exit 1, DOES NOT FIT, and the patterns that did not fit', () => {
  const many = Array.from({ length: 60 }, (_, i) => `"arn:aws:dynamodb:us-east-1:123456789012:table/tenant-${String(i).padStart(3, '0')}-orders-archive"`);
  const file = settingsFile('many.json', `{ "blastRadius.protectedResources": [${many.join(',')}] }`);
  const r = run(['--settings', file]);
  assert.equal(r.code, 1);
  assert.match(r.out, /\nDOES NOT FIT: \d+ of 2048 characters as sent \(minified\); no scoped credentials would be issued with it\.\n$/);
  assert.match(r.out, /Does not fit: .*tenant-059-orders-archive/);
});

test('malformed settings: the problem on stderr, and destructive actions denied everywhere', () => {
  const file = settingsFile('broken.json', '{ "blastRadius.protectedResources": [ ');
  const r = run(['--settings', file, '--json']);
  assert.match(r.err, /^blast-radius: settings: the settings file .* is not valid JSON/);
  const o = JSON.parse(r.out);
  assert.ok(o.notes.some((n: string) => n.includes('malformed')));
  assert.ok(o.document.Statement.some((s: { Action?: string[]; Resource?: string }) => s.Resource === '*' && Array.isArray(s.Action) && s.Action.includes('rds:Delete*')));
});

test('a pattern carrying terminal control characters is shown inert', () => {
  const file = settingsFile('hostile.json', JSON.stringify({ 'blastRadius.protectedResources': ['aws://x/\u001b[2Jgone'] }));
  const r = run(['--settings', file]);
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.out, /\u001b/);
  assert.match(r.out, /aws:\/\/x\//);
});

test('usage errors exit 64', () => {
  const r = spawnSync(process.execPath, [cli, 'aws', 'no-such-thing'], { encoding: 'utf8' });
  assert.equal(r.status, 64);
  assert.match(r.stderr, /unknown aws subcommand no-such-thing/);
  assert.equal(run(['--bogus']).code, 64);
});
