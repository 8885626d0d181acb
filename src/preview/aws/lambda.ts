/** Lambda functions: runtime, size, role, and the event sources that feed them. */
import type { Target } from '../../core';
import { clientFor, LAMBDA } from './clients';
import { arnResource, bytes, plural, type AwsJob } from './job';
import { optional, readTarget } from './read';

export async function resolveLambda(job: AwsJob, targets: Target[]): Promise<void> {
  await Promise.all(
    targets.map((t) => {
      const name = arnResource(t.id, 'function');
      return name && !t.unresolved?.includes('value') ? fn(job, t, name) : job.notRead(t);
    }),
  );
}

async function fn(job: AwsJob, t: Target, name: string): Promise<void> {
  const { GetFunctionCommand, ListEventSourceMappingsCommand } = await import('@aws-sdk/client-lambda');
  const lambda = await clientFor(job, LAMBDA);
  const qualifier = job.flag('qualifier');
  await readTarget(
    job,
    t,
    LAMBDA,
    `the function ${name}`,
    () =>
      Promise.all([
        lambda.send(new GetFunctionCommand({ FunctionName: name, Qualifier: qualifier }), { abortSignal: job.signal }),
        optional(() => lambda.send(new ListEventSourceMappingsCommand({ FunctionName: name }), { abortSignal: job.signal })),
      ]),
    ([f, sources]) => {
      const c = f.Configuration;
      if (!c) return undefined;
      const facts = [c.Runtime ?? c.PackageType ?? '', `${c.MemorySize ?? '?'} MB`, `code ${bytes(c.CodeSize ?? 0)}`].filter(Boolean);
      if (qualifier) facts.push(`version or alias ${qualifier} only`);
      if (c.LastModified) facts.push(`last changed ${c.LastModified.slice(0, 10)}`);
      if (c.Role) facts.push(`runs as ${c.Role}`);
      const mappings = sources?.EventSourceMappings ?? [];
      if (mappings.length > 0) facts.push(`fed by ${plural(mappings.length, 'event source')}: ${mappings.slice(0, 4).map((m) => m.EventSourceArn).join(', ')}`);
      for (const [k, v] of Object.entries(f.Tags ?? {}).slice(0, 6)) facts.push(`tag ${k}=${v}`);
      return { id: c.FunctionArn?.replace(/:\$LATEST$/, ''), name: c.FunctionName ?? name, facts, before: { runtime: c.Runtime, handler: c.Handler, memory: c.MemorySize, role: c.Role } };
    },
    name,
  );
}
