/**
 * The Terraform live preview against real terraform: a configuration of 20 `terraform_data` resources
 * (built in, nothing to download) applied to local state in the setup. Each preview is checked entry by
 * entry, and after every one the state file must be byte-for-byte what it was, with no lock left behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalysisContext } from '../../../src/core';
import { terraformResolver } from '../../../src/preview/terraform';
import type { ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { needs } from '../support/tools';

const skip = needs('terraform');

const SECRET = 'hunter2-very-secret';
const CONFIG = `
variable "node_prefix" {
  type    = string
  default = "node"
}
variable "db_password" {
  type      = string
  default   = "${SECRET}"
  sensitive = true
}
resource "terraform_data" "db" {
  input = { name = "orders-db", password = var.db_password }
}
resource "terraform_data" "node" {
  count = 18
  input = "\${var.node_prefix}-\${count.index}"
}
resource "terraform_data" "app" {
  input      = "app"
  depends_on = [terraform_data.db]
}
`;
const NODES = Array.from({ length: 18 }, (_, i) => `terraform_data.node[${i}]`);
const ALL = ['terraform_data.app', 'terraform_data.db', ...NODES].sort();

let root: string;
let dir: string;
let env: Record<string, string | undefined>;

function terraform(cwd: string, ...args: string[]): string {
  return execFileSync('terraform', args, { cwd, env: { ...env, TF_IN_AUTOMATION: '1' } as NodeJS.ProcessEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function stateBytes(): Buffer {
  return fs.readFileSync(path.join(dir, 'terraform.tfstate'));
}

function previewDirs(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('blast-radius-tf-'));
}

/** Analyse the line with the real analyzer, preview its one action, and check nothing was written. */
async function preview(line: string, opts: { cwd?: string; signal?: AbortSignal; env?: Record<string, string> } = {}): Promise<ResolverResult> {
  const ctx: AnalysisContext = { cwd: opts.cwd ?? dir, env: { ...env, ...opts.env }, home: os.homedir() };
  const [action] = (await analyzer()).analyze(line, ctx).actions;
  assert.ok(terraformResolver.handles(action), `${line}: handled (rule ${action.rule})`);
  const stateBefore = stateBytes();
  const tmpBefore = previewDirs();
  const result = await terraformResolver.resolve({ action, ctx, signal: opts.signal ?? AbortSignal.timeout(30_000) });
  assert.deepEqual(stateBytes(), stateBefore, `${line}: the state file is unchanged`);
  assert.ok(!fs.existsSync(path.join(dir, '.terraform.tfstate.lock.info')), `${line}: no lock left`);
  assert.deepEqual(previewDirs(), tmpBefore, `${line}: the temp plan dir is gone`);
  assert.ok(!JSON.stringify(result).includes(SECRET), `${line}: the sensitive value is never shown`);
  return result;
}

const addresses = (r: ResolverResult) => r.resources.map((x) => x.name).sort();
const byName = (r: ResolverResult, name: string) => r.resources.find((x) => x.name === name);

