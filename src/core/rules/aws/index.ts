/**
 * The `aws` CLI rule pack: one action per command line, classed from the generated command table
 * (corrected by reviewed overrides), with ARN targets and the profile, region and account it runs in.
 */
import type { Action, AnalysisContext, Change, Effect, Target } from '../../model';
import type { SimpleCommand, Word } from '../../shell/command';
import type { RulePack } from '../pack';
import { makeAction, type ActionFields } from '../support';
import { flagValue, parseAwsArgv, parseOperationArgs, switchState, type AwsArgv, type OperationArgs } from './argv';
import { s3Arn, targetsFor } from './arns';
import { analyzeConfigure, custom } from './custom';
import { isCustomCommand, isService, lookupOperation, type OperationInfo } from './operations';
import { CUSTOM_COMMANDS, OPERATION_OVERRIDES } from './overrides';
import {
  DELETE_ACTION,
  DELETE_REQUEST,
  TRANSACT_DELETE,
  deletedKeys,
  inputMembers,
  memberKey,
  readPayload,
  sqlEffect,
  type Payload,
} from './payloads';
import { analyzeS3 } from './s3';
import { contextOf, resolveWhere, type Where } from './where';

export const awsRules: RulePack = {
  name: 'aws',
  tools: ['aws'],
  analyze(cmd: SimpleCommand, ctx: AnalysisContext): Action[] {
    const argv = parseAwsArgv(cmd.args);
    const where = resolveWhere(cmd, ctx, argv);
    const act = (f: ActionFields): Action[] => [
      makeAction(cmd, ctx, { ...f, context: contextOf(where), notes: [...where.notes, ...(f.notes ?? [])] }),
    ];
    const service = argv.service;
    const op = argv.operation;

    if (!service) {
      const version = argv.globals.has('--version');
      return act({ operation: version ? '--version' : '', effect: 'read', rule: version ? 'aws.version' : 'aws.usage' });
    }
    if (argv.help) return act({ operation: [service.value, op?.value].filter((v) => v && v !== 'help').join(' ') + ' help', effect: 'read', rule: 'aws.help' });
    if (service.dynamic) {
      return act({ operation: service.value, effect: 'unknown', rule: 'aws.dynamic-service', notes: ['the service is only known at run time'] });
    }
    if (service.value === 's3') return analyzeS3(cmd, ctx, op, argv.rest, where);
    if (service.value === 'configure') return analyzeConfigure(cmd, ctx, op, argv.rest, where);
    if (!op) return act({ operation: service.value, effect: 'read', rule: 'aws.usage', notes: ['no operation: the CLI prints usage'] });
    const operation = `${service.value} ${op.value}`;
    if (op.dynamic) {
      return act({ operation, effect: 'unknown', rule: 'aws.dynamic-operation', notes: ['the operation is only known at run time'] });
    }
    if (argv.skeleton) {
      return act({ operation, effect: 'read', rule: 'aws.skeleton', notes: ['--generate-cli-skeleton: prints an input template, calls nothing'] });
    }
    if (op.value === 'wait') {
      return act({ operation: `${operation} ${argv.rest.find((w) => !w.value.startsWith('-'))?.value ?? ''}`.trim(), effect: 'read', rule: 'aws.wait', notes: ['polls until a condition holds'] });
    }
    const info = lookupOperation(service.value, op.value);
    if (info) return analyzeOperation(argv, where, info, act);
    if (isCustomCommand(service.value, op.value) || CUSTOM_COMMANDS[operation]) {
      return custom(cmd, ctx, service.value, op.value, argv.rest, where);
    }
    if (isService(service.value)) {
      // Newer than the table: the common read verbs are safe to trust, anything else is not known.
      const read = /^(describe|list|get)-/.test(op.value);
      return act({
        operation,
        effect: read ? 'read' : 'unknown',
        rule: 'aws.unknown-operation',
        notes: [`${operation} is not in the command table (AWS CLI ${read ? 'newer than the table; read by its verb' : 'newer than the table, or a typo'})`],
      });
    }
    return act({ operation, effect: 'unknown', rule: 'aws.unknown-service', notes: [`${service.value} is not a service the command table knows`] });
  },
};

/** What a target goes through, given the action's effect. */
function changeOf(effect: Effect, operation: string): Change {
  if (effect === 'read') return 'read';
  if (effect === 'destroy') return 'destroy';
  return /^(create|run|allocate|register|import|copy|request|publish|issue|restore)-/.test(operation) ? 'create' : 'change';
}

interface Verdict {
  effect: Effect;
  rule: string;
  notes: string[];
}

