/** The wire protocol's runtime checks: what the gate accepts, what it refuses and why. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeArgv,
  encodeArgv,
  MAX_BODY_BYTES,
  MAX_COMMAND_BYTES,
  MAX_ENV_ENTRIES,
  parsePlain,
  renderPlain,
  validateCheckRequest,
  validateCheckResponse,
  wantsPlain,
} from '../../../src/ipc/protocol';

const line = { client: 'hook', commandLine: 'git status', cwd: '/home/dev/project', env: {} };
const argvForm = { client: 'shim', tool: 'aws', argv: ['s3', 'rb', 's3://b', '--force'], cwd: '/home/dev/project', env: { AWS_PROFILE: 'prod' } };

const accepted: Array<[what: string, request: unknown]> = [
  ['a command line from a hook', line],
  ['a tool and its argv from a shim', argvForm],
  ['a tool with no arguments', { ...argvForm, argv: [] }],
  ['empty arguments are arguments (git commit -m "")', { ...argvForm, argv: ['commit', '-m', ''] }],
  ['a pid', { ...line, pid: 4242 }],
  ['every client kind: tool', { ...line, client: 'tool' }],
  ['every client kind: cli', { ...line, client: 'cli' }],
  ['every client kind: shim', { ...line, client: 'shim' }],
  ['an environment variable named like Windows ProgramFiles(x86)', { ...line, env: { 'ProgramFiles(x86)': 'C:\\x' } }],
  ['an empty environment value', { ...line, env: { AWS_PROFILE: '' } }],
  ['non-ASCII words', { ...argvForm, argv: ['rm', 'répertoire/日本'] }],
  ['a command line of exactly the limit', { ...line, commandLine: 'x'.repeat(MAX_COMMAND_BYTES) }],
  ['a variable named __proto__ stays a variable', { ...line, env: JSON.parse('{"__proto__":"x"}') }],
  ['a hook naming its agent', { ...line, agent: 'claude-code' }],
  ['a tool naming its MCP client', { ...line, client: 'tool', agent: 'Cursor 1.7' }],
];
for (const [what, request] of accepted) {
  test(`accepts ${what}`, () => {
    const got = validateCheckRequest(request);
    assert.equal(typeof got, 'object', String(got));
    assert.deepEqual(got, request);
  });
}

const refused: Array<[what: string, request: unknown, reason: RegExp]> = [
  ['a string', 'git status', /must be a JSON object/],
  ['null', null, /must be a JSON object/],
  ['an array', [line], /must be a JSON object/],
  ['an unknown field', { ...line, approved: true }, /unknown field "approved"/],
  ['a missing client', { ...line, client: undefined }, /client: must be one of/],
  ['an unknown client kind', { ...line, client: 'agent' }, /client: must be one of/],
  ['a relative cwd', { ...line, cwd: 'project' }, /cwd: must be an absolute path/],
  ['an empty cwd', { ...line, cwd: '' }, /cwd: must not be empty/],
  ['a cwd that is not a string', { ...line, cwd: 42 }, /cwd: must be a string/],
  ['a cwd with NUL', { ...line, cwd: '/tmp\0/etc' }, /cwd: must not contain NUL/],
  ['neither commandLine nor tool', { client: 'hook', cwd: '/', env: {} }, /exactly one of/],
  ['both commandLine and tool+argv', { ...argvForm, commandLine: 'ls' }, /exactly one of/],
  ['a tool without argv', { client: 'shim', tool: 'aws', cwd: '/', env: {} }, /argv: required with tool/],
  ['argv without a tool', { client: 'shim', argv: ['x'], cwd: '/', env: {} }, /tool: required with argv/],
  ['an empty tool', { ...argvForm, tool: '' }, /tool: must not be empty/],
  ['argv as a string', { ...argvForm, argv: 's3 rb' }, /argv: must be an array of strings/],
  ['a number in argv', { ...argvForm, argv: ['s3', 3] }, /argv\[1\]: must be a string/],
  ['NUL inside an argument', { ...argvForm, argv: ['a\0b'] }, /argv\[0\]: must not contain NUL/],
  ['argv longer than the command limit', { ...argvForm, argv: ['x'.repeat(MAX_COMMAND_BYTES / 2), 'y'.repeat(MAX_COMMAND_BYTES / 2)] }, /argv: longer than/],
  ['an empty command line', { ...line, commandLine: '' }, /commandLine: must not be empty/],
  ['a command line over the limit (counted in UTF-8 bytes)', { ...line, commandLine: 'é'.repeat(MAX_COMMAND_BYTES / 2 + 1) }, /commandLine: longer than/],
  ['a command line that is not a string', { ...line, commandLine: ['ls'] }, /commandLine: must be a string/],
  ['a missing env', { ...line, env: undefined }, /env: required/],
  ['env as an array', { ...line, env: ['A=1'] }, /env: must be an object/],
  ['env as a string', { ...line, env: 'A=1' }, /env: must be an object/],
  ['an env value that is a number', { ...line, env: { A: 1 } }, /env.A: must be a string/],
  ['an env value that is null', { ...line, env: { A: null } }, /env.A: must be a string/],
  ['an env name with =', { ...line, env: { 'A=B': 'x' } }, /not a valid variable name/],
  ['an env name starting with a digit', { ...line, env: { '1A': 'x' } }, /not a valid variable name/],
  ['an empty env name', { ...line, env: { '': 'x' } }, /not a valid variable name/],
  ['an env name with a space', { ...line, env: { 'A B': 'x' } }, /not a valid variable name/],
  ['an env name longer than 256 bytes', { ...line, env: { ['A'.repeat(257)]: 'x' } }, /name is longer than/],
  ['an env value longer than 64 KiB', { ...line, env: { A: 'x'.repeat(64 * 1024 + 1) } }, /env.A: longer than/],
  ['too many env entries', { ...line, env: Object.fromEntries(Array.from({ length: MAX_ENV_ENTRIES + 1 }, (_, i) => [`V${i}`, ''])) }, /more than 1024 entries/],
  ['a pid of zero', { ...line, pid: 0 }, /pid: must be a positive integer/],
  ['a shim naming an agent (its terminal markers say who it is)', { ...argvForm, agent: 'claude-code' }, /only hook and tool clients/],
  ['an agent name with markup', { ...line, agent: '<img src=x>' }, /agent: must be/],
  ['an empty agent name', { ...line, agent: '' }, /agent: must be/],
  ['an agent name over 40 characters', { ...line, agent: 'a'.repeat(41) }, /agent: must be/],
  ['a fractional pid', { ...line, pid: 1.5 }, /pid: must be a positive integer/],
  ['a pid as a string', { ...line, pid: '42' }, /pid: must be a positive integer/],
];
for (const [what, request, reason] of refused) {
  test(`refuses ${what}`, () => {
    const got = validateCheckRequest(request);
    assert.equal(typeof got, 'string', 'expected a refusal');
    assert.match(got as string, reason);
  });
}

test('the validated request is a copy: later changes to the input do not reach it', () => {
  const input = { ...argvForm, argv: [...argvForm.argv] };
  const got = validateCheckRequest(input);
  input.argv.push('--no-verify');
  assert.deepEqual((got as typeof argvForm).argv, argvForm.argv);
});

// Argv encoding: the fields a sh shim writes with printf '%s\0'.
const nul = (...fields: string[]) => Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8');

const roundTrips: Array<[what: string, fields: { cwd: string; tool: string; argv: string[]; env: Record<string, string> }]> = [
  ['a plain command', { cwd: '/w', tool: 'git', argv: ['status'], env: {} }],
  ['no arguments', { cwd: '/w', tool: 'ls', argv: [], env: {} }],
  ['empty arguments keep their place', { cwd: '/w', tool: 'git', argv: ['commit', '-m', '', '--allow-empty'], env: {} }],
  ['arguments that look like env entries', { cwd: '/w', tool: 'env', argv: ['A=1', 'B=2'], env: { C: '3' } }],
  ['newlines, spaces and quotes', { cwd: '/w x', tool: 'sh', argv: ['-c', "echo 'a b'\nrm -rf \"$HOME\""], env: {} }],
  ['UTF-8 words', { cwd: '/home/zoë', tool: 'rm', argv: ['日本語.txt', '🙂'], env: { LANG: 'de_DE.UTF-8' } }],
  ['a value containing =', { cwd: '/w', tool: 'aws', argv: ['s3', 'ls'], env: { AWS_PROFILE: 'a=b=c', KUBECONFIG: '' } }],
  ['a leading BOM is kept, not stripped', { cwd: '/w', tool: 'echo', argv: ['\ufeffx'], env: {} }],
  ['many arguments', { cwd: '/w', tool: 'rm', argv: Array.from({ length: 500 }, (_, i) => `f${i}`), env: {} }],
];
for (const [what, fields] of roundTrips) {
  test(`argv encoding round trip: ${what}`, () => {
    assert.deepEqual(decodeArgv(encodeArgv(fields)), { client: 'shim', ...fields });
  });
}

test('argv encoding: the bytes are exactly the documented layout', () => {
  const bytes = encodeArgv({ cwd: '/w', tool: 'git', argv: ['push', '-f'], env: { A: '1' } });
  assert.equal(bytes.toString('utf8'), 'v1\0/w\0git\x002\0push\0-f\0A=1\0');
});

test('argv decoding: empty fields among the environment entries are ignored', () => {
  const got = decodeArgv(nul('v1', '/w', 'git', '1', 'status', '', 'A=1', '', ''));
  assert.deepEqual(got, { client: 'shim', cwd: '/w', tool: 'git', argv: ['status'], env: { A: '1' } });
});

const malformed: Array<[what: string, body: Buffer, reason: RegExp]> = [
  ['an empty body', Buffer.alloc(0), /body: empty/],
  ['a wrong version', nul('v2', '/w', 'git', '0'), /version: expected v1/],
  ['a version that is not first', nul('/w', 'v1', 'git', '0'), /version/],
  ['only the version', nul('v1'), /missing cwd, tool or argc/],
  ['no argc', nul('v1', '/w', 'git'), /missing cwd, tool or argc/],
  ['argc that is not a number', nul('v1', '/w', 'git', 'two', 'a', 'b'), /argc: must be a decimal count/],
  ['a negative argc', nul('v1', '/w', 'git', '-1'), /argc: must be a decimal count/],
  ['argc with a leading zero', nul('v1', '/w', 'git', '01', 'a'), /argc: must be a decimal count/],
  ['argc with spaces', nul('v1', '/w', 'git', ' 1', 'a'), /argc: must be a decimal count/],
  ['argc larger than the arguments given', nul('v1', '/w', 'git', '3', 'a', 'b'), /argc: says 3 arguments, the body has 2/],
  ['argc smaller than the arguments, leaving a non-entry', nul('v1', '/w', 'git', '1', 'push', '--force'), /not NAME=VALUE/],
  ['the last field without its NUL', Buffer.from('v1\0/w\0git\x001\0status', 'utf8'), /end with NUL/],
  ['an entry with an empty name', nul('v1', '/w', 'git', '0', '=x'), /not NAME=VALUE/],
  ['an entry repeated', nul('v1', '/w', 'git', '0', 'AWS_PROFILE=dev', 'AWS_PROFILE=prod'), /given twice/],
  ['an entry with an invalid name', nul('v1', '/w', 'git', '0', 'BASH_FUNC_f%%=() { :; }'), /not a valid variable name/],
  ['a relative cwd', nul('v1', 'w', 'git', '0'), /cwd: must be an absolute path/],
  ['an empty tool', nul('v1', '/w', '', '0'), /tool: must not be empty/],
  ['bytes that are not UTF-8', Buffer.concat([nul('v1', '/w', 'rm', '1'), Buffer.from([0xff, 0xfe, 0]), Buffer.alloc(0)]), /not valid UTF-8/],
  ['a truncated UTF-8 sequence', Buffer.concat([Buffer.from('v1\0/w\0rm\x001\0', 'utf8'), Buffer.from([0xe6, 0x97, 0])]), /not valid UTF-8/],
  ['a body over the limit', Buffer.alloc(MAX_BODY_BYTES + 1, 0x61), /longer than/],
];
for (const [what, body, reason] of malformed) {
  test(`argv decoding refuses ${what}`, () => {
    const got = decodeArgv(body);
    assert.equal(typeof got, 'string', `expected a refusal, got ${JSON.stringify(got)}`);
    assert.match(got as string, reason);
  });
}

const unencodable: Array<[what: string, fields: { cwd: string; tool: string; argv: string[]; env?: Record<string, string> }]> = [
  ['NUL in an argument', { cwd: '/w', tool: 'x', argv: ['a\0b'] }],
  ['NUL in an env value', { cwd: '/w', tool: 'x', argv: [], env: { A: '\0' } }],
  ['= in an env name', { cwd: '/w', tool: 'x', argv: [], env: { 'A=B': '1' } }],
];
for (const [what, fields] of unencodable) {
  test(`encodeArgv throws on ${what}`, () => assert.throws(() => encodeArgv(fields)));
}

// Responses.
const answer = { requestId: 'r-1', outcome: 'blocked', verdict: 'ask', decidedBy: 'person', message: 'Refused by a person.' };

test('a valid response passes unchanged', () => assert.deepEqual(validateCheckResponse(answer), answer));
test('unknown response fields are dropped, not refused (an older shim may talk to a newer gate)', () => {
  assert.deepEqual(validateCheckResponse({ ...answer, extra: 1 }), answer);
});
const badResponses: Array<[what: string, value: unknown, reason: RegExp]> = [
  ['an outcome other than run or blocked', { ...answer, outcome: 'allow' }, /outcome/],
  ['a missing outcome', { ...answer, outcome: undefined }, /outcome/],
  ['an unknown verdict', { ...answer, verdict: 'maybe' }, /verdict/],
  ['an unknown decidedBy', { ...answer, decidedBy: 'agent' }, /decidedBy/],
  ['a message that is not a string', { ...answer, message: 3 }, /message/],
  ['a requestId that is not a string', { ...answer, requestId: 7 }, /requestId/],
  ['an array', [answer], /JSON object/],
];
for (const [what, value, reason] of badResponses) {
  test(`a response with ${what} is refused`, () => assert.match(validateCheckResponse(value) as string, reason));
}

// Plain answers for sh shims.
test('renderPlain: the outcome on the first line, then the message', () => {
  assert.equal(renderPlain({ outcome: 'run', message: 'ok' }), 'run\nok');
  assert.equal(renderPlain({ outcome: 'blocked', message: 'line 1\r\nline 2' }), 'blocked\nline 1\nline 2');
});
test('renderPlain strips terminal control sequences an agent may have planted in quoted text', () => {
  assert.equal(renderPlain({ outcome: 'blocked', message: 'rm \u001b]0;pwned\u0007x\u009b2J\ttab' }), 'blocked\nrm ]0;pwnedx2J\ttab');
});
const plain: Array<[text: string, want: ReturnType<typeof parsePlain>]> = [
  ['run\n', { outcome: 'run', message: '' }],
  ['run', { outcome: 'run', message: '' }],
  ['blocked\nA person refused.\nDo not retry.', { outcome: 'blocked', message: 'A person refused.\nDo not retry.' }],
  ['Run\n', 'answer: first line must be run or blocked'],
  ['run \n', 'answer: first line must be run or blocked'],
  ['blast-radius gate: missing or wrong token\n', 'answer: first line must be run or blocked'],
  ['', 'answer: first line must be run or blocked'],
];
for (const [text, want] of plain) {
  test(`parsePlain ${JSON.stringify(text)}`, () => assert.deepEqual(parsePlain(text), want));
}
test('parsePlain reads back what renderPlain wrote', () => {
  const r = { outcome: 'blocked' as const, message: 'two\nlines' };
  assert.deepEqual(parsePlain(renderPlain(r)), r);
});

const accepts: Array<[header: string | undefined, plain: boolean]> = [
  [undefined, false],
  ['*/*', false],
  ['text/plain', true],
  ['text/plain; charset=utf-8', true],
  ['application/json, text/plain', false],
  ['text/plain, application/json', true],
  ['TEXT/PLAIN', true],
];
for (const [header, want] of accepts) {
  test(`Accept ${header ?? '(none)'} ⇒ ${want ? 'plain' : 'JSON'}`, () => assert.equal(wantsPlain(header), want));
}
