import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudCliRules } from '../../../src/core/rules/cloud-cli';
import { contextWith, simpleCommand, testContext } from '../support/command';
import { assertAction } from '../support/expect-action';

interface Want {
  effect: string;
  recoverable?: boolean;
  operation?: string;
  rule?: string;
  targets?: string[];
  many?: boolean;
  where?: string;
  region?: string;
  note?: string;
  unresolved?: string[];
  env?: Record<string, string>;
}

const cases: Array<[line: string, want: Want]> = [
  // gcloud: everyday reads
  ['gcloud --version', { effect: 'read' }],
  ['gcloud version', { effect: 'read' }],
  ['gcloud info', { effect: 'read' }],
  ['gcloud config list', { effect: 'read', operation: 'config list' }],
  ['gcloud auth list', { effect: 'read' }],
  ['gcloud projects list', { effect: 'read', operation: 'projects list' }],
  ['gcloud compute instances list --project my-proj --format=json', { effect: 'read', where: 'my-proj', targets: ['gcp://my-proj/compute/instances'] }],
  ['gcloud compute instances describe web-1 --zone us-central1-a', { effect: 'read', targets: ['gcp://current/compute/instances/web-1'], region: 'us-central1-a', unresolved: ['project'] }],
  ['gcloud container clusters describe prod --region europe-west1 --project shop', { effect: 'read', targets: ['gcp://shop/container/clusters/prod'], region: 'europe-west1' }],
  ['gcloud auth print-access-token', { effect: 'read' }],
  ['gcloud logging read "severity>=ERROR" --limit 10', { effect: 'read' }],
  ['gcloud secrets versions access latest --secret=db-pass', { effect: 'read' }],
  ['gcloud run services list --platform managed', { effect: 'read' }],
  ['gcloud compute instances delete --help', { effect: 'read' }],
  ['gcloud iam service-accounts get-iam-policy sa@p.iam.gserviceaccount.com', { effect: 'read' }],
  ['gcloud storage ls gs://my-bucket', { effect: 'read', targets: ['gs://my-bucket'] }],
  ['gcloud beta compute instances list', { effect: 'read', operation: 'compute instances list' }],
  // gcloud: local configuration (recoverable)
  ['gcloud config set project my-proj', { effect: 'write', recoverable: true, operation: 'config set' }],
  ['gcloud auth login', { effect: 'write', recoverable: true }],
  ['gcloud auth application-default login', { effect: 'write', recoverable: true }],
  ['gcloud container clusters get-credentials prod --region us-central1', { effect: 'write', recoverable: true, note: 'kubeconfig' }],
  ['gcloud components install kubectl', { effect: 'write', recoverable: true }],
  ['gcloud init', { effect: 'write', recoverable: true }],
  // gcloud: cloud writes
  ['gcloud compute instances create vm-1 --zone us-east1-b --machine-type e2-small', { effect: 'write', recoverable: false, targets: ['gcp://current/compute/instances/vm-1'] }],
  ['gcloud run deploy api --image gcr.io/p/api --region us-central1 --project p', { effect: 'write', targets: ['gcp://p/run/api'] }],
  ['gcloud app deploy', { effect: 'write' }],
  ['gcloud compute instances stop vm-1', { effect: 'write' }],
  ['gcloud compute instances add-metadata vm-1 --metadata k=v', { effect: 'write' }],
  ['gcloud projects add-iam-policy-binding p --member user:a@b.c --role roles/owner', { effect: 'write' }],
  ['gcloud projects remove-iam-policy-binding p --member user:a@b.c --role roles/owner', { effect: 'write' }],
  ['gcloud sql instances patch db1 --tier db-custom-2-7680', { effect: 'write' }],
  ['gcloud deploy releases create rel-1 --delivery-pipeline web', { effect: 'write', operation: 'deploy releases create' }],
  ['gcloud builds submit --tag gcr.io/p/app', { effect: 'write' }],
  ['gcloud storage cp dist/app.js gs://site/app.js', { effect: 'write', targets: ['gs://site/app.js'] }],
  // gcloud: destroy
  ['gcloud compute instances delete vm-1 vm-2 --zone us-east1-b --quiet', { effect: 'destroy', targets: ['gcp://current/compute/instances/vm-1', 'gcp://current/compute/instances/vm-2'], note: '--quiet' }],
  ['gcloud -q sql instances delete prod-db --project shop', { effect: 'destroy', targets: ['gcp://shop/sql/instances/prod-db'], note: 'confirmation prompt' }],
  ['gcloud container clusters delete prod --region us-central1', { effect: 'destroy' }],
  ['gcloud projects delete shop-prod', { effect: 'destroy', many: true, targets: ['gcp://shop-prod'] }],
  ['gcloud storage rm -r gs://logs/2023/', { effect: 'destroy', many: true, targets: ['gs://logs/2023/'] }],
  ['gcloud storage rm gs://b/one.txt', { effect: 'destroy', many: false }],
  ['gcloud storage rsync --delete-unmatched-destination-objects dist gs://site', { effect: 'destroy', many: true }],
  ['gcloud pubsub topics delete orders', { effect: 'destroy', targets: ['gcp://current/pubsub/topics/orders'] }],
  ['gcloud tasks queues purge q1', { effect: 'destroy' }],
  ['gcloud sql instances restore-backup db1 --restore-instance=db1 --backup-id=1', { effect: 'destroy' }],
  ['gcloud compute instances delete $VM', { effect: 'destroy', unresolved: ['project', 'name'] }],
  ['gcloud compute instances delete vm-1', { effect: 'destroy', env: { CLOUDSDK_CORE_PROJECT: 'envproj' }, targets: ['gcp://envproj/compute/instances/vm-1'] }],
  ['gcloud spanner databases execute-sql orders --instance=i1 --sql="DELETE FROM t"', { effect: 'destroy', many: true }],
  ['gcloud spanner databases execute-sql orders --instance=i1 --sql="SELECT 1"', { effect: 'read' }],
  // gcloud: cannot tell
  ['gcloud compute ssh vm-1 --zone us-east1-b', { effect: 'unknown' }],
  ['gcloud sql connect db1 --user=postgres', { effect: 'unknown' }],
  ['gcloud frobnicate widgets', { effect: 'unknown' }],
  // az: everyday reads
  ['az version', { effect: 'read' }],
  ['az account show', { effect: 'read' }],
  ['az account list -o table', { effect: 'read' }],
  ['az group list', { effect: 'read' }],
  ['az vm list -g web-rg', { effect: 'read', many: true }],
  ['az vm show -g web-rg -n vm1', { effect: 'read', targets: ['azure://current/web-rg/vm/vm1'], unresolved: ['subscription'] }],
  ['az aks show --resource-group k8s --name prod --subscription 1111', { effect: 'read', targets: ['azure://1111/k8s/aks/prod'], where: '1111' }],
  ['az keyvault secret show --vault-name kv1 --name db-pass', { effect: 'read', targets: ['azure://current/default/keyvault/secret/kv1/db-pass'] }],
  ['az storage account keys list -g rg -n acct', { effect: 'read' }],
  ['az deployment group what-if -g rg --template-file main.bicep', { effect: 'read' }],
  ['az webapp log tail -g rg -n app', { effect: 'read' }],
  ['az vm delete --help', { effect: 'read' }],
  // az: local (recoverable)
  ['az login', { effect: 'write', recoverable: true }],
  ['az account set --subscription prod-sub', { effect: 'write', recoverable: true }],
  ['az aks get-credentials -g k8s -n prod', { effect: 'write', recoverable: true }],
  ['az extension add --name aks-preview', { effect: 'write', recoverable: true }],
  ['az config set defaults.group=web-rg', { effect: 'write', recoverable: true }],
  // az: cloud writes
  ['az group create -n web-rg -l westeurope', { effect: 'write', recoverable: false, targets: ['azure://current/web-rg'], region: 'westeurope' }],
  ['az vm create -g web-rg -n vm1 --image Ubuntu2204', { effect: 'write', targets: ['azure://current/web-rg/vm/vm1'] }],
  ['az vm start -g web-rg -n vm1', { effect: 'write' }],
  ['az vm deallocate -g web-rg -n vm1', { effect: 'write' }],
  ['az webapp deploy -g rg -n app --src-path app.zip', { effect: 'write' }],
  ['az deployment group create -g rg --template-file main.bicep', { effect: 'write' }],
  ['az storage blob upload --account-name acct -c site -n index.html -f index.html', { effect: 'write' }],
  ['az role assignment create --assignee a@b.c --role Owner', { effect: 'write' }],
  // az: destroy
  ['az group delete -n web-rg --yes', { effect: 'destroy', many: true, targets: ['azure://current/web-rg'], note: '--yes', rule: 'cloud-cli.az-group-delete' }],
  ['az group delete --name prod-rg --subscription 2222 --no-wait -y', { effect: 'destroy', targets: ['azure://2222/prod-rg'], note: '--no-wait' }],
  ['az vm delete -g web-rg -n vm1 --yes', { effect: 'destroy', targets: ['azure://current/web-rg/vm/vm1'] }],
  ['az vm delete --ids /subscriptions/3333/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm9', { effect: 'destroy', targets: ['azure://3333/rg1/vm/vm9'] }],
  ['az sql db delete -g data -s sqlsrv -n orders', { effect: 'destroy' }],
  ['az keyvault secret purge --vault-name kv1 -n old', { effect: 'destroy' }],
  ['az storage blob delete-batch --account-name acct -s site', { effect: 'destroy', many: true }],
  ['az storage container delete -n backups --account-name acct', { effect: 'destroy', targets: ['azure://current/default/storage/container/acct/backups'] }],
  ['az rest --method delete --url https://management.azure.com/x', { effect: 'destroy' }],
  ['az rest --url https://management.azure.com/x', { effect: 'read' }],
  ['az vm delete -g rg -n vm1', { effect: 'destroy', env: { AZURE_DEFAULTS_GROUP: 'envrg' }, targets: ['azure://current/rg/vm/vm1'] }],
  ['az vm delete -n vm1', { effect: 'destroy', env: { AZURE_DEFAULTS_GROUP: 'envrg' }, targets: ['azure://current/envrg/vm/vm1'] }],
  // az: cannot tell
  ['az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts "rm -rf /data"', { effect: 'unknown' }],
  ['az interactive', { effect: 'unknown' }],
  ['az widget frobnicate -n x', { effect: 'unknown' }],
];


for (const [line, want] of cases) {
  test([line, want.env && `env ${JSON.stringify(want.env)}`].filter(Boolean).join('  '), () => {
    const actions = cloudCliRules.analyze(simpleCommand(line), contextWith(want.env));
    assert.equal(actions.length, 1);
    const [a] = actions;
    assert.equal(a.effect, want.effect, `effect (rule ${a.rule}, op ${a.operation}, notes ${a.notes.join(' | ')})`);
    if (want.recoverable === undefined && want.effect !== 'write') assert.equal(a.recoverable, false);
    assertAction(a, want, line);
    if (want.unresolved !== undefined) assert.deepEqual(a.targets[0]?.unresolved ?? [], want.unresolved);
  });
}
