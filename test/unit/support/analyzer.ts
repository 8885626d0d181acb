/** Test-only: the analyzer with every rule pack. */
import { createAnalyzer, rulePacks, type Analyzer } from '../../../src/core';
import { parser } from './parser';

export async function analyzer(): Promise<Analyzer> {
  return createAnalyzer(await parser(), rulePacks);
}
