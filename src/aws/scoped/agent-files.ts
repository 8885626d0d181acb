/**
 * Writes the files agent terminals read AWS settings from in scoped mode: the generated config (see
 * agent-config.ts) and an empty credentials file, so that static keys in the person's own credentials
 * file (which the CLI prefers to a config file's credential_process) never reach an agent. Both live
 * in a private folder of the extension's storage; neither holds a secret.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { shQuote } from '../../shim/scripts';
import { agentAwsConfig, type AgentConfig } from './agent-config';

export interface AgentAwsFiles {
  configFile: string;
  credentialsFile: string;
  config: AgentConfig;
}

export interface CredentialProcessCommand {
  /** The Node that runs the client: VS Code's own (run as Node with ELECTRON_RUN_AS_NODE=1) or a real node. */
  node: string;
  /** dist/credential-process.js */
  client: string;
}

/** The person's own files, where the AWS CLI would look for them from the extension's environment. */
export function personAwsFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME ?? os.homedir();
  return {
    config: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/**
 * The command line both the AWS CLI (shlex) and the JavaScript SDK (/bin/sh) split the same way:
 * every word single-quoted. `env` sets ELECTRON_RUN_AS_NODE for this one process only.
 */
export function credentialProcessLine(cmd: CredentialProcessCommand, profile: string): string {
  return ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', cmd.node, cmd.client, '--profile', profile].map(shQuote).join(' ');
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return '';
  }
}

export async function writeAgentAwsFiles(dir: string, cmd: CredentialProcessCommand, env: NodeJS.ProcessEnv = process.env): Promise<AgentAwsFiles> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
  const own = personAwsFiles(env);
  const config = agentAwsConfig(await readOrEmpty(own.config), await readOrEmpty(own.credentials), (p) => credentialProcessLine(cmd, p));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  // Written beside and renamed: a terminal starting now reads the old file or the new one, never half.
  // The temporary name is this process's own: two windows of one workspace may write at once.
  const tmp = `${configFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, config.text, { mode: 0o600 });
    await fs.rename(tmp, configFile);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fs.writeFile(credentialsFile, '# Blast Radius: agent terminals hold no static AWS keys; see the config file beside this one.\n', { mode: 0o600 });
  return { configFile, credentialsFile, config };
}
