/**
 * What every hook installer shares: the agents, the two scopes, where a config lives, and how our own
 * entry is recognised among everybody else's. Installers are pure (text in, text out); the command that
 * writes them is src/ui/protect-agent.ts.
 */
import * as path from 'node:path';

export const HOOK_AGENTS = ['copilot', 'claude-code', 'cursor', 'cline', 'gemini-cli', 'copilot-cli'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];

/** `user`: every project of this person. `workspace`: the open folder only. */
export type HookScope = 'user' | 'workspace';

/** What a config path depends on. */
export interface Locations {
  home: string;
  /** The workspace folder, when one is open. */
  workspaceFolder?: string;
  /** The person's Documents folder, when the system names one (Cline keeps its global hooks there). */
  documents?: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * How long an agent may let our hook run, in seconds. Every agent documented here lets the tool call
 * proceed when a hook is killed at its time limit (Cursor too, unless failClosed), so the hook must
 * answer first: the config's limit is also passed as `blast-radius hook --timeout`, and the hook blocks
 * the call a few seconds before it on its own. The limit is as long as a person may take to decide:
 * blastRadius.approvalTimeoutSeconds allows up to 3600 s, and `hook --timeout` accepts at most 3600.
 */
export const HOOK_TIMEOUT_SECONDS = 3600;

/** An existing config Blast Radius will not touch: unreadable, or shaped unlike the agent's format. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface HookInstaller {
  readonly agent: HookAgent;
  /** The value of `blast-radius hook --agent` for this agent (src/hooks/adapters). */
  readonly hookName: string;
  /** The time limit the config gives the hook, in seconds (passed on as `hook --timeout`). */
  readonly timeoutSeconds: number;
  /** The agent's name for people. */
  readonly displayName: string;
  /** Where the config format is documented. */
  readonly docs: string;
  /** Where the hook goes, absolute. */
  configPath(scope: HookScope, where: Locations): string;
  /** File mode for a file this installer creates (default 0644); an existing file keeps its mode. */
  readonly fileMode?: number;
  /**
   * The config with our hook running `command`, everything else unchanged. `undefined` text: no file yet.
   * Returns the text unchanged when it already has exactly our entry. Throws ConfigError rather than guess.
   */
  install(text: string | undefined, command: string): string;
  /**
   * The config without our hook, everything else unchanged. `undefined`: delete the file (it held only
   * our hook). Returns the text unchanged when there is no hook of ours. Throws ConfigError rather than guess.
   */
  remove(text: string | undefined): string | undefined;
  /** The commands of our hook entries in this config (usually one; several only if edited by hand). */
  installedCommands(text: string | undefined): string[];
}

/**
 * Whether a hook command is Blast Radius's for this agent: `… blast-radius hook --agent NAME [--timeout N]`,
 * whichever launcher path or quoting it was written with (an entry from an older install is replaced,
 * not duplicated).
 */
export function isOurCommand(command: unknown, hookName: string): boolean {
  if (typeof command !== 'string') return false;
  const m = /(?:^|[\s'"/\\])blast-radius(?:\.cmd)?['"]?\s+hook((?:\s+\S+)*)\s*$/.exec(command);
  if (!m) return false;
  const words = m[1].trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
  let agent: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--agent=')) agent = w.slice('--agent='.length);
    else if (w === '--agent') agent = words[++i];
    else if (w === '--timeout') i++;
    else if (!w.startsWith('--timeout=')) return false;
  }
  return agent === hookName;
}

/** The command a hook config runs: the launcher (quoted for sh), the agent's adapter, the time limit. */
export function hookCommandLine(quotedLauncher: string, installer: Pick<HookInstaller, 'hookName' | 'timeoutSeconds'>): string {
  return `${quotedLauncher} hook --agent ${installer.hookName} --timeout ${installer.timeoutSeconds}`;
}

/** `~`-relative for messages, when the path is under home. */
export function displayPath(file: string, home: string): string {
  const rel = path.relative(home, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? `~${path.sep}${rel}` : file;
}

export function requireWorkspace(where: Locations, agent: string): string {
  if (!where.workspaceFolder) throw new ConfigError(`${agent}: no workspace folder is open, so there is no workspace config to change`);
  return where.workspaceFolder;
}
