/**
 * Test-only: build a SimpleCommand from a plain command line without the shell parser, so a rule pack
 * can be tested on its own. Splits on blanks and honours single and double quotes; `$` marks a word dynamic.
 */
import type { SimpleCommand, Word } from '../../../src/core/shell/command';
import type { AnalysisContext } from '../../../src/core/model';

export function words(line: string): Word[] {
  const out: Word[] = [];
  let cur = '';
  let dyn = false;
  let inWord = false;
  let q: string | null = null;
  for (const ch of line) {
    if (q) {
      if (ch === q) q = null;
      else {
        cur += ch;
        if (ch === '$' && q === '"') dyn = true;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      q = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) out.push({ value: cur, dynamic: dyn });
      cur = '';
      dyn = false;
      inWord = false;
      continue;
    }
    if (ch === '$' || ch === '*' || ch === '?') dyn = true;
    cur += ch;
    inWord = true;
  }
  if (inWord) out.push({ value: cur, dynamic: dyn });
  return out;
}

export function simpleCommand(line: string, assignments: Record<string, string> = {}): SimpleCommand {
  const [program, ...args] = words(line);
  const tool = program.value.split('/').pop() ?? program.value;
  return { program: program.value, tool, args, assignments, redirects: [], via: [], text: line };
}

export const testContext: AnalysisContext = {
  cwd: '/home/dev/project',
  home: '/home/dev',
  env: {},
  workspaceRoots: ['/home/dev/project'],
  aws: { account: '123456789012', region: 'us-east-1' },
};

/** The test context with more environment variables. */
export function contextWith(env?: Record<string, string>): AnalysisContext {
  return env ? { ...testContext, env: { ...testContext.env, ...env } } : testContext;
}
