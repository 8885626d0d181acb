/**
 * Reading `kubectl diff` output: one unified diff per object, between a LIVE and a MERGED directory whose
 * files are named `<group.>version.Kind.namespace.name`. Each changed line is placed at its YAML path
 * (`spec.template.spec.containers[web].image`) when the diff carries the whole file, which it does with
 * the context the preview asks for. Pure: no I/O.
 *
 * The YAML is kubectl's own output (block style, two-space indent, sequences at their key's column), so
 * paths come from indentation alone; a line that fits no rule gets no path and is shown as written.
 */

export interface ObjectDiff {
  /** `apps`, `networking.k8s.io`; empty for the core group. */
  group: string;
  version: string;
  /** As the API writes it: `Deployment`. */
  kind: string;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** `create`: nothing live; `destroy`: nothing after; `change`: both. */
  change: 'create' | 'change' | 'destroy';
  /** The whole live and merged files, when the diff carried them (one hunk from the first line). */
  before?: string[];
  after?: string[];
  edits: Edit[];
  /** Edits that sit together (one run of removed and added lines); facts pair values within a block. */
  blocks: Edit[][];
}

export interface Edit {
  side: '-' | '+';
  /** YAML path of the line; absent when it could not be told. */
  path?: string;
  /** The value on the line (after `key: `, `- `), or the whole line when it has no key. */
  value: string;
  /** The line as written, without its diff marker and indentation. */
  text: string;
}

export interface ParsedDiff {
  objects: ObjectDiff[];
  /** Sections that could not be read, for a failure line. */
  problems: string[];
}

interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: Array<{ mark: ' ' | '-' | '+'; text: string }>;
}

const FILE_NAME = /^(?:(.+?)\.)?(v\d+(?:(?:alpha|beta)\d+)?)\.([A-Za-z][A-Za-z0-9]*)\.([a-z0-9-]*)\.(.+)$/;
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseKubectlDiff(text: string): ParsedDiff {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: ParsedDiff = { objects: [], problems: [] };
  let file: { name: string; hunks: Hunk[] } | undefined;
  const finish = () => {
    if (!file) return;
    const read = objectOf(file.name, file.hunks);
    if (typeof read === 'string') out.problems.push(read);
    else out.objects.push(read);
    file = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      finish();
      file = { name: baseName(lines[i + 1].slice(4)), hunks: [] };
      i++;
      continue;
    }
    const h = HUNK.exec(line);
    if (h && file) {
      const hunk: Hunk = { oldStart: +h[1], oldCount: h[2] === undefined ? 1 : +h[2], newStart: +h[3], newCount: h[4] === undefined ? 1 : +h[4], lines: [] };
      // The counts say where the hunk ends: a content line may itself begin with `--- ` or `diff `.
      let oldLeft = hunk.oldCount;
      let newLeft = hunk.newCount;
      while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
        const l = lines[++i];
        if (l.startsWith('\\')) continue; // "\ No newline at end of file"
        const mark = l === '' ? ' ' : l[0];
        const body = l.slice(1);
        if (mark === ' ') { oldLeft--; newLeft--; hunk.lines.push({ mark, text: body }); }
        else if (mark === '-') { oldLeft--; hunk.lines.push({ mark, text: body }); }
        else if (mark === '+') { newLeft--; hunk.lines.push({ mark, text: body }); }
        else { i--; break; }
      }
      if (lines[i + 1]?.startsWith('\\')) i++;
      file.hunks.push(hunk);
      continue;
    }
    // `diff …` command lines between files, and anything else outside a hunk, carry nothing.
  }
  finish();
  return out;
}

/** The file's name without its directory and the date diff writes after a tab. */
function baseName(header: string): string {
  const p = header.split('\t')[0].replace(/^"(.*)"$/, '$1');
  return p.slice(p.lastIndexOf('/') + 1);
}

function objectOf(fileName: string, hunks: Hunk[]): ObjectDiff | string {
  const m = FILE_NAME.exec(fileName);
  if (!m) return `kubectl diff named an object this preview cannot read: ${fileName}`;
  if (hunks.length === 0) return `kubectl diff showed no lines for ${fileName}`;
  const [, group = '', version, kind, namespace, name] = m;
  const first = hunks[0];
  const change = first.oldStart === 0 && first.oldCount === 0 ? 'create' : first.newStart === 0 && first.newCount === 0 ? 'destroy' : 'change';
  // One hunk from the top is the whole file on both sides: then paths and states can be read.
  const whole = hunks.length === 1 && first.oldStart <= 1 && first.newStart <= 1;
  const oldLines = first.lines.filter((l) => l.mark !== '+').map((l) => l.text);
  const newLines = first.lines.filter((l) => l.mark !== '-').map((l) => l.text);
  const oldPaths = whole ? yamlPaths(oldLines) : [];
  const newPaths = whole ? yamlPaths(newLines) : [];
  const blocks: Edit[][] = [];
  for (const hunk of hunks) {
    let o = 0;
    let n = 0;
    let block: Edit[] = [];
    for (const l of hunk.lines) {
      if (l.mark === ' ') {
        if (block.length > 0) blocks.push(block);
        block = [];
        o++;
        n++;
        continue;
      }
      const path = whole ? (l.mark === '-' ? oldPaths[o] : newPaths[n]) : undefined;
      if (l.mark === '-') o++;
      else n++;
      block.push({ side: l.mark, ...(path !== undefined ? { path } : {}), value: valueOf(l.text), text: l.text.trim() });
    }
    if (block.length > 0) blocks.push(block);
  }
  return {
    group, version, kind, namespace, name, change,
    ...(whole && change !== 'create' ? { before: oldLines } : {}),
    ...(whole && change !== 'destroy' ? { after: newLines } : {}),
    edits: blocks.flat(),
    blocks,
  };
}

