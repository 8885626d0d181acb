/**
 * The chat tools in package.json are the same tools the MCP server offers: same input schemas and
 * model descriptions as src/tools/definitions.ts, under the names the code registers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHAT_TOOLS } from '../../../src/chat/names';

interface ToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  inputSchema: unknown;
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { languageModelTools?: ToolContribution[] };
};
const contributed = manifest.contributes.languageModelTools ?? [];

test('package.json contributes exactly the chat tools the code registers', () => {
  assert.deepEqual(contributed.map((t) => t.name), Object.values(CHAT_TOOLS).map((t) => t.name));
});

for (const tool of Object.values(CHAT_TOOLS)) {
  test(`${tool.name} carries ${tool.definition.name}'s schema and description`, () => {
    const c = contributed.find((t) => t.name === tool.name);
    assert.ok(c, `${tool.name} is contributed`);
    assert.deepEqual(c.inputSchema, tool.definition.inputSchema);
    assert.equal(c.modelDescription, tool.definition.description);
    assert.equal(c.displayName, tool.definition.title);
    assert.equal(c.toolReferenceName, tool.referenceName);
    assert.equal(c.canBeReferencedInPrompt, true);
    assert.ok(c.userDescription.length > 20);
    // VS Code accepts letters, digits, _ and - in both names.
    assert.match(c.name, /^[\w-]+$/);
    assert.match(c.toolReferenceName, /^[\w-]+$/);
  });
}
