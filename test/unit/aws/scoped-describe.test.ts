/** What the status bar and the panel say about agents' AWS credentials. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsStatusView, describeAgentCredentials } from '../../../src/aws/scoped/describe';
import { readGateSettings } from '../../../src/gate/settings';

const describe = (section: Record<string, unknown>) => describeAgentCredentials(readGateSettings(section).settings);

test('passthrough: a warning that agents hold the person\u2019s full credentials', () => {
  const d = describe({ protectedResources: ['arn:aws:s3:::prod-*'] });
  assert.deepEqual(d, { mode: 'passthrough', line: 'passthrough: agent terminals hold your full credentials', warning: true });
  const v = credentialsStatusView(d);
  assert.equal(v.text, '$(warning) AWS: full credentials');
  assert.equal(v.attention, true);
  assert.match(v.tooltip, /set blastRadius\.aws\.agentCredentials to "scoped"/i);
});

test('scoped: what the session policy denies, on how many protected resources', () => {
  const d = describe({ protectedResources: ['arn:aws:s3:::prod-*'], aws: { agentCredentials: 'scoped' } });
  assert.match(d.line, /^scoped: session policy denies \d+ destructive actions on 1 protected resource$/);
  assert.equal(d.warning, false);
  assert.deepEqual(credentialsStatusView(d).text, '$(lock) AWS: scoped');
});

test('scoped, destructive everywhere: on every resource', () => {
  const d = describe({ protectedResources: ['arn:aws:s3:::prod-*'], aws: { agentCredentials: 'scoped', destructiveEverywhere: true } });
  assert.match(d.line, /^scoped: session policy denies \d+ destructive actions on every resource$/);
});

test('scoped with nothing protected: said plainly, as a warning', () => {
  const d = describe({ aws: { agentCredentials: 'scoped' } });
  assert.equal(d.line, 'scoped: session policy denies no destructive action: no AWS resource is protected');
  assert.equal(d.warning, true);
});

test('scoped, but the policy cannot fit: agents get no credentials, and the line says why', () => {
  const many = Array.from({ length: 200 }, (_, i) => `arn:aws:dynamodb:us-east-1:123456789012:table/t${i}-*`);
  const d = describe({ protectedResources: many, aws: { agentCredentials: 'scoped' } });
  assert.match(d.line, /^scoped: agent terminals get no AWS credentials: the session policy for agents is \d+ characters, over STS's limit of 2048/);
  assert.equal(d.warning, true);
  assert.equal(credentialsStatusView(d).text, '$(warning) AWS: no agent credentials');
});
