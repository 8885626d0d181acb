// npm run demo: Blast Radius in a real editor, to try by hand. Builds the VSIX, starts moto (a local AWS)
// with sample resources, and code-server with the extension and a demo workspace (a git clone with a
// bare remote, a small terraform state, a protected .env), then prints the URL. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = (p) => path.join(root, 'out', 'test', p);

function step(label, cmd, args, { tolerate = false } = {}) {
  console.error(`[demo] ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0 && !tolerate) {
    console.error(`[demo] ${label} failed (exit ${r.status})`);
    process.exit(1);
  }
}

step('building the VSIX', 'npm', ['run', 'package']);
// Type errors elsewhere in the tree must not stop the demo: tsc still emits, and the harness is checked below.
step('compiling the test harness', 'npx', ['tsc', '-p', 'tsconfig.test.json', '--noEmitOnError', 'false'], { tolerate: true });

const { startMoto } = require(out('integration/support/moto.js'));
const { startCodeServer } = require(out('e2e/harness/code-server.js'));
const fixtures = require(out('e2e/fixtures/workspace.js'));

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
const scratch = mkdtempSync(path.join(tmpdir(), 'blast-radius-demo-'));
let moto;
let editor;
let stopping = false;

async function stop() {
  if (stopping) return;
  stopping = true;
  console.error('\n[demo] stopping code-server and moto');
  await editor?.stop().catch(() => {});
  await moto?.stop().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  console.error('[demo] starting moto with sample resources');
  moto = await startMoto();
  fixtures.createBucketWithObjects(moto.env, 'demo-prod-assets', ['index.html', 'app.js', 'logo.png'], scratch);
  fixtures.createBucketWithObjects(moto.env, 'demo-dev-scratch', ['notes.txt'], scratch);
  fixtures.createStack(moto.env, 'demo-api', 'demo-api-uploads');

  console.error('[demo] making the demo workspace (git clone + bare remote, terraform state, .env)');
  const ws = fixtures.makeWorkspace(path.join(scratch, 'workspace'), path.join(scratch, 'remotes'));

  console.error('[demo] starting code-server');
  editor = await startCodeServer({
    label: 'demo',
    workspace: ws.root,
    vsix,
    // Terminals talk to moto, not to AWS.
    env: moto.env,
    userSettings: {
      'blastRadius.protectedResources': [ws.secrets, 'arn:aws:s3:::demo-prod-*'],
      'workbench.startupEditor': 'none',
    },
  });

  console.log(`
Blast Radius demo: open ${editor.url}

In a terminal there (Ctrl+\`), act as an agent, then try:
  export CLAUDECODE=1
  aws s3 ls                                   # reads run
  aws s3 rb s3://demo-dev-scratch --force     # asks: approve or reject in the panel
  aws s3 rb s3://demo-prod-assets --force     # protected: type the name to approve
  aws cloudformation delete-stack --stack-name demo-api
  cd infra && terraform destroy -auto-approve
  cd ../app && git push --force origin main
  rm ../.env                                  # protected file

AWS is moto at ${moto.endpoint} (dummy credentials). Ctrl-C here stops everything.
`);
} catch (e) {
  console.error(`[demo] ${e instanceof Error ? e.message : String(e)}`);
  await stop();
}
