/**
 * Debian's Chromium driven by playwright-core, with the workbench helpers a UI test needs: open a
 * terminal the way a person does, type into it, read what it shows, and find the approval panel.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { OUTPUT_DIR } from './paths';

export const CHROMIUM = process.env.BLAST_RADIUS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set BLAST_RADIUS_CHROMIUM)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Opens the workbench and waits until it is usable (the status bar is drawn). */
export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  return page;
}

/** Runs a command from the palette, as a person types it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** bash's default prompt ends in `$ ` (or `# ` for root); xterm renders the space as a no-break space. */
const PROMPT = /[$#][ \u00a0]*$/m;

/** The active terminal's own xterm (the sticky-scroll overlay draws a second one). */
const XTERM = '.terminal-wrapper.active .terminal-xterm-host > .xterm';

export class Terminal {
  private constructor(private readonly page: Page) {}

  /**
   * Opens the terminal panel from the palette ("View: Toggle Terminal", Ctrl+`), which starts a
   * terminal when there is none; returns once the shell shows its prompt. ("Terminal: Create New
   * Terminal" on a closed panel starts two: the panel's own and the requested one.)
   */
  static async open(page: Page): Promise<Terminal> {
    await runCommand(page, 'View: Toggle Terminal');
    const terminal = new Terminal(page);
    await page.locator(`${XTERM} .xterm-rows`).waitFor({ timeout: 30_000 });
    await terminal.waitFor(PROMPT, 30_000);
    return terminal;
  }

  /** What the terminal shows now (the visible rows). */
  async text(): Promise<string> {
    return this.page.locator(`${XTERM} .xterm-rows`).innerText();
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(await this.text());
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${await this.text()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Clicks into the terminal and types a line, then Enter. */
  async type(line: string): Promise<void> {
    await this.page.locator(XTERM).click();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Clears the screen and starts a command that reports its exit status when done, so the test can
   * wait for it (`finished()`).
   */
  async start(command: string): Promise<void> {
    await this.page.locator(XTERM).click();
    await this.page.keyboard.press('Control+L');
    await this.type(`${command}; echo "exit=$?"`);
  }

  /** The exit status of the command `start` began, once it has finished. */
  async finished(timeoutMs = 60_000): Promise<number> {
    const m = await this.waitFor(/exit=(\d+)/, timeoutMs);
    return Number(m[1]);
  }
}

/** The approval panel's content (its webview's inner frame). */
export function approvalPanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Waits until the panel shows a request for a command containing `command`. */
export async function waitForRequest(page: Page, command: string, timeoutMs = 30_000): Promise<FrameLocator> {
  const panel = approvalPanel(page);
  await panel.locator('#command', { hasText: command }).waitFor({ state: 'visible', timeout: timeoutMs });
  return panel;
}

/** Waits until Approve can be clicked (it arms about a second after a request appears), then clicks it. */
export async function clickApprove(panel: FrameLocator): Promise<void> {
  await panel.locator('#approve:not([disabled])').waitFor({ timeout: 10_000 });
  await panel.locator('#approve').click();
}

/** For a protected resource: types the name the panel asks for, as a person does, then approves. */
export async function typeConfirmationAndApprove(page: Page, panel: FrameLocator): Promise<void> {
  const input = panel.locator('#confirm-input');
  await input.waitFor({ state: 'visible' });
  const label = await panel.locator('#confirm-label').innerText();
  const wanted = /Type (.+) to approve/.exec(label)?.[1];
  assert.ok(wanted, `the panel says what to type: ${label}`);
  await input.click();
  await page.keyboard.type(wanted);
  await clickApprove(panel);
}

/**
 * Picks an entry of the quick pick that is open (an extension's showQuickPick, or a list the palette
 * opened), by a text its row shows, with a click as a person does.
 */
export async function pickQuickItem(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/** The modal dialog the workbench draws for a `{ modal: true }` message (the web has no native dialogs). */
export async function modalDialog(page: Page, timeoutMs = 30_000): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: timeoutMs });
  return dialog;
}

/**
 * The content frame of the webview that shows `text`, when several may be open (the approval panel, a
 * markdown preview, a walkthrough step's media): approvalPanel() assumes one.
 */
export async function webviewShowing(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      const found = await frame
        .getByText(text)
        .first()
        .isVisible()
        .catch(() => false);
      if (found) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview showed ${String(text)} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot: ${path.relative(process.cwd(), file)}`);
  return file;
}
