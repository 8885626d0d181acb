/**
 * Interpreters' inline code (`python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`): a real parser for
 * every language is out of scope, so this looks for the obvious ways code destroys things — shelling
 * out, deleting files, cloud SDK delete calls — and for the ways code hides what it does (eval, decoding).
 * What it finds is handed back as shell text or file deletions, which the ordinary rules then judge.
 */
import type { Word } from './command';
import { quoteForShell } from './wrappers';

export type InlineFinding =
  | { kind: 'shell'; text: string; dynamic: boolean; call: string }
  | { kind: 'delete'; path: Word; recursive: boolean; call: string }
  | { kind: 'write'; path: Word; call: string }
  | { kind: 'cloud-destroy'; call: string }
  | { kind: 'opaque'; reason: string };

export type Language = 'python' | 'node' | 'perl' | 'ruby' | 'php';

/** Which interpreter a tool name is, and the options that carry inline code. */
export function interpreterOf(tool: string): { language: Language; codeOptions: string[] } | undefined {
  if (/^python(\d+(\.\d+)?)?$/.test(tool) || tool === 'pypy' || tool === 'pypy3') return { language: 'python', codeOptions: ['-c'] };
  if (tool === 'node' || tool === 'nodejs' || tool === 'bun') return { language: 'node', codeOptions: ['-e', '--eval', '-p', '--print'] };
  if (tool === 'perl') return { language: 'perl', codeOptions: ['-e', '-E'] };
  if (tool === 'ruby') return { language: 'ruby', codeOptions: ['-e'] };
  if (tool === 'php') return { language: 'php', codeOptions: ['-r'] };
  return undefined;
}

/**
 * Finds the inline code in an interpreter's arguments: `python -c CODE`, `perl -ne CODE`, `node -e CODE`.
 * Returns undefined when the interpreter runs a script file or reads standard input instead.
 */
export function inlineCode(tool: string, args: Word[]): Word | undefined {
  const it = interpreterOf(tool);
  if (!it) return undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (!a.startsWith('-') || a === '-') return undefined; // a script file or stdin comes first
    if (it.codeOptions.includes(a)) return args[i + 1];
    if (a.startsWith('--eval=') || a.startsWith('--print=')) return { value: a.slice(a.indexOf('=') + 1), dynamic: args[i].dynamic };
    // Bundled short options ending in the code option: `perl -ne`, `python -Bc`, `ruby -we`.
    if (/^-[A-Za-z]+$/.test(a) && it.codeOptions.some((o) => o.length === 2 && a.endsWith(o[1]))) return args[i + 1];
    // Glued code: `python -c'print(1)'`.
    for (const o of it.codeOptions) if (o.length === 2 && a.startsWith(o) && a.length > 2 && !a.startsWith('--')) return { value: a.slice(2), dynamic: args[i].dynamic };
  }
  return undefined;
}

