/**
 * Putting an agent that runs its own commands behind Blast Radius, in a real workbench with the
 * installed VSIX, as a person does it: read "Show What Is Gated", run "Protect an Agent…" for Claude
 * Code in the user scope, read the diff of ~/.claude/settings.json and click Write in the modal; then
 * run the hook exactly as Claude Code runs it (the command string from that file, `sh -c`, a PreToolUse
 * payload on stdin) while the person rejects, then approves, in the approval panel; take the hook out
 * again and find the file as it was, byte for byte; open the walkthrough. Screenshots go to
 * .test-output/e2e/agents-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { Page } from 'playwright-core';
import { messages } from '../../../src/gate/messages';
import { approvalPanel, modalDialog, pickQuickItem, runCommand, screenshot, typeConfirmationAndApprove, waitForRequest, webviewShowing } from '../harness/browser';
import { needsBrowserAnd, scenarioRunner, STEP, UiSession } from '../harness/ui';

const skip = needsBrowserAnd('bash', 'sh');

/** The agents Protect an Agent… offers, as the coverage view names them. */
const AGENTS = ['GitHub Copilot (VS Code agent mode)', 'Claude Code', 'Cursor', 'Cline', 'Gemini CLI', 'GitHub Copilot CLI'];

/** A person's hand-edited Claude Code settings: a comment and hooks of their own, which must survive. */
const OWN_COMMENT = '    // Mine: format what Claude edits, and check edits with my own script first.';
const OWN_PRE_TOOL_USE = `      {
        "matcher": "Edit",
        "hooks": [{ "type": "command", "command": "$HOME/bin/check-edit.sh" }]
      }`;
const OWN_POST_TOOL_USE = `    "PostToolUse": [
      {
        "matcher": "Edit|Write",
        "hooks": [{ "type": "command", "command": "npx prettier --write \\"$CLAUDE_FILE_PATHS\\"" }]
      }
    ]`;
const ORIGINAL_SETTINGS = `{
  "model": "sonnet",
  "hooks": {
${OWN_COMMENT}
    "PreToolUse": [
${OWN_PRE_TOOL_USE}
    ],
${OWN_POST_TOOL_USE}
  }
}
`;

/** The folder the agent tries to delete; listed in blastRadius.protectedResources. */
const RECORDS = 'records';
const RM = `rm -rf ${RECORDS}`;

let scratch: string;
let workspace: string;
let records: string;
const ui = new UiSession();
let page: Page;
/** The editor's isolated HOME and runtime folder (test/e2e/harness/code-server.ts isolatedEnv). */
let home: string;
let runtimeDir: string;
let claudeSettings: string;
let launcher: string;
/** Hook processes still waiting for the gate, ended if a step fails before answering them. */
const hooks = new Set<ChildProcess>();

before(async () => {
  if (skip) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-agents-'));
  workspace = path.join(scratch, 'workspace');
  records = path.join(workspace, RECORDS);
  fs.mkdirSync(records, { recursive: true });
  for (const name of ['2023.csv', '2024.csv']) fs.writeFileSync(path.join(records, name), `id,total\n1,${name.length}\n`);
  const editor = await ui.startEditor({
    label: 'agents',
    workspace,
    userSettings: { 'blastRadius.protectedResources': [records] },
  });
  home = path.join(editor.scratch, 'home');
  runtimeDir = path.join(editor.scratch, 'run');
  assert.ok(fs.existsSync(path.join(home, '.profile')), `the editor's HOME is ${home}`);
  claudeSettings = path.join(home, '.claude', 'settings.json');
  fs.mkdirSync(path.dirname(claudeSettings), { recursive: true });
  fs.writeFileSync(claudeSettings, ORIGINAL_SETTINGS);
  launcher = path.join(editor.userDataDir, 'User', 'globalStorage', 'blast-radius.blast-radius', 'bin', 'blast-radius');
  page = await ui.openWorkbench();
  // The secondary side bar (chat's place, empty here) leaves the editor too narrow for a walkthrough's
  // media, which the workbench hides below 950 px.
  await runCommand(page, 'View: Hide Secondary Side Bar');
});

