/**
 * The gate's vocabulary, shared by the IPC layer, the shims, the approval UI and the audit log.
 * No vscode here: the gate runs headless in tests with a scripted approver.
 */
import type { Analysis, Decision, Verdict } from '../core';
import type { Preview } from '../core/preview';
import type { ResourceState } from '../preview/state-documents';

/** Which kind of client asked. */
export type ClientKind = 'shim' | 'hook' | 'tool' | 'cli';

/** What a client asks the gate: one command, where and as whom it would run. */
export interface CheckRequest {
  client: ClientKind;
  /** The whole command line (hooks, chat tools), or the program and its argv (shims). */
  commandLine?: string;
  tool?: string;
  argv?: string[];
  cwd: string;
  /** The environment the command would run with, filtered to what matters (AWS_*, KUBECONFIG, agent markers, …). */
  env: Record<string, string>;
  /** The waiting process, for the record. */
  pid?: number;
  /**
   * The agent that asked, when the client knows it (a hook is installed for one agent; a chat or MCP
   * tool knows its caller). Shims leave it out: their agent is read from the terminal's markers.
   */
  agent?: string;
}

/** Who or what made the final call. */
export type DecidedBy = 'policy' | 'person' | 'timeout' | 'freeze' | 'circuit-breaker' | 'withdrawn' | 'human-terminal' | 'no-gate';

export interface CheckResponse {
  requestId: string;
  /** Whether the command may run now. */
  outcome: 'run' | 'blocked';
  /** What the policy said before any person was asked. */
  verdict: Verdict;
  decidedBy: DecidedBy;
  /** For the agent that will read it: what happened and what to do next. Plain text. */
  message: string;
  /**
   * After a person approved a destructive AWS request in scoped mode: the one-time credentials grant
   * (src/aws/scoped/grants.ts). A shim exports it as BLAST_RADIUS_GRANT for the approved program only.
   */
  grant?: string;
}

/** Agents' scoped AWS credentials, as the gate sees them (src/aws/scoped). */
export interface GateAwsCredentials {
  /** One line for the identity lines of a preview with AWS actions; undefined says nothing. */
  describe(): string | undefined;
  /** After a person's approval: a grant and a sentence for the agent, or undefined when none applies. */
  offer(analysis: Analysis): { id: string; note: string } | undefined;
}

/** A request waiting for a person, exactly as shown. */
export interface ApprovalRequest {
  id: string;
  createdAt: number;
  /** How long the person has, from createdAt. */
  timeoutMs: number;
  command: string;
  agent: string;
  cwd: string;
  analysis: Analysis;
  decision: Decision;
  preview: Preview;
  /** sha256 of the canonical JSON of what is shown: an approval names it, so nothing can be swapped after. */
  previewHash: string;
  /**
   * The resources' state before and after, as read live, for the side-by-side view (bounded, see
   * collectStates). Absent when nothing was read. Not part of previewHash: it is fixed with the request.
   */
  states?: ResourceState[];
  /** Resources whose state was read but left out of `states` (over the count limit). */
  statesOmitted?: number;
}

export interface ApprovalAnswer {
  approved: boolean;
  /** The request id and preview hash the person's click was bound to. */
  requestId: string;
  previewHash: string;
}

/**
 * Shows requests to a person and returns their answer. Implementations queue several requests and show
 * them one at a time. `signal` aborts a request (timeout, freeze, the waiting process died): the
 * implementation withdraws it from view and the promise rejects with the signal's reason.
 */
export interface Approver {
  ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer>;
  /**
   * The gate is reading the live state of a command it will probably ask about (up to the preview time
   * limit): show that something is coming. `done` runs once reading ends, whatever the outcome.
   * `command` and `agent` are agent-written text.
   */
  onResolving?(info: ResolvingInfo): { done(): void };
}

export interface ResolvingInfo {
  /** The id the request will have if it is asked. */
  id: string;
  command: string;
  agent: string;
}

/** One audit record as appended: who decided what, after seeing which preview. */
export interface AuditEntry {
  time: string;
  requestId: string;
  client: ClientKind;
  agent: string;
  cwd: string;
  command: string;
  analysis: Analysis;
  preview: Preview;
  previewHash: string;
  verdict: Verdict;
  confirmation: Decision['confirmation'];
  reasons: Decision['reasons'];
  outcome: CheckResponse['outcome'];
  decidedBy: DecidedBy;
  /** For decisions by a person: what they typed to confirm, when typing was required. */
  note?: string;
}

export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}
