import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubernetesRules, normalizeKind } from '../../../src/core/rules/kubernetes';
import { simpleCommand, testContext } from '../support/command';
import { assertAction, type Expect } from '../support/expect-action';


const cases: Array<[line: string, expect: Expect]> = [
  // Reads agents run all day.
  ['kubectl get pods', { effect: 'read', operation: 'get' }],
  ['kubectl get pods -A -o wide', { effect: 'read' }],
  ['kubectl -n kube-system get deploy', { effect: 'read' }],
  ['kubectl get deploy/api -o yaml', { effect: 'read' }],
  ['kubectl get secret db-creds -o yaml', { effect: 'read', note: /secret values/ }],
  ['kubectl describe pod api-7d9f', { effect: 'read' }],
  ['kubectl logs -f api-7d9f -c app', { effect: 'read' }],
  ['kubectl logs -p deploy/api --tail=100', { effect: 'read' }],
  ['kubectl top pods --containers', { effect: 'read' }],
  ['kubectl explain deployment.spec', { effect: 'read' }],
  ['kubectl api-resources', { effect: 'read' }],
  ['kubectl version --client', { effect: 'read' }],
  ['kubectl cluster-info', { effect: 'read' }],
  ['kubectl config view --minify', { effect: 'read' }],
  ['kubectl config get-contexts', { effect: 'read' }],
  ['kubectl config current-context', { effect: 'read' }],
  ['kubectl diff -f deploy.yaml', { effect: 'read' }],
  ['kubectl auth can-i delete pods', { effect: 'read' }],
  ['kubectl events --for pod/api', { effect: 'read' }],
  ['kubectl wait --for=condition=Ready pod/api --timeout=60s', { effect: 'read' }],
  ['kubectl rollout status deploy/api', { effect: 'read' }],
  ['kubectl rollout history deploy/api', { effect: 'read' }],
  ['kubectl port-forward svc/api 8080:80', { effect: 'read', note: /local port/ }],
  ['kubectl', { effect: 'read' }],
  ['kubectl delete --help', { effect: 'read' }],
  ['kubectl exec api-7d9f -- ls /app', { effect: 'read', rule: 'kubernetes.exec-read' }],
  ['kubectl exec -n prod api-7d9f -c app -- cat /etc/config.yaml', { effect: 'read' }],

  // Writes.
  ['kubectl apply -f deploy.yaml', {
    effect: 'write', rule: 'kubernetes.apply', targets: ['k8s://current/default/*/*'],
  }],
  ['kubectl apply -k overlays/prod --context prod', { effect: 'write', many: true, targets: ['k8s://prod/default/*/*'], where: 'prod' }],
  ['kubectl create deployment api --image=nginx', { effect: 'write', targets: ['k8s://current/default/deployment/api'] }],
  ['kubectl create ns staging', { effect: 'write', targets: ['k8s://current/staging/namespace/staging'] }],
  ['kubectl create secret generic db-creds --from-literal=password=x -n prod', { effect: 'write', targets: ['k8s://current/prod/secret/db-creds'] }],
  ['kubectl patch deploy api -p \'{"spec":{"replicas":2}}\'', { effect: 'write', targets: ['k8s://current/default/deployment/api'] }],
  ['kubectl edit svc/api', { effect: 'write', targets: ['k8s://current/default/service/api'] }],
  ['kubectl replace -f deploy.yaml', { effect: 'write' }],
  ['kubectl label pods api-7d9f tier=web --overwrite', { effect: 'write', targets: ['k8s://current/default/pod/api-7d9f'] }],
  ['kubectl annotate deploy/api owner-', { effect: 'write', targets: ['k8s://current/default/deployment/api'] }],
  ['kubectl scale deploy/api --replicas=3', { effect: 'write' }],
  ['kubectl scale --replicas=0 statefulset db -n prod', { effect: 'write', targets: ['k8s://current/prod/statefulset/db'], note: /every pod/ }],
  ['kubectl set image deployment/api app=api:v2', { effect: 'write', operation: 'set image', targets: ['k8s://current/default/deployment/api'] }],
  ['kubectl rollout restart deployment/api -n prod', { effect: 'write', targets: ['k8s://current/prod/deployment/api'] }],
  ['kubectl rollout undo deploy/api', { effect: 'write' }],
  ['kubectl expose deploy api --port=80 --name=api-svc', { effect: 'write', targets: ['k8s://current/default/service/api-svc'] }],
  ['kubectl autoscale deploy api --min=2 --max=5', { effect: 'write' }],
  ['kubectl cordon node-1', { effect: 'write', targets: ['k8s://current/-/node/node-1'] }],
  ['kubectl uncordon node-1', { effect: 'write' }],
  ['kubectl taint nodes node-1 dedicated=gpu:NoSchedule', { effect: 'write', targets: ['k8s://current/-/node/node-1'] }],
  ['kubectl cp ./dump.sql db-0:/tmp/dump.sql -n prod', { effect: 'write', targets: ['k8s://current/prod/pod/db-0'] }],
  ['kubectl cp prod/db-0:/tmp/out.log ./out.log', { effect: 'write', rule: 'kubernetes.cp-from-pod' }],
  ['kubectl run tmp --image=busybox --rm -it -- sh', { effect: 'write', targets: ['k8s://current/default/pod/tmp'] }],
  ['kubectl config use-context prod', { effect: 'write', recoverable: true }],
  ['kubectl config set-context --current --namespace=prod', { effect: 'write', recoverable: true }],

  // Dry runs change nothing.
  ['kubectl apply -f deploy.yaml --dry-run=client', { effect: 'read', rule: 'kubernetes.dry-run' }],
  ['kubectl apply -f deploy.yaml --dry-run=server', { effect: 'read', note: /server/ }],
  ['kubectl delete pod api --dry-run', { effect: 'read' }],
  ['kubectl create deployment api --image=nginx --dry-run=client -o yaml', { effect: 'read' }],
  ['kubectl delete pod api --dry-run=none', { effect: 'destroy' }],

  // Destruction.
  ['kubectl delete pod api-7d9f', { effect: 'destroy', targets: ['k8s://current/default/pod/api-7d9f'] }],
  ['kubectl delete pods api-1 api-2 -n prod', { effect: 'destroy', targets: ['k8s://current/prod/pod/api-1', 'k8s://current/prod/pod/api-2'] }],
  ['kubectl --context prod -n shop delete deploy/api svc/api', {
    effect: 'destroy', targets: ['k8s://prod/shop/deployment/api', 'k8s://prod/shop/service/api'], where: 'prod',
  }],
  ['kubectl delete deployment,service api', { effect: 'destroy', targets: ['k8s://current/default/deployment/api', 'k8s://current/default/service/api'] }],
  ['kubectl delete pods --all -n prod', { effect: 'destroy', targets: ['k8s://current/prod/pod/*'], many: true, note: /--all/ }],
  ['kubectl delete pods -l app=api', { effect: 'destroy', targets: ['k8s://current/default/pod/*'], many: true }],
  ['kubectl delete pods --all -A', { effect: 'destroy', targets: ['k8s://current/*/pod/*'], many: true }],
  ['kubectl delete all --all', { effect: 'destroy', targets: ['k8s://current/default/*/*'], many: true }],
  ['kubectl delete -f deploy.yaml', { effect: 'destroy', targets: ['k8s://current/default/*/*'], many: false }],
  ['kubectl delete -R -f manifests/', { effect: 'destroy', many: true }],
  ['kubectl delete ns staging', {
    effect: 'destroy', targets: ['k8s://current/staging/namespace/staging', 'k8s://current/staging/*/*'], many: true, note: /every object/,
  }],
  ['kubectl delete pvc data-db-0', { effect: 'destroy', targets: ['k8s://current/default/persistentvolumeclaim/data-db-0'], note: /reclaim/ }],
  ['kubectl delete crd certificates.cert-manager.io', { effect: 'destroy', targets: ['k8s://current/-/customresourcedefinition/certificates.cert-manager.io'] }],
  ['kubectl delete pod api --grace-period=0 --force', { effect: 'destroy', note: /without waiting/ }],
  ['kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data', { effect: 'destroy', targets: ['k8s://current/-/node/node-1'], note: /emptyDir/ }],
  ['kubectl replace --force -f deploy.yaml', { effect: 'destroy', rule: 'kubernetes.replace-force' }],
  ['kubectl apply -f manifests/ --prune -l app=api', { effect: 'destroy', rule: 'kubernetes.apply-prune', many: true }],

  // Unknown.
  ['kubectl exec -it api-7d9f -- bash', { effect: 'unknown', rule: 'kubernetes.exec' }],
  ['kubectl exec api-7d9f -- rm -rf /data', { effect: 'unknown', targets: ['k8s://current/default/pod/api-7d9f'] }],
  ['kubectl exec api-7d9f -- sh -c "ls"', { effect: 'unknown' }],
  ['kubectl proxy --port=8001', { effect: 'unknown' }],
  ['kubectl krew install ctx', { effect: 'unknown', rule: 'kubernetes.unknown-subcommand' }],
  ['kubectl $VERB pods', { effect: 'unknown' }],

  // OpenShift.
  ['oc get pods', { effect: 'read' }],
  ['oc whoami', { effect: 'read' }],
  ['oc project staging', { effect: 'write', recoverable: true }],
  ['oc delete project staging', { effect: 'destroy', many: true, note: /every object/ }],
  ['oc new-project demo', { effect: 'write', targets: ['k8s://current/demo/project/demo'] }],

  // Helm.
  ['helm list', { effect: 'read' }],
  ['helm ls -A', { effect: 'read' }],
  ['helm status api -n prod', { effect: 'read' }],
  ['helm get values api', { effect: 'read', operation: 'get values' }],
  ['helm history api', { effect: 'read' }],
  ['helm template api ./chart -f values.yaml', { effect: 'read' }],
  ['helm show values bitnami/postgresql', { effect: 'read' }],
  ['helm search repo nginx', { effect: 'read' }],
  ['helm lint ./chart', { effect: 'read' }],
  ['helm repo list', { effect: 'read' }],
  ['helm diff upgrade api ./chart', { effect: 'read' }],
  ['helm version', { effect: 'read' }],
  ['helm repo add bitnami https://charts.bitnami.com/bitnami', { effect: 'write', recoverable: true }],
  ['helm repo update', { effect: 'write', recoverable: true }],
  ['helm dependency update ./chart', { effect: 'write', recoverable: true }],
  ['helm pull bitnami/postgresql --untar', { effect: 'write', recoverable: true }],
  ['helm install api ./chart -n prod --create-namespace', {
    effect: 'write', targets: ['k8s://current/prod/helm-release/api'], note: /create-namespace/,
  }],
  ['helm upgrade --install api ./chart --kube-context prod -n shop -f values.yaml', {
    effect: 'write', targets: ['k8s://prod/shop/helm-release/api'], where: 'prod',
  }],
  ['helm upgrade api ./chart --dry-run', { effect: 'read', rule: 'kubernetes.helm-dry-run' }],
  ['helm install api ./chart --dry-run=server', { effect: 'read' }],
  ['helm rollback api 3', { effect: 'write', targets: ['k8s://current/default/helm-release/api'] }],
  ['helm uninstall api -n prod', { effect: 'destroy', targets: ['k8s://current/prod/helm-release/api'], note: /every Kubernetes object/ }],
  ['helm delete api web', { effect: 'destroy', targets: ['k8s://current/default/helm-release/api', 'k8s://current/default/helm-release/web'] }],
  ['helm test api', { effect: 'write' }],
  ['helm push chart-1.0.0.tgz oci://registry.example.com/charts', { effect: 'write', recoverable: false }],
  ['helm secrets decrypt values.enc.yaml', { effect: 'unknown' }],
];

