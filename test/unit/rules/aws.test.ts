import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisContext } from '../../../src/core/model';
import { awsRules } from '../../../src/core/rules/aws';
import { allOperations, customCommands, lookupOperation, tableFacts } from '../../../src/core/rules/aws/operations';
import { CUSTOM_COMMANDS, OPERATION_OVERRIDES } from '../../../src/core/rules/aws/overrides';
import { simpleCommand, testContext } from '../support/command';

interface Want {
  effect: string;
  operation?: string;
  recoverable?: boolean;
  rule?: string;
  /** Exact target ids, in order. */
  targets?: string[];
  /** Changes of the targets, in order. */
  changes?: string[];
  many?: boolean;
  unresolved?: string[];
  profile?: string;
  region?: string;
  account?: string | null;
  endpoint?: string;
  note?: string;
}

type Case = [line: string, want: Want, env?: Record<string, string>];

const ACCOUNT = '123456789012';
const I1 = 'i-0123456789abcdef0';
const I2 = 'i-0fedcba9876543210';

/** Benign reads agents run all day: they must come out read. */
const benignReads: Case[] = [
  ['aws sts get-caller-identity', { effect: 'read', operation: 'sts get-caller-identity' }],
  ['aws s3 ls', { effect: 'read', operation: 's3 ls', targets: [] }],
  ['aws s3 ls s3://my-bucket', { effect: 'read', targets: ['arn:aws:s3:::my-bucket'], changes: ['read'] }],
  ['aws s3 ls s3://my-bucket/logs/ --recursive --human-readable --summarize', { effect: 'read', targets: ['arn:aws:s3:::my-bucket/logs/*'] }],
  ['aws ec2 describe-instances', { effect: 'read', operation: 'ec2 describe-instances', rule: 'aws.table' }],
  ['aws ec2 describe-instances --filters Name=tag:Env,Values=prod --query "Reservations[].Instances[].InstanceId" --output text', { effect: 'read' }],
  ['aws ec2 describe-security-groups --group-ids sg-0123456789abcdef0', { effect: 'read', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`], changes: ['read'] }],
  ['aws ec2 describe-vpcs', { effect: 'read' }],
  ['aws ec2 describe-regions --all-regions', { effect: 'read' }],
  ['aws logs tail /aws/lambda/api --follow', { effect: 'read', operation: 'logs tail', targets: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/api`] }],
  ['aws logs describe-log-groups --log-group-name-prefix /aws/lambda', { effect: 'read' }],
  ['aws logs filter-log-events --log-group-name app --filter-pattern ERROR', { effect: 'read' }],
  ['aws logs get-log-events --log-group-name app --log-stream-name s1', { effect: 'read' }],
  ['aws logs start-live-tail --log-group-identifiers arn:aws:logs:us-east-1:123456789012:log-group:app', { effect: 'read' }],
  ['aws cloudformation describe-stacks --stack-name api', { effect: 'read', targets: [`arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/api/*`] }],
  ['aws cloudformation describe-stack-events --stack-name api', { effect: 'read' }],
  ['aws cloudformation list-stacks', { effect: 'read' }],
  ['aws cloudformation validate-template --template-body file://t.yaml', { effect: 'read' }],
  ['aws lambda list-functions', { effect: 'read' }],
  ['aws lambda get-function --function-name api', { effect: 'read', targets: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`] }],
  ['aws iam list-roles', { effect: 'read' }],
  ['aws iam get-role --role-name deployer', { effect: 'read', targets: [`arn:aws:iam::${ACCOUNT}:role/deployer`] }],
  ['aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::123456789012:role/x --action-names s3:GetObject', { effect: 'read' }],
  ['aws dynamodb scan --table-name users', { effect: 'read', targets: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/users`] }],
  ['aws dynamodb query --table-name users --key-condition-expression "pk = :p"', { effect: 'read' }],
  ['aws dynamodb describe-table --table-name users', { effect: 'read' }],
  ['aws ecs list-clusters', { effect: 'read' }],
  ['aws ecs describe-services --cluster prod --services api web', { effect: 'read', targets: [`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/api`, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`] }],
  ['aws eks list-clusters', { effect: 'read' }],
  ['aws eks describe-cluster --name prod', { effect: 'read', targets: [`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`] }],
  ['aws eks get-token --cluster-name prod', { effect: 'read', operation: 'eks get-token' }],
  ['aws ecr describe-repositories', { effect: 'read' }],
  ['aws ecr get-login-password --region eu-west-1', { effect: 'read', region: 'eu-west-1' }],
  ['aws rds describe-db-instances --db-instance-identifier main', { effect: 'read', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:db:main`] }],
  ['aws sqs get-queue-attributes --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/jobs --attribute-names All', { effect: 'read', targets: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`] }],
  ['aws sqs list-queues', { effect: 'read' }],
  ['aws sns list-topics', { effect: 'read' }],
  ['aws secretsmanager get-secret-value --secret-id prod/db', { effect: 'read', targets: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-*`], note: 'secret material' }],
  ['aws ssm get-parameter --name /app/db/url --with-decryption', { effect: 'read', targets: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/url`], note: 'clear text' }],
  ['aws ssm get-parameters --names /a /b', { effect: 'read', targets: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/a`, `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/b`] }],
  ['aws ssm describe-instance-information', { effect: 'read' }],
  ['aws route53 list-hosted-zones', { effect: 'read' }],
  ['aws route53 list-resource-record-sets --hosted-zone-id /hostedzone/Z0123', { effect: 'read', targets: ['arn:aws:route53:::hostedzone/Z0123'] }],
  ['aws cloudwatch get-metric-statistics --namespace AWS/EC2 --metric-name CPUUtilization --statistics Average --period 300 --start-time 2024-01-01 --end-time 2024-01-02', { effect: 'read' }],
  ['aws cloudwatch describe-alarms --alarm-names high-cpu', { effect: 'read', targets: [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:high-cpu`] }],
  ['aws kms list-keys', { effect: 'read' }],
  ['aws kms describe-key --key-id alias/app', { effect: 'read', targets: [`arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`] }],
  ['aws s3api list-buckets', { effect: 'read' }],
  ['aws s3api head-object --bucket b --key a/b.txt', { effect: 'read', targets: ['arn:aws:s3:::b/a/b.txt'] }],
  ['aws s3api get-bucket-policy --bucket b', { effect: 'read', targets: ['arn:aws:s3:::b'] }],
  ['aws s3api get-object --bucket b --key k out.txt', { effect: 'read', targets: ['arn:aws:s3:::b/k'], note: 'writes the response to out.txt' }],
  ['aws organizations list-accounts', { effect: 'read' }],
  ['aws ce get-cost-and-usage --time-period Start=2024-01-01,End=2024-02-01 --granularity MONTHLY --metrics BlendedCost', { effect: 'read' }],
  ['aws sts assume-role --role-arn arn:aws:iam::123456789012:role/admin --role-session-name agent', { effect: 'read' }],
  ['aws sts get-session-token', { effect: 'read' }],
  ['aws sts decode-authorization-message --encoded-message abc', { effect: 'read' }],
  ['aws configure list', { effect: 'read', operation: 'configure list' }],
  ['aws configure get region', { effect: 'read' }],
  ['aws configure list-profiles', { effect: 'read' }],
  ['aws ec2 wait instance-running --instance-ids i-0123456789abcdef0', { effect: 'read', rule: 'aws.wait', operation: 'ec2 wait instance-running' }],
  ['aws cloudformation wait stack-create-complete --stack-name api', { effect: 'read' }],
  ['aws athena get-query-results --query-execution-id abc', { effect: 'read' }],
  ['aws codebuild batch-get-builds --ids b1', { effect: 'read' }],
  ['aws stepfunctions list-executions --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:flow', { effect: 'read', targets: ['arn:aws:states:us-east-1:123456789012:stateMachine:flow'] }],
  ['aws cognito-idp admin-get-user --user-pool-id us-east-1_abc --username bob', { effect: 'read' }],
  ['aws dynamodb batch-get-item --request-items file://keys.json', { effect: 'read' }],
  ['aws cloudtrail lookup-events --max-results 5', { effect: 'read' }],
  ['aws kms decrypt --ciphertext-blob fileb://secret.bin', { effect: 'read', rule: 'aws.override', note: 'clear text' }],
  ['aws kms generate-data-key --key-id alias/app --key-spec AES_256', { effect: 'read' }],
  ['aws history list', { effect: 'read' }],
  ['aws rds generate-db-auth-token --hostname db.example.com --port 5432 --username app', { effect: 'read' }],
  ['aws cloudtrail validate-logs --trail-arn arn:aws:cloudtrail:us-east-1:123456789012:trail/t --start-time 2024-01-01', { effect: 'read' }],
  ['aws pricing get-products --service-code AmazonEC2', { effect: 'read' }],
];

/** Help, usage, version and skeletons change nothing. */
const helpAndUsage: Case[] = [
  ['aws help', { effect: 'read', rule: 'aws.help' }],
  ['aws ec2 help', { effect: 'read', rule: 'aws.help' }],
  ['aws ec2 terminate-instances help', { effect: 'read', rule: 'aws.help' }],
  ['aws s3 rm help', { effect: 'read', rule: 'aws.help' }],
  ['aws --version', { effect: 'read', rule: 'aws.version' }],
  ['aws', { effect: 'read', rule: 'aws.usage' }],
  ['aws ec2', { effect: 'read', rule: 'aws.usage' }],
  ['aws ec2 terminate-instances --generate-cli-skeleton', { effect: 'read', rule: 'aws.skeleton' }],
  ['aws ec2 terminate-instances --generate-cli-skeleton input', { effect: 'read', rule: 'aws.skeleton' }],
  ['aws cloudformation delete-stack --generate-cli-skeleton output --stack-name x', { effect: 'read', rule: 'aws.skeleton' }],
];

/** The generated table, spot-checked across services. */
const tableSpotChecks: Case[] = [
  [`aws ec2 terminate-instances --instance-ids ${I1} ${I2}`, { effect: 'destroy', operation: 'ec2 terminate-instances', rule: 'aws.table', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I1}`, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I2}`], changes: ['destroy', 'destroy'] }],
  [`aws ec2 terminate-instances --instance-ids '["${I1}","${I2}"]'`, { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I1}`, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I2}`] }],
  ['aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro --subnet-id subnet-0123456789abcdef0', { effect: 'write', recoverable: false, targets: ['arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890', `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef0`], changes: ['read', 'read'] }],
  ['aws ec2 delete-volume --volume-id vol-0123456789abcdef0', { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`] }],
  ['aws ec2 delete-snapshot --snapshot-id snap-0123456789abcdef0', { effect: 'destroy', targets: ['arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0'] }],
  ['aws ec2 deregister-image --image-id ami-0123456789abcdef0', { effect: 'destroy', targets: ['arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0'] }],
  ['aws ec2 delete-security-group --group-id sg-0123456789abcdef0', { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`] }],
  ['aws ec2 delete-vpc --vpc-id vpc-0123456789abcdef0', { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0123456789abcdef0`] }],
  ['aws ec2 delete-subnet --subnet-id subnet-0123456789abcdef0', { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0123456789abcdef0`] }],
  ['aws ec2 revoke-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0', { effect: 'destroy' }],
  ['aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --protocol tcp --port 22 --cidr 0.0.0.0/0', { effect: 'write', changes: ['change'] }],
  ['aws ec2 create-volume --availability-zone us-east-1a --size 10', { effect: 'write' }],
  ['aws ec2 reboot-instances --instance-ids i-0123456789abcdef0', { effect: 'write' }],
  ['aws ec2 start-instances --instance-ids i-0123456789abcdef0', { effect: 'write' }],
  ['aws ec2 release-address --allocation-id eipalloc-0123456789abcdef0', { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:elastic-ip/eipalloc-0123456789abcdef0`] }],
  ['aws ec2 detach-volume --volume-id vol-0123456789abcdef0', { effect: 'destroy' }],
  ['aws ec2 create-tags --resources i-0123456789abcdef0 --tags Key=Env,Value=dev', { effect: 'write' }],
  ['aws ec2 delete-tags --resources i-0123456789abcdef0 --tags Key=Env', { effect: 'write', note: undefined }],
  ['aws s3api delete-bucket --bucket logs', { effect: 'destroy', targets: ['arn:aws:s3:::logs'], changes: ['destroy'] }],
  ['aws s3api delete-object --bucket b --key path/to/file.txt', { effect: 'destroy', targets: ['arn:aws:s3:::b/path/to/file.txt'] }],
  ['aws s3api put-object --bucket b --key k --body ./k', { effect: 'write', targets: ['arn:aws:s3:::b/k'], changes: ['change'], note: 'overwrites' }],
  ['aws s3api create-bucket --bucket new-bucket', { effect: 'write', targets: ['arn:aws:s3:::new-bucket'], changes: ['create'] }],
  ['aws s3api put-bucket-policy --bucket b --policy file://policy.json', { effect: 'write', note: 'who can access' }],
  ['aws s3api delete-bucket-policy --bucket b', { effect: 'destroy' }],
  ['aws s3api put-public-access-block --bucket b --public-access-block-configuration BlockPublicAcls=false', { effect: 'write', note: 'who can access' }],
  ['aws s3api put-bucket-versioning --bucket b --versioning-configuration Status=Suspended', { effect: 'write' }],
  ['aws s3api delete-objects --bucket b --delete \'{"Objects":[{"Key":"a.txt"},{"Key":"b.txt"}]}\'', { effect: 'destroy', targets: ['arn:aws:s3:::b/a.txt', 'arn:aws:s3:::b/b.txt'] }],
  ['aws s3api delete-objects --bucket b --delete Objects=[{Key=x},{Key=y},{Key=z}]', { effect: 'destroy', targets: ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/y', 'arn:aws:s3:::b/z'] }],
  ['aws s3api delete-objects --bucket b --delete file://keys.json', { effect: 'destroy', targets: ['arn:aws:s3:::b/*'], many: true, note: 'contents not seen' }],
  ['aws rds delete-db-instance --db-instance-identifier main --skip-final-snapshot', { effect: 'destroy', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:db:main`] }],
  ['aws rds delete-db-cluster --db-cluster-identifier aurora', { effect: 'destroy', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:aurora`] }],
  ['aws rds delete-db-snapshot --db-snapshot-identifier nightly', { effect: 'destroy', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:nightly`] }],
  ['aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier nightly', { effect: 'destroy', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:cluster-snapshot:nightly`] }],
  ['aws rds create-db-snapshot --db-instance-identifier main --db-snapshot-identifier before-migration', { effect: 'write' }],
  ['aws rds reboot-db-instance --db-instance-identifier main', { effect: 'write' }],
  ['aws rds modify-db-instance --db-instance-identifier main --no-deletion-protection --apply-immediately', { effect: 'write', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:db:main`], note: 'can then be deleted' }],
  ['aws rds modify-db-instance --db-instance-identifier main --db-instance-class db.r6g.large', { effect: 'write', changes: ['change'] }],
  ['aws dynamodb delete-table --table-name users', { effect: 'destroy', targets: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/users`] }],
  ['aws dynamodb delete-item --table-name users --key \'{"id":{"S":"1"}}\'', { effect: 'destroy' }],
  ['aws dynamodb put-item --table-name users --item \'{"id":{"S":"1"}}\'', { effect: 'write', note: 'replaces' }],
  ['aws dynamodb update-table --table-name users --billing-mode PAY_PER_REQUEST', { effect: 'write' }],
  ['aws lambda delete-function --function-name api', { effect: 'destroy', targets: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`] }],
  ['aws lambda update-function-code --function-name api --zip-file fileb://api.zip', { effect: 'write', targets: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`], changes: ['change'] }],
  ['aws lambda update-function-configuration --function-name arn:aws:lambda:eu-west-1:999999999999:function:api --timeout 30', { effect: 'write', targets: ['arn:aws:lambda:eu-west-1:999999999999:function:api'] }],
  ['aws lambda delete-function --function-name 999999999999:function:api', { effect: 'destroy', targets: ['arn:aws:lambda:us-east-1:999999999999:function:api'] }],
  ['aws lambda invoke --function-name api out.json', { effect: 'write', rule: 'aws.override', note: 'runs' }],
  ['aws iam delete-role --role-name deployer', { effect: 'destroy', targets: [`arn:aws:iam::${ACCOUNT}:role/deployer`] }],
  ['aws iam delete-user --user-name bob', { effect: 'destroy', targets: [`arn:aws:iam::${ACCOUNT}:user/bob`] }],
  ['aws iam delete-group --group-name admins', { effect: 'destroy', targets: [`arn:aws:iam::${ACCOUNT}:group/admins`] }],
  ['aws iam put-role-policy --role-name deployer --policy-name inline --policy-document file://p.json', { effect: 'write', note: 'permissions' }],
  ['aws iam attach-role-policy --role-name deployer --policy-arn arn:aws:iam::aws:policy/AdministratorAccess', { effect: 'write', targets: ['arn:aws:iam::aws:policy/AdministratorAccess', `arn:aws:iam::${ACCOUNT}:role/deployer`], changes: ['change', 'change'] }],
  ['aws iam detach-role-policy --role-name deployer --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess', { effect: 'destroy' }],
  ['aws iam create-access-key --user-name bob', { effect: 'write' }],
  ['aws iam delete-policy --policy-arn arn:aws:iam::123456789012:policy/p', { effect: 'destroy', targets: ['arn:aws:iam::123456789012:policy/p'] }],
  ['aws cloudformation delete-stack --stack-name api', { effect: 'destroy', operation: 'cloudformation delete-stack', targets: [`arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/api/*`] }],
  ['aws cloudformation update-stack --stack-name api --template-body file://t.yaml', { effect: 'write', note: 'deleted' }],
  ['aws cloudformation create-stack --stack-name api --template-body file://t.yaml', { effect: 'write', changes: ['create'] }],
  ['aws cloudformation delete-stack-set --stack-set-name guard', { effect: 'destroy', targets: [`arn:aws:cloudformation:us-east-1:${ACCOUNT}:stackset/guard:*`] }],
  ['aws sqs delete-queue --queue-url https://sqs.eu-west-1.amazonaws.com/111122223333/jobs', { effect: 'destroy', targets: ['arn:aws:sqs:eu-west-1:111122223333:jobs'] }],
  ['aws sqs purge-queue --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/jobs', { effect: 'destroy', operation: 'sqs purge-queue' }],
  ['aws sqs send-message --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/jobs --message-body hi', { effect: 'write' }],
  ['aws sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/jobs', { effect: 'write', rule: 'aws.override' }],
  ['aws sns delete-topic --topic-arn arn:aws:sns:us-east-1:123456789012:alerts', { effect: 'destroy', targets: ['arn:aws:sns:us-east-1:123456789012:alerts'] }],
  ['aws sns create-topic --name alerts', { effect: 'write', targets: [`arn:aws:sns:us-east-1:${ACCOUNT}:alerts`], changes: ['create'] }],
  ['aws sns publish --topic-arn arn:aws:sns:us-east-1:123456789012:alerts --message hi', { effect: 'write' }],
  ['aws kms schedule-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --pending-window-in-days 7', { effect: 'destroy', targets: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`] }],
  ['aws kms cancel-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', { effect: 'write', rule: 'aws.override' }],
  ['aws kms disable-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', { effect: 'write' }],
  ['aws kms delete-alias --alias-name alias/app', { effect: 'destroy', targets: [`arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`] }],
  ['aws secretsmanager delete-secret --secret-id prod/db --force-delete-without-recovery', { effect: 'destroy', targets: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/db-*`] }],
  ['aws secretsmanager put-secret-value --secret-id prod/db --secret-string x', { effect: 'write' }],
  ['aws logs delete-log-group --log-group-name /aws/lambda/api', { effect: 'destroy', targets: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/api`] }],
  ['aws logs put-retention-policy --log-group-name app --retention-in-days 1', { effect: 'write' }],
  ['aws ecs delete-cluster --cluster prod', { effect: 'destroy', targets: [`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`] }],
  ['aws ecs delete-service --cluster prod --service api --force', { effect: 'destroy', targets: [`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`, `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/api`], changes: ['read', 'destroy'] }],
  ['aws ecs update-service --cluster prod --service api --desired-count 0', { effect: 'write' }],
  ['aws ecs update-service --service api --force-new-deployment', { effect: 'write', targets: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service/default/api`] }],
  ['aws ecs stop-task --cluster prod --task 0123abcd', { effect: 'destroy' }],
  ['aws ecs execute-command --cluster prod --task 0123abcd --command /bin/sh --interactive', { effect: 'write', rule: 'aws.override' }],
  ['aws eks delete-cluster --name prod', { effect: 'destroy', targets: [`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`] }],
  ['aws eks delete-nodegroup --cluster-name prod --nodegroup-name ng1', { effect: 'destroy', targets: [`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`, `arn:aws:eks:us-east-1:${ACCOUNT}:nodegroup/prod/ng1/*`] }],
  ['aws eks delete-fargate-profile --cluster-name prod --fargate-profile-name fp', { effect: 'destroy' }],
  ['aws route53 delete-hosted-zone --id Z0123', { effect: 'destroy', targets: ['arn:aws:route53:::hostedzone/Z0123'] }],
  ['aws ecr delete-repository --repository-name api --force', { effect: 'destroy', targets: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/api`] }],
  ['aws ecr batch-delete-image --repository-name api --image-ids imageTag=old', { effect: 'destroy' }],
  ['aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', { effect: 'destroy', targets: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188'] }],
  ['aws elb delete-load-balancer --load-balancer-name classic', { effect: 'destroy', targets: [`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/classic`] }],
  ['aws efs delete-file-system --file-system-id fs-0123456789abcdef0', { effect: 'destroy', targets: [`arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`] }],
  ['aws elasticache delete-replication-group --replication-group-id cache', { effect: 'destroy', targets: [`arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:cache`] }],
  ['aws elasticache delete-cache-cluster --cache-cluster-id memc', { effect: 'destroy', targets: [`arn:aws:elasticache:us-east-1:${ACCOUNT}:cluster:memc`] }],
  ['aws kinesis delete-stream --stream-name events', { effect: 'destroy', targets: [`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events`] }],
  ['aws stepfunctions delete-state-machine --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:flow', { effect: 'destroy' }],
  ['aws stepfunctions start-execution --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:flow', { effect: 'write' }],
  ['aws events delete-rule --name nightly', { effect: 'destroy', targets: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`] }],
  ['aws events put-rule --name nightly --event-bus-name orders --schedule-expression "rate(1 day)"', { effect: 'write', targets: [`arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`, `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders/nightly`], changes: ['read', 'change'] }],
  ['aws apigateway delete-rest-api --rest-api-id a1b2c3', { effect: 'destroy', targets: ['arn:aws:apigateway:us-east-1::/restapis/a1b2c3'] }],
  ['aws cloudwatch delete-alarms --alarm-names a b', { effect: 'destroy', targets: [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a`, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:b`] }],
  ['aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web --force-delete', { effect: 'destroy', targets: [`arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:*:autoScalingGroupName/web`] }],
  ['aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 0', { effect: 'write' }],
  ['aws redshift delete-cluster --cluster-identifier dw --skip-final-cluster-snapshot', { effect: 'destroy', targets: [`arn:aws:redshift:us-east-1:${ACCOUNT}:cluster:dw`] }],
  ['aws opensearch delete-domain --domain-name search', { effect: 'destroy', targets: [`arn:aws:es:us-east-1:${ACCOUNT}:domain/search`] }],
  ['aws ssm delete-parameter --name /app/key', { effect: 'destroy', targets: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/key`] }],
  ['aws ssm put-parameter --name /app/key --value x --overwrite', { effect: 'write', targets: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/key`] }],
  ['aws organizations leave-organization', { effect: 'destroy' }],
  ['aws organizations close-account --account-id 111122223333', { effect: 'destroy', rule: 'aws.override' }],
  ['aws backup delete-recovery-point --backup-vault-name v --recovery-point-arn arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0', { effect: 'destroy' }],
  ['aws glue delete-database --name analytics', { effect: 'destroy' }],
  ['aws codecommit delete-repository --repository-name app', { effect: 'destroy', targets: [`arn:aws:codecommit:us-east-1:${ACCOUNT}:app`] }],
  ['aws cognito-idp delete-user-pool --user-pool-id us-east-1_abc', { effect: 'destroy', targets: [`arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_abc`] }],
  ['aws cognito-idp admin-delete-user --user-pool-id us-east-1_abc --username bob', { effect: 'destroy' }],
  ['aws guardduty delete-detector --detector-id abc', { effect: 'destroy', targets: ['aws://guardduty/us-east-1/detector-id/abc'] }],
  ['aws cloudtrail delete-trail --name main', { effect: 'destroy' }],
  ['aws cloudtrail stop-logging --name main', { effect: 'write', rule: 'aws.override', note: 'audit logging' }],
  ['aws sagemaker delete-endpoint --endpoint-name model', { effect: 'destroy' }],
  ['aws acm delete-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/abc', { effect: 'destroy', targets: ['arn:aws:acm:us-east-1:123456789012:certificate/abc'] }],
  ['aws lightsail stop-instance --instance-name blog', { effect: 'write', rule: 'aws.override' }],
  ['aws deploy create-deployment --application-name app --deployment-group-name prod', { effect: 'write', operation: 'deploy create-deployment' }],
  ['aws configservice describe-config-rules', { effect: 'read', operation: 'configservice describe-config-rules' }],
  ['aws codebuild start-build --project-name app', { effect: 'write', targets: [`arn:aws:codebuild:us-east-1:${ACCOUNT}:project/app`] }],
  ['aws codepipeline start-pipeline-execution --name release', { effect: 'write' }],
  ['aws ec2 untag-resource --resources i-1', { effect: 'unknown', rule: 'aws.unknown-operation' }],
  ['aws amplify delete-app --app-id d123', { effect: 'destroy' }],
  ['aws batch terminate-job --job-id j1 --reason cleanup', { effect: 'destroy' }],
  ['aws athena start-query-execution --query-string "SELECT 1"', { effect: 'write' }],
  ['aws transfer delete-server --server-id s-1234', { effect: 'destroy' }],
];

