/**
 * The markdown of a chat tool's confirmation: the decision in our own words, and everything that comes
 * from the agent or from the resources (the command, the working directory, names, facts, reasons)
 * inside code fences, where markdown, HTML and links are not interpreted. Invisible and control
 * characters are shown as escapes, and each fence is longer than any run of backticks inside it.
 * No vscode: the caller wraps the text in an untrusted MarkdownString without HTML.
 */
import type { Decision } from '../core';
import type { Preview, PreviewEntry } from '../core/preview';
import { escapeInvisible } from '../core/text';

export interface ConfirmationView {
  /** The line the gate analysed (for aws_call, its CLI equivalent). */
  command: string;
  cwd: string;
  /** For aws_call: `s3 DeleteBucket` as the agent asked for it. */
  awsCall?: string;
  decision: Decision;
  preview: Preview;
  /** Whether Continue in the chat is the approval, or the panel asks after it. */
  chatCounts: boolean;
  /** The panel will make the person type (protection, bulk): default, the decision's confirmation. */
  typed?: boolean;
}

export interface Confirmation {
  title: string;
  markdown: string;
  /** Everything the gate would show fitted; when not, the chat click cannot stand for having seen it. */
  complete: boolean;
}

const MAX_LINE = 300;
const MAX_COMMAND = 4000;
const MAX_ENTRIES = 40;
const MAX_FACTS = 6;
const MAX_REASONS = 12;
const MARK: Record<PreviewEntry['change'], string> = { destroy: '-', change: '~', create: '+', read: ' ' };

/** One line of hostile text, made inert and bounded. */
function inert(text: string, max = MAX_LINE): { text: string; cut: boolean } {
  const line = escapeInvisible(text);
  return line.length > max ? { text: `${line.slice(0, max - 1)}…`, cut: true } : { text: line, cut: false };
}

/** A fenced block that no line inside can close: its fence is longer than any backtick run in it. */
export function fenced(lines: readonly string[], info = ''): string {
  const body = lines.join('\n');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

export function confirmationMarkdown(view: ConfirmationView): Confirmation {
  let complete = true;
  const take = (text: string, max = MAX_LINE) => {
    const r = inert(text, max);
    if (r.cut) complete = false;
    return r.text;
  };
  const parts: string[] = [];
  const { decision, preview } = view;
  const what = view.awsCall ? 'AWS call' : 'command';
  const typed = view.typed ?? decision.confirmation === 'type';

  parts.push(`**Blast Radius** asks a person before this ${what} runs${typed ? ' — it needs **typed confirmation**' : ''}.`);

  const commandLines = [`# in ${take(view.cwd)}`];
  if (view.awsCall) commandLines.push(`# AWS API call ${take(view.awsCall)}, judged as:`);
  commandLines.push(take(view.command, MAX_COMMAND));
  parts.push(fenced(commandLines, 'sh'));

  const diff: string[] = [take(preview.summary)];
  for (const w of preview.where) diff.push(`  ${take(w)}`);
  for (const e of preview.entries.slice(0, MAX_ENTRIES)) {
    diff.push(`${MARK[e.change]} ${take(e.name)}  ${take(`${e.kind} · ${e.id}`)}`);
    for (const f of e.facts.slice(0, MAX_FACTS)) diff.push(`      ${take(f)}`);
    if (e.facts.length > MAX_FACTS) diff.push(`      … ${e.facts.length - MAX_FACTS} more facts`);
    if (e.protectedBy) diff.push(`      protected by ${take(e.protectedBy)}`);
  }
  if (preview.entries.length > MAX_ENTRIES) {
    diff.push(`… ${preview.entries.length - MAX_ENTRIES} more resources: the Blast Radius panel lists them all`);
    complete = false;
  }
  for (const w of preview.warnings) diff.push(`! ${take(w)}`);
  parts.push(fenced(diff, 'diff'));

  const asks = decision.reasons.filter((r) => r.verdict !== 'allow');
  if (asks.length > 0) {
    const why = asks.slice(0, MAX_REASONS).map((r) => `${r.verdict}: ${take(r.message)}`);
    if (asks.length > MAX_REASONS) {
      why.push(`… ${asks.length - MAX_REASONS} more reasons`);
      complete = false;
    }
    parts.push('Why:');
    parts.push(fenced(why, 'text'));
  }

  if (typed) {
    parts.push('It touches a protected resource or many resources: after **Continue**, the Blast Radius approval panel asks you to type the confirmation there.');
  } else if (view.chatCounts && complete) {
    parts.push('**Continue** runs it now. Blast Radius records your click as your approval of this preview.');
  } else {
    parts.push(
      'After **Continue**, Blast Radius asks again in its approval panel: VS Code can confirm chat tools on its own ' +
        '(Bypass Approvals, Autopilot, auto-approve settings), so a click here cannot be proven to be yours. **Cancel** stops it here.',
    );
  }
  return { title: view.awsCall ? 'Blast Radius: approve this AWS call?' : 'Blast Radius: approve this command?', markdown: parts.join('\n\n'), complete };
}
