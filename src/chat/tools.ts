/**
 * The chat tools of VS Code's agent mode (`languageModelTools` in package.json): run_command and
 * aws_call, gated like every terminal command. prepareInvocation shows the gate's decision and preview
 * inline as the chat confirmation; invoke asks the gate again, because the chat confirmation may have
 * been skipped (src/chat/approval.ts says when a click in the chat can count as the person's approval;
 * everywhere else the approval panel asks). Deny rules and freezing always refuse, and the gate audits
 * every call.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { gateCredentials, toolEnv } from '../aws/scoped/agent-env';
import { AwsCallError, AwsCallInputError, awsCallCommandLine, executeAwsCall, validateAwsCall } from '../aws/call';
import { needsTyping, type Gate } from '../gate/gate';
import type { GateSettings } from '../gate/settings';
import type { CheckRequest } from '../gate/types';
import { forwardedEnv } from '../shim/environment';
import { parseAwsCallInput, parseRunCommandInput } from '../tools/definitions';
import { runCommand, type CommandResult } from '../tools/run-command';
import { chatConfirmationCounts, ConfirmationTickets, inputKey, type EditorFacts, type Trust } from './approval';
import { confirmationMarkdown } from './confirmation';
import { CHAT_TOOLS } from './names';

export interface ChatToolsDeps {
  gate: Gate;
  /** Resolves once the gate can analyse (the analyzer has loaded). */
  ready: () => Promise<void>;
  settings: () => GateSettings;
  log: (line: string) => void;
  /** This extension's id, for the name VS Code may look the tools up by in its settings. */
  extensionId: string;
  /** In scoped mode, the environment agent terminals get (src/aws/scoped/register.ts agentEnv); undefined in passthrough. */
  agentEnv?: () => Record<string, string> | undefined;
}

/** Who asked, in the panel and the audit log. */
const AGENT = 'vscode-chat';
const CHAT_NOTE = 'approved in the chat confirmation';

/** A tool call ready for the gate: what it judges, and what runs once it lets the call through. */
interface GatedCall {
  request: CheckRequest;
  /** For aws_call's confirmation: `s3 DeleteBucket`. */
  awsCall?: string;
  /** `grant`: the one-time credentials grant the gate gave with its approval, if any. */
  run(signal: AbortSignal, grant?: string): Promise<string>;
}

/** The input could not become a call; nothing was asked or run. */
class InvalidCall extends Error {}

export function registerChatTools(deps: ChatToolsDeps): vscode.Disposable {
  if (typeof vscode.lm?.registerTool !== 'function') {
    deps.log('chat tools: this editor has no language model tools API; run_command and aws_call are not offered in its chat');
    return { dispose() {} };
  }
  const tickets = new ConfirmationTickets(() => deps.settings().approvalTimeoutMs);
  const tool = (names: { name: string; referenceName: string }, prepare: (input: unknown) => Promise<GatedCall>) =>
    vscode.lm.registerTool<unknown>(names.name, new GatedTool(names, prepare, deps, tickets));
  const agentEnv = deps.agentEnv ?? (() => undefined);
  return vscode.Disposable.from(
    tool(CHAT_TOOLS.runCommand, (input) => runCommandCall(input, agentEnv)),
    tool(CHAT_TOOLS.awsCall, (input) => awsCall(input, agentEnv)),
  );
}

class GatedTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly names: { name: string; referenceName: string },
    private readonly prepare: (input: unknown) => Promise<GatedCall>,
    private readonly deps: ChatToolsDeps,
    private readonly tickets: ConfirmationTickets,
  ) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation> {
    const cancel = signalOf(token);
    try {
      const call = await this.prepare(options.input);
      await this.deps.ready();
      const seen = await this.deps.gate.assess(call.request, cancel.signal);
      if (seen.refusal === 'deny') return { invocationMessage: 'Blast Radius: a deny rule refuses this call; it will not run' };
      if (seen.refusal === 'freeze') return { invocationMessage: 'Blast Radius: agents are frozen; this call will not run' };
      if (seen.decision.verdict === 'allow') return { invocationMessage: 'Blast Radius: allowed by policy' };

      const typed = needsTyping(seen.decision);
      const trust = this.trust();
      const confirmation = confirmationMarkdown({
        command: seen.command,
        cwd: call.request.cwd,
        ...(call.awsCall ? { awsCall: call.awsCall } : {}),
        decision: seen.decision,
        preview: seen.preview,
        chatCounts: trust.counts && !typed,
        typed,
      });
      const chatIsApproval = trust.counts && !typed && confirmation.complete;
      if (chatIsApproval) this.tickets.issue(inputKey(this.names.name, options.input), seen.previewHash);
      else this.deps.log(`chat tools: ${this.names.name} will ask in the approval panel too: ${typed ? 'typed confirmation is required' : !confirmation.complete ? 'the confirmation could not show everything' : trust.why}`);
      const message = new vscode.MarkdownString(confirmation.markdown, false);
      message.isTrusted = false;
      message.supportHtml = false;
      return {
        invocationMessage: chatIsApproval ? 'Blast Radius: running the approved call' : 'Blast Radius: waiting for approval in the Blast Radius panel',
        confirmationMessages: { title: confirmation.title, message },
      };
    } catch (e) {
      // invoke refuses the same way; nothing to confirm.
      return { invocationMessage: e instanceof InvalidCall ? 'Blast Radius: this call is not valid' : 'Blast Radius: this call could not be checked' };
    } finally {
      cancel.dispose();
    }
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const cancel = signalOf(token);
    try {
      let call: GatedCall;
      try {
        call = await this.prepare(options.input);
      } catch (e) {
        return result(e instanceof InvalidCall ? `Blast Radius: this call is not valid (${e.message}). Nothing ran.` : `Blast Radius could not prepare this call, so it did not run: ${String(e)}`);
      }
      // The ticket is taken whatever happens next: it is good for one invoke of this input only.
      const ticket = this.tickets.take(inputKey(this.names.name, options.input));
      const chatApproval = ticket && this.trust().counts ? { previewHash: ticket.previewHash, note: CHAT_NOTE } : undefined;
      let response;
      try {
        await this.deps.ready();
        response = await this.deps.gate.check(call.request, cancel.signal, chatApproval);
      } catch (e) {
        this.deps.log(`chat tools: checking a ${this.names.name} call failed: ${String(e)}`);
        return result('Blast Radius could not check this call, so it did not run. Stop and ask the user.');
      }
      if (response.outcome !== 'run') return result(response.message);
      let output: string;
      try {
        output = await call.run(cancel.signal, response.grant);
      } catch (e) {
        output = e instanceof AwsCallError || e instanceof AwsCallInputError ? e.message : `it failed to start: ${String(e)}`;
      }
      return result(`${response.message}\n\n${output}`);
    } finally {
      cancel.dispose();
    }
  }

  private trust(): Trust {
    try {
      return chatConfirmationCounts(editorFacts(this.names.referenceName, this.deps.extensionId));
    } catch (e) {
      return { counts: false, why: `the editor's settings could not be read: ${String(e)}` };
    }
  }
}

