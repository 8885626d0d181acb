/**
 * The audit log on a real file in a temp dir: the chain verifies, and every kind of tampering is
 * reported at the line where it happened.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AUDIT_FILE, AuditLog, GENESIS, recordHash, type AuditRecord } from '../../../src/audit/log';
import { canonicalJson } from '../../../src/audit/canonical';
import { auditEntry } from '../../unit/audit/entry';

const made: string[] = [];
after(() => Promise.all(made.map((d) => fs.rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'blast-radius-audit-'));
  made.push(dir);
  return dir;
}

async function logWith(records: number): Promise<AuditLog> {
  const log = await AuditLog.open(path.join(await tempDir(), 'storage'));
  for (let i = 1; i <= records; i++) await log.append(auditEntry(i));
  return log;
}

async function lines(log: AuditLog): Promise<string[]> {
  const text = await fs.readFile(log.file, 'utf8');
  return text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
}

async function rewrite(log: AuditLog, ls: string[], finalNewline = true): Promise<void> {
  await fs.writeFile(log.file, ls.join('\n') + (finalNewline ? '\n' : ''));
}

/** A record for line `i` with `change` applied, optionally re-hashed so only the chain can tell. */
function edited(line: string, change: (r: Record<string, unknown>) => void, rehash = false): string {
  const r = JSON.parse(line) as Record<string, unknown>;
  change(r);
  if (rehash) r.hash = recordHash(r);
  return canonicalJson(r);
}

async function expectBroken(log: AuditLog, line: number, problem: RegExp): Promise<void> {
  const result = await log.verify();
  assert.equal(result.ok, false, 'verify should fail');
  if (result.ok) return;
  assert.equal(result.line, line, result.problem);
  assert.match(result.problem, problem);
  assert.equal(result.records, line - 1, 'records before the problem verified');
}

test('a chain of 1,000 records verifies', async () => {
  const log = await logWith(1000);
  assert.deepEqual(await log.verify(), { ok: true, records: 1000 });
  const ls = await lines(log);
  assert.equal(ls.length, 1000);
  const first = JSON.parse(ls[0]) as AuditRecord;
  assert.equal(first.seq, 1);
  assert.equal(first.prev, GENESIS);
  assert.equal(first.hash, recordHash(first));
  assert.equal(ls[0], canonicalJson(first), 'each line is the canonical JSON of its record');
});

test('an empty or missing log verifies with 0 records', async () => {
  const log = await logWith(0);
  assert.deepEqual(await log.verify(), { ok: true, records: 0 });
  assert.deepEqual(await log.read(), []);
  assert.deepEqual(log.head(), { seq: 0, hash: GENESIS });
});

test('editing any field of any record is reported at that line', async () => {
  const log = await logWith(6);
  const original = await lines(log);
  const edits: Array<[field: string, change: (r: Record<string, unknown>) => void]> = [
    ['command', (r) => (r.command = 'ls')],
    ['outcome', (r) => (r.outcome = r.outcome === 'run' ? 'blocked' : 'run')],
    ['decidedBy', (r) => (r.decidedBy = 'policy')],
    ['time', (r) => (r.time = '2030-01-01T00:00:00.000Z')],
    ['a preview entry id (nested)', (r) => ((r.preview as { entries: Array<{ id: string }> }).entries[0].id = 'arn:aws:s3:::other')],
    ['a new field', (r) => (r.note = 'added')],
    ['a removed field', (r) => delete r.agent],
    ['seq', (r) => (r.seq = (r.seq as number) + 10)],
    ['prev', (r) => (r.prev = 'b'.repeat(64))],
    ['hash', (r) => (r.hash = 'c'.repeat(64))],
  ];
  for (let i = 0; i < original.length; i++) {
    for (const [field, change] of edits) {
      const ls = [...original];
      ls[i] = edited(ls[i], change);
      await rewrite(log, ls);
      await expectBroken(log, i + 1, /was changed after it was written|does not match its hash/).catch((e: Error) => {
        throw new Error(`editing ${field} of line ${i + 1}: ${e.message}`);
      });
    }
  }
});

