/**
 * The MCP server's tools: `run_command` and `aws_call`, each checked by a running VS Code window's gate
 * (its approval panel shows the request) before anything runs, or by the core alone when no window is
 * there. The client's name (from `initialize`) is the agent the panel and the audit log name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { gateCredentials, toolEnv } from '../aws/scoped/agent-env';
import type { AwsCallOptions } from '../aws/call';
import type { CheckRequest } from '../gate/types';
import type { AskResult } from '../hooks/ask';
import { AGENT_NAME } from '../ipc/protocol';
import { forwardedEnv } from '../shim/environment';
import { AWS_CALL, parseAwsCallInput, parseRunCommandInput, RUN_COMMAND, TOOL_DEFINITIONS, type AwsCallInput } from '../tools/definitions';
import type { CommandResult, RunOptions } from '../tools/run-command';

export interface McpServerDeps {
  version: string;
  /** The server's own working directory and environment: the defaults for cwd and what is forwarded. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  ask: (request: CheckRequest, signal: AbortSignal) => Promise<AskResult>;
  run: (commandLine: string, opts: RunOptions) => Promise<CommandResult>;
  aws: {
    /** The `aws …` command line the gate analyses for this call. Throws for a call it cannot make. */
    commandLine: (input: AwsCallInput) => string;
    /** Checks the operation and parameter names before anyone is asked. Throws for a call it cannot make. */
    validate: (input: AwsCallInput) => Promise<void>;
    execute: (input: AwsCallInput, opts: { signal: AbortSignal; env: NodeJS.ProcessEnv; credentials?: AwsCallOptions['credentials'] }) => Promise<{ text: string }>;
  };
  log: (line: string) => void;
}

const INSTRUCTIONS =
  'Blast Radius checks every command and AWS call made through these tools. Read-only and local work runs at once; ' +
  'anything that changes shared or cloud state, or destroys something, waits for a person to approve it in VS Code. ' +
  'A blocked call returns an error saying why: do not retry it or work around it, ask the user.';

/** How often to tell the client a call is still waiting for a person (some clients time out silent calls). */
const PROGRESS_EVERY_MS = 10_000;

