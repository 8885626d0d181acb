/**
 * Usage lines of the sub-commands that main.ts loads on demand: kept here, free of imports, so that
 * printing usage does not load them. test/unit/cli/usage.test.ts keeps the agent list in step.
 */
export const HOOK_USAGE = '  blast-radius hook --agent vscode|claude-code|cursor|cline|gemini-cli|copilot-cli [--timeout SECONDS]   < hook input';
export const AWS_USAGE = '  blast-radius aws session-policy [--settings FILE] [--everywhere] [--json]';
