/**
 * The audit log: an append-only JSONL file in which every record names the hash of the one before,
 * so editing, deleting, reordering or inserting a record breaks the chain where it happened.
 * It makes tampering evident, not impossible: whoever can write the file can rebuild the whole chain,
 * and removing records from the end leaves no trace unless the caller keeps the head (see AuditHead)
 * somewhere else and passes it to verify().
 *
 * Several VS Code windows share the extension's global storage, so appends take a lock file and
 * re-read the head whenever the file changed since this process last wrote it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AuditEntry, AuditSink } from '../gate/types';
import { canonicalHash, canonicalJson } from './canonical';
import { backwardLines, forwardLines, LineTooLong } from './lines';

export const AUDIT_FILE = 'audit.jsonl';
/** The `prev` of the first record. */
export const GENESIS = '0'.repeat(64);

/** One line of the file: the entry, its place in the chain, and the hash of both. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  /** `hash` of the previous record; GENESIS for the first. */
  prev: string;
  /** sha256 of the canonical JSON of this record without `hash`. */
  hash: string;
}

/** The last record's place: keep it outside the file to detect records removed from the end. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export type VerifyResult = { ok: true; records: number } | { ok: false; records: number; problem: string; line: number };

/** No record this log writes comes near this; a longer line is garbage, and reading it would exhaust memory. */
const MAX_LINE = 64 * 1024 * 1024;
/** A lock older than this was left by a process that died mid-append (an append takes milliseconds). */
const STALE_LOCK_MS = 10_000;
const HEX64 = /^[0-9a-f]{64}$/;

interface Tail {
  seq: number;
  hash: string;
  /** File size when this was read or last written by us; a different size means another writer. */
  size: number;
  /** The file ends in a cut-off line: the next record must start on a line of its own. */
  cutOff: boolean;
}

export class AuditLog implements AuditSink {
  readonly file: string;
  private readonly lockFile: string;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private tail: Tail,
  ) {
    this.file = path.join(dir, AUDIT_FILE);
    this.lockFile = `${this.file}.lock`;
  }

  /** Opens (creating if needed) the log in `dir`, finding the chain's head from the file's last lines. */
  static async open(dir: string): Promise<AuditLog> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await restrict(dir, 0o700);
    const file = path.join(dir, AUDIT_FILE);
    await restrict(file, 0o600);
    return new AuditLog(dir, await readTail(file));
  }

  /** The last record this process knows of ({ seq: 0, hash: GENESIS } for an empty log). */
  head(): AuditHead {
    return { seq: this.tail.seq, hash: this.tail.hash };
  }

  /**
   * Appends one record. Appends run one at a time, in call order; the promise resolves once the line is
   * on disk (datasync). A failed append leaves the chain intact for the next one.
   */
  async append(entry: AuditEntry): Promise<void> {
    await this.appendRecord(entry);
  }

  /** As append(), returning the record as written (its seq and hash make an AuditHead). */
  appendRecord(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.queue.then(() => this.appendNow(entry));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads the whole file and checks the chain: every line a record, every hash matching its content,
   * seq counting 1, 2, … and every `prev` naming the record before. Stops at the first problem.
   * `expect`: a head recorded earlier; the log must still contain it, unchanged.
   */
  async verify(opts: { expect?: AuditHead } = {}): Promise<VerifyResult> {
    let records = 0;
    let prev = GENESIS;
    let lastLine = 0;
    const fail = (line: number, problem: string): VerifyResult => ({ ok: false, records, problem, line });
    const expect = opts.expect;
    try {
      for await (const { number, bytes, terminated } of forwardLines(this.file, MAX_LINE)) {
        lastLine = number;
        const parsed = parseRecord(bytes);
        if (typeof parsed === 'string') {
          return fail(number, terminated ? `line ${number} ${parsed}` : `line ${number}, the last line, is cut off: a write was interrupted, or the line was shortened.`);
        }
        const expected = records + 1;
        if (recordHash(parsed) !== parsed.hash) {
          return fail(number, `line ${number} (record #${parsed.seq}) was changed after it was written: its content does not match its hash.`);
        }
        if (parsed.seq > expected) {
          const missing = parsed.seq === expected + 1 ? `record #${expected} is` : `records #${expected} to #${parsed.seq - 1} are`;
          return fail(number, `line ${number} holds record #${parsed.seq} where #${expected} belongs: ${missing} missing (deleted, or records were reordered).`);
        }
        if (parsed.seq < expected) {
          return fail(number, `line ${number} holds record #${parsed.seq} after #${records}: records were reordered, repeated or inserted.`);
        }
        if (parsed.prev !== prev) {
          return fail(
            number,
            expected === 1
              ? `line 1 (record #1) does not start a chain: it was forged or replaced.`
              : `line ${number} (record #${parsed.seq}) does not link to the record before it: that record was changed and re-hashed, or this one was forged or inserted.`,
          );
        }
        if (expect && parsed.seq === expect.seq && parsed.hash !== expect.hash) {
          return fail(number, `line ${number} (record #${parsed.seq}) is not the record #${expect.seq} that was written: the log was rewritten from here or earlier.`);
        }
        prev = parsed.hash;
        records = parsed.seq;
      }
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return records === 0 && !(expect && expect.seq > 0) ? { ok: true, records: 0 } : fail(1, 'the audit log file is missing.');
      if (e instanceof LineTooLong) return fail(e.line, `line ${e.line} is longer than any record (over ${e.limit / (1024 * 1024)} MiB): it is not a record.`);
      throw e;
    }
    if (expect && records < expect.seq) {
      return fail(lastLine + 1, `the log ends at record #${records}, but record #${expect.seq} had been written: records were removed from the end.`);
    }
    return { ok: true, records };
  }

  /** Records in file order; `last`: only the last N. Lines that are not records are skipped (verify reports them). */
  async read(opts: { last?: number } = {}): Promise<AuditRecord[]> {
    const last = opts.last;
    try {
      if (last !== undefined) {
        if (last <= 0) return [];
        const found: AuditRecord[] = [];
        for await (const { bytes } of backwardLines(this.file)) {
          const r = parseRecord(bytes);
          if (typeof r !== 'string') found.push(r);
          if (found.length >= last) break;
        }
        return found.reverse();
      }
      const all: AuditRecord[] = [];
      for await (const { bytes } of forwardLines(this.file, MAX_LINE)) {
        const r = parseRecord(bytes);
        if (typeof r !== 'string') all.push(r);
      }
      return all;
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return [];
      throw e;
    }
  }

  private async appendNow(entry: AuditEntry): Promise<AuditRecord> {
    const release = await acquireLock(this.lockFile);
    try {
      const size = await fileSize(this.file);
      if (size !== this.tail.size) this.tail = await readTail(this.file);
      const body: Record<string, unknown> = JSON.parse(JSON.stringify({ ...entry, seq: this.tail.seq + 1, prev: this.tail.hash }));
      delete body.hash;
      const record = { ...body, hash: canonicalHash(body) } as unknown as AuditRecord;
      const line = Buffer.from(`${this.tail.cutOff ? '\n' : ''}${canonicalJson(record)}\n`, 'utf8');
      try {
        await appendDurably(this.file, line, size === 0);
      } catch (e) {
        this.tail = { ...this.tail, size: -1 }; // part of the line may be on disk: re-read before the next append
        throw e;
      }
      this.tail = { seq: record.seq, hash: record.hash, size: size + line.length, cutOff: false };
      return record;
    } finally {
      await release();
    }
  }
}

