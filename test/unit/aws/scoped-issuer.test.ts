/**
 * How agents' session credentials are obtained from the caller's identity (a stand-in for STS), and how
 * they are cached and issued again before they run out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCaller } from '../../../src/aws/scoped/caller';
import { IssueError, issueSession, type SessionCredentials, type StsPort } from '../../../src/aws/scoped/issuer';
import { AgentSessions } from '../../../src/aws/scoped/sessions';

const callers: Array<[arn: string, kind: string, extra?: Record<string, string>]> = [
  ['arn:aws:iam::123456789012:root', 'root'],
  ['arn:aws:iam::123456789012:user/alice', 'user', { userName: 'alice' }],
  ['arn:aws:iam::123456789012:user/division/team/alice', 'user', { userName: 'alice' }],
  ['arn:aws:sts::123456789012:assumed-role/Developer/alice@example.com', 'assumed-role', { roleName: 'Developer', roleArn: 'arn:aws:iam::123456789012:role/Developer' }],
  ['arn:aws-cn:sts::123456789012:assumed-role/Ops/s1', 'assumed-role', { roleArn: 'arn:aws-cn:iam::123456789012:role/Ops' }],
  ['arn:aws:sts::123456789012:federated-user/bob', 'other'],
  ['arn:aws:sts::123456789012:user/moto', 'other'],
  ['not an arn', 'other'],
];
for (const [arn, kind, extra] of callers) {
  test(`caller ${arn} → ${kind}`, () => {
    const c = classifyCaller(arn) as unknown as Record<string, string>;
    assert.equal(c.kind, kind);
    for (const [k, v] of Object.entries(extra ?? {})) assert.equal(c[k], v);
  });
}

/** A scripted STS that records every call. */
function fakeSts(callerArn: string, opts: { refuseAssume?: string; paths?: Record<string, string> } = {}) {
  const calls: Array<{ call: string; profile: string; input?: Record<string, unknown> }> = [];
  let n = 0;
  const creds = (seconds: number): SessionCredentials => {
    n += 1;
    return { accessKeyId: `ASIAFAKE${String(n).padStart(8, '0')}`, secretAccessKey: `secret-${n}`, sessionToken: `token-${n}`, expiration: new Date(clock.now + seconds * 1000) };
  };
  const sts: StsPort = {
    async callerArn(profile) {
      calls.push({ call: 'GetCallerIdentity', profile });
      return callerArn;
    },
    async roleArnWithPath(profile, roleName) {
      calls.push({ call: 'GetRole', profile, input: { roleName } });
      return opts.paths?.[roleName];
    },
    async assumeRole(profile, input) {
      calls.push({ call: 'AssumeRole', profile, input });
      if (opts.refuseAssume) throw Object.assign(new Error(opts.refuseAssume), { name: 'AccessDenied' });
      return creds(input.DurationSeconds);
    },
    async federationToken(profile, input) {
      calls.push({ call: 'GetFederationToken', profile, input });
      return creds(input.DurationSeconds);
    },
  };
  return { sts, calls };
}
const clock = { now: Date.parse('2025-12-01T10:00:00Z') };
const POLICY = '{"Version":"2012-10-17","Statement":[]}';
const request = { profile: 'dev', policy: POLICY, durationSeconds: 1800, sessionName: 'blast-radius-agent' };

test('an IAM user gets a federation token carrying the session policy', async () => {
  const { sts, calls } = fakeSts('arn:aws:iam::123456789012:user/alice');
  const issued = await issueSession(sts, request);
  assert.match(issued.via, /^GetFederationToken as arn:aws:iam::123456789012:user\/alice$/);
  assert.deepEqual(calls[1], { call: 'GetFederationToken', profile: 'dev', input: { Name: 'blast-radius-agent', Policy: POLICY, DurationSeconds: 1800 } });
});

test('a role session assumes its own role again, with the path IAM names', async () => {
  const { sts, calls } = fakeSts('arn:aws:sts::123456789012:assumed-role/Dev/alice', { paths: { Dev: 'arn:aws:iam::123456789012:role/teams/Dev' } });
  const issued = await issueSession(sts, request);
  assert.equal(issued.via, 'AssumeRole arn:aws:iam::123456789012:role/teams/Dev');
  assert.deepEqual(calls.at(-1)?.input, { RoleArn: 'arn:aws:iam::123456789012:role/teams/Dev', RoleSessionName: 'blast-radius-agent', Policy: POLICY, DurationSeconds: 1800 });
});

