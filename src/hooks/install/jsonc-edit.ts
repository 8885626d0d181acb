/**
 * Edits a JSON-with-comments config in place: adds, replaces or removes one value and leaves every other
 * byte as it was (comments, blank lines, key order, other people's entries, the file's indentation and
 * line endings). jsonc-parser parses and applies the edits; the edits themselves are computed here,
 * because its `modify` re-formats the whole line an insertion lands on (it expands the neighbouring
 * entry and moves its trailing comment), which would rewrite entries that are not ours.
 */
import { applyEdits, type Edit, type Node, parseTree, printParseErrorCode, type ParseError, type Segment } from 'jsonc-parser';
import { ConfigError } from './model';

export type JsonPath = Array<string | number>;

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

export class JsonConfig {
  private root: Node | undefined;
  private readonly eol: string;
  private readonly unit: string;

  /** Throws ConfigError when `text` is not JSON with comments, or its top level is not an object. */
  constructor(
    public text: string,
    private readonly file: string,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.unit = indentUnit(text);
    this.root = this.parse();
  }

  /** The value at `path`, or undefined. */
  value(path: JsonPath): unknown {
    const node = this.node(path);
    return node === undefined ? undefined : nodeValue(node);
  }

  /** The node's kind at `path` (`object`, `array`, `string`, ...), or undefined when there is none. */
  kind(path: JsonPath): string | undefined {
    return this.node(path)?.type;
  }

  /** How many elements the array at `path` has (0 when there is no array). */
  length(path: JsonPath): number {
    const node = this.node(path);
    return node?.type === 'array' ? (node.children?.length ?? 0) : 0;
  }

  /** Refuses, with a message naming the file and the key, when `path` holds something other than `kind`. */
  expect(path: JsonPath, kind: 'object' | 'array', what: string): void {
    const found = this.kind(path);
    if (found !== undefined && found !== kind) {
      throw new ConfigError(`${this.file}: ${what} is ${article(found)}, not ${article(kind)}; Blast Radius does not change a file it cannot read the way the agent does`);
    }
  }

  /** Sets `path` to `value`: replaces what is there, or adds it (and any missing parent objects). */
  set(path: JsonPath, value: unknown): void {
    const existing = this.node(path);
    if (existing) {
      if (deepEqual(nodeValue(existing), value)) return;
      this.apply([{ offset: existing.offset, length: existing.length, content: this.render(value, lineIndent(this.text, existing.offset)) }]);
      return;
    }
    // The deepest object that exists on the path gets one new property holding the rest.
    let depth = path.length - 1;
    while (depth > 0 && !this.node(path.slice(0, depth))) depth--;
    const parentPath = path.slice(0, depth);
    let rest: unknown = value;
    for (let i = path.length - 1; i > depth; i--) rest = { [path[i] as string]: rest };
    const key = path[depth];
    if (typeof key !== 'string') throw new Error(`cannot create array element ${String(key)} by setting it`);
    if (!this.root) {
      this.createDocument({ [key]: rest });
      return;
    }
    const parent = this.node(parentPath);
    if (parent?.type !== 'object') throw new ConfigError(`${this.file}: ${parentPath.join('.') || 'the top level'} is not an object`);
    const colon = /":\s/.test(this.text) || !/":/.test(this.text) ? ': ' : ':';
    this.insertChild(parent, (indent) => `${JSON.stringify(key)}${indent === null ? colon : ': '}${this.render(rest, indent)}`);
  }

  /** Appends `value` to the array at `path`, creating the array (and missing parent objects) if needed. */
  append(path: JsonPath, value: unknown): void {
    const array = this.node(path);
    if (!array) {
      this.set(path, [value]);
      return;
    }
    if (array.type !== 'array') throw new ConfigError(`${this.file}: ${path.join('.')} is not an array`);
    this.insertChild(array, (indent) => this.render(value, indent));
  }

  /** Removes the property or array element at `path`; nothing when it is not there. */
  remove(path: JsonPath): void {
    const node = this.node(path);
    if (!node?.parent) return;
    // A property's node is its value; the parent object's child is the key-value pair.
    const child = node.parent.type === 'property' ? node.parent : node;
    const container = child.parent!;
    const siblings = container.children ?? [];
    const index = siblings.indexOf(child);
    const start = child.offset;
    const end = child.offset + child.length;
    const edits: Edit[] = [];
    if (siblings.length === 1) {
      // The only child: the container becomes empty; comments inside it stay.
      const open = container.offset + 1;
      const close = container.offset + container.length - 1;
      if (isBlank(this.text.slice(open, start)) && isBlank(trailingComma(this.text.slice(end, close)))) {
        edits.push({ offset: open, length: close - open, content: '' });
      } else {
        const from = start - whitespaceBefore(this.text, start);
        edits.push({ offset: from, length: end + commaAfter(this.text, end, close) - from, content: '' });
      }
    } else if (index < siblings.length - 1) {
      // Not the last: it goes with its comma, up to where the next child starts.
      edits.push({ offset: start, length: siblings[index + 1].offset - start, content: '' });
    } else {
      // The last: it goes with the comma before it. Comments between the two stay with the previous child.
      const prevEnd = siblings[index - 1].offset + siblings[index - 1].length;
      const between = this.text.slice(prevEnd, start);
      if (!between.includes('//') && !between.includes('/*')) {
        edits.push({ offset: prevEnd, length: end - prevEnd, content: '' });
      } else {
        const comma = prevEnd + between.indexOf(',');
        if (comma >= prevEnd) edits.push({ offset: comma, length: 1, content: '' });
        const from = start - whitespaceBefore(this.text, start);
        edits.push({ offset: from, length: end - from, content: '' });
      }
    }
    this.apply(edits);
  }