/** Reviewed overrides: verbs that would mislead. */
const overrides: Case[] = [
  [`aws ec2 stop-instances --instance-ids ${I1}`, { effect: 'write', rule: 'aws.override', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I1}`], changes: ['change'], note: 'instance-store' }],
  ['aws rds stop-db-instance --db-instance-identifier main', { effect: 'write', rule: 'aws.override' }],
  ['aws ssm send-command --instance-ids i-0123456789abcdef0 --document-name AWS-RunShellScript --parameters commands=["rm -rf /data"]', { effect: 'write', rule: 'aws.override', note: 'arbitrary commands', targets: [`arn:aws:ssm:us-east-1:${ACCOUNT}:document/AWS-RunShellScript`, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`], changes: ['change', 'change'] }],
  ['aws ssm start-session --target i-0123456789abcdef0', { effect: 'write', rule: 'aws.override', note: 'shell' }],
  ['aws apigateway test-invoke-method --rest-api-id a1 --resource-id r1 --http-method POST', { effect: 'write', rule: 'aws.override' }],
  ['aws cloudformation cancel-update-stack --stack-name api', { effect: 'write', rule: 'aws.override' }],
  ['aws s3api put-bucket-lifecycle-configuration --bucket b --lifecycle-configuration file://l.json', { effect: 'write', note: 'expiration' }],
  ['aws ec2-instance-connect send-ssh-public-key --instance-id i-0123456789abcdef0 --instance-os-user ec2-user --ssh-public-key file://k.pub', { effect: 'write', rule: 'aws.override' }],
  ['aws route53 change-resource-record-sets --hosted-zone-id Z0123 --change-batch \'{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"a.example.com","Type":"A"}}]}\'', { effect: 'destroy', rule: 'aws.payload-delete', targets: ['arn:aws:route53:::hostedzone/Z0123'], changes: ['destroy'] }],
  ['aws route53 change-resource-record-sets --hosted-zone-id Z0123 --change-batch \'{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"a.example.com","Type":"A"}}]}\'', { effect: 'write', rule: 'aws.payload', changes: ['change'] }],
  ['aws route53 change-resource-record-sets --hosted-zone-id Z0123 --change-batch Changes=[{Action=DELETE,ResourceRecordSet={Name=a.example.com,Type=A}}]', { effect: 'destroy', rule: 'aws.payload-delete' }],
  ['aws route53 change-resource-record-sets --hosted-zone-id Z0123 --change-batch file://batch.json', { effect: 'destroy', rule: 'aws.override', note: 'not seen' }],
  ['aws dynamodb batch-write-item --request-items \'{"users":[{"PutRequest":{"Item":{"id":{"S":"1"}}}}]}\'', { effect: 'write', rule: 'aws.payload' }],
  ['aws dynamodb batch-write-item --request-items \'{"users":[{"DeleteRequest":{"Key":{"id":{"S":"1"}}}}]}\'', { effect: 'destroy', rule: 'aws.payload-delete' }],
  ['aws dynamodb batch-write-item --request-items file://items.json', { effect: 'destroy', note: 'not seen' }],
  ['aws dynamodb transact-write-items --transact-items \'[{"Delete":{"TableName":"t","Key":{"id":{"S":"1"}}}}]\'', { effect: 'destroy' }],
  ['aws dynamodb transact-write-items --transact-items \'[{"Put":{"TableName":"t","Item":{"id":{"S":"1"}}}}]\'', { effect: 'write' }],
  ['aws dynamodb execute-statement --statement "SELECT * FROM users"', { effect: 'read', rule: 'aws.sql' }],
  ['aws dynamodb execute-statement --statement "DELETE FROM users WHERE id = \'1\'"', { effect: 'destroy', rule: 'aws.sql' }],
  ['aws dynamodb execute-statement --statement "$STMT"', { effect: 'unknown', rule: 'aws.sql' }],
  ['aws rds-data execute-statement --resource-arn arn:aws:rds:us-east-1:123456789012:cluster:a --secret-arn arn:aws:secretsmanager:us-east-1:123456789012:secret:s --sql "DROP TABLE users"', { effect: 'destroy', rule: 'aws.sql' }],
  ['aws rds-data execute-statement --resource-arn arn:aws:rds:us-east-1:123456789012:cluster:a --secret-arn arn:aws:secretsmanager:us-east-1:123456789012:secret:s --sql "select count(*) from users"', { effect: 'read' }],
  ['aws redshift-data execute-statement --cluster-identifier dw --database d --sql "UPDATE t SET x = 1 WHERE id = 2"', { effect: 'write' }],
  ['aws ec2 modify-instance-attribute --instance-id i-0123456789abcdef0 --no-disable-api-termination', { effect: 'write', note: 'termination protection' }],
  ['aws kms encrypt --key-id alias/app --plaintext fileb://p.txt', { effect: 'read', rule: 'aws.override' }],
  ['aws elasticache test-failover --replication-group-id cache --node-group-id 0001', { effect: 'write', rule: 'aws.override', note: 'fails over' }],
  ['aws stepfunctions test-state --definition file://s.json --role-arn arn:aws:iam::123456789012:role/r', { effect: 'write', rule: 'aws.override' }],
  ['aws servicecatalog delete-tag-option --id tag-abc', { effect: 'destroy', rule: 'aws.override' }],
  ['aws transfer start-remote-delete --connector-id c-1 --delete-path /inbox/a.csv', { effect: 'destroy', rule: 'aws.override' }],
  ['aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name api', { effect: 'write', note: 'deletion protection' }],
];