const STRING = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`;
const stringAt = new RegExp('^\\s*' + STRING);

/** Reads a string literal at the start of `s`; dynamic when it interpolates (f-strings, `${}`, `#{}`, `$var`). */
function literalAt(s: string, language: Language): Word | undefined {
  const fstring = language === 'python' && /^\s*[fF]['"]/.test(s);
  const m = stringAt.exec(fstring ? s.replace(/^\s*[fF]/, '') : s);
  if (!m) return undefined;
  const single = m[1] !== undefined;
  const raw = single ? m[1] : m[2];
  const value = raw.replace(/\\(.)/g, (_x, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
  const interpolates =
    fstring ? /\{[^}]*\}/.test(raw)
    : language === 'node' ? false
    : language === 'ruby' ? !single && /#\{/.test(raw)
    : language === 'perl' || language === 'php' ? !single && /[$@]\w/.test(raw)
    : false;
  return { value, dynamic: interpolates };
}

/** A list of string literals `['rm', '-rf', 'x']` as one shell text, or undefined. */
function listAt(s: string, language: Language): { text: string; dynamic: boolean } | undefined {
  const m = /^\s*\[([^\]]*)\]/.exec(s);
  if (!m) return undefined;
  const items: string[] = [];
  let dynamic = false;
  let rest = m[1];
  while (rest.trim() !== '') {
    const lit = literalAt(rest, language);
    if (!lit) return { text: m[1], dynamic: true };
    items.push(quoteForShell(lit.value));
    dynamic ||= lit.dynamic;
    rest = rest.replace(new RegExp('^\\s*' + STRING + '\\s*,?'), '');
  }
  return { text: items.join(' '), dynamic };
}

interface CallPattern {
  re: RegExp;
  kind: 'shell' | 'delete' | 'delete-recursive' | 'write';
}

const PATTERNS: Record<Language, CallPattern[]> = {
  python: [
    { re: /\b(os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput))\s*\(/g, kind: 'shell' },
    { re: /\b(shutil\.rmtree)\s*\(/g, kind: 'delete-recursive' },
    { re: /\b(os\.(?:remove|unlink|rmdir|removedirs))\s*\(/g, kind: 'delete' },
    { re: /\b(open)\s*\((?=[^)]*,\s*['"][wa])/g, kind: 'write' },
  ],
  node: [
    { re: /\b((?:child_process\.|cp\.)?(?:execSync|exec|execFileSync|execFile|spawnSync|spawn))\s*\(/g, kind: 'shell' },
    { re: /\b((?:fs\.)?(?:promises\.)?(?:rmSync|rm|rimraf|rmdirSync|rmdir))\s*\(/g, kind: 'delete-recursive' },
    { re: /\b((?:fs\.)?(?:promises\.)?(?:unlinkSync|unlink))\s*\(/g, kind: 'delete' },
    { re: /\b((?:fs\.)?(?:writeFileSync|writeFile|truncateSync))\s*\(/g, kind: 'write' },
  ],
  perl: [
    { re: /\b(system|exec|qx)\s*\(?/g, kind: 'shell' },
    { re: /\b(rmtree|remove_tree)\s*\(?/g, kind: 'delete-recursive' },
    { re: /\b(unlink|rmdir)\s*\(?/g, kind: 'delete' },
  ],
  ruby: [
    { re: /\b(system|exec|spawn|Open3\.\w+|%x)\s*\(?/g, kind: 'shell' },
    { re: /\b(FileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry(?:_secure)?|rmtree))\s*\(?/g, kind: 'delete-recursive' },
    { re: /\b(FileUtils\.(?:rm|rm_f|remove)\b|File\.(?:delete|unlink)|Dir\.(?:rmdir|delete|unlink))\s*\(?/g, kind: 'delete' },
    { re: /\b(File\.write)\s*\(?/g, kind: 'write' },
  ],
  php: [
    { re: /\b(system|exec|shell_exec|passthru|proc_open|popen)\s*\(/g, kind: 'shell' },
    { re: /\b(unlink|rmdir)\s*\(/g, kind: 'delete' },
    { re: /\b(file_put_contents)\s*\(/g, kind: 'write' },
  ],
};

/** Ways code hides what it runs: evaluating text, decoding payloads, importing by computed name. */
const CONCEALMENT: Record<Language, RegExp> = {
  python: /\b(exec|eval|compile|__import__)\s*\(|\bimportlib\b|\bb64decode\b|\bcodecs\.decode\b|\bmarshal\.loads\b|\bpickle\.loads\b/,
  node: /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|\bvm\.run|['"]base64['"]|\batob\s*\(|\brequire\s*\(\s*[^'"\s)]/,
  perl: /\beval\b|\bdecode_base64\b|\bpack\s*\(/,
  ruby: /\b(eval|instance_eval|class_eval|send|public_send)\b|\bBase64\b|\bunpack1?\b/,
  php: /\b(eval|assert|create_function|base64_decode|gzinflate|str_rot13)\s*\(|\bpreg_replace\s*\(.*\/e/,
};

/** Cloud SDK calls that delete: boto3 `delete_bucket`, SDK v3 `DeleteBucketCommand`, v2 `.deleteBucket(`. */
const CLOUD_DESTROY = /\.(delete|terminate|purge|remove|destroy|drop)_\w+\s*\(|\bnew\s+(Delete|Terminate|Purge|Remove)\w*Command\s*\(|\.(delete|terminate|purge)[A-Z]\w*\s*\(/;

export function scanInlineCode(code: string, language: Language): InlineFinding[] {
  const findings: InlineFinding[] = [];
  if (CONCEALMENT[language].test(code)) {
    findings.push({ kind: 'opaque', reason: `${language} code that evaluates or decodes text at run time` });
  }
  // Perl/Ruby/PHP backticks run a shell too.
  if (language !== 'python' && language !== 'node') {
    for (const m of code.matchAll(/`([^`]*)`/g)) {
      findings.push({ kind: 'shell', text: m[1], dynamic: /[$#]\{|\$\w/.test(m[1]), call: 'backticks' });
    }
  }
  for (const p of PATTERNS[language]) {
    for (const m of code.matchAll(p.re)) {
      const call = m[1];
      const after = code.slice((m.index ?? 0) + m[0].length);
      if (p.kind === 'shell') {
        const qx = call === 'qx' || call === '%x' ? /^\s*[({[](.*?)[)}\]]/s.exec(after) : null;
        const lit = qx ? { value: qx[1], dynamic: /\$\w|#\{/.test(qx[1]) } : literalAt(after, language);
        const list = lit ? undefined : listAt(after, language);
        if (lit) findings.push({ kind: 'shell', text: lit.value, dynamic: lit.dynamic, call });
        else if (list) findings.push({ kind: 'shell', text: list.text, dynamic: list.dynamic, call });
        else findings.push({ kind: 'opaque', reason: `${call}() runs a command built at run time` });
        continue;
      }
      const lit = literalAt(after, language);
      const path: Word = lit ?? { value: `<path computed in ${language}>`, dynamic: true };
      if (p.kind === 'write') findings.push({ kind: 'write', path, call });
      else {
        // fs.rm/rmSync delete directories only with { recursive: true }; the others always or never.
        const recursive = p.kind === 'delete-recursive' && (!/^(?:fs\.)?(?:promises\.)?(rmSync|rm)$/.test(call) || /recursive\s*:\s*true/.test(after));
        findings.push({ kind: 'delete', path, recursive, call });
      }
    }
  }
  const cloud = CLOUD_DESTROY.exec(code);
  if (cloud) findings.push({ kind: 'cloud-destroy', call: cloud[0].replace(/\s*\($/, '').replace(/^\./, '') });
  return findings;
}
