/**
 * Shim overhead, printed, never asserted: median wall time of the bare program vs the same program
 * through its shim on each path. Targets (issue 3): fast path ≤ 5 ms over the bare program, a command
 * the gate allows ≤ 30 ms over it. The program is a copy of `true`, so the figures are the shim's own cost.
 * Uses dist/shim-client.js when built (npm run build), else bundles src/shim/client-main.ts into a temp dir.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IpcServer } from '../../src/ipc/server';
import { installShims } from '../../src/shim/install';

const root = path.resolve(__dirname, '..', '..', '..');
const RUNS = 50;
const WARMUP = 5;

function which(tool: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, tool);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${tool} not found`);
}

function once(file: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${code}`));
      else resolve(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

async function median(file: string, args: string[], env: Record<string, string>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await once(file, args, env);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once(file, args, env));
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function clientBundle(tmp: string): Promise<string> {
  const built = path.join(root, 'dist', 'shim-client.js');
  if (fs.existsSync(built)) return built;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = path.join(tmp, 'shim-client.js');
  await esbuild.build({ entryPoints: [path.join(root, 'src', 'shim', 'client-main.ts')], outfile: out, bundle: true, format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'], minify: true, logLevel: 'silent' });
  for (const f of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
    const src = path.join(root, 'dist', f);
    const fallback = path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm')), f);
    fs.copyFileSync(fs.existsSync(src) ? src : fallback, path.join(tmp, f));
  }
  return out;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-shim-bench-'));
  const shims = path.join(tmp, 'shims');
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  const trueBin = which('true');
  for (const t of ['kubectl', 'terraform']) fs.copyFileSync(trueBin, path.join(bin, t));
  fs.chmodSync(path.join(bin, 'kubectl'), 0o755);
  fs.chmodSync(path.join(bin, 'terraform'), 0o755);
  await installShims(shims, ['kubectl', 'terraform']);
  const client = await clientBundle(tmp);

  const server = await IpcServer.start({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'br-gate-')) });
  let n = 0;
  server.registerHandler(async () => ({ requestId: String(++n), outcome: 'run', verdict: 'allow', decidedBy: 'policy', message: 'allowed' }));

  const env: Record<string, string> = {
    PATH: `${shims}:${bin}:/usr/local/bin:/usr/bin:/bin`,
    HOME: tmp,
    CLAUDECODE: '1',
    BLAST_RADIUS_IPC: server.handle,
    BLAST_RADIUS_TOKEN: server.token,
    BLAST_RADIUS_SHIMS: shims,
    BLAST_RADIUS_NODE: process.execPath,
    BLAST_RADIUS_CLIENT: client,
  };
  const noCurl = { ...env, PATH: `${shims}:${bin}` };
  const noGate = { ...noCurl, BLAST_RADIUS_IPC: path.join(tmp, 'gone.sock') };

  console.log(`Shim bench — ${os.cpus().length} cores, Node ${process.version}, /bin/sh → ${fs.realpathSync('/bin/sh')}, median of ${RUNS} runs\n`);
  const bare = await median(path.join(bin, 'kubectl'), ['get', 'pods'], env);
  const rows: Array<[string, number, string, number | undefined]> = [
    ['bare program', bare, '-', undefined],
    ['shim, fast path (kubectl get pods)', await median('kubectl', ['get', 'pods'], env), '≤ +5 ms', 5],
    ['shim, gate via curl (terraform apply → run)', await median('terraform', ['apply'], env), '≤ +30 ms', 30],
    ['shim, gate via Node client (no curl)', await median('terraform', ['apply'], noCurl), '-', undefined],
    ['shim, no gate: core alone (terraform plan)', await median('terraform', ['plan'], noGate), '-', undefined],
  ];
  for (const [name, ms, target, limit] of rows) {
    const over = ms - bare;
    const verdict = limit === undefined ? '' : over <= limit ? 'met' : 'MISSED';
    console.log(`${name.padEnd(46)} ${ms.toFixed(2).padStart(8)} ms  (+${over.toFixed(2)} ms)   target ${target.padEnd(9)} ${verdict}`);
  }
  server.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
