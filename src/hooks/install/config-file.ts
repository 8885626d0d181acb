/**
 * Reading and writing one agent config file for the Protect commands. A write goes to a temporary file
 * beside the target and is renamed over it, so an agent starting meanwhile reads the old file or the new
 * one, never half. A symlinked config (dotfile managers do that) is written at its real path, so the
 * link stays a link. An existing file keeps its mode.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ConfigError } from './model';

/** Hook configs are small; anything bigger is not one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** The file's text, or undefined when it does not exist. Throws ConfigError for anything that is not a readable file. */
export async function readConfig(file: string): Promise<string | undefined> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read it (${(e as Error).message})`);
  }
  if (!stat.isFile()) throw new ConfigError('it is not a regular file');
  if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(`it is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, which no hook config is`);
  return fs.readFile(file, 'utf8');
}

/**
 * Writes `text` to `file` (creating missing folders), or deletes the file when `text` is undefined.
 * `mode` applies to a new file; an existing one keeps its own.
 */
export async function writeConfig(file: string, text: string | undefined, mode = 0o644): Promise<void> {
  const target = await fs.realpath(file).catch(() => file);
  if (text === undefined) {
    await fs.rm(target, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const existing = await fs.stat(target).catch(() => undefined);
  const finalMode = existing ? existing.mode & 0o7777 : mode;
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.blast-radius.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { mode: finalMode, flag: 'wx' });
    await fs.chmod(tmp, finalMode); // writeFile's mode passes through the umask
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