/** The client's name as the gate accepts an agent's: letters, digits, space, `._-`, at most 40. */
export function agentNameOf(clientName: unknown): string {
  if (typeof clientName !== 'string') return 'mcp-client';
  const cleaned = clientName
    .replace(/[^A-Za-z0-9 ._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 40)
    .trimEnd();
  return AGENT_NAME.test(cleaned) ? cleaned : 'mcp-client';
}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

export function createMcpServer(deps: McpServerDeps): Server {
  const server = new Server({ name: 'blast-radius', title: 'Blast Radius', version: deps.version }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOL_DEFINITIONS.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    if (progressToken === undefined) return callTool(request.params.name, request.params.arguments, extra.signal);
    // A call may wait minutes for a person, then run for minutes: say so now and then, since some
    // clients give up on a silent call. Progress must grow with each notification: seconds so far.
    const started = Date.now();
    const timer = setInterval(() => {
      const params = { progressToken, progress: Math.round((Date.now() - started) / 1000), message: 'Blast Radius: checking, waiting for approval in VS Code, or running' };
      void extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined);
    }, PROGRESS_EVERY_MS);
    try {
      return await callTool(request.params.name, request.params.arguments, extra.signal);
    } finally {
      clearInterval(timer);
    }
  });

  async function callTool(name: string, args: Record<string, unknown> | undefined, signal: AbortSignal): Promise<CallToolResult> {
    const agent = agentNameOf(server.getClientVersion()?.name);
    const ask = async (commandLine: string, cwd: string): Promise<AskResult> => {
      const req: CheckRequest = { client: 'tool', agent, commandLine, cwd, env: forwardedEnv(deps.env), pid: process.pid };
      try {
        return await deps.ask(req, signal);
      } catch (e) {
        if (signal.aborted) throw e;
        // Fail closed: a check that could not be made is a block.
        return { run: false, verdict: 'ask', decidedBy: 'no-gate', viaGate: false, message: `Blast Radius could not check this call (${errorText(e)}), so it did not run. Stop and ask the user how to proceed.` };
      }
    };

    /**
     * The environment an allowed call runs with: in scoped mode, the agent environment of the window
     * whose gate answered (scoped credentials through its gate, plus a grant after an approval).
     * Decided by the core alone (no window answered), only what needs no approval runs, with the
     * server's own environment as before: with no gate, credential_process could not issue anything.
     */
    const runEnv = (answer: AskResult) => toolEnv(deps.env, answer.window?.agentEnv, answer.grant);

    if (name === RUN_COMMAND.name) {
      const input = parseRunCommandInput(args ?? {});
      if (typeof input === 'string') return failure(`run_command: invalid arguments: ${input}. Nothing ran.`);
      const cwd = input.cwd ?? deps.cwd;
      if (!path.isAbsolute(cwd)) return failure(`run_command: cwd must be an absolute path (got ${JSON.stringify(cwd.slice(0, 200))}). Nothing ran.`);
      if (!isDirectory(cwd)) return failure(`run_command: cwd ${JSON.stringify(cwd.slice(0, 200))} is not a directory. Nothing ran.`);
      const answer = await ask(input.command, cwd);
      if (!answer.run) return failure(answer.message);
      const result = await deps.run(input.command, { cwd, env: runEnv(answer), signal });
      return { content: [{ type: 'text', text: describeRun(result, answer) }] };
    }

    if (name === AWS_CALL.name) {
      const input = parseAwsCallInput(args ?? {});
      if (typeof input === 'string') return failure(`aws_call: invalid arguments: ${input}. Nothing was called.`);
      let commandLine: string;
      try {
        commandLine = deps.aws.commandLine(input);
        await deps.aws.validate(input);
      } catch (e) {
        return failure(`aws_call: ${sentence(errorText(e))} Nothing was called.`);
      }
      const answer = await ask(commandLine, deps.cwd);
      if (!answer.run) return failure(answer.message);
      try {
        const agentEnv = answer.window?.agentEnv;
        const credentials = agentEnv ? (profile: string | undefined) => gateCredentials(agentEnv, profile, answer.grant) : undefined;
        const response = await deps.aws.execute(input, { signal, env: runEnv(answer), ...(credentials ? { credentials } : {}) });
        return { content: [{ type: 'text', text: `${approvalLine(answer)}${response.text}` }] };
      } catch (e) {
        return failure(`aws_call: ${errorText(e)}`);
      }
    }

    throw new McpError(ErrorCode.InvalidParams, `unknown tool ${JSON.stringify(String(name).slice(0, 100))}; the tools are ${TOOL_DEFINITIONS.map((t) => t.name).join(', ')}`);
  }

  server.onerror = (e) => deps.log(`MCP protocol error: ${errorText(e)}`);
  return server;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Ends with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 1000);
}

/** The gate's word, when a person was involved: the agent should know it was approved, not just allowed. */
function approvalLine(answer: AskResult): string {
  return answer.decidedBy === 'person' ? `${answer.message}\n\n` : '';
}

function describeRun(result: CommandResult, answer: AskResult): string {
  const parts = [approvalLine(answer) + (result.exitCode !== null ? `exit code ${result.exitCode}` : `stopped by ${result.signal ?? 'a signal'}`)];
  if (result.stopped === 'timeout') parts[0] += ' (it ran past the time limit and was stopped)';
  if (result.stopped === 'aborted') parts[0] += ' (the call was cancelled and the command stopped)';
  if (result.stdout) parts.push(`stdout:\n${result.stdout}`);
  if (result.stderr) parts.push(`stderr:\n${result.stderr}`);
  return parts.join('\n\n');
}
