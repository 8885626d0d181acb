/**
 * Deployment frameworks that drive CloudFormation or their own state: AWS CDK, AWS SAM, Pulumi and the
 * Serverless Framework. A CloudFormation stack is named by its ARN with `*` for what the command line
 * does not say (`arn:aws:cloudformation:<region>:<account>:stack/<name>/*`); a Pulumi stack is
 * `pulumi://<stack>` and a resource in it `pulumi://<stack>/<urn>`.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { envOf, has, makeAction, optionValue, optionValues, parseArgv, resolvePath, type ParsedArgv, type ActionFields } from './support';

/** What a subcommand does, before it becomes an Action. */
type Verdict = Omit<ActionFields, 'tool' | 'context'>;

/** Where an AWS deployment lands, from flags, the environment and what the caller resolved. */
interface AwsWhere {
  profile?: string;
  region?: string;
  account?: string;
}

function awsWhere(cmd: SimpleCommand, ctx: AnalysisContext, profileFlag?: Word, regionFlag?: Word): AwsWhere {
  const env = envOf(cmd, ctx);
  const profile = profileFlag?.value ?? env.AWS_PROFILE;
  const known = profile ? ctx.aws?.profiles?.[profile] : undefined;
  const region = regionFlag?.value ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? known?.region ?? (profile ? undefined : ctx.aws?.region);
  const account = known?.account ?? (profile ? undefined : ctx.aws?.account);
  return { profile, region, account };
}

/**
 * A CloudFormation stack. `appDecides`: the framework's app may pin the stack to another account or
 * region than the command line shows (CDK stack `env`, serverless.yml), so those parts stay unresolved.
 */
function stackTarget(name: Word | undefined, where: AwsWhere, change: Target['change'], opts: { appDecides?: boolean; namePattern?: string } = {}): Target {
  const stackName = name?.value ?? opts.namePattern ?? '*';
  const unresolved: string[] = [];
  if (!where.region || opts.appDecides) unresolved.push('region');
  if (!where.account || opts.appDecides) unresolved.push('account');
  if (!name || name.dynamic || /[*?]/.test(stackName)) unresolved.push('stack');
  const many = !name || /[*?]/.test(stackName);
  return {
    id: `arn:aws:cloudformation:${where.region ?? '*'}:${where.account ?? '*'}:stack/${stackName}/*`,
    change,
    kind: 'cloudformation stack',
    ...(unresolved.length > 0 ? { unresolved } : {}),
    ...(many ? { many: true } : {}),
  };
}

function awsContext(where: AwsWhere, extra: { where?: string } = {}) {
  return {
    ...(where.profile ? { profile: where.profile } : {}),
    ...(where.region ? { region: where.region } : {}),
    ...(where.account ? { account: where.account } : {}),
    ...extra,
  };
}

const isHelp = (p: ParsedArgv) => has(p, '--help', '-h');
const isVersion = (p: ParsedArgv) => has(p, '--version');

// ---------------------------------------------------------------------------------------------- CDK

const CDK_VALUES = [
  '--app', '-a', '--profile', '--context', '-c', '--plugin', '-p', '--output', '-o', '--role-arn', '-r',
  '--toolkit-stack-name', '--ca-bundle-path', '--proxy', '--require-approval', '--notification-arns',
  '--tags', '-t', '--change-set-name', '--method', '-m', '--parameters', '--outputs-file', '-O', '--progress',
  '--concurrency', '--asset-parallelism', '--build-exclude', '-E', '--unstable', '--language', '-l',
  '--bootstrap-bucket-name', '-b', '--bootstrap-kms-key-id', '--cloudformation-execution-policies',
  '--trust', '--trust-for-lookup', '--qualifier', '--template', '--record-resource-mapping',
  '--resource-mapping', '--from-path', '--from-stack', '--stack-name', '-n', '--from-scan', '--filter',
  '--orphan', '--set', '--hotswap-fallback', '--action', '--type', '--rollback-buffer-days',
  '--created-buffer-days', '--exclude',
];

/** Subcommands that only synthesize or look. */
const CDK_READS = new Set(['diff', 'synth', 'synthesize', 'ls', 'list', 'doctor', 'docs', 'doc', 'notices', 'metadata', 'version', 'drift', 'acknowledge', 'ack']);