for (const [line, want] of cases) {
  test(line, () => {
    const actions = kubernetesRules.analyze(simpleCommand(line), testContext);
    assert.equal(actions.length, 1);
    const [a] = actions;
    assertAction(a, want, line);
  });
}

const kinds: Array<[written: string, kind: string]> = [
  ['po', 'pod'], ['pods', 'pod'], ['Deployment', 'deployment'], ['deploy', 'deployment'],
  ['deployments.apps', 'deployment'], ['svc', 'service'], ['ns', 'namespace'], ['pvc', 'persistentvolumeclaim'],
  ['sts', 'statefulset'], ['ing', 'ingress'], ['crd', 'customresourcedefinition'], ['all', '*'],
  ['certificates.cert-manager.io', 'certificates.cert-manager.io'],
];
for (const [written, kind] of kinds) {
  test(`kind ${written} is ${kind}`, () => assert.equal(normalizeKind(written), kind));
}

test('without --context and -n, the kubeconfig decides: context and namespace stay unresolved', () => {
  const [a] = kubernetesRules.analyze(simpleCommand('kubectl delete pod api'), testContext);
  assert.deepEqual(a.targets[0].unresolved, ['context', 'namespace']);
});

test('named context and namespace are resolved', () => {
  const [a] = kubernetesRules.analyze(simpleCommand('kubectl delete pod api --context=prod --namespace=shop'), testContext);
  assert.equal(a.targets[0].id, 'k8s://prod/shop/pod/api');
  assert.equal(a.targets[0].unresolved, undefined);
});

test('HELM_NAMESPACE and HELM_KUBECONTEXT place a release', () => {
  const [a] = kubernetesRules.analyze(simpleCommand('helm uninstall api', { HELM_NAMESPACE: 'shop', HELM_KUBECONTEXT: 'prod' }), testContext);
  assert.equal(a.targets[0].id, 'k8s://prod/shop/helm-release/api');
});
