import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iacRules } from '../../../src/core/rules/iac';
import { simpleCommand, testContext } from '../support/command';
import { assertAction, type Expect } from '../support/expect-action';


const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack';

const cases: Array<[line: string, expect: Expect]> = [
  // CDK
  ['cdk synth', { effect: 'read' }],
  ['cdk diff', { effect: 'read' }],
  ['cdk diff ProdStack --profile prod', { effect: 'read' }],
  ['cdk ls', { effect: 'read' }],
  ['cdk list --long', { effect: 'read' }],
  ['cdk doctor', { effect: 'read' }],
  ['cdk --version', { effect: 'read' }],
  ['cdk deploy --help', { effect: 'read' }],
  ['cdk deploy ApiStack', { effect: 'write', rule: 'iac.cdk-deploy', targets: [`${STACK}/ApiStack/*`], note: /another account/ }],
  ['cdk deploy --all --require-approval never', { effect: 'write', many: true, note: /require-approval never/ }],
  ['cdk deploy -c env=prod --hotswap ApiStack', { effect: 'write', targets: [`${STACK}/ApiStack/*`], note: /hotswap/ }],
  ['cdk deploy', { effect: 'write', many: true }],
  ['cdk deploy "Prod*"', { effect: 'write', many: true }],
  ['cdk destroy ApiStack --force', { effect: 'destroy', targets: [`${STACK}/ApiStack/*`], note: /--force/ }],
  ['cdk destroy --all', { effect: 'destroy', targets: [`${STACK}/*/*`], many: true }],
  ['cdk bootstrap aws://123456789012/us-east-1', { effect: 'write', targets: [`${STACK}/CDKToolkit/*`] }],
  ['cdk init app --language typescript', { effect: 'write', recoverable: true }],
  ['cdk watch', { effect: 'write' }],
  ['cdk gc --unstable=gc', { effect: 'destroy' }],
  ['cdk frobnicate', { effect: 'unknown', rule: 'iac.cdk-unknown-subcommand' }],

  // SAM
  ['sam build', { effect: 'write', recoverable: true, targets: ['/home/dev/project/.aws-sam'] }],
  ['sam build --use-container', { effect: 'write', recoverable: true }],
  ['sam validate --lint', { effect: 'read' }],
  ['sam local invoke HelloFunction -e events/event.json', { effect: 'write', recoverable: true, note: /credentials/ }],
  ['sam local generate-event s3 put', { effect: 'read' }],
  ['sam logs -n HelloFunction --stack-name app --tail', { effect: 'read' }],
  ['sam list stack-outputs --stack-name app', { effect: 'read', operation: 'list stack-outputs' }],
  ['sam deploy --stack-name app --region eu-west-1', {
    effect: 'write', targets: ['arn:aws:cloudformation:eu-west-1:123456789012:stack/app/*'], region: 'eu-west-1',
  }],
  ['sam deploy', { effect: 'write', note: /samconfig/ }],
  ['sam deploy --no-execute-changeset --stack-name app', { effect: 'write', note: /change set/ }],
  ['sam sync --stack-name app --watch', { effect: 'write', note: /--watch/ }],
  ['sam delete --stack-name app --no-prompts', { effect: 'destroy', targets: [`${STACK}/app/*`], note: /no-prompts/ }],
  ['sam remote invoke HelloFunction --stack-name app', { effect: 'write' }],
  ['sam frob', { effect: 'unknown' }],

  // Pulumi
  ['pulumi preview', { effect: 'read' }],
  ['pulumi preview --stack dev --diff', { effect: 'read', where: 'stack dev' }],
  ['pulumi stack ls', { effect: 'read' }],
  ['pulumi stack output --json', { effect: 'read' }],
  ['pulumi stack', { effect: 'read' }],
  ['pulumi config get aws:region', { effect: 'read' }],
  ['pulumi config set aws:region eu-west-1', { effect: 'write', recoverable: true }],
  ['pulumi whoami', { effect: 'read' }],
  ['pulumi stack select prod', { effect: 'write', recoverable: true }],
  ['pulumi up', { effect: 'write', targets: ['pulumi://current'], many: true }],
  ['pulumi up --yes --stack prod', { effect: 'write', targets: ['pulumi://prod'], where: 'stack prod', note: /--yes/ }],
  ['pulumi up -s prod --target urn:pulumi:prod::app::aws:s3/bucket:Bucket::logs', {
    effect: 'write', targets: ['pulumi://prod/urn:pulumi:prod::app::aws:s3/bucket:Bucket::logs'], many: false,
  }],
  ['pulumi up -s prod --replace urn:pulumi:prod::app::aws:rds/instance:Instance::db', { effect: 'destroy', rule: 'iac.pulumi-up-replace' }],
  ['pulumi refresh -y', { effect: 'write' }],
  ['pulumi destroy -s prod -y', { effect: 'destroy', targets: ['pulumi://prod'], many: true }],
  ['pulumi destroy --preview-only', { effect: 'read' }],
  ['pulumi stack rm prod --force', { effect: 'destroy', targets: ['pulumi://prod'], note: /--force/ }],
  ['pulumi state delete urn:pulumi:prod::app::aws:s3/bucket:Bucket::logs -s prod', { effect: 'destroy', note: /keeps running/ }],
  ['pulumi -C infra up', { effect: 'write' }],
  ['pulumi frob', { effect: 'unknown' }],

  // Serverless Framework
  ['serverless info --stage prod', { effect: 'read', where: 'stage prod' }],
  ['sls print', { effect: 'read' }],
  ['sls logs -f hello -t', { effect: 'read' }],
  ['sls package', { effect: 'write', recoverable: true }],
  ['sls deploy list', { effect: 'read' }],
  ['serverless deploy --stage prod --region eu-west-1', {
    effect: 'write', targets: ['arn:aws:cloudformation:eu-west-1:123456789012:stack/*-prod/*'], where: 'stage prod', region: 'eu-west-1',
  }],
  ['sls deploy', { effect: 'write', where: 'stage dev', targets: ['arn:aws:cloudformation:*:123456789012:stack/*-dev/*'] }],
  ['sls deploy function -f hello -s prod', { effect: 'write', note: /hello/ }],
  ['sls remove --stage prod', { effect: 'destroy', targets: ['arn:aws:cloudformation:*:123456789012:stack/*-prod/*'] }],
  ['sls invoke -f hello', { effect: 'write' }],
  ['sls invoke local -f hello', { effect: 'write', recoverable: true }],
  ['sls offline', { effect: 'write', recoverable: true }],
  ['serverless config credentials --provider aws --key K --secret S', { effect: 'write', recoverable: false }],
  ['sls frob', { effect: 'unknown' }],
];