/** The CLI's own s3 commands. */
const s3Commands: Case[] = [
  ['aws s3 cp ./build/app.zip s3://artifacts/releases/', { effect: 'write', operation: 's3 cp', recoverable: false, targets: ['/home/dev/project/build/app.zip', 'arn:aws:s3:::artifacts/releases/app.zip'], changes: ['read', 'change'], note: 'overwritten' }],
  ['aws s3 cp report.csv s3://b/reports/report.csv', { effect: 'write', targets: ['/home/dev/project/report.csv', 'arn:aws:s3:::b/reports/report.csv'] }],
  ['aws s3 cp ./dist s3://site/ --recursive', { effect: 'write', operation: 's3 cp --recursive', targets: ['/home/dev/project/dist', 'arn:aws:s3:::site/*'], many: true }],
  ['aws s3 cp s3://b/data.json ./data.json', { effect: 'write', recoverable: true, targets: ['arn:aws:s3:::b/data.json', '/home/dev/project/data.json'], changes: ['read', 'change'] }],
  ['aws s3 cp s3://b/data.json /etc/app/data.json', { effect: 'write', recoverable: false }],
  ['aws s3 cp s3://b/data.json -', { effect: 'read', targets: ['arn:aws:s3:::b/data.json'] }],
  ['aws s3 cp - s3://b/stream.log', { effect: 'write', targets: ['arn:aws:s3:::b/stream.log'] }],
  ['aws s3 cp s3://src/a.txt s3://dst/a.txt', { effect: 'write', targets: ['arn:aws:s3:::src/a.txt', 'arn:aws:s3:::dst/a.txt'], changes: ['read', 'change'] }],
  ['aws s3 cp s3://src/ s3://dst/ --recursive --exclude "*" --include "*.log"', { effect: 'write', note: '--exclude' }],
  ['aws s3 cp ./dist s3://site/ --recursive --dryrun', { effect: 'read', rule: 'aws.s3-dryrun', note: '--dryrun' }],
  ['aws s3 cp file.txt s3://b/ --sse --acl private', { effect: 'write', targets: ['/home/dev/project/file.txt', 'arn:aws:s3:::b/file.txt'] }],
  ['aws s3 cp file.txt s3://b/ --grants read=uri=http://acs.amazonaws.com/groups/global/AllUsers full=id=abc', { effect: 'write', targets: ['/home/dev/project/file.txt', 'arn:aws:s3:::b/file.txt'] }],
  ['aws s3 mv s3://b/old.txt s3://b/new.txt', { effect: 'destroy', operation: 's3 mv', targets: ['arn:aws:s3:::b/old.txt', 'arn:aws:s3:::b/new.txt'], changes: ['destroy', 'change'], note: 'deletes the source' }],
  ['aws s3 mv ./upload.bin s3://b/', { effect: 'destroy', targets: ['/home/dev/project/upload.bin', 'arn:aws:s3:::b/upload.bin'], changes: ['destroy', 'change'] }],
  ['aws s3 mv s3://b/in/ s3://b/done/ --recursive', { effect: 'destroy', targets: ['arn:aws:s3:::b/in/*', 'arn:aws:s3:::b/done/*'] }],
  ['aws s3 rm s3://b/file.txt', { effect: 'destroy', operation: 's3 rm', rule: 'aws.s3-rm', targets: ['arn:aws:s3:::b/file.txt'] }],
  ['aws s3 rm s3://b/logs --recursive', { effect: 'destroy', operation: 's3 rm --recursive', rule: 'aws.s3-rm-recursive', targets: ['arn:aws:s3:::b/logs/*'], many: true }],
  ['aws s3 rm s3://b --recursive', { effect: 'destroy', targets: ['arn:aws:s3:::b/*'], many: true }],
  ['aws s3 rm s3://b/ --recursive --exclude "keep/*"', { effect: 'destroy', many: true, note: '--exclude keep/*' }],
  ['aws s3 rm s3://b/logs/ --recursive --dryrun', { effect: 'read', rule: 'aws.s3-dryrun', changes: ['read'] }],
  ['aws s3 rb s3://old-bucket', { effect: 'destroy', rule: 'aws.s3-rb', targets: ['arn:aws:s3:::old-bucket'] }],
  ['aws s3 rb s3://old-bucket --force', { effect: 'destroy', operation: 's3 rb --force', rule: 'aws.s3-rb-force', targets: ['arn:aws:s3:::old-bucket', 'arn:aws:s3:::old-bucket/*'], note: 'every object' }],
  ['aws s3 sync ./site s3://www.example.com', { effect: 'write', operation: 's3 sync', targets: ['/home/dev/project/site', 'arn:aws:s3:::www.example.com/*'], many: true }],
  ['aws s3 sync ./site s3://www.example.com --delete', { effect: 'destroy', operation: 's3 sync --delete', rule: 'aws.s3-sync-delete', targets: ['/home/dev/project/site', 'arn:aws:s3:::www.example.com/*', 'arn:aws:s3:::www.example.com/*'], changes: ['read', 'change', 'destroy'] }],
  ['aws s3 sync s3://b/data ./data', { effect: 'write', recoverable: true }],
  ['aws s3 sync s3://b/data ./data --delete', { effect: 'destroy', recoverable: false }],
  ['aws s3 sync ./site s3://b --delete --dryrun', { effect: 'read' }],
  ['aws s3 mb s3://new-bucket --region eu-west-1', { effect: 'write', operation: 's3 mb', targets: ['arn:aws:s3:::new-bucket'], changes: ['create'], region: 'eu-west-1' }],
  ['aws s3 presign s3://b/report.pdf --expires-in 600', { effect: 'read', operation: 's3 presign' }],
  ['aws s3 website s3://b --index-document index.html', { effect: 'write', operation: 's3 website', targets: ['arn:aws:s3:::b'] }],
  ['aws s3 rm "$TARGET" --recursive', { effect: 'destroy', targets: [] }],
  ['aws s3 rm s3://$BUCKET/tmp --recursive', { effect: 'destroy', unresolved: ['value'], many: true }],
  ['aws s3 frobnicate s3://b', { effect: 'unknown', rule: 'aws.s3-unknown' }],
  ['aws s3 cp s3://cn-bucket/k . --region cn-north-1', { effect: 'write', recoverable: true, targets: ['arn:aws-cn:s3:::cn-bucket/k', '/home/dev/project/k'] }],
  ['aws s3 cp s3://b/reports/q1.csv /tmp/', { effect: 'write', recoverable: true, targets: ['arn:aws:s3:::b/reports/q1.csv', '/tmp/q1.csv'] }],
];

