/**
 * Reduces a parsed command line to what would execute: simple commands, after seeing through lists,
 * pipelines, subshells, substitutions, wrappers (`sudo`, `env`, `xargs`, `find -exec`, …), shells given
 * text (`bash -c`, `eval`, heredocs and pipes into a shell) and interpreters' inline code.
 * Whatever it cannot see through becomes an opaque finding; the policy asks about those.
 */
import * as path from 'node:path';
import type { Redirect, SimpleCommand, Word } from './command';
import { interpreterOf, inlineCode, scanInlineCode, type Language } from './inline-code';
import type { ShellParser, SyntaxNode } from './parser';
import { splitFindExec, unwrapStep, SHELLS } from './wrappers';
import { evalWord, type WordScope } from './words';

export type Finding =
  | { kind: 'command'; cmd: SimpleCommand; cwd: string; env: Record<string, string> }
  | { kind: 'opaque'; text: string; reason: string; via: string[]; cwd: string }
  /** A fact the walker established itself (inline code with no visible harm, an SDK delete call, a lookup). */
  | { kind: 'fact'; tool: string; operation: string; effect: 'read' | 'write' | 'destroy'; recoverable: boolean; text: string; via: string[]; cwd: string; rule: string; note: string };

/** Shown for a working directory that only the run itself would know (`cd "$DIR"`). */
export const UNKNOWN_CWD = '/<unknown directory>';

/** How many times text may be handed back to a shell (`bash -c "bash -c '…'"`) before we stop looking. */
const MAX_REPARSE = 8;
/** How deep the syntax tree may nest before we stop looking (`$($($(…)))`, ten thousand brackets). */
const MAX_NESTING = 200;
/** How many wrappers one command may stack (`sudo env nice timeout …`). */
const MAX_WRAPPERS = 32;

type Stdin =
  | { kind: 'terminal' }
  | { kind: 'text'; text: string; dynamic: boolean; from: string }
  | { kind: 'stream'; from: string }
  | { kind: 'file'; path: Word };

interface Scope extends WordScope {
  cwd: string;
  exported: Set<string>;
  functions: Set<string>;
  via: string[];
  reparses: number;
}

export interface WalkInput {
  cwd: string;
  env: Record<string, string | undefined>;
  home?: string;
}

const STATEMENT_CONTAINERS = new Set([
  'program', 'list', 'compound_statement', 'do_group', 'if_statement', 'elif_clause', 'else_clause',
  'while_statement', 'c_style_for_statement', 'case_item', 'negated_command', 'subshell', 'function_definition',
]);

export class CommandWalker {
  private readonly findings: Finding[] = [];

  constructor(
    private readonly parser: ShellParser,
    private readonly input: WalkInput,
  ) {}

  static walk(parser: ShellParser, text: string, input: WalkInput): Finding[] {
    const w = new CommandWalker(parser, input);
    const scope: Scope = {
      cwd: input.cwd,
      vars: new Map(),
      env: input.env,
      exported: new Set(),
      functions: new Set(),
      via: [],
      reparses: 0,
    };
    w.walkText(text, scope, { kind: 'terminal' });
    return w.findings;
  }

  private walkText(text: string, scope: Scope, stdin: Stdin): void {
    const tree = this.parser.parse(text);
    try {
      const root = tree.rootNode;
      if (root.hasError) {
        this.opaque(text, 'the command line does not parse as shell syntax (unbalanced quotes or brackets?)', scope);
      }
      this.statement(root, scope, stdin, 0);
    } finally {
      tree.delete();
    }
  }

  private opaque(text: string, reason: string, scope: Scope): void {
    this.findings.push({ kind: 'opaque', text: clip(text), reason, via: scope.via, cwd: scope.cwd });
  }

