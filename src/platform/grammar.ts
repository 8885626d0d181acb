/** Where the tree-sitter wasm files are: beside the bundle once built, in node_modules when run from source. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function grammarDir(): string {
  if (fs.existsSync(path.join(__dirname, 'tree-sitter-bash.wasm'))) return __dirname;
  // Compiled tests run from out/…: find the package in the nearest node_modules above.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
    if (fs.existsSync(path.join(candidate, 'tree-sitter-bash.wasm'))) return candidate;
  }
  throw new Error('the bash grammar (tree-sitter-bash.wasm) is missing from this installation');
}
