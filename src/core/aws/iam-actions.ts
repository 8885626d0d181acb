/**
 * From the CLI's command table to IAM: which service prefix and which IAM actions authorize each
 * `aws <service> <operation>`, and which of those make it destructive.
 *
 * The table is keyed by the CLI's names. An IAM action is the API operation's name, which the CLI
 * writes in kebab case (`delete-db-instance` ↔ DeleteDBInstance); IAM compares action names without
 * regard to case, so joining the words back is exact for matching. The prefix is the service's IAM
 * namespace, which is mostly the API's name; the exceptions below were read from botocore's service
 * metadata (signingName) and corrected where IAM's prefix differs from it. Operations whose IAM
 * action has another name than the API (mostly S3) are listed by hand.
 */
import { allOperations, type OperationClass } from '../rules/aws/operations';
import { OPERATION_OVERRIDES } from '../rules/aws/overrides';

/** CLI service → IAM prefix, where it is not the API's own name. */
const PREFIX_EXCEPTIONS: Readonly<Record<string, string>> = {
  accessanalyzer: 'access-analyzer', amp: 'aps', apigatewaymanagementapi: 'execute-api', apigatewayv2: 'apigateway',
  appconfigdata: 'appconfig', appintegrations: 'app-integrations', 'application-insights': 'applicationinsights',
  applicationcostprofiler: 'application-cost-profiler', backupsearch: 'backup-search',
  'bedrock-agent': 'bedrock', 'bedrock-agent-runtime': 'bedrock', 'bedrock-agentcore-control': 'bedrock-agentcore',
  'bedrock-data-automation': 'bedrock', 'bedrock-data-automation-runtime': 'bedrock', 'bedrock-runtime': 'bedrock',
  'chime-sdk-identity': 'chime', 'chime-sdk-media-pipelines': 'chime', 'chime-sdk-meetings': 'chime',
  'chime-sdk-messaging': 'chime', 'chime-sdk-voice': 'chime', cleanroomsml: 'cleanrooms-ml',
  // Cloud Control's actions are CloudFormation's: cloudformation:DeleteResource.
  cloudcontrol: 'cloudformation', cloudhsmv2: 'cloudhsm', cloudsearchdomain: 'cloudsearch',
  codeguruprofiler: 'codeguru-profiler', 'compute-optimizer-automation': 'aco-automation', configservice: 'config',
  'connect-contact-lens': 'connect', connectcampaigns: 'connect-campaigns', connectcampaignsv2: 'connect-campaigns',
  connectcases: 'cases', connecthealth: 'health-agent', connectparticipant: 'execute-api',
  'customer-profiles': 'profile', 'devops-agent': 'aidevops', docdb: 'rds', dynamodbstreams: 'dynamodb',
  efs: 'elasticfilesystem', elb: 'elasticloadbalancing', elbv2: 'elasticloadbalancing',
  elementalinference: 'elemental-inference', emr: 'elasticmapreduce', 'finspace-data': 'finspace-api',
  forecastquery: 'forecast', greengrassv2: 'greengrass', 'iot-data': 'iot', 'iot-managed-integrations': 'iotmanagedintegrations',
  'iotevents-data': 'iotevents', iotsecuretunneling: 'iot', 'ivs-realtime': 'ivs', keyspaces: 'cassandra',
  keyspacesstreams: 'cassandra', 'kinesis-video-archived-media': 'kinesisvideo', 'kinesis-video-media': 'kinesisvideo',
  'kinesis-video-signaling': 'kinesisvideo', 'kinesis-video-webrtc-storage': 'kinesisvideo',
  kinesisanalyticsv2: 'kinesisanalytics', 'launch-wizard': 'launchwizard', 'lex-models': 'lex', 'lex-runtime': 'lex',
  'lexv2-models': 'lex', 'lexv2-runtime': 'lex', location: 'geo', mailmanager: 'ses',
  'marketplace-agreement': 'aws-marketplace', 'marketplace-catalog': 'aws-marketplace',
  'marketplace-deployment': 'aws-marketplace', 'marketplace-discovery': 'aws-marketplace',
  'marketplace-entitlement': 'aws-marketplace', 'marketplace-reporting': 'aws-marketplace',
  'mediastore-data': 'mediastore', meteringmarketplace: 'aws-marketplace',
  'migration-hub-refactor-spaces': 'refactor-spaces', 'migrationhub-config': 'mgh',
  migrationhuborchestrator: 'migrationhub-orchestrator', migrationhubstrategy: 'migrationhub-strategy',
  mturk: 'mechanicalturk', mwaa: 'airflow', 'mwaa-serverless': 'airflow-serverless', neptune: 'rds',
  neptunedata: 'neptune-db', notificationscontacts: 'notifications-contacts', opensearch: 'es',
  opensearchserverless: 'aoss', 'payment-cryptography-data': 'payment-cryptography',
  'personalize-events': 'personalize', 'personalize-runtime': 'personalize', pinpoint: 'mobiletargeting',
  'pinpoint-email': 'ses', 'pinpoint-sms-voice': 'sms-voice', 'pinpoint-sms-voice-v2': 'sms-voice', qconnect: 'wisdom',
  resourcegroupstaggingapi: 'tag', 'runtime.sagemaker': 'sagemaker', s3control: 's3', s3outposts: 's3-outposts',
  'sagemaker-a2i-runtime': 'sagemaker', 'sagemaker-edge': 'sagemaker', 'sagemaker-featurestore-runtime': 'sagemaker',
  'sagemaker-metrics': 'sagemaker', 'sagemaker-runtime': 'sagemaker', 'service-quotas': 'servicequotas',
  'servicecatalog-appregistry': 'servicecatalog', sesv2: 'ses', 'signer-data': 'signer', simpledbv2: 'sdb',
  socialmessaging: 'social-messaging', 'sso-admin': 'sso', 'sso-oidc': 'sso-oauth', stepfunctions: 'states',
  supplychain: 'scn', 'support-app': 'supportapp', taxsettings: 'tax', 'timestream-query': 'timestream',
  'timestream-write': 'timestream', 'voice-id': 'voiceid', 'workspaces-thin-client': 'thinclient',
};

