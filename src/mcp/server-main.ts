/**
 * The MCP server's entry (bundled as dist/mcp.js): speaks MCP over stdin/stdout to one client — VS
 * Code through the extension's server definition, or Claude Code, Cursor, Kiro, Cline, Windsurf from
 * their own config — and asks a running VS Code window's gate about every call. stdout carries the
 * protocol only; diagnostics go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { askGate } from '../hooks/ask';
import { runCommand } from '../tools/run-command';
import { awsCallCommandLine, executeAwsCall, validateAwsCall } from '../aws/call';
import { createMcpServer } from './server';

declare const BLAST_RADIUS_VERSION: string | undefined;
const VERSION = typeof BLAST_RADIUS_VERSION === 'string' ? BLAST_RADIUS_VERSION : 'development';

function log(line: string): void {
  process.stderr.write(`blast-radius mcp: ${line}\n`);
}

async function main(): Promise<void> {
  const server = createMcpServer({
    version: VERSION,
    cwd: process.cwd(),
    env: process.env,
    ask: (request, signal) => askGate(request, { signal }),
    run: runCommand,
    aws: { commandLine: awsCallCommandLine, validate: validateAwsCall, execute: executeAwsCall },
    log,
  });
  const transport = new StdioServerTransport();
  // The client closing our stdin is the end of the session.
  process.stdin.once('end', () => void server.close().finally(() => process.exit(0)));
  await server.connect(transport);
}

main().catch((e: unknown) => {
  log(`failed to start: ${String(e)}`);
  process.exit(1);
});
