/**
 * Which agent (if any) runs in a terminal, from the markers agents put in their terminals' environment.
 * A terminal with no marker is treated as a person's: `blastRadius.humanTerminals` decides how much of
 * the gate applies there.
 */

/** Environment variable → agent name. A marker's value may refine the name (`AI_AGENT=aider`). */
const MARKERS: ReadonlyArray<[variable: string, agent: string]> = [
  ['CLAUDECODE', 'claude-code'],
  ['CLINE_ACTIVE', 'cline'],
  ['ROO_ACTIVE', 'roo'],
  ['CURSOR_AGENT', 'cursor'],
  ['COPILOT_AGENT', 'copilot'],
  ['GEMINI_CLI', 'gemini-cli'],
  ['CODEX_SANDBOX', 'codex'],
  ['KIRO_AGENT', 'kiro'],
  ['WINDSURF_AGENT', 'windsurf'],
  ['AI_AGENT', 'agent'],
];

/** The variables the shims forward so the gate can tell who asked. */
export const AGENT_MARKERS: readonly string[] = MARKERS.map(([v]) => v);

export function detectAgent(env: Record<string, string | undefined>): string | undefined {
  for (const [variable, agent] of MARKERS) {
    const v = env[variable];
    if (v === undefined || v === '' || v === '0' || v.toLowerCase() === 'false') continue;
    if (variable === 'AI_AGENT' && /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/.test(v) && !/^(1|true|yes)$/i.test(v)) return v;
    return agent;
  }
  return undefined;
}