describe('terraform live preview', { skip }, () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'br-tf-preview-'));
    dir = path.join(root, 'infra');
    fs.mkdirSync(dir);
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TF_')));
    fs.writeFileSync(path.join(dir, 'main.tf'), CONFIG);
    terraform(dir, 'init', '-input=false', '-no-color');
    terraform(dir, 'apply', '-auto-approve', '-input=false', '-no-color');
  });
  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('terraform destroy: every one of the 20 resources, by address', async () => {
    const r = await preview('terraform destroy -auto-approve');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(addresses(r), ALL);
    for (const x of r.resources) {
      assert.equal(x.change, 'destroy');
      assert.equal(x.id, `tf://${dir}/${x.name}`);
      assert.equal(x.kind, 'terraform_data');
      assert.equal(x.from, `tf://${dir}`);
      assert.equal(x.after, undefined, 'nothing after a destroy');
      assert.ok(x.facts.some((f) => /^id=[0-9a-f-]{36}$/.test(f)), `${x.name} shows its id: ${x.facts.join('; ')}`);
    }
    const db = byName(r, 'terraform_data.db');
    assert.deepEqual((db?.before as { input: unknown }).input, { name: 'orders-db', password: '(sensitive)' });
    // terraform_data's output repeats the input without marking it sensitive: still hidden.
    assert.deepEqual((db?.before as { output: unknown }).output, { name: 'orders-db', password: '(sensitive)' });
  });

  test('terraform apply -replace: one replacement, with the reason', async () => {
    const r = await preview('terraform apply -replace=terraform_data.db');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(addresses(r), ['terraform_data.db']);
    const [db] = r.resources;
    assert.equal(db.change, 'destroy');
    assert.ok(db.facts.includes('replaced: destroyed, then created anew'), db.facts.join('; '));
    assert.ok(db.facts.includes('reason: -replace asked for it'), db.facts.join('; '));
    assert.deepEqual(db.after, { input: { name: 'orders-db', password: '(sensitive)' }, id: '(known after apply)', output: '(known after apply)', triggers_replace: null });
  });

  test('an input changed (-var): 18 updates in place, saying what changes', async () => {
    const r = await preview('terraform apply -var node_prefix=worker -auto-approve');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(addresses(r), [...NODES].sort());
    for (const x of r.resources) {
      assert.equal(x.change, 'change');
      assert.ok(x.facts.includes('changes: input'), x.facts.join('; '));
    }
    const n3 = byName(r, 'terraform_data.node[3]');
    assert.equal((n3?.before as { input: string }).input, 'node-3');
    assert.equal((n3?.after as { input: string }).input, 'worker-3');
  });

  test('the same change from TF_VAR_ in front of the command', async () => {
    const r = await preview('TF_VAR_node_prefix=worker terraform apply');
    assert.deepEqual(addresses(r), [...NODES].sort());
  });

  test('a resource added to the configuration: create', async () => {
    const extra = path.join(dir, 'extra.tf');
    fs.writeFileSync(extra, 'resource "terraform_data" "cache" {\n  input = "redis"\n}\n');
    try {
      const r = await preview('terraform apply');
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.resources.map((x) => [x.name, x.change]), [['terraform_data.cache', 'create']]);
      assert.deepEqual(r.resources[0].before, undefined);
      assert.equal((r.resources[0].after as { input: string }).input, 'redis');
    } finally {
      fs.rmSync(extra);
    }
  });

  test('a resource dropped from the configuration: destroy, because it is no longer there', async () => {
    fs.writeFileSync(path.join(dir, 'main.tf'), CONFIG.replace(/resource "terraform_data" "app" \{[^}]*\}/, ''));
    try {
      const r = await preview('terraform apply');
      assert.deepEqual(r.resources.map((x) => [x.name, x.change]), [['terraform_data.app', 'destroy']]);
      assert.ok(r.resources[0].facts.includes('reason: no longer in the configuration'), r.resources[0].facts.join('; '));
    } finally {
      fs.writeFileSync(path.join(dir, 'main.tf'), CONFIG);
    }
  });

  test('destroy -target: the target and what depends on it', async () => {
    const r = await preview("terraform destroy -target='terraform_data.db'");
    assert.deepEqual(addresses(r), ['terraform_data.app', 'terraform_data.db']);
    assert.ok(r.resources.every((x) => x.change === 'destroy'));
    assert.equal(byName(r, 'terraform_data.db')?.from, undefined, 'the target itself');
  });

  test('apply -target with a changed input: only the target', async () => {
    const r = await preview('terraform apply -target=terraform_data.node[2] -var=node_prefix=worker');
    assert.deepEqual(r.resources.map((x) => [x.name, x.change]), [['terraform_data.node[2]', 'change']]);
  });

  test('an address the shell may expand: previewed unless a file matches it', async () => {
    const file = path.join(dir, 'terraform_data.node2');
    fs.writeFileSync(file, '');
    try {
      const r = await preview('terraform destroy -target=terraform_data.node[2]');
      assert.deepEqual(r.resources, []);
      assert.match(r.failures[0]?.message ?? '', /could not preview terraform destroy: address known only at run time/);
    } finally {
      fs.rmSync(file);
    }
    const dynamic = await preview('terraform destroy -target="$WHICH"');
    assert.deepEqual(dynamic.resources, []);
    assert.match(dynamic.failures[0]?.message ?? '', /known only at run time/);
  });

  test('apply -destroy with -chdir from another folder', async () => {
    const r = await preview('terraform -chdir=infra apply -destroy', { cwd: root });
    assert.deepEqual(addresses(r), ALL);
  });

  test('TF_CLI_ARGS_apply adds -destroy (and -auto-approve, which plan must not see)', async () => {
    const r = await preview('terraform apply', { env: { TF_CLI_ARGS_apply: '-destroy -auto-approve' } });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(addresses(r), ALL);
  });

  test('apply PLANFILE: what the saved plan holds', async () => {
    terraform(dir, 'plan', '-destroy', '-target=terraform_data.node[0]', '-out=saved.tfplan', '-no-color', '-input=false');
    try {
      const r = await preview('terraform apply saved.tfplan');
      assert.deepEqual(r.resources.map((x) => [x.name, x.change]), [['terraform_data.node[0]', 'destroy']]);
    } finally {
      fs.rmSync(path.join(dir, 'saved.tfplan'));
    }
  });

  test('state rm: what terraform would stop managing, from the current state', async () => {
    const r = await preview('terraform state rm terraform_data.node terraform_data.db');
    assert.deepEqual(r.failures, []);
    assert.deepEqual(addresses(r), ['terraform_data.db', ...NODES].sort());
    for (const x of r.resources) {
      assert.equal(x.change, 'destroy');
      assert.ok(x.facts.includes('forgotten: terraform stops managing it; the real object keeps existing'));
    }
    assert.equal(byName(r, 'terraform_data.node[5]')?.from, `tf://${dir}/terraform_data.node`);
    assert.deepEqual((byName(r, 'terraform_data.db')?.before as { input: unknown }).input, { name: 'orders-db', password: '(sensitive)' });
  });

  test('state rm of an address the state does not hold: a failure line', async () => {
    const r = await preview('terraform state rm terraform_data.nothere');
    assert.deepEqual(r.resources, []);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0].message, /terraform_data\.nothere matches nothing in the state/);
  });

  test('an invalid configuration: the plan error', async () => {
    const bad = path.join(root, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'main.tf'), 'resource "terraform_data" "x" {\n  input = nope\n}\n');
    const r = await preview('terraform destroy', { cwd: bad });
    assert.deepEqual(r.resources, []);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].message, `could not plan in ${bad}: Error: Invalid reference (main.tf line 2)`);
  });

  test('not initialised: says so, and does not run init', async () => {
    const fresh = path.join(root, 'fresh');
    fs.mkdirSync(path.join(fresh, 'modules', 'net'), { recursive: true });
    fs.writeFileSync(path.join(fresh, 'modules', 'net', 'main.tf'), 'resource "terraform_data" "x" {}\n');
    fs.writeFileSync(path.join(fresh, 'main.tf'), 'module "net" {\n  source = "./modules/net"\n}\n');
    const r = await preview('terraform apply', { cwd: fresh });
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /is not initialised \(Error: Module not installed.*\); run `terraform init` there first/);
    assert.ok(!fs.existsSync(path.join(fresh, '.terraform')), 'no .terraform written');
  });

  test('an aborted signal: a failure line, terraform stopped', async () => {
    const before = await preview('terraform destroy', { signal: AbortSignal.abort() });
    assert.deepEqual(before.resources, []);
    assert.match(before.failures[0]?.message ?? '', /in time: terraform was stopped/);
    const during = await preview('terraform destroy', { signal: AbortSignal.timeout(5) });
    assert.deepEqual(during.resources, []);
    assert.match(during.failures[0]?.message ?? '', /in time: terraform was stopped/);
  });

  test('terragrunt: a failure line, not a preview', async () => {
    const r = await preview('terragrunt apply');
    assert.deepEqual(r.resources, []);
    assert.match(r.failures[0]?.message ?? '', /^terragrunt apply is not previewed/);
  });
});
