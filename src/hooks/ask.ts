/**
 * How a hook or a tool outside VS Code asks for a decision: the gates of running VS Code windows, found
 * in the per-user registry (the window whose workspace holds the command's folder first), and with none
 * answering, the core alone with the settings the last window saved — what it allows runs, everything
 * else is blocked with a message saying no window could ask a person, and what the user can do.
 */
import type { Verdict } from '../core';
import { quoteForShell } from '../core/shell/wrappers';
import { commandSummary } from '../gate/messages';
import type { CheckRequest, DecidedBy } from '../gate/types';
import { checkWithGate } from '../ipc/client';
import { findGates, policySnapshot, type WindowEntry } from '../ipc/registry';

export interface AskResult {
  /** Whether the command may run now. */
  run: boolean;
  /** For the agent: what happened and what to do next (empty when it runs without a gate's word). */
  message: string;
  verdict: Verdict;
  decidedBy: DecidedBy;
  /** Whether a window's gate decided (else the core alone, or nobody). */
  viaGate: boolean;
  /** The window whose gate decided: a tool runs what it allows with that window's agent environment. */
  window?: WindowEntry;
  /** After a person's approval in scoped mode: the one-time credentials grant for the approved command. */
  grant?: string;
}

export interface AskOptions {
  /** Aborting withdraws the request from the window's panel; askGate then rejects with the reason. */
  signal?: AbortSignal;
  /** Where the registry is (XDG_RUNTIME_DIR, HOME). Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Per gate: how long to wait for the connection, not the answer. Default 1000 ms. */
  connectTimeoutMs?: number;
}

/** A window that is starting, stopping or has been replaced cannot answer; the next one may. */
const TRY_NEXT_STATUS = new Set([401, 503]);

export async function askGate(request: CheckRequest, opts: AskOptions = {}): Promise<AskResult> {
  const env = opts.env ?? process.env;
  const gates = await findGates(request.cwd, env);
  const failures: string[] = [];
  for (const gate of gates) {
    const result = await checkWithGate(gate.handle, gate.token, request, { signal: opts.signal, connectTimeoutMs: opts.connectTimeoutMs ?? 1_000 });
    if (result.kind === 'answer') {
      const r = result.response;
      return { run: r.outcome === 'run', message: r.message, verdict: r.verdict, decidedBy: r.decidedBy, viaGate: true, window: gate, ...(r.grant ? { grant: r.grant } : {}) };
    }
    if (result.kind === 'rejected' && !TRY_NEXT_STATUS.has(result.status)) {
      // The request itself was refused: another window would refuse it too, and nothing was decided.
      return {
        run: false,
        verdict: 'ask',
        decidedBy: 'no-gate',
        viaGate: false,
        message:
          `Blast Radius: the gate refused to check \`${commandSummary(commandLineOf(request))}\` (${result.status}: ${commandSummary(result.reason, 300)}), so it did not run. ` +
          'Stop and ask the user how to proceed.',
      };
    }
    failures.push(result.reason);
  }
  return decideWithoutGate(request, env, unreachableText(gates.length, failures));
}

function commandLineOf(request: CheckRequest): string {
  return request.commandLine ?? [request.tool ?? '', ...(request.argv ?? [])].map(quoteForShell).join(' ');
}

function unreachableText(windows: number, failures: string[]): string {
  if (windows === 0) return 'no VS Code window with Blast Radius is running for this user';
  const why = commandSummary(failures[failures.length - 1] ?? 'no answer', 160);
  return windows === 1
    ? `the one VS Code window with Blast Radius did not answer (${why})`
    : `none of the ${windows} VS Code windows with Blast Radius answered (last: ${why})`;
}

const ADVICE =
  'To proceed, the user can open VS Code with Blast Radius enabled (any window: its approval panel shows the request) and then ask you to try again, ' +
  'or run the command themselves.';

/** The core alone, loaded only now: the gate path never pays for the grammar. */
async function decideWithoutGate(request: CheckRequest, env: NodeJS.ProcessEnv, unreachable: string): Promise<AskResult> {
  const [{ loadAnalyzer }, { decideOfflineLine }] = await Promise.all([import('../platform/analyzer'), import('../shim/offline')]);
  const { settings, found: known } = policySnapshot(env);
  const decision = decideOfflineLine(
    await loadAnalyzer(),
    {
      commandLine: commandLineOf(request),
      cwd: request.cwd,
      env: request.env,
      agentOnly: true,
      unreachable: known ? unreachable : `${unreachable}, and no saved Blast Radius settings were found, so every change needs a person`,
      advice: ADVICE,
    },
    settings,
  );
  return {
    run: decision.run,
    message: decision.message,
    verdict: decision.verdict,
    decidedBy: decision.run || decision.verdict === 'deny' ? 'policy' : 'no-gate',
    viaGate: false,
  };
}
