/** The analyzer with every rule pack, ready to use. Loads the grammar once per process. */
import { createAnalyzer, rulePacks, type Analyzer } from '../core';
import { loadShellParser } from '../core/shell/parser';
import { grammarDir } from './grammar';

export async function loadAnalyzer(): Promise<Analyzer> {
  return createAnalyzer(await loadShellParser(grammarDir()), rulePacks);
}
