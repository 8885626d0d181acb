/**
 * Reading a JSONL file a line at a time, forwards (verify, read all) or backwards from the end (the
 * chain's head, the last N records), without holding the whole file in memory.
 */
import { createReadStream, promises as fs } from 'node:fs';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

export interface Line {
  /** 1-based line number; backwards iteration numbers lines from the end (1 = the last). */
  number: number;
  bytes: Buffer;
  /** The line ended with a newline (false only for the file's last line when it is cut off). */
  terminated: boolean;
}

export class LineTooLong extends Error {
  constructor(readonly line: number, readonly limit: number) {
    super(`line ${line} is longer than ${limit} bytes`);
  }
}

/** Lines from the start. A file ending in a newline has no empty last line. */
export async function* forwardLines(path: string, maxLine: number): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let number = 0;
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        if (pendingLength + nl - start > maxLine) throw new LineTooLong(number + 1, maxLine);
        pending.push(chunk.subarray(start, nl));
        number += 1;
        yield { number, bytes: Buffer.concat(pending), terminated: true };
        pending = [];
        pendingLength = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pendingLength += chunk.length - start;
        if (pendingLength > maxLine) throw new LineTooLong(number + 1, maxLine);
        pending.push(chunk.subarray(start));
      }
    }
  } finally {
    stream.destroy();
  }
  if (pendingLength > 0) yield { number: number + 1, bytes: Buffer.concat(pending), terminated: false };
}

/**
 * Lines from the end of the first `end` bytes, last line first. The first line yielded is the
 * unterminated tail (empty bytes when the file ends with a newline), so callers can tell a cut-off
 * write from a complete line.
 */
export async function* backwardLines(path: string, end?: number): AsyncGenerator<Line> {
  const handle = await fs.open(path, 'r');
  try {
    let pos = end ?? (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    let number = 0;
    let terminated = false;
    while (pos > 0) {
      const size = Math.min(CHUNK, pos);
      pos -= size;
      const chunk = Buffer.alloc(size);
      await readFully(handle, chunk, pos);
      let buf = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
      for (let nl = buf.lastIndexOf(NEWLINE); nl !== -1; nl = buf.lastIndexOf(NEWLINE)) {
        number += 1;
        yield { number, bytes: buf.subarray(nl + 1), terminated };
        terminated = true;
        buf = buf.subarray(0, nl);
      }
      carry = buf;
    }
    number += 1;
    yield { number, bytes: carry, terminated };
  } finally {
    await handle.close();
  }
}

async function readFully(handle: fs.FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error('the file shrank while it was read');
    done += bytesRead;
  }
}
