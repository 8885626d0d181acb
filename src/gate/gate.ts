/**
 * The gate: request → analysis → decision → (person) → audit → answer. Every interception point (shims,
 * hooks, chat tools) asks through here, so every one of them shows the same preview and leaves the same
 * trail. No vscode: the approver and the audit sink are handed in, so tests run it headless.
 */
import { createHash, randomUUID } from 'node:crypto';
import { decide, type Analysis, type AnalysisContext, type Analyzer, type Decision } from '../core';
import { buildPreview, type Preview } from '../core/preview';
import { augment, livePreview, type Resolution } from '../preview/live';
import { collectStates, type CollectedStates } from '../preview/state-documents';
import { quoteForShell } from '../core/shell/wrappers';
import { detectAgent } from './agents';
import { HookApprovals } from './hook-approvals';
import { messages } from './messages';
import type { GateSettings } from './settings';
import { StatusEmitter, type GateStatus } from './status';
import type { ApprovalRequest, Approver, AuditSink, CheckRequest, CheckResponse, DecidedBy, GateAwsCredentials, ResolvingInfo } from './types';

export interface GateDeps {
  analyzer: Analyzer;
  /** The settings in force now (already guarded against unconfirmed relaxation). */
  settings: () => GateSettings;
  approver: Approver;
  audit: AuditSink;
  /** The analysis context for a request: workspace roots, AWS defaults, file-system probes. */
  contextFor: (req: CheckRequest) => AnalysisContext;
  now?: () => number;
  /**
   * Reads the live state of what an asked-about command would touch (src/preview), bounded in time.
   * Its findings join the analysis before the final decision: protection and bulk are judged on the
   * real resources. Absent in tests that only need the analysis.
   */
  resolve?: (analysis: Analysis, ctx: AnalysisContext, signal: AbortSignal) => Promise<Resolution>;
  /** Where the gate reports its own failures (never the agent's text). */
  log?: (message: string) => void;
  /** Agents' scoped AWS credentials: a line in AWS previews, and one-time grants after approvals. */
  awsCredentials?: GateAwsCredentials;
}

/** Why a pending request was aborted; the reason object travels through AbortSignal. */
class Abort {
  constructor(readonly by: DecidedBy, readonly reason: string) {}
}

/** Rules that make a person type, not just click: these stay asked in human terminals too. */
export const TYPED_PROTECTION: ReadonlySet<string> = new Set(['policy.protected', 'policy.protected-account', 'policy.settings-invalid', 'policy.unresolved-target']);

export class Gate {
  readonly status = new StatusEmitter();
  private frozenReason: string | undefined;
  private readonly pending = new Map<string, AbortController>();
  private destructive: number[] = [];
  private readonly hookApprovals: HookApprovals;
  private readonly now: () => number;

  constructor(private readonly deps: GateDeps) {
    this.now = deps.now ?? Date.now;
    this.hookApprovals = new HookApprovals(this.now);
  }

  get state(): GateStatus {
    return { frozen: this.frozenReason !== undefined, frozenReason: this.frozenReason, pending: this.pending.size };
  }

  /** Kill switch: every request that would ask is rejected until unfreeze; pending ones are withdrawn. */
  freeze(reason: string): void {
    this.frozenReason = reason;
    for (const c of this.pending.values()) c.abort(new Abort('freeze', reason));
    this.emit();
  }

  unfreeze(): void {
    this.frozenReason = undefined;
    this.destructive = [];
    this.emit();
  }

  /**
   * What check would decide and show, without asking anyone or recording anything: the chat tools show
   * it in their inline confirmation (src/chat). Reads the live state too when the answer would be ask.
   */
  async assess(req: CheckRequest, signal: AbortSignal): Promise<Assessment> {
    // No progress display: the person is looking at the chat, where this will be shown.
    const { base } = await this.evaluate(req, signal, randomUUID(), this.deps.settings(), false);
    const { command, agent, analysis, decision, preview } = base;
    const refusal = decision.verdict === 'deny' ? 'deny' : decision.verdict === 'ask' && this.frozenReason !== undefined ? 'freeze' : undefined;
    return { command, agent, analysis, decision, preview, previewHash: previewHash(command, agent, req.cwd, preview, decision), ...(refusal ? { refusal } : {}) };
  }

