/**
 * SDK v3 clients, built on first use and kept for the process per (service, region, profile, endpoint).
 * The client packages are required inside `load`, never at the top of a module, so nothing AWS is
 * loaded until an AWS action needs a preview.
 *
 * Credentials come from the SDK's default chain for the action's profile (config and credential files,
 * SSO, the extension's own environment). Secret keys exported in the agent's terminal are deliberately
 * not forwarded to the gate, so a preview never runs as credentials the person has not configured; the
 * identity line says whom the preview read as.
 */
import type { AwsJob, AwsPlace } from './job';

type Constructor<C> = new (config: Record<string, unknown>) => C;

export interface AwsService<C> {
  /** For cache keys and messages: `s3`, `cloudformation`. */
  name: string;
  /** `AWS_ENDPOINT_URL_<suffix>`: the SDK's service id, upper case, blanks as underscores. */
  envSuffix: string;
  load: () => Promise<Constructor<C>>;
  /** Service-specific client options. */
  options?: (place: AwsPlace) => Record<string, unknown>;
}

export function awsService<C>(name: string, envSuffix: string, load: () => Promise<unknown>, options?: (place: AwsPlace) => Record<string, unknown>): AwsService<C> {
  return { name, envSuffix, load: load as () => Promise<Constructor<C>>, options };
}

const cache = new Map<string, Promise<unknown>>();

export function clientAt<C>(service: AwsService<C>, place: AwsPlace): Promise<C> {
  const key = [service.name, place.region ?? '', place.profile ?? '', place.endpoint ?? ''].join('\u0000');
  let c = cache.get(key) as Promise<C> | undefined;
  if (!c) {
    c = service.load().then((Client) => {
      const config: Record<string, unknown> = { maxAttempts: 2, ...(service.options?.(place) ?? {}) };
      if (place.region) config.region = place.region;
      if (place.profile) config.profile = place.profile;
      if (place.endpoint) config.endpoint = place.endpoint;
      return new Client(config);
    });
    c.catch(() => cache.delete(key));
    cache.set(key, c);
  }
  return c;
}

export function clientFor<C>(job: AwsJob, service: AwsService<C>): Promise<C> {
  return clientAt(service, job.place(service.envSuffix));
}

/** Where a service's calls go, for messages: the endpoint, or AWS's own for the region. */
export function endpointName(job: AwsJob, service: AwsService<unknown>): string {
  return job.endpointFor(service.envSuffix) ?? `AWS ${service.name} in ${job.region ?? 'the default region'}`;
}

export const S3 = awsService<import('@aws-sdk/client-s3').S3Client>('s3', 'S3', async () => (await import('@aws-sdk/client-s3')).S3Client, (p) => ({
  // Local endpoints (moto, MinIO, LocalStack) do not serve bucket subdomains.
  forcePathStyle: !!p.endpoint,
  followRegionRedirects: true,
}));
export const STS = awsService<import('@aws-sdk/client-sts').STSClient>('sts', 'STS', async () => (await import('@aws-sdk/client-sts')).STSClient);
export const CLOUDFORMATION = awsService<import('@aws-sdk/client-cloudformation').CloudFormationClient>('cloudformation', 'CLOUDFORMATION', async () => (await import('@aws-sdk/client-cloudformation')).CloudFormationClient);
export const EC2 = awsService<import('@aws-sdk/client-ec2').EC2Client>('ec2', 'EC2', async () => (await import('@aws-sdk/client-ec2')).EC2Client);
export const RDS = awsService<import('@aws-sdk/client-rds').RDSClient>('rds', 'RDS', async () => (await import('@aws-sdk/client-rds')).RDSClient);
export const DYNAMODB = awsService<import('@aws-sdk/client-dynamodb').DynamoDBClient>('dynamodb', 'DYNAMODB', async () => (await import('@aws-sdk/client-dynamodb')).DynamoDBClient);
export const LAMBDA = awsService<import('@aws-sdk/client-lambda').LambdaClient>('lambda', 'LAMBDA', async () => (await import('@aws-sdk/client-lambda')).LambdaClient);
export const IAM = awsService<import('@aws-sdk/client-iam').IAMClient>('iam', 'IAM', async () => (await import('@aws-sdk/client-iam')).IAMClient);
export const SQS = awsService<import('@aws-sdk/client-sqs').SQSClient>('sqs', 'SQS', async () => (await import('@aws-sdk/client-sqs')).SQSClient);
export const SNS = awsService<import('@aws-sdk/client-sns').SNSClient>('sns', 'SNS', async () => (await import('@aws-sdk/client-sns')).SNSClient);
export const KMS = awsService<import('@aws-sdk/client-kms').KMSClient>('kms', 'KMS', async () => (await import('@aws-sdk/client-kms')).KMSClient);
export const SECRETS = awsService<import('@aws-sdk/client-secrets-manager').SecretsManagerClient>('secretsmanager', 'SECRETS_MANAGER', async () => (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient);
export const LOGS = awsService<import('@aws-sdk/client-cloudwatch-logs').CloudWatchLogsClient>('logs', 'CLOUDWATCH_LOGS', async () => (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient);
export const ROUTE53 = awsService<import('@aws-sdk/client-route-53').Route53Client>('route53', 'ROUTE_53', async () => (await import('@aws-sdk/client-route-53')).Route53Client);
export const ECS = awsService<import('@aws-sdk/client-ecs').ECSClient>('ecs', 'ECS', async () => (await import('@aws-sdk/client-ecs')).ECSClient);
export const EKS = awsService<import('@aws-sdk/client-eks').EKSClient>('eks', 'EKS', async () => (await import('@aws-sdk/client-eks')).EKSClient);
