/**
 * The two shapes agents give their JSON hook configs, as installers:
 * - flat: `hooks.<event>` is a list of commands (VS Code, Copilot CLI, Cursor);
 * - grouped: `hooks.<event>` is a list of `{matcher, hooks: [commands]}` (Claude Code, Gemini CLI).
 * Our entry is the one whose command runs `blast-radius hook --agent NAME`; everything else is left alone.
 */
import { deepEqual, JsonConfig, type JsonPath } from './jsonc-edit';
import { ConfigError, HOOK_TIMEOUT_SECONDS, type HookAgent, type HookInstaller, type HookScope, isOurCommand, type Locations } from './model';

const LABEL = 'the file';

interface Common {
  agent: HookAgent;
  /** The `blast-radius hook --agent` value. */
  hookName: string;
  displayName: string;
  docs: string;
  /** The hook event our entry is listed under. */
  event: string;
  configPath(scope: HookScope, where: Locations): string;
}

export interface FlatSpec extends Common {
  /** The entry's fields that may hold its command (the first is the one we write). */
  commandFields: readonly string[];
  entry(command: string): Record<string, unknown>;
  /** Top-level values a new file starts with, before `hooks` (e.g. `version: 1`). */
  header?: Record<string, unknown>;
  /** The file is ours alone: when our entry was all it held, removing it deletes the file. */
  ownsFile: boolean;
}

export interface GroupedSpec extends Common {
  /** The group our hook is in: its matcher (the agent's name for its shell tool). */
  matcher: string;
  hook(command: string): Record<string, unknown>;
}

export function flatInstaller(spec: FlatSpec): HookInstaller {
  const list: JsonPath = ['hooks', spec.event];
  const ours = (cfg: JsonConfig): number[] => {
    const found: number[] = [];
    for (let i = 0; i < cfg.length(list); i++) {
      const entry = cfg.value([...list, i]);
      if (isRecord(entry) && spec.commandFields.some((f) => isOurCommand(entry[f], spec.hookName))) found.push(i);
    }
    return found;
  };
  const read = (text: string | undefined): JsonConfig => {
    const cfg = new JsonConfig(text ?? '', LABEL);
    cfg.expect(['hooks'], 'object', '"hooks"');
    cfg.expect(list, 'array', `"hooks.${spec.event}"`);
    return cfg;
  };
  return {
    agent: spec.agent,
    hookName: spec.hookName,
    timeoutSeconds: HOOK_TIMEOUT_SECONDS,
    displayName: spec.displayName,
    docs: spec.docs,
    configPath: spec.configPath,
    install(text, command) {
      const cfg = read(text);
      const desired = spec.entry(command);
      const found = ours(cfg);
      if (found.length === 0) {
        if (cfg.kind([]) === undefined) for (const [k, v] of Object.entries(spec.header ?? {})) cfg.set([k], v);
        cfg.append(list, desired);
      } else {
        cfg.set([...list, found[0]], desired);
        for (const i of found.slice(1).reverse()) cfg.remove([...list, i]);
      }
      return cfg.text;
    },
    remove(text) {
      if (text === undefined) return undefined;
      const cfg = read(text);
      const found = ours(cfg);
      if (found.length === 0) return text;
      for (const i of [...found].reverse()) cfg.remove([...list, i]);
      tidy(cfg, list);
      if (spec.ownsFile && deepEqual(cfg.value([]), spec.header ?? {})) return undefined;
      return cfg.text;
    },
    installedCommands(text) {
      if (text === undefined) return [];
      const cfg = read(text);
      return ours(cfg).map((i) => {
        const entry = cfg.value([...list, i]) as Record<string, unknown>;
        return String(spec.commandFields.map((f) => entry[f]).find((c) => isOurCommand(c, spec.hookName)));
      });
    },
  };
}

export function groupedInstaller(spec: GroupedSpec): HookInstaller {
  const list: JsonPath = ['hooks', spec.event];
  /** Every hook of ours: [group index, hook index], in document order. */
  const ours = (cfg: JsonConfig): Array<[number, number]> => {
    const found: Array<[number, number]> = [];
    for (let g = 0; g < cfg.length(list); g++) {
      const hooks = [...list, g, 'hooks'];
      for (let h = 0; h < cfg.length(hooks); h++) {
        const hook = cfg.value([...hooks, h]);
        if (isRecord(hook) && isOurCommand(hook.command, spec.hookName)) found.push([g, h]);
      }
    }
    return found;
  };
  const read = (text: string | undefined): JsonConfig => {
    const cfg = new JsonConfig(text ?? '', LABEL);
    cfg.expect(['hooks'], 'object', '"hooks"');
    cfg.expect(list, 'array', `"hooks.${spec.event}"`);
    for (let g = 0; g < cfg.length(list); g++) {
      if (cfg.kind([...list, g]) !== 'object') throw new ConfigError(`${LABEL}: "hooks.${spec.event}[${g}]" is not an object (a matcher and its hooks); Blast Radius left the file unchanged`);
      cfg.expect([...list, g, 'hooks'], 'array', `"hooks.${spec.event}[${g}].hooks"`);
    }
    return cfg;
  };
  /** Removes our hooks (last first, so earlier indices hold), and a group left with no hook at all. */
  const removeAll = (cfg: JsonConfig, found: Array<[number, number]>): void => {
    for (const [g, h] of [...found].reverse()) {
      cfg.remove([...list, g, 'hooks', h]);
      if (cfg.length([...list, g, 'hooks']) === 0) cfg.remove([...list, g]);
    }
  };
  return {
    agent: spec.agent,
    hookName: spec.hookName,
    timeoutSeconds: HOOK_TIMEOUT_SECONDS,
    displayName: spec.displayName,
    docs: spec.docs,
    configPath: spec.configPath,
    install(text, command) {
      const cfg = read(text);
      const desired = { matcher: spec.matcher, hooks: [spec.hook(command)] };
      const found = ours(cfg);
      const [first, ...rest] = found;
      if (first && cfg.length([...list, first[0], 'hooks']) === 1) {
        // Our own group: brought up to date where it is.
        removeAll(cfg, rest);
        cfg.set([...list, first[0]], desired);
      } else {
        removeAll(cfg, found);
        cfg.append(list, desired);
      }
      return cfg.text;
    },
    remove(text) {
      if (text === undefined) return undefined;
      const cfg = read(text);
      const found = ours(cfg);
      if (found.length === 0) return text;
      removeAll(cfg, found);
      tidy(cfg, list);
      return cfg.text;
    },
    installedCommands(text) {
      if (text === undefined) return [];
      const cfg = read(text);
      return ours(cfg).map(([g, h]) => String((cfg.value([...list, g, 'hooks', h]) as Record<string, unknown>).command));
    },
  };
}

/** Removes the event list and then `hooks` when our removal left them empty. */
function tidy(cfg: JsonConfig, list: JsonPath): void {
  if (cfg.kind(list) === 'array' && cfg.length(list) === 0) cfg.remove(list);
  const hooks = cfg.value(['hooks']);
  if (isRecord(hooks) && Object.keys(hooks).length === 0) cfg.remove(['hooks']);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
