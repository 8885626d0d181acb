import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terraformRules } from '../../../src/core/rules/terraform';
import { simpleCommand, testContext } from '../support/command';
import { assertAction, type Expect } from '../support/expect-action';


const P = '/home/dev/project';

const cases: Array<[line: string, expect: Expect]> = [
  // Reads agents run all day.
  ['terraform plan', { effect: 'read', operation: 'plan' }],
  ['terraform plan -out=tfplan', { effect: 'read' }],
  ['terraform plan -destroy -out tfplan', { effect: 'read', note: /only shows/ }],
  ['terraform plan -var "env=prod" -var-file=prod.tfvars', { effect: 'read' }],
  ['terraform show', { effect: 'read' }],
  ['terraform show -json tfplan', { effect: 'read' }],
  ['terraform validate', { effect: 'read' }],
  ['terraform fmt -check -recursive', { effect: 'read', rule: 'terraform.fmt-check' }],
  ['terraform fmt -write=false -diff', { effect: 'read' }],
  ['terraform output -json', { effect: 'read' }],
  ['terraform output -raw bucket_name', { effect: 'read' }],
  ['terraform state list', { effect: 'read', operation: 'state list' }],
  ['terraform state show aws_instance.web', { effect: 'read', operation: 'state show' }],
  ['terraform state pull', { effect: 'read' }],
  ['terraform providers', { effect: 'read' }],
  ['terraform providers schema -json', { effect: 'read' }],
  ['terraform version', { effect: 'read' }],
  ['terraform -version', { effect: 'read' }],
  ['terraform --help', { effect: 'read' }],
  ['terraform apply -help', { effect: 'read' }],
  ['terraform', { effect: 'read' }],
  ['terraform graph', { effect: 'read' }],
  ['terraform console', { effect: 'read' }],
  ['terraform workspace list', { effect: 'read' }],
  ['terraform workspace show', { effect: 'read' }],
  ['tofu plan', { effect: 'read' }],

  // Local, recoverable writes.
  ['terraform init', { effect: 'write', recoverable: true, targets: [`${P}/.terraform`] }],
  ['terraform init -upgrade -backend-config=prod.hcl', { effect: 'write', recoverable: true }],
  ['terraform -chdir=infra/prod init', { effect: 'write', recoverable: true, targets: [`${P}/infra/prod/.terraform`] }],
  ['terraform fmt', { effect: 'write', recoverable: true, targets: [P] }],
  ['terraform fmt -recursive modules', { effect: 'write', recoverable: true, targets: [`${P}/modules`], many: true }],
  ['terraform get', { effect: 'write', recoverable: true }],
  ['terraform providers lock -platform=linux_amd64', { effect: 'write', recoverable: true, targets: [`${P}/.terraform.lock.hcl`] }],
  ['terraform workspace select staging', { effect: 'write', recoverable: true, targets: [`tf://${P}/workspace:staging`] }],

  // Writes to shared state or infrastructure.
  ['terraform apply', { effect: 'write', recoverable: false, rule: 'terraform.apply', targets: [`tf://${P}`], many: true }],
  ['terraform apply -auto-approve', { effect: 'write', note: /-auto-approve/ }],
  ['terraform -chdir=../infra apply', { effect: 'write', targets: ['tf:///home/dev/infra'] }],
  ['terraform apply tfplan', { effect: 'write', rule: 'terraform.apply-saved-plan', note: /saved plan tfplan/ }],
  ['terraform apply -target=aws_instance.web -target module.db', {
    effect: 'write', operation: 'apply -target', targets: [`tf://${P}/aws_instance.web`, `tf://${P}/module.db`],
  }],
  ['terraform apply -refresh-only', { effect: 'write', rule: 'terraform.apply-refresh-only' }],
  ['terraform import aws_s3_bucket.logs my-logs-bucket', { effect: 'write', targets: [`tf://${P}/aws_s3_bucket.logs`] }],
  ['terraform state mv aws_instance.a aws_instance.b', {
    effect: 'write', targets: [`tf://${P}/aws_instance.a`, `tf://${P}/aws_instance.b`],
  }],
  ['terraform state mv -dry-run aws_instance.a aws_instance.b', { effect: 'read' }],
  ['terraform state push -force terraform.tfstate', { effect: 'write', note: /-force/ }],
  ['terraform taint aws_instance.web', { effect: 'write', note: /re-creates/ }],
  ['terraform untaint aws_instance.web', { effect: 'write' }],
  ['terraform force-unlock 1a2b3c', { effect: 'write', note: /lock/ }],
  ['terraform workspace new prod', { effect: 'write', recoverable: false, targets: [`tf://${P}/workspace:prod`] }],
  ['terraform workspace select -or-create prod', { effect: 'write', recoverable: false }],
  ['terraform init -migrate-state', { effect: 'write', recoverable: false }],
  ['terraform refresh', { effect: 'write' }],
  ['terraform test', { effect: 'write', note: /real infrastructure/ }],

  // Destruction.
  ['terraform destroy', { effect: 'destroy', targets: [`tf://${P}`], many: true }],
  ['terraform destroy -auto-approve', { effect: 'destroy', note: /-auto-approve/ }],
  ['terraform destroy -target=aws_db_instance.main', { effect: 'destroy', targets: [`tf://${P}/aws_db_instance.main`], note: /depend/ }],
  ['terraform apply -destroy', { effect: 'destroy', operation: 'apply -destroy', targets: [`tf://${P}`] }],
  ['terraform apply -destroy=true -auto-approve', { effect: 'destroy' }],
  ['terraform apply -destroy=false', { effect: 'write', rule: 'terraform.apply' }],
  ['terraform apply -replace=aws_db_instance.main', {
    effect: 'destroy', rule: 'terraform.apply-replace', targets: [`tf://${P}/aws_db_instance.main`, `tf://${P}`],
  }],
  ['terraform state rm aws_s3_bucket.logs module.vpc', {
    effect: 'destroy', targets: [`tf://${P}/aws_s3_bucket.logs`, `tf://${P}/module.vpc`], note: /keep running/,
  }],
  ['terraform state rm -dry-run aws_s3_bucket.logs', { effect: 'read' }],
  ['terraform workspace delete -force staging', { effect: 'destroy', targets: [`tf://${P}/workspace:staging`], note: /-force/ }],
  ['tofu destroy', { effect: 'destroy' }],
  ['terraform -chdir="$DIR" destroy', { effect: 'destroy' }],

  // Unknown.
  ['terraform frobnicate', { effect: 'unknown', rule: 'terraform.unknown-subcommand' }],
  ['terraform state frob', { effect: 'unknown' }],
  ['terraform $CMD', { effect: 'unknown' }],

  // Terragrunt mirrors terraform's verbs.
  ['terragrunt plan', { effect: 'read' }],
  ['terragrunt run-all plan', { effect: 'read', operation: 'run-all plan', note: /every unit/ }],
  ['terragrunt output -json', { effect: 'read' }],
  ['terragrunt hclfmt', { effect: 'write', recoverable: true }],
  ['terragrunt hclfmt --terragrunt-check', { effect: 'read' }],
  ['terragrunt validate-inputs', { effect: 'read' }],
  ['terragrunt graph-dependencies', { effect: 'read' }],
  ['terragrunt init', { effect: 'write', recoverable: true }],
  ['terragrunt apply', { effect: 'write', operation: 'apply', targets: [`tf://${P}`] }],
  ['terragrunt destroy', { effect: 'destroy' }],
  ['terragrunt run-all apply --terragrunt-non-interactive', {
    effect: 'write', operation: 'run-all apply', many: true, note: /non-interactive/,
  }],
  ['terragrunt run-all destroy --terragrunt-working-dir live/prod', {
    effect: 'destroy', operation: 'run-all destroy', targets: [`tf://${P}/live/prod`], many: true, note: /every unit/,
  }],
  ['terragrunt --working-dir=live/prod run --all -- destroy', {
    effect: 'destroy', operation: 'run --all destroy', targets: [`tf://${P}/live/prod`], many: true,
  }],
  ['terragrunt run -- apply -target=aws_instance.web', { effect: 'write', targets: [`tf://${P}/aws_instance.web`] }],
  ['terragrunt destroy-all', { effect: 'destroy', many: true }],
  ['terragrunt state rm aws_instance.web', { effect: 'destroy', targets: [`tf://${P}/aws_instance.web`] }],
  ['terragrunt stack run apply', { effect: 'write', many: true }],
  ['terragrunt exec -- rm -rf /', { effect: 'unknown' }],
  ['terragrunt backend delete', { effect: 'destroy' }],
];

