/**
 * The decision when no gate answers (VS Code closed, Blast Radius disabled or reloaded, socket gone):
 * the core alone, with the settings snapshot the extension left in the shim folder. What the core allows
 * runs; what would be asked cannot be asked, so it is blocked with a message saying why and what to do.
 */
import { TYPED_PROTECTION } from '../gate/gate';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decide, type Analyzer, type Verdict } from '../core';
import { quoteForShell } from '../core/shell/wrappers';
import { detectAgent } from '../gate/agents';
import { commandSummary } from '../gate/messages';
import { readGateSettings, type GateSettings } from '../gate/settings';
import { processContext } from '../platform/context';
import { POLICY_SNAPSHOT } from './install';

export interface OfflineRequest {
  tool: string;
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Why no gate answered, in a few words for the message. */
  unreachable: string;
}

/** The same for a whole command line, from a hook or tool (always an agent's, never a person's terminal). */
export interface OfflineLineRequest {
  commandLine: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  unreachable: string;
  /** Hooks and tools only run for agents: the humanTerminals setting never applies. */
  agentOnly?: boolean;
  /** What the user can do to proceed; default: the terminal's advice (open the folder in VS Code, new terminal). */
  advice?: string;
}

export interface OfflineDecision {
  run: boolean;
  /** For stderr when blocked (empty when it runs). */
  message: string;
  /** What the policy said. */
  verdict: Verdict;
}

/**
 * The settings snapshot in the shim folder, read like the extension reads settings: anything malformed
 * falls back to the safest value. No snapshot: the defaults.
 */
export function readSnapshot(shimDir: string | undefined): GateSettings {
  let section: unknown;
  if (shimDir) {
    try {
      section = JSON.parse(fs.readFileSync(path.join(shimDir, POLICY_SNAPSHOT), 'utf8'));
    } catch (e) {
      // Missing: defaults. Unreadable or not JSON: the strictest reading (readSettings on a non-object).
      section = (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable';
    }
  }
  return readGateSettings(section).settings;
}

const STOP = 'Do not retry it, and do not try to reach the same result another way (another tool, a script, an absolute path). Stop and ask the user how to proceed.';

const TERMINAL_ADVICE =
  'To proceed, the user can open this folder in VS Code with Blast Radius enabled and run it from a new terminal there ' +
  '(a terminal opened before VS Code reloaded still points at the old gate), or run the command themselves outside the agent’s terminal.';

export function decideOffline(analyzer: Analyzer, req: OfflineRequest, settings: GateSettings): OfflineDecision {
  const commandLine = [req.tool, ...req.argv].map(quoteForShell).join(' ');
  return decideOfflineLine(analyzer, { commandLine, cwd: req.cwd, env: req.env, unreachable: req.unreachable }, settings);
}

export function decideOfflineLine(analyzer: Analyzer, req: OfflineLineRequest, settings: GateSettings): OfflineDecision {
  const command = req.commandLine;
  const ctx = processContext({ cwd: req.cwd, env: { ...req.env } });
  const analysis = analyzer.analyze(command, ctx);
  const decision = decide(analysis, settings.policy, { home: ctx.home });
  const shown = commandSummary(command);

  if (decision.verdict === 'deny') {
    const rule = decision.reasons.find((r) => r.verdict === 'deny')?.pattern ?? 'deny';
    return { run: false, verdict: 'deny', message: `Blast Radius: \`${shown}\` is denied by the rule "${commandSummary(rule, 200)}". It did not run. ${STOP}` };
  }
  if (decision.verdict === 'allow') return { run: true, verdict: 'allow', message: '' };
  // A person's own terminal (no agent marker): the gate's humanTerminals setting, as far as it can be applied here.
  if (!req.agentOnly && !detectAgent(req.env)) {
    if (settings.humanTerminals === 'off' || (settings.humanTerminals === 'protectedOnly' && !decision.reasons.some((r) => r.verdict === 'ask' && TYPED_PROTECTION.has(r.rule)))) {
      return { run: true, verdict: 'ask', message: '' };
    }
  }
  return {
    run: false,
    verdict: 'ask',
    message:
      `Blast Radius: \`${shown}\` needs a person's approval, and no approval can be asked for: ${req.unreachable}. ` +
      `It did not run. ${STOP} ` +
      (req.advice ?? TERMINAL_ADVICE),
  };
}

/** Why the gate was not reached, from the IPC client's reason (an errno code and the handle). */
export function describeUnreachable(handle: string | undefined, reason: string | undefined): string {
  if (!handle) return 'this terminal is not connected to a VS Code window with Blast Radius (BLAST_RADIUS_IPC is not set)';
  if (reason?.startsWith('ENOENT')) return 'the Blast Radius gate’s socket is gone (VS Code was closed or reloaded, or Blast Radius was disabled)';
  if (reason?.startsWith('ECONNREFUSED')) return 'nothing listens at the Blast Radius gate’s socket (VS Code was closed or reloaded, or Blast Radius was disabled)';
  if (reason?.startsWith('EACCES')) return 'the Blast Radius gate’s socket belongs to another user';
  return `the Blast Radius gate did not answer (${commandSummary(reason ?? 'unknown reason', 160)})`;
}
