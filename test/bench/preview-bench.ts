/**
 * Live-preview figures (issue 5), printed, never asserted. Against a local moto_server and real
 * terraform: a 50-resource CloudFormation stack, a 1,000-object bucket, a 20-resource Terraform plan.
 * Targets: under 1 s each; the Terraform preview under its own plan time + 200 ms.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AnalysisContext } from '../../src/core';
import { resolvers } from '../../src/preview';
import { resolveAnalysis } from '../../src/preview/live';
import { awsBench } from '../integration/preview/aws-support';
import { analyzer } from '../unit/support/analyzer';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function row(name: string, ms: number, target: string, ok: boolean): void {
  console.log(`${name.padEnd(52)} ${`${ms.toFixed(0)} ms`.padStart(10)}   target ${target.padEnd(16)} ${ok ? 'met' : 'MISSED'}`);
}

async function timeRuns(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  console.log(`Preview bench — ${os.cpus().length} cores, Node ${process.version}, median of 5 runs after one warm-up\n`);
  const an = await analyzer();
  const live = (line: string, ctx: AnalysisContext) => resolveAnalysis(an.analyze(line, ctx), ctx, resolvers, { timeoutMs: 30_000 });
  const bench = await awsBench();
  try {
    const sdk = bench.sdk;
    const cfn = new CloudFormationClient(sdk);
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 25; i++) {
      resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `bench-stack-bucket-${i}` } };
      resources[`Queue${i}`] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: `bench-stack-queue-${i}` } };
    }
    await cfn.send(new CreateStackCommand({ StackName: 'bench-stack', TemplateBody: JSON.stringify({ Resources: resources }) }));
    const s3 = new S3Client(sdk);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench-bucket' }));
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'bench-bucket', Key: `logs/${i + j}.txt`, Body: 'x'.repeat(100) }))));
    }
    for (const [name, line] of [
      ['50-resource stack, delete-stack', 'aws cloudformation delete-stack --stack-name bench-stack'],
      ['1,000-object bucket, s3 rb --force', 'aws s3 rb s3://bench-bucket --force'],
    ] as const) {
      await live(line, bench.ctx);
      const ms = await timeRuns(5, async () => {
        const r = await live(line, bench.ctx);
        if (r.failures.length > 0) throw new Error(r.failures[0].message);
      });
      row(name, ms, '< 1,000 ms', ms < 1000);
    }
  } finally {
    await bench.stop();
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-tf-bench-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.tf'), Array.from({ length: 20 }, (_, i) => `resource "terraform_data" "r${i}" {\n  input = "v${i}"\n}\n`).join(''));
    const tf = (...args: string[]) => execFileSync('terraform', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, TF_IN_AUTOMATION: '1' } });
    tf('init', '-input=false', '-no-color');
    tf('apply', '-auto-approve', '-input=false', '-no-color');
    const ctx: AnalysisContext = { cwd: dir, env: { ...process.env } as Record<string, string> };
    const plan = await timeRuns(5, async () => tf('plan', '-destroy', '-input=false', '-lock=false', '-no-color'));
    const prev = await timeRuns(5, async () => {
      const r = await live('terraform destroy -auto-approve', ctx);
      if (r.failures.length > 0) throw new Error(r.failures[0].message);
    });
    row('20-resource terraform destroy: bare plan -destroy', plan, '-', true);
    row('20-resource terraform destroy: live preview', prev, `< plan + 200 ms`, prev < plan + 200);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