/** Operations whose class depends on a payload or SQL written on the command line. */
const PAYLOAD_CHECKS: Record<string, { flag: string; deletes: RegExp; what: string }> = {
  'route53 change-resource-record-sets': { flag: 'change-batch', deletes: DELETE_ACTION, what: 'a DELETE change' },
  'dynamodb batch-write-item': { flag: 'request-items', deletes: DELETE_REQUEST, what: 'a DeleteRequest' },
  'dynamodb transact-write-items': { flag: 'transact-items', deletes: TRANSACT_DELETE, what: 'a Delete' },
};

const SQL_FLAGS: Record<string, string> = {
  'dynamodb execute-statement': 'statement',
  'dynamodb batch-execute-statement': 'statements',
  'dynamodb execute-transaction': 'transact-statements',
  'rds-data execute-statement': 'sql',
  'rds-data batch-execute-statement': 'sql',
  'redshift-data execute-statement': 'sql',
  'redshift-data batch-execute-statement': 'sqls',
};

function analyzeOperation(
  argv: AwsArgv,
  where: Where,
  info: OperationInfo,
  act: (f: ActionFields) => Action[],
): Action[] {
  const key = `${info.service} ${info.operation}`;
  const args = parseOperationArgs(argv.rest);
  const override = OPERATION_OVERRIDES[key];
  const verdict: Verdict = override
    ? { effect: override.effect, rule: 'aws.override', notes: [override.why] }
    : { effect: info.cls, rule: 'aws.table', notes: [] };

  const input = cliInput(argv);
  if (input?.kind === 'file') verdict.notes.push(`input read from file://${input.path}: its members and targets are not seen`);
  if (input?.kind === 'dynamic') verdict.notes.push('--cli-input-json is only known at run time: its members and targets are not seen');
  inspectPayloads(key, args, input, verdict);
  for (const [flag, words] of args.flags) {
    for (const w of words) {
      const p = readPayload(w);
      if (p.kind === 'file') verdict.notes.push(`--${flag} read from ${w.value}: contents not seen`);
    }
  }
  addNotes(key, argv, args, verdict);

  const members = input ? inputMembers(input) : undefined;
  const dryRun = switchState(argv.rest, 'dry-run') ?? (members?.get('dryrun')?.[0] === 'true' ? true : undefined);
  if (dryRun && verdict.effect !== 'read') {
    verdict.effect = 'read';
    verdict.rule = 'aws.dry-run';
    verdict.notes.push('--dry-run: AWS only checks permissions, nothing changes');
  }

  const targets = operationTargets(info, args, members, where, verdict.effect, override?.primary, override?.references);
  if (verdict.effect !== 'read' && input && input.kind !== 'inline' && !targets.some((t) => t.change !== 'read')) {
    targets.push({ id: `aws://${info.service}/${where.region ?? '*'}/${info.operation}/*`, change: changeOf(verdict.effect, info.operation), kind: `${info.service} resources`, unresolved: ['value'], many: true });
  }
  return act({ operation: key, effect: verdict.effect, rule: verdict.rule, targets, notes: verdict.notes });
}

function cliInput(argv: AwsArgv): Payload | undefined {
  const w = argv.globals.get('--cli-input-json') ?? argv.globals.get('--cli-input-yaml');
  return w ? readPayload(w) : undefined;
}

function inspectPayloads(key: string, args: OperationArgs, input: Payload | undefined, verdict: Verdict): void {
  const check = PAYLOAD_CHECKS[key];
  if (check) {
    const w = flagValue(args, check.flag);
    const payloads = [w ? readPayload(w) : undefined, input].filter((p): p is Payload => p !== undefined);
    const seen = payloads.length > 0 && payloads.every((p) => p.kind === 'inline');
    if (!seen) {
      verdict.notes.push(`--${check.flag} not seen: assumed to hold ${check.what}`);
    } else if (payloads.some((p) => check.deletes.test((p as { text: string }).text))) {
      verdict.effect = 'destroy';
      verdict.rule = 'aws.payload-delete';
      verdict.notes.push(`--${check.flag} holds ${check.what}`);
    } else {
      verdict.effect = 'write';
      verdict.rule = 'aws.payload';
      verdict.notes.push(`--${check.flag} holds no ${check.what.replace(/^an? /, '')}: writes only`);
    }
  }
  const sqlFlag = SQL_FLAGS[key];
  if (sqlFlag) {
    const words = args.flags.get(sqlFlag) ?? [];
    const effect = words.length > 0 ? sqlEffect(words) : undefined;
    if (effect) {
      verdict.effect = effect;
      verdict.rule = 'aws.sql';
      verdict.notes.push(`--${sqlFlag}: ${effect === 'read' ? 'reads only' : effect === 'destroy' ? 'deletes or drops' : effect === 'write' ? 'changes data' : 'statement not recognised'}`);
    } else {
      verdict.effect = 'unknown';
      verdict.rule = 'aws.sql';
      verdict.notes.push(`--${sqlFlag} not seen: the statement could do anything`);
    }
  }
}