  /**
   * `chatApproval`: a person approved exactly this preview in a chat confirmation (src/chat/tools.ts
   * says when that can be trusted). It stands in for the panel only for a tool's request, only when the
   * preview is still the same, and never where typing is required.
   */
  async check(req: CheckRequest, signal: AbortSignal, chatApproval?: ChatApproval): Promise<CheckResponse> {
    const settings = this.deps.settings();
    const { base, agent } = await this.evaluate(req, signal, randomUUID(), settings);
    const { command, analysis, decision } = base;

    if (decision.verdict === 'deny') {
      const rule = decision.reasons.find((r) => r.verdict === 'deny')?.pattern ?? 'deny';
      return this.finish(base, 'blocked', 'policy', messages.denied(command, rule));
    }
    if (decision.verdict === 'allow') return this.finish(base, 'run', 'policy', messages.allowed(command));

    if (!agent) {
      // A person typing in their own terminal: how much of the gate applies is their setting.
      const typed = decision.reasons.some((r) => r.verdict === 'ask' && TYPED_PROTECTION.has(r.rule));
      if (settings.humanTerminals === 'off' || (settings.humanTerminals === 'protectedOnly' && !typed)) {
        return this.finish(base, 'run', 'human-terminal', messages.allowed(command));
      }
    }
    if (this.frozenReason !== undefined) {
      return this.finish(base, 'blocked', 'freeze', messages.frozen(command, this.frozenReason));
    }
    if (req.client === 'shim') {
      // The same command a person just approved through the agent's hook, now reaching its terminal.
      const approvedBy = this.hookApprovals.take(analysis);
      if (approvedBy !== undefined) {
        const covered = await this.finish(base, 'run', 'person', messages.approved(command), undefined, `approved moments ago in request ${approvedBy} (the agent's hook)`);
        return covered.outcome === 'run' ? this.withGrant(covered, analysis) : covered;
      }
    }
    if (this.tripsBreaker(analysis, settings)) {
      const reason = `more than ${settings.breaker.maxDestructive} destructive requests within ${settings.breaker.windowMs / 60_000} minutes`;
      this.freeze(`circuit breaker: ${reason}`);
      return this.finish(base, 'blocked', 'circuit-breaker', messages.breaker(command, reason));
    }
    if (chatApproval && req.client === 'tool' && !needsTyping(decision) && chatApproval.previewHash === previewHash(command, base.agent, req.cwd, base.preview, decision)) {
      return this.finish(base, 'run', 'person', messages.approved(command), chatApproval.previewHash, chatApproval.note);
    }
    return this.askPerson(base, settings, signal);
  }

  /** Analysis, decision and preview (live when it would ask) of one request: what check and assess share. */
  private async evaluate(req: CheckRequest, signal: AbortSignal, requestId: string, settings: GateSettings, showProgress = true): Promise<{ base: Base; agent: string | undefined }> {
    const command = req.commandLine ?? [req.tool ?? '', ...(req.argv ?? [])].map(quoteForShell).join(' ');
    const ctx = this.deps.contextFor(req);
    let analysis = this.deps.analyzer.analyze(command, ctx);
    let decision = decide(analysis, settings.policy, { home: ctx.home });
    let preview = buildPreview(analysis, decision);
    let states: CollectedStates | undefined;
    // Hooks and tools only ever run for an agent, so they are never treated as a person's terminal.
    const agent = req.agent ?? detectAgent(req.env) ?? (req.client === 'hook' || req.client === 'tool' ? 'agent' : undefined);
    const who = agent ?? 'person';
    if (decision.verdict === 'ask' && this.deps.resolve) {
      // Only what would be asked about is worth a live look; allowed commands must not wait for it.
      const progress = showProgress ? this.startProgress({ id: requestId, command, agent: who }) : { done: () => {} };
      let resolution: Resolution;
      try {
        resolution = await this.deps.resolve(analysis, ctx, signal);
      } finally {
        progress.done();
      }
      analysis = augment(analysis, resolution);
      decision = decide(analysis, settings.policy, { home: ctx.home });
      preview = livePreview(analysis, decision, resolution);
      states = collectStates(resolution);
    }
    preview = this.withCredentialsLine(preview, analysis);
    return { base: { requestId, req, command, agent: who, analysis, decision, preview, states }, agent };
  }

