import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHash, canonicalJson, sha256Hex } from '../../../src/audit/canonical';

const spellings: Array<[what: string, value: unknown, canonical: string]> = [
  ['keys are sorted, no whitespace', { b: 1, a: [true, false, null], c: { z: 'z', y: 'y' } }, '{"a":[true,false,null],"b":1,"c":{"y":"y","z":"z"}}'],
  ['nested arrays keep their order', [[3, [2, [1]]], [], [[]]], '[[3,[2,[1]]],[],[[]]]'],
  ['integers, fractions, exponents and negative zero as ECMAScript spells them', [0, -0, 1.5, -2, 1e21, 1e-7, 123456789012345680000], '[0,0,1.5,-2,1e+21,1e-7,123456789012345680000]'],
  ['unicode is kept as is; quotes, backslashes and controls escaped', { s: 'żółw 🐢 "q" \\ \n \u001b' }, '{"s":"żółw 🐢 \\"q\\" \\\\ \\n \\u001b"}'],
  // 🐢 is the surrogate pair D83D DC22, which sorts before ｚ (FF5A) in code units though not in code points.
  ['keys sort by UTF-16 code units, not locale', { b: 1, B: 2, é: 3, e: 4, 'ｚ': 6, '🐢': 5 }, '{"B":2,"b":1,"e":4,"é":3,"🐢":5,"ｚ":6}'],
  ['undefined properties are dropped, undefined array slots are null (as JSON.stringify)', { a: undefined, b: [undefined, 1] }, '{"b":[null,1]}'],
  ['toJSON is honoured (dates)', { at: new Date(Date.UTC(2025, 0, 2)) }, '{"at":"2025-01-02T00:00:00.000Z"}'],
  ['lone surrogates are escaped', '\ud800x', '"\\ud800x"'],
  ['scalars', 'plain', '"plain"'],
  ['empty object', {}, '{}'],
];

for (const [what, value, canonical] of spellings) {
  test(`canonical JSON: ${what}`, () => {
    assert.equal(canonicalJson(value), canonical);
  });
}

test('canonical JSON is stable under key order, at every depth', () => {
  const a = { x: 1, y: { p: [1, { m: 1, n: 2 }], q: 'q' }, z: null };
  const b = { z: null, y: { q: 'q', p: [1, { n: 2, m: 1 }] }, x: 1 };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(canonicalHash(a), canonicalHash(b));
});

test('canonical JSON survives a JSON round trip unchanged', () => {
  const value = { note: undefined, list: [1, 'two', { three: 3, 'ünï': '\u2028' }], big: 2 ** 53, tiny: 5e-324, neg: -0.1 };
  assert.equal(canonicalJson(JSON.parse(JSON.stringify(value))), canonicalJson(value));
  assert.equal(canonicalJson(JSON.parse(canonicalJson(value))), canonicalJson(value));
});

test('canonical JSON refuses what JSON cannot carry', () => {
  for (const bad of [NaN, Infinity, -Infinity, { n: NaN }, [Infinity], 1n, () => 1]) {
    assert.throws(() => canonicalJson(bad), TypeError, String(bad));
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), /cycle/);
});

test('a shared (non-cyclic) object may appear twice', () => {
  const shared = { k: 1 };
  assert.equal(canonicalJson({ a: shared, b: [shared] }), '{"a":{"k":1},"b":[{"k":1}]}');
});

test('sha256 of the canonical text, lowercase hex', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(canonicalHash({ b: 2, a: 1 }), sha256Hex('{"a":1,"b":2}'));
});
