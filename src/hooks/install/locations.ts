/**
 * The person's folders the hook configs live under, read from the system without running a program:
 * home, and the Documents folder (Cline keeps its global hooks there). On Linux the Documents folder is
 * the XDG user directory, as `xdg-user-dir DOCUMENTS` reports it (from `user-dirs.dirs`).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Locations } from './model';

export async function readLocations(home: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, workspaceFolder?: string): Promise<Locations> {
  return { home, env, workspaceFolder, documents: await documentsFolder(home, env, platform) };
}

async function documentsFolder(home: string, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): Promise<string> {
  const fallback = path.join(home, 'Documents');
  if (platform !== 'linux') return fallback;
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  const text = await fs.readFile(path.join(configHome, 'user-dirs.dirs'), 'utf8').catch(() => undefined);
  return (text !== undefined && xdgDocuments(text, home)) || fallback;
}

/** XDG_DOCUMENTS_DIR from a user-dirs.dirs file: `"$HOME/…"` or an absolute path. */
export function xdgDocuments(text: string, home: string): string | undefined {
  const m = /^\s*XDG_DOCUMENTS_DIR\s*=\s*"([^"]*)"\s*$/m.exec(text);
  if (!m) return undefined;
  const value = m[1].replace(/^\$HOME(?=\/|$)/, home).replace(/\\(.)/g, '$1');
  return path.isAbsolute(value) ? value : undefined;
}
