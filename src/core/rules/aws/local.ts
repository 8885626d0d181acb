/**
 * Local files the CLI writes (downloads, kubeconfig, ~/.aws): a write is easy to undo when it lands in
 * the workspace or a temporary folder. A path known only at run time could be anywhere.
 */
import type { AnalysisContext, Change, Target } from '../../model';
import type { Word } from '../../shell/command';
import { isInside, resolvePath } from '../support';

const TEMP_DIRS = ['/tmp', '/var/tmp', '/private/tmp', '/dev/shm'];

export function isOwned(ctx: AnalysisContext, absolute: string): boolean {
  const tmp = ctx.env?.TMPDIR;
  return [...(ctx.workspaceRoots ?? []), ...TEMP_DIRS, ...(tmp ? [tmp] : [])].some((dir) => isInside(absolute, dir));
}

/** The standard streams: `-` means stdin or stdout to the CLI. */
export function isStream(value: string): boolean {
  return value === '-' || value === '/dev/null' || value === '/dev/stdout' || value === '/dev/stderr';
}

export function localTarget(ctx: AnalysisContext, w: Word, change: Change, kind: string): Target {
  const t: Target = { id: resolvePath(ctx, w.value), change, kind };
  if (w.dynamic) t.unresolved = ['path'];
  return t;
}

export function ownedWrite(ctx: AnalysisContext, w: Word): boolean {
  return !w.dynamic && isOwned(ctx, resolvePath(ctx, w.value));
}
