/** Every rule pack the analyzer knows, in one list. A tool belongs to exactly one pack. */
import { awsRules } from './aws';
import { cloudCliRules } from './cloud-cli';
import { containerRules } from './containers';
import { databaseRules } from './databases';
import { devtoolRules } from './devtools';
import { everydayRules } from './everyday';
import { filesystemRules } from './filesystem';
import { gitRules } from './git';
import { iacRules } from './iac';
import { kubernetesRules } from './kubernetes';
import type { RulePack } from './pack';
import { terraformRules } from './terraform';

export const rulePacks: readonly RulePack[] = [
  awsRules,
  terraformRules,
  iacRules,
  kubernetesRules,
  gitRules,
  filesystemRules,
  databaseRules,
  containerRules,
  cloudCliRules,
  devtoolRules,
  everydayRules,
];

/** Every tool some pack has rules for: the default set of commands the terminal shims intercept. */
export function ruledTools(): string[] {
  return [...new Set(rulePacks.flatMap((p) => p.tools))].sort();
}