for (const [line, want] of cases) {
  test(line, () => {
    const actions = iacRules.analyze(simpleCommand(line), testContext);
    assert.equal(actions.length, 1);
    const [a] = actions;
    assertAction(a, want, line);
  });
}

test('a CDK stack\'s account and region stay unresolved: the app may pin them', () => {
  const [a] = iacRules.analyze(simpleCommand('cdk destroy ApiStack'), testContext);
  assert.deepEqual(a.targets[0].unresolved, ['region', 'account']);
});

test('a named AWS profile the caller does not know leaves the account open', () => {
  const [a] = iacRules.analyze(simpleCommand('sam delete --stack-name app --profile prod --region eu-west-1'), testContext);
  assert.equal(a.targets[0].id, 'arn:aws:cloudformation:eu-west-1:*:stack/app/*');
  assert.deepEqual(a.targets[0].unresolved, ['account']);
  assert.equal(a.context.profile, 'prod');
});

test('a known profile supplies account and region', () => {
  const ctx = { ...testContext, aws: { ...testContext.aws, profiles: { prod: { account: '999999999999', region: 'eu-central-1' } } } };
  const [a] = iacRules.analyze(simpleCommand('sam delete --stack-name app', { AWS_PROFILE: 'prod' }), ctx);
  assert.equal(a.targets[0].id, 'arn:aws:cloudformation:eu-central-1:999999999999:stack/app/*');
});

test('pulumi --cwd moves where the program runs', () => {
  const [a] = iacRules.analyze(simpleCommand('pulumi -C infra up'), testContext);
  assert.equal(a.context.cwd, '/home/dev/project/infra');
});
