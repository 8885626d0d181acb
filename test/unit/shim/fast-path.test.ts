/**
 * The fast path runs commands without asking anyone, so it must never let through what the core would
 * ask about. Every form in the table, combined with benign and hostile suffixes, goes through the real
 * analyzer: whatever the fast path allows must come out as reads only, allowed even by strict settings.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, readSettings, type Analyzer } from '../../../src/core';
import awsTable from '../../../src/core/rules/aws/operations.generated.json';
import { quoteForShell } from '../../../src/core/shell/wrappers';
import { FAST_PATHS, fastPathAllows, tableProblems, TAIL_CHARS, wordMatches, type FastPathForm } from '../../../src/shim/fast-path';
import { analyzer } from '../support/analyzer';

let a: Analyzer;
before(async () => {
  a = await analyzer();
});

const ctx = {
  cwd: '/home/dev/project',
  home: '/home/dev',
  workspaceRoots: ['/home/dev/project'],
  aws: { account: '123456789012', region: 'us-east-1' },
};

/** Settings as strict as they come: reads must still be allowed (the fast path does not read settings). */
const STRICT = readSettings({
  protectedResources: ['**', '/**', 'arn:aws:*', 's3://*', 'k8s://**', 'git://**', 'tf://**'],
  unknownTools: 'ask',
  bulkThreshold: 1,
  'aws.accounts': { '123456789012': { name: 'prod', protected: true } },
}).settings;

/** What the gate would analyze for this argv: the same quoting (src/gate/gate.ts). */
function line(tool: string, argv: readonly string[]): string {
  return [tool, ...argv].map(quoteForShell).join(' ');
}

function onlyReads(tool: string, argv: readonly string[], env: Record<string, string> = {}): string | undefined {
  const analysis = a.analyze(line(tool, argv), { ...ctx, env: { HOME: '/home/dev', ...env } });
  const bad = analysis.actions.filter((x) => x.effect !== 'read');
  if (!analysis.complete || analysis.actions.length === 0 || bad.length > 0) {
    return `${line(tool, argv)}: ${analysis.actions.map((x) => `${x.effect} ${x.rule}`).join(', ') || 'no action'}`;
  }
  for (const settings of [readSettings({}).settings, STRICT]) {
    const d = decide(analysis, settings, { home: '/home/dev' });
    if (d.verdict !== 'allow') return `${line(tool, argv)}: ${d.verdict} (${d.reasons.map((r) => r.rule).join(', ')})`;
  }
  return undefined;
}

/** Arguments an agent might add after a read form: everyday ones, and ones that try to turn it into a write. */
const SUFFIXES: string[][] = [
  [],
  ['x'],
  ['--help'],
  ['-h'],
  ['-o', 'yaml'],
  ['-o', '/tmp/out'],
  ['--output', 'json'],
  ['--output=/tmp/out'],
  ['--output', '/tmp/out'],
  ['-O'],
  ['-Ovim'],
  ['--open-files-in-pager=vim'],
  ['--upload-pack=touch /tmp/pwned'],
  ['--upload-pack', 'touch /tmp/pwned'],
  ['-u', 'touch /tmp/pwned'],
  ['--exec=touch /tmp/pwned'],
  ['--lost-found'],
  ['-delete'],
  ['-exec', 'rm', '-rf', '{}', ';'],
  ['-execdir', 'rm', '{}', '+'],
  ['-ok', 'rm', '{}', ';'],
  ['-fprint', '/tmp/out'],
  ['-fls', '/tmp/out'],
  ['--pre', 'sh'],
  ['--pre=sh'],
  ['--hostname-bin=sh'],
  ['$(rm -rf ~)'],
  ['`reboot`'],
  ['; rm -rf ~'],
  ['&& rm -rf /'],
  ['| sh'],
  ['>', '/etc/passwd'],
  ['> /etc/passwd'],
  [''],
  ['with space', 'new\nline', '*', '?', '[a]', '~', '$HOME'],
  ['--profile', 'prod', '--region', 'eu-west-1'],
  ['--kubeconfig', '/tmp/kube', '--context', 'prod', '-n', 'kube-system'],
  ['-A', '--all-namespaces', '-w'],
  ['-destroy'],
  ['-auto-approve'],
  ['-f'],
  ['--force'],
  ['--all'],
  ['delete'],
  ['rm', '-rf', '/'],
  ['apply'],
  ['--', '--output=/tmp/out'],
  ['-c', 'core.pager=touch /tmp/pwned'],
  ['--config', 'core.sshCommand=touch /tmp/pwned'],
  ['--dry-run'],
  ['--web'],
  ['-p', '--stat', '--oneline', '-n', '5', 'HEAD~3..HEAD', '--', 'src/'],
  ['--cli-input-json', 'file:///tmp/x.json'],
  ['--endpoint-url', 'http://localhost:4566'],
  ['--query', 'Reservations[].Instances[]'],
];

