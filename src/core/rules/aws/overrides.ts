/**
 * Reviewed corrections to the generated table, for operations whose verb misleads. The generated class
 * comes from the operation's first word; each entry here says what the operation really does and why.
 * A test checks that every key names an operation the table knows, so a typo cannot hide.
 */
import type { Effect } from '../../model';

export interface OperationOverride {
  effect: Effect;
  why: string;
  /** Flags that name what the operation acts on, when the table's guess misses them. */
  primary?: readonly string[];
  /** Flags the table takes for targets that only say where (the cluster a node group belongs to). */
  references?: readonly string[];
}

const IN_CLUSTER = 'acts on a part of the cluster; --cluster-name only says which cluster';

const RESUMABLE = 'stopped, not gone: the matching start brings it back with its data';
const CRYPTO = 'a cryptographic call: computes a result, changes no stored state';

export const OPERATION_OVERRIDES: Readonly<Record<string, OperationOverride>> = {
  // `stop-*` is classed destroy (a stopped task, build or execution is gone). These ones resume.
  'ec2 stop-instances': { effect: 'write', why: `${RESUMABLE} (EBS volumes stay; instance-store data is lost)` },
  'rds stop-db-instance': { effect: 'write', why: `${RESUMABLE}; RDS starts it again after 7 days` },
  'rds stop-db-cluster': { effect: 'write', why: `${RESUMABLE}; RDS starts it again after 7 days` },
  'docdb stop-db-cluster': { effect: 'write', why: RESUMABLE },
  'neptune stop-db-cluster': { effect: 'write', why: RESUMABLE },
  'sagemaker stop-notebook-instance': { effect: 'write', why: RESUMABLE },
  'workspaces stop-workspaces': { effect: 'write', why: RESUMABLE },
  'lightsail stop-instance': { effect: 'write', why: RESUMABLE },
  'lightsail stop-relational-database': { effect: 'write', why: RESUMABLE },
  'appstream stop-fleet': { effect: 'write', why: RESUMABLE },
  'appstream stop-image-builder': { effect: 'write', why: RESUMABLE },
  'dms stop-replication-task': { effect: 'write', why: 'the task can be resumed from where it stopped' },
  'cloudtrail stop-logging': { effect: 'write', why: 'turns audit logging off until start-logging; nothing is deleted' },
  'configservice stop-configuration-recorder': { effect: 'write', why: 'recording resumes with start-configuration-recorder' },

  // Verbs that read like destruction but rescue or roll back.
  'kms cancel-key-deletion': { effect: 'write', why: 'takes a key out of scheduled deletion' },
  'cloudformation cancel-update-stack': { effect: 'write', why: 'rolls the stack back to its last good state' },
  'cloudformation continue-update-rollback': { effect: 'write', why: 'finishes a rollback' },
  'secretsmanager cancel-rotate-secret': { effect: 'write', why: 'stops a rotation; the secret stays' },

  // Deletes that the name hides.
  'dynamodb batch-write-item': { effect: 'destroy', why: 'a batch may hold DeleteRequests (inline JSON is inspected)' },
  'dynamodb transact-write-items': { effect: 'destroy', why: 'a transaction may hold Deletes (inline JSON is inspected)' },
  'route53 change-resource-record-sets': {
    effect: 'destroy',
    why: 'a change batch may DELETE records (inline JSON is inspected; UPSERT and CREATE only write)',
  },
  'organizations close-account': { effect: 'destroy', why: 'closes a member account' },
  's3api put-bucket-lifecycle-configuration': {
    effect: 'write',
    why: 'expiration rules delete objects later; the call itself only sets configuration',
  },

  'servicecatalog delete-tag-option': { effect: 'destroy', why: 'deletes a TagOption resource, not a tag' },
  'discovery start-batch-delete-configuration-task': { effect: 'destroy', why: 'starts deleting configuration items' },
  'personalize create-data-deletion-job': { effect: 'destroy', why: 'starts deleting users’ data from datasets' },
  'transfer start-remote-delete': { effect: 'destroy', why: 'deletes a file on the remote SFTP server' },
  'mpa start-active-approval-team-deletion': { effect: 'destroy', why: 'starts deleting an approval team' },
  'medialive start-delete-monitor-deployment': { effect: 'destroy', why: 'starts deleting a monitor deployment' },
  'kendra clear-query-suggestions': { effect: 'destroy', why: 'deletes the index’s query suggestions' },
  'macie2 disable-macie': { effect: 'destroy', why: 'disables Macie and deletes its findings and settings' },

  // Verbs that read like reads but act.
  'elasticache test-failover': { effect: 'write', why: 'really fails over the node group’s primary' },
  'elasticache test-migration': { effect: 'write', why: 'starts a migration test against the cluster' },
  'license-manager check-in-license': { effect: 'write', why: 'returns a checked-out license' },
  'support resolve-case': { effect: 'write', why: 'closes a support case' },
  'codecommit test-repository-triggers': { effect: 'write', why: 'sends test notifications to the triggers’ targets' },
  'lightsail test-alarm': { effect: 'write', why: 'fires the alarm’s notifications' },
  'stepfunctions test-state': { effect: 'write', why: 'runs the state, which may invoke real task resources' },
  'storagegateway retrieve-tape-archive': { effect: 'write', why: 'moves an archived tape back to a gateway' },
  'storagegateway retrieve-tape-recovery-point': { effect: 'write', why: 'restores a tape from a recovery point' },
  'iotwireless test-wireless-device': { effect: 'write', why: 'sends an uplink to the device' },

  // Reads named like writes.
  'kms decrypt': { effect: 'read', why: CRYPTO },
  'kms encrypt': { effect: 'read', why: CRYPTO },
  'kms re-encrypt': { effect: 'read', why: CRYPTO },
  'kms sign': { effect: 'read', why: CRYPTO },
  'kms verify': { effect: 'read', why: CRYPTO },
  'kms generate-data-key': { effect: 'read', why: CRYPTO },
  'kms generate-data-key-pair': { effect: 'read', why: CRYPTO },
  'kms generate-data-key-pair-without-plaintext': { effect: 'read', why: CRYPTO },
  'kms generate-data-key-without-plaintext': { effect: 'read', why: CRYPTO },
  'kms generate-random': { effect: 'read', why: CRYPTO },
  'kms generate-mac': { effect: 'read', why: CRYPTO },
  'kms verify-mac': { effect: 'read', why: CRYPTO },
  'kms derive-shared-secret': { effect: 'read', why: CRYPTO },
  'sts get-caller-identity': { effect: 'read', why: 'says who the credentials belong to' },
  'sts assume-role': { effect: 'read', why: 'returns temporary credentials; no resource changes' },
  'cloudformation validate-template': { effect: 'read', why: 'checks a template' },
  'logs start-query': { effect: 'read', why: 'runs a Logs Insights query over existing logs' },
  'logs stop-query': { effect: 'read', why: 'stops a Logs Insights query; no data changes' },
  'athena get-query-results': { effect: 'read', why: 'reads a finished query' },
  'ce get-cost-and-usage': { effect: 'read', why: 'billing report' },

  // Reads that run things: the verb says test, the call reaches a live backend.
  'apigateway test-invoke-method': { effect: 'write', why: 'calls the method’s real integration backend' },
  'apigateway test-invoke-authorizer': { effect: 'write', why: 'calls the real authorizer' },
  'cloudformation test-type': { effect: 'write', why: 'starts contract tests that create and delete resources' },
  'iot test-invoke-authorizer': { effect: 'write', why: 'calls the real authorizer Lambda' },

  // Writes worth stating: they run code or grant access.
  'ssm send-command': { effect: 'write', why: 'runs arbitrary commands on the instances', primary: ['instance-ids', 'document-name'] },
  'ssm start-session': { effect: 'write', why: 'opens a shell on the target', primary: ['target'] },
  'ecs execute-command': { effect: 'write', why: 'runs a command inside a container', primary: ['task', 'cluster'] },
  'eks delete-nodegroup': { effect: 'destroy', why: IN_CLUSTER, references: ['cluster-name'] },
  'eks delete-fargate-profile': { effect: 'destroy', why: IN_CLUSTER, references: ['cluster-name'] },
  'eks delete-addon': { effect: 'destroy', why: IN_CLUSTER, references: ['cluster-name'] },
  'eks create-nodegroup': { effect: 'write', why: IN_CLUSTER, references: ['cluster-name'] },
  'eks create-fargate-profile': { effect: 'write', why: IN_CLUSTER, references: ['cluster-name'] },
  'eks update-nodegroup-config': { effect: 'write', why: IN_CLUSTER, references: ['cluster-name'] },
  'eks update-nodegroup-version': { effect: 'write', why: IN_CLUSTER, references: ['cluster-name'] },
  'lambda invoke': { effect: 'write', why: 'runs the function’s code' },
  'ec2-instance-connect send-ssh-public-key': { effect: 'write', why: 'grants SSH access for 60 seconds' },
  'sqs receive-message': { effect: 'write', why: 'hides the messages from other consumers for the visibility timeout' },
};

