/**
 * kubectl (and OpenShift's `oc`, which extends it) and Helm. Targets are
 * `k8s://<context>/<namespace>/<kind>/<name>`: `current` when no --context names the context, `default`
 * when no -n names the namespace (both then unresolved: the kubeconfig decides), `*` for
 * --all-namespaces, `-` for cluster-scoped kinds, and the namespace's own name for a namespace. Kinds are
 * singular and lower-case (`po` → `pod`); Helm releases are kind `helm-release`.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { envOf, has, makeAction, optionValue, optionValues, parseArgv, type ParsedArgv, type ActionFields } from './support';

// ------------------------------------------------------------------------------------------ kinds

const KIND_ALIASES: Record<string, string> = {};
for (const [kind, aliases] of Object.entries({
  pod: ['po', 'pods'],
  deployment: ['deploy', 'deployments'],
  service: ['svc', 'services'],
  namespace: ['ns', 'namespaces'],
  node: ['no', 'nodes'],
  configmap: ['cm', 'configmaps'],
  secret: ['secrets'],
  serviceaccount: ['sa', 'serviceaccounts'],
  persistentvolume: ['pv', 'persistentvolumes'],
  persistentvolumeclaim: ['pvc', 'persistentvolumeclaims'],
  ingress: ['ing', 'ingresses'],
  ingressclass: ['ingressclasses'],
  daemonset: ['ds', 'daemonsets'],
  statefulset: ['sts', 'statefulsets'],
  replicaset: ['rs', 'replicasets'],
  replicationcontroller: ['rc', 'replicationcontrollers'],
  job: ['jobs'],
  cronjob: ['cj', 'cronjobs'],
  endpoints: ['ep'],
  endpointslice: ['endpointslices'],
  event: ['ev', 'events'],
  horizontalpodautoscaler: ['hpa', 'horizontalpodautoscalers'],
  poddisruptionbudget: ['pdb', 'poddisruptionbudgets'],
  networkpolicy: ['netpol', 'networkpolicies'],
  storageclass: ['sc', 'storageclasses'],
  customresourcedefinition: ['crd', 'crds', 'customresourcedefinitions'],
  role: ['roles'],
  rolebinding: ['rolebindings'],
  clusterrole: ['clusterroles'],
  clusterrolebinding: ['clusterrolebindings'],
  limitrange: ['limits', 'limitranges'],
  resourcequota: ['quota', 'resourcequotas'],
  certificatesigningrequest: ['csr', 'certificatesigningrequests'],
  priorityclass: ['pc', 'priorityclasses'],
  lease: ['leases'],
  volumeattachment: ['volumeattachments'],
  mutatingwebhookconfiguration: ['mutatingwebhookconfigurations'],
  validatingwebhookconfiguration: ['validatingwebhookconfigurations'],
  apiservice: ['apiservices'],
  runtimeclass: ['runtimeclasses'],
  csidriver: ['csidrivers'],
  csinode: ['csinodes'],
  podtemplate: ['podtemplates'],
  project: ['projects'],
})) {
  KIND_ALIASES[kind] = kind;
  for (const a of aliases) KIND_ALIASES[a] = kind;
}

/** Kinds that live outside namespaces. */
const CLUSTER_SCOPED = new Set([
  'node', 'persistentvolume', 'storageclass', 'customresourcedefinition', 'clusterrole', 'clusterrolebinding',
  'certificatesigningrequest', 'priorityclass', 'volumeattachment', 'mutatingwebhookconfiguration',
  'validatingwebhookconfiguration', 'apiservice', 'runtimeclass', 'csidriver', 'csinode', 'ingressclass',
]);

/** `deployments.apps`, `deploy`, `Deployment.v1.apps` → `deployment`; unknown kinds (CRDs) keep their full name. */
export function normalizeKind(word: string): string {
  const lower = word.toLowerCase();
  if (lower === 'all') return '*';
  const head = lower.split('.')[0];
  return KIND_ALIASES[head] ?? lower;
}

// ------------------------------------------------------------------------------------- where it runs

/** The cluster and namespace a command addresses, as far as its flags and environment say. */
interface Scope {
  context?: Word;
  namespace?: Word;
  allNamespaces: boolean;
}

interface ResourceRef {
  kind: string;
  name: string;
  dynamic: boolean;
  many: boolean;
}

function k8sTarget(scope: Scope, ref: ResourceRef, change: Target['change']): Target {
  const unresolved: string[] = [];
  const context = scope.context?.value ?? 'current';
  if (!scope.context || scope.context.dynamic) unresolved.push('context');
  let namespace: string;
  if (ref.kind === 'namespace' || ref.kind === 'project') {
    namespace = ref.name;
  } else if (CLUSTER_SCOPED.has(ref.kind)) {
    namespace = '-';
  } else if (scope.allNamespaces) {
    namespace = '*';
  } else {
    namespace = scope.namespace?.value ?? 'default';
    if (!scope.namespace || scope.namespace.dynamic) unresolved.push('namespace');
  }
  if (ref.kind === '*') unresolved.push('kind');
  if (ref.dynamic) unresolved.push('name');
  const many = ref.many || ref.name === '*' || (namespace === '*' && ref.kind !== 'namespace');
  return {
    id: `k8s://${context}/${namespace}/${ref.kind}/${ref.name}`,
    change,
    kind: ref.kind === '*' ? 'kubernetes objects' : ref.kind,
    ...(unresolved.length > 0 ? { unresolved } : {}),
    ...(many ? { many: true } : {}),
  };
}