  private node(path: JsonPath): Node | undefined {
    if (!this.root) return undefined;
    if (path.length === 0) return this.root;
    return findNode(this.root, path);
  }

  private parse(): Node | undefined {
    const errors: ParseError[] = [];
    const root = parseTree(this.text, errors, PARSE_OPTIONS);
    if (errors.length > 0) {
      const e = errors[0];
      const { line, column } = position(this.text, e.offset);
      throw new ConfigError(`${this.file} is not valid JSON (line ${line}, column ${column}: ${describe(printParseErrorCode(e.error))}); Blast Radius left it unchanged. Fix the file, then try again.`);
    }
    if (root && root.type !== 'object') {
      throw new ConfigError(`${this.file} holds ${article(root.type)} at the top level, not an object; Blast Radius left it unchanged`);
    }
    return root;
  }

  private apply(edits: Edit[]): void {
    this.text = applyEdits(this.text, edits);
    try {
      this.root = this.parse();
    } catch (e) {
      throw new Error(`internal error: an edit made ${this.file} unreadable (${String(e)})`);
    }
  }

  /** A document that had no JSON value yet (empty, or only comments). */
  private createDocument(value: unknown): void {
    const head = this.text.trimEnd();
    this.text = (head === '' ? '' : head + this.eol) + this.render(value, '') + this.eol;
    this.root = this.parse();
  }

  /** Adds a child at the end of an object or array, in the container's own layout. */
  private insertChild(container: Node, content: (indent: string | null) => string): void {
    const children = container.children ?? [];
    if (children.length === 0) {
      const open = container.offset + 1;
      const close = container.offset + container.length - 1;
      const outer = lineIndent(this.text, container.offset);
      const inner = outer + this.unit;
      if (isBlank(this.text.slice(open, close))) {
        this.apply([{ offset: open, length: close - open, content: this.eol + inner + content(inner) + this.eol + outer }]);
      } else {
        this.apply([{ offset: open, length: 0, content: this.eol + inner + content(inner) }]);
      }
      return;
    }
    const last = children[children.length - 1];
    const lastEnd = last.offset + last.length;
    const hasTrailingComma = this.text.slice(lastEnd, container.offset + container.length - 1).trimStart().startsWith(',');
    if (!startsLine(this.text, last.offset)) {
      // A one-line container stays on one line, with the separator its children already use.
      const at = hasTrailingComma ? this.text.indexOf(',', lastEnd) + 1 : lastEnd;
      const previous = children.length >= 2 ? this.text.slice(children[children.length - 2].offset + children[children.length - 2].length, last.offset) : undefined;
      const separator = previous !== undefined && /^[ \t]*,[ \t]*$/.test(previous) ? previous : /,\s/.test(this.text) ? ', ' : ',';
      this.apply([{ offset: at, length: 0, content: (hasTrailingComma ? separator.replace(',', '') : separator) + content(null) }]);
      return;
    }
    const indent = lineIndent(this.text, last.offset);
    // After the last child's same-line comment, so that comment stays with the child it describes.
    const at = endOfLineTrivia(this.text, hasTrailingComma ? this.text.indexOf(',', lastEnd) + 1 : lastEnd);
    const edits: Edit[] = [];
    if (!hasTrailingComma) edits.push({ offset: lastEnd, length: 0, content: ',' });
    edits.push({ offset: at, length: 0, content: this.eol + indent + content(indent) });
    this.apply(edits);
  }

  /** `indent` null: on one line. */
  private render(value: unknown, indent: string | null): string {
    if (indent === null) return JSON.stringify(value);
    return JSON.stringify(value, null, this.unit).split('\n').join(this.eol + indent);
  }
}

function findNode(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path as Segment[]) {
    if (!node) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      // The last property of a name wins, as JSON.parse does.
      const prop: Node | undefined = [...(node.children ?? [])].reverse().find((p) => p.children?.[0]?.value === segment);
      node = prop?.children?.[1];
    } else {
      if (node.type !== 'array') return undefined;
      node = node.children?.[segment];
    }
  }
  return node;
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v) out[String(k.value)] = nodeValue(v);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The file's indentation step: its first indented line's, else two spaces. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1].startsWith('\t') ? '\t' : m[1];
}

/** The whitespace that starts the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return isBlank(text.slice(lineStart, offset)) && lineStart > 0;
}

/** From `offset`, past spaces and a comment on the same line; stops before the line break. */
function endOfLineTrivia(text: string, offset: number): number {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text.startsWith('//', i)) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    return text[end - 1] === '\r' ? end - 1 : end;
  }
  if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    if (close >= 0 && !text.slice(i, close).includes('\n')) return endOfLineTrivia(text, close + 2);
  }
  return offset;
}

/** How many whitespace characters (spaces, tabs, line breaks) come right before `offset`. */
function whitespaceBefore(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return offset - i;
}

/** Length up to and including a comma that directly follows `offset` (before `limit`), else 0. */
function commaAfter(text: string, offset: number, limit: number): number {
  const rest = text.slice(offset, limit);
  const m = /^\s*,/.exec(rest);
  return m ? m[0].length : 0;
}

function trailingComma(s: string): string {
  return s.replace(/^\s*,/, '');
}

function isBlank(s: string): boolean {
  return /^\s*$/.test(s);
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