/** Global options wherever they stand, and `--opt=value`. */
const globalOptions: Case[] = [
  [`aws --region eu-west-1 ec2 terminate-instances --instance-ids ${I1}`, { effect: 'destroy', region: 'eu-west-1', targets: [`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${I1}`] }],
  [`aws ec2 --region eu-west-1 terminate-instances --instance-ids ${I1}`, { effect: 'destroy', region: 'eu-west-1' }],
  [`aws ec2 terminate-instances --instance-ids ${I1} --region eu-west-1`, { effect: 'destroy', region: 'eu-west-1', targets: [`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/${I1}`] }],
  [`aws ec2 terminate-instances --region=eu-central-1 --instance-ids=${I1}`, { effect: 'destroy', region: 'eu-central-1', targets: [`arn:aws:ec2:eu-central-1:${ACCOUNT}:instance/${I1}`] }],
  [`aws --debug --no-cli-pager --output json ec2 terminate-instances --instance-ids ${I1}`, { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I1}`] }],
  [`aws ec2 terminate-instances --query 'TerminatingInstances[].InstanceId' --instance-ids ${I1}`, { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I1}`] }],
  ['aws --endpoint-url http://localhost:4566 s3 rb s3://test --force', { effect: 'destroy', endpoint: 'http://localhost:4566', note: 'endpoint' }],
  ['aws s3 ls --endpoint-url=http://localhost:4566', { effect: 'read', endpoint: 'http://localhost:4566' }],
  ['aws --no-verify-ssl --no-paginate s3api list-buckets', { effect: 'read', note: 'TLS' }],
  ['aws s3 --profile prod rm s3://b/k', { effect: 'destroy', profile: 'prod' }],
  ['aws --profile=prod --region=us-west-2 sts get-caller-identity', { effect: 'read', profile: 'prod', region: 'us-west-2' }],
  ['aws ec2 describe-instances --max-items 5 --page-size 10 --starting-token abc', { effect: 'read' }],
  ['aws --color off --cli-read-timeout 0 --cli-connect-timeout 5 --ca-bundle ca.pem ec2 describe-instances', { effect: 'read' }],
  ['aws cloudformation delete-stack --cli-binary-format raw-in-base64-out --stack-name api', { effect: 'destroy', targets: [`arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/api/*`] }],
];

