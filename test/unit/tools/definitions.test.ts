/** The shared tool definitions: what the schemas promise, and how call arguments are checked against them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentNameOf } from '../../../src/mcp/server';
import { AWS_CALL, parseAwsCallInput, parseRunCommandInput, RUN_COMMAND, TOOL_DEFINITIONS } from '../../../src/tools/definitions';

test('two tools, named as every integration names them', () => {
  assert.deepEqual(TOOL_DEFINITIONS.map((t) => t.name), ['run_command', 'aws_call']);
  assert.deepEqual(RUN_COMMAND.inputSchema.required, ['command']);
  assert.deepEqual(Object.keys(RUN_COMMAND.inputSchema.properties), ['command', 'cwd']);
  assert.deepEqual(AWS_CALL.inputSchema.required, ['service', 'operation']);
  assert.deepEqual(Object.keys(AWS_CALL.inputSchema.properties), ['service', 'operation', 'parameters', 'profile', 'region']);
  for (const t of TOOL_DEFINITIONS) {
    assert.equal(t.inputSchema.additionalProperties, false);
    assert.match(t.description, /wait until a person approves them in VS Code/);
    assert.match(t.description, /stop and ask the user/);
  }
});

const runCases: Array<[args: unknown, want: unknown]> = [
  [{ command: 'git status' }, { command: 'git status' }],
  [{ command: 'ls', cwd: '/srv/app' }, { command: 'ls', cwd: '/srv/app' }],
  [{ command: '' }, 'command must be a non-empty string'],
  [{ command: ['ls'] }, 'command must be a non-empty string'],
  [{ command: 'ls', cwd: 7 }, 'cwd must be a string'],
  [{ command: 'ls\0rm' }, 'command must not contain NUL'],
  [{ command: 'ls', shell: 'zsh' }, 'unknown argument "shell"'],
  [['ls'], 'the arguments must be an object'],
  [null, 'the arguments must be an object'],
];
for (const [args, want] of runCases) {
  test(`run_command arguments ${JSON.stringify(args)} → ${JSON.stringify(want)}`, () => {
    assert.deepEqual(parseRunCommandInput(args), want);
  });
}

const awsCases: Array<[args: unknown, want: unknown]> = [
  [{ service: 's3', operation: 'ListBuckets' }, { service: 's3', operation: 'ListBuckets' }],
  [
    { service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-1'] }, profile: 'prod', region: 'eu-west-1' },
    { service: 'ec2', operation: 'TerminateInstances', parameters: { InstanceIds: ['i-1'] }, profile: 'prod', region: 'eu-west-1' },
  ],
  [{ service: 's3' }, 'operation must be a non-empty string'],
  [{ service: 's3', operation: 'DeleteBucket', parameters: 'Bucket=x' }, 'parameters must be an object'],
  [{ service: 's3', operation: 'DeleteBucket', parameters: ['x'] }, 'parameters must be an object'],
  [{ service: 's3', operation: 'DeleteBucket', endpoint: 'http://x' }, 'unknown argument "endpoint"'],
  [{ service: 's3', operation: 'ListBuckets', region: 1 }, 'region must be a string'],
];
for (const [args, want] of awsCases) {
  test(`aws_call arguments ${JSON.stringify(args)} → ${JSON.stringify(want)}`, () => {
    assert.deepEqual(parseAwsCallInput(args), want);
  });
}

const agentCases: Array<[clientName: unknown, agent: string]> = [
  ['claude-code', 'claude-code'],
  ['Visual Studio Code', 'Visual Studio Code'],
  ['cursor-vscode', 'cursor-vscode'],
  ['Claude Code (test)', 'Claude Code -test-'],
  ['../../etc', 'etc'],
  ['\u001b[31mred', '31mred'],
  ['a'.repeat(60), 'a'.repeat(40)],
  ['', 'mcp-client'],
  ['🙂', 'mcp-client'],
  [undefined, 'mcp-client'],
  [42, 'mcp-client'],
];
for (const [clientName, agent] of agentCases) {
  test(`MCP client ${JSON.stringify(clientName)} is the agent ${JSON.stringify(agent)}`, () => {
    assert.equal(agentNameOf(clientName), agent);
  });
}