function analyzeCdk(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: CDK_VALUES });
  const where = awsWhere(cmd, ctx, optionValue(p, '--profile'));
  const [sub, ...stacks] = p.positionals;
  const v = cdkVerdict(p, sub, stacks, where);
  return makeAction(cmd, ctx, { ...v, tool: 'cdk', rule: `iac.${v.rule}`, context: awsContext(where) });
}

function cdkVerdict(p: ParsedArgv, sub: Word | undefined, stacks: Word[], where: AwsWhere): Verdict {
  if (!sub) return { operation: 'cdk', effect: 'read', rule: 'cdk-help' };
  if (sub.dynamic) return { operation: sub.value, effect: 'unknown', rule: 'cdk-dynamic-subcommand' };
  const name = sub.value;
  if (isHelp(p) || isVersion(p)) return { operation: name, effect: 'read', rule: 'cdk-help' };
  const targetsOf = (change: Target['change']) =>
    has(p, '--all') || stacks.length === 0
      ? [stackTarget(undefined, where, change, { appDecides: true })]
      : stacks.map((s) => stackTarget(s, where, change, { appDecides: true }));
  const appNote = 'the app may deploy a stack to another account or region, and under another CloudFormation name';
  switch (name) {
    case 'deploy': {
      const notes = [appNote];
      const approval = optionValue(p, '--require-approval')?.value;
      if (approval === 'never') notes.push('--require-approval never: CDK will not ask before security-sensitive changes');
      if (has(p, '--hotswap', '--hotswap-fallback')) notes.push('--hotswap: updates resources directly, bypassing CloudFormation');
      if (has(p, '--force', '-f')) notes.push('--force: deploys even when the template has not changed');
      const method = optionValue(p, '--method', '-m')?.value;
      if (method === 'prepare-change-set' || has(p, '--no-execute')) notes.push('only prepares a change set; nothing is executed');
      return { operation: 'deploy', effect: 'write', rule: 'cdk-deploy', targets: targetsOf('change'), notes };
    }
    case 'watch':
      return { operation: 'watch', effect: 'write', rule: 'cdk-watch', targets: targetsOf('change'), notes: ['deploys again on every file change', appNote] };
    case 'destroy':
      return {
        operation: 'destroy', effect: 'destroy', rule: 'cdk-destroy', targets: targetsOf('destroy'),
        notes: [...(has(p, '--force', '-f') ? ['--force: CDK will not ask for confirmation'] : []), appNote],
      };
    case 'bootstrap':
      return {
        operation: 'bootstrap', effect: 'write', rule: 'cdk-bootstrap',
        targets: [stackTarget(optionValue(p, '--toolkit-stack-name') ?? { value: 'CDKToolkit', dynamic: false }, where, 'change')],
        notes: ['creates or updates the CDK toolkit stack (bucket, repository, IAM roles)'],
      };
    case 'import':
    case 'rollback':
    case 'refactor':
      if (has(p, '--dry-run')) return { operation: name, effect: 'read', rule: `cdk-${name}-dry-run` };
      return { operation: name, effect: 'write', rule: `cdk-${name}`, targets: targetsOf('change') };
    case 'gc':
      return { operation: 'gc', effect: 'destroy', rule: 'cdk-gc', notes: ['deletes assets no stack uses from the bootstrap bucket and repository'] };
    case 'init':
    case 'migrate':
      return { operation: name, effect: 'write', rule: `cdk-${name}`, recoverable: true, notes: ['creates a CDK project locally'] };
    case 'context':
      if (has(p, '--reset', '-e', '--clear')) return { operation: 'context', effect: 'write', rule: 'cdk-context-reset', recoverable: true };
      return { operation: 'context', effect: 'read', rule: 'cdk-context' };
    case 'flags':
      if (has(p, '--set')) return { operation: 'flags --set', effect: 'write', rule: 'cdk-flags-set', recoverable: true };
      return { operation: 'flags', effect: 'read', rule: 'cdk-flags' };
    default:
      if (CDK_READS.has(name)) {
        // synth writes cdk.out, regenerable build output.
        return { operation: name, effect: 'read', rule: `cdk-${name}` };
      }
      return { operation: name, effect: 'unknown', rule: 'cdk-unknown-subcommand', notes: [`unrecognised subcommand: ${name}`] };
  }
}