/** Facts a person approving the call should see. */
function addNotes(key: string, argv: AwsArgv, args: OperationArgs, verdict: Verdict): void {
  const rest = argv.rest;
  if ((key === 'rds modify-db-instance' || key === 'rds modify-db-cluster') && switchState(rest, 'deletion-protection') === false) {
    verdict.notes.push('--no-deletion-protection: the database can then be deleted');
  }
  if (key.startsWith('rds modify-') && switchState(rest, 'apply-immediately')) verdict.notes.push('--apply-immediately: no maintenance window, may restart');
  if (key === 'ec2 modify-instance-attribute') {
    const attr = flagValue(args, 'attribute')?.value;
    if (switchState(rest, 'enable-api-termination') || args.flags.has('no-disable-api-termination') || attr === 'disableApiTermination') {
      verdict.notes.push('changes termination protection');
    }
  }
  if (/^cloudformation (update-stack|execute-change-set|update-stack-set)$/.test(key)) {
    verdict.notes.push('resources the new template no longer declares, or must replace, are deleted');
  }
  if (/^s3api (put|delete)-(bucket-policy|bucket-acl|public-access-block|object-acl)$/.test(key)) verdict.notes.push('changes who can access the bucket');
  if (/^iam (put|attach|detach|delete)-(role|user|group)-policy$|^iam update-assume-role-policy$/.test(key)) verdict.notes.push('changes permissions');
  if (key === 'secretsmanager get-secret-value' || key === 'kms decrypt' || (/^ssm get-parameters?(-by-path)?$/.test(key) && switchState(rest, 'with-decryption'))) {
    verdict.notes.push('returns secret material in clear text');
  }
  if (/(termination|deletion|delete|deregistration)-protection/.test(key)) verdict.notes.push('changes deletion protection');
  if (key === 'dynamodb put-item') verdict.notes.push('replaces any item with the same key');
  if (key === 's3api put-object' || key === 's3api copy-object') verdict.notes.push('overwrites an object with the same key');
  // Streaming operations write their result to a local file named by a positional argument.
  const outfile = args.positionals.find((w) => w.value !== 'help');
  if (outfile && /^(s3api get-object|lambda invoke|polly synthesize-speech)$/.test(key)) verdict.notes.push(`writes the response to ${outfile.value}`);
}

function operationTargets(
  info: OperationInfo,
  args: OperationArgs,
  members: Map<string, string[]> | undefined,
  where: Where,
  effect: Effect,
  extraPrimary: readonly string[] | undefined,
  references: readonly string[] = [],
): Target[] {
  const primary = new Set([...info.flags.filter((f) => f.primary && !references.includes(f.flag)).map((f) => f.flag), ...(extraPrimary ?? [])]);
  const flags = new Set([...info.flags.map((f) => f.flag), ...primary]);
  // Flags written on the command line win over the same members in --cli-input-json.
  const values = new Map<string, Word[]>();
  for (const flag of flags) {
    const written = args.flags.get(flag);
    const fromInput = members?.get(memberKey(flag));
    if (written && written.length > 0) values.set(flag, written);
    else if (fromInput) values.set(flag, fromInput.map((value) => ({ value, dynamic: false })));
  }
  const change = changeOf(effect, info.operation);
  if (info.service === 's3api') return s3apiTargets(info, args, values, change, primary);
  const out: Target[] = [];
  for (const [flag, words] of values) {
    out.push(...targetsFor(info.service, info.operation, flag, words, primary.has(flag) ? change : 'read', where, values));
  }
  return out;
}

/** s3api names objects by two flags, `--bucket` and `--key`; `delete-objects` lists its keys in `--delete`. */
function s3apiTargets(info: OperationInfo, args: OperationArgs, values: Map<string, Word[]>, change: Change, primary: Set<string>): Target[] {
  const bucket = values.get('bucket')?.[0];
  if (!bucket) return [];
  const key = values.get('key')?.[0];
  const dynamic = bucket.dynamic || !!key?.dynamic;
  const mark = (t: Target): Target => (dynamic ? { ...t, unresolved: ['value'] } : t);
  const bucketChange = primary.has('bucket') ? change : 'read';
  if (info.operation === 'delete-objects') {
    const w = flagValue(args, 'delete');
    const keys = w ? deletedKeys(readPayload(w)) : undefined;
    if (keys) return keys.map((k) => mark({ id: s3Arn(bucket.value, k), change, kind: 's3 object' }));
    return [{ id: s3Arn(bucket.value, '*'), change, kind: 's3 objects', many: true, unresolved: ['value'] }];
  }
  if (key && primary.has('key')) return [mark({ id: s3Arn(bucket.value, key.value), change, kind: 's3 object' })];
  return [mark({ id: s3Arn(bucket.value), change: bucketChange, kind: 's3 bucket' })];
}