/** Concrete words for a pattern: every literal alternative, and real and made-up operation names for `prefix*`. */
function concrete(pattern: string): string[] {
  if (!pattern.endsWith('*')) return [pattern];
  const prefix = pattern.slice(0, -1);
  return [`${prefix}things`, `${prefix}zz-unknown-1`, `${prefix}a`];
}

/** Argv heads for a form: a few combinations (the full cross product of aws services × ops is checked below). */
function heads(form: FastPathForm): string[][] {
  let out: string[][] = [[]];
  for (const alts of form.words) {
    const words = alts.flatMap(concrete);
    const next: string[][] = [];
    for (const h of out) for (const w of words.length > 40 ? [...words.slice(0, 20), ...words.slice(-5)] : words) next.push([...h, w]);
    out = next;
  }
  return out;
}

test('the table uses only patterns the sh generator can express', () => {
  assert.deepEqual(tableProblems(), []);
});

test('every argv the fast path allows is only reads to the core (forms × suffixes)', () => {
  const problems: string[] = [];
  let allowed = 0;
  let refused = 0;
  for (const [tool, table] of Object.entries(FAST_PATHS)) {
    for (const form of table.forms) {
      for (const head of heads(form)) {
        for (const suffix of SUFFIXES) {
          const argv = [...head, ...suffix];
          if (!fastPathAllows(tool, argv)) {
            refused++;
            continue;
          }
          allowed++;
          const problem = onlyReads(tool, argv);
          if (problem) problems.push(problem);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  // Not vacuous: both sides of the fast path were exercised.
  assert.ok(allowed > 1000, `only ${allowed} argvs took the fast path`);
  assert.ok(refused > 1000, `only ${refused} argvs were refused`);
});

test('every describe-*/list-* operation of every AWS service in the core table is a read', () => {
  const problems: string[] = [];
  const services = (awsTable as { services: Record<string, Record<string, string | undefined>> }).services;
  let checked = 0;
  for (const [service, entry] of Object.entries(services)) {
    const ops = Object.values(entry)
      .flatMap((list) => (list ?? '').split(' '))
      .map((item) => item.split('=')[0])
      .filter((op) => /^(describe|list)-/.test(op));
    for (const op of ops) {
      for (const suffix of [[], ['--output', 'json'], ['--dry-run']]) {
        const argv = [service, op, ...suffix];
        if (!fastPathAllows('aws', argv)) {
          problems.push(`not on the fast path: aws ${argv.join(' ')}`);
          continue;
        }
        checked++;
        const problem = onlyReads('aws', argv);
        if (problem) problems.push(problem);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 10_000, `checked ${checked}`);
});

test('variables that add arguments send the argv to the gate', () => {
  for (const [tool, table] of Object.entries(FAST_PATHS)) {
    for (const name of table.riskyEnv ?? []) {
      for (const form of table.forms) {
        const argv = heads(form)[0];
        if (fastPathAllows(tool, argv)) assert.equal(fastPathAllows(tool, argv, { [name]: '' }), false, `${tool} ${argv.join(' ')} with ${name}`);
      }
    }
  }
  // And the core itself sees TF_CLI_ARGS: what the fast path refuses with it set is not necessarily a read.
  assert.equal(fastPathAllows('terraform', ['show'], { TF_CLI_ARGS: '-no-color' }), false);
  assert.equal(fastPathAllows('rg', ['foo'], { RIPGREP_CONFIG_PATH: '/tmp/rgrc' }), false);
});

const cases: Array<[tool: string, argv: string[], fast: boolean, why: string]> = [
  ['git', ['status'], true, 'a read'],
  ['git', ['status', '--porcelain=v2', '-b'], true, 'options of a read'],
  ['git', ['--no-pager', 'log', '-p', '-n', '3'], true, '--no-pager before a read'],
  ['git', ['-C', '/elsewhere', 'status'], false, 'a global option before the subcommand'],
  ['git', ['-c', 'core.pager=sh', 'log'], false, 'config before the subcommand'],
  ['git', ['log', '--output=/etc/x'], false, '--output writes a file'],
  ['git', ['diff', '--output', 'x.patch'], false, '--output with a separate value'],
  ['git', ['grep', '-O', 'foo'], false, '-O opens a program'],
  ['git', ['ls-remote', '--upload-pack=sh', 'origin'], false, '--upload-pack runs a program'],
  ['git', ['ls-remote', '-u', 'sh', 'origin'], false, '-u is --upload-pack for ls-remote'],
  ['git', ['branch'], true, 'bare branch lists'],
  ['git', ['branch', '--show-current'], true, 'prints the branch'],
  ['git', ['branch', '-D', 'main'], false, 'branch with more words may delete'],
  ['git', ['remote', '-v'], true, 'lists remotes'],
  ['git', ['remote', 'add', 'x', 'url'], false, 'remote with more words may write'],
  ['git', ['push', '--force'], false, 'not a read'],
  ['git', ['Status'], false, 'words are exact'],
  ['aws', ['sts', 'get-caller-identity'], true, 'who am I'],
  ['aws', ['ec2', 'describe-instances', '--region', 'eu-west-1'], true, 'describe-* in a known service'],
  ['aws', ['s3api', 'list-objects-v2', '--bucket', 'b'], true, 'list-* in a known service'],
  ['aws', ['s3', 'ls', 's3://bucket/', '--recursive'], true, 's3 ls'],
  ['aws', ['s3api', 'get-object', '--bucket', 'b', '--key', 'k', 'out'], false, 'get-* may write a local file'],
  ['aws', ['myplugin', 'list-things'], false, 'a service the core does not know'],
  ['aws', ['ec2', 'describe-instances;rm'], false, 'an operation with characters no operation has'],
  ['aws', ['ec2', 'describe-'], false, 'a bare prefix'],
  ['aws', ['--profile', 'prod', 's3', 'ls'], false, 'a global option before the service'],
  ['aws', ['ec2', 'terminate-instances', '--instance-ids', 'i-1'], false, 'not a read'],
  ['kubectl', ['get', 'pods', '-A', '-o', 'yaml'], true, 'get'],
  ['kubectl', ['logs', '-f', 'deploy/api'], true, 'logs'],
  ['kubectl', ['cluster-info'], true, 'bare cluster-info'],
  ['kubectl', ['cluster-info', 'dump', '--output-directory=/tmp/x'], false, 'dump writes files'],
  ['kubectl', ['delete', 'pod', 'x'], false, 'not a read'],
  ['kubectl', ['--context', 'prod', 'get', 'pods'], false, 'a global option first'],
  ['terraform', ['version'], true, 'version'],
  ['terraform', ['state', 'list'], true, 'state list'],
  ['terraform', ['state', 'rm', 'x'], false, 'state rm destroys'],
  ['terraform', ['plan'], false, 'plan is left to the gate (it is slow anyway)'],
  ['terraform', ['providers', 'lock'], false, 'providers lock writes the lock file'],
  ['find', ['.', '-name', '*.ts'], true, 'find that only lists'],
  ['find', ['.', '-name', '*.tmp', '-delete'], false, '-delete'],
  ['find', ['.', '-exec', 'rm', '{}', ';'], false, '-exec'],
  ['rg', ['-n', 'TODO', 'src'], true, 'a search'],
  ['rg', ['--pre', 'sh', 'x'], false, '--pre runs a program per file'],
  ['node', ['--version'], true, 'version'],
  ['node', ['--version', 'x.js'], false, 'exact forms only'],
  ['rm', ['-rf', 'dist'], false, 'no fast path for rm at all'],
  ['npm', ['ls'], true, 'lists packages'],
  ['npm', ['install'], false, 'installs'],
  ['gh', ['pr', 'view', '12'], true, 'views a PR'],
  ['gh', ['pr', 'merge', '12'], false, 'merges'],
];

for (const [tool, argv, fast, why] of cases) {
  test(`${fast ? 'fast' : 'asks'}: ${tool} ${argv.join(' ')} (${why})`, () => {
    assert.equal(fastPathAllows(tool, argv), fast);
    if (fast) assert.equal(onlyReads(tool, argv), undefined);
  });
}

test('a prefix pattern needs at least one more character from the tail set', () => {
  assert.equal(wordMatches('list-*', 'list-buckets'), true);
  assert.equal(wordMatches('list-*', 'list-'), false);
  assert.equal(wordMatches('list-*', 'list-Buckets'), false);
  assert.equal(wordMatches('list-*', 'list-a/b'), false);
  assert.equal(wordMatches('list-*', 'list-é'), false);
  assert.ok(!TAIL_CHARS.includes('/'));
});
