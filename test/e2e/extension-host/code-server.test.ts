/**
 * Runs the extension-host suite (index.ts) inside code-server through the smoke-test driver payload:
 * the workbench loads this repository as the extension under development, runs the suite in its
 * extension host, and reports the exit code and the log through functions the page exposes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/code-server';
import { OUTPUT_DIR, REPO_ROOT } from '../harness/paths';
import { needsBrowserAnd } from '../harness/ui';

const skip = needsBrowserAnd('git', 'bash');

let workspace: string;
let editor: CodeServer | undefined;
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js')), 'dist/ is built by npm run build (npm test does it)');
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-host-ws-'));
  editor = await startCodeServer({ label: 'extension-host', workspace });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await editor?.stop();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

test('the extension-host suite passes in code-server', { skip, timeout: 240_000 }, async () => {
  const page = await browser!.newPage();
  const log: string[] = [];
  // The workbench forwards its log, the extension host's console (mocha's reporter) included, through
  // codeAutomationLog as console-style arguments, and the exit code through codeAutomationExit.
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    log.push(Array.isArray(args) ? util.format(...args) : `${type} ${String(args)}`);
  });
  const remote = (p: string) => `vscode-remote://127.0.0.1:${editor!.port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(path.join(__dirname, 'index.js'))],
  ]);
  await page.goto(`${editor!.url}&payload=${encodeURIComponent(payload)}`);
  const limitMs = Number(process.env.BLAST_RADIUS_E2E_HOST_TIMEOUT ?? 180_000);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the suite did not finish within ${limitMs / 1000} s`)), limitMs).unref());
  const code = await Promise.race([exited, timeout]).finally(() => {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT_DIR, 'extension-host.log'), log.join('\n') + '\n');
  });
  const text = log.join('\n');
  assert.equal(code, 0, `the extension-host suite failed; its log:\n${text}`);
  // "0 passing" would be a suite that loaded no tests.
  assert.match(text, /\b[1-9]\d* passing\b/);
});