/** Services whose calls IAM does not authorize (the SSO portal signs with a portal token). */
const NOT_IAM = new Set(['sso']);

interface ActionSpec {
  /** Every IAM action the call needs. */
  actions: string[];
  /** The ones that make it destructive, when only some do (TransactWriteItems: DeleteItem). */
  destructive?: string[];
}

const S3_DELETE_OBJECT = ['s3:DeleteObject', 's3:DeleteObjectVersion'];

/**
 * Operations whose IAM actions are not the API's name. The S3 ones: removing a bucket's configuration
 * is authorized by the action that puts it (DeleteBucketLifecycle needs s3:PutLifecycleConfiguration),
 * and a version delete needs its own action.
 */
const ACTION_EXCEPTIONS: Readonly<Record<string, ActionSpec>> = {
  's3api delete-object': { actions: S3_DELETE_OBJECT },
  's3api delete-objects': { actions: S3_DELETE_OBJECT },
  's3api delete-bucket-cors': { actions: ['s3:PutBucketCORS'] },
  's3api delete-bucket-encryption': { actions: ['s3:PutEncryptionConfiguration'] },
  's3api delete-bucket-lifecycle': { actions: ['s3:PutLifecycleConfiguration'] },
  's3api delete-bucket-replication': { actions: ['s3:PutReplicationConfiguration'] },
  's3api delete-bucket-tagging': { actions: ['s3:PutBucketTagging'] },
  's3api delete-bucket-analytics-configuration': { actions: ['s3:PutAnalyticsConfiguration'] },
  's3api delete-bucket-inventory-configuration': { actions: ['s3:PutInventoryConfiguration'] },
  's3api delete-bucket-metrics-configuration': { actions: ['s3:PutMetricsConfiguration'] },
  's3api delete-bucket-intelligent-tiering-configuration': { actions: ['s3:PutIntelligentTieringConfiguration'] },
  's3api delete-bucket-ownership-controls': { actions: ['s3:PutBucketOwnershipControls'] },
  's3api delete-public-access-block': { actions: ['s3:PutBucketPublicAccessBlock'] },
  's3api delete-object-tagging': { actions: ['s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'] },
  's3api put-bucket-lifecycle': { actions: ['s3:PutLifecycleConfiguration'] },
  's3api put-bucket-lifecycle-configuration': { actions: ['s3:PutLifecycleConfiguration'] },
  's3api get-bucket-lifecycle': { actions: ['s3:GetLifecycleConfiguration'] },
  's3api get-bucket-lifecycle-configuration': { actions: ['s3:GetLifecycleConfiguration'] },
  's3api put-bucket-encryption': { actions: ['s3:PutEncryptionConfiguration'] },
  's3api get-bucket-encryption': { actions: ['s3:GetEncryptionConfiguration'] },
  's3api put-bucket-replication': { actions: ['s3:PutReplicationConfiguration'] },
  's3api get-bucket-replication': { actions: ['s3:GetReplicationConfiguration'] },
  's3api put-bucket-analytics-configuration': { actions: ['s3:PutAnalyticsConfiguration'] },
  's3api put-bucket-inventory-configuration': { actions: ['s3:PutInventoryConfiguration'] },
  's3api put-bucket-metrics-configuration': { actions: ['s3:PutMetricsConfiguration'] },
  's3api put-bucket-intelligent-tiering-configuration': { actions: ['s3:PutIntelligentTieringConfiguration'] },
  's3api put-public-access-block': { actions: ['s3:PutBucketPublicAccessBlock'] },
  's3api get-public-access-block': { actions: ['s3:GetBucketPublicAccessBlock'] },
  's3api put-bucket-notification-configuration': { actions: ['s3:PutBucketNotification'] },
  's3api put-bucket-accelerate-configuration': { actions: ['s3:PutAccelerateConfiguration'] },
  's3api put-object-lock-configuration': { actions: ['s3:PutBucketObjectLockConfiguration'] },
  's3api list-objects': { actions: ['s3:ListBucket'] },
  's3api list-objects-v2': { actions: ['s3:ListBucket'] },
  's3api list-object-versions': { actions: ['s3:ListBucketVersions'] },
  's3api list-buckets': { actions: ['s3:ListAllMyBuckets'] },
  's3api list-multipart-uploads': { actions: ['s3:ListBucketMultipartUploads'] },
  's3api list-parts': { actions: ['s3:ListMultipartUploadParts'] },
  's3api head-bucket': { actions: ['s3:ListBucket'] },
  's3api head-object': { actions: ['s3:GetObject'] },
  's3api select-object-content': { actions: ['s3:GetObject'] },
  's3api copy-object': { actions: ['s3:GetObject', 's3:PutObject'] },
  's3api upload-part': { actions: ['s3:PutObject'] },
  's3api upload-part-copy': { actions: ['s3:GetObject', 's3:PutObject'] },
  's3api create-multipart-upload': { actions: ['s3:PutObject'] },
  's3api complete-multipart-upload': { actions: ['s3:PutObject'] },
  's3control delete-public-access-block': { actions: ['s3:PutAccountPublicAccessBlock'] },
  's3control delete-bucket-lifecycle-configuration': { actions: ['s3:PutLifecycleConfiguration'] },
  's3control delete-bucket-replication': { actions: ['s3:PutReplicationConfiguration'] },
  's3control delete-bucket-tagging': { actions: ['s3:PutBucketTagging'] },
  'lambda invoke': { actions: ['lambda:InvokeFunction'] },
  'lambda invoke-with-response-stream': { actions: ['lambda:InvokeFunction'] },
  // A transaction is authorized item by item with the single-item actions.
  'dynamodb transact-write-items': {
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    destructive: ['dynamodb:DeleteItem'],
  },
  'dynamodb transact-get-items': { actions: ['dynamodb:GetItem'] },
  'keyspaces delete-keyspace': { actions: ['cassandra:Drop'] },
  'keyspaces delete-table': { actions: ['cassandra:Drop'] },
  'keyspaces create-keyspace': { actions: ['cassandra:Create'] },
  'keyspaces create-table': { actions: ['cassandra:Create'] },
  'keyspaces update-table': { actions: ['cassandra:Alter'] },
  'keyspaces update-keyspace': { actions: ['cassandra:Alter'] },
  'keyspaces restore-table': { actions: ['cassandra:Restore', 'cassandra:Select'] },
};

