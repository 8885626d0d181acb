/**
 * The STS session policy agents' AWS credentials carry, generated from the settings, and the policy of
 * one-shot credentials after an approval. Pure: settings in, IAM policy JSON out.
 *
 * A session policy can only take permissions away from the role or user it is issued for, so it allows
 * `*` on `*` ("whatever the principal allows") and then denies: the destructive actions of the core's
 * AWS table on the protected ARNs; on every resource in `everywhere` mode; the calls that would hand out
 * credentials without this policy. Where IAM cannot say exactly what a setting says, the policy denies
 * more, never less, and a note says so. Nothing is dropped to make it fit: when it cannot fit, `fits`
 * is false and the notes say which patterns did not fit.
 *
 * Lives in src/core/aws (not src/core/policy) because it is AWS IAM's language, built on the AWS
 * table's IAM mapping; src/core/policy decides for every tool alike.
 */
import type { PolicySettings } from '../policy/settings';
import { overDeniedBy, serviceActions, type ActionStage, type ServiceActions } from './action-patterns';
import { arnSegments, translateProtected, type NamedResources, type WideScope } from './arn-patterns';
import { destructiveIamActionsFor, iamActionsFor, iamPrefixes } from './iam-actions';

export { iamActionsFor, destructiveIamActionsFor };

/**
 * STS: "The plaintext that you use for both inline and managed session policies can't exceed 2,048
 * characters" (AssumeRole / GetFederationToken `Policy`, STS API reference; IAM User Guide, "IAM and
 * AWS STS quotas", Role session policies: "The size of the passed JSON policy document and all passed
 * managed policy ARN characters combined can't exceed 2,048 characters"). The whitespace exemption that
 * page states is for IAM inline and managed policies only, so every character sent counts; the JSON is
 * sent minified. STS also packs policy and session tags into a binary form with a separate, undisclosed
 * limit, reported afterwards as PackedPolicySize (%): it can only be checked by STS itself.
 */
export const SESSION_POLICY_LIMIT = 2048;
/** STS DurationSeconds minimum (AssumeRole and GetFederationToken): the shortest one-shot session. */
export const SHORTEST_SESSION_SECONDS = 900;

/**
 * IAM prefixes named one by one when a deny must reach every service, most consequential first; every
 * other service is denied outright there. `sts` and `tag` have nothing destructive: listing them keeps
 * them usable.
 */
export const DEFAULT_NAMED_SERVICES: readonly string[] = [
  'sts', 's3', 'ec2', 'rds', 'dynamodb', 'lambda', 'cloudformation', 'iam', 'kms', 'secretsmanager', 'logs',
  'cloudwatch', 'sqs', 'sns', 'ecs', 'eks', 'ecr', 'elasticloadbalancing', 'autoscaling', 'route53', 'ssm',
  'states', 'events', 'apigateway', 'elasticache', 'elasticfilesystem', 'backup', 'kinesis', 'firehose', 'es',
  'redshift', 'glue', 'athena', 'cognito-idp', 'cloudfront', 'acm', 'codebuild', 'codepipeline', 'tag',
];

/**
 * Calls that would give the agent credentials this policy does not bind: a role assumed from the
 * session (role chaining) carries no session policy, and a new access key or console password is the
 * user's full permissions.
 */
export const ESCAPE_ACTIONS: readonly string[] = ['sts:AssumeRole*', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];

export type IamValue = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: IamValue;
  NotAction?: IamValue;
  Resource?: IamValue;
  NotResource?: IamValue;
  Condition?: Record<string, Record<string, IamValue>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface SessionPolicyOptions {
  /** 'protected': destructive actions denied on protected ARNs; 'everywhere': on every resource. */
  mode: 'protected' | 'everywhere';
  /** ARN partition for `s3://` patterns. Default 'aws'. */
  partition?: string;
  /**
   * IAM prefixes, most important first, whose destructive actions are denied by name when a deny has to
   * reach every service (everywhere, a protected account, a service-wide ARN glob); every other service
   * is then denied entirely there. Default DEFAULT_NAMED_SERVICES. Trimmed from the end to fit.
   */
  services?: readonly string[];
  /** Deny ESCAPE_ACTIONS. Default true. */
  denyEscapes?: boolean;
  /** Character limit to pack for. Default SESSION_POLICY_LIMIT. */
  limit?: number;
}

