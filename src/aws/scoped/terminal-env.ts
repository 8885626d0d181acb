/**
 * The variables that make agent terminals take AWS credentials from the gate. The AWS CLI and SDKs
 * prefer environment keys, a web identity, a credentials file and container credentials to a
 * config file's credential_process, so every one of those is emptied (an empty variable counts as
 * unset for the CLI and the SDKs), and instance metadata is switched off: with no answer from the
 * gate, nothing else hands out credentials. Replaced at process creation and again at shell
 * integration, so keys exported by an rc file are emptied too; a person who exports keys by hand
 * in a terminal afterwards uses them knowingly.
 */
import type * as vscode from 'vscode';

export interface AgentAwsPaths {
  configFile: string;
  credentialsFile: string;
}

export const EMPTIED = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION',
  'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const;

export function agentTerminalVariables(paths: AgentAwsPaths): Record<string, string> {
  return {
    AWS_CONFIG_FILE: paths.configFile,
    AWS_SHARED_CREDENTIALS_FILE: paths.credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...Object.fromEntries(EMPTIED.map((n) => [n, ''])),
  };
}

/** Sets (scoped) or removes (passthrough) these variables, leaving the collection's other entries alone. */
export function applyAgentAwsEnvironment(collection: vscode.EnvironmentVariableCollection, paths: AgentAwsPaths | undefined): void {
  const names = Object.keys(agentTerminalVariables({ configFile: '', credentialsFile: '' }));
  if (!paths) {
    for (const n of names) collection.delete(n);
    return;
  }
  const at = { applyAtProcessCreation: true, applyAtShellIntegration: true };
  for (const [n, v] of Object.entries(agentTerminalVariables(paths))) collection.replace(n, v, at);
}
