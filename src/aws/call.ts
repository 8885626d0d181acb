/**
 * One AWS API call made for an agent (the `aws_call` tools of the chat and the MCP server). The gate
 * judges it by the equivalent `aws` CLI line, which the core analyses like any terminal command; the
 * call itself goes through the bundled SDK v3 clients, loaded on first use, with exactly the parameters
 * that line shows. No vscode here: the MCP server runs it too.
 */
import { quoteForShell } from '../core/shell/wrappers';
import { sdkProfile } from '../preview/aws/job';
import type { AwsCallInput } from '../tools/definitions';
import { CLOUDFORMATION, DYNAMODB, EC2, ECS, EKS, IAM, KMS, LAMBDA, LOGS, RDS, ROUTE53, S3, SECRETS, SNS, SQS, STS, type AwsService } from '../preview/aws/clients';

export type { AwsCallInput } from '../tools/definitions';

/** The call cannot be made as asked (unknown service, operation or parameter). Nothing was sent. */
export class AwsCallInputError extends Error {
  override readonly name = 'AwsCallInputError';
}

/** AWS (or the SDK on its way there) answered with an error. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

type SdkModule = Record<string, unknown>;

interface BundledService {
  /** The CLI's service name, which the core's AWS rules read. */
  cli: string;
  /** Other names an agent may use for it. */
  aliases: string[];
  /** The bundled client: the same list the live previews use. */
  sdk: AwsService<unknown>;
}

const BUNDLED: readonly BundledService[] = [
  { cli: 's3api', aliases: ['s3'], sdk: S3 },
  { cli: 'sts', aliases: [], sdk: STS },
  { cli: 'cloudformation', aliases: [], sdk: CLOUDFORMATION },
  { cli: 'ec2', aliases: [], sdk: EC2 },
  { cli: 'rds', aliases: [], sdk: RDS },
  { cli: 'dynamodb', aliases: [], sdk: DYNAMODB },
  { cli: 'lambda', aliases: [], sdk: LAMBDA },
  { cli: 'iam', aliases: [], sdk: IAM },
  { cli: 'sqs', aliases: [], sdk: SQS },
  { cli: 'sns', aliases: [], sdk: SNS },
  { cli: 'kms', aliases: [], sdk: KMS },
  { cli: 'secretsmanager', aliases: ['secrets-manager'], sdk: SECRETS },
  { cli: 'logs', aliases: ['cloudwatch-logs', 'cloudwatchlogs'], sdk: LOGS },
  { cli: 'route53', aliases: ['route-53'], sdk: ROUTE53 },
  { cli: 'ecs', aliases: [], sdk: ECS },
  { cli: 'eks', aliases: [], sdk: EKS },
];

/** The services aws_call can reach, by their CLI names. */
export const AWS_CALL_SERVICES: readonly string[] = BUNDLED.map((s) => (s.cli === 's3api' ? 's3' : s.cli));

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function serviceFor(name: string): BundledService {
  const key = squash(name);
  const found = BUNDLED.find((s) => squash(s.cli) === key || s.aliases.some((a) => squash(a) === key));
  if (found) return found;
  throw new AwsCallInputError(
    `aws_call cannot call the service ${JSON.stringify(name.slice(0, 64))}: it reaches ${AWS_CALL_SERVICES.join(', ')}. ` +
      'For another service, use run_command with the aws CLI; Blast Radius checks it the same way.',
  );
}

/**
 * An API name as the CLI spells it (`DescribeDBInstances` → `describe-db-instances`, `logGroupName` →
 * `log-group-name`, `ListARNs` → `list-arns`), following the CLI's own conversion rules.
 */
export function cliName(name: string): string {
  if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) return name;
  let n = name.replace(/_/g, '-');
  // A plural of an acronym ends the name as one word: ARNs, ACLs.
  const plural = /[A-Z]{2,}s$/.exec(n);
  if (plural) n = `${n.slice(0, n.length - plural[0].length)}-${plural[0].toLowerCase()}`;
  n = n.replace(/(.)([A-Z][a-z]+)/g, '$1-$2').replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  return n.toLowerCase().replace(/-{2,}/g, '-');
}