// ---------------------------------------------------------------------------------------------- SAM

const SAM_VALUES = [
  '--stack-name', '--region', '--profile', '--template-file', '--template', '-t', '--s3-bucket', '--s3-prefix',
  '--image-repository', '--image-repositories', '--capabilities', '--parameter-overrides', '--config-file',
  '--config-env', '--tags', '--kms-key-id', '--role-arn', '--notification-arns', '--signing-profiles',
  '--metadata', '--base-dir', '-s', '--build-dir', '-b', '--cache-dir', '--event', '-e', '--env-vars', '-n',
  '--docker-network', '--port', '-p', '--host', '--output-template-file', '--resource-id', '--output', '-o',
  '--name', '--runtime', '-r', '--dependency-manager', '-d', '--app-template', '--location', '-l',
  '--architecture', '-a', '--package-type', '--base-image', '--container-env-var', '--parameter',
  '--event-file', '--beta-features', '--start-time', '--end-time', '--filter', '--cw-log-group',
  '--trace-id', '--semantic-version', '--invoke-image', '--mount-symlinks', '--hook-name', '--terraform-plan-file',
];

function analyzeSam(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: SAM_VALUES });
  const where = awsWhere(cmd, ctx, optionValue(p, '--profile'), optionValue(p, '--region'));
  const stack = stackTarget.bind(null, optionValue(p, '--stack-name'), where);
  const samconfig = optionValue(p, '--stack-name') ? [] : ['stack name comes from samconfig.toml'];
  const [sub, second] = p.positionals.map((w) => w.value);
  const v = ((): Verdict => {
    if (!sub) return { operation: 'sam', effect: 'read', rule: 'sam-help' };
    if (p.positionals[0].dynamic) return { operation: sub, effect: 'unknown', rule: 'sam-dynamic-subcommand' };
    if (isHelp(p) || isVersion(p)) return { operation: sub, effect: 'read', rule: 'sam-help' };
    switch (sub) {
      case 'deploy': {
        const notes = [...samconfig];
        if (has(p, '--no-execute-changeset')) notes.push('--no-execute-changeset: only creates a change set');
        if (has(p, '--guided')) notes.push('--guided: asks for settings and may save them to samconfig.toml');
        return { operation: 'deploy', effect: 'write', rule: 'sam-deploy', targets: [stack('change')], notes };
      }
      case 'sync':
        return {
          operation: 'sync', effect: 'write', rule: 'sam-sync', targets: [stack('change')],
          notes: [...samconfig, 'sync updates resources directly, bypassing CloudFormation for code changes', ...(has(p, '--watch') ? ['--watch: keeps deploying on every change'] : [])],
        };
      case 'delete':
        return {
          operation: 'delete', effect: 'destroy', rule: 'sam-delete', targets: [stack('destroy')],
          notes: [...samconfig, 'deletes the stack and its artifacts in S3 and ECR', ...(has(p, '--no-prompts') ? ['--no-prompts: SAM will not ask for confirmation'] : [])],
        };
      case 'build':
        return { operation: 'build', effect: 'write', rule: 'sam-build', recoverable: true, targets: [{ id: resolvePath(ctx, optionValue(p, '--build-dir', '-b')?.value ?? '.aws-sam'), change: 'change', kind: 'directory' }] };
      case 'init':
        return { operation: 'init', effect: 'write', rule: 'sam-init', recoverable: true };
      case 'validate':
      case 'logs':
      case 'traces':
      case 'list':
        return { operation: second && sub === 'list' ? `list ${second}` : sub, effect: 'read', rule: `sam-${sub}` };
      case 'local':
        if (second === 'generate-event') return { operation: 'local generate-event', effect: 'read', rule: 'sam-local-generate-event' };
        // The function runs on this machine, but its code may call AWS with the caller's credentials.
        return {
          operation: `local ${second ?? ''}`.trim(), effect: 'write', rule: 'sam-local', recoverable: true,
          notes: ['runs the function locally in a container; its code may still call AWS with your credentials'],
        };
      case 'package':
        return { operation: 'package', effect: 'write', rule: 'sam-package', notes: ['uploads artifacts to S3'] };
      case 'publish':
        return { operation: 'publish', effect: 'write', rule: 'sam-publish', notes: ['publishes the application to the Serverless Application Repository'] };
      case 'remote':
        if (second === 'invoke') return { operation: 'remote invoke', effect: 'write', rule: 'sam-remote-invoke', targets: [stack('read')], notes: ['runs the deployed function in the cloud, with whatever side effects its code has'] };
        if (second === 'test-event' && (p.positionals[2]?.value === 'list' || p.positionals[2]?.value === 'get')) {
          return { operation: `remote test-event ${p.positionals[2].value}`, effect: 'read', rule: 'sam-remote-test-event-read' };
        }
        return { operation: `remote ${second ?? ''}`.trim(), effect: 'write', rule: 'sam-remote' };
      case 'pipeline':
        if (second === 'init') return { operation: 'pipeline init', effect: 'write', rule: 'sam-pipeline-init', recoverable: true };
        return { operation: `pipeline ${second ?? ''}`.trim(), effect: 'write', rule: 'sam-pipeline', notes: ['creates pipeline resources in AWS'] };
      default:
        return { operation: sub, effect: 'unknown', rule: 'sam-unknown-subcommand', notes: [`unrecognised subcommand: ${sub}`] };
    }
  })();
  return makeAction(cmd, ctx, { ...v, tool: 'sam', rule: `iac.${v.rule}`, context: awsContext(where) });
}