  private async askPerson(base: Base, settings: GateSettings, clientSignal: AbortSignal): Promise<CheckResponse> {
    const controller = new AbortController();
    const onClientGone = () => controller.abort(new Abort('withdrawn', 'the waiting process ended'));
    if (clientSignal.aborted) onClientGone();
    clientSignal.addEventListener('abort', onClientGone, { once: true });
    const timer = setTimeout(() => controller.abort(new Abort('timeout', 'nobody answered in time')), settings.approvalTimeoutMs);
    this.pending.set(base.requestId, controller);
    this.emit();

    const request: ApprovalRequest = {
      id: base.requestId,
      createdAt: this.now(),
      timeoutMs: settings.approvalTimeoutMs,
      command: base.command,
      agent: base.agent,
      cwd: base.req.cwd,
      analysis: base.analysis,
      decision: base.decision,
      preview: base.preview,
      previewHash: previewHash(base.command, base.agent, base.req.cwd, base.preview, base.decision),
      ...(base.states && base.states.states.length > 0 ? { states: base.states.states } : {}),
      ...(base.states && base.states.omitted > 0 ? { statesOmitted: base.states.omitted } : {}),
    };
    try {
      const answer = await this.deps.approver.ask(request, controller.signal);
      // An approval counts only for the exact request and preview it was given for.
      if (answer.requestId !== request.id || answer.previewHash !== request.previewHash) {
        this.deps.log?.(`approval for ${answer.requestId} did not match request ${request.id}; treated as a rejection`);
        return this.finish(base, 'blocked', 'person', messages.declined(base.command), request.previewHash);
      }
      if (!answer.approved) return this.finish(base, 'blocked', 'person', messages.declined(base.command), request.previewHash);
      const approved = await this.finish(base, 'run', 'person', messages.approved(base.command), request.previewHash);
      if (approved.outcome === 'run' && base.req.client === 'hook') this.hookApprovals.record(base.analysis, base.requestId);
      return approved.outcome === 'run' && base.req.client === 'shim' ? this.withGrant(approved, base.analysis) : approved;
    } catch (e) {
      const abort = controller.signal.reason instanceof Abort ? controller.signal.reason : undefined;
      if (!abort) this.deps.log?.(`the approver failed: ${String(e)}`);
      const by = abort?.by ?? 'timeout';
      const message =
        by === 'freeze' ? messages.frozen(base.command, abort?.reason ?? 'frozen')
        : by === 'withdrawn' ? messages.withdrawn(base.command)
        : messages.timedOut(base.command, Math.round(settings.approvalTimeoutMs / 1000));
      return this.finish(base, 'blocked', by, message, request.previewHash);
    } finally {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientGone);
      this.pending.delete(base.requestId);
      this.emit();
    }
  }

  /** Which AWS credentials agent terminals hold, beside where an AWS command would run. */
  private withCredentialsLine(preview: Preview, analysis: Analysis): Preview {
    if (!this.deps.awsCredentials || !analysis.actions.some((a) => a.tool === 'aws')) return preview;
    try {
      const line = this.deps.awsCredentials.describe();
      if (!line) return preview;
      if (!line.startsWith('scoped')) return { ...preview, where: [...preview.where, `agent AWS credentials · ${line}`] };
      // The live preview reads with the person's credentials, but in scoped mode the command does not run
      // as them: say whose credentials read the preview, and with which the command would run.
      const previewed = (text: string) => text.replace(/ · as (\S+)/g, ' · previewed as $1');
      return {
        ...preview,
        summary: previewed(preview.summary),
        where: [...preview.where.map(previewed), `agent AWS credentials · ${line}; the command runs with the agent's session, or once approved with one-time credentials for what is shown`],
      };
    } catch (e) {
      this.deps.log?.(`describing agents' AWS credentials failed: ${String(e)}`);
      return preview;
    }
  }

  /**
   * An approved destructive AWS request runs with one-time credentials for exactly what was approved:
   * the answer carries a grant the shim hands to that one program (src/aws/scoped/grants.ts). Only shims
   * can pass a grant on, so only their requests get one. No grant (none applies, or making one failed)
   * leaves the run as approved, with the agent's own credentials.
   */
  private withGrant(response: CheckResponse, analysis: Analysis): CheckResponse {
    try {
      const offer = this.deps.awsCredentials?.offer(analysis);
      return offer ? { ...response, grant: offer.id, message: `${response.message} ${offer.note}` } : response;
    } catch (e) {
      this.deps.log?.(`offering one-time AWS credentials failed: ${String(e)}`);
      return response;
    }
  }

  /** The approver's progress display; its failures are logged, never allowed to fail the check. */
  private startProgress(info: ResolvingInfo): { done(): void } {
    try {
      const progress = this.deps.approver.onResolving?.(info);
      return {
        done: () => {
          try {
            progress?.done();
          } catch (e) {
            this.deps.log?.(`the approver's progress display failed: ${String(e)}`);
          }
        },
      };
    } catch (e) {
      this.deps.log?.(`the approver's progress display failed: ${String(e)}`);
      return { done: () => {} };
    }
  }

  private tripsBreaker(analysis: Analysis, settings: GateSettings): boolean {
    if (!analysis.actions.some((a) => a.effect === 'destroy' && !a.recoverable)) return false;
    const now = this.now();
    this.destructive = this.destructive.filter((t) => now - t < settings.breaker.windowMs);
    this.destructive.push(now);
    return this.destructive.length > settings.breaker.maxDestructive;
  }

  private async finish(base: Base, outcome: CheckResponse['outcome'], decidedBy: DecidedBy, message: string, hash?: string, note?: string): Promise<CheckResponse> {
    const response: CheckResponse = { requestId: base.requestId, outcome, verdict: base.decision.verdict, decidedBy, message };
    try {
      await this.deps.audit.append({
        time: new Date(this.now()).toISOString(),
        requestId: base.requestId,
        client: base.req.client,
        agent: base.agent,
        cwd: base.req.cwd,
        command: base.command,
        analysis: base.analysis,
        preview: base.preview,
        previewHash: hash ?? previewHash(base.command, base.agent, base.req.cwd, base.preview, base.decision),
        verdict: base.decision.verdict,
        confirmation: base.decision.confirmation,
        reasons: base.decision.reasons,
        outcome,
        decidedBy,
        ...(note ? { note } : {}),
      });
    } catch (e) {
      // No record, no run: an approval that cannot be audited is not given.
      this.deps.log?.(`audit append failed: ${String(e)}`);
      if (outcome === 'run' && decidedBy !== 'policy') {
        return { ...response, outcome: 'blocked', message: `Blast Radius: the decision could not be recorded in the audit log, so the command did not run. Stop and ask the user.` };
      }
    }
    return response;
  }

  private emit(): void {
    this.status.emit(this.state);
  }
}

