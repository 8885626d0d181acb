/** The credentials endpoint's wire checks, and how a grant rides along with a `run` answer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCredentialsRequest, validateProcessCredentials } from '../../../src/ipc/credentials';
import { parsePlain, renderPlain, validateCheckResponse } from '../../../src/ipc/protocol';

const GRANT = 'Qm9vdHN0cmFwcGVkLWdyYW50LWlkLTAwMDAwMDAw';

const requests: Array<[value: unknown, want: object | RegExp]> = [
  [{ profile: 'default' }, { profile: 'default' }],
  [{ profile: 'prod-eu_1', grant: GRANT }, { profile: 'prod-eu_1', grant: GRANT }],
  [{ profile: 'my profile' }, /^profile:/],
  [{ profile: '' }, /^profile:/],
  [{ profile: 'x'.repeat(129) }, /^profile:/],
  [{ profile: 'default', grant: 'short' }, /^grant: malformed/],
  [{ profile: 'default', grant: `${GRANT}\n` }, /^grant: malformed/],
  [{ profile: 'default', extra: 1 }, /unknown field "extra"/],
  [['default'], /must be a JSON object/],
  [null, /must be a JSON object/],
];
for (const [value, want] of requests) {
  test(`credentials request ${JSON.stringify(value)?.slice(0, 60)}`, () => {
    const got = validateCredentialsRequest(value);
    if (want instanceof RegExp) assert.match(got as string, want);
    else assert.deepEqual(got, want);
  });
}

const good = { Version: 1, AccessKeyId: 'ASIAEXAMPLE000000000', SecretAccessKey: 's3cr3t', SessionToken: 'tok', Expiration: '2025-12-01T10:15:00.000Z' };
test('process credentials: complete ones pass, nothing extra is kept', () => {
  assert.deepEqual(validateProcessCredentials({ ...good, Extra: 'x' }), good);
});
for (const [field, bad] of [['Version', 2], ['AccessKeyId', 'lowercase-key-000000'], ['SecretAccessKey', ''], ['SessionToken', undefined], ['Expiration', 'soon']] as const) {
  test(`process credentials: a bad ${field} is refused`, () => assert.match(validateProcessCredentials({ ...good, [field]: bad }) as string, new RegExp(`^${field}`)));
}

test('a grant travels on the second line of a plain `run` and is read back', () => {
  const text = renderPlain({ outcome: 'run', message: 'Blast Radius: a person approved it.', grant: GRANT });
  assert.equal(text, `run\ngrant=${GRANT}\nBlast Radius: a person approved it.`);
  assert.deepEqual(parsePlain(text), { outcome: 'run', message: 'Blast Radius: a person approved it.', grant: GRANT });
});

test('no grant line on blocked answers, or for a malformed grant', () => {
  assert.equal(renderPlain({ outcome: 'blocked', message: 'no', grant: GRANT }), 'blocked\nno');
  assert.equal(renderPlain({ outcome: 'run', message: 'ok', grant: 'x; rm -rf /' }), 'run\nok');
});

test('a check response keeps a well-formed grant on run, drops it otherwise', () => {
  const base = { requestId: '1', outcome: 'run', verdict: 'ask', decidedBy: 'person', message: 'ok' };
  assert.deepEqual(validateCheckResponse({ ...base, grant: GRANT }), { ...base, grant: GRANT });
  assert.deepEqual(validateCheckResponse({ ...base, grant: '$(id)' }), base);
  assert.deepEqual(validateCheckResponse({ ...base, outcome: 'blocked', grant: GRANT }), { ...base, outcome: 'blocked' });
});