/** Where: flags win over the environment, the environment over the profile's configuration. */
const precedence: Case[] = [
  ['aws sts get-caller-identity', { effect: 'read', profile: 'default', region: 'us-east-1', account: ACCOUNT }],
  ['aws sts get-caller-identity', { effect: 'read', profile: 'staging', region: 'ap-southeast-2', account: '222233334444' }, { AWS_PROFILE: 'staging' }],
  ['aws sts get-caller-identity', { effect: 'read', profile: 'staging', region: 'ap-southeast-2' }, { AWS_DEFAULT_PROFILE: 'staging' }],
  ['aws sts get-caller-identity --profile prod', { effect: 'read', profile: 'prod', region: 'eu-west-1', account: '111122223333' }, { AWS_PROFILE: 'staging' }],
  ['aws sts get-caller-identity --profile prod', { effect: 'read', region: 'sa-east-1' }, { AWS_REGION: 'sa-east-1' }],
  ['aws sts get-caller-identity --profile prod', { effect: 'read', region: 'ca-central-1' }, { AWS_DEFAULT_REGION: 'ca-central-1' }],
  ['aws sts get-caller-identity --profile prod --region us-west-1', { effect: 'read', region: 'us-west-1' }, { AWS_REGION: 'sa-east-1' }],
  ['aws sts get-caller-identity', { effect: 'read', region: 'sa-east-1' }, { AWS_REGION: 'sa-east-1', AWS_DEFAULT_REGION: 'ca-central-1' }],
  ['aws dynamodb delete-table --table-name t --profile unknown-profile', { effect: 'destroy', profile: 'unknown-profile', account: null, targets: ['arn:aws:dynamodb:us-east-1:*:table/t'], unresolved: ['account'] }],
  [`aws ec2 terminate-instances --instance-ids ${I1} --profile prod`, { effect: 'destroy', targets: [`arn:aws:ec2:eu-west-1:111122223333:instance/${I1}`] }],
  ['aws dynamodb delete-table --table-name t --profile "$P"', { effect: 'destroy', unresolved: ['account'] }],
  ['aws iam delete-role --role-name r --region eu-west-1', { effect: 'destroy', targets: [`arn:aws:iam::${ACCOUNT}:role/r`] }],
  ['aws dynamodb delete-table --table-name t --region us-gov-west-1', { effect: 'destroy', targets: [`arn:aws-us-gov:dynamodb:us-gov-west-1:${ACCOUNT}:table/t`] }],
];

