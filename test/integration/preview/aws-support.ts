/**
 * Test-only: a moto_server for the AWS preview tests, the real analyzer to build actions, and the
 * resolver called the way the gate calls it. The endpoint goes through the terminal env (ctx.env), as it
 * would from an agent's terminal; the dummy keys go in the process env, where the SDK's chain reads them.
 */
import type { AnalysisContext, Action, Analyzer } from '../../../src/core';
import { awsResolver } from '../../../src/preview/aws';
import type { ResolvedResource, ResolverResult } from '../../../src/preview/types';
import { analyzer } from '../../unit/support/analyzer';
import { startMoto, useDummyAwsKeys, type Moto } from '../support/moto';

export interface AwsBench {
  moto: Moto;
  ctx: AnalysisContext;
  /** Client config for creating resources in the test. */
  sdk: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; forcePathStyle: boolean };
  action(line: string): Action;
  preview(line: string, signal?: AbortSignal): Promise<ResolverResult>;
  stop(): Promise<void>;
}

export async function awsBench(): Promise<AwsBench> {
  useDummyAwsKeys();
  const moto = await startMoto();
  const an: Analyzer = await analyzer();
  const ctx: AnalysisContext = { cwd: '/tmp', env: { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1' } };
  const action = (line: string): Action => {
    const actions = an.analyze(line, ctx).actions;
    if (actions.length !== 1) throw new Error(`${line}: ${actions.length} actions`);
    return actions[0];
  };
  return {
    moto,
    ctx,
    sdk: { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, forcePathStyle: true },
    action,
    async preview(line: string, signal = AbortSignal.timeout(20_000)) {
      const a = action(line);
      if (!awsResolver.handles(a)) throw new Error(`${line}: not handled`);
      return awsResolver.resolve({ action: a, ctx, signal });
    },
    stop: () => moto.stop(),
  };
}

export function entry(r: ResolverResult, id: string): ResolvedResource {
  const found = r.resources.find((x) => x.id === id);
  if (!found) throw new Error(`no entry ${id}; entries: ${r.resources.map((x) => x.id).join(', ')}; failures: ${r.failures.map((f) => f.message).join(' | ')}`);
  return found;
}

export function hasFact(res: ResolvedResource, pattern: RegExp): boolean {
  return res.facts.some((f) => pattern.test(f));
}
