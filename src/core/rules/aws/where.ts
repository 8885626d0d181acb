/**
 * Where an `aws` command runs: profile, region, account and endpoint, resolved the way the CLI does
 * (flags, then the command's environment, then the profile's configuration), from what the caller knows.
 */
import type { AnalysisContext } from '../../model';
import type { SimpleCommand } from '../../shell/command';
import { envOf } from '../support';
import type { AwsArgv } from './argv';

export interface Where {
  profile: string;
  region?: string;
  account?: string;
  endpoint?: string;
  /** Parts known only at run time: `region`, `account`, `profile`. */
  unresolved: string[];
  notes: string[];
}

export function resolveWhere(cmd: SimpleCommand, ctx: AnalysisContext, argv: AwsArgv): Where {
  const env = envOf(cmd, ctx);
  const unresolved: string[] = [];
  const notes: string[] = [];

  const profileFlag = argv.globals.get('--profile');
  const profile = profileFlag?.value ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  if (profileFlag?.dynamic) unresolved.push('profile');
  const facts = ctx.aws?.profiles?.[profile];
  // The caller's default facts describe the profile the caller itself would use; another profile may be
  // another account, so only its own entry can name the account.
  const callerProfile = ctx.env?.AWS_PROFILE ?? ctx.env?.AWS_DEFAULT_PROFILE ?? 'default';
  const sameAsCaller = profile === callerProfile && !profileFlag?.dynamic;

  const regionFlag = argv.globals.get('--region');
  const region = regionFlag?.value ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? facts?.region ?? ctx.aws?.region;
  if (regionFlag?.dynamic) unresolved.push('region');
  if (!region) unresolved.push('region');

  let account = facts?.account ?? (sameAsCaller ? ctx.aws?.account : undefined);
  if (!account || unresolved.includes('profile')) {
    account = undefined;
    unresolved.push('account');
  }

  const endpointFlag = argv.globals.get('--endpoint-url');
  const endpoint = endpointFlag?.value ?? env.AWS_ENDPOINT_URL;
  if (endpoint) notes.push(`--endpoint-url ${endpoint}: calls go to this endpoint, not AWS's default`);
  if (argv.globals.has('--no-verify-ssl')) notes.push('--no-verify-ssl: TLS certificates are not checked');
  if (argv.globals.has('--no-sign-request')) notes.push('--no-sign-request: anonymous call, no credentials');
  return { profile, region, account, endpoint, unresolved, notes };
}

/** The partition an ARN in this region lives in. */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  if (region?.startsWith('us-iso-')) return 'aws-iso';
  if (region?.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** Action context fields for a resolved place. */
export function contextOf(where: Where): { profile: string; region?: string; account?: string; endpoint?: string } {
  const c: { profile: string; region?: string; account?: string; endpoint?: string } = { profile: where.profile };
  if (where.region) c.region = where.region;
  if (where.account) c.account = where.account;
  if (where.endpoint) c.endpoint = where.endpoint;
  return c;
}