export type PackingStage = ActionStage;

export interface Packing {
  /**
   * exact: every destructive action by name; wildcards: wildcards matching only destructive actions of
   * the table; verb-wildcards: destroy-verb wildcards (`ec2:Delete*`) that may also match reads/writes
   * (in `overDenied`); whole-service: `svc:*` on the protected resources (reads too).
   */
  stage: PackingStage;
  wildcards: Array<{ pattern: string; destructive: number }>;
  /** Reads and writes of the table (`service operation`) the denies also refuse, escapes excluded. */
  overDenied: string[];
  /** Services whose destructive actions are named in the reach-every-service denies. */
  namedServices: string[];
  /** True when some deny reaches every service: there, every other service is denied outright. */
  otherServicesDenied: boolean;
}

export interface SessionPolicy {
  document: PolicyDocument;
  /** Minified, ASCII-only JSON: what to pass as `Policy`. */
  json: string;
  /** json.length: the characters STS counts. */
  bytes: number;
  limit: number;
  /** When false, do not issue credentials with it: nothing was dropped to make it fit. */
  fits: boolean;
  packed: Packing;
  /** One sentence each: what is denied, what was widened, what could not be expressed or fitted. */
  notes: string[];
  /** Protected patterns that are not AWS resources (paths, git refs, k8s, terraform): left to the gate. */
  skipped: string[];
  /** Protected patterns naming AWS resources the policy cannot express (aws:// ids, `*prod*`). */
  unexpressed: string[];
}

/** Serialises for STS: no whitespace, characters above U+00FF escaped (STS accepts U+0020–U+00FF, tab, LF, CR). */
export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(document).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** IAM resource matching, as the Resource element documents it: per segment, a final `*` may cross colons. */
function resourceRegex(pattern: string): RegExp {
  if (pattern === '*') return /^.*$/s;
  const segs = arnSegments(pattern);
  const out = segs.map((seg, i) => {
    let re = '';
    for (let k = 0; k < seg.length; k++) {
      const ch = seg[k];
      if (ch === '*') re += i === segs.length - 1 || k === seg.length - 1 ? '.*' : '[^:]*';
      else if (ch === '?') re += i === segs.length - 1 ? '.' : '[^:]';
      else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    }
    return re;
  });
  return new RegExp(`^${out.join(':')}$`, 's');
}

/** Drops exact duplicates and wildcard-free resources that another pattern already covers. */
function mergeResources(resources: readonly string[]): string[] {
  const unique = [...new Set(resources)];
  const wild = unique.filter((r) => /[*?]/.test(r)).map(resourceRegex);
  return unique.filter((r) => /[*?]/.test(r) || !wild.some((w) => w.test(r)));
}

/** The merged resources of a plan's protected ARNs: the same for every packing tried. */
const mergedOf = new WeakMap<readonly NamedResources[], string[]>();
function planResources(named: readonly NamedResources[]): string[] {
  let r = mergedOf.get(named);
  if (!r) mergedOf.set(named, (r = mergeResources(named.flatMap((n) => n.resources))));
  return r;
}

interface Wide {
  condition?: Record<string, Record<string, string[]>>;
  sources: string[];
  description: string;
}

/** One condition for every reach-every-service scope, widened (never narrowed) when they differ. */
function mergeWide(scopes: readonly WideScope[], notes: string[]): Wide | undefined {
  if (scopes.length === 0) return undefined;
  const sources = scopes.map((s) => s.source);
  if (scopes.some((s) => !s.accounts && !s.regions)) return { sources, description: 'on every resource' };
  if (scopes.every((s) => s.accounts)) {
    if (scopes.some((s) => s.regions)) notes.push('Region parts of account-wide patterns are widened: the deny applies in every region.');
    const accounts = [...new Set(scopes.flatMap((s) => s.accounts!))].sort();
    return {
      sources,
      condition: { StringLikeIfExists: { 'aws:ResourceAccount': accounts } },
      description: `on resources of account ${accounts.join(', ')} (aws:ResourceAccount; where a service does not report it, in every account)`,
    };
  }
  if (scopes.every((s) => s.regions)) {
    notes.push('Account parts of region-wide patterns are widened: the deny applies to every account.');
    const regions = [...new Set(scopes.flatMap((s) => s.regions!))].sort();
    return { sources, condition: { StringLike: { 'aws:RequestedRegion': regions } }, description: `in region ${regions.join(', ')} (aws:RequestedRegion)` };
  }
  notes.push('Account-wide and region-wide patterns cannot share one condition: their denies apply everywhere.');
  return { sources, description: 'on every resource' };
}

