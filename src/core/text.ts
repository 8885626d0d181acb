/**
 * Text written by agents (and by remote systems) is hostile wherever it is shown: control characters
 * can repaint a terminal, bidi overrides and invisible characters can make a command read differently
 * from what it is. One definition of that family, used by every plain-text surface (terminal output,
 * messages to agents, the audit view, the state documents, dialogs).
 */

/** Controls, bidi controls, zero-width and other invisible characters, separators, BOM, tag characters, lone surrogates. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f\udd00-\uddef]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `\uXXXX` for every invisible character (both halves of an astral one, as JSON writes them). */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (m) => Array.from({ length: m.length }, (_, i) => `\\u${m.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