/**
 * Resource arguments in kubectl's two spellings: `kind/name kind/name` and `kind[,kind] name name`.
 * A kind without names stands for every object of that kind.
 */
function resourceRefs(words: readonly Word[]): ResourceRef[] {
  if (words.length === 0) return [];
  if (words.some((w) => w.value.includes('/'))) {
    return words.map((w) => {
      const slash = w.value.indexOf('/');
      if (slash < 0) return { kind: '*', name: w.value, dynamic: w.dynamic, many: false };
      return { kind: normalizeKind(w.value.slice(0, slash)), name: w.value.slice(slash + 1), dynamic: w.dynamic, many: false };
    });
  }
  const [kinds, ...names] = words;
  const out: ResourceRef[] = [];
  for (const k of kinds.value.split(',')) {
    const kind = normalizeKind(k);
    if (names.length === 0) out.push({ kind, name: '*', dynamic: kinds.dynamic, many: true });
    for (const n of names) out.push({ kind, name: n.value, dynamic: n.dynamic || kinds.dynamic, many: false });
  }
  return out;
}

/** Objects named only inside manifests (`-f`, `-k`): kind, name and often namespace are in files we cannot read. */
function manifestTargets(p: ParsedArgv, scope: Scope, change: Target['change']): Target[] {
  const files = [...optionValues(p, '-f', '--filename'), ...optionValues(p, '-k', '--kustomize')];
  if (files.length === 0) return [];
  // A directory read recursively or a kustomization can hold any number of objects.
  const many = has(p, '-R', '--recursive') || optionValues(p, '-k', '--kustomize').length > 0;
  const context = scope.context?.value ?? 'current';
  const namespace = scope.allNamespaces ? '*' : scope.namespace?.value ?? 'default';
  return [{
    id: `k8s://${context}/${namespace}/*/*`,
    change,
    kind: 'objects in manifests',
    unresolved: [...(scope.context ? [] : ['context']), 'namespace', 'kind', 'name'],
    ...(many ? { many: true } : {}),
  }];
}

// ----------------------------------------------------------------------------------------- kubectl

const GLOBAL_VALUES = [
  '--context', '-n', '--namespace', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as',
  '--as-group', '--as-uid', '--certificate-authority', '--client-certificate', '--client-key',
  '--tls-server-name', '--request-timeout', '--cache-dir', '-v', '--v', '--log-file', '--profile-output',
  '--password', '--username', '--vmodule', '--log-dir', '--log-flush-frequency', '--kuberc',
];

const COMMAND_VALUES = [
  '-l', '--selector', '-f', '--filename', '-o', '--output', '-c', '--container', '--field-selector', '-k',
  '--kustomize', '--type', '-p', '--patch', '--patch-file', '--replicas', '--current-replicas',
  '--resource-version', '--grace-period', '--timeout', '--for', '--image', '--port', '--target-port', '--name',
  '--min', '--max', '--cpu-percent', '--cascade', '--prune-allowlist', '--prune-whitelist', '--field-manager',
  '--template', '--sort-by', '-L', '--label-columns', '--since', '--since-time', '--tail', '--chunk-size',
  '--raw', '--subresource', '--overrides', '--env', '-e', '--restart', '--limits', '--requests',
  '--serviceaccount', '--labels', '--image-pull-policy', '--from-literal', '--from-file', '--from-env-file',
  '--docker-server', '--docker-username', '--docker-password', '--docker-email', '--to-revision',
  '--pod-selector', '--address', '--pod-running-timeout', '--protocol', '--external-ip', '--load-balancer-ip',
  '--session-affinity', '--cluster-ip', '--schedule', '--from', '--clusterrole', '--role', '--group',
  '--verb', '--resource', '--resource-name', '--rule', '--class', '--default-backend', '--annotation',
  '--value', '--description', '--duration', '--audience', '--bound-object-kind', '--bound-object-name',
  '--profile', '--target', '--copy-to', '--max-log-requests', '--limit-bytes', '--api-group', '--output-directory',
  '--custom-profile', '--set-image', '--env-from', '--keys', '--resources', '--containers',
  '-r', '--field', '--key', '--node-name', '--certificate-authority', '--auth-provider',
  '--auth-provider-arg', '--exec-command', '--exec-api-version', '--exec-arg', '--exec-env',
];

/** Where `logs -f` means --follow and `logs -p` means --previous. */
const SWITCH_OVERRIDES: Record<string, readonly string[]> = { logs: ['-f', '-p'], config: ['--raw'] };

