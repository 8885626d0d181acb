/**
 * The audit log in VS Code: a read-only plain-text document (a content provider on its own scheme, so
 * there is nothing to save and no markup is interpreted) and a verification command. Messages carry
 * only our own words and line numbers, never text from the log.
 */
import * as vscode from 'vscode';
import type { AuditHead, AuditLog } from '../audit/log';
import { renderAuditLog } from '../audit/render';

export const AUDIT_SCHEME = 'blast-radius-audit';
const AUDIT_URI = vscode.Uri.from({ scheme: AUDIT_SCHEME, path: '/Blast Radius Audit Log' });
/** The view shows the most recent records; the file holds them all. */
const SHOWN_RECORDS = 500;

class AuditDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: AuditLog) {}

  async provideTextDocumentContent(): Promise<string> {
    const [verification, records] = await Promise.all([this.log.verify(), this.log.read({ last: SHOWN_RECORDS })]);
    return renderAuditLog(records, { file: this.log.file, verification, last: SHOWN_RECORDS });
  }

  refresh(): void {
    this.changed.fire(AUDIT_URI);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

let registered: { log: AuditLog; provider: AuditDocumentProvider; registration: vscode.Disposable } | undefined;

/** Registers the document provider; call once in activate() and add the result to the subscriptions. */
export function registerAuditView(log: AuditLog): vscode.Disposable {
  registered?.registration.dispose();
  const provider = new AuditDocumentProvider(log);
  const registration = vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, provider), provider);
  const current = { log, provider, registration };
  registered = current;
  return new vscode.Disposable(() => {
    registration.dispose();
    if (registered === current) registered = undefined;
  });
}

/** Opens (or refreshes) the audit log document. */
export async function showAuditLog(log: AuditLog): Promise<void> {
  if (registered?.log !== log) registerAuditView(log);
  registered?.provider.refresh();
  let doc = await vscode.workspace.openTextDocument(AUDIT_URI);
  if (doc.languageId !== 'plaintext') doc = await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** Checks the chain: an information message when intact, a modal error naming the line when not. */
export async function verifyAuditLog(log: AuditLog, expect?: AuditHead): Promise<boolean> {
  let result;
  try {
    result = await log.verify({ expect });
  } catch (e) {
    await vscode.window.showErrorMessage('Blast Radius could not read the audit log.', { modal: true, detail: e instanceof Error ? e.message : String(e) });
    return false;
  }
  if (result.ok) {
    void vscode.window.showInformationMessage(`Blast Radius audit log verified: ${result.records} record${result.records === 1 ? '' : 's'}, chain intact.`);
    return true;
  }
  await vscode.window.showErrorMessage(`The Blast Radius audit log was tampered with or damaged at line ${result.line}.`, {
    modal: true,
    detail: `${result.problem}\n\nRecords before line ${result.line} verified (${result.records}). File: ${log.file}`,
  });
  return false;
}
