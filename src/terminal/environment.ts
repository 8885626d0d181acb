/**
 * Puts the shims in front of every terminal this window creates (agents' hidden terminals and tasks
 * included) and tells them how to reach the gate. Applied at process creation and again at shell
 * integration, so rc files that rebuild PATH cannot push the shims back. Not persisted: the socket and
 * token belong to this window's session.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface TerminalEnvironment {
  shimDir: string;
  socket: string;
  token: string;
  /** VS Code's own Node (run with ELECTRON_RUN_AS_NODE=1 by the shims). */
  node: string;
  /** dist/shim-client.js */
  client: string;
}

export function applyTerminalEnvironment(collection: vscode.GlobalEnvironmentVariableCollection, env: TerminalEnvironment | undefined): void {
  collection.clear();
  collection.persistent = false;
  if (!env) {
    collection.description = undefined;
    return;
  }
  collection.description = 'Blast Radius checks agents\u2019 commands before they run';
  const at = { applyAtProcessCreation: true, applyAtShellIntegration: true };
  collection.prepend('PATH', env.shimDir + path.delimiter, at);
  collection.replace('BLAST_RADIUS_SHIMS', env.shimDir, at);
  collection.replace('BLAST_RADIUS_IPC', env.socket, at);
  collection.replace('BLAST_RADIUS_TOKEN', env.token, at);
  collection.replace('BLAST_RADIUS_NODE', env.node, at);
  collection.replace('BLAST_RADIUS_CLIENT', env.client, at);
}