// ------------------------------------------------------------------------------------------- Pulumi

const PULUMI_VALUES = [
  '--stack', '-s', '--cwd', '-C', '--target', '-t', '--replace', '--target-replace', '--exclude', '--message', '-m',
  '--config', '-c', '--config-file', '--parallel', '-p', '--policy-pack', '--policy-pack-config',
  '--secrets-provider', '--exec-kind', '--exec-agent', '--color', '--verbose', '-v', '--tracing', '--plan',
  '--save-plan', '--file', '--import-file', '--organization', '--template', '--name', '-n',
  '--description', '-d', '--copy-config-from', '--stack-name', '--backend-url', '--show-secrets-provider',
  '--path', '--generate-code', '--out', '-o', '--since', '--language', '--dir', '--env', '--suppress-progress-out',
];

function pulumiStack(p: ParsedArgv, extra?: Word): { name: string; unresolved: boolean } {
  const w = optionValue(p, '--stack', '-s') ?? extra;
  if (!w) return { name: 'current', unresolved: true };
  return { name: w.value, unresolved: w.dynamic };
}

function analyzePulumi(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: PULUMI_VALUES });
  const cwd = optionValue(p, '--cwd', '-C');
  const stack = pulumiStack(p);
  const stackTargetOf = (change: Target['change'], name = stack): Target => ({
    id: `pulumi://${name.name}`,
    change,
    kind: 'pulumi stack',
    many: true,
    ...(name.unresolved ? { unresolved: ['stack'] } : {}),
  });
  const urnTarget = (urn: Word, change: Target['change']): Target => ({
    id: `pulumi://${stack.name}/${urn.value}`,
    change,
    kind: 'pulumi resource',
    ...(stack.unresolved || urn.dynamic ? { unresolved: [...(stack.unresolved ? ['stack'] : []), ...(urn.dynamic ? ['urn'] : [])] } : {}),
  });
  const scoped = (change: Target['change']) => {
    const urns = optionValues(p, '--target', '-t');
    return urns.length > 0 ? urns.map((u) => urnTarget(u, change)) : [stackTargetOf(change)];
  };
  const yes = has(p, '--yes', '-y') ? ['--yes: Pulumi will not ask for confirmation'] : [];
  const [sub, second, third] = p.positionals;
  const v = ((): Verdict => {
    if (!sub) return { operation: 'pulumi', effect: 'read', rule: 'pulumi-help' };
    if (sub.dynamic) return { operation: sub.value, effect: 'unknown', rule: 'pulumi-dynamic-subcommand' };
    if (isHelp(p) || sub.value === 'help') return { operation: sub.value, effect: 'read', rule: 'pulumi-help' };
    switch (sub.value) {
      case 'up':
      case 'update':
      case 'u': {
        if (has(p, '--preview-only')) return { operation: 'up --preview-only', effect: 'read', rule: 'pulumi-preview' };
        const replaces = [...optionValues(p, '--replace'), ...optionValues(p, '--target-replace')];
        if (replaces.length > 0) {
          return {
            operation: 'up --replace', effect: 'destroy', rule: 'pulumi-up-replace',
            targets: [...replaces.map((u) => urnTarget(u, 'destroy')), ...scoped('change')],
            notes: [...yes, 'destroys and re-creates the replaced resources'],
          };
        }
        return { operation: 'up', effect: 'write', rule: 'pulumi-up', targets: scoped('change'), notes: [...yes, 'may delete resources the program no longer declares'] };
      }
      case 'preview':
      case 'pre':
        return { operation: 'preview', effect: 'read', rule: 'pulumi-preview' };
      case 'destroy':
      case 'down':
      case 'dn':
        if (has(p, '--preview-only')) return { operation: 'destroy --preview-only', effect: 'read', rule: 'pulumi-preview' };
        return {
          operation: 'destroy', effect: 'destroy', rule: 'pulumi-destroy', targets: scoped('destroy'),
          notes: [...yes, ...(has(p, '--remove') ? ['--remove: also deletes the stack and its history'] : [])],
        };
      case 'refresh':
        if (has(p, '--preview-only')) return { operation: 'refresh --preview-only', effect: 'read', rule: 'pulumi-preview' };
        return { operation: 'refresh', effect: 'write', rule: 'pulumi-refresh', targets: [stackTargetOf('change')], notes: [...yes, 'rewrites the stack\'s state to match the cloud'] };
      case 'watch':
        return { operation: 'watch', effect: 'write', rule: 'pulumi-watch', targets: [stackTargetOf('change')], notes: ['updates the stack on every file change'] };
      case 'import':
        return { operation: 'import', effect: 'write', rule: 'pulumi-import', targets: [stackTargetOf('change')] };
      case 'cancel':
        return { operation: 'cancel', effect: 'write', rule: 'pulumi-cancel', targets: [stackTargetOf('change')], notes: ['stops a running update, which can leave resources half-changed'] };
      case 'stack':
        return pulumiStackVerdict(p, second, third, stackTargetOf);
      case 'config':
        if (!second || second.value === 'get') return { operation: `config ${second?.value ?? ''}`.trim(), effect: 'read', rule: 'pulumi-config-read' };
        if (second.value === 'env' && third?.value === 'ls') return { operation: 'config env ls', effect: 'read', rule: 'pulumi-config-read' };
        return { operation: `config ${second.value}`, effect: 'write', rule: 'pulumi-config-write', recoverable: true, notes: ['changes the stack settings file Pulumi.<stack>.yaml'] };
      case 'state': {
        const op = `state ${second?.value ?? ''}`.trim();
        if (second?.value === 'delete') {
          return {
            operation: op, effect: 'destroy', rule: 'pulumi-state-delete',
            targets: p.positionals.slice(2).map((u) => urnTarget(u, 'destroy')),
            notes: ['forgets the resource: it keeps running but Pulumi no longer manages it'],
          };
        }
        return { operation: op, effect: 'write', rule: 'pulumi-state', targets: [stackTargetOf('change')] };
      }
      case 'login':
      case 'logout':
        return { operation: sub.value, effect: 'write', rule: 'pulumi-credentials', recoverable: true };
      case 'new':
      case 'convert':
      case 'install':
      case 'gen-completion':
        return { operation: sub.value, effect: 'write', rule: `pulumi-${sub.value}`, recoverable: true };
      case 'plugin':
        if (!second || second.value === 'ls') return { operation: 'plugin ls', effect: 'read', rule: 'pulumi-plugin-ls' };
        return { operation: `plugin ${second.value}`, effect: 'write', rule: 'pulumi-plugin', recoverable: true };
      case 'whoami':
      case 'about':
      case 'version':
      case 'logs':
      case 'schema':
      case 'console':
        return { operation: sub.value, effect: 'read', rule: `pulumi-${sub.value}` };
      default:
        return { operation: sub.value, effect: 'unknown', rule: 'pulumi-unknown-subcommand', notes: [`unrecognised subcommand: ${sub.value}`] };
    }
  })();
  const stackWhere = stack.unresolved ? {} : { where: `stack ${stack.name}` };
  return makeAction(cmd, ctx, {
    ...v,
    tool: 'pulumi',
    rule: `iac.${v.rule}`,
    context: { ...stackWhere, ...(cwd ? { cwd: resolvePath(ctx, cwd.value) } : {}) },
  });
}

