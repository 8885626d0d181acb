/**
 * When a click in the chat can count as the person's approval (only where the editor cannot skip the
 * confirmation), and the one-time tickets that bind it to one input and one preview.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatConfirmationCounts, ConfirmationTickets, inputKey, type EditorFacts } from '../../../src/chat/approval';

const REF = 'blastRadiusRunCommand';
const FULL = 'blast-radius.blast-radius/blastRadiusRunCommand';

/** VS Code 1.105 with our tool excluded from auto approval under both names it may be looked up by. */
const excluded: EditorFacts = {
  appName: 'Visual Studio Code',
  version: '1.105.1',
  eligibilityRegistered: true,
  eligibility: { [REF]: false, [FULL]: false, other: true },
  sessionLevelsRegistered: false,
  referenceNames: [REF, FULL],
};

const cases: Array<[what: string, facts: EditorFacts, counts: boolean, why?: RegExp]> = [
  ['VS Code before 1.110, our tool excluded under both names', excluded, true],
  ['the Insiders build too', { ...excluded, appName: 'Visual Studio Code - Insiders' }, true],
  ['VS Code 1.110: sessions can confirm every tool call', { ...excluded, version: '1.110.0' }, false, /VS Code 1\.110\.0 can confirm every tool call/],
  ['VS Code 1.124', { ...excluded, version: '1.124.2' }, false, /Bypass Approvals, Autopilot, Assisted/],
  ['VS Code 2.0', { ...excluded, version: '2.0.0' }, false],
  ['a version that cannot be read', { ...excluded, version: 'dev' }, false],
  ['permission levels registered, whatever the version says', { ...excluded, sessionLevelsRegistered: true }, false, /permission levels/],
  ['code-server', { ...excluded, appName: 'code-server' }, false, /code-server may confirm tools by its own rules/],
  ['Cursor', { ...excluded, appName: 'Cursor' }, false],
  ['the eligibility setting unknown to this editor', { ...excluded, eligibilityRegistered: false }, false, /cannot exclude tools/],
  ['only the short name excluded', { ...excluded, eligibility: { [REF]: false } }, false, /does not set "blastRadiusRunCommand" and "blast-radius\.blast-radius\/blastRadiusRunCommand" to false/],
  ['only the full name excluded', { ...excluded, eligibility: { [FULL]: false } }, false],
  ['excluded with a string, not false', { ...excluded, eligibility: { [REF]: 'false', [FULL]: 'false' } }, false],
  ['no eligibility map', { ...excluded, eligibility: undefined }, false],
  ['the default: every tool eligible', { ...excluded, eligibility: {} }, false],
  ['no names to look up', { ...excluded, referenceNames: [] }, false],
];
for (const [what, facts, counts, why] of cases) {
  test(`${counts ? 'counts' : 'does not count'}: ${what}`, () => {
    const t = chatConfirmationCounts(facts);
    assert.equal(t.counts, counts, t.why);
    if (why) assert.match(t.why, why);
  });
}

test('the input key ignores key order and tells different inputs apart', () => {
  assert.equal(inputKey('run', { command: 'rm x', cwd: '/a' }), inputKey('run', { cwd: '/a', command: 'rm x' }));
  assert.equal(inputKey('aws', { parameters: { B: 1, A: [{ y: 1, x: 2 }] } }), inputKey('aws', { parameters: { A: [{ x: 2, y: 1 }], B: 1 } }));
  assert.notEqual(inputKey('run', { command: 'rm x' }), inputKey('run', { command: 'rm y' }));
  assert.notEqual(inputKey('run', { command: 'rm x' }), inputKey('aws', { command: 'rm x' }));
  assert.notEqual(inputKey('aws', { parameters: { A: ['1', '2'] } }), inputKey('aws', { parameters: { A: ['2', '1'] } }));
});

function clocked(ttl = 1000) {
  let now = 0;
  const tickets = new ConfirmationTickets(() => ttl, () => now, 3);
  return { tickets, tick: (ms: number) => (now += ms) };
}

test('a ticket is taken once, for the input it was issued for', () => {
  const { tickets } = clocked();
  tickets.issue('k1', 'hash-1');
  assert.equal(tickets.take('k2'), undefined);
  assert.deepEqual(tickets.take('k1'), { previewHash: 'hash-1' });
  assert.equal(tickets.take('k1'), undefined);
});

test('two confirmations of the same input give two tickets, taken oldest first', () => {
  const { tickets } = clocked();
  tickets.issue('k', 'first');
  tickets.issue('k', 'second');
  assert.deepEqual(tickets.take('k'), { previewHash: 'first' });
  assert.deepEqual(tickets.take('k'), { previewHash: 'second' });
  assert.equal(tickets.take('k'), undefined);
});

test('a ticket expires after its time', () => {
  const { tickets, tick } = clocked(1000);
  tickets.issue('k', 'h');
  tick(999);
  assert.equal(tickets.size, 1);
  tick(1);
  assert.equal(tickets.take('k'), undefined);
  assert.equal(tickets.size, 0);
});

test('the store stays small: past its bound the oldest tickets go', () => {
  const { tickets } = clocked();
  for (const k of ['a', 'b', 'c', 'd']) tickets.issue(k, k);
  assert.equal(tickets.size, 3);
  assert.equal(tickets.take('a'), undefined);
  assert.deepEqual(tickets.take('d'), { previewHash: 'd' });
});