interface Attempt {
  document: PolicyDocument;
  json: string;
  /** The most aggressive stage any service was packed with. */
  stage: ActionStage;
  /** Stage per namespace of the protected-ARN deny. */
  namedStages: Map<string, ActionStage>;
  named: string[];
  patterns: string[];
  wildcards: Array<{ pattern: string; destructive: number }>;
}

const memo = new Map<string, ServiceActions>();
function actionsOf(prefix: string, stage: ActionStage): ServiceActions {
  const key = `${prefix}\0${stage}`;
  let v = memo.get(key);
  if (!v) {
    v = serviceActions(prefix, stage);
    // A service the table does not know has no list of destructive actions: all of its actions then.
    if (v.patterns.length === 0 && !iamPrefixes().has(prefix)) v = { prefix, patterns: [`${prefix}:*`], wildcards: [{ pattern: `${prefix}:*`, destructive: 0 }] };
    memo.set(key, v);
  }
  return v;
}

interface Plan {
  named: NamedResources[];
  wide?: Wide;
  escapes: boolean;
}

/** How each service is packed: in the protected-ARN deny, and in the reach-every-service deny. */
interface Stages {
  named: (prefix: string) => ActionStage;
  wide: (prefix: string) => ActionStage;
}

const RANK: Record<ActionStage, number> = { exact: 0, wildcards: 1, 'verb-wildcards': 2, 'whole-service': 3 };

function compose(plan: Plan, services: readonly string[], stages: Stages, sids: boolean): Attempt {
  const statements: PolicyStatement[] = [];
  const sid = (s: PolicyStatement, id: string): PolicyStatement => (sids ? { Sid: id, ...s } : s);
  statements.push(sid({ Effect: 'Allow', Action: '*', Resource: '*' }, 'RoleAllows'));
  const patterns: string[] = [];
  const wildcards: Attempt['wildcards'] = [];
  let worst: ActionStage = 'exact';
  const namedStages = new Map<string, ActionStage>();
  const take = (a: ServiceActions, stage: ActionStage, into: string[]) => {
    if (a.patterns.length > 0 && RANK[stage] > RANK[worst]) worst = stage;
    for (const p of a.patterns) {
      if (!patterns.includes(p)) patterns.push(p);
      if (!into.includes(p)) into.push(p);
    }
    for (const w of a.wildcards) if (!wildcards.some((x) => x.pattern === w.pattern)) wildcards.push(w);
  };
  if (plan.named.length > 0) {
    const actions: string[] = [];
    for (const ns of [...new Set(plan.named.map((n) => n.namespace))].sort()) {
      const stage = stages.named(ns);
      namedStages.set(ns, stage);
      take(actionsOf(ns, stage), stage, actions);
    }
    const resources = planResources(plan.named);
    statements.push(sid({ Effect: 'Deny', Action: actions, Resource: resources }, 'DestroyProtected'));
  }
  let escapesDone = !plan.escapes;
  if (plan.wide) {
    const actions: string[] = [];
    for (const svc of services) take(actionsOf(svc, stages.wide(svc)), stages.wide(svc), actions);
    const condition = plan.wide.condition ? { Condition: plan.wide.condition } : {};
    if (!plan.wide.condition && plan.escapes) {
      actions.push(...ESCAPE_ACTIONS);
      escapesDone = true;
    }
    if (actions.length > 0) statements.push(sid({ Effect: 'Deny', Action: actions, Resource: '*', ...condition }, 'DestroyEverywhere'));
    statements.push(
      sid(
        services.length > 0
          ? { Effect: 'Deny', NotAction: services.map((s) => `${s}:*`), Resource: '*', ...condition }
          : { Effect: 'Deny', Action: '*', Resource: '*', ...condition },
        'OtherServices',
      ),
    );
  }
  if (!escapesDone) statements.push(sid({ Effect: 'Deny', Action: [...ESCAPE_ACTIONS], Resource: '*' }, 'NewCredentials'));
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return { document, json: policyJson(document), stage: worst, namedStages, named: [...services], patterns, wildcards };
}

