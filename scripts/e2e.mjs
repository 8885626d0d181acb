// The e2e tier: the real editor. Builds the VSIX, makes sure code-server is installed (cached outside
// the repository, see test/e2e/harness/install.ts), then runs the code-server tests with TAP on stdout,
// whose `# pass N` / `# fail N` summary scripts/run-tests.mjs reads.
//   node scripts/e2e.mjs          (after `npm run compile-tests`; npm test does both)
// BLAST_RADIUS_VSIX=FILE skips the build and tests that VSIX. BLAST_RADIUS_E2E_KEEP=1 keeps the editors'
// scratch folders. Screenshots and editor logs go to .test-output/e2e/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = (p) => path.join(root, 'out', 'test', 'e2e', p);

/** The node:test files of this tier (compiled). */
const FILES = ['extension-host/code-server.test.js', 'ui/approval.test.js', 'ui/agents.test.js', 'ui/scoped-credentials.test.js'];

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function bail(message) {
  // A summary run-tests.mjs can read, so a setup failure counts as a failure, not as zero tests.
  console.log(`not ok 1 - e2e setup\n# ${message}\n# pass 0\n# fail 1`);
  process.exit(1);
}

const started = Date.now();
if (!FILES.every((f) => existsSync(out(f)))) bail('out/test/e2e is missing: run npm run compile-tests first');

if (!process.env.BLAST_RADIUS_VSIX) {
  log('building the VSIX (npm run package)');
  const built = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) bail(`npm run package failed (exit ${built.status})`);
}

try {
  const before = Date.now();
  await require(out('harness/install.js')).ensureCodeServer();
  log(`code-server available (${((Date.now() - before) / 1000).toFixed(0)} s)`);
} catch (e) {
  bail(`installing code-server failed: ${e instanceof Error ? e.message : String(e)}`);
}

const child = spawn(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', ...FILES.map(out)], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
