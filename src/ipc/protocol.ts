/**
 * The gate's wire protocol, defined once: the server, the shim client and the tests import it.
 * HTTP/1.1 over a Unix socket (a named pipe on Windows), bearer token, two request encodings.
 * Everything that crosses the socket is checked here at run time; types alone prove nothing about bytes.
 * No imports beyond types: this file is bundled into the shim client, whose start-up time matters.
 */
import type { CheckRequest, CheckResponse, ClientKind, DecidedBy } from '../gate/types';

export const CHECK_PATH = '/v1/check';
export const HEALTH_PATH = '/v1/health';

export const JSON_TYPE = 'application/json';
/** The NUL-separated encoding a sh shim can build with printf and send with curl. */
export const ARGV_TYPE = 'application/x-blast-radius-argv';
export const PLAIN_TYPE = 'text/plain; charset=utf-8';
export const ARGV_VERSION = 'v1';

export const MAX_BODY_BYTES = 1024 * 1024;
/** A command line, or a tool and its argv counted as the bytes exec would receive. */
export const MAX_COMMAND_BYTES = 512 * 1024;
export const MAX_PATH_BYTES = 4096;
export const MAX_ENV_ENTRIES = 1024;
export const MAX_ENV_NAME_BYTES = 256;
export const MAX_ENV_VALUE_BYTES = 64 * 1024;

/** The variables the extension sets in every integrated terminal (environmentVariableCollection). */
export const TerminalEnv = {
  /** Socket path or pipe name. */
  handle: 'BLAST_RADIUS_IPC',
  token: 'BLAST_RADIUS_TOKEN',
  /** VS Code's own node binary; run it with ELECTRON_RUN_AS_NODE=1 for that one invocation only. */
  node: 'BLAST_RADIUS_NODE',
  /** Path of dist/shim-client.js. */
  client: 'BLAST_RADIUS_CLIENT',
  shims: 'BLAST_RADIUS_SHIMS',
} as const;

const CLIENT_KINDS: readonly ClientKind[] = ['shim', 'hook', 'tool', 'cli'];
const OUTCOMES: readonly CheckResponse['outcome'][] = ['run', 'blocked'];
const VERDICTS: readonly CheckResponse['verdict'][] = ['allow', 'ask', 'deny'];
const DECIDED_BY: readonly DecidedBy[] = ['policy', 'person', 'timeout', 'freeze', 'circuit-breaker', 'withdrawn', 'human-terminal', 'no-gate'];
const REQUEST_FIELDS = new Set(['client', 'commandLine', 'tool', 'argv', 'cwd', 'env', 'pid', 'agent']);
/** A one-time credentials grant (src/aws/scoped/grants.ts): base64url, so a sh shim can carry it as is. */
export const GRANT_PATTERN = /^[A-Za-z0-9_-]{32,64}$/;
/** An agent's name as a hook or tool reports it: short and plain, since it is shown and recorded. */
export const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/;

/**
 * Portable environment names. `(`, `)` and `.` occur on Windows (`ProgramFiles(x86)`) and in some tools'
 * variables; `=` and NUL can never be part of a name.
 */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.()-]*$/;

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A NUL would make the argv encoding ambiguous and is cut short by every exec: never accepted. */
function checkText(field: string, v: unknown, maxBytes: number, allowEmpty = true): string | undefined {
  if (typeof v !== 'string') return `${field}: must be a string`;
  if (!allowEmpty && v.length === 0) return `${field}: must not be empty`;
  if (v.includes('\0')) return `${field}: must not contain NUL`;
  if (byteLength(v) > maxBytes) return `${field}: longer than ${maxBytes} bytes`;
  return undefined;
}

function isAbsolutePath(p: string): boolean {
  // The client runs on the gate's machine, so the gate's platform decides what absolute means.
  if (process.platform === 'win32') return /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]{2}[^\\/]/.test(p);
  return p.startsWith('/');
}

function validateEnv(v: unknown): Record<string, string> | string {
  if (!isPlainObject(v)) return 'env: must be an object of strings';
  const names = Object.keys(v);
  if (names.length > MAX_ENV_ENTRIES) return `env: more than ${MAX_ENV_ENTRIES} entries`;
  const entries: Array<[string, string]> = [];
  for (const name of names) {
    if (byteLength(name) > MAX_ENV_NAME_BYTES) return `env: a name is longer than ${MAX_ENV_NAME_BYTES} bytes`;
    if (!ENV_NAME.test(name)) return `env: ${JSON.stringify(name)} is not a valid variable name`;
    const problem = checkText(`env.${name}`, v[name], MAX_ENV_VALUE_BYTES);
    if (problem) return problem;
    entries.push([name, v[name] as string]);
  }
  // fromEntries defines own properties, so a variable named __proto__ stays a variable.
  return Object.fromEntries(entries);
}

