/** The agents `blast-radius hook --agent NAME` speaks to, by NAME. */
import type { HookAdapter } from '../adapter';
import { claudeCode } from './claude-code';
import { cline } from './cline';
import { copilotCli } from './copilot-cli';
import { cursor } from './cursor';
import { geminiCli } from './gemini-cli';
import { vscode } from './vscode';

export const HOOK_ADAPTERS: readonly HookAdapter[] = [vscode, claudeCode, cursor, cline, geminiCli, copilotCli];

export const HOOK_AGENT_NAMES: readonly string[] = HOOK_ADAPTERS.map((a) => a.name);

export function hookAdapter(name: string): HookAdapter | undefined {
  return HOOK_ADAPTERS.find((a) => a.name === name);
}
