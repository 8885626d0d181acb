/**
 * The chat tools' names, as package.json's `languageModelTools` declares them (a unit test checks the
 * manifest against these and against src/tools/definitions.ts). `referenceName` is the `#` name in chat
 * and the key VS Code's `chat.tools.eligibleForAutoApproval` setting looks a tool up by.
 */
import { AWS_CALL, RUN_COMMAND, type ToolDefinition } from '../tools/definitions';

export interface ChatToolNames {
  name: string;
  referenceName: string;
  definition: ToolDefinition;
}

export const CHAT_TOOLS = {
  runCommand: { name: 'blastRadius_run_command', referenceName: 'blastRadiusRunCommand', definition: RUN_COMMAND },
  awsCall: { name: 'blastRadius_aws_call', referenceName: 'blastRadiusAwsCall', definition: AWS_CALL },
} as const satisfies Record<string, ChatToolNames>;
