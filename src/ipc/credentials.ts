/**
 * The credentials endpoint of the gate's socket: `POST /v1/credentials` with `{ "profile", "grant"? }`
 * answers the JSON the AWS CLI and SDKs expect from a credential_process (Version 1). Same bearer token
 * as every other path. Node built-ins only: bundled into dist/credential-process.js.
 */
import type { GateResult } from './client';
import { exchange } from './client';
import { GRANT_PATTERN } from './protocol';

export const CREDENTIALS_PATH = '/v1/credentials';

/** Profile names a generated config carries and the endpoint accepts: plain, so quoting is never an issue. */
export const PROFILE_NAME = /^[A-Za-z0-9_.@+=,-]{1,128}$/;

export interface CredentialsRequest {
  profile: string;
  /** The one-time grant an approved command presents (BLAST_RADIUS_GRANT). */
  grant?: string;
}

/** What credential_process prints: the AWS CLI's and SDKs' Version 1 format. */
export interface ProcessCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601. */
  Expiration: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function validateCredentialsRequest(value: unknown): CredentialsRequest | string {
  if (!isPlainObject(value)) return 'request: must be a JSON object';
  for (const key of Object.keys(value)) {
    if (key !== 'profile' && key !== 'grant') return `request: unknown field ${JSON.stringify(key.slice(0, 64))}`;
  }
  const { profile, grant } = value;
  if (typeof profile !== 'string' || !PROFILE_NAME.test(profile)) return 'profile: must be 1-128 letters, digits or _.@+=,-';
  if (grant === undefined) return { profile };
  if (typeof grant !== 'string' || !GRANT_PATTERN.test(grant)) return 'grant: malformed';
  return { profile, grant };
}

const KEY_ID = /^[A-Z0-9]{16,128}$/;

/** Checks the gate's answer before credential_process prints it: nothing half-formed reaches an SDK. */
export function validateProcessCredentials(value: unknown): ProcessCredentials | string {
  if (!isPlainObject(value)) return 'credentials: must be a JSON object';
  const { Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration } = value;
  if (Version !== 1) return 'Version: must be 1';
  if (typeof AccessKeyId !== 'string' || !KEY_ID.test(AccessKeyId)) return 'AccessKeyId: malformed';
  if (typeof SecretAccessKey !== 'string' || SecretAccessKey.length === 0 || SecretAccessKey.length > 1024) return 'SecretAccessKey: malformed';
  if (typeof SessionToken !== 'string' || SessionToken.length === 0 || SessionToken.length > 8192) return 'SessionToken: malformed';
  if (typeof Expiration !== 'string' || Number.isNaN(Date.parse(Expiration))) return 'Expiration: must be an ISO 8601 time';
  return { Version: 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration };
}

export type CredentialsResult = { kind: 'credentials'; credentials: ProcessCredentials } | Exclude<GateResult, { kind: 'answer' }>;

/** Asks the gate for a profile's credentials (presenting a grant when there is one). */
export async function requestCredentials(handle: string, token: string, request: CredentialsRequest, opts: { signal?: AbortSignal } = {}): Promise<CredentialsResult> {
  const reply = await exchange(handle, token, 'POST', CREDENTIALS_PATH, Buffer.from(JSON.stringify(request), 'utf8'), opts);
  if (reply.kind !== 'reply') return reply;
  if (reply.status !== 200) return { kind: 'rejected', status: reply.status, reason: reply.body.replace(/^blast-radius gate: /, '').trim().split('\n')[0].slice(0, 500) || 'no reason given' };
  let credentials: ProcessCredentials | string;
  try {
    credentials = validateProcessCredentials(JSON.parse(reply.body));
  } catch {
    credentials = 'not JSON';
  }
  if (typeof credentials === 'string') return { kind: 'rejected', status: 200, reason: `the gate's answer is malformed (${credentials})` };
  return { kind: 'credentials', credentials };
}
