/**
 * Where a local write lands, and how to name what it touches, for the everyday and devtools packs:
 * a write is recoverable when it lands in the workspace or a temp folder (the file-targets places),
 * and a URL is named without the secrets it can carry.
 */
import type { AnalysisContext, Change, Target } from '../model';
import type { Word } from '../shell/command';
import { fileTarget as pathTarget, pathRef, placeOf, writeRecoverable } from './file-targets';

/** Places whose content the user considers theirs or scratch: the workspace (and its output) and temp folders. */
export function ownedPlace(ctx: AnalysisContext, word: Word): boolean {
  return writeRecoverable(placeOf(pathRef(ctx, word), ctx));
}

/** Files written inside a folder (extracting, syncing, mirroring): where the folder's entries land. */
export function ownedFolder(ctx: AnalysisContext, folder: Word): boolean {
  return ownedPlace(ctx, { value: `${folder.value.replace(/\/+$/, '')}/entry`, dynamic: folder.dynamic });
}

/** Regenerable build output inside the workspace (node_modules, dist, target, ...). */
export function isRegenerable(ctx: AnalysisContext, word: Word): boolean {
  return placeOf(pathRef(ctx, word), ctx) === 'regenerable';
}

/** The null device and standard streams are not files anyone keeps. */
export function isStream(value: string): boolean {
  return value === '-' || value === '/dev/null' || value === '/dev/stdout' || value === '/dev/stderr' || value === '/dev/tty';
}

export function fileTarget(ctx: AnalysisContext, word: Word, change: Change, kind = 'file'): Target {
  return pathTarget(pathRef(ctx, word), change, kind);
}

/** Targets for files a command writes, and whether every one of them lands in an owned place. */
export function fileWrites(
  ctx: AnalysisContext,
  words: readonly Word[],
  change: Change = 'change',
  kind = 'file',
): { targets: Target[]; recoverable: boolean } {
  const kept = words.filter((w) => !isStream(w.value));
  return {
    targets: kept.map((w) => fileTarget(ctx, w, change, kind)),
    recoverable: kept.every((w) => ownedPlace(ctx, w)),
  };
}

/** Hosts that are this machine: a dev server the agent started (or a tunnel, which is why deletes still ask). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(h)
  );
}

export interface ParsedUrl {
  scheme: string;
  host: string;
  /** host[:port] as written, without credentials. */
  authority: string;
  path: string;
}

/** Reads a URL the way curl does (scheme optional), dropping credentials, query and fragment. */
export function parseUrl(text: string): ParsedUrl | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#]*)([^?#]*)/.exec(text);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const authority = m[2].replace(/^.*@/, '');
  if (!authority && scheme !== 'file') return undefined;
  const host = authority.startsWith('[') ? authority.replace(/\].*$/, ']') : authority.replace(/:\d*$/, '');
  return { scheme, host, authority, path: m[3] || '/' };
}

/** `url://host[:port]/path`: what a person recognises, never the secrets a URL can carry. */
export function urlTarget(word: Word, change: Change): Target {
  const url = parseUrl(word.value);
  if (!url) return { id: `url://${word.value}`, change, kind: 'url', unresolved: ['value'] };
  const target: Target = { id: `url://${url.authority}${url.path}`, change, kind: 'url' };
  if (word.dynamic) target.unresolved = /^\$|^[^/]*\$/.test(word.value) ? ['host'] : ['path'];
  return target;
}
