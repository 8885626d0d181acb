/**
 * The IAM actions a one-time grant must allow for one analysed `aws …` action to work: the core's
 * operation → IAM table (src/core/aws/iam-actions.ts), read from the operation as the AWS rules write
 * it (`ec2 terminate-instances`, `s3 rb --force`), plus what a flag adds to the calls the CLI makes.
 */
import { iamActionsFor } from '../../core/aws/iam-actions';
import { lookupOperation } from '../../core/rules/aws/operations';

/** Calls the CLI's own `aws s3` commands make only with a flag. */
const S3_FLAG_CALLS: Readonly<Record<string, string[]>> = {
  'rb --force': ['s3:ListBucket', 's3:DeleteObject'],
};

/** Sorted IAM actions, or undefined when they cannot be named with confidence (then there is no grant). */
export function grantActionsFor(operation: string): string[] | undefined {
  const [service, op, ...flags] = operation.trim().split(/\s+/);
  if (!service || !op || flags.some((f) => !f.startsWith('--'))) return undefined;
  // Hand-written subcommands (`cloudformation deploy`, `ec2 wait`) make calls of their own choosing.
  if (service !== 's3' && !lookupOperation(service, op)) return undefined;
  let base: string[];
  try {
    base = iamActionsFor(service, op);
  } catch {
    return undefined;
  }
  if (base.length === 0) return undefined;
  const extra = service === 's3' ? flags.flatMap((f) => S3_FLAG_CALLS[`${op} ${f}`] ?? []) : [];
  return [...new Set([...base, ...extra])].sort();
}