function length(patterns: readonly string[]): number {
  return patterns.reduce((n, p) => n + p.length + 3, 0);
}

/** Services in the order that switching them from `from` to `to` saves the most characters. */
function bySavings(prefixes: readonly string[], from: ActionStage, to: ActionStage): string[] {
  return prefixes
    .map((p) => ({ p, saves: length(actionsOf(p, from).patterns) - length(actionsOf(p, to).patterns) }))
    .filter((x) => x.saves > 0)
    .sort((a, b) => b.saves - a.saves || a.p.localeCompare(b.p))
    .map((x) => x.p);
}

/** Named services kept before reads of protected resources are given up to make room. */
const CORE_SERVICES = 10;

/**
 * The most precise policy that fits. Named services matter most (one left out is denied entirely where a
 * deny reaches every service), then the least over-denying packing: all exact, all pure wildcards, then
 * destroy-verb wildcards service by service (biggest savings first). Only when trimming the named
 * services down to the first CORE_SERVICES is not enough are whole services denied on the protected ARNs
 * (their reads too), again trimming from the full list.
 */
function search(plan: Plan, services: readonly string[], limit: number): { attempt: Attempt; fits: boolean } {
  const namespaces = [...new Set(plan.named.map((n) => n.namespace))];
  let smallest: Attempt | undefined;
  const tryStages = (n: number, stages: Stages): Attempt | undefined => {
    for (const sids of [true, false]) {
      const a = compose(plan, services.slice(0, n), stages, sids);
      if (a.json.length <= limit) return a;
      if (!smallest || a.json.length < smallest.json.length) smallest = a;
    }
    return undefined;
  };
  const verbIfShorter = (p: string): ActionStage => (bySavings([p], 'wildcards', 'verb-wildcards').length > 0 ? 'verb-wildcards' : 'wildcards');
  const wholeIfShorter = (p: string): ActionStage => (bySavings([p], 'verb-wildcards', 'whole-service').length > 0 ? 'whole-service' : verbIfShorter(p));
  const attemptAt = (n: number, allowWhole: boolean): Attempt | undefined => {
    // The most compact packing for this many services: when even it is too long, try fewer services.
    const floor = compose(plan, services.slice(0, n), { named: allowWhole ? wholeIfShorter : verbIfShorter, wide: verbIfShorter }, false);
    if (!smallest || floor.json.length < smallest.json.length) smallest = floor;
    if (floor.json.length > limit) return undefined;
    const uniform = (stage: ActionStage): Stages => ({ named: () => stage, wide: () => stage });
    const found = tryStages(n, uniform('exact')) ?? tryStages(n, uniform('wildcards'));
    if (found) return found;
    const inUse = [...new Set([...namespaces, ...services.slice(0, n)])];
    const verbOrder = bySavings(inUse, 'wildcards', 'verb-wildcards');
    for (let k = 1; k <= verbOrder.length; k++) {
      const verb = new Set(verbOrder.slice(0, k));
      const stage = (p: string): ActionStage => (verb.has(p) ? 'verb-wildcards' : 'wildcards');
      const a = tryStages(n, { named: stage, wide: stage });
      if (a) return a;
    }
    if (!allowWhole) return undefined;
    const wholeOrder = bySavings(namespaces, 'verb-wildcards', 'whole-service');
    for (let k = 1; k <= wholeOrder.length; k++) {
      const whole = new Set(wholeOrder.slice(0, k));
      const a = tryStages(n, { named: (p) => (whole.has(p) ? 'whole-service' : verbIfShorter(p)), wide: verbIfShorter });
      if (a) return a;
    }
    return undefined;
  };
  const max = plan.wide ? services.length : 0;
  for (let n = max; n >= Math.min(CORE_SERVICES, max); n--) {
    const a = attemptAt(n, false);
    if (a) return { attempt: a, fits: true };
  }
  for (let n = max; n >= 0; n--) {
    const a = attemptAt(n, true);
    if (a) return { attempt: a, fits: true };
  }
  return { attempt: smallest!, fits: false };
}

