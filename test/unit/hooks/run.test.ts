/** When the hook answers on its own: before the agent's time limit, leaving room to start and to write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOOK_ADAPTERS } from '../../../src/hooks/adapters';
import { answerWithinMs } from '../../../src/hooks/run';

const cases: Array<[limitSeconds: number, answerWithinMs: number, why: string]> = [
  [600, 595_000, 'Claude Code’s default: 5 s margin at most'],
  [60, 55_000, 'Gemini CLI’s default'],
  [30, 27_000, 'VS Code, Cursor, Cline and Copilot CLI: 10%'],
  [5, 4_000, 'a short limit: 1 s margin at least'],
  [1, 500, 'never under half a second'],
];
for (const [limit, within, why] of cases) {
  test(`a ${limit} s hook limit: answer within ${within} ms (${why})`, () => {
    assert.equal(answerWithinMs(limit), within);
  });
}

test('every agent has a name, a documented default limit and its protocol’s address', () => {
  assert.deepEqual(
    HOOK_ADAPTERS.map((a) => [a.name, a.agent, a.defaultTimeoutSeconds, a.protocolUrl]),
    [
      ['vscode', 'copilot', 30, 'https://code.visualstudio.com/docs/copilot/customization/hooks'],
      ['claude-code', 'claude-code', 600, 'https://code.claude.com/docs/en/hooks'],
      ['cursor', 'cursor', 30, 'https://cursor.com/docs/agent/hooks'],
      ['cline', 'cline', 30, 'https://docs.cline.bot/features/hooks/hook-reference'],
      ['gemini-cli', 'gemini-cli', 60, 'https://geminicli.com/docs/hooks/reference'],
      ['copilot-cli', 'copilot-cli', 30, 'https://docs.github.com/en/copilot/reference/hooks-reference'],
    ],
  );
});