/** Options of the aws CLI itself: as an operation's flag they would change how the line is read. */
const CLI_OPTIONS = new Set([
  'profile', 'region', 'endpoint-url', 'output', 'query', 'color', 'ca-bundle', 'cli-read-timeout', 'cli-connect-timeout',
  'cli-binary-format', 'cli-input-json', 'cli-input-yaml', 'starting-token', 'page-size', 'max-items', 'debug',
  'no-verify-ssl', 'no-paginate', 'no-sign-request', 'no-cli-pager', 'cli-auto-prompt', 'no-cli-auto-prompt',
  'version', 'v2-debug', 'generate-cli-skeleton', 'help',
]);

const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]*$|^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function checkNames(input: AwsCallInput): void {
  if (!OPERATION_NAME.test(input.operation)) {
    throw new AwsCallInputError(`the operation must be an API operation name such as DeleteBucket, not ${JSON.stringify(input.operation.slice(0, 64))}`);
  }
  for (const key of Object.keys(input.parameters ?? {})) {
    if (!PARAMETER_NAME.test(key)) throw new AwsCallInputError(`${JSON.stringify(key.slice(0, 64))} is not an API parameter name`);
    if (CLI_OPTIONS.has(cliName(key))) {
      throw new AwsCallInputError(`the parameter ${key} has the name of an aws CLI option (--${cliName(key)}); use run_command with the aws CLI for this call`);
    }
  }
  for (const [what, v] of [['profile', input.profile], ['region', input.region]] as const) {
    if (v !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.@+=,-]*$/.test(v)) throw new AwsCallInputError(`${what} ${JSON.stringify(v.slice(0, 64))} is not a valid name`);
  }
}

/** One parameter as CLI words: scalars as words, booleans as switches, structures and lists as JSON. */
function parameterWords(key: string, value: unknown): string[] {
  const flag = `--${cliName(key)}`;
  if (value === null || value === undefined) return [];
  if (typeof value === 'boolean') return [value ? flag : `--no-${cliName(key)}`];
  if (typeof value === 'number' || typeof value === 'bigint') return [flag, String(value)];
  if (typeof value === 'string') return value.startsWith('-') ? [`${flag}=${value}`] : [flag, value];
  return [flag, JSON.stringify(value)];
}

/**
 * The `aws` command line that does what this call does, for the gate to analyse and the person to
 * read: `{service: 's3', operation: 'DeleteBucket', parameters: {Bucket: 'x'}}` →
 * `aws s3api delete-bucket --bucket x`. Throws AwsCallInputError for what aws_call cannot call.
 */
export function awsCallCommandLine(input: AwsCallInput): string {
  const service = serviceFor(input.service);
  checkNames(input);
  const words = ['aws', service.cli, cliName(input.operation)];
  for (const [key, value] of Object.entries(input.parameters ?? {})) words.push(...parameterWords(key, value));
  if (input.profile !== undefined) words.push('--profile', input.profile);
  if (input.region !== undefined) words.push('--region', input.region);
  return words.map(quoteForShell).join(' ');
}

interface ResolvedCall {
  service: BundledService;
  module: SdkModule;
  /** `DeleteBucket`, as the SDK names it. */
  operation: string;
  Command: new (input: Record<string, unknown>) => object;
}

const commandIndex = new WeakMap<SdkModule, Map<string, string>>();

/** The module's `…Command` exports by squashed operation name (`deletebucket` → `DeleteBucket`). */
function commandsOf(module: SdkModule): Map<string, string> {
  let index = commandIndex.get(module);
  if (!index) {
    index = new Map();
    for (const name of Object.keys(module)) {
      if (name.length > 7 && name.endsWith('Command') && typeof module[name] === 'function') index.set(squash(name.slice(0, -7)), name.slice(0, -7));
    }
    commandIndex.set(module, index);
  }
  return index;
}

async function resolveCall(input: AwsCallInput): Promise<ResolvedCall> {
  const service = serviceFor(input.service);
  checkNames(input);
  const module = await service.sdk.module();
  const operation = commandsOf(module).get(squash(input.operation));
  if (!operation) {
    throw new AwsCallInputError(`${service.cli === 's3api' ? 's3' : service.cli} has no API operation ${JSON.stringify(input.operation)} in the bundled AWS SDK; name it as the API reference does, e.g. DeleteBucket`);
  }
  const Command = module[`${operation}Command`] as ResolvedCall['Command'];
  return { service, module, operation, Command };
}

