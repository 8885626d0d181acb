/**
 * The CLI's hand-written commands outside `aws s3`: `configure`, `cloudformation deploy`,
 * `eks update-kubeconfig`, `ecs deploy` and the rest of the custom subcommands the CLI adds to services.
 * Their classes live in overrides.ts; this file names their targets.
 */
import type { Action, AnalysisContext, Target } from '../../model';
import type { SimpleCommand, Word } from '../../shell/command';
import { envOf, makeAction, resolvePath } from '../support';
import { flagValue, parseOperationArgs, type OperationArgs } from './argv';
import { s3Arn, targetsFor } from './arns';
import { CUSTOM_COMMANDS, type CustomClass } from './overrides';
import { isOwned } from './local';
import { contextOf, type Where } from './where';

/** Settings of `configure set` that hold secrets: overwriting them may lose the only copy. */
const SECRET_SETTINGS = /(^|\.)(aws_access_key_id|aws_secret_access_key|aws_session_token)$/;

function configFile(cmd: SimpleCommand, ctx: AnalysisContext, credentials: boolean): Target {
  const env = envOf(cmd, ctx);
  const explicit = credentials ? env.AWS_SHARED_CREDENTIALS_FILE : env.AWS_CONFIG_FILE;
  const file = explicit ?? `~/.aws/${credentials ? 'credentials' : 'config'}`;
  return { id: resolvePath(ctx, file), change: 'change', kind: credentials ? 'aws credentials file' : 'aws config file' };
}

export function analyzeConfigure(cmd: SimpleCommand, ctx: AnalysisContext, sub: Word | undefined, rest: readonly Word[], where: Where): Action[] {
  const base = { context: contextOf(where), notes: [...where.notes] };
  if (!sub) {
    return [
      makeAction(cmd, ctx, {
        ...base,
        operation: 'configure',
        effect: 'write',
        rule: 'aws.configure',
        targets: [configFile(cmd, ctx, true), configFile(cmd, ctx, false)],
        notes: [...base.notes, `prompts for and stores credentials of profile ${where.profile}`],
      }),
    ];
  }
  if (sub.value === 'set') {
    const setting = rest.find((w) => !w.value.startsWith('-'));
    const secret = !setting || setting.dynamic || SECRET_SETTINGS.test(setting.value);
    return [
      makeAction(cmd, ctx, {
        ...base,
        operation: 'configure set',
        effect: 'write',
        // Plain settings (region, output) can be set back; a replaced secret key may be the only copy.
        recoverable: !secret,
        rule: secret ? 'aws.configure-set-credentials' : 'aws.configure-set',
        targets: [configFile(cmd, ctx, secret)],
        notes: [...base.notes, `sets ${setting?.value ?? 'a setting'} for profile ${where.profile}`],
      }),
    ];
  }
  return custom(cmd, ctx, 'configure', sub.value, rest, where);
}

/** A custom subcommand named in CUSTOM_COMMANDS, or an unknown one. */
export function custom(cmd: SimpleCommand, ctx: AnalysisContext, service: string, command: string, rest: readonly Word[], where: Where): Action[] {
  const cls: CustomClass | undefined = CUSTOM_COMMANDS[`${service} ${command}`];
  const operation = `${service} ${command}`;
  const notes = [...where.notes];
  if (!cls) {
    return [
      makeAction(cmd, ctx, {
        operation,
        effect: 'unknown',
        rule: 'aws.unknown-custom-command',
        context: contextOf(where),
        notes: [...notes, `${operation} is a CLI command the rules do not know`],
      }),
    ];
  }
  const args = parseOperationArgs(rest);
  notes.push(cls.why);
  let recoverable = cls.recoverable ?? false;
  const targets = customTargets(cmd, ctx, service, command, args, where, cls);
  if (service === 'eks' && command === 'update-kubeconfig') {
    recoverable = targets.filter((t) => t.kind === 'kubeconfig').every((t) => !t.unresolved && ownedKubeconfig(ctx, t.id));
  }
  if (service === 'cloudformation' && command === 'deploy' && args.flags.has('no-execute-changeset')) {
    notes.push('--no-execute-changeset: only creates a change set to review');
  }
  return [makeAction(cmd, ctx, { operation, effect: cls.effect, recoverable, rule: 'aws.custom', targets, context: contextOf(where), notes })];
}

/** The kubeconfig is the user's own: writing a context into it is easy to undo (in $HOME or the workspace). */
function ownedKubeconfig(ctx: AnalysisContext, file: string): boolean {
  return isOwned(ctx, file) || (!!ctx.home && file.startsWith(`${ctx.home}/.kube/`));
}

function customTargets(
  cmd: SimpleCommand,
  ctx: AnalysisContext,
  service: string,
  command: string,
  args: OperationArgs,
  where: Where,
  cls: CustomClass,
): Target[] {
  const change = cls.effect === 'read' ? 'read' : cls.effect === 'destroy' ? 'destroy' : 'change';
  const from = (svc: string, flag: string, ch: Target['change'] = change) => {
    const words = args.flags.get(flag) ?? [];
    return targetsFor(svc, command, flag, words, ch, where, args.flags);
  };
  switch (`${service} ${command}`) {
    case 'cloudformation deploy':
      return from('cloudformation', 'stack-name');
    case 'cloudformation package':
      return (args.flags.get('s3-bucket') ?? []).map((w) => bucketTarget(w, change));
    case 'ecs deploy':
      return [...from('ecs', 'service'), ...from('ecs', 'cluster', 'read')];
    case 'eks update-kubeconfig': {
      const env = envOf(cmd, ctx);
      const flag = flagValue(args, 'kubeconfig');
      const file = flag?.value ?? env.KUBECONFIG?.split(':')[0] ?? '~/.kube/config';
      const t: Target = { id: resolvePath(ctx, file), change: 'change', kind: 'kubeconfig' };
      if (flag?.dynamic) t.unresolved = ['path'];
      return [...from('eks', 'name', 'read'), t];
    }
    case 'eks get-token':
      return from('eks', 'cluster-name', 'read');
    case 'emr terminate-clusters':
      return from('emr', 'cluster-ids');
    case 'emr describe-cluster':
    case 'emr add-steps':
    case 'emr ssh':
    case 'emr modify-cluster-attributes':
      return from('emr', 'cluster-id');
    case 'ddb select':
    case 'ddb put': {
      const table = args.positionals[0];
      return table ? targetsFor('dynamodb', command, 'table-name', [table], change, where, args.flags) : [];
    }
    case 'logs tail': {
      const group = args.positionals[0];
      return group ? targetsFor('logs', command, 'log-group-name', [group], 'read', where, args.flags) : [];
    }
    default:
      return [];
  }
}

function bucketTarget(w: Word, change: Target['change']): Target {
  const t: Target = { id: s3Arn(w.value), change, kind: 's3 bucket' };
  if (w.dynamic) t.unresolved = ['value'];
  return t;
}
