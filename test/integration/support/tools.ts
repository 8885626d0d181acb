/**
 * Real peers for integration tests. A test that needs a tool fails in CI (`CI=true`) when it is missing,
 * and is skipped with the reason printed elsewhere (TESTING.md).
 */
import { execFileSync } from 'node:child_process';

export function which(tool: string): string | undefined {
  try {
    return execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Returns a skip reason (string) for node:test, or false when every tool is present; throws in CI. */
export function needs(...tools: string[]): string | false {
  const missing = tools.filter((t) => !which(t));
  if (missing.length === 0) return false;
  const reason = `missing ${missing.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${reason}: CI must install it (.ci/run)`);
  return reason;
}
