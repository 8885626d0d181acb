/**
 * Writes the shim folder the extension prepends to every integrated terminal's PATH: one sh script per
 * tool, a marker file, and (optionally) the policy snapshot the Node client uses when the gate is gone.
 * Every file is written to a temporary name and renamed, so a terminal never runs half a script.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ruledTools } from '../core';
import { isShimmableName, SHIM_HEADER, SHIM_MARKER, shimScript } from './scripts';

/** The policy snapshot's file name in the shim folder (read by client-main.ts when the gate is unreachable). */
export const POLICY_SNAPSHOT = 'policy.json';

/**
 * Ruled tools that get no shim:
 * - shell builtins and keywords (`cd`, `export`, `source`, `[`, …): the shell never looks them up on PATH;
 * - wrappers (`env`): the program they start is looked up on PATH and meets its own shim;
 * - pure readers (`ls`, `cat`, `grep`, `head`, `wc`, `basename`, `jq`, checksums, …): the core classes every
 *   argv of theirs as a read, so a shim would only add time, and scripts call them in tight loops.
 * Readers with a writing option stay shimmed (`sort -o`, `tree -o`, `uniq IN OUT`, `date -s`, `sed -i`,
 * `xxd -r`, `base64 -o`, `less -o`), as do `kill`/`pkill` (builtin in shells, but run by xargs and find).
 */
export const UNSHIMMED_TOOLS: ReadonlySet<string> = new Set([
  // Builtins and keywords.
  '.', '[', 'alias', 'cd', 'dirs', 'export', 'hash', 'history', 'jobs', 'popd', 'pushd', 'set', 'shopt', 'source',
  'trap', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait', 'test', 'true', 'false', 'echo', 'printf', 'pwd',
  // Wrappers.
  'env',
  // Pure readers.
  'ls', 'cat', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'wc', 'which', 'whereis', 'whoami', 'id', 'uname',
  'uptime', 'nproc', 'free', 'df', 'du', 'stat', 'file', 'basename', 'dirname', 'readlink', 'realpath', 'cut',
  'tr', 'rev', 'nl', 'fold', 'fmt', 'paste', 'join', 'comm', 'column', 'cmp', 'diff', 'od', 'hexdump', 'strings',
  'md5', 'md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'shasum',
  'seq', 'sleep', 'tac', 'printenv', 'pgrep', 'ps', 'jq', 'clear', 'tput', 'man', 'top', 'zcat',
]);

/** Every tool the core has rules for, minus builtins, wrappers and pure readers (see UNSHIMMED_TOOLS). */
export function defaultShimTools(): string[] {
  return ruledTools().filter((t) => !UNSHIMMED_TOOLS.has(t) && isShimmableName(t));
}

export interface InstallOptions {
  /** Written into each script's header and the marker. Default: `development`. */
  version?: string;
  /**
   * Tools whose shims ask about every argv, fast path or not: the fast path cannot read settings, so a
   * deny rule that names a read (`kubectl get secrets*`) must switch it off. See toolsNamedByDenyRules.
   */
  withoutFastPath?: readonly string[];
}

/**
 * The tools a person's deny patterns can match on the fast path: each pattern's first word, or every
 * tool when a pattern starts with a wildcard. (Patterns are matched against the command as written and
 * against `tool operation target`; either way they start with the tool.)
 */
export function toolsNamedByDenyRules(deny: readonly string[], tools: readonly string[]): string[] {
  const named = new Set<string>();
  for (const pattern of deny) {
    const first = pattern.trim().split(/\s+/)[0] ?? '';
    if (first === '' || first.includes('*')) return [...tools];
    named.add(first.split('/').pop() ?? first);
  }
  return tools.filter((t) => named.has(t));
}

async function writeAtomic(file: string, content: string, mode: number): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, content, { mode });
    await fs.chmod(tmp, mode); // writeFile's mode is filtered by the umask
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Writes `content` unless the file already holds it with this mode: most starts change nothing. */
async function writeIfChanged(file: string, content: string, mode: number): Promise<void> {
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === content && ((await fs.stat(file)).mode & 0o777) === mode) return;
  await writeAtomic(file, content, mode);
}

/**
 * Writes one shim per tool (mode 0755), removes shims of tools no longer listed, writes the marker.
 * Idempotent: unchanged files are not rewritten. Only files this function could have written are removed.
 */
export async function installShims(dir: string, tools: readonly string[], opts: InstallOptions = {}): Promise<void> {
  const version = opts.version ?? 'development';
  const wanted = new Set(tools.filter(isShimmableName));
  const slow = new Set(opts.withoutFastPath ?? []);
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await writeIfChanged(path.join(dir, SHIM_MARKER), `blast-radius-shims ${version}\n`, 0o644);
  // One at a time: measured faster than all at once, whose cost is the thread pool's, not the disk's.
  for (const tool of wanted) await writeIfChanged(path.join(dir, tool), shimScript(tool, { version, noFastPath: slow.has(tool) }), 0o755);

  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.name.startsWith('.') && entry.name.endsWith('.tmp')) {
      // Leftover temporaries from an interrupted install (old ones only: another window may be installing now).
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > 60_000) await fs.rm(file, { force: true });
      continue;
    }
    if (!entry.isFile() || wanted.has(entry.name) || !isShimmableName(entry.name) || entry.name === POLICY_SNAPSHOT) continue;
    // Remove only our own scripts: anything else someone put here stays.
    if ((await readHead(file)).startsWith(SHIM_HEADER)) await fs.rm(file, { force: true });
  }
}

async function readHead(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes the `blastRadius` settings section (keys without the prefix, as readSettings takes them) for the
 * Node client to use when no gate answers. Without it the client uses the defaults.
 */
export async function writePolicySnapshot(dir: string, section: unknown): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await writeIfChanged(path.join(dir, POLICY_SNAPSHOT), JSON.stringify(section ?? {}, null, 2) + '\n', 0o644);
}