const READS = new Set([
  'get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'diff', 'wait',
  'events', 'kustomize', 'completion', 'options', 'help',
]);

/** Commands and inner programs that only look, for `kubectl exec POD -- <program>`. */
const READ_ONLY_PROGRAMS = new Set([
  'ls', 'cat', 'head', 'tail', 'printenv', 'ps', 'whoami', 'id', 'hostname', 'df', 'du', 'date', 'pwd',
  'uname', 'nslookup', 'dig', 'wc', 'grep', 'echo', 'uptime', 'free', 'stat', 'which', 'nproc', 'getent',
  'ping', 'true',
]);

/** Everything a kubectl rule needs about one command line. */
interface KubeCommand {
  cmd: SimpleCommand;
  ctx: AnalysisContext;
  p: ParsedArgv;
  sub: string;
  /** Positionals after the subcommand. */
  args: Word[];
  scope: Scope;
  tool: string;
}

/** What a subcommand does, before it becomes an Action. */
type Verdict = Omit<ActionFields, 'tool' | 'context'>;

function subcommandOf(args: readonly Word[], globals: ReadonlySet<string>): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === '--') return undefined;
    if (!a.startsWith('-') || a === '-') return args[i];
    if (!a.includes('=') && globals.has(a)) i++;
  }
  return undefined;
}

/** --dry-run=client|server (or a bare --dry-run, which kubectl reads as client) persists nothing. */
function dryRunOf(p: ParsedArgv, ...names: string[]): string | undefined {
  const present = names.find((n) => p.options.has(n));
  if (!present) return undefined;
  const v = optionValue(p, present);
  const mode = v?.value ?? 'client';
  if (mode === 'none' || mode === 'false') return undefined;
  return mode === 'true' ? 'client' : mode;
}

function analyzeKubectl(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const globals = new Set(GLOBAL_VALUES);
  const subWord = subcommandOf(cmd.args, globals);
  const sub = subWord?.value ?? '';
  const overrides = new Set(SWITCH_OVERRIDES[sub] ?? []);
  const withValue = [...GLOBAL_VALUES, ...COMMAND_VALUES].filter((o) => !overrides.has(o));
  const p = parseArgv(cmd.args, { withValue });
  const scope: Scope = {
    context: optionValue(p, '--context'),
    namespace: optionValue(p, '-n', '--namespace'),
    allNamespaces: has(p, '-A', '--all-namespaces'),
  };
  const subIndex = subWord ? p.positionals.indexOf(subWord) : -1;
  const k: KubeCommand = { cmd, ctx, p, sub, args: p.positionals.slice(subIndex + 1), scope, tool: cmd.tool };
  const v = kubectlVerdict(k, subWord);
  const where = scope.context?.value ?? optionValue(p, '--cluster')?.value;
  const server = optionValue(p, '-s', '--server')?.value;
  return makeAction(cmd, ctx, {
    ...v,
    tool: cmd.tool,
    rule: `kubernetes.${v.rule}`,
    context: { ...(where ? { where } : {}), ...(server ? { endpoint: server } : {}) },
  });
}

function kubectlVerdict(k: KubeCommand, subWord: Word | undefined): Verdict {
  const { p, sub } = k;
  if (!subWord) return { operation: k.tool, effect: 'read', rule: 'help' };
  if (subWord.dynamic) return { operation: sub, effect: 'unknown', rule: 'dynamic-subcommand', notes: ['subcommand known only at run time'] };
  if (has(p, '-h', '--help')) return { operation: sub, effect: 'read', rule: 'help' };
  const dry = dryRunOf(p, '--dry-run');
  const verdict = kubectlCommand(k);
  if (dry && verdict.effect !== 'read' && verdict.rule !== 'unknown-subcommand') {
    return {
      operation: `${verdict.operation} --dry-run=${dry}`,
      effect: 'read',
      rule: 'dry-run',
      targets: verdict.targets?.map((t) => ({ ...t, change: 'read' })),
      notes: [dry === 'server' ? '--dry-run=server: the API server checks the request and persists nothing' : '--dry-run=client: nothing is sent to the cluster'],
    };
  }
  return verdict;
}

function secretNote(k: KubeCommand, refs: ResourceRef[]): string[] {
  const out = optionValue(k.p, '-o', '--output')?.value ?? '';
  return refs.some((r) => r.kind === 'secret') && /^(yaml|json|jsonpath|go-template)/.test(out) ? ['prints secret values'] : [];
}

