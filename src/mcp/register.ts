/**
 * Offers the Blast Radius MCP server to VS Code's own MCP support (agent mode lists its tools): a
 * stdio server run by VS Code's node (the editor binary with ELECTRON_RUN_AS_NODE=1) on dist/mcp.js,
 * in the first workspace folder. Editors without the MCP API (older VS Code, some forks) get nothing,
 * and a line in the log says so; other MCP clients are configured by hand (README).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const MCP_PROVIDER_ID = 'blastRadius.mcp';

export function registerMcpServer(extensionUri: vscode.Uri, version: string, log: (line: string) => void): vscode.Disposable {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof vscode.McpStdioServerDefinition !== 'function') {
    log('this editor has no MCP server API; the Blast Radius MCP server can still be added to MCP clients by hand (see the README)');
    return new vscode.Disposable(() => undefined);
  }
  const changed = new vscode.EventEmitter<void>();
  const provider = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const server = new vscode.McpStdioServerDefinition('Blast Radius', process.execPath, [path.join(extensionUri.fsPath, 'dist', 'mcp.js')], serverEnv(), version);
      // The server's working directory is run_command's default cwd, and picks this window's gate first.
      server.cwd = vscode.workspace.workspaceFolders?.[0]?.uri;
      return [server];
    },
  });
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  return vscode.Disposable.from(provider, folders, changed);
}

/** Run the editor binary as plain node; find the gate registry where this window registered (null unsets). */
function serverEnv(): Record<string, string | null> {
  return { ELECTRON_RUN_AS_NODE: '1', XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? null };
}