/**
 * Checks an untrusted value field by field and returns a fresh CheckRequest holding only what was
 * checked, or the reason it was refused (one line, safe to send back as a 400 body).
 */
export function validateCheckRequest(value: unknown): CheckRequest | string {
  if (!isPlainObject(value)) return 'request: must be a JSON object';
  for (const key of Object.keys(value)) {
    if (!REQUEST_FIELDS.has(key)) return `request: unknown field ${JSON.stringify(key.slice(0, 64))}`;
  }
  const { client, commandLine, tool, argv, cwd, env, pid, agent } = value;

  if (typeof client !== 'string' || !CLIENT_KINDS.includes(client as ClientKind)) {
    return `client: must be one of ${CLIENT_KINDS.join(', ')}`;
  }
  const cwdProblem = checkText('cwd', cwd, MAX_PATH_BYTES, false);
  if (cwdProblem) return cwdProblem;
  if (!isAbsolutePath(cwd as string)) return 'cwd: must be an absolute path';

  const request: CheckRequest = { client: client as ClientKind, cwd: cwd as string, env: {} };
  const hasLine = commandLine !== undefined;
  const hasArgv = tool !== undefined || argv !== undefined;
  if (hasLine === hasArgv) return 'request: give exactly one of commandLine, or tool with argv';

  if (hasLine) {
    const problem = checkText('commandLine', commandLine, MAX_COMMAND_BYTES, false);
    if (problem) return problem;
    request.commandLine = commandLine as string;
  } else {
    if (tool === undefined) return 'tool: required with argv';
    if (argv === undefined) return 'argv: required with tool';
    const toolProblem = checkText('tool', tool, MAX_PATH_BYTES, false);
    if (toolProblem) return toolProblem;
    if (!Array.isArray(argv)) return 'argv: must be an array of strings';
    // Counted as exec counts: each argument plus its terminating NUL.
    let total = byteLength(tool as string) + 1;
    for (let i = 0; i < argv.length; i++) {
      const problem = checkText(`argv[${i}]`, argv[i], MAX_COMMAND_BYTES);
      if (problem) return problem;
      total += byteLength(argv[i] as string) + 1;
      if (total > MAX_COMMAND_BYTES) return `argv: longer than ${MAX_COMMAND_BYTES} bytes in all`;
    }
    request.tool = tool as string;
    request.argv = [...(argv as string[])];
  }

  if (env === undefined) return 'env: required (an empty object when there is nothing to say)';
  const checkedEnv = validateEnv(env);
  if (typeof checkedEnv === 'string') return checkedEnv;
  request.env = checkedEnv;

  if (pid !== undefined) {
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return 'pid: must be a positive integer';
    request.pid = pid;
  }
  if (agent !== undefined) {
    // A shim's agent comes from its terminal's markers; only hooks and tools name theirs.
    if (request.client !== 'hook' && request.client !== 'tool') return 'agent: only hook and tool clients name their agent';
    if (typeof agent !== 'string' || !AGENT_NAME.test(agent)) return 'agent: must be 1-40 letters, digits, spaces, dots, dashes or underscores';
    request.agent = agent;
  }
  return request;
}

/**
 * Checks a gate's answer. Fields this version does not know are dropped rather than refused: a shim in
 * a terminal opened before an update may talk to a newer gate, and an extra field cannot make it run.
 */
export function validateCheckResponse(value: unknown): CheckResponse | string {
  if (!isPlainObject(value)) return 'response: must be a JSON object';
  const { requestId, outcome, verdict, decidedBy, message } = value;
  const idProblem = checkText('requestId', requestId, 256);
  if (idProblem) return idProblem;
  if (!OUTCOMES.includes(outcome as CheckResponse['outcome'])) return `outcome: must be one of ${OUTCOMES.join(', ')}`;
  if (!VERDICTS.includes(verdict as CheckResponse['verdict'])) return `verdict: must be one of ${VERDICTS.join(', ')}`;
  if (!DECIDED_BY.includes(decidedBy as DecidedBy)) return `decidedBy: must be one of ${DECIDED_BY.join(', ')}`;
  if (typeof message !== 'string') return 'message: must be a string';
  // A malformed grant is dropped: the command then runs without elevation, never with more.
  const grant = outcome === 'run' && typeof value.grant === 'string' && GRANT_PATTERN.test(value.grant) ? value.grant : undefined;
  return {
    requestId: requestId as string,
    outcome: outcome as CheckResponse['outcome'],
    verdict: verdict as CheckResponse['verdict'],
    decidedBy: decidedBy as DecidedBy,
    message,
    ...(grant !== undefined ? { grant } : {}),
  };
}

