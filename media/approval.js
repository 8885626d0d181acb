// The approval webview. Shows the request the extension sends (src/ui/approval-protocol.ts) and posts
// the person's answer. Every piece of request text is set with textContent, never as HTML.
// Approve counts only from a pointer click, or from the keyboard after typing a word: Enter or Space
// pressed by accident can never approve. The extension checks all of it again on receipt.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();

  /** Approve stays off this long after a new request appears, so a click meant for the previous one cannot land on it. */
  const APPROVE_ARMING_MS = 1000;
  /** The word a keyboard user types when a click would do (KEYBOARD_APPROVE_WORD in approval-protocol.ts). */
  const KEYBOARD_WORD = 'approve';
  const SIGNS = { destroy: '-', change: '~', create: '+', read: ' ' };

  const el = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const approve = /** @type {HTMLButtonElement} */ (el('approve'));
  const reject = /** @type {HTMLButtonElement} */ (el('reject'));
  const input = /** @type {HTMLInputElement} */ (el('confirm-input'));
  const compare = /** @type {HTMLButtonElement} */ (el('compare'));

  /** The request on screen, as the extension sent it. */
  let shown = null;
  let deadline = 0;
  let armedAt = 0;
  /** An answer was posted for `shown`; wait for the extension. */
  let sent = false;
  let armTimer = 0;

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'state') render(m);
    else if (m.type === 'refused' && typeof m.message === 'string') refused(m.message);
  });

  reject.addEventListener('click', () => {
    if (!shown || sent) return;
    answer({ type: 'reject', requestId: shown.id, previewHash: shown.previewHash });
  });

  approve.addEventListener('click', (event) => {
    if (!shown || sent) return;
    // A real mouse or touch click has detail ≥ 1; Enter, Space and scripted clicks have 0.
    const via = event.detail > 0 ? 'pointer' : 'keyboard';
    const problem = approveProblem(via);
    if (problem) {
      notice(problem);
      return;
    }
    answer({ type: 'approve', requestId: shown.id, previewHash: shown.previewHash, via, typed: input.value });
  });

  input.addEventListener('input', updateApprove);

  // Opens the side-by-side view; it answers nothing, so it needs no arming.
  compare.addEventListener('click', () => {
    if (shown && shown.canCompare === true) vscode.postMessage({ type: 'diff', requestId: shown.id });
  });

  setInterval(tick, 1000);
  vscode.postMessage({ type: 'ready' });

  function render(state) {
    const r = state.request;
    const waiting = Array.isArray(state.waiting) ? state.waiting : [];
    el('idle').hidden = r !== null;
    el('idle').textContent = waiting.some((w) => w.resolving === true)
      ? 'A command is coming: Blast Radius is reading the live state of what it would touch.'
      : 'Nothing is waiting for approval.';
    el('request').hidden = r === null;
    renderQueue(waiting, r !== null);
    if (!r) {
      shown = null;
      return;
    }
    // The same request sent again (the queue changed): keep what the person typed, do not re-arm.
    if (shown && shown.id === r.id && shown.previewHash === r.previewHash) return;
    shown = r;
    sent = false;
    deadline = Date.now() + r.remainingMs;
    armedAt = Date.now() + APPROVE_ARMING_MS;

    el('command').textContent = r.command;
    el('agent').textContent = r.agent;
    el('cwd').textContent = r.cwd;
    fillList(el('where'), r.where, (li, w) => (li.textContent = w));
    el('summary').textContent = r.summary;
    fillList(el('entries'), r.entries, entryItem);
    compare.hidden = r.canCompare !== true;
    fillList(el('warnings'), r.warnings, (li, w) => (li.textContent = w));
    el('warnings-section').hidden = r.warnings.length === 0;
    fillList(el('reasons'), r.reasons, reasonItem);

    input.value = '';
    el('confirm-label').textContent =
      r.confirmation === 'type'
        ? `Type ${r.typeToConfirm ?? ''} to approve`
        : `Using the keyboard? Type ${KEYBOARD_WORD} here, then activate Approve. With a mouse, just click.`;
    notice('');
    reject.disabled = false;
    clearTimeout(armTimer);
    armTimer = setTimeout(updateApprove, APPROVE_ARMING_MS);
    updateApprove();
    tick();
  }

  function entryItem(li, e) {
    li.className = `entry ${e.change}`;
    const sign = document.createElement('span');
    sign.className = 'sign';
    sign.textContent = SIGNS[e.change] ?? '?';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = e.name;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = e.kind;
    li.append(sign, name, ' ', kind);
    if (e.id !== e.name) {
      const id = document.createElement('div');
      id.className = 'id';
      id.textContent = e.id;
      li.append(id);
    }
    for (const f of e.facts) li.append(line('fact', f));
    if (e.protectedBy !== undefined) li.append(line('protected', `protected by ${e.protectedBy}`));
  }

  function reasonItem(li, r) {
    li.className = `reason ${r.verdict}`;
    const rule = document.createElement('code');
    rule.textContent = r.rule;
    li.append(rule, ' ', r.message);
  }

  function renderQueue(waiting, showing) {
    el('queue-section').hidden = waiting.length === 0;
    el('queue-heading').textContent = showing ? `${waiting.length} more waiting` : 'Coming up';
    fillList(el('queue'), waiting, (li, w) => {
      li.className = 'command';
      if (w.resolving === true) {
        const label = document.createElement('span');
        label.className = 'resolving';
        label.textContent = 'reading live state… ';
        li.append(label, w.command);
      } else {
        li.textContent = w.command;
      }
    });
  }

  function fillList(list, items, fill) {
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        fill(li, item);
        return li;
      }),
    );
  }

  function line(className, text) {
    const div = document.createElement('div');
    div.className = className;
    div.textContent = text;
    return div;
  }

  /** Why Approve cannot count now, or '' when it can. */
  function approveProblem(via) {
    if (!shown) return 'Nothing is waiting.';
    if (Date.now() < armedAt) return 'Approve is enabled a moment after a request appears. Read it, then approve.';
    if (Date.now() >= deadline) return 'This request timed out and the command was blocked.';
    if (shown.confirmation === 'type') {
      return input.value === shown.typeToConfirm ? '' : `Type ${shown.typeToConfirm ?? ''} exactly to approve.`;
    }
    if (via === 'keyboard' && input.value !== KEYBOARD_WORD) {
      return `Enter and Space alone never approve. Type ${KEYBOARD_WORD} in the box first, or click Approve with the mouse.`;
    }
    return '';
  }

  function updateApprove() {
    approve.disabled =
      !shown || sent || Date.now() < armedAt || Date.now() >= deadline || (shown.confirmation === 'type' && input.value !== shown.typeToConfirm);
  }

  function answer(message) {
    sent = true;
    approve.disabled = true;
    reject.disabled = true;
    notice(message.type === 'approve' ? 'Approved. Waiting for the gate…' : 'Rejected.');
    vscode.postMessage(message);
  }

  function refused(message) {
    sent = false;
    reject.disabled = !shown;
    updateApprove();
    notice(message);
  }

  function notice(text) {
    el('notice').textContent = text;
  }

  function tick() {
    if (!shown) return;
    const left = Math.max(0, deadline - Date.now());
    const s = Math.ceil(left / 1000);
    el('countdown').textContent =
      left > 0
        ? `Blocked automatically in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} unless you approve.`
        : 'Timed out: the command was blocked.';
    el('countdown').classList.toggle('urgent', left > 0 && left < 30_000);
    if (left === 0) updateApprove();
  }
})();