/**
 * The operation's input members as the SDK's schema lists them, and how many of the first ones are
 * required; undefined when the schema does not have the expected shape.
 */
function inputMembers(command: object): { names: string[]; required: number } | undefined {
  const schema = (command as { schema?: unknown }).schema;
  if (!Array.isArray(schema)) return undefined;
  const raw: unknown = typeof schema[4] === 'function' ? (schema[4] as () => unknown)() : schema[4];
  if (!Array.isArray(raw) || raw[0] !== 3 || !Array.isArray(raw[4]) || !raw[4].every((n) => typeof n === 'string')) return undefined;
  const required = typeof raw[6] === 'number' ? raw[6] : 0;
  return { names: raw[4] as string[], required };
}

/**
 * Every parameter must be one the operation has: the SDK silently drops unknown members, and then the
 * call would do something other than the line the person approved (a misspelt `DryRun` would still
 * delete). When the schema cannot be read, nothing is sent.
 */
function checkParameters(call: ResolvedCall, parameters: Record<string, unknown>): void {
  const members = inputMembers(new call.Command({}));
  const label = `${call.service.cli === 's3api' ? 's3' : call.service.cli} ${call.operation}`;
  if (!members) throw new AwsCallInputError(`the parameters of ${label} cannot be checked with this SDK build, so the call is not made`);
  const known = new Set(members.names);
  for (const key of Object.keys(parameters)) {
    if (known.has(key)) continue;
    const near = members.names.find((m) => m.toLowerCase() === key.toLowerCase());
    throw new AwsCallInputError(
      `${label} has no parameter ${key}${near ? `; did you mean ${near}?` : `. Its parameters: ${members.names.join(', ') || 'none'}`}`,
    );
  }
  const missing = members.names.slice(0, members.required).filter((m) => parameters[m] === undefined || parameters[m] === null);
  if (missing.length > 0) throw new AwsCallInputError(`${label} needs ${missing.join(', ')}`);
}

/**
 * Checks what can be checked before anyone is asked: the service, the operation and the parameter
 * names (loads the service's SDK module). Throws AwsCallInputError.
 */
export async function validateAwsCall(input: AwsCallInput): Promise<void> {
  const call = await resolveCall(input);
  checkParameters(call, input.parameters ?? {});
}

export interface AwsCallOptions {
  signal?: AbortSignal;
  /** The environment the call runs for: profile, region and endpoint variables (AWS_ENDPOINT_URL[_<SERVICE>]). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where the credentials come from instead of the SDK's default chain (scoped mode: the gate, see
   * src/aws/scoped/agent-env.ts gateCredentials), given the profile the call is for.
   */
  credentials?: (profile: string | undefined) => () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;
  /** Upper bound on the response text, in characters. Default 50,000. */
  maxChars?: number;
  /** Upper bound on a streamed or binary response body, in bytes. Default 64 KiB. */
  maxBodyBytes?: number;
}

export interface AwsCallResult {
  /** `s3 DeleteBucket`. */
  call: string;
  /** The response without the SDK's `$metadata`, bodies read (bounded), binary as base64. */
  output: unknown;
  /** `output` as indented JSON, cut at maxChars. */
  text: string;
  truncated: boolean;
}

const DEFAULT_MAX_CHARS = 50_000;
const DEFAULT_MAX_BODY = 64 * 1024;

/**
 * Makes the call with the SDK's default credential chain for the profile (config and credential files,
 * SSO, the process's environment). The caller has already had it approved by the gate.
 */