function listed(items: readonly string[], max = 12): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function quoted(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}

export function buildSessionPolicy(settings: PolicySettings, options: SessionPolicyOptions): SessionPolicy {
  const limit = options.limit ?? SESSION_POLICY_LIMIT;
  const partition = options.partition ?? 'aws';
  const notes: string[] = ['Allows whatever the role or user allows (a session policy can only take permissions away), then denies what follows.'];
  const everywhere = options.mode === 'everywhere' || settings.protectEverything;
  if (settings.protectEverything && options.mode !== 'everywhere') {
    notes.push('The protection settings are malformed, so every change is protected: destructive actions are denied everywhere.');
  }
  const protectedAccounts = Object.entries(settings.awsAccounts)
    .filter(([, a]) => a.protected)
    .map(([id]) => id)
    .sort();
  const tr = translateProtected(settings.protectedResources, { partition, protectedAccounts });
  const translationNotes = [...tr.notes];
  const wide = everywhere ? { sources: ['everywhere'], description: 'on every resource' } : mergeWide(tr.wide, translationNotes);
  let named = tr.named;
  if (wide && !wide.condition && named.length > 0) {
    translationNotes.push(`The deny on every resource already covers the protected ARN patterns (${quoted([...new Set(named.map((n) => n.source))])}).`);
    named = [];
  }
  const known = iamPrefixes();
  const services = (options.services ?? DEFAULT_NAMED_SERVICES).filter((s, i, all) => all.indexOf(s) === i && (known.has(s) || s === 'sts'));
  const plan: Plan = { named, wide, escapes: options.denyEscapes ?? true };
  const { attempt, fits } = search(plan, services, limit);

  for (const n of named) {
    notes.push(`"${n.source}": destructive ${n.namespace} actions are denied on ${n.resources.join(', ')}.`);
  }
  if (wide) {
    const destructive = attempt.named.filter((s) => actionsOf(s, 'wildcards').patterns.length > 0);
    const scope = everywhere ? 'Everywhere' : `For ${quoted(wide.sources)}`;
    notes.push(
      attempt.named.length > 0
        ? `${scope}: the destructive actions of ${listed(destructive, 40)} are denied ${wide.description}; every action of any other service (reads too) is denied there, because naming every service's destructive actions would not fit ${limit} characters. Keep more services usable with fewer protected patterns or the services option.`
        : `${scope}: every action is denied ${wide.description}: not even one service's destructive actions fit ${limit} characters next to the rest.`,
    );
    if (attempt.named.length < services.length) {
      notes.push(`Left out to fit (denied entirely ${wide.description}): ${listed(services.slice(attempt.named.length), 40)}.`);
    }
  }
  if (!everywhere && protectedAccounts.length > 0) {
    notes.push(`Protected accounts (${protectedAccounts.join(', ')}): AWS refuses destructive actions there; other changes are still only asked about by the gate.`);
  }
  // The escapes are reported on their own; these are what the destructive denies take with them.
  const overDenied = overDeniedBy(attempt.patterns);
  const whole = [...attempt.namedStages].filter(([, st]) => st === 'whole-service').map(([ns]) => ns);
  if (whole.length > 0) {
    notes.push(`To fit, every action (reads too) of ${listed(whole)} is denied on the protected resources.`);
  }
  if (overDenied.length > 0) {
    notes.push(`The wildcards (or the IAM actions destructive calls share with others) also deny these reads and writes where the deny applies: ${listed(overDenied)}.`);
  }
  if (plan.escapes) {
    notes.push(`Denies ${ESCAPE_ACTIONS.join(', ')} everywhere: a role assumed from this session, a new access key or a console password would carry none of this policy.`);
  }
  notes.push(...translationNotes);
  if (tr.skipped.length > 0) notes.push(`Not AWS resources, left to the gate: ${listed(tr.skipped)}.`);
  if (!fits) {
    const over = attempt.json.length - limit;
    const notFitted = notFittedSources(plan, limit);
    notes.push(
      `Does not fit: the smallest form is ${attempt.json.length} characters, ${over} over the ${limit} limit. ` +
        `Patterns that could not be fitted: ${notFitted.length > 0 ? quoted(notFitted) : 'none alone; the fixed statements take the room'}. ` +
        'Protect fewer or broader patterns, or use everywhere mode (it always fits); managed policies passed as PolicyArns could carry more, but must be created in IAM first.',
    );
  }
  notes.push(`${attempt.json.length} of ${limit} characters${fits ? '' : ' (too long)'}. STS also checks a packed binary size it reports only after the call (PackedPolicySize).`);
  notes.push('Not covered: services that act with their own role (CloudFormation with a service role, Lambda or EC2 with an instance role) and resource policies granting this principal directly.');

  return {
    document: attempt.document,
    json: attempt.json,
    bytes: attempt.json.length,
    limit,
    fits,
    packed: {
      stage: attempt.stage,
      wildcards: attempt.wildcards,
      overDenied,
      namedServices: attempt.named,
      otherServicesDenied: !!wide,
    },
    notes,
    skipped: tr.skipped,
    unexpressed: tr.unexpressed,
  };
}

