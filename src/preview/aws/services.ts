/** Readers for the services beyond S3, CloudFormation and EC2, by the CLI's service name. */
import type { Target } from '../../core';
import { resolveDynamoDb } from './dynamodb';
import { resolveEcs } from './ecs';
import { resolveEks } from './eks';
import { resolveIam } from './iam';
import type { AwsJob } from './job';
import { resolveKms } from './kms';
import { resolveLambda } from './lambda';
import { resolveLogs } from './logs';
import { resolveSns, resolveSqs } from './messaging';
import { resolveRds } from './rds';
import { resolveRoute53 } from './route53';
import { resolveSecrets } from './secrets';

export const SERVICE_READERS: Record<string, (job: AwsJob, targets: Target[]) => Promise<void>> = {
  rds: resolveRds,
  dynamodb: resolveDynamoDb,
  lambda: resolveLambda,
  iam: resolveIam,
  sqs: resolveSqs,
  sns: resolveSns,
  secretsmanager: resolveSecrets,
  kms: resolveKms,
  logs: resolveLogs,
  route53: resolveRoute53,
  ecs: resolveEcs,
  eks: resolveEks,
};
