/**
 * Bad input never crashes or hangs the core, and always gets a decision; what cannot be parsed asks.
 * (The per-test timeout is a hang guard, not a speed target: speed lives in `npm run bench`.)
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, DEFAULT_SETTINGS, type Analyzer } from '../../src/core';
import { analyzer } from './support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

const ctx = { cwd: '/home/dev/project', home: '/home/dev', env: {}, workspaceRoots: ['/home/dev/project'] };
const verdict = (line: string) => decide(a.analyze(line, ctx), DEFAULT_SETTINGS).verdict;

function nestShells(inner: string, depth: number): string {
  let s = inner;
  for (let i = 0; i < depth; i++) s = `bash -c '${s.replace(/'/g, `'\\''`)}'`;
  return s;
}

function randomBytes(n: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x & 0xff);
  }
  return s;
}

const cases: Array<[name: string, line: () => string, expected: 'allow' | 'ask' | 'any']> = [
  ['empty input runs nothing', () => '', 'allow'],
  ['only blanks', () => ' \t \n ', 'allow'],
  ['only a comment', () => '# rm -rf /', 'allow'],
  ['a 1 MB command line is asked about, not parsed', () => 'echo ' + 'a'.repeat(1024 * 1024), 'ask'],
  ['a 1 MB line hiding a destroy at the end', () => 'echo ' + 'a '.repeat(400_000) + '; rm -rf /', 'ask'],
  ['unterminated double quote', () => 'rm -rf "/srv', 'ask'],
  ['unterminated single quote', () => "echo 'hello", 'ask'],
  ['unterminated command substitution', () => 'echo $(rm -rf /', 'ask'],
  ['unterminated heredoc', () => 'bash <<EOF\nrm -rf /', 'ask'],
  ['10,000-deep command substitution', () => '$('.repeat(10_000) + 'rm -rf /' + ')'.repeat(10_000), 'ask'],
  ['10,000-deep subshells', () => '('.repeat(10_000) + 'rm -rf /' + ')'.repeat(10_000), 'ask'],
  ['10,000-deep groups', () => '{ '.repeat(10_000) + 'rm -rf /; ' + '}; '.repeat(10_000), 'ask'],
  ['bash -c nested past the re-parse limit', () => nestShells('rm -rf /', 12), 'ask'],
  ['2,000 words of bash -c (only the first runs: `bash -c bash …` starts a shell)', () => 'bash -c '.repeat(2000) + '"rm -rf /"', 'allow'],
  ['binary bytes', () => randomBytes(4096, 1), 'any'],
  ['binary bytes, another seed', () => randomBytes(65536, 7), 'any'],
  ['NUL characters', () => 'git status\0rm -rf /', 'any'],
  ['lone surrogates', () => 'echo \ud800\udfff\ud800 && ls', 'any'],
  ['100,000 tiny commands', () => 'true;'.repeat(100_000), 'allow'],
  ['a very long pipeline', () => Array.from({ length: 5000 }, () => 'cat').join(' | '), 'allow'],
  ['deeply nested arithmetic', () => 'echo $((' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '))', 'any'],
  ['control characters in arguments', () => 'rm -rf "/srv/\x1b[2K\x07"', 'ask'],
  ['a command of only operators', () => '&& || ; |', 'ask'],
];

for (const [name, line, expected] of cases) {
  test(name, { timeout: 30_000 }, () => {
    const text = line();
    const analysis = a.analyze(text, ctx);
    const d = decide(analysis, DEFAULT_SETTINGS);
    assert.ok(['allow', 'ask', 'deny'].includes(d.verdict));
    if (expected !== 'any') assert.equal(d.verdict, expected, JSON.stringify(d.reasons.slice(0, 3)));
    JSON.stringify(analysis); // serialisable for the CLI and the IPC protocol
  });
}

test('an input that does not parse is never allowed, however harmless its parts', () => {
  assert.equal(verdict('ls ('), 'ask');
  assert.equal(verdict('git status )'), 'ask');
});
