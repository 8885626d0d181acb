/**
 * Which product a hook input comes from. Several products read each other's hook files and run the hook
 * in them with THEIR OWN input, so an adapter can be handed another product's payload:
 * - VS Code agent hooks (Local harness) run `~/.copilot/hooks`, `.github/hooks` (Copilot CLI's folders, with
 *   `preToolUse` mapped to `PreToolUse`) and `~/.claude/settings.json`, `.claude/settings*.json`, on every
 *   tool (matchers are ignored): the copilot-cli and claude-code hooks see VS Code's input.
 * - GitHub Copilot CLI (and VS Code's Copilot harness, the same runtime) runs `~/.copilot/hooks`,
 *   `.github/hooks` and the repository's `.claude/settings*.json`: the vscode and claude-code hooks see
 *   Copilot's input (a PascalCase `PreToolUse` entry gets its VS Code compatible form).
 * - Cursor runs `~/.claude/settings.json` and `.claude/settings*.json` when third-party configs are on
 *   (the default), mapping `PreToolUse` to its `preToolUse` and `Bash` to `Shell`: the claude-code hook
 *   sees Cursor's input.
 * Gemini CLI and Cline read only their own files; their inputs are recognised all the same.
 *
 * The answer to another product's input is that product's own "no opinion" (src/hooks/run.ts renders it
 * with that product's adapter), always with exit 0 (a non-zero exit denies in Copilot CLI):
 * - Claude Code: no output keeps the normal permission flow.
 * - VS Code: `{}`, stdout parsed as JSON with no decision in it.
 * - Copilot CLI: no output ("empty output uses default behavior").
 * - Cursor: `{"permission":"allow"}`: its permission events reject a reply without `permission` as invalid
 *   JSON and block the call. Imported Claude hooks rank below Cursor's own, so this cannot outvote a deny
 *   from the Blast Radius Cursor hook.
 * - Gemini CLI: `{}` leaves the decision to Gemini CLI.
 * - Cline: `{"cancel": false}`; only `cancel: true` blocks.
 * Passing another product's input through is safe: the command is gated by that product's own Blast Radius
 * hook when the user protected it, and by the terminal shims; a second check here would ask the person
 * twice, in a reply format the caller may not read (a deny it ignores would run a command the person
 * declined).
 *
 * The recognition relies only on top-level fields the host itself writes (the model writes tool input,
 * never these keys), each documented for one product only:
 * - Cline: `clineVersion`, `hookName` (docs.cline.bot hook reference; proto HookInput).
 * - Cursor: `cursor_version`, `conversation_id`, `generation_id` (cursor.com/docs/agent/hooks, common input).
 * - Gemini CLI: `hook_event_name` `BeforeTool` and its other own event names (geminicli.com hooks reference).
 * - Copilot CLI, camelCase events: `toolName` / `toolArgs`, no event field (docs.github.com hooks reference).
 * - VS Code: `hookEventName` (its common input; Claude Code and Copilot send `hook_event_name`).
 * - Claude Code: `permission_mode` (its common input; no other product sends it).
 * - A tool event's `hook_event_name` with `timestamp` and no `permission_mode` (Claude Code sends no
 *   timestamp): VS Code's snake_case form or Copilot's VS Code compatible form. Their shell tools tell them
 *   apart (`bash` or `Bash`, as Copilot now reports it, against `run_in_terminal`); for other tools, VS Code
 *   sends `tool_use_id` and Copilot does not. The two accept each other's "no opinion" answers, so a wrong
 *   guess on a non-shell tool changes nothing.
 * An input matching none of these is left to the adapter, which blocks it when it cannot read it.
 */
import type { HookInput } from '../adapter';

/** The products an adapter speaks to, by the adapter's name. */
export type HookDialect = 'claude-code' | 'vscode' | 'copilot-cli' | 'cursor' | 'gemini-cli' | 'cline';

/** VS Code's terminal tool: its id, and its reference name in case a build reports that instead. */
export const VSCODE_TERMINAL_TOOLS: ReadonlySet<string> = new Set(['run_in_terminal', 'runInTerminal']);

/**
 * Copilot CLI's shell tools in its VS Code compatible input: `bash` in older releases, `Bash` (the Claude name,
 * also given to `powershell`) in current ones.
 */
export const COPILOT_SNAKE_SHELL_TOOLS: ReadonlySet<string> = new Set(['bash', 'Bash', 'powershell']);

/** Event names only Gemini CLI uses (it shares SessionStart, SessionEnd and Notification with others). */
const GEMINI_EVENTS = new Set(['BeforeTool', 'AfterTool', 'BeforeAgent', 'AfterAgent', 'BeforeModel', 'AfterModel', 'BeforeToolSelection', 'PreCompress']);

export interface Recognised {
  dialect: HookDialect;
  /** The field that gave it away, for the reason text. */
  evidence: string;
}

/** The product whose input this is, when a field only that product sends says so. */
export function dialectOf(payload: Record<string, unknown>): Recognised | undefined {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(payload, key) && payload[key] !== undefined;
  const first = (...keys: string[]) => keys.find(has);

  const cline = first('clineVersion', 'hookName');
  if (cline) return { dialect: 'cline', evidence: cline };
  const cursor = first('cursor_version', 'conversation_id', 'generation_id');
  if (cursor) return { dialect: 'cursor', evidence: cursor };
  const event = payload.hook_event_name;
  if (typeof event === 'string' && GEMINI_EVENTS.has(event)) return { dialect: 'gemini-cli', evidence: `hook_event_name ${event}` };
  const camel = first('toolName', 'toolArgs');
  if (camel) return { dialect: 'copilot-cli', evidence: camel };
  if (has('hookEventName')) return { dialect: 'vscode', evidence: 'hookEventName' };
  if (has('permission_mode')) return { dialect: 'claude-code', evidence: 'permission_mode' };
  if (has('hook_event_name') && has('timestamp') && has('tool_name')) {
    const tool = payload.tool_name;
    if (typeof tool === 'string' && COPILOT_SNAKE_SHELL_TOOLS.has(tool)) return { dialect: 'copilot-cli', evidence: `timestamp and tool_name ${tool}` };
    if (typeof tool === 'string' && VSCODE_TERMINAL_TOOLS.has(tool)) return { dialect: 'vscode', evidence: `timestamp and tool_name ${tool}` };
    if (has('tool_use_id')) return { dialect: 'vscode', evidence: 'timestamp and tool_use_id' };
    return { dialect: 'copilot-cli', evidence: 'timestamp without tool_use_id' };
  }
  return undefined;
}

/** Another product's input, recognised: the adapter has no opinion on it. Undefined when it may be the adapter's own. */
export function foreignInput(payload: Record<string, unknown>, own: HookDialect): HookInput | undefined {
  const recognised = dialectOf(payload);
  if (!recognised || recognised.dialect === own) return undefined;
  return { kind: 'foreign', dialect: recognised.dialect, reason: `the input is ${recognised.dialect}'s (${recognised.evidence})` };
}