export async function executeAwsCall(input: AwsCallInput, options: AwsCallOptions | AbortSignal = {}): Promise<AwsCallResult> {
  // A bare signal is accepted too (the MCP server's shape).
  const opts: AwsCallOptions = options instanceof AbortSignal ? { signal: options } : options;
  const env = opts.env ?? process.env;
  const call = await resolveCall(input);
  const parameters = input.parameters ?? {};
  checkParameters(call, parameters);
  const label = `${call.service.cli === 's3api' ? 's3' : call.service.cli} ${call.operation}`;

  const Client = call.module[call.service.sdk.clientName] as new (config: Record<string, unknown>) => { send(c: object, o?: object): Promise<unknown>; destroy(): void };
  const endpoint = env[`AWS_ENDPOINT_URL_${call.service.sdk.envSuffix}`] ?? env.AWS_ENDPOINT_URL;
  const region = input.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const profile = sdkProfile(input.profile ?? env.AWS_PROFILE);
  const config: Record<string, unknown> = {
    // One approved call is one request: a retried mutation could act twice.
    maxAttempts: /^(Describe|List|Get|Head)/.test(call.operation) ? 3 : 1,
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials(input.profile ?? env.AWS_PROFILE) } : {}),
    ...(call.service.sdk.options?.({ region, profile, endpoint }) ?? {}),
  };
  const client = new Client(config);
  try {
    let response: unknown;
    try {
      response = await client.send(new call.Command({ ...parameters }), opts.signal ? { abortSignal: opts.signal } : {});
    } catch (e) {
      if (opts.signal?.aborted) throw new AwsCallError(`${label} was cancelled`, 'Aborted');
      const err = e as { name?: unknown; Code?: unknown; message?: unknown };
      const code = typeof err.name === 'string' ? err.name : typeof err.Code === 'string' ? err.Code : undefined;
      const message = typeof err.message === 'string' ? err.message : String(e);
      const who = code === 'CredentialsProviderError' ? ` (as ${profile ? `profile ${profile}` : 'the default credentials'})` : '';
      throw new AwsCallError(`${label} failed${who}: ${code && code !== 'Error' ? `${code}: ` : ''}${message}`, code);
    }
    const output = await plainOutput(response, opts.maxBodyBytes ?? DEFAULT_MAX_BODY);
    const json = JSON.stringify(output ?? {}, null, 2);
    const max = opts.maxChars ?? DEFAULT_MAX_CHARS;
    const truncated = json.length > max;
    const text = truncated ? `${json.slice(0, max)}\n… (response cut at ${max.toLocaleString('en-US')} of ${json.length.toLocaleString('en-US')} characters)` : json;
    return { call: label, output, text, truncated };
  } finally {
    client.destroy();
  }
}

/** The response as plain JSON data: `$metadata` dropped, streams and bytes read up to a bound. */
async function plainOutput(value: unknown, maxBytes: number, depth = 0): Promise<unknown> {
  if (value === null || value === undefined || typeof value !== 'object') return value;
  if (depth > 64) return '(nested too deep)';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return bytesView(value, value.length, maxBytes);
  if (isStream(value)) return readStream(value, maxBytes);
  if (Array.isArray(value)) return Promise.all(value.map((v) => plainOutput(v, maxBytes, depth + 1)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$metadata' || typeof v === 'function') continue;
    out[k] = await plainOutput(v, maxBytes, depth + 1);
  }
  return out;
}

function isStream(v: object): v is AsyncIterable<unknown> & { destroy?: () => void } {
  return typeof (v as { pipe?: unknown }).pipe === 'function' && Symbol.asyncIterator in v;
}

async function readStream(stream: AsyncIterable<unknown> & { destroy?: () => void }, maxBytes: number): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let more = false;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    chunks.push(bytes);
    total += bytes.length;
    if (total > maxBytes) {
      more = true;
      break;
    }
  }
  stream.destroy?.();
  const all = Buffer.concat(chunks);
  return bytesView(all, more ? undefined : all.length, maxBytes);
}

/** UTF-8 text when the bytes are text, base64 otherwise; at most maxBytes of them. */
function bytesView(bytes: Uint8Array, length: number | undefined, maxBytes: number): Record<string, unknown> {
  const shown = bytes.subarray(0, maxBytes);
  const cut = bytes.length > maxBytes || length === undefined;
  const size = length === undefined ? { bytesRead: shown.length, more: true } : { bytes: length };
  // A cut may split the last character: allow up to three bytes of it to go.
  const maxDrop = cut ? Math.min(3, shown.length) : 0;
  for (let drop = 0; drop <= maxDrop; drop++) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(shown.subarray(0, shown.length - drop));
      return { ...size, text, ...(cut ? { truncated: true } : {}) };
    } catch {
      // not text, or cut inside a character
    }
  }
  return { ...size, base64: Buffer.from(shown).toString('base64'), ...(cut ? { truncated: true } : {}) };
}