function pulumiStackVerdict(
  p: ParsedArgv, second: Word | undefined, third: Word | undefined,
  stackTargetOf: (change: Target['change'], name?: { name: string; unresolved: boolean }) => Target,
): Verdict {
  const sub = second?.value;
  const op = `stack ${sub ?? ''}`.trim();
  const named = third ? pulumiStack(p, third) : pulumiStack(p);
  switch (sub) {
    case undefined:
    case 'ls':
    case 'output':
    case 'history':
    case 'export':
    case 'graph':
      return { operation: op, effect: 'read', rule: 'pulumi-stack-read' };
    case 'tag':
      if (third?.value === 'ls' || third?.value === 'get') return { operation: `stack tag ${third.value}`, effect: 'read', rule: 'pulumi-stack-read' };
      return { operation: `stack tag ${third?.value ?? ''}`.trim(), effect: 'write', rule: 'pulumi-stack-tag' };
    case 'select':
    case 'unselect':
      return { operation: op, effect: 'write', rule: 'pulumi-stack-select', recoverable: true, notes: ['changes which stack later commands use'] };
    case 'rm':
      return {
        operation: op, effect: 'destroy', rule: 'pulumi-stack-rm', targets: [stackTargetOf('destroy', named)],
        notes: [
          'deletes the stack, its configuration and its history',
          ...(has(p, '--force', '-f') ? ['--force: even if it still has resources, which then keep running unmanaged'] : []),
        ],
      };
    case 'init':
      return { operation: op, effect: 'write', rule: 'pulumi-stack-init', targets: [stackTargetOf('create', named)] };
    default:
      // import, rename, change-secrets-provider: rewrite the stack record in the backend.
      return { operation: op, effect: 'write', rule: 'pulumi-stack-write', targets: [stackTargetOf('change')] };
  }
}

