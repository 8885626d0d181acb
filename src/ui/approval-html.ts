/**
 * The approval webview's HTML: a static shell with no request data in it. media/approval.js fills it
 * from the extension's messages with textContent. Only the extension's own values (nonce, resource
 * URIs, CSP source) are interpolated, and they are attribute-escaped anyway.
 */

export interface ShellResources {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export const PANEL_TITLE = 'Blast Radius: approve?';

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; form-action 'none'; base-uri 'none'`;
}

export function approvalHtml(r: ShellResources): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(r.cspSource, r.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(r.styleUri)}">
<title>${PANEL_TITLE}</title>
</head>
<body>
<main>
  <p id="idle">Nothing is waiting for approval.</p>
  <section id="request" hidden aria-labelledby="request-heading">
    <h1 id="request-heading">An agent wants to run</h1>
    <pre id="command" class="command"></pre>
    <dl class="facts">
      <dt>Agent</dt><dd id="agent"></dd>
      <dt>Directory</dt><dd id="cwd"></dd>
    </dl>
    <ul id="where" class="where"></ul>
    <p id="summary" class="summary"></p>
    <ul id="entries" class="entries" aria-label="What it would change"></ul>
    <p class="compare"><button id="compare" type="button" hidden title="Opens the resources' current state and their state after the command side by side. Answers nothing.">Compare current ↔ after</button></p>
    <section id="warnings-section" hidden>
      <h2>Warnings</h2>
      <ul id="warnings" class="warnings"></ul>
    </section>
    <h2>Why you are asked</h2>
    <ul id="reasons" class="reasons"></ul>
    <div class="decide">
    <p id="countdown" class="countdown" role="timer"></p>
    <div class="confirm">
      <label id="confirm-label" for="confirm-input"></label>
      <input id="confirm-input" type="text" autocomplete="off" spellcheck="false">
    </div>
    <div class="buttons">
      <button id="reject" type="button">Reject</button>
      <button id="approve" type="button" title="Approve with a mouse click. Enter and Space alone never approve: to use the keyboard, type the word shown above the box first.">Approve</button>
    </div>
    <p id="notice" class="notice" role="status" aria-live="polite"></p>
    </div>
  </section>
  <section id="queue-section" hidden>
    <h2 id="queue-heading"></h2>
    <ol id="queue" class="queue"></ol>
  </section>
</main>
<script nonce="${a(r.nonce)}" src="${a(r.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
