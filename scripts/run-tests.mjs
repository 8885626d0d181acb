// Runs every test tier in order and ends with one line: "N passed, N failed".
//   node scripts/run-tests.mjs [unit|integration|e2e ...]   (default: all tiers)
// Tests are compiled to out/ by `npm run compile-tests` first (npm test does both).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

// A tier is folders for node --test, or a script that prints the same TAP summary (`# pass N`, `# fail N`).
const tiers = {
  unit: ['out/test/unit'],
  integration: ['out/test/integration'],
  e2e: { script: 'scripts/e2e.mjs' },
};

const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(tiers);
let passed = 0;
let failed = 0;
let skipped = 0;

for (const tier of wanted) {
  const dirs = tiers[tier];
  if (!dirs) {
    console.error(`unknown tier ${tier}; tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(64);
  }
  if (Array.isArray(dirs) && !dirs.every((d) => existsSync(d))) {
    console.error(`tier ${tier}: ${dirs.join(' ')} missing; run npm run compile-tests`);
    failed++;
    continue;
  }
  console.log(`\n=== ${tier} tests ===`);
  const counts = await run(Array.isArray(dirs) ? ['--test', '--test-reporter=tap', ...dirs] : [dirs.script]);
  passed += counts.pass;
  failed += counts.fail;
  skipped += counts.skip;
  console.log(`=== ${tier}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped ===`);
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const counts = { pass: 0, fail: 0, skip: 0 };
    let tail = '';
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      process.stdout.write(text);
      tail = (tail + text).slice(-4000);
    });
    child.on('close', (code) => {
      // node --test's TAP summary says `# pass N`, `# fail N` and `# skipped N`.
      for (const [key, word] of [['pass', 'pass'], ['fail', 'fail'], ['skip', 'skipped']]) {
        const m = new RegExp(`^# ${word} (\\d+)$`, 'm').exec(tail);
        if (m) counts[key] = Number(m[1]);
      }
      // A runner that died without a summary is a failure, not zero tests.
      if (code !== 0 && counts.fail === 0) counts.fail = 1;
      resolve(counts);
    });
  });
}