for (const [line, want] of cases) {
  test(line, () => {
    const actions = terraformRules.analyze(simpleCommand(line), testContext);
    assert.equal(actions.length, 1);
    const [a] = actions;
    assertAction(a, want, line);
    assert.equal(a.command, line);
  });
}

test('TF_WORKSPACE names where the command runs', () => {
  const [a] = terraformRules.analyze(simpleCommand('terraform apply', { TF_WORKSPACE: 'prod' }), testContext);
  assert.equal(a.context.where, 'workspace prod');
});

test('TF_CLI_ARGS_apply can turn apply into a destroy', () => {
  const ctx = { ...testContext, env: { TF_CLI_ARGS_apply: '-destroy -auto-approve' } };
  const [a] = terraformRules.analyze(simpleCommand('terraform apply'), ctx);
  assert.equal(a.effect, 'destroy');
  assert.ok(a.notes.some((n) => n.includes('TF_CLI_ARGS_apply')));
});

test('a directory known only at run time is unresolved', () => {
  const [a] = terraformRules.analyze(simpleCommand('terraform -chdir="$DIR" destroy'), testContext);
  assert.deepEqual(a.targets[0].unresolved, ['dir']);
});

test('an address known only at run time is unresolved', () => {
  const [a] = terraformRules.analyze(simpleCommand('terraform state rm "$ADDR"'), testContext);
  assert.deepEqual(a.targets[0].unresolved, ['address']);
});
