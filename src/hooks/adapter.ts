/**
 * One agent's pre-tool hook protocol: how to read the JSON it sends on stdin, and how to write the answer
 * it expects. Adapters are pure (no I/O): src/hooks/run.ts reads stdin, asks the gate and writes.
 */
import * as path from 'node:path';
import { MAX_COMMAND_BYTES, MAX_PATH_BYTES } from '../ipc/protocol';
import type { HookDialect } from './adapters/dialect';

/** What the hook input says. */
export type HookInput =
  /** A shell command the agent is about to run: ask the gate. */
  | { kind: 'check'; commandLine: string; cwd: string; agent: string }
  /** A tool that runs no shell command (read a file, search, edit): Blast Radius has no opinion. */
  | { kind: 'pass'; reason: string }
  /**
   * Another product's input (it runs this hook from a file it shares, see src/hooks/adapters/dialect.ts):
   * no opinion, answered the way that product reads it.
   */
  | { kind: 'foreign'; dialect: HookDialect; reason: string }
  /** Input this adapter cannot read: the answer blocks the tool call (fail closed). */
  | { kind: 'malformed'; reason: string };

/** What to tell the agent. */
export type HookAnswer =
  /**
   * Nothing to object to (not a shell command, or the policy allows it). The agent's own permission
   * flow still applies: an allow from Blast Radius must not switch off the agent's own prompts.
   */
  | { kind: 'no-opinion' }
  /** A person approved it in the Blast Radius panel: allow, so they are not asked a second time. */
  | { kind: 'approved'; message: string }
  /** Denied, declined, timed out, frozen, unreadable, or nobody could be asked: the agent reads `message`. */
  | { kind: 'blocked'; message: string };

export interface HookOutput {
  stdout: string;
  exitCode: number;
}

export interface HookAdapter {
  /** The value of `blast-radius hook --agent`. */
  readonly name: string;
  /** The agent as the gate shows and records it. */
  readonly agent: string;
  /** The agent's own name for people, in messages. */
  readonly displayName: string;
  /** How long the agent lets a hook run by default, in seconds: past it the hook is killed and the call proceeds. */
  readonly defaultTimeoutSeconds: number;
  /** Where the protocol is documented. */
  readonly protocolUrl: string;
  parse(payload: unknown): HookInput;
  render(answer: HookAnswer): HookOutput;
}

/** JSON on one line, newline-terminated: the agents parse stdout as one JSON value. */
export function json(value: unknown, exitCode = 0): HookOutput {
  return { stdout: JSON.stringify(value) + '\n', exitCode };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The command string of a shell tool's input, or why it cannot be used. */
export function commandOf(field: string, v: unknown): string | { reason: string } {
  if (typeof v !== 'string') return { reason: `${field} is missing or not a string` };
  if (v.trim() === '') return { reason: `${field} is empty` };
  if (v.includes('\0')) return { reason: `${field} contains a NUL character` };
  if (Buffer.byteLength(v, 'utf8') > MAX_COMMAND_BYTES) return { reason: `${field} is longer than ${MAX_COMMAND_BYTES} bytes` };
  return v;
}

/** An absolute directory from the input, or why it cannot be used. Relative paths are never guessed at. */
export function directoryOf(field: string, v: unknown): string | { reason: string } {
  if (typeof v !== 'string' || v === '') return { reason: `${field} is missing or not a string` };
  if (v.includes('\0')) return { reason: `${field} contains a NUL character` };
  if (!path.isAbsolute(v)) return { reason: `${field} is not an absolute path` };
  if (Buffer.byteLength(v, 'utf8') > MAX_PATH_BYTES) return { reason: `${field} is longer than ${MAX_PATH_BYTES} bytes` };
  return v;
}

/** Builds the check from a command and a directory, each possibly a reason it could not be read. */
export function check(agent: string, command: string | { reason: string }, cwd: string | { reason: string }): HookInput {
  if (typeof command !== 'string') return { kind: 'malformed', reason: command.reason };
  if (typeof cwd !== 'string') return { kind: 'malformed', reason: cwd.reason };
  return { kind: 'check', commandLine: command, cwd, agent };
}

/** The event name, when the input carries one, must be the one the adapter speaks. */
export function wrongEvent(payload: Record<string, unknown>, field: string, expected: string): HookInput | undefined {
  const v = payload[field];
  if (v === undefined || v === expected) return undefined;
  return { kind: 'malformed', reason: `${field} is ${JSON.stringify(String(v).slice(0, 60))}, not ${expected} (the hook is installed on the wrong event)` };
}