/**
 * The protected sources, in settings order, that no longer fit once the ones before them are in, each
 * judged in its most compact packing (whole services, no named services where a deny reaches every one).
 */
function notFittedSources(plan: Plan, limit: number): string[] {
  const sources = [...new Set(plan.named.map((n) => n.source))];
  const compact: Stages = { named: () => 'whole-service', wide: () => 'verb-wildcards' };
  for (let keep = sources.length - 1; keep >= 0; keep--) {
    const kept = new Set(sources.slice(0, keep));
    const trial: Plan = { ...plan, named: plan.named.filter((n) => kept.has(n.source)) };
    if (compose(trial, [], compact, false).json.length <= limit) return sources.slice(keep);
  }
  return sources;
}

export interface Grant {
  /** IAM actions, e.g. `s3:DeleteObject`; no wildcards. */
  actions: string[];
  /** Resource ARNs (wildcards allowed where the approval covered a set: `arn:aws:s3:::b/prefix*`). */
  resources: string[];
}

export interface GrantPolicy {
  document: PolicyDocument;
  json: string;
  bytes: number;
  limit: number;
  fits: boolean;
  /** Reads added because the CLI makes them to carry the approved actions out. */
  addedReads: Array<{ action: string; resource: string; why: string }>;
  notes: string[];
}

/** The bucket of an S3 object ARN (`arn:aws:s3:::b/k` → `arn:aws:s3:::b`). */
function bucketOf(resource: string): string | undefined {
  const m = /^(arn:[^:]+:s3:::[^/]+)\/(.*)$/.exec(resource);
  return m ? m[1] : undefined;
}

/**
 * The policy of one-shot credentials after a person approved a destructive request: exactly the
 * approved actions on exactly the previewed resources, plus the listing the CLI needs to carry a
 * recursive S3 delete out. Nothing else is allowed, so nothing needs denying.
 * Throws RangeError for input it will not turn into a grant: no actions or resources, a wildcard or
 * malformed action, a resource that is not an ARN.
 */
/**
 * The Allow statements of a grant. S3 is paired by resource type — bucket actions on bucket ARNs, object
 * actions on object ARNs — so `rb --force` is not also allowed DeleteBucket on object ARNs or
 * DeleteObject on the bucket ARN; the listing a recursive delete needs joins its bucket's statement.
 * Other services keep one statement: which of their actions apply to which resource type is not in the
 * table, and an action never pairs with a resource it cannot act on anyway.
 */