  private statement(node: SyntaxNode, scope: Scope, stdin: Stdin, depth: number): void {
    if (depth > MAX_NESTING) {
      this.opaque(node.text, 'the command line nests too deeply to analyze', scope);
      return;
    }
    switch (node.type) {
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return;
      case 'ERROR':
        // Reported once for the whole text; still look inside for commands that would run.
        break;
      case 'command':
        this.command(node, scope, stdin, [], depth);
        return;
      case 'redirected_statement':
        this.redirected(node, scope, stdin, depth);
        return;
      case 'pipeline':
        this.pipeline(node.namedChildren.filter(isNode), scope, stdin, depth);
        return;
      case 'subshell':
        this.children(node, childScope(scope), stdin, depth);
        return;
      case 'variable_assignment':
        this.assign(node, scope, false, depth);
        return;
      case 'variable_assignments':
        for (const c of node.namedChildren.filter(isNode)) this.assign(c, scope, false, depth);
        return;
      case 'declaration_command':
        this.declaration(node, scope, depth);
        return;
      case 'unset_command':
        for (const c of node.namedChildren.filter(isNode)) if (c.type === 'variable_name') scope.vars.set(c.text, null);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        if (name) scope.functions.add(name.text);
        // Judge the body as if it runs: a definition is rarely made to go unused.
        this.children(node, scope, { kind: 'terminal' }, depth);
        return;
      }
      case 'for_statement': {
        const variable = node.childForFieldName('variable');
        for (const v of node.childrenForFieldName('value').filter(isNode)) this.word(v, scope, depth);
        if (variable) scope.vars.set(variable.text, null);
        const body = node.childForFieldName('body');
        if (body) this.statement(body, scope, { kind: 'terminal' }, depth + 1);
        return;
      }
      case 'case_statement': {
        const value = node.childForFieldName('value');
        if (value) this.word(value, scope, depth);
        for (const c of node.namedChildren.filter(isNode)) if (c.type === 'case_item') this.children(c, scope, { kind: 'terminal' }, depth);
        return;
      }
      case 'test_command':
        this.wordsIn(node, scope, depth);
        return;
    }
    if (STATEMENT_CONTAINERS.has(node.type) || node.type === 'ERROR') {
      this.children(node, scope, stdin, depth);
      return;
    }
    // Anything else (words, expansions in odd places, constructs new to the grammar): look for substitutions.
    this.wordsIn(node, scope, depth);
  }

  /** Walks a container's statements; only the first one reads the container's input. */
  private children(node: SyntaxNode, scope: Scope, stdin: Stdin, depth: number): void {
    let first = true;
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'word' || c.type === 'variable_name' || c.type === 'test_operator') continue;
      this.statement(c, scope, first ? stdin : { kind: 'terminal' }, depth + 1);
      first = false;
    }
  }

  private wordsIn(node: SyntaxNode, scope: Scope, depth: number): void {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'command_substitution' || c.type === 'process_substitution') this.substitution(c, scope, depth);
      else if (c.namedChildCount > 0) this.wordsIn(c, scope, depth + 1);
    }
  }

  private word(node: SyntaxNode, scope: Scope, depth: number): Word {
    return evalWord(node, scope, (sub) => this.substitution(sub, scope, depth));
  }

  private substitution(node: SyntaxNode, scope: Scope, depth: number): void {
    this.children(node, childScope(scope), { kind: 'terminal' }, depth + 1);
  }

  private assign(node: SyntaxNode, scope: Scope, exported: boolean, depth: number): void {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (!name) return;
    const w = value ? this.word(value, scope, depth) : { value: '', dynamic: false };
    scope.vars.set(name.text, w.dynamic ? null : w.value);
    if (exported) scope.exported.add(name.text);
  }

  private declaration(node: SyntaxNode, scope: Scope, depth: number): void {
    const keyword = node.child(0)?.text ?? '';
    const flags = node.namedChildren.filter(isNode).filter((c) => c.type === 'word').map((c) => c.text);
    const exported = keyword === 'export' || flags.some((f) => /^-[a-zA-Z]*x/.test(f));
    for (const c of node.namedChildren.filter(isNode)) {
      if (c.type === 'variable_assignment') this.assign(c, scope, exported, depth);
      else if (c.type === 'variable_name' && exported) scope.exported.add(c.text);
      else if (c.type !== 'word') this.wordsIn(c, scope, depth);
    }
  }

  private pipeline(parts: SyntaxNode[], scope: Scope, stdin: Stdin, depth: number): void {
    let input = stdin;
    for (const part of parts) {
      this.statement(part, scope, input, depth + 1);
      const text = literalOutput(part, scope);
      input = text !== undefined ? { kind: 'text', text, dynamic: false, from: part.text } : { kind: 'stream', from: part.text };
    }
  }

  private redirected(node: SyntaxNode, scope: Scope, stdin: Stdin, depth: number): void {
    const body = node.childForFieldName('body');
    const redirects: Redirect[] = [];
    let input = stdin;
    const downstream: SyntaxNode[] = [];
    const trailing: SyntaxNode[] = [];
    for (const r of node.childrenForFieldName('redirect').filter(isNode)) {
      if (r.type === 'file_redirect') {
        const redirect = this.fileRedirect(r, scope, depth);
        if (redirect.operator === '<') input = { kind: 'file', path: redirect.target };
        else redirects.push(redirect);
      } else if (r.type === 'herestring_redirect') {
        const w = r.namedChildren.find(isNode);
        const v = w ? this.word(w, scope, depth) : { value: '', dynamic: false };
        input = { kind: 'text', text: v.value, dynamic: v.dynamic, from: 'a here-string' };
      } else if (r.type === 'heredoc_redirect') {
        input = this.heredoc(r, scope, depth, redirects, downstream, trailing);
      }
    }
    if (body?.type === 'command') {
      this.command(body, scope, input, redirects, depth);
    } else if (body) {
      this.statement(body, scope, input, depth + 1);
      if (redirects.length > 0) {
        const cmd: SimpleCommand = { program: '', tool: '', args: [], assignments: {}, redirects, via: scope.via, text: clip(node.text) };
        this.emit(cmd, scope);
      }
    }
    if (downstream.length > 0 && body) {
      const text = literalOutput(node, scope);
      const next: Stdin = text !== undefined ? { kind: 'text', text, dynamic: false, from: body.text } : { kind: 'stream', from: body.text };
      for (const d of downstream) this.pipeline(d.namedChildren.filter(isNode), scope, next, depth + 1);
    }
    for (const t of trailing) this.statement(t, scope, { kind: 'terminal' }, depth + 1);
  }

  /** The tree puts what follows `<<EOF` on the same line inside the heredoc node: sort it out here. */
  private heredoc(r: SyntaxNode, scope: Scope, depth: number, redirects: Redirect[], downstream: SyntaxNode[], trailing: SyntaxNode[]): Stdin {
    let text = '';
    let quoted = false;
    for (const c of r.namedChildren.filter(isNode)) {
      if (c.type === 'heredoc_start') quoted = /['"\\]/.test(c.text);
      else if (c.type === 'heredoc_body') {
        text = c.text;
        if (!quoted) this.wordsIn(c, scope, depth);
      } else if (c.type === 'heredoc_end') continue;
      else if (c.type === 'file_redirect') redirects.push(this.fileRedirect(c, scope, depth));
      else if (c.type === 'pipeline' && c.child(0)?.type === '|') downstream.push(c);
      else trailing.push(c);
    }
    return { kind: 'text', text, dynamic: !quoted && /[$`]/.test(text), from: 'a heredoc' };
  }

  private fileRedirect(r: SyntaxNode, scope: Scope, depth: number): Redirect {
    let operator = '';
    for (let i = 0; i < r.childCount; i++) {
      const c = r.child(i);
      if (c && !c.isNamed) operator += c.text;
    }
    const dest = r.childForFieldName('destination');
    const descriptor = r.childForFieldName('descriptor')?.text ?? '';
    const target = dest ? this.word(dest, scope, depth) : { value: '', dynamic: true };
    return { operator: descriptor + operator, target };
  }

  private command(node: SyntaxNode, scope: Scope, stdin: Stdin, redirects: Redirect[], depth: number): void {
    const assignments: Record<string, string> = {};
    const nameNode = node.childForFieldName('name');
    const args: Word[] = [];
    let input = stdin;
    const allRedirects = [...redirects];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') {
        const n = c.childForFieldName('name');
        const v = c.childForFieldName('value');
        const w = v ? this.word(v, scope, depth) : { value: '', dynamic: false };
        if (n) assignments[n.text] = w.value;
      } else if (c.type === 'herestring_redirect') {
        const w = c.namedChildren.find(isNode);
        const v = w ? this.word(w, scope, depth) : { value: '', dynamic: false };
        input = { kind: 'text', text: v.value, dynamic: v.dynamic, from: 'a here-string' };
      } else if (c.type === 'file_redirect') {
        const redirect = this.fileRedirect(c, scope, depth);
        if (redirect.operator === '<') input = { kind: 'file', path: redirect.target };
        else allRedirects.push(redirect);
      }
    }
    if (!nameNode) {
      // Only assignments: they set shell variables for the rest of the line.
      for (const [k, v] of Object.entries(assignments)) scope.vars.set(k, v);
      return;
    }
    for (const a of node.childrenForFieldName('argument')) if (a) args.push(this.word(a, scope, depth));
    const nameWord = nameNode.namedChildren.find(isNode) ?? nameNode;
    const program = this.word(nameWord, scope, depth);
    this.run(program, args, assignments, allRedirects, scope, input, clip(node.text), 0);
  }

  /** Runs one simple command through the wrappers until the program that really executes is reached. */
  private run(program: Word, args: Word[], assignments: Record<string, string>, redirects: Redirect[], scope: Scope, stdin: Stdin, text: string, hops: number): void {
    if (program.dynamic) {
      this.opaque(text, `the command name \`${program.value}\` is known only at run time`, scope);
      return;
    }
    if (hops > MAX_WRAPPERS) {
      this.opaque(text, 'too many wrapper commands to follow', scope);
      return;
    }
    const tool = toolName(program.value);
    if (scope.functions.has(tool) && hops === 0) return; // its body was judged where it was defined

    if (tool === 'cd' || tool === 'pushd') this.changeDirectory(args, scope);

    if (tool === 'find') {
      const { find, execs } = splitFindExec(args);
      for (const e of execs) {
        const inner = { ...scope, via: [...scope.via, e.via] };
        this.run(e.words[0], e.words.slice(1), {}, [], inner, { kind: 'terminal' }, text, hops + 1);
      }
      this.emitCommand(program, tool, find, assignments, redirects, scope, text);
      return;
    }

    const language = interpreterOf(tool)?.language;
    if (language) {
      const code = inlineCode(tool, args);
      if (code) {
        this.inline(tool, language, code, scope, text);
        return;
      }
      if (readsStdin(args)) {
        if (stdin.kind === 'text') {
          this.inline(tool, language, { value: stdin.text, dynamic: stdin.dynamic }, scope, text);
          return;
        }
        if (stdin.kind === 'stream') {
          this.opaque(text, `\`${clip(stdin.from, 80)}\` is piped into ${tool}: the code it runs cannot be seen`, scope);
          return;
        }
      }
    }
    if (tool === 'pwsh' || tool === 'powershell') {
      if (args.some((a) => /^-(c|command|encodedcommand|e|ec)$/i.test(a.value))) {
        this.opaque(text, 'PowerShell code is not analysed', scope);
        return;
      }
    }
    if ((tool === 'source' || tool === '.') && args[0]?.dynamic) {
      this.opaque(text, `\`${tool}\` runs a script known only at run time`, scope);
      return;
    }

    const step = unwrapStep(tool, args);
    if (!step) {
      this.emitCommand(program, tool, args, assignments, redirects, scope, text);
      return;
    }
    const via = [...scope.via, step.via];
    switch (step.kind) {
      case 'exec': {
        const inner: Scope = { ...scope, via };
        if (step.cwd) {
          inner.cwd = step.cwd.dynamic ? UNKNOWN_CWD : resolveDir(scope.cwd, step.cwd.value, this.input.home);
        }
        this.run(step.program, step.args, { ...assignments, ...(step.assignments ?? {}) }, redirects, inner, stdin, text, hops + 1);
        return;
      }
      case 'script':
        this.script(step.text, step.dynamic, step.via, scope, stdin, text);
        return;
      case 'stdin-shell':
        if (stdin.kind === 'text') this.script(stdin.text, false, `${step.via} reading ${stdin.from}`, scope, { kind: 'terminal' }, text);
        else if (stdin.kind === 'stream') this.opaque(text, `\`${clip(stdin.from, 80)}\` is piped into a shell: the script it runs cannot be seen`, scope);
        else if (stdin.kind === 'file') this.emitCommand(stdin.path, toolName(stdin.path.value), [], assignments, redirects, { ...scope, via }, text);
        else this.emitCommand(program, tool, args, assignments, redirects, scope, text);
        return;
      case 'read':
        this.findings.push({ kind: 'fact', tool, operation: step.via, effect: 'read', recoverable: true, text, via: scope.via, cwd: scope.cwd, rule: 'shell.wrapper-alone', note: `${step.via} runs no other command here` });
        return;
      case 'opaque':
        this.opaque(text, step.reason, { ...scope, via });
        return;
    }
  }

  private script(textToRun: string, dynamic: boolean, via: string, scope: Scope, stdin: Stdin, text: string): void {
    if (dynamic) {
      this.opaque(text, `${via} runs text known only at run time`, scope);
      return;
    }
    if (scope.reparses >= MAX_REPARSE) {
      this.opaque(text, 'shells nested in shells too deeply to follow', scope);
      return;
    }
    // The inner shell gets its own variables and directory, as a child process would.
    const inner: Scope = { ...childScope(scope), via: [...scope.via, via], reparses: scope.reparses + 1 };
    this.walkText(textToRun, inner, stdin);
  }

  private inline(tool: string, language: Language, code: Word, scope: Scope, text: string): void {
    const via = [...scope.via, `${tool} inline code`];
    const inner: Scope = { ...scope, via };
    if (code.dynamic) {
      this.opaque(text, `${tool} runs code known only at run time`, scope);
      return;
    }
    const findings = scanInlineCode(code.value, language);
    for (const f of findings) {
      switch (f.kind) {
        case 'shell':
          this.script(f.text, f.dynamic, `${tool} ${f.call}()`, scope, { kind: 'terminal' }, text);
          break;
        case 'delete': {
          const args: Word[] = f.recursive ? [{ value: '-r', dynamic: false }, f.path] : [f.path];
          this.emitCommand({ value: 'rm', dynamic: false }, 'rm', args, {}, [], { ...inner, via: [...scope.via, `${tool} ${f.call}()`] }, text);
          break;
        }
        case 'write':
          this.emitCommand({ value: 'tee', dynamic: false }, 'tee', [f.path], {}, [], { ...inner, via: [...scope.via, `${tool} ${f.call}()`] }, text);
          break;
        case 'cloud-destroy':
          this.findings.push({ kind: 'fact', tool, operation: f.call, effect: 'destroy', recoverable: false, text, via, cwd: scope.cwd, rule: 'interpreter.sdk-delete', note: `${tool} code calls ${f.call}: a cloud SDK delete whose target is not visible` });
          break;
        case 'opaque':
          this.opaque(text, f.reason, inner);
          break;
      }
    }
    if (findings.length === 0) {
      this.findings.push({ kind: 'fact', tool, operation: 'inline code', effect: 'write', recoverable: true, text, via, cwd: scope.cwd, rule: 'interpreter.inline-code', note: `no command, file deletion or cloud delete call seen in the ${language} code` });
    }
  }

  private changeDirectory(args: Word[], scope: Scope): void {
    const operands = args.filter((a) => !/^-[LPe@]+$/.test(a.value));
    const target = operands[0];
    if (!target) scope.cwd = this.input.home ?? UNKNOWN_CWD;
    else if (target.dynamic || target.value === '-') scope.cwd = UNKNOWN_CWD;
    else scope.cwd = resolveDir(scope.cwd, target.value, this.input.home);
  }

  private emitCommand(program: Word, tool: string, args: Word[], assignments: Record<string, string>, redirects: Redirect[], scope: Scope, text: string): void {
    this.emit({ program: program.value, tool, args, assignments, redirects, via: scope.via, text }, scope);
  }

  private emit(cmd: SimpleCommand, scope: Scope): void {
    const env: Record<string, string> = {};
    for (const name of scope.exported) {
      const v = scope.vars.get(name);
      if (typeof v === 'string') env[name] = v;
    }
    this.findings.push({ kind: 'command', cmd, cwd: scope.cwd, env });
  }
}