function kubectlCommand(k: KubeCommand): Verdict {
  const { p, sub, args, scope } = k;
  const selector = has(p, '-l', '--selector', '--field-selector', '--all');
  const refs = (words: readonly Word[] = args) => resourceRefs(words).map((r) => (selector && r.name === '*' ? { ...r, many: true } : r));
  const targetsOf = (change: Target['change'], words: readonly Word[] = args) => [
    ...refs(words).map((r) => k8sTarget(scope, r, change)),
    ...manifestTargets(p, scope, change),
  ];

  switch (sub) {
    case 'delete':
      return kubectlDelete(k, targetsOf);
    case 'apply':
      return kubectlApply(k, targetsOf);
    case 'create':
      return kubectlCreate(k, targetsOf);
    case 'replace':
      if (has(p, '--force')) {
        return { operation: 'replace --force', effect: 'destroy', rule: 'replace-force', targets: targetsOf('destroy'), notes: ['deletes the objects and creates them again'] };
      }
      return { operation: 'replace', effect: 'write', rule: 'replace', targets: targetsOf('change') };
    case 'patch':
    case 'edit':
    case 'autoscale':
      return { operation: sub, effect: 'write', rule: sub, targets: targetsOf('change') };
    case 'label':
    case 'annotate': {
      if (has(p, '--list')) return { operation: `${sub} --list`, effect: 'read', rule: `${sub}-list` };
      const resources = args.filter((w) => !/=|-$/.test(w.value));
      return { operation: sub, effect: 'write', rule: sub, targets: targetsOf('change', resources) };
    }
    case 'scale': {
      const replicas = optionValue(p, '--replicas')?.value;
      return {
        operation: 'scale', effect: 'write', rule: 'scale', targets: targetsOf('change'),
        notes: replicas === '0' ? ['--replicas=0 stops every pod of the workload'] : [],
      };
    }
    case 'set': {
      const what = args[0]?.value ?? '';
      const resources = args.slice(1).filter((w) => !w.value.includes('='));
      return { operation: `set ${what}`.trim(), effect: 'write', rule: 'set', targets: targetsOf('change', resources) };
    }
    case 'rollout': {
      const what = args[0]?.value ?? '';
      const op = `rollout ${what}`.trim();
      if (what === 'status' || what === 'history') return { operation: op, effect: 'read', rule: `rollout-${what}` };
      if (['restart', 'undo', 'pause', 'resume'].includes(what)) {
        return { operation: op, effect: 'write', rule: `rollout-${what}`, targets: targetsOf('change', args.slice(1)) };
      }
      return { operation: op, effect: 'unknown', rule: 'unknown-subcommand', notes: [`unrecognised subcommand: ${op}`] };
    }
    case 'expose': {
      const [ref] = refs();
      const name = optionValue(p, '--name') ?? (ref ? { value: ref.name, dynamic: ref.dynamic } : undefined);
      return {
        operation: 'expose', effect: 'write', rule: 'expose',
        targets: name ? [k8sTarget(scope, { kind: 'service', name: name.value, dynamic: name.dynamic, many: false }, 'create')] : [],
      };
    }
    case 'cordon':
    case 'uncordon':
      return { operation: sub, effect: 'write', rule: sub, targets: nodeTargets(k, 'change') };
    case 'drain':
      return {
        operation: 'drain', effect: 'destroy', rule: 'drain', targets: nodeTargets(k, 'change'),
        notes: [
          'evicts every pod on the node and marks it unschedulable',
          ...(has(p, '--delete-emptydir-data', '--delete-local-data') ? ['--delete-emptydir-data: the pods\' emptyDir data is lost'] : []),
          ...(has(p, '--disable-eviction') ? ['--disable-eviction: deletes pods, bypassing disruption budgets'] : []),
        ],
      };
    case 'taint': {
      const nodes = args.filter((w) => !/[=:]|-$/.test(w.value));
      return { operation: 'taint', effect: 'write', rule: 'taint', targets: targetsOf('change', nodes) };
    }
    case 'exec':
      return kubectlExec(k);
    case 'attach':
      if (has(k.p, '-i', '--stdin')) {
        return { operation: 'attach -i', effect: 'unknown', rule: 'attach-stdin', targets: podTarget(k, args[0]), notes: ['sends input to a running container\'s process; not analysed'] };
      }
      return { operation: 'attach', effect: 'read', rule: 'attach' };
    case 'cp':
      return kubectlCp(k);
    case 'port-forward':
      return { operation: 'port-forward', effect: 'read', rule: 'port-forward', notes: ['opens a local port to the pod; later commands through it are judged on their own'] };
    case 'proxy':
      return { operation: 'proxy', effect: 'unknown', rule: 'proxy', notes: ['serves the API server on a local port with your credentials; requests through it are not seen as kubectl'] };
    case 'run':
      return {
        operation: 'run', effect: 'write', rule: 'run',
        targets: args[0] ? [k8sTarget(scope, { kind: 'pod', name: args[0].value, dynamic: args[0].dynamic, many: false }, 'create')] : [],
        notes: k.p.rest.length > 0 ? [`runs in the cluster: ${k.p.rest.map((w) => w.value).join(' ')}`] : [],
      };
    case 'debug':
      return { operation: 'debug', effect: 'write', rule: 'debug', targets: targetsOf('change', args.slice(0, 1)), notes: ['adds a debugging container or pod (on a node: with host access)'] };
    case 'config':
      return kubectlConfig(k);
    case 'auth': {
      const what = args[0]?.value ?? '';
      if (what === 'can-i' || what === 'whoami') return { operation: `auth ${what}`, effect: 'read', rule: `auth-${what}` };
      if (what === 'reconcile') return { operation: 'auth reconcile', effect: 'write', rule: 'auth-reconcile', targets: manifestTargets(p, scope, 'change') };
      return { operation: `auth ${what}`.trim(), effect: 'unknown', rule: 'unknown-subcommand' };
    }
    case 'certificate':
      return { operation: `certificate ${args[0]?.value ?? ''}`.trim(), effect: 'write', rule: 'certificate', targets: targetsOf('change', [{ value: 'csr', dynamic: false }, ...args.slice(1)]) };
    case 'cluster-info':
      if (args[0]?.value === 'dump' && has(p, '--output-directory')) {
        return { operation: 'cluster-info dump', effect: 'write', rule: 'cluster-info-dump', recoverable: true, notes: ['writes the dump into local files'] };
      }
      return { operation: args[0]?.value === 'dump' ? 'cluster-info dump' : 'cluster-info', effect: 'read', rule: 'cluster-info' };
    case 'plugin':
      if (args[0]?.value === 'list') return { operation: 'plugin list', effect: 'read', rule: 'plugin-list' };
      return { operation: 'plugin', effect: 'unknown', rule: 'unknown-subcommand' };
    default:
      if (READS.has(sub)) {
        return { operation: sub, effect: 'read', rule: sub, notes: sub === 'get' || sub === 'describe' ? secretNote(k, refs()) : [] };
      }
      return openShift(k) ?? {
        operation: sub, effect: 'unknown', rule: 'unknown-subcommand',
        notes: [`unrecognised subcommand: ${sub} (a kubectl plugin runs any program named ${k.tool}-${sub})`],
      };
  }
}

