/**
 * Reads the little programs given to sed and awk far enough to find what they do besides printing:
 * write files (`w file`, `print > "file"`) or run commands (`e`, `system()`, `print | "cmd"`).
 */

export interface ScriptEffects {
  /** File names written by the script; `undefined` entries are names computed at run time. */
  writes: Array<string | undefined>;
  /** The script runs shell commands. */
  runs: boolean;
}

/**
 * A sed script, parsed command by command (GNU syntax). `undefined` when the text is not a sed script
 * this reader understands: the caller then fails closed.
 */
export function scanSed(script: string): ScriptEffects | undefined {
  const s = script;
  const out: ScriptEffects = { writes: [], runs: false };
  let i = 0;
  const blank = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const restOfLine = (): string => {
    const start = i;
    while (i < s.length && s[i] !== '\n') i++;
    return s.slice(start, i);
  };
  const upTo = (stops: string) => {
    while (i < s.length && !stops.includes(s[i])) i++;
  };
  /** Text up to an unescaped delimiter; returns false when the delimiter never comes. */
  const delimited = (d: string): boolean => {
    while (i < s.length) {
      if (s[i] === '\\') i += 2;
      else if (s[i] === d) {
        i++;
        return true;
      } else i++;
    }
    return false;
  };
  const address = (): boolean => {
    const c = s[i];
    if (c === undefined) return true;
    if (/\d/.test(c)) {
      while (/\d/.test(s[i] ?? '')) i++;
      if (s[i] === '~') {
        i++;
        while (/\d/.test(s[i] ?? '')) i++;
      }
    } else if (c === '$') i++;
    else if (c === '+' || c === '~') {
      i++;
      while (/\d/.test(s[i] ?? '')) i++;
    } else if (c === '/' || c === '\\') {
      const d = c === '/' ? '/' : s[i + 1];
      i += c === '/' ? 1 : 2;
      if (!d || !delimited(d)) return false;
      while (s[i] === 'I' || s[i] === 'M') i++;
    }
    return true;
  };
  while (i < s.length) {
    while (i < s.length && /[\s;]/.test(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '#') {
      restOfLine();
      continue;
    }
    if (!address()) return undefined;
    blank();
    if (s[i] === ',') {
      i++;
      blank();
      if (!address()) return undefined;
      blank();
    }
    while (s[i] === '!') {
      i++;
      blank();
    }
    const c = s[i++];
    if (c === undefined) return undefined;
    if ('{}=dDgGhHnNpPxzF'.includes(c)) continue;
    if ('lqQL'.includes(c)) {
      blank();
      while (/\d/.test(s[i] ?? '')) i++;
      continue;
    }
    if ('aic'.includes(c)) {
      // Text to the end of the line; a trailing backslash continues it.
      for (;;) {
        const line = restOfLine();
        if (line.endsWith('\\') && i < s.length) i++;
        else break;
      }
      continue;
    }
    if (':btTv'.includes(c)) {
      upTo(c === ':' ? '\n;' : '\n;}');
      continue;
    }
    if (c === 'r' || c === 'R') {
      restOfLine();
      continue;
    }
    if (c === 'w' || c === 'W') {
      blank();
      out.writes.push(restOfLine().trim());
      continue;
    }
    if (c === 'e') {
      out.runs = true;
      restOfLine();
      continue;
    }
    if (c === 's' || c === 'y') {
      const d = s[i++];
      if (!d || d === '\n' || d === '\\') return undefined;
      if (!delimited(d) || !delimited(d)) return undefined;
      if (c === 'y') continue;
      while (i < s.length && /[gpiImMe0-9w]/.test(s[i])) {
        const f = s[i++];
        if (f === 'e') out.runs = true;
        if (f === 'w') {
          blank();
          out.writes.push(restOfLine().trim());
        }
      }
      continue;
    }
    return undefined;
  }
  return out;
}

interface AwkToken {
  kind: 'string' | 'regex' | 'word' | 'op' | 'newline';
  text: string;
}

function awkTokens(src: string): AwkToken[] {
  const tokens: AwkToken[] = [];
  let i = 0;
  // A `/` starts a regex where an operand is expected, i.e. not after a value.
  const afterValue = () => {
    const t = tokens[tokens.length - 1];
    return !!t && (t.kind === 'string' || t.kind === 'regex' || (t.kind === 'word' && !/^(print|printf|return|in)$/.test(t.text)) || t.text === ')' || t.text === ']');
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\\' && src[i + 1] === '\n') i += 2;
    else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') {
          text += src[j + 1] ?? '';
          j += 2;
        } else text += src[j++];
      }
      tokens.push({ kind: 'string', text });
      i = j + 1;
    } else if (c === '/' && !afterValue()) {
      let j = i + 1;
      while (j < src.length && src[j] !== '/') j += src[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'regex', text: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[A-Za-z_$0-9.]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z_$0-9.]/.test(src[j])) j++;
      tokens.push({ kind: 'word', text: src.slice(i, j) });
      i = j;
    } else {
      const two = src.slice(i, i + 2);
      const op = ['>>', '||', '|&', '&&', '>=', '<=', '==', '!=', '++', '--', '+=', '-=', '*=', '/='].includes(two) ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

/** An awk program: output redirections inside print/printf, pipes to or from commands, system(). */
export function scanAwk(program: string): ScriptEffects {
  const out: ScriptEffects = { writes: [], runs: false };
  const tokens = awkTokens(program);
  let inPrint = false;
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    if (t.kind === 'word' && (t.text === 'print' || t.text === 'printf')) {
      inPrint = true;
      depth = 0;
      continue;
    }
    if (t.kind === 'word' && t.text === 'system' && next?.text === '(') out.runs = true;
    if (t.kind === 'newline' || (t.kind === 'op' && (t.text === ';' || t.text === '}' || t.text === '{'))) {
      inPrint = false;
      continue;
    }
    if (t.kind !== 'op') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === '|&') out.runs = true;
    else if (t.text === '|') {
      // `print | "cmd"` sends output to a command; `"cmd" | getline` reads one's output.
      if ((inPrint && depth <= 0) || next?.text === 'getline') out.runs = true;
    } else if ((t.text === '>' || t.text === '>>') && inPrint && depth <= 0) {
      out.writes.push(next?.kind === 'string' ? next.text : undefined);
    }
  }
  return out;
}
