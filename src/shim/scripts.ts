/**
 * Generates the POSIX sh shim for one tool. Every shim is self-contained (sourcing a shared file would
 * cost a file open per command) and does, in order:
 *   1. find the real program: the first `$dir/$tool` on PATH outside any shim folder, else exit 127;
 *   2. fast path: argv forms that only read (fast-path.ts) exec it at once, no round trip;
 *   3. ask the gate with curl over the socket (argv encoding, plain answer): `run` execs, `blocked` exits 126;
 *   4. no curl, or no gate at the socket: the Node client asks again or decides with the core alone.
 * An approval of a destructive AWS request may come with a one-time credentials grant: the shim exports
 * it as BLAST_RADIUS_GRANT for the approved program alone (its credential_process presents it, see
 * src/aws/scoped/grants.ts); every other run starts without one, so a grant never leaks to the next command.
 * The script never reads stdin and never writes stdout; `exec` leaves stdin, stdout, stderr, signals and
 * the exit status to the real program.
 */
import { FAST_PATHS, TAIL_CHARS, type FastPathForm, type WordPattern } from './fast-path';
import { FORWARDED_VARIABLES } from './environment';

/** A file in the shim folder: a shim that finds it in a PATH folder skips that folder (no loops). */
export const SHIM_MARKER = '.blast-radius-shims';

/** How every shim script starts: what tells our scripts from anything else in the folder. */
export const SHIM_HEADER = '#!/bin/sh\n# Blast Radius shim for ';

/**
 * Tools whose child processes run with the shim folder removed from PATH, because the tool's own analysis
 * already covers them and a second check would ask about plumbing: git runs `ssh host git-receive-pack`
 * for a push, rsync and scp run ssh, kubectl runs credential plugins (`aws eks get-token`), aws runs
 * credential_process, terragrunt runs terraform. Every other tool keeps the shims for its children: an
 * allowed `node deploy.js` or `make` runs code the core could not see, and its `aws …` must still be checked.
 */
export const CHILDREN_WITHOUT_SHIMS: ReadonlySet<string> = new Set(['git', 'ssh', 'scp', 'sftp', 'rsync', 'kubectl', 'aws', 'terragrunt']);

/** Tools whose TF_CLI_ARGS_<subcommand> the sh shim forwards (the Node client forwards all of them). */
const TERRAFORM_LIKE: ReadonlySet<string> = new Set(['terraform', 'tofu', 'terragrunt']);

/** A tool name a shim can carry: a file name, and safe inside single quotes. */
export function isShimmableName(tool: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(tool);
}

/** Single-quotes a word for sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const GUARD = `*[!${TAIL_CHARS}]*`;

/** A sh test that word `$n` matches one of the alternatives (see wordMatches in fast-path.ts). */
function wordTest(n: number, alternatives: readonly WordPattern[]): string {
  const w = `\${${n}-}`;
  const literals = alternatives.filter((p) => !p.endsWith('*')).map(shQuote);
  const prefixes = alternatives.filter((p) => p.endsWith('*')).map((p) => `${shQuote(p.slice(0, -1))}?*`);
  const arms: string[] = [];
  if (literals.length > 0) arms.push(`${literals.join('|')}) :;;`);
  if (prefixes.length > 0) arms.push(`${prefixes.join('|')}) case ${w} in ${GUARD}) false;; *) :;; esac;;`);
  return `case ${w} in ${arms.join(' ')} *) false;; esac`;
}

function formTest(form: FastPathForm): string {
  const tests = form.words.map((alts, i) => wordTest(i + 1, alts));
  if (form.exact) tests.unshift(`[ $# -eq ${form.words.length} ]`);
  return tests.length === 0 ? ':' : tests.join(' && ');
}

/**
 * The sh function `fast`, called as `fast "$@"`: status 0 when the argv may run without asking.
 * Mirrors fastPathAllows(): the first form that matches decides; an exact form matches only the whole argv.
 */
export function fastPathSh(tool: string): string {
  const table = Object.prototype.hasOwnProperty.call(FAST_PATHS, tool) ? FAST_PATHS[tool] : undefined;
  if (!table || table.forms.length === 0) return 'fast() { return 1; }';
  const lines = ['fast() {'];
  for (const name of table.riskyEnv ?? []) lines.push(`  [ -z "\${${name}+x}" ] || return 1`);
  table.forms.forEach((form, i) => {
    lines.push(`  ${i === 0 ? 'if' : 'elif'} ${formTest(form)}; then ${form.exact ? 'return 0' : `shift ${form.words.length}`}`);
  });
  lines.push('  else return 1; fi');
  const risky = table.risky ?? [];
  if (risky.length > 0) {
    const patterns = risky.map((r) => (r.endsWith('*') ? `${shQuote(r.slice(0, -1))}*` : shQuote(r)));
    lines.push(`  for a do case $a in ${patterns.join('|')}) return 1;; esac; done`);
  }
  lines.push('  return 0', '}');
  return lines.join('\n');
}

/** The forwarded variables as printf arguments: each expands to `NAME=value` when set, else to an empty field. */
function envFields(tool: string): string {
  const fields = FORWARDED_VARIABLES.map((n) => `"\${${n}+${n}=\$${n}}"`);
  if (TERRAFORM_LIKE.has(tool)) fields.push('"$tf1"', '"$tf2"');
  const out: string[] = [];
  for (let i = 0; i < fields.length; i += 4) out.push('    ' + fields.slice(i, i + 4).join(' '));
  return out.join(' \\\n');
}

