/**
 * The environment agents' AWS work gets in scoped mode, for the commands and AWS calls Blast Radius's
 * own tools run (chat tools, MCP server), not only for agent terminals: the terminal variables
 * (generated config, keys emptied, instance metadata off) plus the gate's handle and token, which
 * credential_process needs to reach the gate. Node built-ins only: bundled into dist/mcp.js.
 */
import { PROFILE_NAME, requestCredentials } from '../../ipc/credentials';
import { TerminalEnv } from '../../ipc/protocol';
import { EMPTIED, agentTerminalVariables, type AgentAwsPaths } from './terminal-env';

/** Same name as credential-process-main.ts reads (not imported: that module runs on load). */
export const GRANT_VARIABLE = 'BLAST_RADIUS_GRANT';
/** STS may take a moment; as in credential-process-main.ts. */
const CREDENTIALS_TIMEOUT_MS = 30_000;

/** Every variable an agent environment sets, and nothing else: the registry accepts exactly these. */
export const AGENT_ENV_NAMES: readonly string[] = [...Object.keys(agentTerminalVariables({ configFile: '', credentialsFile: '' })), TerminalEnv.handle, TerminalEnv.token];

export function agentEnvironment(paths: AgentAwsPaths, gate: { handle: string; token: string }): Record<string, string> {
  return { ...agentTerminalVariables(paths), [TerminalEnv.handle]: gate.handle, [TerminalEnv.token]: gate.token };
}

/**
 * Why `env` is not a well-formed agent environment for this gate, or undefined when it is. Strict: every
 * name present, no other, the emptied variables empty, the files absolute paths, the gate the entry's
 * own — a looser one could hand an agent the person's keys or another socket.
 */
export function agentEnvProblem(env: unknown, gate: { handle: string; token: string }): string | undefined {
  if (!env || typeof env !== 'object' || Array.isArray(env)) return 'not an object';
  const entries = Object.entries(env as Record<string, unknown>);
  if (entries.length !== AGENT_ENV_NAMES.length) return `${entries.length} variables, not ${AGENT_ENV_NAMES.length}`;
  for (const [name, value] of entries) {
    if (!AGENT_ENV_NAMES.includes(name)) return `unknown variable ${JSON.stringify(name.slice(0, 64))}`;
    if (typeof value !== 'string' || value.length > 4096 || value.includes('\0')) return `${name}: not a plain string`;
  }
  const v = env as Record<string, string>;
  for (const name of EMPTIED) if (v[name] !== '') return `${name}: must be empty`;
  if (v.AWS_EC2_METADATA_DISABLED !== 'true') return 'AWS_EC2_METADATA_DISABLED: must be "true"';
  for (const name of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) if (!v[name]?.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(v[name] ?? '')) return `${name}: must be an absolute path`;
  if (v[TerminalEnv.handle] !== gate.handle) return `${TerminalEnv.handle}: not this window's gate`;
  if (v[TerminalEnv.token] !== gate.token) return `${TerminalEnv.token}: not this window's token`;
  return undefined;
}

/**
 * The environment a tool runs an approved command with: `base` with the agent environment over it in
 * scoped mode, plus the one-time grant the gate gave for this approval (credential_process presents
 * it). A grant already in `base` is dropped: it belonged to some other approval.
 */
export function toolEnv(base: NodeJS.ProcessEnv, agentEnv: Readonly<Record<string, string>> | undefined, grant?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  delete env[GRANT_VARIABLE];
  if (!agentEnv) return env;
  Object.assign(env, agentEnv);
  if (grant) env[GRANT_VARIABLE] = grant;
  return env;
}

export interface GateCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/**
 * An SDK credentials provider that asks the gate, as credential_process does for the CLI: the SDK in
 * this process would run credential_process with this process's environment, which has no gate
 * handle, so the tools ask directly. No answer, no credentials: never the person's.
 */
export function gateCredentials(agentEnv: Readonly<Record<string, string>>, profile: string | undefined, grant?: string): () => Promise<GateCredentials> {
  return async () => {
    const name = profile ?? 'default';
    const fail = (why: string) => Object.assign(new Error(`Blast Radius: no AWS credentials for profile ${name}: ${why}`), { name: 'CredentialsProviderError' });
    if (!PROFILE_NAME.test(name)) throw fail('the profile name has characters agents\' credentials do not support');
    const handle = agentEnv[TerminalEnv.handle];
    const token = agentEnv[TerminalEnv.token];
    if (!handle || !token) throw fail('no Blast Radius gate is known');
    const r = await requestCredentials(handle, token, { profile: name, ...(grant ? { grant } : {}) }, { signal: AbortSignal.timeout(CREDENTIALS_TIMEOUT_MS) }).catch((e: unknown) => ({
      kind: 'unreachable' as const,
      reason: String(e).slice(0, 200),
    }));
    if (r.kind !== 'credentials') throw fail(r.reason);
    const c = r.credentials;
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
  };
}

/** Holds the agent environment in force (undefined in passthrough) and tells listeners when it changes. */
export class AgentEnvSource {
  private value: Record<string, string> | undefined;
  private readonly listeners = new Set<(env: Record<string, string> | undefined) => unknown>();

  current(): Record<string, string> | undefined {
    return this.value && { ...this.value };
  }

  set(env: Record<string, string> | undefined): void {
    if (JSON.stringify(env) === JSON.stringify(this.value)) return;
    this.value = env && { ...env };
    for (const l of [...this.listeners]) l(this.current());
  }

  onDidChange(listener: (env: Record<string, string> | undefined) => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
