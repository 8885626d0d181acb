/**
 * Every agent's hook installer, by the name `blast-radius hook --agent NAME` uses, and the plan of one
 * change (what the file holds now, what it would hold) that the Protect commands show before writing.
 */
import { claudeCodeInstaller } from './claude-code';
import { clineInstaller } from './cline';
import { copilotInstaller } from './copilot';
import { copilotCliInstaller } from './copilot-cli';
import { cursorInstaller } from './cursor';
import { geminiCliInstaller } from './gemini-cli';
import { HOOK_AGENTS, type HookAgent, type HookInstaller, type HookScope, type Locations } from './model';

export { ConfigError, HOOK_AGENTS, HOOK_TIMEOUT_SECONDS, isOurCommand, type HookAgent, type HookInstaller, type HookScope, type Locations } from './model';

const INSTALLERS: Readonly<Record<HookAgent, HookInstaller>> = {
  copilot: copilotInstaller,
  'claude-code': claudeCodeInstaller,
  cursor: cursorInstaller,
  cline: clineInstaller,
  'gemini-cli': geminiCliInstaller,
  'copilot-cli': copilotCliInstaller,
};

export function installerFor(agent: HookAgent): HookInstaller {
  return INSTALLERS[agent];
}

export function allInstallers(): HookInstaller[] {
  return HOOK_AGENTS.map((a) => INSTALLERS[a]);
}

export interface HookChange {
  file: string;
  /** `undefined`: the file does not exist. */
  current: string | undefined;
  /** `undefined`: the file is to be deleted (or stays absent). */
  proposed: string | undefined;
  /** Whether writing would change anything. */
  changed: boolean;
}

/** What protecting the agent would do to its config. Throws ConfigError when the file cannot be changed safely. */
export function planProtect(installer: HookInstaller, scope: HookScope, where: Locations, current: string | undefined, command: string): HookChange {
  const file = installer.configPath(scope, where);
  const proposed = installer.install(current, command);
  return { file, current, proposed, changed: proposed !== current };
}

/** What stopping protection would do to the agent's config. Throws ConfigError when the file cannot be read safely. */
export function planStopProtecting(installer: HookInstaller, scope: HookScope, where: Locations, current: string | undefined): HookChange {
  const file = installer.configPath(scope, where);
  const proposed = installer.remove(current);
  return { file, current, proposed, changed: proposed !== current };
}
