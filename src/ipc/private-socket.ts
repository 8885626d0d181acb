/**
 * Where the gate listens: a socket in a directory only this user can enter (mode 0700), because the
 * socket file's own mode is ignored by some systems (macOS). On Windows a named pipe with a random name.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const SOCKET_NAME = 'gate.sock';
/** sun_path holds 104 bytes on macOS and 108 on Linux, NUL included. */
const MAX_SOCKET_PATH_BYTES = 103;

export interface PrivateDir {
  dir: string;
  /** Whether we made it, and so may remove it on dispose. */
  created: boolean;
}

/**
 * A fresh directory from mkdtemp under os.tmpdir(), or the one given: created 0700 when missing, else
 * accepted only when it is a real directory (not a link) owned by this user, then tightened to 0700.
 */
export async function makePrivateDir(given?: string): Promise<PrivateDir> {
  let dir: string;
  let created = false;
  if (given === undefined) {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'blast-radius-'));
    created = true;
  } else {
    dir = path.resolve(given);
    try {
      await fs.mkdir(dir, { mode: 0o700 });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  try {
    const before = await fs.lstat(dir);
    if (!before.isDirectory()) throw new Error(`${dir} is not a directory (a link or a file); the gate will not listen there`);
    checkOwner(dir, before.uid);
    // mkdtemp and mkdir already use 0700 under a usual umask; chmod makes it so whatever the umask was.
    await fs.chmod(dir, 0o700);
    const after = await fs.lstat(dir);
    if (!after.isDirectory() || (after.mode & 0o777) !== 0o700) {
      throw new Error(`${dir} is mode ${(after.mode & 0o777).toString(8)} after chmod 700; the gate will not listen there`);
    }
    checkOwner(dir, after.uid);
  } catch (e) {
    if (created) await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, created };
}

function checkOwner(dir: string, uid: number): void {
  const me = process.getuid?.();
  if (me !== undefined && uid !== me) throw new Error(`${dir} belongs to user ${uid}, not ${me}; the gate will not listen there`);
}

export function socketPathIn(dir: string): string {
  const socketPath = path.join(dir, SOCKET_NAME);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`socket path ${socketPath} is longer than ${MAX_SOCKET_PATH_BYTES} bytes; choose a shorter directory`);
  }
  return socketPath;
}

export function randomPipeName(): string {
  return `\\\\.\\pipe\\blast-radius-${randomBytes(16).toString('hex')}`;
}

function listenOnce(server: net.Server, handle: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(handle, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Listens on `handle`. A socket file left by a gate that died (its window crashed) is replaced; a live
 * gate's socket, or anything that is not a socket, is left alone and the start fails.
 */
export async function listenReplacingStale(server: net.Server, handle: string): Promise<void> {
  try {
    await listenOnce(server, handle);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.platform === 'win32') throw e;
  }
  await removeStaleSocket(handle);
  await listenOnce(server, handle);
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  const stat = await fs.lstat(socketPath);
  if (!stat.isSocket()) throw new Error(`${socketPath} exists and is not a socket; not removing it`);
  // Only a refused connection proves nobody listens; any other failure leaves the file alone.
  const probe = await new Promise<string>((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve('alive');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
  if (probe === 'alive') throw new Error(`another gate is listening on ${socketPath}`);
  if (probe !== 'ECONNREFUSED' && probe !== 'ENOENT') throw new Error(`cannot tell whether ${socketPath} is stale (${probe}); not removing it`);
  await fs.rm(socketPath, { force: true });
}
