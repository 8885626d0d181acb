/**
 * The bash grammar VS Code itself uses (tree-sitter, compiled to WebAssembly), loaded once per process.
 * Loading needs the two .wasm files; where they live depends on who runs the core (the bundle in dist/,
 * node_modules in tests), so the caller says where.
 */
import { Language, Parser, type Node, type Tree } from '@vscode/tree-sitter-wasm';
import * as path from 'node:path';

export type SyntaxNode = Node;
export type SyntaxTree = Tree;

export interface ShellParser {
  /** Parses one command line or script. The caller must `delete()` the tree when done with it. */
  parse(text: string): SyntaxTree;
}

let loading: Promise<ShellParser> | undefined;

/** `wasmDir` holds tree-sitter.wasm and tree-sitter-bash.wasm. Later calls reuse the first parser. */
export function loadShellParser(wasmDir: string): Promise<ShellParser> {
  loading ??= (async () => {
    await Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
    const bash = await Language.load(path.join(wasmDir, 'tree-sitter-bash.wasm'));
    const parser = new Parser();
    parser.setLanguage(bash);
    return {
      parse(text: string): SyntaxTree {
        const tree = parser.parse(text);
        if (!tree) throw new Error('the shell parser returned no tree');
        return tree;
      },
    };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
