/**
 * Turns the parser's word nodes into the values the shell would pass to a program, as far as they can
 * be known before the command runs. Anything that expands at run time keeps its source text and marks
 * the word dynamic; command and process substitutions are handed back to the walker, because they run too.
 */
import type { SyntaxNode } from './parser';
import type { Word } from './command';

export interface WordScope {
  /** Variables assigned earlier in the same command line: a value, or null when assigned something dynamic. */
  vars: Map<string, string | null>;
  /** The environment the command line runs in, when the caller knows it. */
  env: Record<string, string | undefined>;
}

/** Called for each `$(…)`, backquote and `<(…)` found inside a word: their commands execute as well. */
export type SubstitutionSink = (statements: SyntaxNode) => void;

const GLOB = /[*?[]/;

export function evalWord(node: SyntaxNode, scope: WordScope, onSubstitution: SubstitutionSink): Word {
  switch (node.type) {
    case 'word': {
      const raw = node.text;
      // An unquoted glob expands to file names known only at run time; an escaped one does not.
      const dynamic = GLOB.test(raw.replace(/\\./g, ''));
      return { value: unescapeUnquoted(raw), dynamic };
    }
    case 'number':
    case 'variable_name':
    case 'special_variable_name':
      return { value: node.text, dynamic: node.type === 'special_variable_name' };
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: decodeAnsiC(node.text.slice(2, -1)), dynamic: false };
    case 'string':
    case 'translated_string':
      return evalDoubleQuoted(node, scope, onSubstitution);
    case 'concatenation': {
      let value = '';
      let dynamic = false;
      for (const child of node.children) {
        if (!child) continue;
        const w = evalWord(child, scope, onSubstitution);
        value += w.value;
        dynamic ||= w.dynamic;
      }
      // `{a,b}` and `{1..3}` are brace expansion: several words at run time.
      if (/\{[^}]*(,|\.\.)[^}]*\}/.test(value)) dynamic = true;
      return { value, dynamic };
    }
    case 'simple_expansion':
    case 'expansion':
      return evalExpansion(node, scope, onSubstitution);
    case 'command_substitution':
    case 'process_substitution':
      onSubstitution(node);
      return { value: node.text, dynamic: true };
    default:
      // arithmetic, arrays, brace expressions, anything new in the grammar: known only at run time.
      for (const child of node.namedChildren) {
        if (child && (child.type === 'command_substitution' || child.type === 'process_substitution')) {
          onSubstitution(child);
        }
      }
      return { value: node.text, dynamic: true };
  }
}

function evalDoubleQuoted(node: SyntaxNode, scope: WordScope, onSubstitution: SubstitutionSink): Word {
  // Literal text between the children is kept verbatim from the source, so no character is lost.
  const src = node.text;
  const base = node.startIndex;
  const open = node.type === 'translated_string' ? 2 : 1;
  let pos = base + open;
  const end = node.endIndex - 1;
  let value = '';
  let dynamic = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') continue;
    value += unescapeDoubleQuoted(src.slice(pos - base, child.startIndex - base));
    const w = evalWord(child, scope, onSubstitution);
    value += w.value;
    dynamic ||= w.dynamic;
    pos = child.endIndex;
  }
  if (end > pos) value += unescapeDoubleQuoted(src.slice(pos - base, end - base));
  return { value, dynamic };
}

function evalExpansion(node: SyntaxNode, scope: WordScope, onSubstitution: SubstitutionSink): Word {
  const named = node.namedChildren.filter((c): c is SyntaxNode => c !== null);
  // Only a bare `$NAME` / `${NAME}` has a value we can know; operators (`:-`, `#`, `/`) are left dynamic.
  if (named.length === 1 && named[0].type === 'variable_name' && isBare(node)) {
    const known = lookup(named[0].text, scope);
    if (known !== undefined) return { value: known, dynamic: false };
  }
  for (const child of named) {
    if (child.type === 'command_substitution' || child.type === 'process_substitution') onSubstitution(child);
    else if (child.type !== 'variable_name') evalWord(child, scope, onSubstitution);
  }
  return { value: node.text, dynamic: true };
}

function isBare(node: SyntaxNode): boolean {
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(node.text);
}

function lookup(name: string, scope: WordScope): string | undefined {
  if (scope.vars.has(name)) return scope.vars.get(name) ?? undefined;
  return scope.env[name];
}

/** Unquoted backslash escapes: `\x` is `x`, a backslash-newline disappears. */
export function unescapeUnquoted(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(\n|.)/g, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Inside double quotes only `\$`, `` \` ``, `\"`, `\\` and backslash-newline are escapes. */
function unescapeDoubleQuoted(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const ANSI_C: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** `$'…'` quoting: C-style escapes, including hex, octal and unicode, which evasions like to use. */
export function decodeAnsiC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/g, (m, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') {
      const code = parseInt(e.slice(1), 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    if (e[0] === 'c') return String.fromCharCode(e.charCodeAt(1) & 0x1f);
    return ANSI_C[e] ?? m;
  });
}
