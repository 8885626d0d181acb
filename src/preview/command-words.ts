/**
 * The words of an action's simple command (`Action.command`, as the shell would run it), for the few
 * facts a resolver needs that the targets do not carry: the local side of a push refspec, the remote as
 * written, `git clean`'s flags. Quotes and backslashes are removed; expansions stay as written (targets
 * built from them are marked unresolved by the analysis anyway).
 */
export function commandWords(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1])) cur += command[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      cur += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Global options of git that take a value as the next word. */
const GIT_GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--list-cmds', '--attr-source']);

/** The words after git's subcommand (`git -C x push -f origin main` → `['-f', 'origin', 'main']`). */
export function gitSubcommandArgs(command: string): { sub?: string; args: string[] } {
  const w = commandWords(command);
  let i = w.findIndex((x) => x === 'git' || x.endsWith('/git'));
  if (i < 0) return { args: [] };
  for (i++; i < w.length; i++) {
    const a = w[i];
    if (!a.startsWith('-')) break;
    if (GIT_GLOBAL_WITH_VALUE.has(a)) i++;
  }
  return { sub: w[i], args: w.slice(i + 1) };
}