/** What a shim sends in the argv encoding. */
export interface ArgvFields {
  cwd: string;
  tool: string;
  argv: readonly string[];
  env?: Readonly<Record<string, string>>;
}

/**
 * `v1 NUL cwd NUL tool NUL argc NUL arg1 NUL … argN NUL` then `KEY=VALUE NUL` per variable, UTF-8.
 * Throws on a value the encoding cannot carry (a NUL anywhere, `=` in a name): a caller bug, not input.
 */
export function encodeArgv(fields: ArgvFields): Buffer {
  const parts = [ARGV_VERSION, fields.cwd, fields.tool, String(fields.argv.length), ...fields.argv];
  for (const [name, value] of Object.entries(fields.env ?? {})) {
    if (name.length === 0 || name.includes('=')) throw new Error(`encodeArgv: ${JSON.stringify(name)} cannot be an environment name`);
    parts.push(`${name}=${value}`);
  }
  for (const p of parts) {
    if (p.includes('\0')) throw new Error('encodeArgv: a field contains NUL, which the encoding cannot carry');
  }
  return Buffer.from(parts.map((p) => `${p}\0`).join(''), 'utf8');
}

const ARGC = /^(0|[1-9][0-9]{0,6})$/;

/**
 * Decodes the argv encoding into a validated CheckRequest from a shim, or says why it cannot.
 * Bytes that are not UTF-8 are refused rather than replaced: the gate must judge the words that will run.
 * Empty fields after the arguments are ignored (a shim's printf may leave some); a repeated variable is
 * refused, since the gate and the program could read different copies.
 */
export function decodeArgv(body: Buffer): CheckRequest | string {
  if (body.length === 0) return 'body: empty';
  if (body.length > MAX_BODY_BYTES) return `body: longer than ${MAX_BODY_BYTES} bytes`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return 'body: not valid UTF-8';
  }
  const fields = text.split('\0');
  if (fields.pop() !== '') return 'body: every field must end with NUL';
  const [version, cwd, tool, argc] = fields;
  if (version !== ARGV_VERSION) return `version: expected ${ARGV_VERSION}`;
  if (cwd === undefined || tool === undefined || argc === undefined) return 'body: missing cwd, tool or argc';
  if (!ARGC.test(argc)) return 'argc: must be a decimal count';
  const count = Number(argc);
  if (fields.length < 4 + count) return `argc: says ${count} arguments, the body has ${fields.length - 4}`;
  const argv = fields.slice(4, 4 + count);

  const env = new Map<string, string>();
  for (const entry of fields.slice(4 + count)) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) return 'env: an entry is not NAME=VALUE';
    const name = entry.slice(0, eq);
    if (env.has(name)) return `env: ${JSON.stringify(name.slice(0, 64))} given twice`;
    env.set(name, entry.slice(eq + 1));
  }
  return validateCheckRequest({ client: 'shim', cwd, tool, argv, env: Object.fromEntries(env) });
}

/**
 * Characters a terminal would act on: C0 controls except tab and newline, DEL, C1 controls.
 * The message quotes agent-written text and a shim copies it to a terminal's stderr.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `run` or `blocked` on the first line, then the message, for a shim that reads it with sh. A run with
 * a one-time credentials grant has `grant=<id>` on the second line (the shim exports it), then the message.
 */
export function renderPlain(response: Pick<CheckResponse, 'outcome' | 'message' | 'grant'>): string {
  const message = response.message.replace(/\r\n/g, '\n').replace(TERMINAL_CONTROLS, '');
  const grant = response.outcome === 'run' && response.grant !== undefined && GRANT_PATTERN.test(response.grant) ? `grant=${response.grant}\n` : '';
  return `${response.outcome}\n${grant}${message}`;
}

export interface PlainAnswer {
  outcome: CheckResponse['outcome'];
  message: string;
  grant?: string;
}

export function parsePlain(text: string): PlainAnswer | string {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  if (first !== 'run' && first !== 'blocked') return 'answer: first line must be run or blocked';
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  const grant = first === 'run' ? /^grant=([A-Za-z0-9_-]{32,64})(?:\n|$)/.exec(rest) : null;
  if (grant) return { outcome: first, message: rest.slice(grant[0].length), grant: grant[1] };
  return { outcome: first, message: rest };
}

/** Whether the client asked for the plain answer: text/plain named before (or without) application/json. */
export function wantsPlain(accept: string | undefined): boolean {
  if (!accept) return false;
  for (const part of accept.split(',')) {
    const type = part.split(';')[0].trim().toLowerCase();
    if (type === 'text/plain') return true;
    if (type === JSON_TYPE) return false;
  }
  return false;
}

/** The media type of a Content-Type header, without parameters, lower case. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}
