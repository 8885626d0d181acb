/**
 * dist/credential-process.js: the `credential_process` of every profile in the AWS config that agent
 * terminals get. `credential-process.js --profile NAME` asks the gate over the terminal's socket for
 * that profile's scoped session credentials (presenting BLAST_RADIUS_GRANT when the shim set one for
 * an approved command) and prints them in the Version 1 JSON the AWS CLI and SDKs read. They call it
 * again whenever their copy expires, so credentials refresh without restarting terminals.
 * No gate, no credentials: it fails with a message on stderr, and the AWS call fails (closed).
 */
import { TerminalEnv } from '../../ipc/protocol';
import { PROFILE_NAME, requestCredentials } from '../../ipc/credentials';
import { GRANT_PATTERN } from '../../ipc/protocol';

export const GRANT_VARIABLE = 'BLAST_RADIUS_GRANT';
/** STS may take a moment; a gate that takes longer than this is as good as absent. */
const TIMEOUT_MS = 30_000;

function fail(message: string): number {
  process.stderr.write(`Blast Radius: ${message}\n`);
  return 1;
}

async function main(args: string[]): Promise<number> {
  const at = args.indexOf('--profile');
  const profile = at >= 0 ? args[at + 1] : undefined;
  if (!profile || !PROFILE_NAME.test(profile)) return fail('credential_process needs --profile NAME; no AWS credentials were issued.');
  const handle = process.env[TerminalEnv.handle];
  const token = process.env[TerminalEnv.token];
  if (!handle || !token) {
    return fail(`this terminal has no Blast Radius gate (BLAST_RADIUS_IPC is not set), so no AWS credentials for profile ${profile}. Agent terminals get AWS credentials only through the gate; open a new VS Code terminal, or ask the user.`);
  }
  // Anything but a well-formed grant is ignored: it could only ever be worth the agent's own credentials.
  const grant = GRANT_PATTERN.test(process.env[GRANT_VARIABLE] ?? '') ? process.env[GRANT_VARIABLE] : undefined;
  const result = await requestCredentials(handle, token, { profile, ...(grant ? { grant } : {}) }, { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch(
    (e: unknown) => ({ kind: 'unreachable' as const, reason: String(e).slice(0, 200) }),
  );
  if (result.kind === 'credentials') {
    process.stdout.write(JSON.stringify(result.credentials) + '\n');
    return 0;
  }
  if (result.kind === 'unreachable') {
    return fail(`no Blast Radius gate answered (${result.reason}), so no AWS credentials for profile ${profile}. Is VS Code with Blast Radius still open? Do not try other credentials: ask the user.`);
  }
  if (result.status === 401) return fail(`the gate did not accept this terminal (it belongs to an earlier VS Code window); open a new terminal. No AWS credentials for profile ${profile}.`);
  return fail(`no AWS credentials for profile ${profile}: ${result.reason}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = fail(`credential_process failed (${String(e).slice(0, 200)}); no AWS credentials were issued.`);
  },
);
