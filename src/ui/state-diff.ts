/**
 * The side-by-side view: VS Code's diff editor with the resources' current state on the left and their
 * state after the command on the right. The documents are virtual and read-only; their URIs name only
 * the request and the side, and the text is rendered from the waiting request when VS Code asks, so
 * nothing an agent or a remote service wrote ever travels in a URI.
 */
import * as vscode from 'vscode';
import type { ApprovalRequest } from '../gate/types';
import { stateDocuments, type StateDocuments } from '../preview/state-documents';
import { safeLabel } from './labels';

export const STATE_SCHEME = 'blast-radius-state';
export const SHOW_STATE_DIFF_COMMAND = 'blastRadius.showStateDiff';

type Side = 'current' | 'after';

/** Finds a request that is still waiting for a person, by id. */
export type RequestLookup = (id: string) => ApprovalRequest | undefined;

/**
 * Registers the `blast-radius-state` documents and SHOW_STATE_DIFF_COMMAND (argument: a request id).
 * `lookup` is the approval queue; a request that is no longer waiting has no documents.
 */
export function registerStateDiff(lookup: RequestLookup, log: (line: string) => void = () => {}): vscode.Disposable {
  const provider = new StateDocumentProvider(lookup);
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(STATE_SCHEME, provider),
    vscode.commands.registerCommand(SHOW_STATE_DIFF_COMMAND, async (requestId: unknown) => {
      const request = typeof requestId === 'string' && requestId.length <= 200 ? lookup(requestId) : undefined;
      if (!request) {
        log('side-by-side view: no waiting request with that id');
        void vscode.window.showInformationMessage('Blast Radius: that request is no longer waiting.');
        return;
      }
      await showStateDiff(request);
    }),
  );
}

/** Opens the diff editor for a request, beside the approval panel rather than over it. */
export async function showStateDiff(request: ApprovalRequest): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', stateUri(request.id, 'current'), stateUri(request.id, 'after'), diffTitle(request), {
    preview: true,
    viewColumn: columnAwayFromPanel(),
  } satisfies vscode.TextDocumentShowOptions);
}

/** `Blast Radius: aws — current ↔ after`, with the agent-written tool name made safe for a tab title. */
export function diffTitle(request: ApprovalRequest): string {
  const acting = request.analysis.actions.find((a) => a.effect !== 'read') ?? request.analysis.actions[0];
  const tool = safeLabel(acting?.tool ?? '', 24) || 'command';
  return `Blast Radius: ${tool} — current ↔ after`;
}

function stateUri(requestId: string, side: Side): vscode.Uri {
  // The id is the gate's own UUID; encoded anyway so it can only ever be one path segment.
  return vscode.Uri.from({ scheme: STATE_SCHEME, path: `/${encodeURIComponent(requestId)}/${side}` });
}

class StateDocumentProvider implements vscode.TextDocumentContentProvider {
  /** Both sides render together; keyed by the request object, so an answered request's text can go. */
  private readonly rendered = new WeakMap<ApprovalRequest, StateDocuments>();

  constructor(private readonly lookup: RequestLookup) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const match = /^\/([^/]+)\/(current|after)$/.exec(uri.path);
    if (!match) return '# Not a Blast Radius state document.\n';
    const request = this.lookup(safeDecode(match[1]));
    if (!request) return '# This request is no longer waiting for approval.\n';
    let docs = this.rendered.get(request);
    if (!docs) {
      docs = stateDocuments(request.states ?? [], request.statesOmitted ?? 0);
      this.rendered.set(request, docs);
    }
    return match[2] === 'current' ? docs.current : docs.after;
  }
}

/** The approval panel is usually the active tab when its button is clicked: do not cover it. */
function columnAwayFromPanel(): vscode.ViewColumn {
  const group = vscode.window.tabGroups.activeTabGroup;
  if (!(group.activeTab?.input instanceof vscode.TabInputWebview)) return group.viewColumn;
  return group.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
