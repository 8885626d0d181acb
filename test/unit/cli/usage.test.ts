/** The usage text main.ts prints without loading the sub-commands must name what they accept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOOK_AGENT_NAMES } from '../../../src/hooks/adapters';
import { HOOK_USAGE } from '../../../src/cli/usage';

test('the hook usage lists exactly the agents that have an adapter, in order', () => {
  const listed = /--agent (\S+)/.exec(HOOK_USAGE)?.[1]?.split('|');
  assert.deepEqual(listed, [...HOOK_AGENT_NAMES]);
});
