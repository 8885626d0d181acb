/**
 * The command agents' hook configs run: `<launcher> hook --agent NAME`. The extension's own folder
 * changes with every upgrade (its path carries the version), so configs never name it; they name this
 * launcher in the extension's global storage, whose path stays, and which the extension rewrites on
 * every activation to run the dist/cli.js of the version installed now.
 * It runs cli.js with the Node that runs VS Code's extension host (Electron as Node), else `node` on
 * PATH. When neither the CLI nor a Node is there it exits 2 with the reason on stderr: Claude Code, VS
 * Code and Gemini CLI block on exit 2, Copilot CLI denies on any non-zero exit, Cursor blocks a failed
 * hook when failClosed is set (our entry sets it); Cline reports the hook as failed.
 * POSIX only (sh); the Protect commands refuse on Windows.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { quoteForShell } from '../core/shell/wrappers';
import { hookCommandLine, type HookInstaller } from './install/model';

export const LAUNCHER_NAME = 'blast-radius';

/** Where the launcher lives, given the extension's global storage folder. */
export function launcherPath(globalStorage: string): string {
  return path.join(globalStorage, 'bin', LAUNCHER_NAME);
}

/** A word for sh, quoted as the core quotes command words (bare when plainly safe, else single-quoted). */
export const shellQuote = quoteForShell;

/** The command a hook config runs for one agent, quoted for the shell the agent hands it to. */
export function hookCommand(launcher: string, installer: Pick<HookInstaller, 'hookName' | 'timeoutSeconds'>): string {
  return hookCommandLine(shellQuote(launcher), installer);
}

export interface LauncherTarget {
  /** dist/cli.js of the running extension. */
  cli: string;
  /** The Node binary to run it with: VS Code's (process.execPath), run as Node. */
  node: string;
}

export function launcherScript(target: LauncherTarget): string {
  const q = shellQuote;
  return `#!/bin/sh
# Blast Radius launcher: runs the command-line tool of the Blast Radius extension installed now.
# The extension rewrites this file every time it starts; agents' hook configs name this path.
cli=${q(target.cli)}
node=${q(target.node)}
# 'blast-radius mcp' runs the MCP server (its own bundle beside the CLI), so MCP configs can name this path too.
if [ "$1" = mcp ]; then
  shift
  cli="\${cli%/*}/mcp.js"
fi
if [ ! -f "$cli" ]; then
  echo "blast-radius: the Blast Radius extension is no longer at $cli. Start VS Code so that it updates this launcher ($0), or remove the Blast Radius hook from the agent's hook configuration." >&2
  exit 2
fi
if [ -x "$node" ]; then
  ELECTRON_RUN_AS_NODE=1
  export ELECTRON_RUN_AS_NODE
  exec "$node" "$cli" "$@"
fi
if command -v node >/dev/null 2>&1; then
  exec node "$cli" "$@"
fi
echo "blast-radius: cannot run $cli: $node is gone and there is no node on PATH." >&2
exit 2
`;
}

/**
 * Writes the launcher (mode 0700, in a 0700 folder), atomically: a hook starting meanwhile runs the old
 * file or the new one, never half of one. Unchanged content is not rewritten. Returns its path.
 */
export async function writeLauncher(globalStorage: string, target: LauncherTarget): Promise<string> {
  const file = launcherPath(globalStorage);
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
  const script = launcherScript(target);
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === script && ((await fs.stat(file)).mode & 0o777) === 0o700) return file;
  const tmp = path.join(dir, `.${LAUNCHER_NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, script, { mode: 0o700 });
    await fs.chmod(tmp, 0o700); // writeFile's mode passes through the umask
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return file;
}