/** TF_CLI_ARGS_<sub> and TF_CLI_ARGS_<sub>_<sub2> for the first words, when they are plain lower-case names. */
const TERRAFORM_ENV = `tf1= tf2=
case \${1-} in ''|*[!abcdefghijklmnopqrstuvwxyz]*) ;; *)
  eval "tf1=\\\${TF_CLI_ARGS_\${1}+TF_CLI_ARGS_\${1}=\\\$TF_CLI_ARGS_\${1}}"
  case \${2-} in ''|*[!abcdefghijklmnopqrstuvwxyz]*) ;; *)
    eval "tf2=\\\${TF_CLI_ARGS_\${1}_\${2}+TF_CLI_ARGS_\${1}_\${2}=\\\$TF_CLI_ARGS_\${1}_\${2}}" ;;
  esac ;;
esac`;

export interface ShimScriptOptions {
  /** The extension's version, written into the header. */
  version: string;
  /** Leave out the fast path: every argv is asked about (the person's deny rules name this tool). */
  noFastPath?: boolean;
}

export function shimScript(tool: string, opts: ShimScriptOptions): string {
  if (!isShimmableName(tool)) throw new Error(`shimScript: ${JSON.stringify(tool)} is not a name a shim can carry`);
  const strip = CHILDREN_WITHOUT_SHIMS.has(tool) ? 'PATH=$rp; export PATH; ' : '';
  const version = opts.version.replace(/[^A-Za-z0-9._+-]/g, '?');
  return `${SHIM_HEADER}\`${tool}\` (version ${version}). Generated on every start; edits are lost.
# Runs the real ${tool} at once when the arguments only read, otherwise after the Blast Radius gate allows it.
# Never reads stdin, never writes stdout: exec leaves streams, signals and the exit status to ${tool}.
t=${shQuote(tool)}
s=\${BLAST_RADIUS_SHIMS-}
h=\${0%/*}
[ "$h" != "$0" ] || h=.
nl='
'

# The first executable $1 on PATH outside shim folders (f), and PATH without them (p).
find_program() {
  f= p=
  o=$IFS; IFS=:; set -f
  for d in $PATH; do
    [ -n "$d" ] || d=.
    if [ "$d" = "$s" ] || [ "$d" = "$h" ] || [ -e "$d/${SHIM_MARKER}" ]; then continue; fi
    p=\${p:+$p:}$d
    if [ -z "$f" ] && [ -f "$d/$1" ] && [ -x "$d/$1" ]; then f=$d/$1; fi
  done
  IFS=$o; set +f
}

find_program "$t"
r=$f rp=$p
if [ -z "$r" ]; then
  printf '%s: command not found\\n' "$t" >&2
  exit 127
fi
run() { ${strip}exec "$r" "$@"; }
unset BLAST_RADIUS_GRANT
# An approved AWS request: only this program gets the one-time credentials grant in $g.
granted() {
  case $g in ''|*[!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-]*) ;; *) [ \${#g} -lt 32 ] || { BLAST_RADIUS_GRANT=$g; export BLAST_RADIUS_GRANT; } ;; esac
  run "$@"
}

${opts.noFastPath ? 'fast() { return 1; }' : fastPathSh(tool)}

if fast "$@"; then run "$@"; fi
${TERRAFORM_LIKE.has(tool) ? TERRAFORM_ENV + '\n' : ''}
# Ask the gate with curl: the argv encoding in, \`run\` or \`blocked\` + message out.
if [ -n "\${BLAST_RADIUS_IPC-}" ]; then
  find_program curl
  if [ -n "$f" ]; then
    a=$(printf '%s\\0' v1 "\${PWD:-$(pwd)}" "$t" "$#" "$@" \\
${envFields(tool)} |
      "$f" --unix-socket "$BLAST_RADIUS_IPC" -sS -H "Authorization: Bearer \${BLAST_RADIUS_TOKEN-}" \\
        -H 'Content-Type: application/x-blast-radius-argv' -H 'Accept: text/plain' -H 'Expect:' \\
        --data-binary @- http://gate/v1/check 2>/dev/null)
    if [ $? -eq 0 ]; then
      case $a in
        run"$nl"grant=*) g=\${a#run"$nl"grant=}; g=\${g%%"$nl"*}; granted "$@" ;;
        run|run"$nl"*) run "$@" ;;
        blocked|blocked"$nl"*)
          a=\${a#blocked}; printf '%s\\n' "\${a#"$nl"}" >&2
          exit 126 ;;
      esac
      printf 'Blast Radius: the gate gave an unexpected answer, so %s did not run: %.300s\\n' "$t" "$a" >&2
      exit 126
    fi
  fi
fi

# No curl, or no gate at the socket: the Node client asks again or decides with the core alone.
n=\${BLAST_RADIUS_NODE-}
if [ -z "$n" ] || [ ! -x "$n" ]; then find_program node; n=$f; fi
c=\${BLAST_RADIUS_CLIENT-}
if [ -n "$n" ] && [ -n "$c" ] && [ -f "$c" ]; then
  # Its messages go to stderr, and a grant, when the gate gave one, to descriptor 3: captured in $g.
  g=$(3>&1 ELECTRON_RUN_AS_NODE=1 "$n" "$c" "$t" "$@" </dev/null >&2)
  e=$?
  if [ $e -eq 0 ]; then granted "$@"; fi
  if [ $e -eq 126 ] || [ $e -gt 128 ]; then exit $e; fi
  printf 'Blast Radius: the checker failed (status %s), so %s did not run. Stop and ask the user how to proceed.\\n' "$e" "$t" >&2
  exit 126
fi
printf 'Blast Radius: %s needs a check, but no Blast Radius gate is reachable from this terminal and its checker is missing (BLAST_RADIUS_CLIENT / node). It did not run. Do not try another way: stop and ask the user, who can open VS Code with Blast Radius enabled, or run the command themselves outside the agent terminal.\\n' "$t" >&2
exit 126
`;
}