/** Custom (hand-written) CLI subcommands, by `service command`. `wait` is handled for every service. */
export interface CustomClass {
  effect: Effect;
  recoverable?: boolean;
  why: string;
}

export const CUSTOM_COMMANDS: Readonly<Record<string, CustomClass>> = {
  'cloudformation package': { effect: 'write', why: 'uploads local artifacts to S3' },
  'cloudformation deploy': { effect: 'write', why: 'creates or updates the stack through a change set' },
  'cloudfront sign': { effect: 'read', why: 'signs a URL locally' },
  'cloudtrail create-subscription': { effect: 'write', why: 'creates a trail, bucket and topic' },
  'cloudtrail update-subscription': { effect: 'write', why: 'changes a trail' },
  'cloudtrail validate-logs': { effect: 'read', why: 'checks log file digests' },
  'codeartifact login': { effect: 'write', recoverable: true, why: 'points the local npm/pip/twine/dotnet at the repository' },
  'codecommit credential-helper': { effect: 'read', why: 'git credential helper' },
  'datapipeline list-runs': { effect: 'read', why: 'lists runs' },
  'datapipeline create-default-roles': { effect: 'write', why: 'creates IAM roles' },
  'dlm create-default-role': { effect: 'write', why: 'creates an IAM role' },
  'ecr get-login': { effect: 'read', why: 'prints a docker login command' },
  'ecr get-login-password': { effect: 'read', why: 'prints a registry token' },
  'ecr-public get-login-password': { effect: 'read', why: 'prints a registry token' },
  'ecs deploy': { effect: 'write', why: 'deploys a new task definition to the service through CodeDeploy' },
  'eks update-kubeconfig': { effect: 'write', recoverable: true, why: 'adds a context to the local kubeconfig' },
  'eks get-token': { effect: 'read', why: 'prints a cluster token' },
  'emr add-instance-groups': { effect: 'write', why: 'grows the cluster' },
  'emr describe-cluster': { effect: 'read', why: 'describes the cluster' },
  'emr terminate-clusters': { effect: 'destroy', why: 'terminates clusters and their local data' },
  'emr modify-cluster-attributes': { effect: 'write', why: 'changes cluster settings' },
  'emr install-applications': { effect: 'write', why: 'installs applications on the cluster' },
  'emr create-cluster': { effect: 'write', why: 'creates a cluster' },
  'emr add-steps': { effect: 'write', why: 'runs steps on the cluster' },
  'emr restore-from-hbase-backup': { effect: 'write', why: 'replaces HBase data from a backup' },
  'emr create-hbase-backup': { effect: 'write', why: 'writes a backup' },
  'emr schedule-hbase-backup': { effect: 'write', why: 'schedules backups' },
  'emr disable-hbase-backups': { effect: 'write', why: 'stops scheduled backups' },
  'emr create-default-roles': { effect: 'write', why: 'creates IAM roles' },
  'emr ssh': { effect: 'write', why: 'opens a shell or runs a command on the master node' },
  'emr socks': { effect: 'write', why: 'opens a tunnel to the master node' },
  'emr get': { effect: 'write', recoverable: true, why: 'copies a file from the master node to this machine' },
  'emr put': { effect: 'write', why: 'copies a file onto the master node' },
  'emr-containers update-role-trust-policy': { effect: 'write', why: 'changes an IAM role’s trust policy' },
  'gamelift upload-build': { effect: 'write', why: 'uploads a build' },
  'gamelift get-game-session-log': { effect: 'read', why: 'downloads a log' },
  'logs start-live-tail': { effect: 'read', why: 'streams log events' },
  'logs tail': { effect: 'read', why: 'streams log events (CLI v2)' },
  'rds generate-db-auth-token': { effect: 'read', why: 'signs a token locally' },
  'servicecatalog generate': { effect: 'write', why: 'creates a product or version' },
  'deploy push': { effect: 'write', why: 'uploads a revision to S3 and registers it' },
  'deploy register': { effect: 'write', why: 'registers an on-premises instance and creates an IAM user' },
  'deploy deregister': { effect: 'destroy', why: 'deregisters an on-premises instance and deletes its IAM user' },
  'deploy install': { effect: 'write', why: 'installs the CodeDeploy agent on this machine' },
  'deploy uninstall': { effect: 'destroy', why: 'removes the CodeDeploy agent from this machine' },
  'configservice subscribe': { effect: 'write', why: 'starts recording into a bucket and topic' },
  'configservice get-status': { effect: 'read', why: 'recorder and delivery status' },
  // CLI v2 additions, absent from the v1 table the generator reads.
  'ddb select': { effect: 'read', why: 'queries or scans a table (CLI v2)' },
  'ddb put': { effect: 'write', why: 'writes items, replacing any with the same key (CLI v2)' },
  'sso login': { effect: 'write', recoverable: true, why: 'caches an SSO token locally' },
  'sso logout': { effect: 'write', recoverable: true, why: 'removes cached SSO tokens; login brings them back' },
  'configure list': { effect: 'read', why: 'shows the configuration' },
  'configure get': { effect: 'read', why: 'prints one setting' },
  'configure list-profiles': { effect: 'read', why: 'lists profiles' },
  'configure export-credentials': { effect: 'read', why: 'prints credentials' },
  'configure add-model': { effect: 'write', recoverable: true, why: 'adds a service model under ~/.aws/models' },
  'configure sso': { effect: 'write', recoverable: true, why: 'adds an SSO profile to ~/.aws/config' },
  'configure sso-session': { effect: 'write', recoverable: true, why: 'adds an SSO session to ~/.aws/config' },
  'configure import': { effect: 'write', why: 'writes credentials from a CSV into ~/.aws/credentials' },
  'history show': { effect: 'read', why: 'shows recorded CLI history' },
  'history list': { effect: 'read', why: 'lists recorded CLI history' },
};