// ------------------------------------------------------------------------------------------ YAML paths

interface Frame {
  col: number;
  key: string;
  item?: boolean;
  /** Items seen so far under this key, for `[0]`, `[1]` when an item has no name. */
  items?: number;
}

/**
 * The YAML path of every line (undefined for blank lines and comments). Lines of a block scalar (`|`)
 * and continuation lines of a long value belong to their key's path.
 */
export function yamlPaths(lines: readonly string[]): Array<string | undefined> {
  const paths: Array<string | undefined> = [];
  const stack: Frame[] = [];
  // After a key with a value on its line, any deeper line continues that value (a block scalar or a wrapped one).
  let within: { col: number; path: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const body = line.trimStart();
    const col = line.length - body.length;
    if (within && (body === '' || col > within.col)) {
      paths.push(within.path);
      continue;
    }
    within = undefined;
    if (body === '' || body.startsWith('#') || body === '---') {
      paths.push(undefined);
      continue;
    }
    let c = col;
    let rest = body;
    if (rest === '-' || rest.startsWith('- ')) {
      while (stack.length > 0 && (stack[stack.length - 1].col > c || (stack[stack.length - 1].col === c && stack[stack.length - 1].item))) stack.pop();
      const parent = stack[stack.length - 1];
      const index = parent ? (parent.items = (parent.items ?? -1) + 1) : 0;
      stack.push({ col: c, key: `[${itemName(lines, i, c) ?? index}]`, item: true });
      rest = rest.slice(1).trimStart();
      c += 2;
      if (rest === '') {
        paths.push(pathOf(stack));
        continue;
      }
    } else {
      while (stack.length > 0 && stack[stack.length - 1].col >= c) stack.pop();
    }
    const kv = keyValue(rest);
    if (!kv) {
      // A scalar list item (`- value`), or a line this reading cannot place.
      const p = stack.length > 0 ? pathOf(stack) : undefined;
      paths.push(p);
      if (p) within = { col: c - 2, path: p };
      continue;
    }
    stack.push({ col: c, key: kv.key });
    const p = pathOf(stack);
    paths.push(p);
    if (kv.value !== '') within = { col: c, path: p };
  }
  return paths;
}

function pathOf(stack: readonly Frame[]): string {
  return stack.map((f, i) => (f.item || i === 0 ? f.key : `.${f.key}`)).join('');
}

/** `key: value`, `key:`, `"quoted key": value`; undefined for a bare scalar or a flow collection. */
function keyValue(rest: string): { key: string; value: string } | undefined {
  if (rest.startsWith('{') || rest.startsWith('[')) return undefined;
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):(?: (.*))?$/.exec(rest);
  if (quoted) return { key: quoted[1].slice(1, -1), value: (quoted[2] ?? '').trim() };
  if (rest.startsWith('"') || rest.startsWith("'")) return undefined;
  const plain = /^(.+?):(?: (.*))?$/.exec(rest);
  if (!plain || / #/.test(plain[1])) return undefined;
  return { key: plain[1], value: (plain[2] ?? '').trim() };
}

/** The `name` of a list item (`- name: web` or a `name:` line at the item's key column), for `containers[web]`. */
function itemName(lines: readonly string[], at: number, col: number): string | undefined {
  const own = keyValue(lines[at].trimStart().slice(1).trimStart());
  if (own?.key === 'name') return unquote(own.value);
  for (let j = at + 1; j < lines.length && j < at + 2000; j++) {
    const body = lines[j].trimStart();
    if (body === '') continue;
    const c = lines[j].length - body.length;
    if (c <= col) return undefined;
    if (c === col + 2) {
      const kv = keyValue(body);
      if (kv?.key === 'name') return unquote(kv.value);
    }
  }
  return undefined;
}

function unquote(v: string): string | undefined {
  const s = /^"(.*)"$/.exec(v)?.[1] ?? /^'(.*)'$/.exec(v)?.[1] ?? v;
  return s === '' || /[\s[\]]/.test(s) ? undefined : s;
}

function valueOf(line: string): string {
  let rest = line.trim();
  if (rest === '-' || rest.startsWith('- ')) rest = rest.slice(1).trimStart();
  const kv = keyValue(rest);
  return kv ? kv.value : rest;
}