function isNode(n: SyntaxNode | null): n is SyntaxNode {
  return n !== null;
}

function childScope(scope: Scope): Scope {
  return { ...scope, vars: new Map(scope.vars), exported: new Set(scope.exported), functions: new Set(scope.functions) };
}

/** The name rule packs know a program by: `/usr/local/bin/aws` and `./aws` are `aws`. */
export function toolName(program: string): string {
  const base = program.slice(program.lastIndexOf('/') + 1);
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

function resolveDir(cwd: string, dir: string, home: string | undefined): string {
  if (cwd === UNKNOWN_CWD && !dir.startsWith('/') && !dir.startsWith('~')) return UNKNOWN_CWD;
  let d = dir;
  if (d === '~' || d.startsWith('~/')) {
    if (!home) return UNKNOWN_CWD;
    d = home + d.slice(1);
  }
  return path.posix.resolve(cwd, d);
}

/** An interpreter with no script operand reads its program from standard input. */
function readsStdin(args: Word[]): boolean {
  return args.every((a) => a.value.startsWith('-')) || args[0]?.value === '-';
}

/** What a pipeline stage writes, when it can be known: `echo 'rm -rf x' | sh`, `cat <<EOF | sh`. */
function literalOutput(node: SyntaxNode, scope: WordScope): string | undefined {
  if (node.type === 'redirected_statement') {
    const body = node.childForFieldName('body');
    if (body?.type !== 'command' || body.childForFieldName('name')?.text !== 'cat' || body.childrenForFieldName('argument').length > 0) return undefined;
    for (const r of node.childrenForFieldName('redirect')) {
      if (r?.type === 'heredoc_redirect') return r.namedChildren.find((c) => c?.type === 'heredoc_body')?.text ?? '';
      if (r?.type === 'herestring_redirect') {
        const w = r.namedChildren.find(isNode);
        return w ? evalWord(w, scope, () => undefined).value : undefined;
      }
    }
    return undefined;
  }
  if (node.type !== 'command') return undefined;
  const name = node.childForFieldName('name')?.text;
  const args = node.childrenForFieldName('argument').filter(isNode).map((a) => evalWord(a, scope, () => undefined));
  if (args.some((a) => a.dynamic)) return undefined;
  if (name === 'echo') {
    const words = args.map((a) => a.value);
    while (words[0] && /^-[neE]+$/.test(words[0])) words.shift();
    return words.join(' ') + '\n';
  }
  if (name === 'printf' && args.length === 1 && !args[0].value.includes('%')) {
    return args[0].value.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  }
  return undefined;
}

function clip(s: string, max = 2000): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

export { SHELLS };