function kubectlDelete(k: KubeCommand, targetsOf: (change: Target['change']) => Target[]): Verdict {
  const { p, args, scope } = k;
  const targets = targetsOf('destroy');
  const notes: string[] = [];
  for (const r of resourceRefs(args)) {
    if (r.kind === 'namespace' || r.kind === 'project') {
      notes.push(`deleting ${r.kind} ${r.name} deletes every object in it`);
      targets.push({
        id: `k8s://${scope.context?.value ?? 'current'}/${r.name}/*/*`,
        change: 'destroy',
        kind: `everything in ${r.kind} ${r.name}`,
        unresolved: [...(scope.context ? [] : ['context']), ...(r.dynamic ? ['namespace'] : [])],
        many: true,
      });
    }
    if (r.kind === 'persistentvolumeclaim' || r.kind === 'persistentvolume') notes.push('the volume\'s data may be deleted with it, depending on its reclaim policy');
    if (r.kind === 'customresourcedefinition') notes.push('deleting a CRD deletes every custom resource of that type');
  }
  if (has(p, '--all')) notes.push('--all: every object of the kind in the namespace');
  if (has(p, '--force') && optionValue(p, '--grace-period')?.value === '0') notes.push('--grace-period=0 --force: pods are removed without waiting for them to stop');
  if (optionValue(p, '--cascade')?.value === 'orphan') notes.push('--cascade=orphan: dependents are left behind');
  return { operation: 'delete', effect: 'destroy', rule: 'delete', targets, notes };
}

function kubectlApply(k: KubeCommand, targetsOf: (change: Target['change']) => Target[]): Verdict {
  const { p, args, scope } = k;
  const what = args[0]?.value;
  if (what === 'view-last-applied') return { operation: 'apply view-last-applied', effect: 'read', rule: 'apply-view-last-applied' };
  if (what === 'set-last-applied' || what === 'edit-last-applied') {
    return { operation: `apply ${what}`, effect: 'write', rule: `apply-${what}`, targets: targetsOf('change') };
  }
  if (has(p, '--prune')) {
    const selectorNote = has(p, '-l', '--selector', '--all') ? [] : ['--prune without a selector needs --all'];
    return {
      operation: 'apply --prune', effect: 'destroy', rule: 'apply-prune',
      targets: [
        ...targetsOf('change'),
        k8sTarget(scope, { kind: '*', name: '*', dynamic: false, many: true }, 'destroy'),
      ],
      notes: ['--prune: deletes objects that are not in the manifests', ...selectorNote],
    };
  }
  const notes = has(p, '--force') ? ['--force: may delete and re-create objects that cannot be updated'] : [];
  return { operation: 'apply', effect: 'write', rule: 'apply', targets: targetsOf('change'), notes };
}

/** The word after `create` that names what `create <kind> NAME` makes, with its kubectl spelling. */
const CREATE_KINDS: Record<string, string> = {
  secret: 'secret', configmap: 'configmap', cm: 'configmap', service: 'service', svc: 'service',
  deployment: 'deployment', deploy: 'deployment', namespace: 'namespace', ns: 'namespace', job: 'job',
  cronjob: 'cronjob', cj: 'cronjob', role: 'role', rolebinding: 'rolebinding', clusterrole: 'clusterrole',
  clusterrolebinding: 'clusterrolebinding', serviceaccount: 'serviceaccount', sa: 'serviceaccount',
  quota: 'resourcequota', resourcequota: 'resourcequota', poddisruptionbudget: 'poddisruptionbudget',
  pdb: 'poddisruptionbudget', priorityclass: 'priorityclass', pc: 'priorityclass', ingress: 'ingress',
  ing: 'ingress',
};

