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
  /** The client class the package exports: `S3Client`. */
  clientName: string;
  /**
   * The client package. Literal specifiers only: the build sends them to dist/aws-sdk/ (esbuild.mjs,
   * aws-sdk-external). aws_call (src/aws/call.ts) needs the whole module, for its Command classes.
   */
  module: () => Promise<Record<string, unknown>>;
  load: () => Promise<Constructor<C>>;
  /** Service-specific client options. */
  options?: (place: AwsPlace) => Record<string, unknown>;
}

/** The one list of bundled SDK clients: the previews and aws_call both build their clients from it. */
export function awsService<C>(name: string, envSuffix: string, clientName: string, module: () => Promise<Record<string, unknown>>, options?: (place: AwsPlace) => Record<string, unknown>): AwsService<C> {
  return { name, envSuffix, clientName, module, load: async () => (await module())[clientName] as Constructor<C>, options };
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

export const S3 = awsService<import('@aws-sdk/client-s3').S3Client>('s3', 'S3', 'S3Client', () => import('@aws-sdk/client-s3'), (p) => ({
  // Local endpoints (moto, MinIO, LocalStack) do not serve bucket subdomains.
  forcePathStyle: !!p.endpoint,
  followRegionRedirects: true,
}));
export const STS = awsService<import('@aws-sdk/client-sts').STSClient>('sts', 'STS', 'STSClient', () => import('@aws-sdk/client-sts'));
export const CLOUDFORMATION = awsService<import('@aws-sdk/client-cloudformation').CloudFormationClient>('cloudformation', 'CLOUDFORMATION', 'CloudFormationClient', () => import('@aws-sdk/client-cloudformation'));
export const EC2 = awsService<import('@aws-sdk/client-ec2').EC2Client>('ec2', 'EC2', 'EC2Client', () => import('@aws-sdk/client-ec2'));
export const RDS = awsService<import('@aws-sdk/client-rds').RDSClient>('rds', 'RDS', 'RDSClient', () => import('@aws-sdk/client-rds'));
export const DYNAMODB = awsService<import('@aws-sdk/client-dynamodb').DynamoDBClient>('dynamodb', 'DYNAMODB', 'DynamoDBClient', () => import('@aws-sdk/client-dynamodb'));
export const LAMBDA = awsService<import('@aws-sdk/client-lambda').LambdaClient>('lambda', 'LAMBDA', 'LambdaClient', () => import('@aws-sdk/client-lambda'));
export const IAM = awsService<import('@aws-sdk/client-iam').IAMClient>('iam', 'IAM', 'IAMClient', () => import('@aws-sdk/client-iam'));
export const SQS = awsService<import('@aws-sdk/client-sqs').SQSClient>('sqs', 'SQS', 'SQSClient', () => import('@aws-sdk/client-sqs'));
export const SNS = awsService<import('@aws-sdk/client-sns').SNSClient>('sns', 'SNS', 'SNSClient', () => import('@aws-sdk/client-sns'));
export const KMS = awsService<import('@aws-sdk/client-kms').KMSClient>('kms', 'KMS', 'KMSClient', () => import('@aws-sdk/client-kms'));
export const SECRETS = awsService<import('@aws-sdk/client-secrets-manager').SecretsManagerClient>('secretsmanager', 'SECRETS_MANAGER', 'SecretsManagerClient', () => import('@aws-sdk/client-secrets-manager'));
export const LOGS = awsService<import('@aws-sdk/client-cloudwatch-logs').CloudWatchLogsClient>('logs', 'CLOUDWATCH_LOGS', 'CloudWatchLogsClient', () => import('@aws-sdk/client-cloudwatch-logs'));
export const ROUTE53 = awsService<import('@aws-sdk/client-route-53').Route53Client>('route53', 'ROUTE_53', 'Route53Client', () => import('@aws-sdk/client-route-53'));
export const ECS = awsService<import('@aws-sdk/client-ecs').ECSClient>('ecs', 'ECS', 'ECSClient', () => import('@aws-sdk/client-ecs'));
export const EKS = awsService<import('@aws-sdk/client-eks').EKSClient>('eks', 'EKS', 'EKSClient', () => import('@aws-sdk/client-eks'));
