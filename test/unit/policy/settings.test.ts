/** Settings are read defensively: bad values fall back to the safest reading and say so. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings, sectionFromSettingsJson } from '../../../src/core/policy/settings';

test('no settings: the defaults, no problems', () => {
  assert.deepEqual(readSettings(undefined), { settings: { ...DEFAULT_SETTINGS }, problems: [] });
  assert.deepEqual(readSettings({}).problems, []);
});

const cases: Array<[name: string, section: unknown, check: (r: ReturnType<typeof readSettings>) => void]> = [
  ['valid lists are kept', { protectedResources: ['s3://prod-*'], deny: ['aws iam delete-*'], allow: ['git push origin feature/*'] }, (r) => {
    assert.deepEqual(r.settings.protectedResources, ['s3://prod-*']);
    assert.deepEqual(r.settings.deny, ['aws iam delete-*']);
    assert.deepEqual(r.settings.allow, ['git push origin feature/*']);
    assert.equal(r.problems.length, 0);
  }],
  ['a single string is taken as a one-item list', { protectedResources: 's3://prod-*' }, (r) => {
    assert.deepEqual(r.settings.protectedResources, ['s3://prod-*']);
    assert.equal(r.settings.protectEverything, false);
  }],
  ['protection that is not a list protects everything', { protectedResources: { a: 1 } }, (r) => {
    assert.equal(r.settings.protectEverything, true);
    assert.match(r.problems.join(' '), /protectedResources must be a list/);
  }],
  ['a non-string protection entry protects everything, the rest is kept', { protectedResources: ['s3://a', 42] }, (r) => {
    assert.equal(r.settings.protectEverything, true);
    assert.deepEqual(r.settings.protectedResources, ['s3://a']);
    assert.match(r.problems.join(' '), /protectedResources\[1\]/);
  }],
  ['a malformed deny rule protects everything', { deny: [null] }, (r) => assert.equal(r.settings.protectEverything, true)],
  ['a malformed allow rule is dropped: no exception is safer', { allow: ['ok', 3] }, (r) => {
    assert.deepEqual(r.settings.allow, ['ok']);
    assert.equal(r.settings.protectEverything, false);
    assert.equal(r.problems.length, 1);
  }],
  ['empty patterns are dropped and reported', { protectedResources: ['  '] }, (r) => assert.equal(r.problems.length > 0, true)],
  ['bulk threshold must be a positive integer', { bulkThreshold: 0 }, (r) => {
    assert.equal(r.settings.bulkThreshold, DEFAULT_SETTINGS.bulkThreshold);
    assert.match(r.problems[0], /bulkThreshold/);
  }],
  ['bulk threshold as a string is refused', { bulkThreshold: '5' }, (r) => assert.equal(r.settings.bulkThreshold, DEFAULT_SETTINGS.bulkThreshold)],
  ['a valid bulk threshold is kept', { bulkThreshold: 3 }, (r) => assert.equal(r.settings.bulkThreshold, 3)],
  ['unknownTools typo falls back to ask', { unknownTools: 'alow' }, (r) => {
    assert.equal(r.settings.unknownTools, 'ask');
    assert.match(r.problems[0], /unknownTools/);
  }],
  ['unknownTools ask is kept', { unknownTools: 'ask' }, (r) => assert.equal(r.settings.unknownTools, 'ask')],
  ['accounts: a name only', { aws: { accounts: { '123456789012': 'prod' } } }, (r) => assert.deepEqual(r.settings.awsAccounts['123456789012'], { name: 'prod', protected: false })],
  ['accounts: dotted key form', { 'aws.accounts': { '123456789012': { name: 'prod', protected: true } } }, (r) => assert.deepEqual(r.settings.awsAccounts['123456789012'], { name: 'prod', protected: true })],
  ['accounts: a bad id is ignored and reported', { aws: { accounts: { prod: 'x' } } }, (r) => {
    assert.deepEqual(r.settings.awsAccounts, {});
    assert.match(r.problems[0], /12-digit/);
  }],
  ['accounts: a malformed protected flag protects', { aws: { accounts: { '123456789012': { protected: 'yes' } } } }, (r) => assert.equal(r.settings.awsAccounts['123456789012'].protected, true)],
  ['accounts: a malformed entry protects', { aws: { accounts: { '123456789012': 7 } } }, (r) => assert.equal(r.settings.awsAccounts['123456789012'].protected, true)],
  ['a section that is not an object is the strictest reading', 'nonsense', (r) => {
    assert.equal(r.settings.protectEverything, true);
    assert.equal(r.settings.unknownTools, 'ask');
  }],
  ['unknown keys are ignored silently', { futureSetting: true }, (r) => assert.equal(r.problems.length, 0)],
];

for (const [name, section, check] of cases) test(name, () => check(readSettings(section)));

test('settings.json flat keys become a section', () => {
  const section = sectionFromSettingsJson({ 'blastRadius.deny': ['x'], 'blastRadius.aws.accounts': { '123456789012': 'p' }, 'editor.tabSize': 2 });
  assert.deepEqual(section, { deny: ['x'], 'aws.accounts': { '123456789012': 'p' } });
  assert.deepEqual(readSettings(section).settings.awsAccounts, { '123456789012': { name: 'p', protected: false } });
});
