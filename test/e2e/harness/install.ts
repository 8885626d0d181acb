/**
 * Installs the pinned code-server (a real VS Code workbench served over HTTP) under the cached Node 24,
 * in the same cache folder as scripts/toolchain.mjs, outside the repository. A finished install carries
 * a marker; a half-finished one is never used, and two runs racing each keep a consistent copy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

export const CODE_SERVER_VERSION = '4.139.1';
const MARKER = '.blast-radius-e2e.json';

export interface Toolchain {
  /** Node 24's binary, which code-server needs (its native modules are built for it). */
  node: string;
  /** code-server's server entry script. */
  entry: string;
}

interface ToolchainModule {
  cacheDir(): string;
  ensureNode24(): string;
}

// TypeScript compiles `import()` to `require()` under CommonJS, which cannot load an ES module on
// every Node 20; a Function keeps the real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

function loadToolchain(): Promise<ToolchainModule> {
  return importEsm(path.join(REPO_ROOT, 'scripts', 'toolchain.mjs')) as Promise<ToolchainModule>;
}

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

export async function ensureCodeServer(): Promise<Toolchain> {
  const toolchain = await loadToolchain();
  const node = toolchain.ensureNode24();
  const nodeHome = path.resolve(path.dirname(node), '..');
  const finalDir = path.join(toolchain.cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(finalDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (existsSync(path.join(finalDir, MARKER)) && existsSync(entry)) return { node, entry };

  const tmp = path.join(path.dirname(finalDir), `.tmp-${path.basename(finalDir)}-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${finalDir} (about 1.5 min on 2 cores)`);
  try {
    const result = spawnSync(
      'npm',
      ['install', '--prefix', tmp, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
      {
        stdio: ['ignore', 2, 2],
        env: {
          ...process.env,
          // npm and node-gyp run under Node 24, and its native modules build against Node 24's headers
          // (the machine's npmrc points nodedir at Node 20's). Its install scripts must run: a
          // throwaway install of one pinned package, outside the project.
          PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
          npm_config_nodedir: nodeHome,
          npm_config_dangerously_allow_all_scripts: 'true',
        },
      },
    );
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(`npm install code-server failed (exit ${result.status}); on Debian it needs libkrb5-dev for its kerberos module`);
    }
    writeFileSync(path.join(tmp, MARKER), JSON.stringify({ version: CODE_SERVER_VERSION, node, installedAt: new Date().toISOString() }) + '\n');
    if (existsSync(finalDir) && !existsSync(path.join(finalDir, MARKER))) rmSync(finalDir, { recursive: true, force: true });
    try {
      renameSync(tmp, finalDir);
    } catch (e) {
      if (!existsSync(path.join(finalDir, MARKER))) throw e;
      log('another run finished installing code-server first; using its copy');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`code-server ready (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return { node, entry };
}
