/**
 * `blast-radius aws session-policy`: prints the STS session policy the settings produce, so a person
 * or a security review can read exactly what agents' AWS credentials are denied.
 * Exit status: 0 it fits STS's limit, 1 it does not (no scoped credentials would be issued), 64 usage.
 */
import { DEFAULT_SETTINGS, type PolicySettings } from '../core';
import { buildSessionPolicy, policyJson, type SessionPolicy } from '../core/aws/session-policy';
import { inert } from './format';
import { readSettingsFile } from './settings-file';
import { AWS_USAGE } from './usage';


const HELP = `usage:
${AWS_USAGE}

Prints the session policy agents' AWS credentials carry under the settings: it allows what the role
allows and denies the destructive actions on the protected resources (--everywhere: on every resource),
with notes on what was widened, skipped or could not be fitted into STS's 2,048 characters.
--settings reads a VS Code settings.json (blastRadius.* keys). Exit status: 0 fits, 1 does not fit, 64 usage.`;

interface Parsed {
  settings?: string;
  everywhere: boolean;
  json: boolean;
}

function parse(argv: readonly string[]): Parsed | string {
  const [sub, ...rest] = argv;
  if (sub !== 'session-policy') return sub === undefined ? 'give a subcommand: session-policy' : `unknown aws subcommand ${inert(sub)}`;
  const p: Parsed = { everywhere: false, json: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--everywhere') p.everywhere = true;
    else if (a === '--json') p.json = true;
    else if (a === '--settings') {
      const v = rest[++i];
      if (v === undefined) return '--settings needs a file';
      p.settings = v;
    } else if (a.startsWith('--settings=')) p.settings = a.slice('--settings='.length);
    else return `unknown argument ${inert(a)}`;
  }
  return p;
}

function pretty(policy: SessionPolicy, mode: string): string {
  const lines = [
    `Session policy for agents' AWS credentials (${mode}):`,
    '',
    // What is sent to STS (policyJson), indented for reading: the same escapes, so nothing hides.
    JSON.stringify(JSON.parse(policyJson(policy.document)), null, 2).replace(/[^\n\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    '',
    'Notes:',
    ...policy.notes.map((n) => `  - ${inert(n)}`),
    '',
    policy.fits
      ? `Fits: ${policy.bytes} of ${policy.limit} characters as sent (minified).`
      : `DOES NOT FIT: ${policy.bytes} of ${policy.limit} characters as sent (minified); no scoped credentials would be issued with it.`,
  ];
  return lines.join('\n');
}

export async function runAws(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help' || (argv[0] === 'session-policy' && (argv.includes('--help') || argv.includes('-h')))) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`blast-radius aws: ${parsed}\n${HELP}\n`);
    return 64;
  }
  let settings: PolicySettings = DEFAULT_SETTINGS;
  if (parsed.settings) {
    const reading = readSettingsFile(parsed.settings);
    for (const problem of reading.problems) process.stderr.write(`blast-radius: settings: ${inert(problem)}\n`);
    settings = reading.settings;
  }
  const mode = parsed.everywhere ? 'everywhere' : 'protected';
  const policy = buildSessionPolicy(settings, { mode });
  if (parsed.json) {
    const { document, json, bytes, limit, fits, packed, notes, skipped, unexpressed } = policy;
    process.stdout.write(JSON.stringify({ mode, fits, bytes, limit, policy: json, document, packed, notes, skipped, unexpressed }) + '\n');
  } else {
    process.stdout.write(pretty(policy, mode === 'everywhere' ? 'destructive actions denied everywhere' : 'destructive actions denied on protected resources') + '\n');
  }
  return policy.fits ? 0 : 1;
}
