/**
 * The shims' Node client (bundled as dist/shim-client.js): `shim-client.js TOOL ARG…`, started by a shim
 * when curl is missing or could not reach the gate. Asks the gate over the socket; when no gate answers,
 * decides with the core alone (offline.ts). Exit 0: the shim execs the program. Exit 126: blocked, the
 * message is on stderr. Never reads stdin, never writes stdout (the shim's stdout is the program's).
 * A one-time AWS credentials grant, when the gate gave one, goes to descriptor 3, which the shim
 * captures and exports for the approved program alone.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import { checkWithGate } from '../ipc/client';
import { TerminalEnv } from '../ipc/protocol';
import type { CheckRequest } from '../gate/types';
import { forwardedEnv } from './environment';

/**
 * Only the baseline wasm compiler: this process is short-lived and, offline, loads the 1.4 MB bash grammar
 * once (see src/cli/main.ts). Must run before the grammar loads.
 */
v8.setFlagsFromString('--liftoff-only');

const BLOCKED = 126;

function say(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

async function main(args: string[]): Promise<number> {
  const [tool, ...argv] = args;
  if (!tool) {
    say('Blast Radius shim client: no tool given (usage: shim-client.js TOOL [ARG…]); nothing ran.');
    return BLOCKED;
  }
  const env = process.env;
  const cwd = process.cwd();
  const handle = env[TerminalEnv.handle];
  const token = env[TerminalEnv.token];
  let unreachableReason: string | undefined;

  if (handle && token) {
    // The shim execs the program in its own process, so the waiting process is our parent.
    const request: CheckRequest = { client: 'shim', tool, argv, cwd, env: forwardedEnv(env), pid: process.ppid };
    const result = await checkWithGate(handle, token, request);
    if (result.kind === 'answer') {
      if (result.response.outcome === 'run') {
        if (result.response.grant) writeGrant(result.response.grant);
        return 0;
      }
      say(result.response.message);
      return BLOCKED;
    }
    if (result.kind === 'rejected') {
      say(`Blast Radius: the gate refused to check \`${tool}\` (${result.status}: ${result.reason}), so it did not run. If this terminal was opened before VS Code reloaded, open a new terminal. Otherwise stop and ask the user how to proceed.`);
      return BLOCKED;
    }
    unreachableReason = result.reason;
  }

  // No gate: the core alone. Loaded only now, so the gate path does not pay for the grammar.
  const [{ loadAnalyzer }, offline] = await Promise.all([import('../platform/analyzer'), import('./offline')]);
  const settings = offline.readSnapshot(env[TerminalEnv.shims]);
  const decision = offline.decideOffline(await loadAnalyzer(), { tool, argv, cwd, env, unreachable: offline.describeUnreachable(handle, unreachableReason) }, settings);
  if (decision.run) return 0;
  say(decision.message);
  return BLOCKED;
}

/** Descriptor 3 is the shim's capture; run any other way, there is nobody to hand a grant to. */
function writeGrant(grant: string): void {
  try {
    fs.writeSync(3, `${grant}\n`);
  } catch {
    // No descriptor 3: the program runs with the agent's own credentials, never with more.
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Fail closed: an internal error never lets the command run.
    say(`Blast Radius: the shim client failed (${String(e).slice(0, 300)}), so the command did not run. Stop and ask the user how to proceed.`);
    process.exitCode = BLOCKED;
  },
);
