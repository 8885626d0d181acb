/**
 * Reads Blast Radius settings from VS Code. Protection lists are the union of every level (user,
 * workspace): a workspace, which an agent can edit, may add protection but never remove it. Settings
 * that relax the gate are application-scoped in the manifest, so only user settings can hold them,
 * and a workspace value for them is reported and ignored.
 */
import * as vscode from 'vscode';
import { readGateSettings, type GateSettings } from '../gate/settings';

/** Lists whose levels add up. */
const ADDITIVE = ['protectedResources', 'deny', 'shims.extra'] as const;
/** Values only user settings may set. */
const USER_ONLY = ['allow', 'bulkThreshold', 'unknownTools', 'aws.accounts', 'humanTerminals', 'approvalTimeoutSeconds', 'circuitBreaker.maxDestructive', 'circuitBreaker.windowMinutes', 'shims.exclude', 'aws.agentCredentials', 'aws.agentRoleArn', 'aws.destructiveEverywhere'] as const;

export interface SettingsReadingWithSource {
  settings: GateSettings;
  problems: string[];
}

export function readConfiguredSettings(): SettingsReadingWithSource {
  const config = vscode.workspace.getConfiguration('blastRadius');
  const section: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of ADDITIVE) {
    const i = config.inspect<unknown>(key);
    const levels = [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].filter((v) => v !== undefined);
    if (levels.length === 0) continue;
    // A malformed level is passed through as is, so the reader reports it and tightens the policy.
    const bad = levels.find((v) => !Array.isArray(v));
    section[key] = bad !== undefined ? bad : levels.flatMap((v) => v as unknown[]);
  }
  for (const key of USER_ONLY) {
    const i = config.inspect<unknown>(key);
    if (i?.globalValue !== undefined) section[key] = i.globalValue;
    if (i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined) {
      problems.push(`blastRadius.${key} in workspace settings is ignored: only user settings may relax the policy.`);
    }
  }
  const reading = readGateSettings(section);
  return { settings: reading.settings, problems: [...problems, ...reading.problems] };
}
