/** Builds the analysis context from this process: the facts the pure core may not fetch itself. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { readAwsConfig } from '../aws/config';
import type { AnalysisContext } from '../core';

export interface ContextOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  workspaceRoots?: string[];
}

export function processContext(opts: ContextOptions = {}): AnalysisContext {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const profiles = readAwsConfig(env);
  return {
    cwd,
    env,
    home: env.HOME ?? os.homedir(),
    workspaceRoots: opts.workspaceRoots ?? [cwd],
    aws: { region: profiles.default?.region, account: profiles.default?.account, profiles },
    exists: (p) => fs.existsSync(p) || isSymlink(p),
    isDirectory: (p) => {
      try {
        return fs.statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
  };
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
