/**
 * The installed VSIX in a real workbench, used as a person uses it: open a terminal, say it is an
 * agent's (CLAUDECODE=1), run a destructive command, read the approval panel, click Reject and find the
 * resource still there, run it again, click Approve and find it gone. A protected resource needs its
 * name typed before Approve is even enabled. Each panel is saved as a screenshot under .test-output/e2e/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startMoto, type Moto } from '../../integration/support/moto';
import { approvalPanel, clickApprove, screenshot, Terminal, waitForRequest } from '../harness/browser';
import { waitForShims } from '../harness/code-server';
import { needsBrowserAnd, scenarioRunner, STEP, UiSession, until } from '../harness/ui';
import { createStack, liveStacks, localHead, makeWorkspace, remoteHead, terraformResources, type Workspace } from '../fixtures/workspace';

const skip = needsBrowserAnd('aws', 'moto_server', 'terraform', 'git', 'bash', 'curl');

let scratch: string;
let ws: Workspace;
let moto: Moto;
const ui = new UiSession();
let page: Page;
let terminal: Terminal;

before(async () => {
  if (skip) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-ui-'));
  ws = makeWorkspace(path.join(scratch, 'workspace'), path.join(scratch, 'remotes'));
  moto = await startMoto();
  createStack(moto.env, 'demo', 'demo-stack-assets');
  const editor = await ui.startEditor({
    label: 'ui',
    workspace: ws.root,
    userSettings: {
      'blastRadius.protectedResources': [ws.secrets],
      // Four scenarios in a few minutes are purposeful, not a runaway agent.
      'blastRadius.circuitBreaker.maxDestructive': 100,
    },
  });
  page = await ui.openWorkbench();
  await waitForShims(editor);
  terminal = await Terminal.open(page);
  await terminal.type('echo "gate=${BLAST_RADIUS_IPC:+on}"');
  await terminal.waitFor(/^gate=on/m, 10_000);
  const exports = Object.entries({ CLAUDECODE: '1', ...moto.env })
    .map(([k, v]) => `${k}=${v === '' ? "''" : v}`)
    .join(' ');
  await terminal.type(`export ${exports}`);
  await terminal.type(`cd ${ws.root}`);
});

after(async () => {
  if (skip) return;
  await ui.close();
  await moto?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const scenario = scenarioRunner('', () => ({ page, terminal }));

describe('the approval panel in code-server', { skip, concurrency: 1 }, () => {
  test('aws cloudformation delete-stack against moto: Reject keeps the stack, Approve deletes it', { timeout: STEP }, scenario('cloudformation', async () => {
    assert.deepEqual(liveStacks(moto.env), ['demo']);
    await terminal.start('aws cloudformation delete-stack --stack-name demo');
    let panel = await waitForRequest(page, 'aws cloudformation delete-stack');
    await panel.locator('#entries', { hasText: 'demo' }).waitFor();
    await screenshot(page, 'cloudformation-delete-stack');
    await panel.locator('#reject').click();
    assert.equal(await terminal.finished(), 126, 'a rejected command must not run');
    assert.deepEqual(liveStacks(moto.env), ['demo']);

    await terminal.start('aws cloudformation delete-stack --stack-name demo');
    panel = await waitForRequest(page, 'aws cloudformation delete-stack');
    await clickApprove(panel);
    assert.equal(await terminal.finished(), 0);
    await until('the stack is gone', () => liveStacks(moto.env).length === 0);
  }));

  test('terraform destroy on a real local state: Reject keeps it, Approve destroys it', { timeout: STEP }, scenario('terraform', async () => {
    assert.equal(terraformResources(ws.infra), 2);
    await terminal.type(`cd ${ws.infra}`);
    await terminal.start('terraform destroy -auto-approve -no-color');
    let panel = await waitForRequest(page, 'terraform destroy', 60_000);
    await screenshot(page, 'terraform-destroy');
    await panel.locator('#reject').click();
    assert.equal(await terminal.finished(), 126);
    assert.equal(terraformResources(ws.infra), 2);

    await terminal.start('terraform destroy -auto-approve -no-color');
    panel = await waitForRequest(page, 'terraform destroy', 60_000);
    await clickApprove(panel);
    assert.equal(await terminal.finished(90_000), 0);
    assert.equal(terraformResources(ws.infra), 0);
  }));

  test('git push --force to a bare remote: Reject keeps its history, Approve rewrites it', { timeout: STEP }, scenario('git-push', async () => {
    const before = remoteHead(ws.remote);
    assert.notEqual(before, localHead(ws.clone));
    await terminal.type(`cd ${ws.clone}`);
    await terminal.start('git push --force origin main');
    let panel = await waitForRequest(page, 'git push --force');
    await screenshot(page, 'git-push-force');
    await panel.locator('#reject').click();
    assert.equal(await terminal.finished(), 126);
    assert.equal(remoteHead(ws.remote), before);

    await terminal.start('git push --force origin main');
    panel = await waitForRequest(page, 'git push --force');
    await clickApprove(panel);
    assert.equal(await terminal.finished(), 0);
    assert.equal(remoteHead(ws.remote), localHead(ws.clone));
  }));

  test('a protected file: Approve stays disabled until its name is typed', { timeout: STEP }, scenario('protected-file', async () => {
    await terminal.type(`cd ${ws.root}`);
    await terminal.start('rm .env');
    const panel = await waitForRequest(page, 'rm .env');
    const input = panel.locator('#confirm-input');
    await input.waitFor({ state: 'visible' });
    const label = await panel.locator('#confirm-label').innerText();
    const wanted = /Type (.+) to approve/.exec(label)?.[1];
    assert.ok(wanted, `the panel says what to type: ${label}`);
    // Well past the arming delay, Approve is still disabled: only the typed name enables it.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await panel.locator('#approve').isDisabled(), true);
    await screenshot(page, 'protected-file-typed-confirmation');
    await input.click();
    await page.keyboard.type(wanted.slice(0, -1));
    assert.equal(await panel.locator('#approve').isDisabled(), true, 'a partly typed name does not enable Approve');
    await page.keyboard.type(wanted.slice(-1));
    await screenshot(page, 'protected-file-name-typed');
    await clickApprove(panel);
    assert.equal(await terminal.finished(), 0);
    assert.equal(fs.existsSync(ws.secrets), false);
  }));

  test('after the answers the panel is idle again', { timeout: STEP }, scenario('idle', async () => {
    await approvalPanel(page).locator('#idle').waitFor({ state: 'visible', timeout: 10_000 });
  }));
});