interface Base {
  requestId: string;
  req: CheckRequest;
  command: string;
  agent: string;
  analysis: Analysis;
  decision: Decision;
  preview: Preview;
  /** Resource states read live, for the side-by-side view. */
  states?: CollectedStates;
}

/** What the gate would decide and show for a request, before anyone is asked (Gate.assess). */
export interface Assessment {
  command: string;
  agent: string;
  analysis: Analysis;
  decision: Decision;
  preview: Preview;
  previewHash: string;
  /** Asking would be pointless: a deny rule refuses it, or agents are frozen. */
  refusal?: 'deny' | 'freeze';
}

/** A person's approval given in a chat confirmation, bound to the preview hash they saw. */
export interface ChatApproval {
  previewHash: string;
  /** For the audit record: where the approval was given. */
  note: string;
}

/** Protection that makes a person type, which a chat confirmation's button cannot stand in for. */
export function needsTyping(decision: Decision): boolean {
  return decision.confirmation === 'type' || decision.reasons.some((r) => r.verdict === 'ask' && TYPED_PROTECTION.has(r.rule));
}

/** The hash a person's approval is bound to: everything the panel shows. */
export function previewHash(command: string, agent: string, cwd: string, preview: Preview, decision: Decision): string {
  const shown = JSON.stringify({ command, agent, cwd, preview, verdict: decision.verdict, confirmation: decision.confirmation, typeToConfirm: decision.typeToConfirm ?? null });
  return createHash('sha256').update(shown).digest('hex');
}
