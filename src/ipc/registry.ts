/**
 * The per-user registry of running VS Code windows' gates. Hooks and the MCP server run outside VS Code
 * terminals, so nothing hands them a socket and token: they look here. Each window writes one entry
 * (its socket, its token, its workspace folders) into a directory only this user can enter, and removes
 * it when it stops. The newest policy snapshot lives here too, for deciding when no window answers.
 *
 * The directory holds tokens, so a reader refuses it (no gate) unless it is this user's and private.
 * Node built-ins only: this is bundled into the hook and MCP entries.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentEnvProblem } from '../aws/scoped/agent-env';
import { readGateSettings, type GateSettings } from '../gate/settings';

export interface WindowEntry {
  pid: number;
  /** The gate's socket path (a pipe name on Windows). */
  handle: string;
  token: string;
  workspaceFolders: string[];
  version: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /**
   * In scoped mode: the environment agent terminals get (src/aws/scoped/agent-env.ts), for the commands
   * and AWS calls the MCP server runs once this window's gate lets them through.
   */
  agentEnv?: Record<string, string>;
}

const ENTRY_PREFIX = 'window-';
const ENTRY_SUFFIX = '.json';
export const REGISTRY_POLICY_SNAPSHOT = 'policy.json';
const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;
const MAX_FOLDERS = 256;
/** Mode checks mean nothing where there are no POSIX owners (Windows: the profile folder's ACL guards it). */
const POSIX = typeof process.getuid === 'function';

/**
 * `$XDG_RUNTIME_DIR/blast-radius` where the system provides a private runtime directory (Linux),
 * else `~/.blast-radius/windows`. Only the path: writers create it (0700), readers check it.
 */
export function registryDir(env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime)) return path.join(runtime, 'blast-radius');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  return path.join(home, '.blast-radius', 'windows');
}

/** Why the directory cannot be trusted, or undefined when it is a real directory, ours, 0700. */
function untrusted(stat: fs.Stats): string | undefined {
  if (!stat.isDirectory()) return 'it is not a directory';
  if (!POSIX) return undefined;
  if (stat.uid !== process.getuid!()) return `it belongs to user ${stat.uid}`;
  if ((stat.mode & 0o077) !== 0) return `its mode is ${(stat.mode & 0o777).toString(8)}, not 700`;
  return undefined;
}

/**
 * Where the policy snapshot lives: persistent (`$XDG_STATE_HOME/blast-radius`, else `~/.blast-radius`),
 * not the runtime directory, which is emptied at every login — a hook run before VS Code starts again
 * must still know what the user protects.
 */
export function policyDir(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME;
  if (state && path.isAbsolute(state)) return path.join(state, 'blast-radius');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  return path.join(home, '.blast-radius');
}

/** The directory when it exists and is trustworthy; undefined otherwise (readers then see no gate). */
function trustedDir(env: NodeJS.ProcessEnv, dir = registryDir(env)): string | undefined {
  try {
    return untrusted(fs.lstatSync(dir)) === undefined ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the directory (and a missing `~/.blast-radius`) 0700, or checks the existing one. Writers only. */
function ensureDir(env: NodeJS.ProcessEnv, dir = registryDir(env)): string {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  let stat = fs.lstatSync(dir);
  if (stat.isDirectory() && POSIX && stat.uid === process.getuid!() && (stat.mode & 0o077) !== 0) {
    // Our own directory made under a loose umask (mkdir's mode is filtered by it): tighten it.
    fs.chmodSync(dir, 0o700);
    stat = fs.lstatSync(dir);
  }
  const problem = untrusted(stat);
  if (problem) throw new Error(`the private directory ${dir} cannot be used: ${problem}`);
  return dir;
}

function writeAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads a file only when it is a regular file (never through a link), ours, 0600, and not too large.
 * Checked on the open descriptor, so the file cannot be swapped between the check and the read.
 */
function readPrivateFile(file: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    if (POSIX && (stat.uid !== process.getuid!() || (stat.mode & 0o777) !== 0o600)) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function isStringArray(v: unknown, max: number): v is string[] {
  return Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 4096 && !s.includes('\0'));
}

/** A parsed entry with every field checked, or undefined. */
export function parseEntry(text: string): WindowEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const { pid, handle, token, workspaceFolders, version, startedAt, agentEnv } = v as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > 1024 || handle.includes('\0')) return undefined;
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,512}$/.test(token)) return undefined;
  if (!isStringArray(workspaceFolders, MAX_FOLDERS) || !workspaceFolders.every((f) => path.isAbsolute(f))) return undefined;
  if (typeof version !== 'string' || version.length > 100) return undefined;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return undefined;
  // A malformed agent environment refuses the whole entry: dropping it would run the window's agents with the person's credentials.
  if (agentEnv !== undefined && agentEnvProblem(agentEnv, { handle, token }) !== undefined) return undefined;
  return { pid, handle, token, workspaceFolders: [...workspaceFolders], version, startedAt, ...(agentEnv !== undefined ? { agentEnv: { ...(agentEnv as Record<string, string>) } } : {}) };
}

