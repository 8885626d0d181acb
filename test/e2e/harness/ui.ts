/**
 * What every UI test of the installed VSIX needs around its steps: when to skip, the packaged VSIX in a
 * fresh code-server shown in Chromium (and closed again whatever got started), a step wrapper that keeps
 * the evidence of a failure, and a wait for a condition outside the browser.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { needs } from '../../integration/support/tools';
import { CHROMIUM, launchBrowser, openWorkbench, screenshot, type Terminal } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './code-server';
import { REPO_ROOT } from './paths';

/** A UI step's time limit: a real editor in a real browser on a busy machine. */
export const STEP = 120_000;

/** A skip reason for node:test when a tool or Chromium is missing, or false; throws in CI, as needs() does. */
export function needsBrowserAnd(...tools: string[]): string | false {
  const missing = needs(...tools);
  if (missing) return missing;
  if (fs.existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install chromium (.ci/run)`);
  return `missing ${CHROMIUM}`;
}

/** The VSIX under test: BLAST_RADIUS_VSIX, or the one `npm run package` writes at the repository root. */
function vsixPath(): string {
  if (process.env.BLAST_RADIUS_VSIX) return path.resolve(process.env.BLAST_RADIUS_VSIX);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

/** One code-server with the VSIX installed, and the browser showing it; close() ends what was started. */
export class UiSession {
  private editor?: CodeServer;
  private browser?: Browser;
  private page?: Page;

  async startEditor(options: Omit<CodeServerOptions, 'vsix'>): Promise<CodeServer> {
    const vsix = vsixPath();
    assert.ok(fs.existsSync(vsix), `${vsix} is missing: npm run package builds it (scripts/e2e.mjs does)`);
    this.editor = await startCodeServer({ ...options, vsix });
    return this.editor;
  }

  /**
   * Opens the workbench and waits for the gate's status bar item: the extension is active. A terminal
   * opened before its shims are in place is not gated until VS Code relaunches it (see waitForShims).
   */
  async openWorkbench(): Promise<Page> {
    assert.ok(this.editor, 'startEditor() comes first');
    this.browser = await launchBrowser();
    this.page = await openWorkbench(this.browser, this.editor.url);
    await this.page.locator('.statusbar-item[id$="blastRadius.gate"]').waitFor({ timeout: 60_000 });
    return this.page;
  }

  async close(): Promise<void> {
    if (this.page) await this.page.close().catch(() => {});
    await this.browser?.close().catch(() => {});
    await this.editor?.stop();
  }
}

/**
 * Wraps a test's steps: on failure saves what the screen showed as `<prefix>failed-<name>.png`, and adds
 * the terminal's text to the error when there is a terminal, so the report says more than a timeout.
 */
export function scenarioRunner(prefix: string, screen: () => { page: Page; terminal?: Terminal }) {
  return (name: string, body: () => Promise<void>): (() => Promise<void>) =>
    async () => {
      try {
        await body();
      } catch (e) {
        const { page, terminal } = screen();
        await screenshot(page, `${prefix}failed-${name}`).catch(() => {});
        if (!terminal) throw e;
        const shown = await terminal.text().catch(() => '');
        throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- the terminal showed:\n${shown}`, { cause: e });
      }
    };
}

/** Polls a condition outside the browser (a stack, a bucket, a file) until it holds. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