test('a configured agent role is assumed whoever the caller is', async () => {
  const { sts, calls } = fakeSts('arn:aws:iam::123456789012:user/alice');
  await issueSession(sts, { ...request, roleArn: 'arn:aws:iam::123456789012:role/agent' });
  assert.deepEqual(calls.map((c) => c.call), ['GetCallerIdentity', 'AssumeRole']);
  assert.equal(calls[1].input?.RoleArn, 'arn:aws:iam::123456789012:role/agent');
});

test('a trust policy that refuses the role itself is reported with what to do', async () => {
  const { sts } = fakeSts('arn:aws:sts::123456789012:assumed-role/Dev/alice', { refuseAssume: 'User is not authorized to perform: sts:AssumeRole' });
  await assert.rejects(issueSession(sts, request), (e: Error) => {
    assert.ok(e instanceof IssueError);
    assert.match(e.message, /AssumeRole on arn:aws:iam::123456789012:role\/Dev \(your own role, as arn:aws:sts::123456789012:assumed-role\/Dev\/alice\) failed: AccessDenied: User is not authorized/);
    assert.match(e.message, /trust policy must allow Dev .* or set blastRadius\.aws\.agentRoleArn/);
    return true;
  });
});

test('root credentials: nothing is issued, and the message says why', async () => {
  const { sts, calls } = fakeSts('arn:aws:iam::123456789012:root');
  await assert.rejects(issueSession(sts, request), /root user's credentials of account 123456789012\. Blast Radius does not derive agent credentials from root/);
  assert.deepEqual(calls.map((c) => c.call), ['GetCallerIdentity']);
});

test('a federated user cannot be narrowed without a configured role', async () => {
  const { sts } = fakeSts('arn:aws:sts::123456789012:federated-user/bob');
  await assert.rejects(issueSession(sts, request), /cannot derive session credentials; set blastRadius\.aws\.agentRoleArn/);
});

test('sessions: cached while fresh, issued again before they run out, and anew when the policy changes', async () => {
  const { sts, calls } = fakeSts('arn:aws:iam::123456789012:user/alice');
  let policy = POLICY;
  const sessions = new AgentSessions({ sts, policy: () => ({ json: policy }), roleArn: () => undefined, now: () => clock.now, sessionSeconds: 1800, refreshBeforeSeconds: 1200 });
  const issued = () => calls.filter((c) => c.call === 'GetFederationToken').length;
  const first = await sessions.credentials('dev');
  assert.equal((await sessions.credentials('dev')).accessKeyId, first.accessKeyId);
  assert.equal(issued(), 1);
  clock.now += 9 * 60_000; // 21 minutes left: still handed out
  assert.equal((await sessions.credentials('dev')).accessKeyId, first.accessKeyId);
  clock.now += 2 * 60_000; // 19 minutes left: issued again
  const second = await sessions.credentials('dev');
  assert.notEqual(second.accessKeyId, first.accessKeyId);
  assert.equal(issued(), 2);
  policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}';
  const third = await sessions.credentials('dev');
  assert.notEqual(third.accessKeyId, second.accessKeyId);
  assert.equal(calls.filter((c) => c.call === 'GetFederationToken').at(-1)?.input?.Policy, policy);
  // Another profile is its own session.
  await sessions.credentials('prod');
  assert.equal(issued(), 4);
});

test('sessions: concurrent callers share one STS call', async () => {
  const { sts, calls } = fakeSts('arn:aws:iam::123456789012:user/alice');
  const sessions = new AgentSessions({ sts, policy: () => ({ json: POLICY }), roleArn: () => undefined, now: () => clock.now });
  const all = await Promise.all([1, 2, 3, 4].map(() => sessions.credentials('dev')));
  assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
  assert.equal(calls.filter((c) => c.call === 'GetFederationToken').length, 1);
});

test('sessions: no session policy, no credentials (fail closed)', async () => {
  const { sts, calls } = fakeSts('arn:aws:iam::123456789012:user/alice');
  const sessions = new AgentSessions({ sts, policy: () => ({ error: 'the session policy is 3000 characters, over the limit' }), roleArn: () => undefined });
  await assert.rejects(sessions.credentials('dev'), /over the limit/);
  assert.equal(calls.length, 0);
});

test('sessions: a failure is not cached', async () => {
  let fail = true;
  const { sts } = fakeSts('arn:aws:iam::123456789012:user/alice');
  const flaky: StsPort = { ...sts, federationToken: (p, i) => (fail ? Promise.reject(new Error('throttled')) : sts.federationToken(p, i)) };
  const sessions = new AgentSessions({ sts: flaky, policy: () => ({ json: POLICY }), roleArn: () => undefined, now: () => clock.now });
  await assert.rejects(sessions.credentials('dev'), /throttled/);
  fail = false;
  assert.match((await sessions.credentials('dev')).accessKeyId, /^ASIAFAKE/);
});