function grantStatements(actions: string[], resources: string[], listedBuckets: string[]): PolicyStatement[] {
  const s3 = actions.every((a) => a.startsWith('s3:')) && resources.every((r) => r.startsWith('arn:') && r.split(':')[2] === 's3');
  if (!s3) {
    const statements: PolicyStatement[] = [{ Effect: 'Allow', Action: actions, Resource: resources }];
    if (listedBuckets.length > 0) statements.push({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [...new Set(listedBuckets)] });
    return statements;
  }
  const isObject = (r: string) => r.split(':').slice(5).join(':').includes('/');
  const objectActions = actions.filter((a) => /object/i.test(a));
  const bucketActions = actions.filter((a) => !/object/i.test(a));
  const objects = resources.filter(isObject);
  const buckets = resources.filter((r) => !isObject(r));
  const statements: PolicyStatement[] = [];
  // An action whose resource type is not among the resources stays with all of them: never grant less than approved.
  if (objectActions.length > 0) statements.push({ Effect: 'Allow', Action: objectActions, Resource: objects.length > 0 ? objects : resources });
  const bucketLevel = [...new Set([...bucketActions, ...(listedBuckets.length > 0 ? ['s3:ListBucket'] : [])])].sort();
  const bucketResources = [...new Set([...buckets, ...listedBuckets])];
  if (bucketLevel.length > 0) {
    if (listedBuckets.length > 0 && bucketActions.length > 0 && buckets.length > 0 && listedBuckets.some((b) => !buckets.includes(b))) {
      // Listing another bucket than the ones acted on: keep the two apart.
      statements.push({ Effect: 'Allow', Action: bucketActions, Resource: buckets });
      statements.push({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [...new Set(listedBuckets)] });
    } else {
      statements.push({ Effect: 'Allow', Action: bucketLevel, Resource: bucketResources.length > 0 ? bucketResources : resources });
    }
  }
  return statements;
}

export function buildGrantPolicy(grant: Grant, options: { limit?: number } = {}): GrantPolicy {
  const limit = options.limit ?? SESSION_POLICY_LIMIT;
  if (grant.actions.length === 0) throw new RangeError('a grant needs at least one action');
  if (grant.resources.length === 0) throw new RangeError('a grant needs at least one resource');
  for (const a of grant.actions) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a)) throw new RangeError(`not an exact IAM action: ${JSON.stringify(a).slice(0, 80)}`);
  }
  for (const r of grant.resources) {
    if (!/^arn:[^:]+:[a-z0-9-]+:[^:]*:[^:]*:.+$/.test(r) || /[\s"]/.test(r)) throw new RangeError(`not an ARN: ${JSON.stringify(r).slice(0, 120)}`);
  }
  const actions = [...new Set(grant.actions)].sort();
  const resources = [...new Set(grant.resources)];
  const addedReads: GrantPolicy['addedReads'] = [];
  const notes: string[] = [`Allows exactly ${actions.join(', ')} on ${resources.join(', ')}; every other call is refused (a session policy's allow is the whole of what the session may do).`];
  // `aws s3 rm --recursive`, `s3 rb --force`, `s3 sync --delete`, `s3 mv`: the CLI lists the bucket to find the keys.
  if (actions.some((a) => /^s3:DeleteObject/i.test(a))) {
    for (const r of resources) {
      const bucket = bucketOf(r);
      if (bucket && /[*?]/.test(r) && !addedReads.some((x) => x.resource === bucket)) {
        addedReads.push({ action: 's3:ListBucket', resource: bucket, why: 'the CLI lists the bucket to find the objects a recursive delete removes' });
      }
    }
  }
  const statements = grantStatements(actions, resources, addedReads.map((r) => r.resource));
  if (addedReads.length > 0) notes.push(`Also allows ${addedReads.map((r) => `${r.action} on ${r.resource}`).join(', ')}: ${addedReads[0].why}.`);
  if (actions.some((a) => a.toLowerCase() === 'cloudformation:deletestack')) {
    notes.push('A stack without a service role is deleted with the caller\'s credentials: the deletes of its resources must be in the grant too, or they fail.');
  }
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  const json = policyJson(document);
  if (json.length > limit) notes.push(`Does not fit: ${json.length} of ${limit} characters; split the approval.`);
  notes.push('An action that does not support resource-level permissions is refused on a named resource; such actions need "*" as the resource.');
  return { document, json, bytes: json.length, limit, fits: json.length <= limit, addedReads, notes };
}
