/**
 * `npm run bench`: speed figures for the analysis core and the CLI, printed, never asserted
 * (timings belong here, not in tests). Targets from issue 2:
 *   analysis p50 ≤ 0.1 ms, p99 ≤ 1 ms per command (in process, after warm-up)
 *   one `blast-radius check` process ≤ 150 ms; 10,000 JSON lines through one process ≤ 3 s
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decide, DEFAULT_SETTINGS } from '../../src/core';
import { loadAnalyzer } from '../../src/platform/analyzer';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

function corpus(): string[] {
  const text = fs.readFileSync(path.join(root, 'test', 'bench', 'corpus.txt'), 'utf8');
  // The corpus keeps one command per line; a literal newline inside a command is written as \n.
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/\\n/g, '\n'));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function row(name: string, value: string, target: string, ok: boolean): void {
  console.log(`${name.padEnd(44)} ${value.padStart(14)}   target ${target.padEnd(10)} ${ok ? 'met' : 'MISSED'}`);
}

async function main(): Promise<void> {
  const lines = corpus();
  console.log(`Blast Radius bench — ${os.cpus().length} cores, Node ${process.version}, corpus ${lines.length} commands\n`);

  const t0 = performance.now();
  const analyzer = await loadAnalyzer();
  const loadMs = performance.now() - t0;
  const ctx = { cwd: '/home/dev/project', home: '/home/dev', env: { HOME: '/home/dev' }, workspaceRoots: ['/home/dev/project'], aws: { region: 'us-east-1' } };

  // Warm-up: let the JIT and the parser settle before measuring.
  for (let i = 0; i < 3; i++) for (const l of lines) decide(analyzer.analyze(l, ctx), DEFAULT_SETTINGS);

  const samples: number[] = [];
  const rounds = 5;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const l of lines) {
      const s = performance.now();
      decide(analyzer.analyze(l, ctx), DEFAULT_SETTINGS);
      samples.push(performance.now() - s);
    }
  }
  const total = performance.now() - start;
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  row('grammar load (once per process)', `${loadMs.toFixed(1)} ms`, '-', true);
  row('analyze + decide, p50', `${p50.toFixed(4)} ms`, '≤ 0.1 ms', p50 <= 0.1);
  row('analyze + decide, p99', `${p99.toFixed(4)} ms`, '≤ 1 ms', p99 <= 1);
  row('analyze + decide, max', `${samples[samples.length - 1].toFixed(3)} ms`, '-', true);
  row('throughput', `${Math.round(samples.length / (total / 1000))} /s`, '-', true);

  const verdicts = { allow: 0, ask: 0, deny: 0 };
  for (const l of lines) verdicts[decide(analyzer.analyze(l, ctx), DEFAULT_SETTINGS).verdict]++;
  console.log(`\ncorpus verdicts: ${verdicts.allow} allow, ${verdicts.ask} ask, ${verdicts.deny} deny\n`);

  if (!fs.existsSync(cli)) {
    console.log('dist/cli.js missing: run `npm run build` for the CLI figures');
    return;
  }
  // One check process, as a hook would run it.
  const runs: number[] = [];
  for (let i = 0; i < 21; i++) {
    const s = performance.now();
    spawnSync(process.execPath, [cli, 'check', 'git status'], { stdio: 'ignore' });
    runs.push(performance.now() - s);
  }
  runs.sort((a, b) => a - b);
  const nodeOnly: number[] = [];
  for (let i = 0; i < 11; i++) {
    const s = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    nodeOnly.push(performance.now() - s);
  }
  nodeOnly.sort((a, b) => a - b);
  row('`blast-radius check` process, median of 21', `${percentile(runs, 50).toFixed(1)} ms`, '≤ 150 ms', percentile(runs, 50) <= 150);
  row('  (bare `node -e 0` for comparison)', `${percentile(nodeOnly, 50).toFixed(1)} ms`, '-', true);

  const input = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ command: lines[i % lines.length], cwd: '/home/dev/project' })).join('\n') + '\n';
  const s = performance.now();
  // Exit status is the worst verdict seen (ask/deny are non-zero): read the output, not the status.
  const out = spawnSync(process.execPath, [cli, 'check', '--jsonl'], { input, maxBuffer: 1 << 30 }).stdout.toString();
  const jsonlMs = performance.now() - s;
  const produced = out.split('\n').filter((l) => l !== '').length;
  row(`10,000 lines through --jsonl (${produced} out)`, `${(jsonlMs / 1000).toFixed(2)} s`, '≤ 3 s', jsonlMs <= 3000 && produced === 10_000);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
