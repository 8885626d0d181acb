/** The AWS config agent terminals get: the person's profiles and settings, none of their credential sources. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentAwsConfig } from '../../../src/aws/scoped/agent-config';
import { credentialProcessLine } from '../../../src/aws/scoped/agent-files';
import { agentTerminalVariables, EMPTIED } from '../../../src/aws/scoped/terminal-env';

const CONFIG = `
# my profiles
[default]
region = eu-west-1
output = json
aws_access_key_id = AKIAOLDKEYINCONFIG00
credential_process = /usr/local/bin/vault-creds

[profile prod]
region=us-east-1
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::123456789012:mfa/me
s3 =
  addressing_style = path
  max_concurrent_requests = 20
sso_start_url = https://example.awsapps.com/start

[profile sso-dev]
sso_session = corp
sso_account_id = 210987654321
sso_role_name = Dev
region = us-west-2
endpoint_url = http://localhost:4566
some_future_credential_source = magic

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1

[services local]
s3 =
  endpoint_url = http://localhost:9000

[profile my profile]
region = ap-south-1
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIAEXAMPLEDEFAULT00
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
[ci]
aws_access_key_id = AKIAEXAMPLECI0000000
aws_secret_access_key = secret
region = ignored-here
`;

const line = (p: string) => `<cp ${p}>`;

test('every profile keeps where and how, and gets credential_process instead of its credential sources', () => {
  const c = agentAwsConfig(CONFIG, CREDENTIALS, line);
  assert.equal(
    c.text.split('\n').slice(3).join('\n'),
    `
[default]
region = eu-west-1
output = json
credential_process = <cp default>

[profile prod]
region=us-east-1
s3 =
  addressing_style = path
  max_concurrent_requests = 20
credential_process = <cp prod>

[profile sso-dev]
region = us-west-2
endpoint_url = http://localhost:4566
credential_process = <cp sso-dev>

[profile ci]
credential_process = <cp ci>

[services local]
s3 =
  endpoint_url = http://localhost:9000
`,
  );
  assert.deepEqual(c.profiles, ['default', 'prod', 'sso-dev', 'ci']);
  assert.deepEqual(c.skipped, ['my profile']);
});

test('no secret, key, role, SSO or unknown source survives', () => {
  const { text } = agentAwsConfig(CONFIG, CREDENTIALS, line);
  for (const gone of ['AKIA', 'wJalr', 'secret', 'role_arn', 'source_profile', 'mfa_serial', 'sso_', 'vault-creds', 'magic', 'sso-session']) {
    assert.ok(!text.includes(gone), `${gone} leaked into:\n${text}`);
  }
});

test('no config at all: a default profile that asks the gate', () => {
  const c = agentAwsConfig('', '', line);
  assert.deepEqual(c.profiles, ['default']);
  assert.match(c.text, /\[default\]\ncredential_process = <cp default>\n$/);
});

test('the credential_process line quotes every word for both shlex (AWS CLI) and sh (JavaScript SDK)', () => {
  assert.equal(
    credentialProcessLine({ node: "/opt/VS Code/it's/code", client: '/ext/dist/credential-process.js' }, 'prod'),
    `'/usr/bin/env' 'ELECTRON_RUN_AS_NODE=1' '/opt/VS Code/it'\\''s/code' '/ext/dist/credential-process.js' '--profile' 'prod'`,
  );
});

test('agent terminals: the generated files, every other credential source emptied, no instance metadata', () => {
  const vars = agentTerminalVariables({ configFile: '/s/aws/config', credentialsFile: '/s/aws/credentials' });
  assert.equal(vars.AWS_CONFIG_FILE, '/s/aws/config');
  assert.equal(vars.AWS_SHARED_CREDENTIALS_FILE, '/s/aws/credentials');
  assert.equal(vars.AWS_EC2_METADATA_DISABLED, 'true');
  for (const n of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
    assert.ok((EMPTIED as readonly string[]).includes(n));
    assert.equal(vars[n], '');
  }
  // The profile choice is the person's: kept.
  assert.equal('AWS_PROFILE' in vars, false);
});