// --------------------------------------------------------------------------------------- Serverless

const SLS_VALUES = [
  '--stage', '-s', '--region', '-r', '--aws-profile', '--config', '-c', '--function', '-f', '--param',
  '--data', '-d', '--path', '-p', '--type', '--app', '--org', '--package', '--startTime', '--filter',
  '--interval', '--contextPath', '--context', '--template', '--template-url', '--name',
  '-n', '--timestamp', '--provider', '--key', '--secret', '--profile', '--format', '--transform', '--env', '-e',
];

function analyzeServerless(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: SLS_VALUES });
  const where = awsWhere(cmd, ctx, optionValue(p, '--aws-profile'), optionValue(p, '--region', '-r'));
  const regionFlag = optionValue(p, '--region', '-r');
  const stageFlag = optionValue(p, '--stage', '-s');
  const stage = stageFlag?.value ?? 'dev';
  // Serverless names its stack <service>-<stage>; the service name is in serverless.yml.
  const stack = (change: Target['change']): Target => {
    const t = stackTarget(undefined, { ...where, region: regionFlag?.value }, change, { namePattern: `*-${stage}` });
    return { ...t, many: false, unresolved: [...(t.unresolved ?? []).filter((u) => u !== 'stack'), 'service', ...(stageFlag ? [] : ['stage'])] };
  };
  const [sub, second] = p.positionals.map((w) => w.value);
  const fn = optionValue(p, '--function', '-f');
  const v = ((): Verdict => {
    if (!sub) return { operation: cmd.tool, effect: 'read', rule: 'serverless-help' };
    if (p.positionals[0].dynamic) return { operation: sub, effect: 'unknown', rule: 'serverless-dynamic-subcommand' };
    if (isHelp(p) || isVersion(p) || sub === 'help' || sub === 'version') return { operation: sub, effect: 'read', rule: 'serverless-help' };
    switch (sub) {
      case 'deploy':
        if (second === 'list') return { operation: 'deploy list', effect: 'read', rule: 'serverless-deploy-list' };
        if (second === 'function') {
          return { operation: 'deploy function', effect: 'write', rule: 'serverless-deploy-function', targets: [stack('change')], notes: fn ? [`updates the code of function ${fn.value}`] : [] };
        }
        return { operation: 'deploy', effect: 'write', rule: 'serverless-deploy', targets: [stack('change')] };
      case 'remove':
        return { operation: 'remove', effect: 'destroy', rule: 'serverless-remove', targets: [stack('destroy')], notes: ['deletes the service\'s stack and everything in it'] };
      case 'rollback':
        return { operation: `rollback${second ? ' ' + second : ''}`, effect: 'write', rule: 'serverless-rollback', targets: [stack('change')] };
      case 'invoke':
        if (second === 'local') {
          return { operation: 'invoke local', effect: 'write', rule: 'serverless-invoke-local', recoverable: true, notes: ['runs the function on this machine; its code may still call AWS with your credentials'] };
        }
        return { operation: 'invoke', effect: 'write', rule: 'serverless-invoke', targets: [stack('read')], notes: ['runs the deployed function, with whatever side effects its code has'] };
      case 'info':
      case 'print':
      case 'logs':
      case 'metrics':
      case 'doctor':
        return { operation: sub, effect: 'read', rule: `serverless-${sub}` };
      case 'package':
        return { operation: 'package', effect: 'write', rule: 'serverless-package', recoverable: true, targets: [{ id: resolvePath(ctx, optionValue(p, '--package', '-p')?.value ?? '.serverless'), change: 'change', kind: 'directory' }] };
      case 'offline':
      case 'create':
      case 'install':
      case 'login':
      case 'logout':
        return { operation: sub, effect: 'write', rule: `serverless-${sub}`, recoverable: true };
      case 'plugin':
        if (second === 'list' || second === 'search') return { operation: `plugin ${second}`, effect: 'read', rule: 'serverless-plugin-read' };
        return { operation: `plugin ${second ?? ''}`.trim(), effect: 'write', rule: 'serverless-plugin', recoverable: true };
      case 'config':
        if (second === 'credentials') {
          return { operation: 'config credentials', effect: 'write', rule: 'serverless-config-credentials', notes: ['writes AWS credentials into ~/.aws/credentials', ...(has(p, '--overwrite', '-o') ? ['--overwrite: replaces the existing profile'] : [])] };
        }
        return { operation: `config ${second ?? ''}`.trim(), effect: 'unknown', rule: 'serverless-unknown-subcommand' };
      case 'dev':
        return { operation: 'dev', effect: 'write', rule: 'serverless-dev', targets: [stack('change')], notes: ['dev mode deploys instrumentation to the stage'] };
      default:
        return { operation: sub, effect: 'unknown', rule: 'serverless-unknown-subcommand', notes: [`unrecognised subcommand: ${sub}`] };
    }
  })();
  return makeAction(cmd, ctx, {
    ...v,
    tool: cmd.tool,
    rule: `iac.${v.rule}`,
    // Serverless takes the region from --region or serverless.yml, not from the AWS environment.
    context: awsContext({ ...where, region: regionFlag?.value }, { where: `stage ${stage}` }),
  });
}

export const iacRules: RulePack = {
  name: 'iac',
  tools: ['cdk', 'sam', 'pulumi', 'serverless', 'sls'],
  analyze(cmd, ctx) {
    switch (cmd.tool) {
      case 'cdk':
        return [analyzeCdk(cmd, ctx)];
      case 'sam':
        return [analyzeSam(cmd, ctx)];
      case 'pulumi':
        return [analyzePulumi(cmd, ctx)];
      default:
        return [analyzeServerless(cmd, ctx)];
    }
  },
};
