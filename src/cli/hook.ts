/**
 * `blast-radius hook --agent NAME [--timeout SECONDS]`: the command an agent's pre-tool hook runs. Reads
 * the agent's JSON on stdin, asks a running window's gate (or the core alone), writes the agent's answer.
 * Never fails open on its own account: anything that goes wrong becomes a blocking answer.
 */
import { HOOK_AGENT_NAMES, hookAdapter } from '../hooks/adapters';
import { askGate } from '../hooks/ask';
import { runHook } from '../hooks/run';
import { EXIT } from './check';
import { inert } from './format';
import { HOOK_USAGE } from './usage';


interface HookArgs {
  agent: string;
  timeoutSeconds?: number;
}

function parseHookArgs(argv: string[]): HookArgs | string {
  let agent: string | undefined;
  let timeoutSeconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--agent' || a.startsWith('--agent=')) {
      agent = a.includes('=') ? a.slice('--agent='.length) : argv[++i];
    } else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = Number(a.includes('=') ? a.slice('--timeout='.length) : argv[++i]);
      if (!Number.isFinite(v) || v < 1 || v > 3600) return '--timeout takes the agent’s hook time limit in seconds, 1 to 3600';
      timeoutSeconds = v;
    } else {
      return `unknown argument ${inert(a)}`;
    }
  }
  if (agent === undefined) return `--agent is required: one of ${HOOK_AGENT_NAMES.join(', ')}`;
  if (!hookAdapter(agent)) return `unknown agent ${inert(agent)}: one of ${HOOK_AGENT_NAMES.join(', ')}`;
  return { agent, timeoutSeconds };
}

/** Exit statuses agents treat as blocking when even the answer cannot be written in their format. */
const LAST_RESORT_EXIT = 2;

export async function hookCommand(argv: string[]): Promise<number> {
  const args = parseHookArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`blast-radius hook: ${args}\nusage:\n${HOOK_USAGE}\n`);
    return EXIT.usage;
  }
  let stdout: string;
  let code: number;
  try {
    ({ stdout, exitCode: code } = await runHook(args.agent, process.stdin, askGate, { env: process.env, timeoutSeconds: args.timeoutSeconds }));
  } catch (e) {
    // Exit 2 with the reason on stderr blocks in Claude Code, VS Code, Gemini CLI and Cursor.
    process.stderr.write(`Blast Radius: the hook failed (${inert(String(e))}), so this tool call is blocked. Stop and ask the user how to proceed.\n`);
    stdout = '';
    code = LAST_RESORT_EXIT;
  }
  // Input the hook did not read (too large, too late) must not keep the process alive.
  process.stdin.destroy();
  // An agent that stopped listening (EPIPE) gets no answer either way; that is not a crash.
  process.stdout.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    if (stdout === '') return resolve();
    process.stdout.write(stdout, () => resolve());
  });
  // The answer is out: nothing left (a socket, a timer) may hold the agent waiting for this process.
  setTimeout(() => process.exit(code), 2_000).unref();
  return code;
}