/** The hash a record should carry: over everything but `hash`. */
export function recordHash(record: Record<string, unknown> | AuditRecord): string {
  const { hash: _ignored, ...body } = record as Record<string, unknown>;
  return canonicalHash(body);
}

/** A record, or why the line is not one (phrased to follow "line N "). */
function parseRecord(bytes: Buffer): AuditRecord | string {
  if (bytes.length === 0) return 'is empty.';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'is not valid UTF-8 text: it is garbled.';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not a complete JSON record: it is garbled or cut off.';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a record (not a JSON object).';
  const r = value as Record<string, unknown>;
  if (typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq) || r.seq < 1) return 'is not a record: it has no valid seq.';
  if (typeof r.prev !== 'string' || !HEX64.test(r.prev)) return 'is not a record: it has no valid prev hash.';
  if (typeof r.hash !== 'string' || !HEX64.test(r.hash)) return 'is not a record: it has no valid hash.';
  return r as unknown as AuditRecord;
}

/** The chain's head from the end of the file: the last line that is a record, skipping garbage after it. */
async function readTail(file: string): Promise<Tail> {
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { seq: 0, hash: GENESIS, size: 0, cutOff: false };
    throw e;
  }
  let cutOff = false;
  for await (const { bytes, terminated } of backwardLines(file, size)) {
    if (!terminated) {
      cutOff = bytes.length > 0;
      continue;
    }
    const r = parseRecord(bytes);
    if (typeof r !== 'string') return { seq: r.seq, hash: r.hash, size, cutOff };
  }
  return { seq: 0, hash: GENESIS, size, cutOff };
}

async function appendDurably(file: string, line: Buffer, created: boolean): Promise<void> {
  const handle = await fs.open(file, 'a', 0o600);
  try {
    let written = 0;
    while (written < line.length) written += (await handle.write(line, written, line.length - written)).bytesWritten;
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(path.dirname(file));
}

/**
 * A lock file created exclusively; another window holding it makes us wait. A lock left by a crashed
 * process goes stale and is broken.
 */
async function acquireLock(lockFile: string): Promise<() => Promise<void>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lockFile, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await fs.rm(lockFile, { force: true });
      };
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
    }
    try {
      const age = Date.now() - (await fs.stat(lockFile)).mtimeMs;
      if (age > STALE_LOCK_MS || age < -STALE_LOCK_MS) await fs.rm(lockFile, { force: true });
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
    }
    await new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt) + Math.random() * 5));
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return 0;
    throw e;
  }
}

/** Best effort: tighten permissions (POSIX only; Windows profiles are private already). */
async function restrict(p: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    await fs.chmod(p, mode);
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
  }
}

/** Makes a newly created file's directory entry durable; not possible on every platform. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the record itself is already synced.
  }
}

function isErrno(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}
