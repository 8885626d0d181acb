/** SDK errors as lines a person can act on: unreachable endpoint, no credentials, access denied, timed out. */
import type { AwsJob } from './job';

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function codeOf(err: unknown): string {
  const e = (err ?? {}) as SdkError;
  return e.Code ?? e.name ?? e.code ?? 'Error';
}

/** The resource does not exist: the command would fail on it, which is a fact, not a failed preview. */
export function isNotFound(err: unknown): boolean {
  const e = (err ?? {}) as SdkError;
  const text = `${codeOf(err)} ${e.message ?? ''}`;
  return /NotFound|NoSuch|does not exist|DoesNotExist|NonExistent|not found/i.test(text) && !/AccessDenied|Unauthorized/i.test(text);
}

/** A network failure: nothing answered at the endpoint. */
function unreachable(err: unknown): string | undefined {
  for (let e = err as SdkError | undefined, depth = 0; e && depth < 4; e = e.cause as SdkError | undefined, depth++) {
    const code = e.code ?? '';
    if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|UND_ERR_SOCKET)$/.test(code)) {
      return e.message ?? code;
    }
    if (e.name === 'TimeoutError' && !/abort/i.test(e.message ?? '')) return e.message ?? 'no answer';
  }
  return undefined;
}

/**
 * `could not read the stack prod-api: AccessDenied`. `what` names the resource (`the stack prod-api`);
 * `where` names the endpoint for the unreachable case.
 */
export function failureMessage(job: AwsJob, err: unknown, what: string, where: string): string {
  if (job.signal.aborted) return `could not read ${what}: timed out after ${job.elapsed()} s`;
  const e = (err ?? {}) as SdkError;
  const net = unreachable(err);
  if (net) return `could not reach AWS at ${where}: ${net}`;
  const code = codeOf(err);
  if (code === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(e.message ?? '') && code !== 'AccessDenied') {
    // Keys exported in the agent's terminal are deliberately not sent to the gate; say so, or it reads as if the agent had no access.
    return `could not read ${what}: VS Code has no AWS credentials for ${job.profile ? `profile ${job.profile}` : 'the default profile'} (keys exported only in the agent's terminal are not sent to Blast Radius; configure the profile in ~/.aws to get live previews)`;
  }
  if (/Region is missing/i.test(e.message ?? '')) return `could not read ${what}: no region (give --region or set AWS_REGION)`;
  const detail = e.message && e.message !== code && !/^UnknownError$/.test(e.message) ? ` (${e.message.split('\n')[0].slice(0, 200)})` : '';
  return `could not read ${what}: ${code}${detail}`;
}

/** Run one read; on error record a failure line and return undefined. Not-found errors are rethrown to the caller's handler when `notFound` is given. */
export async function attempt<T>(
  job: AwsJob,
  what: string,
  where: string,
  target: string | undefined,
  call: () => Promise<T>,
  notFound?: (err: unknown) => void,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (notFound && !job.signal.aborted && isNotFound(err)) {
      notFound(err);
      return undefined;
    }
    job.fail(failureMessage(job, err, what, where), target);
    return undefined;
  }
}
