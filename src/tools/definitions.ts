/**
 * The two gated tools every agent integration offers — the MCP server and VS Code's chat tools — with
 * one name, description and JSON input schema each, so an agent meets the same tool wherever it runs.
 * The chat tools' `languageModelTools` entries in package.json carry the same schemas (a test compares).
 */

/** A JSON Schema object, as MCP `tools/list` and `languageModelTools.inputSchema` take it. */
export interface JsonSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
}

export interface ToolDefinition {
  name: string;
  /** Shown in tool lists. */
  title: string;
  /** Read by the model: what the tool does and how the gate treats a call. */
  description: string;
  inputSchema: JsonSchema;
}

const GATED =
  'Blast Radius checks every call first: read-only and local, easily redone work runs at once; changes to shared or cloud ' +
  'state and anything destructive wait until a person approves them in VS Code, after seeing what would be hit. ' +
  'If a call is blocked, do not retry it or reach the same result another way: stop and ask the user.';

export const RUN_COMMAND: ToolDefinition = {
  name: 'run_command',
  title: 'Run a command (checked by Blast Radius)',
  description:
    `Runs one shell command line with bash in a working directory and returns its exit code, stdout and stderr (long output keeps its head and tail). ${GATED}`,
  inputSchema: {
    type: 'object',
    properties: {
      command: { type: 'string', minLength: 1, description: 'The command line, as typed in a bash terminal (pipes, && and quotes allowed).' },
      cwd: { type: 'string', description: 'Absolute path of the directory to run it in. Default: the workspace folder (the MCP server’s working directory).' },
    },
    required: ['command'],
    additionalProperties: false,
  },
};

export const AWS_CALL: ToolDefinition = {
  name: 'aws_call',
  title: 'Call an AWS API (checked by Blast Radius)',
  description:
    'Calls one AWS API operation with the AWS SDK, as the given profile and region, and returns its JSON response. ' +
    `Use it instead of the AWS CLI for single API calls. ${GATED}`,
  inputSchema: {
    type: 'object',
    properties: {
      service: { type: 'string', minLength: 1, description: 'The service, as the AWS CLI names it: s3, ec2, iam, rds, lambda, cloudformation, dynamodb, ...' },
      operation: { type: 'string', minLength: 1, description: 'The API operation in PascalCase, e.g. ListBuckets, DescribeInstances, DeleteBucket.' },
      parameters: { type: 'object', description: 'The operation’s input as the API defines it, e.g. {"Bucket": "my-bucket"}. Default: {}.' },
      profile: { type: 'string', description: 'A profile from ~/.aws/config. Default: AWS_PROFILE, else the default profile.' },
      region: { type: 'string', description: 'The region, e.g. eu-west-1. Default: AWS_REGION, else the profile’s region.' },
    },
    required: ['service', 'operation'],
    additionalProperties: false,
  },
};

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [RUN_COMMAND, AWS_CALL];

export interface RunCommandInput {
  command: string;
  cwd?: string;
}

export interface AwsCallInput {
  service: string;
  operation: string;
  parameters?: Record<string, unknown>;
  profile?: string;
  region?: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(v: Record<string, unknown>, schema: JsonSchema): string | undefined {
  const extra = Object.keys(v).find((k) => !(k in schema.properties));
  return extra === undefined ? undefined : `unknown argument ${JSON.stringify(extra.slice(0, 64))}`;
}

function text(v: Record<string, unknown>, key: string, required: boolean): string | undefined | { problem: string } {
  const x = v[key];
  if (x === undefined && !required) return undefined;
  if (typeof x !== 'string' || (required && x.length === 0)) return { problem: `${key} must be ${required ? 'a non-empty' : 'a'} string` };
  if (x.includes('\0')) return { problem: `${key} must not contain NUL` };
  return x;
}

/** The checked arguments of a run_command call, or why they are refused. */
export function parseRunCommandInput(v: unknown): RunCommandInput | string {
  if (!isPlainObject(v)) return 'the arguments must be an object';
  const extra = unknownKeys(v, RUN_COMMAND.inputSchema);
  if (extra) return extra;
  const command = text(v, 'command', true);
  const cwd = text(v, 'cwd', false);
  for (const x of [command, cwd]) if (typeof x === 'object') return x.problem;
  return cwd === undefined ? { command: command as string } : { command: command as string, cwd: cwd as string };
}

/** The checked arguments of an aws_call call, or why they are refused. */
export function parseAwsCallInput(v: unknown): AwsCallInput | string {
  if (!isPlainObject(v)) return 'the arguments must be an object';
  const extra = unknownKeys(v, AWS_CALL.inputSchema);
  if (extra) return extra;
  const out: AwsCallInput = { service: '', operation: '' };
  for (const [key, required] of [['service', true], ['operation', true], ['profile', false], ['region', false]] as const) {
    const x = text(v, key, required);
    if (typeof x === 'object') return x.problem;
    if (x !== undefined) out[key] = x;
  }
  if (v.parameters !== undefined) {
    if (!isPlainObject(v.parameters)) return 'parameters must be an object';
    out.parameters = v.parameters;
  }
  return out;
}