/** Whether a process with this id exists. EPERM means it exists but is not ours: alive all the same. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function entryFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((n) => n.startsWith(ENTRY_PREFIX) && n.endsWith(ENTRY_SUFFIX));
  } catch {
    return [];
  }
}

/** Live entries, each with its file name. Entries of dead windows (crashed, killed) are removed. */
function liveEntries(dir: string): WindowEntry[] {
  const out: WindowEntry[] = [];
  for (const name of entryFiles(dir)) {
    const file = path.join(dir, name);
    const text = readPrivateFile(file, MAX_ENTRY_BYTES);
    const entry = text === undefined ? undefined : parseEntry(text);
    if (!entry) continue; // not ours to judge or remove: skipped, never used
    if (alive(entry.pid)) out.push(entry);
    else fs.rmSync(file, { force: true });
  }
  return out;
}

/**
 * Writes this window's entry (0600, atomically) and returns what removes it. `update` rewrites it when
 * the workspace folders change, `setAgentEnv` when the agents' AWS credentials mode or files do.
 * Throws when the directory exists but is not private and ours.
 */
export async function registerWindow(
  entry: WindowEntry,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ dispose(): Promise<void>; update(folders: string[]): void; setAgentEnv(agentEnv: Record<string, string> | undefined): void }> {
  const dir = ensureDir(env);
  liveEntries(dir); // tidy up after windows that died
  const file = path.join(dir, `${ENTRY_PREFIX}${entry.pid}-${randomBytes(6).toString('hex')}${ENTRY_SUFFIX}`);
  let current: WindowEntry = { ...entry, workspaceFolders: [...entry.workspaceFolders] };
  writeAtomic(file, JSON.stringify(current) + '\n');
  let disposed = false;
  return {
    update(folders: string[]) {
      if (disposed) return;
      current = { ...current, workspaceFolders: [...folders] };
      writeAtomic(file, JSON.stringify(current) + '\n');
    },
    setAgentEnv(agentEnv: Record<string, string> | undefined) {
      if (disposed) return;
      const { agentEnv: _previous, ...rest } = current;
      current = agentEnv ? { ...rest, agentEnv: { ...agentEnv } } : rest;
      writeAtomic(file, JSON.stringify(current) + '\n');
    },
    // Synchronous removal inside: a window shutting down may not get another turn of the event loop.
    async dispose() {
      if (disposed) return;
      disposed = true;
      fs.rmSync(file, { force: true });
    },
  };
}

/** How long the part of `folder` that contains `cwd` is; -1 when it does not contain it. */
function containment(folder: string, cwd: string): number {
  const rel = path.relative(folder, cwd);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return path.resolve(folder).length;
  return -1;
}

/**
 * The live windows' gates, best first for a command run in `cwd`: windows with a workspace folder that
 * contains it (deepest folder first), then the others, most recently started first. Empty when the
 * registry is missing or cannot be trusted.
 */
export async function findGates(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<WindowEntry[]> {
  const dir = trustedDir(env);
  if (!dir) return [];
  const ranked = liveEntries(dir).map((e) => ({ e, match: Math.max(-1, ...e.workspaceFolders.map((f) => containment(f, cwd))) }));
  ranked.sort((a, b) => b.match - a.match || b.e.startedAt - a.e.startedAt);
  return ranked.map((r) => r.e);
}

/**
 * Records the guarded settings (a `blastRadius` section, keys without the prefix) for deciding when no
 * window answers. The last window to write wins.
 */
export async function writeRegistryPolicySnapshot(section: unknown, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = ensureDir(env, policyDir(env));
  const file = path.join(dir, REGISTRY_POLICY_SNAPSHOT);
  const text = JSON.stringify(section ?? {}, null, 2) + '\n';
  // Every start and settings change writes it; mostly it already says exactly this (ours, 0600).
  if (readPrivateFile(file, MAX_SNAPSHOT_BYTES) !== text) writeAtomic(file, text);
}

/**
 * The settings the last window wrote. Missing, unreadable, not ours, not private or not JSON: the
 * strictest reading (every change needs a person), since nothing says what the user protects (missing
 * means no window with Blast Radius has run for this user yet).
 */
export function readPolicySnapshot(env: NodeJS.ProcessEnv = process.env): GateSettings {
  return policySnapshot(env).settings;
}

/** The snapshot's settings and whether one was found, from one read (a message says which were used). */
export function policySnapshot(env: NodeJS.ProcessEnv = process.env): { settings: GateSettings; found: boolean } {
  const dir = trustedDir(env, policyDir(env));
  const text = dir === undefined ? undefined : readPrivateFile(path.join(dir, REGISTRY_POLICY_SNAPSHOT), MAX_SNAPSHOT_BYTES);
  let section: unknown = 'unavailable';
  if (text !== undefined) {
    try {
      section = JSON.parse(text);
    } catch {
      section = 'unavailable';
    }
    // null or a bare value would read as "no settings" (the defaults): not a snapshot anyone wrote.
    if (!section || typeof section !== 'object' || Array.isArray(section)) section = 'unavailable';
  }
  return { settings: readGateSettings(section).settings, found: text !== undefined };
}

/** Whether a readable snapshot exists, so a message can say which settings were used. */
export function hasPolicySnapshot(env: NodeJS.ProcessEnv = process.env): boolean {
  return policySnapshot(env).found;
}