test('whitespace and key order are not changes: the hash is over the content', async () => {
  const log = await logWith(3);
  const ls = await lines(log);
  const r = JSON.parse(ls[1]) as Record<string, unknown>;
  ls[1] = JSON.stringify(Object.fromEntries(Object.entries(r).reverse()), null, 0).replace(/,/g, ', ');
  await rewrite(log, ls);
  assert.deepEqual(await log.verify(), { ok: true, records: 3 });
});

const deletions: Array<[what: string, remove: number, line: number, problem: RegExp]> = [
  ['the first line', 0, 1, /record #2 where #1 belongs: record #1 is missing/],
  ['a middle line', 4, 5, /record #6 where #5 belongs: record #5 is missing/],
  ['the second-to-last line', 8, 9, /record #10 where #9 belongs/],
];
for (const [what, remove, line, problem] of deletions) {
  test(`deleting ${what} is reported`, async () => {
    const log = await logWith(10);
    const ls = await lines(log);
    ls.splice(remove, 1);
    await rewrite(log, ls);
    await expectBroken(log, line, problem);
  });
}

test('deleting several lines names the missing range', async () => {
  const log = await logWith(10);
  const ls = await lines(log);
  ls.splice(3, 3);
  await rewrite(log, ls);
  await expectBroken(log, 4, /records #4 to #6 are missing/);
});

test('swapping two lines is reported at the first of them', async () => {
  const log = await logWith(10);
  const ls = await lines(log);
  [ls[4], ls[5]] = [ls[5], ls[4]];
  await rewrite(log, ls);
  await expectBroken(log, 5, /record #6 where #5 belongs/);
});

test('moving a record later is reported where its place was', async () => {
  const log = await logWith(10);
  const ls = await lines(log);
  const [moved] = ls.splice(2, 1);
  ls.splice(7, 0, moved);
  await rewrite(log, ls);
  await expectBroken(log, 3, /record #4 where #3 belongs/);
});

test('a repeated record is reported', async () => {
  const log = await logWith(5);
  const ls = await lines(log);
  ls.splice(3, 0, ls[2]);
  await rewrite(log, ls);
  await expectBroken(log, 4, /holds record #3 after #3: records were reordered, repeated or inserted/);
});

test('truncating the last line is reported as cut off', async () => {
  const log = await logWith(10);
  const text = await fs.readFile(log.file, 'utf8');
  await fs.writeFile(log.file, text.slice(0, text.length - 40));
  await expectBroken(log, 10, /line 10, the last line, is cut off/);
});

test('a last line missing only its newline is complete and verifies', async () => {
  const log = await logWith(3);
  await rewrite(log, await lines(log), false);
  assert.deepEqual(await log.verify(), { ok: true, records: 3 });
});

test('an inserted forged record (own hash recomputed, prev wrong) is reported at its line', async () => {
  const log = await logWith(10);
  const ls = await lines(log);
  const forged = edited(ls[4], (r) => (r.command = 'echo harmless'), true); // claims to be #5, links to #4... but not with this hash
  const forgedRecord = JSON.parse(forged) as Record<string, unknown>;
  forgedRecord.prev = 'd'.repeat(64);
  forgedRecord.hash = recordHash(forgedRecord);
  ls.splice(4, 0, canonicalJson(forgedRecord));
  await rewrite(log, ls);
  await expectBroken(log, 5, /does not link to the record before it/);
});

test('a forged record that links correctly still breaks the chain after it', async () => {
  const log = await logWith(10);
  const ls = await lines(log);
  const forged = edited(ls[4], (r) => (r.command = 'echo harmless'), true); // seq 5, prev = hash of #4: a perfect link
  ls.splice(4, 0, forged);
  await rewrite(log, ls);
  await expectBroken(log, 6, /holds record #5 after #5/);
});

test('a forged first record is reported at line 1', async () => {
  const log = await logWith(3);
  const ls = await lines(log);
  ls[0] = edited(ls[0], (r) => (r.prev = 'e'.repeat(64)), true);
  await rewrite(log, ls);
  await expectBroken(log, 1, /line 1 \(record #1\) does not start a chain/);
});

test('changing a record and recomputing its hash breaks the next record\'s link', async () => {
  const log = await logWith(10);
  const ls = await lines(log);
  ls[6] = edited(ls[6], (r) => (r.outcome = 'run'), true);
  ls[6] = edited(ls[6], (r) => (r.decidedBy = 'policy'), true);
  await rewrite(log, ls);
  await expectBroken(log, 8, /line 8 \(record #8\) does not link to the record before it: that record was changed and re-hashed/);
});

const garbage: Array<[what: string, line: string | Buffer, problem: RegExp]> = [
  ['an empty line', '', /line 4 is empty/],
  ['a line of text', 'hello', /line 4 is not a complete JSON record/],
  ['a JSON array', '[1,2]', /line 4 is not a record \(not a JSON object\)/],
  ['an object without seq', '{"prev":"0","hash":"1"}', /line 4 is not a record: it has no valid seq/],
  ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /line 4 is not valid UTF-8/],
];
for (const [what, bad, problem] of garbage) {
  test(`${what} in the middle is reported`, async () => {
    const log = await logWith(6);
    const ls = await lines(log);
    const parts: Buffer[] = ls.map((l) => Buffer.from(l));
    parts.splice(3, 0, Buffer.isBuffer(bad) ? bad : Buffer.from(bad));
    await fs.writeFile(log.file, Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
    await expectBroken(log, 4, problem);
  });
}

test('a kept head detects records removed from the end, which the chain alone cannot', async () => {
  const log = await logWith(10);
  const head = log.head();
  assert.equal(head.seq, 10);
  const ls = await lines(log);
  await rewrite(log, ls.slice(0, 7));
  assert.deepEqual(await log.verify(), { ok: true, records: 7 }, 'the chain alone sees nothing wrong');
  const result = await log.verify({ expect: head });
  assert.deepEqual(result, { ok: false, records: 7, line: 8, problem: 'the log ends at record #7, but record #10 had been written: records were removed from the end.' });
});

test('a kept head detects a chain rebuilt from scratch', async () => {
  const log = await logWith(5);
  const head = log.head();
  const ls = await lines(log);
  let prev = GENESIS;
  const rebuilt = ls.map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    r.command = 'ls';
    r.prev = prev;
    r.hash = recordHash(r);
    prev = r.hash as string;
    return canonicalJson(r);
  });
  await rewrite(log, rebuilt);
  assert.deepEqual(await log.verify(), { ok: true, records: 5 });
  const result = await log.verify({ expect: head });
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.line, 5);
});

test('200 concurrent appends produce seq 1..200 with an unbroken chain', async () => {
  const log = await logWith(0);
  await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(auditEntry(i + 1))));
  assert.deepEqual(await log.verify(), { ok: true, records: 200 });
  const records = await log.read();
  assert.deepEqual(
    records.map((r) => r.seq),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  assert.deepEqual(records.map((r) => r.requestId), Array.from({ length: 200 }, (_, i) => `req-${i + 1}`), 'in call order');
});

test('two logs on the same file (two windows) append concurrently without forking the chain', async () => {
  const dir = path.join(await tempDir(), 'shared');
  const [a, b] = await Promise.all([AuditLog.open(dir), AuditLog.open(dir)]);
  await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).append(auditEntry(i + 1))));
  assert.deepEqual(await a.verify(), { ok: true, records: 60 });
  assert.equal(Math.max(a.head().seq, b.head().seq), 60);
});

test('reopening an existing log continues the chain', async () => {
  const first = await logWith(5);
  const reopened = await AuditLog.open(first.dir);
  assert.deepEqual(reopened.head(), first.head());
  const record = await reopened.appendRecord(auditEntry(6));
  assert.equal(record.seq, 6);
  assert.equal(record.prev, first.head().hash);
  assert.deepEqual(await reopened.verify(), { ok: true, records: 6 });
});

test('reopening finds the head past records larger than the read chunk', async () => {
  const log = await logWith(0);
  for (let i = 1; i <= 3; i++) await log.append(auditEntry(i, { command: `echo ${'x'.repeat(150_000)} ${i}` }));
  const reopened = await AuditLog.open(log.dir);
  assert.deepEqual(reopened.head(), log.head());
  assert.equal(reopened.head().seq, 3);
  const [last] = await reopened.read({ last: 1 });
  assert.equal(last.requestId, 'req-3');
});

test('after a write cut off by a crash, the next record starts on its own line and the gap stays visible', async () => {
  const log = await logWith(4);
  const intact = log.head();
  const fragment = (await lines(log))[3].slice(0, 50);
  await fs.appendFile(log.file, fragment); // a fifth record whose write never finished
  const reopened = await AuditLog.open(log.dir);
  assert.deepEqual(reopened.head(), intact);
  const next = await reopened.appendRecord(auditEntry(5));
  assert.equal(next.seq, 5);
  assert.equal(next.prev, intact.hash);
  const ls = await lines(reopened);
  assert.equal(ls.length, 6);
  assert.equal(ls[4], fragment, 'the fragment is kept as evidence, never rewritten');
  await expectBroken(reopened, 5, /line 5 is not a complete JSON record/);
  assert.deepEqual((await reopened.read()).map((r) => r.seq), [1, 2, 3, 4, 5], 'read skips the fragment');
});

test('another process appending is noticed before the next append', async () => {
  const a = await logWith(2);
  const b = await AuditLog.open(a.dir);
  await b.append(auditEntry(3));
  const r = await a.appendRecord(auditEntry(4));
  assert.equal(r.seq, 4);
  assert.deepEqual(await a.verify(), { ok: true, records: 4 });
});

test('a failed append leaves the queue and the chain usable', async () => {
  const log = await logWith(2);
  const cyclic = auditEntry(3) as unknown as Record<string, unknown>;
  cyclic.analysis = cyclic;
  const failed = log.append(cyclic as never);
  const next = log.appendRecord(auditEntry(4));
  await assert.rejects(failed);
  assert.equal((await next).seq, 3);
  assert.deepEqual(await log.verify(), { ok: true, records: 3 });
});

test('a lock left by a crashed window is broken once stale', async () => {
  const log = await logWith(1);
  const lock = `${log.file}.lock`;
  await fs.writeFile(lock, '99999');
  const old = new Date(Date.now() - 60_000);
  await fs.utimes(lock, old, old);
  await log.append(auditEntry(2));
  assert.deepEqual(await log.verify(), { ok: true, records: 2 });
  await assert.rejects(fs.stat(lock), /ENOENT/, 'the lock is released after the append');
});

test('read({ last }) returns the newest records in file order', async () => {
  const log = await logWith(12);
  assert.deepEqual((await log.read({ last: 3 })).map((r) => r.seq), [10, 11, 12]);
  assert.deepEqual((await log.read({ last: 50 })).map((r) => r.seq), Array.from({ length: 12 }, (_, i) => i + 1));
  assert.deepEqual(await log.read({ last: 0 }), []);
  const all = await log.read();
  assert.equal(all.length, 12);
  assert.equal(all[0].command, 'aws s3 rb s3://data-1 --force');
});

test('an entry\'s undefined optional fields hash the same after the round trip through the file', async () => {
  const log = await logWith(0);
  const r = await log.appendRecord(auditEntry(1, { note: undefined }));
  assert.ok(!('note' in r));
  assert.deepEqual(await log.verify(), { ok: true, records: 1 });
});

test('the file is 0600 and its directory 0700', { skip: process.platform === 'win32' }, async () => {
  const log = await logWith(1);
  assert.equal((await fs.stat(log.file)).mode & 0o777, 0o600);
  assert.equal((await fs.stat(log.dir)).mode & 0o777, 0o700);
  assert.equal(path.basename(log.file), AUDIT_FILE);
});

test('opening tightens an existing directory and file', { skip: process.platform === 'win32' }, async () => {
  const log = await logWith(1);
  await fs.chmod(log.file, 0o644);
  await fs.chmod(log.dir, 0o755);
  await AuditLog.open(log.dir);
  assert.equal((await fs.stat(log.file)).mode & 0o777, 0o600);
  assert.equal((await fs.stat(log.dir)).mode & 0o777, 0o700);
});
