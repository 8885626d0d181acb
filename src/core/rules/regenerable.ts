/**
 * Regenerable output: folders and files that a build, a package manager or a test run recreates on its
 * own. Deleting them inside the workspace is destroy, but recoverable (the default policy allows it).
 */
import * as path from 'node:path';

/**
 * Names matched against any path segment below a workspace root (`packages/a/dist` counts).
 * Virtual environments (`.venv`, `venv`) are included: the package manager rebuilds them from the
 * project's requirements. `vendor` and `bin` are left out: projects often commit them by hand.
 */
export const REGENERABLE_NAMES: ReadonlySet<string> = new Set([
  // JavaScript / TypeScript
  'node_modules', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache', '.angular',
  'coverage', '.nyc_output', '.eslintcache',
  // Python
  '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.venv', 'venv',
  // JVM, Rust, Swift, Dart, Terraform
  'target', '.gradle', '.build', 'DerivedData', '.dart_tool', '.terraform',
  // generic caches
  '.cache',
]);

/** Suffixes of generated files and folders (`pkg.egg-info`, `tsconfig.tsbuildinfo`, `mod.pyc`). */
export const REGENERABLE_SUFFIXES: readonly string[] = ['.egg-info', '.tsbuildinfo', '.pyc', '.pyo'];

export function isRegenerableName(name: string): boolean {
  return REGENERABLE_NAMES.has(name) || REGENERABLE_SUFFIXES.some((s) => name.endsWith(s) && name.length > s.length);
}

/**
 * Is the absolute path `p` regenerable output: strictly inside one of the workspace roots, with a
 * regenerable segment between the root and `p` (the root itself never counts).
 */
export function isRegenerableOutput(p: string, workspaceRoots: readonly string[]): boolean {
  for (const root of workspaceRoots) {
    const rel = path.posix.relative(root, p);
    if (rel === '' || rel.startsWith('..') || path.posix.isAbsolute(rel)) continue;
    if (rel.split('/').some(isRegenerableName)) return true;
  }
  return false;
}