/**
 * The hand-written `aws s3` commands, by the API calls they make. `ls` of the bucket list and `rm`
 * of one key are single calls; the recursive forms also list the bucket.
 */
const S3_CUSTOM: Readonly<Record<string, ActionSpec>> = {
  ls: { actions: ['s3:ListBucket', 's3:ListAllMyBuckets'] },
  mb: { actions: ['s3:CreateBucket'] },
  rb: { actions: ['s3:DeleteBucket'], destructive: ['s3:DeleteBucket'] },
  rm: { actions: ['s3:DeleteObject', 's3:ListBucket'], destructive: ['s3:DeleteObject'] },
  cp: { actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'] },
  mv: { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'], destructive: ['s3:DeleteObject'] },
  sync: { actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'], destructive: ['s3:DeleteObject'] },
  website: { actions: ['s3:PutBucketWebsite'] },
  presign: { actions: [] },
};

/** API Gateway authorizes by HTTP method on its resource paths, not by operation name. */
function apiGatewayAction(operation: string, cls: OperationClass): string {
  if (cls === 'destroy' || /^(untag|flush)-/.test(operation)) return 'apigateway:DELETE';
  if (cls === 'read') return 'apigateway:GET';
  if (/^update-/.test(operation)) return 'apigateway:PATCH';
  if (/^(put|tag|reimport)-/.test(operation)) return 'apigateway:PUT';
  return 'apigateway:POST';
}

let tableServices: Map<string, string | undefined> | undefined;

/** The API name of a CLI service (`s3api` → `s3`), from the generated table. */
function apiNames(): Map<string, string | undefined> {
  if (tableServices) return tableServices;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const table = require('../rules/aws/operations.generated.json') as { services: Record<string, { api?: string }> };
  tableServices = new Map(Object.entries(table.services).map(([cli, e]) => [cli, e.api]));
  return tableServices;
}

/** The IAM prefix of a CLI service, or undefined when IAM does not authorize its calls. */
export function iamPrefixOf(service: string): string | undefined {
  if (NOT_IAM.has(service)) return undefined;
  if (service === 's3') return 's3';
  const exception = PREFIX_EXCEPTIONS[service];
  if (exception) return exception;
  const names = apiNames();
  if (!names.has(service)) return undefined;
  return names.get(service) ?? service;
}

function pascal(operation: string): string {
  return operation.split('-').map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w)).join('');
}

/** The effective class of an operation: the reviewed override when there is one, unknown counting as destroy. */
export function effectiveClass(service: string, operation: string, tableClass: OperationClass): OperationClass {
  const o = OPERATION_OVERRIDES[`${service} ${operation}`];
  if (!o) return tableClass;
  return o.effect === 'unknown' ? 'destroy' : o.effect;
}

function specFor(service: string, operation: string, cls: OperationClass): ActionSpec | undefined {
  if (service === 's3') return S3_CUSTOM[operation];
  const prefix = iamPrefixOf(service);
  if (!prefix) return undefined;
  const exception = ACTION_EXCEPTIONS[`${service} ${operation}`];
  if (exception) return exception;
  if (prefix === 'apigateway') return { actions: [apiGatewayAction(operation, cls)] };
  return { actions: [`${prefix}:${pascal(operation)}`] };
}

/**
 * The IAM actions one CLI operation needs: `s3api delete-objects` → s3:DeleteObject, s3:DeleteObjectVersion;
 * `rds delete-db-instance` → rds:DeleteDbInstance (IAM compares names without case). Empty when the
 * call is not authorized by IAM or the operation is unknown.
 */
export function iamActionsFor(service: string, operation: string): string[] {
  const info = catalogByOperation().get(`${service} ${operation}`);
  if (info) return [...info.actions];
  return [...(specFor(service, operation, 'write')?.actions ?? [])];
}

/** The subset of iamActionsFor that makes the operation destructive (all of them for a destructive operation). */
export function destructiveIamActionsFor(service: string, operation: string): string[] {
  const info = catalogByOperation().get(`${service} ${operation}`);
  if (info) return info.cls === 'destroy' ? [...info.destructive] : [];
  const spec = service === 's3' ? S3_CUSTOM[operation] : undefined;
  return [...(spec?.destructive ?? [])];
}

export interface CatalogOperation {
  /** `service operation` as the CLI names it. */
  operation: string;
  prefix: string;
  cls: OperationClass;
  actions: string[];
  destructive: string[];
}

let catalog: CatalogOperation[] | undefined;
let byOperation: Map<string, CatalogOperation> | undefined;

/** Every operation of the core's table that IAM authorizes, with its effective class and IAM actions. */
export function iamCatalog(): readonly CatalogOperation[] {
  if (catalog) return catalog;
  const out: CatalogOperation[] = [];
  for (const op of allOperations()) {
    const prefix = iamPrefixOf(op.service);
    if (!prefix) continue;
    const cls = effectiveClass(op.service, op.operation, op.cls);
    const spec = specFor(op.service, op.operation, cls);
    if (!spec || spec.actions.length === 0) continue;
    out.push({
      operation: `${op.service} ${op.operation}`,
      prefix,
      cls,
      actions: spec.actions,
      destructive: cls === 'destroy' ? (spec.destructive ?? spec.actions) : [],
    });
  }
  catalog = out;
  return out;
}

function catalogByOperation(): Map<string, CatalogOperation> {
  byOperation ??= new Map(iamCatalog().map((c) => [c.operation, c]));
  return byOperation;
}

/** IAM prefixes that have operations in the table. */
export function iamPrefixes(): Set<string> {
  return new Set(iamCatalog().map((c) => c.prefix));
}