/** Dry runs and inputs the CLI reads from JSON. */
const dryRunAndInputs: Case[] = [
  [`aws ec2 terminate-instances --instance-ids ${I1} --dry-run`, { effect: 'read', rule: 'aws.dry-run', changes: ['read'], note: 'only checks permissions' }],
  [`aws ec2 terminate-instances --dry-run --instance-ids ${I1} --no-dry-run`, { effect: 'destroy', rule: 'aws.table' }],
  ['aws ec2 run-instances --image-id ami-0abcdef1234567890 --dry-run', { effect: 'read', rule: 'aws.dry-run' }],
  [`aws ec2 terminate-instances --cli-input-json '{"InstanceIds":["${I1}","${I2}"]}'`, { effect: 'destroy', targets: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I1}`, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/${I2}`] }],
  [`aws ec2 terminate-instances --cli-input-json '{"InstanceIds":["${I1}"],"DryRun":true}'`, { effect: 'read', rule: 'aws.dry-run' }],
  ['aws rds delete-db-instance --cli-input-json \'{"DBInstanceIdentifier":"main","SkipFinalSnapshot":true}\'', { effect: 'destroy', targets: [`arn:aws:rds:us-east-1:${ACCOUNT}:db:main`] }],
  ['aws ec2 terminate-instances --cli-input-json file://input.json', { effect: 'destroy', targets: ['aws://ec2/us-east-1/terminate-instances/*'], unresolved: ['value'], many: true, note: 'not seen' }],
  ['aws cloudformation delete-stack --cli-input-yaml file://in.yaml', { effect: 'destroy', many: true, note: 'file://in.yaml' }],
  ['aws ec2 describe-instances --cli-input-json file://filters.json', { effect: 'read', targets: [] }],
  ['aws route53 change-resource-record-sets --cli-input-json \'{"HostedZoneId":"Z9","ChangeBatch":{"Changes":[{"Action":"CREATE"}]}}\'', { effect: 'write', targets: ['arn:aws:route53:::hostedzone/Z9'] }],
  ['aws ec2 terminate-instances --cli-input-json "$INPUT"', { effect: 'destroy', many: true, note: 'run time' }],
];

