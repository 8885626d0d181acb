/**
 * Reads the regions people configured per profile in the AWS shared config file, so a command's region
 * is the one the AWS CLI would use. Read-only, small, and tolerant: a broken file means "no defaults".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface AwsProfileDefaults {
  region?: string;
  /** Known only where the config names it (sso_account_id); STS fills the rest later. */
  account?: string;
}

export function awsConfigPath(env: Record<string, string | undefined>): string {
  return env.AWS_CONFIG_FILE ?? path.join(env.HOME ?? os.homedir(), '.aws', 'config');
}

/** `[default]` and `[profile NAME]` sections; keys `region` and `sso_account_id`. */
export function parseAwsConfig(text: string): Record<string, AwsProfileDefaults> {
  const profiles: Record<string, AwsProfileDefaults> = {};
  let current: AwsProfileDefaults | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      current = profiles[section[1]] ??= {};
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (!kv || !current) continue;
    if (kv[1] === 'region') current.region = kv[2];
    if (kv[1] === 'sso_account_id' && /^\d{12}$/.test(kv[2])) current.account = kv[2];
  }
  return profiles;
}

export function readAwsConfig(env: Record<string, string | undefined>): Record<string, AwsProfileDefaults> {
  try {
    return parseAwsConfig(fs.readFileSync(awsConfigPath(env), 'utf8'));
  } catch {
    return {};
  }
}
