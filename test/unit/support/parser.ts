/** Test-only: the real shell parser, loaded once per process. */
import { loadShellParser, type ShellParser } from '../../../src/core/shell/parser';
import { grammarDir } from '../../../src/platform/grammar';

export function parser(): Promise<ShellParser> {
  return loadShellParser(grammarDir());
}