after(async () => {
  if (skip) return;
  for (const hook of hooks) hook.kill('SIGKILL');
  await ui.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

// The steps use no terminal: a failure report has the screenshot only.
const scenario = scenarioRunner('agents-', () => ({ page }));

function parseSettings(text: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: false }) as Record<string, unknown>;
  assert.deepEqual(errors, [], `settings.json parses:\n${text}`);
  return value;
}

/** What the hook printed and how it exited. */
interface HookRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs a hook command as Claude Code does: `sh -c COMMAND` in the session's folder with the PreToolUse
 * input on stdin, in the user's environment (here the editor's isolated HOME and runtime folder, where
 * the window registered its gate). Asynchronous: the browser must go on answering meanwhile.
 */
function runClaudeHook(command: string, toolCommand: string): Promise<HookRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: home,
    USER: os.userInfo().username,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: runtimeDir,
    CLAUDE_PROJECT_DIR: workspace,
  };
  const payload = {
    session_id: 'e2e-session',
    transcript_path: path.join(home, '.claude', 'projects', 'e2e', 'e2e-session.jsonl'),
    cwd: workspace,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: toolCommand, description: 'Delete the old records' },
    tool_use_id: 'toolu_e2e_01',
  };
  const child = spawn('sh', ['-c', command], { cwd: workspace, env, stdio: ['pipe', 'pipe', 'pipe'] });
  hooks.add(child);
  child.once('close', () => hooks.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(JSON.stringify(payload));
  return new Promise<HookRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/** Runs a command line with bash in the workspace, as Claude Code's Bash tool does once allowed. */
function runAsAgent(line: string): Promise<number | null> {
  const child = spawn('bash', ['-c', line], { cwd: workspace, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
}

/** The PreToolUse command entry Blast Radius added (the one that names the launcher). */
function installedHookCommand(): string {
  const settings = parseSettings(fs.readFileSync(claudeSettings, 'utf8')) as { hooks: { PreToolUse: Array<{ matcher?: string; hooks: Array<{ command: string }> }> } };
  const ours = settings.hooks.PreToolUse.filter((e) => e.hooks.some((h) => h.command.includes('hook --agent claude-code')));
  assert.equal(ours.length, 1, 'one Blast Radius entry');
  return ours[0].hooks[0].command;
}

/**
 * Waits for a notification, read in the notifications center: the smoke-test driver the harness turns
 * on suppresses toasts. Clears it afterwards so the next step starts with none.
 */
async function expectNotification(text: string, shot: string): Promise<void> {
  await runCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  // Expanded, so the screenshot shows the whole message (a collapsed one is cut at one line).
  const expand = item.locator('.codicon-notifications-expand');
  if (await expand.isVisible()) await expand.click();
  await screenshot(page, shot);
  // Clearing the last one closes the center.
  await runCommand(page, 'Notifications: Clear All Notifications');
  await center.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The hook's PreToolUse decision, read as Claude Code reads it. */
function decisionOf(run: HookRun): unknown {
  assert.equal(run.code, 0, `the hook exits 0 (stderr: ${run.stderr})`);
  const out = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['hookSpecificOutput'], `the hook's whole answer: ${run.stdout}`);
  return out.hookSpecificOutput;
}

describe('protecting Claude Code from the workbench', { skip, concurrency: 1 }, () => {
  test('Show What Is Gated names the six agents and the hook launcher', { timeout: STEP }, scenario('coverage', async () => {
    await runCommand(page, 'Blast Radius: Show What Is Gated');
    const view = await webviewShowing(page, 'What Blast Radius gates now');
    const text = await view.locator('body').innerText();
    for (const agent of AGENTS) {
      assert.match(text, new RegExp(`^${agent.replace(/[()]/g, '\\$&')}: not protected\\. Run Blast Radius: Protect an Agent… to add its hook\\.$`, 'm'), `${agent} is listed as not protected`);
    }
    assert.ok(text.includes(`Hooks run the launcher ${launcher},`), `the view names the launcher ${launcher}:\n${text}`);
    assert.equal(fs.statSync(launcher).mode & 0o777, 0o700, 'the launcher is there, executable by its owner only');
    await screenshot(page, 'agents-show-what-is-gated');
    await runCommand(page, 'View: Close All Editors');
  }));

  test('Protect an Agent… → Claude Code → user: the diff, the modal, Write; the file keeps its comment and other hooks', { timeout: STEP }, scenario('protect', async () => {
    await runCommand(page, 'Blast Radius: Protect an Agent…');
    await pickQuickItem(page, 'Claude Code');
    await pickQuickItem(page, 'Your user account (every project)');
    const diff = page.locator('.monaco-diff-editor');
    await diff.locator('.editor.modified', { hasText: 'hook --agent claude-code' }).waitFor({ timeout: 30_000 });
    const dialog = await modalDialog(page);
    assert.equal(await dialog.locator('.dialog-message-text').innerText(), 'Add the Blast Radius hook for Claude Code to ~/.claude/settings.json?');
    const detail = await dialog.locator('.dialog-message-detail').innerText();
    assert.match(detail, /^Claude Code will ask Blast Radius before each shell command it runs;/);
    assert.ok(detail.includes(`\nThe hook runs: ${launcher} hook --agent claude-code --timeout 3600\n`), `the modal names the command the diff's long line holds:\n${detail}`);
    await screenshot(page, 'agents-protect-diff-and-modal');
    assert.equal(fs.readFileSync(claudeSettings, 'utf8'), ORIGINAL_SETTINGS, 'nothing is written before Write');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Write$/ }).click();

    const expected = `${launcher} hook --agent claude-code --timeout 3600`;
    const deadline = Date.now() + 10_000;
    while (!fs.readFileSync(claudeSettings, 'utf8').includes(expected)) {
      if (Date.now() > deadline) throw new Error(`${claudeSettings} never got the hook:\n${fs.readFileSync(claudeSettings, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const written = fs.readFileSync(claudeSettings, 'utf8');
    for (const own of [OWN_COMMENT, OWN_PRE_TOOL_USE, OWN_POST_TOOL_USE, '  "model": "sonnet",\n']) {
      assert.ok(written.includes(own), `kept byte for byte:\n${own}\n--- in ---\n${written}`);
    }
    const before = parseSettings(ORIGINAL_SETTINGS) as { model: string; hooks: { PreToolUse: unknown[]; PostToolUse: unknown[] } };
    const after = parseSettings(written) as typeof before;
    assert.deepEqual(after, {
      model: 'sonnet',
      hooks: {
        PreToolUse: [...before.hooks.PreToolUse, { matcher: 'Bash', hooks: [{ type: 'command', command: expected, timeout: 3600 }] }],
        PostToolUse: before.hooks.PostToolUse,
      },
    });
    // Plain text: a notification shows markdown's backticks as they are.
    await expectNotification(
      "Blast Radius now checks Claude Code's shell commands (hook in ~/.claude/settings.json). Claude Code reads hooks when a session starts: restart running sessions (its /hooks command lists what is loaded).",
      'agents-protect-written',
    );
    // The page is rewritten on each show: it now names the hook.
    await runCommand(page, 'Blast Radius: Show What Is Gated');
    const view = await webviewShowing(page, 'What Blast Radius gates now');
    await view.getByText('Claude Code: protected — user: ~/.claude/settings.json').waitFor({ timeout: 10_000 });
    await screenshot(page, 'agents-show-what-is-gated-protected');
    await runCommand(page, 'View: Close All Editors');
  }));

  test('the installed hook, run as Claude Code runs it: Reject → deny with the gate\'s message, the folder stays', { timeout: STEP }, scenario('hook-reject', async () => {
    const command = installedHookCommand();
    const hook = runClaudeHook(command, RM);
    const panel = await waitForRequest(page, RM);
    await panel.locator('#confirm-input').waitFor({ state: 'visible' });
    await screenshot(page, 'agents-hook-approval-panel');
    await panel.locator('#reject').click();
    const decision = decisionOf(await hook);
    assert.deepEqual(decision, { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: messages.declined(RM) });
    assert.deepEqual(fs.readdirSync(records).sort(), ['2023.csv', '2024.csv']);
  }));

  test('the installed hook again: the name typed and Approve → allow, and the command then deletes the folder', { timeout: STEP }, scenario('hook-approve', async () => {
    const hook = runClaudeHook(installedHookCommand(), RM);
    const panel = await waitForRequest(page, RM);
    await typeConfirmationAndApprove(page, panel);
    const decision = decisionOf(await hook);
    assert.deepEqual(decision, { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: messages.approved(RM) });
    assert.equal(fs.existsSync(records), true, 'the hook itself deletes nothing');
    assert.equal(await runAsAgent(RM), 0);
    assert.equal(fs.existsSync(records), false);
    await approvalPanel(page).locator('#idle').waitFor({ state: 'visible', timeout: 10_000 });
  }));

  test('Stop Protecting an Agent… → Claude Code → user → Write: the file is the original, byte for byte', { timeout: STEP }, scenario('stop', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Blast Radius: Stop Protecting an Agent…');
    await pickQuickItem(page, 'Claude Code');
    const user = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Your user account (every project)' }).first();
    await user.waitFor();
    assert.match(await user.innerText(), /protected/, 'the user scope is marked protected');
    await user.click();
    await page.locator('.monaco-diff-editor .editor.original', { hasText: 'hook --agent claude-code' }).waitFor({ timeout: 30_000 });
    const dialog = await modalDialog(page);
    assert.equal(await dialog.locator('.dialog-message-text').innerText(), 'Remove the Blast Radius hook for Claude Code from ~/.claude/settings.json?');
    await screenshot(page, 'agents-stop-diff-and-modal');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Write$/ }).click();
    const deadline = Date.now() + 10_000;
    while (fs.readFileSync(claudeSettings, 'utf8') !== ORIGINAL_SETTINGS) {
      if (Date.now() > deadline) assert.equal(fs.readFileSync(claudeSettings, 'utf8'), ORIGINAL_SETTINGS);
      await new Promise((r) => setTimeout(r, 200));
    }
    await expectNotification('Blast Radius: Claude Code no longer asks Blast Radius through ~/.claude/settings.json.', 'agents-stop-written');
  }));

  test('the walkthrough shows its four steps, each with its page', { timeout: STEP }, scenario('walkthrough', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await pickQuickItem(page, 'Get Started with Blast Radius');
    const steps = page.locator('.getting-started-step .step-title');
    await steps.first().waitFor({ timeout: 30_000 });
    assert.deepEqual(await steps.allInnerTexts(), ['See what is gated now', 'Protect an agent', 'Protect a resource', 'Read the audit log']);
    const pages: Array<[step: string, heading: string, shows: string]> = [
      ['See what is gated now', 'What Blast Radius gates now', 'Show What Is Gated lists each route'],
      ['Protect an agent', 'Protect an agent', 'Claude Code (PreToolUse, matcher Bash): user ~/.claude/settings.json, workspace .claude/settings.local.json'],
      ['Protect a resource', 'Protect a resource', '"git://origin/refs/heads/main",'],
      ['Read the audit log', 'Read the audit log', 'Show Audit Log opens it, newest first.'],
    ];
    for (const [i, [step, heading, shows]] of pages.entries()) {
      await page.locator('.getting-started-step', { has: page.locator('.step-title', { hasText: step }) }).click();
      const media = await webviewShowing(page, heading);
      assert.ok(await media.locator('h1', { hasText: heading }).isVisible(), `the ${step} page renders its heading`);
      // A person cannot scroll a step's page sideways: nothing may stick out of it (a wide table did).
      const overflow = await media.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
      assert.ok(overflow.scroll <= overflow.client, `the ${step} page fits its width (${overflow.scroll} > ${overflow.client} px)`);
      assert.ok((await media.locator('body').innerText()).includes(shows), `the ${step} page shows ${shows}`);
      await screenshot(page, `agents-walkthrough-${i + 1}`);
      // A long page scrolls under the wheel, down to its last line.
      const last = media.locator('body > :last-child');
      const box = await page.locator('.getting-started-media').boundingBox();
      assert.ok(box, 'the step page has a place on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 5000);
      await media.waitForFunction('(() => { const r = document.body.lastElementChild.getBoundingClientRect(); return r.bottom <= window.innerHeight + 1; })()', undefined, { timeout: 5000 }).catch(async () => {
        await screenshot(page, `agents-walkthrough-${i + 1}-end`);
        assert.fail(`the end of the ${step} page cannot be scrolled into view: ${await last.innerText()}`);
      });
      if (i === 1) await screenshot(page, `agents-walkthrough-${i + 1}-end`);
    }
  }));
});
