/**
 * "Blast Radius: Show What Is Gated": one page that says which routes an agent's command can take
 * through Blast Radius right now, and which it cannot: terminal shims, agents' hooks (installed where),
 * the chat and MCP tools, and which AWS credentials agents' terminals hold. Read from the files and the
 * extension's own manifest each time it is opened, so it shows what is, not what was intended.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allInstallers, type HookScope, type Locations } from '../hooks/install';
import { readConfig } from '../hooks/install/config-file';
import { displayPath } from '../hooks/install/model';
import { shellQuote } from '../hooks/launcher';
import { SHIM_HEADER } from '../shim/scripts';

export interface CoverageTarget {
  scope: HookScope;
  where: Locations;
  label: string;
}

export interface CoverageInput {
  extension: vscode.Extension<unknown>;
  shimDir: string;
  /** The hook launcher, when it could be written. */
  launcher: string | undefined;
  locations: CoverageTarget[];
  /** The mode the gate applies (the guarded settings), which a raw read of the setting may not be. */
  agentCredentials: 'scoped' | 'passthrough';
}


const SCHEME = 'blast-radius-coverage';
const PAGE = vscode.Uri.from({ scheme: SCHEME, path: '/What Is Gated.md' });

/**
 * The page as a read-only virtual document, rewritten on each show: an untitled one would be a dirty
 * editor that asks the person to save it when they close it.
 */
export class CoverageView implements vscode.Disposable {
  private text = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly provider = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    onDidChange: this.changed.event,
    provideTextDocumentContent: () => this.text,
  });

  async show(input: CoverageInput): Promise<void> {
    this.text = await coverageMarkdown(input);
    this.changed.fire(PAGE);
    const doc = await vscode.workspace.openTextDocument(PAGE);
    await vscode.commands.executeCommand('markdown.showPreview', PAGE).then(undefined, () => vscode.window.showTextDocument(doc));
  }

  dispose(): void {
    this.provider.dispose();
    this.changed.dispose();
  }
}

export async function coverageMarkdown(input: CoverageInput): Promise<string> {
  const out: string[] = ['# What Blast Radius gates now', ''];
  const home = input.locations[0]?.where.home ?? '';

  const shims = await countShims(input.shimDir);
  out.push('## Terminals', '');
  out.push(
    shims > 0
      ? `- **${shims} tools** are intercepted in VS Code's integrated terminals (shims in ${code(displayPath(input.shimDir, home))}). Terminals opened before Blast Radius started do not have them.`
      : `- **No terminal shims** are installed (${code(displayPath(input.shimDir, home))}): commands in terminals are not checked. See the Blast Radius output.`,
    '',
  );

  out.push('## Agents that run commands in their own processes (hooks)', '');
  out.push(
    input.launcher
      ? `Hooks run the launcher ${code(displayPath(input.launcher, home))}, which Blast Radius rewrites each time it starts so that it runs the version installed now.`
      : 'The hook launcher could not be written, so no hook can run. See the Blast Radius output.',
    '',
  );
  for (const installer of allInstallers()) {
    const places: string[] = [];
    for (const t of input.locations) {
      let file: string;
      try {
        file = installer.configPath(t.scope, t.where);
      } catch {
        continue;
      }
      try {
        const commands = installer.installedCommands(await readConfig(file));
        if (commands.length === 0) continue;
        const stale = input.launcher !== undefined && !commands.some((c) => c.startsWith(`${shellQuote(input.launcher!)} `));
        places.push(`${t.scope === 'user' ? 'user' : t.label}: ${code(displayPath(file, home))}${stale ? ' (runs another launcher: protect it again from here to update it)' : ''}`);
      } catch (e) {
        places.push(`${code(displayPath(file, home))} cannot be read (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    out.push(places.length > 0 ? `- **${installer.displayName}**: protected — ${places.join('; ')}` : `- **${installer.displayName}**: not protected. Run *Blast Radius: Protect an Agent…* to add its hook.`);
  }
  out.push('');

  const manifest = input.extension.packageJSON as {
    contributes?: {
      languageModelTools?: Array<{ name?: string }>;
      mcpServerDefinitionProviders?: Array<{ id?: string; label?: string }>;
      configuration?: { properties?: Record<string, unknown> };
    };
  };
  out.push('## Tools Blast Radius offers agents', '');
  const declared = (manifest.contributes?.languageModelTools ?? []).map((t) => t.name).filter((n): n is string => typeof n === 'string');
  if (declared.length === 0) {
    out.push('- Chat tools: none in this version.');
  } else {
    const registered = new Set(vscode.lm.tools.map((t) => t.name));
    out.push(`- Chat tools for agent mode: ${declared.map((n) => `${code(n)}${registered.has(n) ? '' : ' (not registered in this window)'}`).join(', ')}. Approval happens in the chat and again in the tool.`);
  }
  const mcp = manifest.contributes?.mcpServerDefinitionProviders ?? [];
  out.push(
    mcp.length > 0
      ? `- MCP server: offered to VS Code as ${mcp.map((p) => code(p.label ?? p.id ?? '?')).join(', ')}; other MCP clients (Claude Code, Cursor, Cline, …) need it added to their own MCP config (see the README).`
      : '- MCP server: none in this version.',
    '',
  );

  out.push('## AWS credentials in agents\' terminals', '');
  if (manifest.contributes?.configuration?.properties?.['blastRadius.aws.agentCredentials'] !== undefined) {
    out.push(
      input.agentCredentials === 'scoped'
        ? '- **scoped**: agents\' terminals hold short-lived credentials that AWS itself refuses for destructive actions you have not approved.'
        : `- **passthrough**: agents' terminals hold your own AWS credentials; only the shims and hooks stand between an agent and AWS. Set ${code('blastRadius.aws.agentCredentials')} to ${code('scoped')} to let AWS refuse unapproved deletions too.`,
    );
  } else {
    out.push('- Agents\' terminals hold your own AWS credentials (scoped credentials are not available in this version).');
  }
  out.push('', '## What no route covers', '', '- Commands an agent runs in a process Blast Radius has no hook or shim in (an agent not listed above, a terminal opened outside VS Code).', '');
  return out.join('\n');
}

async function countShims(dir: string): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let count = 0;
  for (const name of names) {
    const head = await readHead(path.join(dir, name));
    if (head.startsWith(SHIM_HEADER)) count++;
  }
  return count;
}

async function readHead(file: string): Promise<string> {
  const handle = await fs.open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch {
    return '';
  } finally {
    await handle.close();
  }
}

/** Inline code that survives backticks in the text (the fence is longer than any run inside). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}