function kubectlCreate(k: KubeCommand, targetsOf: (change: Target['change']) => Target[]): Verdict {
  const { args, scope } = k;
  const what = args[0]?.value;
  if (what === 'token') {
    const sa = args[1];
    return {
      operation: 'create token', effect: 'write', rule: 'create-token',
      targets: sa ? [k8sTarget(scope, { kind: 'serviceaccount', name: sa.value, dynamic: sa.dynamic, many: false }, 'read')] : [],
      notes: ['issues a credential for the service account'],
    };
  }
  if (what && CREATE_KINDS[what]) {
    // `create secret generic NAME`, `create service clusterip NAME`: a type word comes before the name.
    const typed = (what === 'secret' || what === 'service' || what === 'svc') && args.length > 2;
    const name = typed ? args[2] : args[1];
    const kind = CREATE_KINDS[what];
    return {
      operation: `create ${what}`, effect: 'write', rule: 'create',
      targets: name ? [k8sTarget(scope, { kind, name: name.value, dynamic: name.dynamic, many: false }, 'create')] : [],
    };
  }
  return { operation: 'create', effect: 'write', rule: 'create', targets: targetsOf('create') };
}

function nodeTargets(k: KubeCommand, change: Target['change']): Target[] {
  const words = k.args.map((w) => ({ ...w, value: w.value.replace(/^(nodes?|no)\//, '') })).filter((w) => !/^(nodes?|no)$/.test(w.value));
  if (words.length === 0 && has(k.p, '-l', '--selector')) {
    return [k8sTarget(k.scope, { kind: 'node', name: '*', dynamic: false, many: true }, change)];
  }
  return words.map((w) => k8sTarget(k.scope, { kind: 'node', name: w.value, dynamic: w.dynamic, many: false }, change));
}

function podTarget(k: KubeCommand, word: Word | undefined): Target[] {
  if (!word) return [];
  const ref = word.value.includes('/')
    ? resourceRefs([word])[0]
    : { kind: 'pod', name: word.value, dynamic: word.dynamic, many: false };
  return [k8sTarget(k.scope, ref, 'change')];
}

/** `kubectl exec POD -- CMD`: a short list of programs that only look is `read`; anything else is not analysed. */
function kubectlExec(k: KubeCommand): Verdict {
  // Without `--` (a deprecated spelling) the inner command's options were read as kubectl's: not judged.
  const afterDashes = k.p.rest.length > 0;
  const inner = afterDashes ? k.p.rest : k.args.slice(1);
  const program = inner[0];
  const targets = podTarget(k, k.args[0]);
  const shown = inner.map((w) => w.value).join(' ');
  const interactive = has(k.p, '-i', '--stdin');
  const name = program?.value.split('/').pop() ?? '';
  if (afterDashes && program && !program.dynamic && !interactive && READ_ONLY_PROGRAMS.has(name) && !inner.some((w) => w.dynamic)) {
    return { operation: 'exec', effect: 'read', rule: 'exec-read', targets: targets.map((t) => ({ ...t, change: 'read' })), notes: [`runs \`${shown}\` inside the container (a read-only program)`] };
  }
  return {
    operation: 'exec', effect: 'unknown', rule: 'exec', targets,
    notes: [shown ? `runs \`${shown}\` inside the container; not analysed` : 'runs a command inside the container; not analysed'],
  };
}

function kubectlCp(k: KubeCommand): Verdict {
  const [src, dest] = k.args;
  // `pod:/path` or `namespace/pod:/path`; local paths start with `/` or `.` or have no colon.
  const remote = (w: Word | undefined): boolean => !!w && /^[^:/.][^:/]*(\/[^:/]+)?:/.test(w.value);
  if (dest && remote(dest)) {
    const pod = dest.value.slice(0, dest.value.indexOf(':'));
    const podName = pod.includes('/') ? pod.split('/')[1] : pod;
    const scope = pod.includes('/') ? { ...k.scope, namespace: { value: pod.split('/')[0], dynamic: dest.dynamic } } : k.scope;
    return {
      operation: 'cp', effect: 'write', rule: 'cp-to-pod',
      targets: [k8sTarget(scope, { kind: 'pod', name: podName, dynamic: dest.dynamic, many: false }, 'change')],
      notes: ['overwrites files inside the container'],
    };
  }
  return { operation: 'cp', effect: 'write', rule: 'cp-from-pod', notes: remote(src) ? [`copies out of the container into ${dest?.value ?? '?'}`] : [] };
}

function kubectlConfig(k: KubeCommand): Verdict {
  const what = k.args[0]?.value ?? '';
  const op = `config ${what}`.trim();
  if (['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users'].includes(what) || what === '') {
    return { operation: op, effect: 'read', rule: 'config-read', notes: what === 'view' && has(k.p, '--raw') ? ['--raw prints credentials'] : [] };
  }
  if (['use-context', 'use', 'set-context', 'set-cluster', 'set-credentials', 'set', 'unset', 'rename-context', 'delete-context'].includes(what)) {
    return { operation: op, effect: 'write', rule: 'config-write', recoverable: true, notes: ['changes the local kubeconfig; later commands go to the context it selects'] };
  }
  if (what === 'delete-user' || what === 'delete-cluster') {
    return { operation: op, effect: 'write', rule: 'config-delete-credentials', notes: ['removes connection details or credentials from the kubeconfig'] };
  }
  return { operation: op, effect: 'unknown', rule: 'unknown-subcommand' };
}

/** `oc` adds projects, builds and logins to kubectl's commands. */
function openShift(k: KubeCommand): Verdict | undefined {
  if (k.tool !== 'oc') return undefined;
  const name = k.args[0];
  switch (k.sub) {
    case 'projects':
    case 'whoami':
    case 'status':
    case 'process':
      return { operation: k.sub, effect: 'read', rule: `oc-${k.sub}` };
    case 'project':
      return name
        ? { operation: 'project', effect: 'write', rule: 'oc-project', recoverable: true, notes: ['changes the current project in the local kubeconfig'] }
        : { operation: 'project', effect: 'read', rule: 'oc-project' };
    case 'login':
    case 'logout':
      return { operation: k.sub, effect: 'write', rule: 'oc-credentials', recoverable: true };
    case 'new-project':
      return {
        operation: 'new-project', effect: 'write', rule: 'oc-new-project',
        targets: name ? [k8sTarget(k.scope, { kind: 'project', name: name.value, dynamic: name.dynamic, many: false }, 'create')] : [],
      };
    case 'new-app':
    case 'new-build':
    case 'start-build':
    case 'rsync':
      return { operation: k.sub, effect: 'write', rule: `oc-${k.sub}` };
    case 'rsh':
      return { operation: 'rsh', effect: 'unknown', rule: 'exec', notes: ['opens a shell inside the container; not analysed'] };
    default:
      return undefined;
  }
}

// -------------------------------------------------------------------------------------------- Helm

const HELM_GLOBAL_VALUES = [
  '--kube-context', '-n', '--namespace', '--kubeconfig', '--kube-apiserver', '--kube-as-user', '--kube-as-group',
  '--kube-token', '--kube-ca-file', '--kube-tls-server-name', '--burst-limit', '--qps', '--registry-config',
  '--repository-cache', '--repository-config', '--content-cache',
];
const HELM_VALUES = [
  ...HELM_GLOBAL_VALUES, '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal',
  '--version', '--repo', '--timeout', '-o', '--output', '--description', '--post-renderer', '--post-renderer-args',
  '--username', '--password', '--ca-file', '--cert-file', '--key-file', '--name-template', '--max', '-m',
  '--revision', '--cascade', '--selector', '--filter', '--history-max', '--kube-version',
  '--api-versions', '-s', '--show-only', '--output-dir', '--destination', '--keyring', '--time-format',
  '--template', '--max-col-width', '--offset', '--endpoint', '--labels', '--untardir', '--app-version',
  '--sign', '--key', '--passphrase-file', '--wait-for', '--deployment-policy',
];

const HELM_READS = new Set([
  'list', 'ls', 'status', 'get', 'history', 'hist', 'template', 'show', 'inspect', 'search', 'lint', 'env',
  'version', 'verify', 'completion', 'help', 'diff',
]);

function analyzeHelm(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const globals = new Set(HELM_GLOBAL_VALUES);
  const subWord = subcommandOf(cmd.args, globals);
  const p = parseArgv(cmd.args, { withValue: HELM_VALUES });
  const env = envOf(cmd, ctx);
  const envWord = (v: string | undefined) => (v ? { value: v, dynamic: false } : undefined);
  const scope: Scope = {
    context: optionValue(p, '--kube-context') ?? envWord(env.HELM_KUBECONTEXT),
    namespace: optionValue(p, '-n', '--namespace') ?? envWord(env.HELM_NAMESPACE),
    allNamespaces: has(p, '-A', '--all-namespaces'),
  };
  const subIndex = subWord ? p.positionals.indexOf(subWord) : -1;
  const args = p.positionals.slice(subIndex + 1);
  const release = (w: Word, change: Target['change']) => k8sTarget(scope, { kind: 'helm-release', name: w.value, dynamic: w.dynamic, many: false }, change);
  const v = ((): Verdict => {
    if (!subWord) return { operation: 'helm', effect: 'read', rule: 'helm-help' };
    const sub = subWord.value;
    if (subWord.dynamic) return { operation: sub, effect: 'unknown', rule: 'helm-dynamic-subcommand' };
    if (has(p, '-h', '--help')) return { operation: sub, effect: 'read', rule: 'helm-help' };
    const dry = dryRunOf(p, '--dry-run');
    const verdict = helmCommand(sub, args, p, scope, release);
    if (dry && (verdict.effect === 'write' || verdict.effect === 'destroy') && !verdict.recoverable) {
      return {
        operation: `${verdict.operation} --dry-run`, effect: 'read', rule: 'helm-dry-run',
        targets: verdict.targets?.map((t) => ({ ...t, change: 'read' })),
        notes: ['--dry-run: renders and checks the release, changes nothing'],
      };
    }
    return verdict;
  })();
  return makeAction(cmd, ctx, {
    ...v,
    tool: 'helm',
    rule: `kubernetes.${v.rule}`,
    context: scope.context ? { where: scope.context.value } : {},
  });
}

function helmCommand(
  sub: string, args: Word[], p: ParsedArgv, scope: Scope,
  release: (w: Word, change: Target['change']) => Target,
): Verdict {
  const what = args[0]?.value;
  switch (sub) {
    case 'install': {
      const generated = has(p, '--generate-name', '-g');
      const name = generated ? undefined : args[0];
      const targets = name
        ? [release(name, 'create')]
        : [k8sTarget(scope, { kind: 'helm-release', name: '*', dynamic: true, many: false }, 'create')];
      return {
        operation: 'install', effect: 'write', rule: 'helm-install', targets,
        notes: has(p, '--create-namespace') ? ['--create-namespace: creates the namespace if missing'] : [],
      };
    }
    case 'upgrade': {
      const notes: string[] = [];
      if (has(p, '--force')) notes.push('--force: replaces resources that cannot be updated, deleting them first');
      if (has(p, '--install', '-i')) notes.push('--install: installs the release if it does not exist');
      return { operation: 'upgrade', effect: 'write', rule: 'helm-upgrade', targets: args[0] ? [release(args[0], 'change')] : [], notes };
    }
    case 'uninstall':
    case 'delete':
    case 'del':
    case 'un':
      return {
        operation: 'uninstall', effect: 'destroy', rule: 'helm-uninstall', targets: args.map((w) => release(w, 'destroy')),
        notes: [
          'deletes every Kubernetes object the release created',
          ...(has(p, '--keep-history') ? ['--keep-history: the release record is kept, so it can be rolled back'] : []),
        ],
      };
    case 'rollback':
      return { operation: 'rollback', effect: 'write', rule: 'helm-rollback', targets: args[0] ? [release(args[0], 'change')] : [] };
    case 'test':
      return { operation: 'test', effect: 'write', rule: 'helm-test', targets: args[0] ? [release(args[0], 'read')] : [], notes: ['runs the chart\'s test pods in the cluster'] };
    case 'repo':
      if (what === 'list' || what === 'ls') return { operation: `repo ${what}`, effect: 'read', rule: 'helm-repo-list' };
      if (['add', 'update', 'up', 'remove', 'rm', 'index'].includes(what ?? '')) {
        return { operation: `repo ${what}`, effect: 'write', rule: 'helm-repo', recoverable: true };
      }
      return { operation: `repo ${what ?? ''}`.trim(), effect: 'unknown', rule: 'helm-unknown-subcommand' };
    case 'dependency':
    case 'dep':
      if (what === 'list' || what === 'ls') return { operation: 'dependency list', effect: 'read', rule: 'helm-dependency-list' };
      return { operation: `dependency ${what ?? ''}`.trim(), effect: 'write', rule: 'helm-dependency', recoverable: true };
    case 'plugin':
      if (what === 'list' || what === 'ls') return { operation: 'plugin list', effect: 'read', rule: 'helm-plugin-list' };
      return { operation: `plugin ${what ?? ''}`.trim(), effect: 'write', rule: 'helm-plugin', recoverable: true };
    case 'registry':
      return { operation: `registry ${what ?? ''}`.trim(), effect: 'write', rule: 'helm-registry', recoverable: true };
    case 'pull':
    case 'fetch':
    case 'package':
    case 'create':
      return { operation: sub, effect: 'write', rule: `helm-${sub}`, recoverable: true };
    case 'push':
      return { operation: 'push', effect: 'write', rule: 'helm-push', notes: ['publishes the chart to a registry'] };
    default:
      if (HELM_READS.has(sub)) return { operation: what && ['get', 'show', 'inspect', 'search', 'diff'].includes(sub) ? `${sub} ${what}` : sub, effect: 'read', rule: `helm-${sub}` };
      return { operation: sub, effect: 'unknown', rule: 'helm-unknown-subcommand', notes: [`unrecognised subcommand: ${sub} (may be a plugin)`] };
  }
}

export const kubernetesRules: RulePack = {
  name: 'kubernetes',
  tools: ['kubectl', 'oc', 'helm'],
  analyze(cmd, ctx) {
    return [cmd.tool === 'helm' ? analyzeHelm(cmd, ctx) : analyzeKubectl(cmd, ctx)];
  },
};
