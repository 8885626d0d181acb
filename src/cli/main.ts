/**
 * The `blast-radius` command. Runs outside VS Code (hooks, CI, scripts) with the same core as the
 * extension. Exit codes for `check`: 0 allow, 1 ask, 2 deny, 64 usage error.
 */
import * as v8 from 'node:v8';
import { DEFAULT_SETTINGS, type PolicySettings } from '../core';
import { loadAnalyzer } from '../platform/analyzer';
import { checkJsonl, checkOne, checkWithPreview, EXIT } from './check';
import { inert } from './format';
import { readSettingsFile } from './settings-file';
import { AWS_USAGE, HOOK_USAGE } from './usage';

const USAGE = `usage:
  blast-radius check [--json] [--preview [--timeout SECONDS]] [--settings FILE] [--cwd DIR] [--workspace DIR]... 'COMMAND LINE'
  blast-radius check --jsonl [--settings FILE] [--workspace DIR]...   < requests.jsonl
${HOOK_USAGE}
${AWS_USAGE}
  blast-radius --version

check prints what the command line would do and whether a person must approve it.
Exit status: 0 allow, 1 ask, 2 deny, 64 usage error.
--jsonl reads {"command": "...", "cwd"?: "/abs", "env"?: {...}} per line, writes one JSON line each.
--preview reads the live state of what an asked-about command would touch (AWS, Terraform,
Kubernetes, Helm, git, files), read-only and bounded by --timeout (default 5 s), and prints the preview a person would see.
--settings reads a VS Code settings.json (blastRadius.* keys).
hook speaks an agent's pre-tool hook protocol: reads the hook's JSON on stdin, asks a running VS Code
window's gate (or decides with the core alone) and writes the answer in that agent's format. --timeout
is the agent's hook time limit (default: the agent's own default); the hook answers before it.
aws session-policy prints the STS session policy agents' AWS credentials carry under the settings
(--everywhere: destructive actions denied on every resource); exit 0 fits, 1 does not fit.`;

interface Parsed {
  json: boolean;
  preview: boolean;
  timeoutSeconds: number;
  jsonl: boolean;
  settings?: string;
  cwd?: string;
  workspaces: string[];
  command?: string;
}

function parseCheckArgs(argv: string[]): Parsed | string {
  const p: Parsed = { json: false, preview: false, timeoutSeconds: 5, jsonl: false, workspaces: [] };
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | undefined => argv[++i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    } else if (a === '--json') p.json = true;
    else if (a === '--jsonl') p.jsonl = true;
    else if (a === '--preview') p.preview = true;
    else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = Number(a.includes('=') ? a.slice(10) : value());
      if (!Number.isFinite(v) || v <= 0 || v > 600) return '--timeout takes a number of seconds between 0 and 600';
      p.timeoutSeconds = v;
    }
    else if (a === '--settings') p.settings = value();
    else if (a.startsWith('--settings=')) p.settings = a.slice(11);
    else if (a === '--cwd') p.cwd = value();
    else if (a === '--workspace') {
      const v = value();
      if (v) p.workspaces.push(v);
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else operands.push(a);
  }
  if (p.jsonl) {
    if (operands.length > 0) return '--jsonl reads commands from stdin; give no command argument';
    if (p.preview) return '--preview checks one command at a time; it does not combine with --jsonl';
  } else {
    if (operands.length !== 1) return 'give exactly one command line, quoted as one argument';
    p.command = operands[0];
  }
  return p;
}

/**
 * A short-lived process: V8's optimizing compiler would spend ~500 ms on the 1.4 MB bash grammar in
 * background threads that the process then waits for at exit. The baseline compiler alone is ready in
 * milliseconds and parses as fast for command lines (measured: one check 650 → 140 ms, 10,000 lines
 * 1.16 → 1.05 s). Must run before the grammar loads.
 */
v8.setFlagsFromString('--liftoff-only');
// The AWS SDK warns on Node 20 that future versions will need 22; stderr is for the user's settings problems.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--version' || sub === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(USAGE + '\n');
    return sub === undefined ? EXIT.usage : 0;
  }
  // Loaded only when used: a `check` process must not compile hook adapters, the IPC client or the
  // session-policy packer (start-up time is the CLI's budget, see npm run bench).
  if (sub === 'hook') return (await import('./hook')).hookCommand(rest);
  if (sub === 'aws') return (await import('./aws')).runAws(rest);
  if (sub !== 'check') {
    process.stderr.write(`blast-radius: unknown command ${inert(sub)}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const parsed = parseCheckArgs(rest);
  if (typeof parsed === 'string') {
    process.stderr.write(`blast-radius check: ${parsed}\n${USAGE}\n`);
    return EXIT.usage;
  }
  let settings: PolicySettings = DEFAULT_SETTINGS;
  if (parsed.settings) {
    const reading = readSettingsFile(parsed.settings);
    for (const problem of reading.problems) process.stderr.write(`blast-radius: settings: ${problem}\n`);
    settings = reading.settings;
  }
  const analyzer = await loadAnalyzer();
  const opts = { settings, cwd: parsed.cwd, workspaceRoots: parsed.workspaces.length > 0 ? parsed.workspaces : undefined };
  if (parsed.jsonl) return checkJsonl(analyzer, opts);
  if (parsed.preview) {
    const { resolvers } = await import('../preview');
    const { output, exitCode } = await checkWithPreview(analyzer, resolvers, parsed.command!, { ...opts, timeoutMs: parsed.timeoutSeconds * 1000 }, parsed.json);
    process.stdout.write(output + '\n');
    return exitCode;
  }
  const { output, exitCode } = checkOne(analyzer, parsed.command!, opts, parsed.json);
  process.stdout.write(output + '\n');
  return exitCode;
}

declare const BLAST_RADIUS_VERSION: string | undefined;
const VERSION = typeof BLAST_RADIUS_VERSION === 'string' ? BLAST_RADIUS_VERSION : 'development';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Fail closed: an internal error is "ask", never "allow".
    process.stderr.write(`blast-radius: internal error: ${inert(String(e))}\n`);
    process.exitCode = EXIT.ask;
  },
);