/** What src/chat/approval.ts needs to know about this editor, read from its settings registry. */
function editorFacts(referenceName: string, extensionId: string): EditorFacts {
  const chat = vscode.workspace.getConfiguration('chat');
  const registered = (key: string) => chat.inspect(key)?.defaultValue !== undefined;
  return {
    appName: vscode.env.appName,
    version: vscode.version,
    eligibilityRegistered: registered('tools.eligibleForAutoApproval'),
    eligibility: chat.get('tools.eligibleForAutoApproval'),
    sessionLevelsRegistered: registered('permissions.default') || registered('autopilot.enabled'),
    referenceNames: [referenceName, `${extensionId.toLowerCase()}/${referenceName}`],
  };
}

function workspaceDir(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}

function cwdOf(cwd: string | undefined): string {
  if (cwd === undefined) return workspaceDir();
  if (!path.isAbsolute(cwd)) throw new InvalidCall(`cwd must be an absolute path, not ${JSON.stringify(cwd.slice(0, 200))}`);
  return path.normalize(cwd);
}

/** The variables that change what a command does (profile, region, cluster, …), as the shims forward them. */
function requestEnv(): Record<string, string> {
  return forwardedEnv(process.env);
}

type AgentEnv = () => Record<string, string> | undefined;

async function runCommandCall(input: unknown, agentEnv: AgentEnv): Promise<GatedCall> {
  const parsed = parseRunCommandInput(input);
  if (typeof parsed === 'string') throw new InvalidCall(parsed);
  const cwd = cwdOf(parsed.cwd);
  return {
    request: { client: 'tool', agent: AGENT, commandLine: parsed.command, cwd, env: requestEnv() },
    async run(signal, grant) {
      // runCommand drops the extension host's Electron switch itself.
      const env = toolEnv(process.env, agentEnv(), grant);
      return commandOutput(await runCommand(parsed.command, { cwd, env, signal }));
    },
  };
}

async function awsCall(input: unknown, agentEnv: AgentEnv): Promise<GatedCall> {
  const parsed = parseAwsCallInput(input);
  if (typeof parsed === 'string') throw new InvalidCall(parsed);
  let commandLine: string;
  try {
    commandLine = awsCallCommandLine(parsed);
    await validateAwsCall(parsed);
  } catch (e) {
    if (e instanceof AwsCallInputError) throw new InvalidCall(e.message);
    throw e;
  }
  const env = requestEnv();
  return {
    request: { client: 'tool', agent: AGENT, commandLine, cwd: workspaceDir(), env },
    awsCall: `${parsed.service} ${parsed.operation}`,
    async run(signal, grant) {
      // Scoped: the SDK here would run credential_process without the gate's handle; ask the gate directly.
      const scoped = agentEnv();
      const credentials = scoped ? (profile: string | undefined) => gateCredentials(scoped, profile, grant) : undefined;
      const r = await executeAwsCall(parsed, { signal, env, ...(credentials ? { credentials } : {}) });
      return `${r.call} returned:\n${r.text}`;
    },
  };
}

function commandOutput(r: CommandResult): string {
  const end = r.stopped === 'timeout' ? 'stopped: it ran too long' : r.stopped === 'aborted' ? 'stopped: the call was cancelled' : r.exitCode !== null ? `exit code ${r.exitCode}` : `ended by ${r.signal ?? 'a signal'}`;
  const lines = [end];
  if (r.stdout) lines.push('stdout:', r.stdout);
  if (r.stderr) lines.push('stderr:', r.stderr);
  if (r.truncated) lines.push('(long output: the middle was left out)');
  return lines.join('\n');
}

function result(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}