/** Values only known at run time. */
const dynamicValues: Case[] = [
  ['aws ec2 terminate-instances --instance-ids $IDS', { effect: 'destroy', targets: ['aws://ec2/us-east-1/instance-ids/$IDS'], unresolved: ['value'], many: true }],
  ['aws ec2 terminate-instances --instance-ids "$ID"', { effect: 'destroy', unresolved: ['value'] }],
  ['aws $SERVICE delete-thing --id x', { effect: 'unknown', rule: 'aws.dynamic-service' }],
  ['aws ec2 $OP --instance-ids i-0123456789abcdef0', { effect: 'unknown', rule: 'aws.dynamic-operation' }],
  ['aws s3 $CMD s3://b/k', { effect: 'unknown', rule: 'aws.s3-unknown' }],
  ['aws dynamodb delete-table --table-name "$TABLE"', { effect: 'destroy', targets: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/$TABLE`], unresolved: ['value'] }],
  ['aws cloudformation delete-stack --stack-name "$STACK" --region "$REGION"', { effect: 'destroy', unresolved: ['value', 'region'] }],
];

/** Hand-written CLI commands outside s3. */
const customCases: Case[] = [
  ['aws cloudformation deploy --template-file t.yaml --stack-name api', { effect: 'write', operation: 'cloudformation deploy', rule: 'aws.custom', targets: [`arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/api/*`], changes: ['change'] }],
  ['aws cloudformation deploy --template-file t.yaml --stack-name api --no-execute-changeset', { effect: 'write', note: 'change set' }],
  ['aws cloudformation package --template-file t.yaml --s3-bucket artifacts --output-template-file out.yaml', { effect: 'write', targets: ['arn:aws:s3:::artifacts'] }],
  ['aws eks update-kubeconfig --name prod --region eu-west-1', { effect: 'write', recoverable: true, targets: [`arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod`, '/home/dev/.kube/config'], changes: ['read', 'change'] }],
  ['aws eks update-kubeconfig --name prod --kubeconfig /etc/kubernetes/admin.conf', { effect: 'write', recoverable: false }],
  ['aws eks update-kubeconfig --name prod', { effect: 'write', recoverable: true, targets: [`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`, '/home/dev/project/kube.yaml'] }, { KUBECONFIG: '/home/dev/project/kube.yaml' }],
  ['aws ecs deploy --service api --cluster prod --task-definition td.json --codedeploy-appspec appspec.yaml', { effect: 'write', targets: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/api`, `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`] }],
  ['aws deploy push --application-name app --s3-location s3://b/app.zip', { effect: 'write' }],
  ['aws deploy deregister --instance-name onprem1', { effect: 'destroy' }],
  ['aws configure', { effect: 'write', recoverable: false, targets: ['/home/dev/.aws/credentials', '/home/dev/.aws/config'] }],
  ['aws configure set region eu-west-1', { effect: 'write', recoverable: true, rule: 'aws.configure-set', targets: ['/home/dev/.aws/config'] }],
  ['aws configure set default.output json', { effect: 'write', recoverable: true }],
  ['aws configure set aws_secret_access_key abc --profile prod', { effect: 'write', recoverable: false, rule: 'aws.configure-set-credentials', targets: ['/home/dev/.aws/credentials'] }],
  ['aws configure set aws_access_key_id AKIA', { effect: 'write', recoverable: false, targets: ['/home/dev/project/creds'] }, { AWS_SHARED_CREDENTIALS_FILE: '/home/dev/project/creds' }],
  ['aws configure sso', { effect: 'write', recoverable: true }],
  ['aws configure import --csv file://creds.csv', { effect: 'write', recoverable: false }],
  ['aws configure export-credentials --profile dev', { effect: 'read' }],
  ['aws sso login --profile dev', { effect: 'write', recoverable: true }],
  ['aws codeartifact login --tool npm --domain d --repository r', { effect: 'write', recoverable: true }],
  ['aws emr terminate-clusters --cluster-ids j-1 j-2', { effect: 'destroy', targets: ['aws://emr/us-east-1/cluster-ids/j-1', 'aws://emr/us-east-1/cluster-ids/j-2'] }],
  ['aws emr ssh --cluster-id j-1 --key-pair-file k.pem --command "ls"', { effect: 'write' }],
  ['aws ddb select users', { effect: 'read', targets: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/users`] }],
  ['aws ddb put users \'{id: 1}\'', { effect: 'write' }],
  ['aws frobnicator do-thing', { effect: 'unknown', rule: 'aws.unknown-service' }],
  ['aws ec2 describe-shiny-new-thing', { effect: 'read', rule: 'aws.unknown-operation' }],
  ['aws ec2 obliterate-everything', { effect: 'unknown', rule: 'aws.unknown-operation' }],
  ['aws servicecatalog generate product --product-name p --product-owner o --product-type CLOUD_FORMATION_TEMPLATE --bucket-name b --file-path f', { effect: 'write' }],
];

const context: AnalysisContext = {
  ...testContext,
  aws: {
    account: ACCOUNT,
    region: 'us-east-1',
    profiles: {
      prod: { region: 'eu-west-1', account: '111122223333' },
      staging: { region: 'ap-southeast-2', account: '222233334444' },
    },
  },
};

const groups: Array<[string, Case[]]> = [
  ['benign reads', benignReads],
  ['help and usage', helpAndUsage],
  ['table', tableSpotChecks],
  ['overrides', overrides],
  ['s3 commands', s3Commands],
  ['global options', globalOptions],
  ['profile and region precedence', precedence],
  ['dry run and inputs', dryRunAndInputs],
  ['dynamic values', dynamicValues],
  ['custom commands', customCases],
];

for (const [group, cases] of groups) {
  for (const [line, want, env] of cases) {
    test(`${group}: ${line}${env ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`, () => {
      const ctx: AnalysisContext = env ? { ...context, env: { ...context.env, ...env } } : context;
      const actions = awsRules.analyze(simpleCommand(line), ctx);
      assert.equal(actions.length, 1);
      const [a] = actions;
      assert.equal(a.tool, 'aws');
      assert.equal(a.effect, want.effect, `effect (${a.rule}: ${a.notes.join('; ')})`);
      if (want.operation !== undefined) assert.equal(a.operation, want.operation);
      if (want.rule !== undefined) assert.equal(a.rule, want.rule);
      if (want.recoverable !== undefined) assert.equal(a.recoverable, want.recoverable);
      else if (a.effect !== 'read') assert.equal(a.recoverable, false, 'cloud changes are never recoverable');
      if (want.targets !== undefined) assert.deepEqual(a.targets.map((t) => t.id), want.targets);
      if (want.changes !== undefined) assert.deepEqual(a.targets.map((t) => t.change), want.changes);
      if (want.many !== undefined) assert.equal(a.targets.some((t) => t.many === true), want.many, 'many');
      if (want.unresolved !== undefined) {
        const all = new Set(a.targets.flatMap((t) => t.unresolved ?? []));
        for (const u of want.unresolved) assert.ok(all.has(u), `unresolved ${u} in ${JSON.stringify(a.targets)}`);
      }
      if (want.profile !== undefined) assert.equal(a.context.profile, want.profile);
      if (want.region !== undefined) assert.equal(a.context.region, want.region);
      if (want.account !== undefined) assert.equal(a.context.account, want.account ?? undefined);
      if (want.endpoint !== undefined) assert.equal(a.context.endpoint, want.endpoint);
      if (want.note !== undefined) assert.ok(a.notes.some((n) => n.includes(want.note!)), `note "${want.note}" in ${JSON.stringify(a.notes)}`);
      assert.equal(a.command, line);
      if (a.effect === 'read') assert.ok(a.targets.every((t) => t.change === 'read'), 'a read changes nothing');
    });
  }
}

test('the generated table covers every service and operation the CLI ships', () => {
  const facts = tableFacts();
  assert.match(facts.generated, /generate-aws-operations\.py/);
  assert.ok(facts.summary.services > 400, `services: ${facts.summary.services}`);
  assert.ok(facts.summary.operations > 10_000, `operations: ${facts.summary.operations}`);
  const ops = allOperations();
  assert.equal(ops.length, facts.summary.operations);
  const keys = new Set<string>();
  for (const op of ops) {
    assert.ok(['read', 'write', 'destroy'].includes(op.cls), `${op.service} ${op.operation}: ${op.cls}`);
    const key = `${op.service} ${op.operation}`;
    assert.ok(!keys.has(key), `one class per operation: ${key}`);
    keys.add(key);
  }
  assert.equal(facts.summary.read + facts.summary.write + facts.summary.destroy, facts.summary.operations);
});

test('the CLI renames services: s3 → s3api, codedeploy → deploy, config → configservice', () => {
  assert.ok(lookupOperation('s3api', 'delete-bucket'));
  assert.ok(lookupOperation('deploy', 'create-deployment'));
  assert.ok(lookupOperation('configservice', 'delete-config-rule'));
  assert.equal(lookupOperation('s3', 'delete-bucket'), undefined);
  assert.equal(lookupOperation('codedeploy', 'create-deployment'), undefined);
});

test('every override names an operation the table knows', () => {
  for (const key of Object.keys(OPERATION_OVERRIDES)) {
    const [service, operation] = key.split(' ');
    assert.ok(lookupOperation(service, operation), `override for unknown operation ${key}`);
  }
});

test('every custom command the CLI ships has a reviewed class', () => {
  for (const [service, command] of customCommands()) {
    if (command === 'wait') continue;
    assert.ok(CUSTOM_COMMANDS[`${service} ${command}`], `no class for custom command ${service} ${command}`);
  }
});

test('list flags give one target each, so the bulk threshold sees the count', () => {
  const ids = Array.from({ length: 25 }, (_, i) => `i-${(i + 1).toString(16).padStart(17, '0')}`);
  const [a] = awsRules.analyze(simpleCommand(`aws ec2 terminate-instances --instance-ids ${ids.join(' ')}`), context);
  assert.equal(a.targets.length, 25);
  assert.ok(a.targets.every((t) => t.change === 'destroy' && t.kind === 'ec2 instance'));
});

test('the command’s own assignments pick the profile', () => {
  const [a] = awsRules.analyze(simpleCommand('aws dynamodb delete-table --table-name t', { AWS_PROFILE: 'prod' }), context);
  assert.equal(a.context.profile, 'prod');
  assert.equal(a.context.region, 'eu-west-1');
  assert.deepEqual(a.targets.map((t) => t.id), ['arn:aws:dynamodb:eu-west-1:111122223333:table/t']);
});

test('without any account known, the ARN says * and marks the account unresolved', () => {
  const [a] = awsRules.analyze(simpleCommand('aws lambda delete-function --function-name f'), { cwd: '/w' });
  assert.equal(a.targets[0].id, 'arn:aws:lambda:*:*:function:f');
  assert.deepEqual(a.targets[0].unresolved, ['region', 'account']);
});

test('seen-through wrappers are kept in the notes', () => {
  const cmd = { ...simpleCommand('aws s3 rb s3://b --force'), via: ['sudo'] };
  const [a] = awsRules.analyze(cmd, context);
  assert.ok(a.notes.some((n) => n.includes('sudo')));
});

test('deleting a node group names its cluster without destroying it', () => {
  const [a] = awsRules.analyze(simpleCommand('aws eks delete-nodegroup --cluster-name prod --nodegroup-name ng1'), testContext);
  const byKind = Object.fromEntries(a.targets.map((t) => [t.id.includes(':cluster/') ? 'cluster' : 'nodegroup', t.change]));
  assert.deepEqual(byKind, { cluster: 'read', nodegroup: 'destroy' });
});
