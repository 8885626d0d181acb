/**
 * Who an AWS command would run as: STS GetCallerIdentity with the same credential chain the preview
 * uses, and the account alias when IAM answers. Remembered per (profile, endpoint) for a minute, so a
 * burst of commands asks STS once; a failed answer is forgotten at once.
 */
import { raceSignal } from '../signal';
import type { AnalysisContext } from '../../core';
import type { Identity } from '../types';
import { clientAt, IAM, STS } from './clients';
import { sdkProfile } from './job';

export interface AwsIdentity extends Identity {
  /** The account's alias from IAM ListAccountAliases, when the principal may read it. */
  alias?: string;
}

const TTL_MS = 60_000;
const remembered = new Map<string, { at: number; identity: Promise<Omit<AwsIdentity, 'region' | 'profile'>> }>();

/** Forget every remembered identity (tests; a changed credentials file). */
export function forgetIdentities(): void {
  remembered.clear();
}

export async function resolveIdentity(
  ctx: AnalysisContext,
  profile: string | undefined,
  region: string | undefined,
  endpoint: string | undefined,
  signal: AbortSignal,
): Promise<AwsIdentity> {
  const env = ctx.env ?? {};
  const stsEndpoint = endpoint ?? env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
  const iamEndpoint = endpoint ?? env.AWS_ENDPOINT_URL_IAM ?? env.AWS_ENDPOINT_URL;
  const named = sdkProfile(profile);
  const key = `${named ?? ''}\u0000${stsEndpoint ?? ''}`;
  let entry = remembered.get(key);
  if (!entry || Date.now() - entry.at > TTL_MS) {
    const identity = ask(named, region ?? 'us-east-1', stsEndpoint, iamEndpoint, signal);
    entry = { at: Date.now(), identity };
    remembered.set(key, entry);
    const mine = entry;
    identity.catch(() => {
      if (remembered.get(key) === mine) remembered.delete(key);
    });
  }
  const found = await raceSignal(entry.identity, signal);
  const out: AwsIdentity = { ...found, profile: profile ?? 'default' };
  if (region) out.region = region;
  return out;
}

async function ask(
  profile: string | undefined,
  region: string,
  stsEndpoint: string | undefined,
  iamEndpoint: string | undefined,
  signal: AbortSignal,
): Promise<Omit<AwsIdentity, 'region' | 'profile'>> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = await clientAt(STS, { region, profile, endpoint: stsEndpoint });
  const alias = readAlias(profile, region, iamEndpoint, signal);
  const me = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  const out: Omit<AwsIdentity, 'region' | 'profile'> = {};
  if (me.Account) out.account = me.Account;
  if (me.Arn) out.arn = me.Arn;
  const a = await alias;
  if (a) out.alias = a;
  return out;
}

/** Optional: many principals may not list aliases, and then the account id alone is shown. */
async function readAlias(profile: string | undefined, region: string, endpoint: string | undefined, signal: AbortSignal): Promise<string | undefined> {
  try {
    const { ListAccountAliasesCommand } = await import('@aws-sdk/client-iam');
    const iam = await clientAt(IAM, { region, profile, endpoint });
    const r = await iam.send(new ListAccountAliasesCommand({}), { abortSignal: signal });
    return r.AccountAliases?.[0];
  } catch {
    return undefined;
  }
}
