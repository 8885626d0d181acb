/**
 * Live preview for Terraform and OpenTofu: what `apply`, `destroy`, `apply -destroy`, `apply -replace`,
 * `apply -target`, `apply PLANFILE` and `state rm` would do, read from a real plan.
 *
 * Read-only by construction: it runs `plan -lock=false -out=<private temp file>` (a plan never writes
 * the state; no lock is taken on a shared backend), `show -json`, and `state list` — never `init`
 * (which writes .terraform), never apply. The temp dir is removed afterwards; the plan file in it may
 * hold secrets, so it is created private (mkdtemp is 0700).
 *
 * Terragrunt is not previewed: every terragrunt run writes generated files into the unit, may run
 * `init` on its own and (in older versions) create the remote-state bucket — none of which a preview may
 * do. It gets a failure line saying so.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action, Target } from '../core';
import { Stopped, firstError, isNotInitialised, runTool, type Ran } from './terraform-cli';
import { planResources, stateResources, type FromTarget, type StateJson } from './terraform-changes';
import { flagValues, readTfCommand, type TfCommand } from './terraform-command';
import type { Resolver, ResolveRequest, ResolverFailure, ResolverResult } from './types';

/** The analysis rules whose actions a plan can show. */
const PLANNED = new Set([
  'terraform.apply',
  'terraform.apply-target',
  'terraform.apply-replace',
  'terraform.apply-destroy',
  'terraform.destroy',
]);
const SAVED_PLAN = 'terraform.apply-saved-plan';
const STATE_RM = 'terraform.state-rm';

/** Flags of apply / destroy that mean the same to plan and are copied to it. */
const COPIED = ['var', 'var-file', 'target', 'replace', 'exclude', 'state', 'parallelism', 'refresh'];

export const terraformResolver: Resolver = {
  name: 'terraform',
  handles(action: Action): boolean {
    if (!['terraform', 'tofu', 'terragrunt'].includes(action.tool)) return false;
    return PLANNED.has(action.rule) || action.rule === SAVED_PLAN || action.rule === STATE_RM;
  },
  async resolve(req: ResolveRequest): Promise<ResolverResult> {
    const { action } = req;
    const subject = action.targets[0]?.id;
    const fail = (message: string): ResolverResult => ({ resources: [], failures: [{ ...(subject ? { target: subject } : {}), message }] });
    if (action.tool === 'terragrunt') {
      return fail(`terragrunt ${action.operation} is not previewed: terragrunt writes generated files and may run init; run \`terragrunt plan\` to see what it would change`);
    }
    const env = { ...(req.ctx.env ?? process.env) };
    const cmd = readTfCommand(action.command, action.tool, action.context.cwd, env);
    if (typeof cmd === 'string') return fail(`could not preview ${action.tool} ${action.operation}: ${cmd}`);
    const unresolved = await firstUnresolved(action, cmd.dir);
    if (unresolved) return fail(`could not preview ${action.tool} ${action.operation}: ${unresolved.unresolved!.join(', ')} known only at run time`);
    if (!(await isDirectory(cmd.dir))) return fail(`could not preview ${action.tool} ${action.operation}: ${cmd.dir} is not a directory`);

    const run = new Runner(action.tool, cmd, childEnv(env, cmd), req.signal);
    const from = fromTarget(action);
    try {
      if (action.rule === STATE_RM) return await previewStateRm(run, cmd, from);
      if (action.rule === SAVED_PLAN) return await previewSavedPlan(run, cmd, from);
      return await previewPlan(run, cmd, action, from);
    } catch (e) {
      if (e instanceof Stopped) return fail(`could not preview ${action.tool} ${action.operation} in ${cmd.dir} in time: ${action.tool} was stopped`);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return fail(`could not run ${cmd.program}: not found (is ${action.tool} installed and on PATH?)`);
      throw e;
    }
  },
};

/** The plan that shows what the command would do, to a private temp file, then its JSON. */
async function previewPlan(run: Runner, cmd: TfCommand, action: Action, from: FromTarget): Promise<ResolverResult> {
  const destroy = action.rule === 'terraform.destroy' || action.rule === 'terraform.apply-destroy';
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'blast-radius-tf-'));
  try {
    const planFile = path.join(tmp, 'preview.tfplan');
    const args = [
      'plan', '-input=false', '-lock=false', '-no-color', `-out=${planFile}`,
      ...(destroy ? ['-destroy'] : []),
      ...cmd.flags.filter(([n]) => COPIED.includes(n)).map(([n, v]) => `-${n}=${v}`),
    ];
    const planned = await run.tf(args);
    if (planned.code !== 0) return { resources: [], failures: [run.failure('plan', planned)] };
    return await showPlan(run, planFile, cmd, from);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `apply PLANFILE` applies exactly what the saved plan says: show it. */
async function previewSavedPlan(run: Runner, cmd: TfCommand, from: FromTarget): Promise<ResolverResult> {
  const file = cmd.positionals[0];
  if (!file) return { resources: [], failures: [{ message: `could not preview ${run.tool} apply: no plan file named` }] };
  return showPlan(run, path.posix.resolve(cmd.dir, file), cmd, from);
}

async function showPlan(run: Runner, planFile: string, cmd: TfCommand, from: FromTarget): Promise<ResolverResult> {
  const shown = await run.tf(['show', '-json', '-no-color', planFile]);
  if (shown.code !== 0) return { resources: [], failures: [run.failure('read the plan', shown)] };
  const plan = parseJson(shown.stdout);
  if (!plan) return { resources: [], failures: [{ message: `could not read the plan for ${cmd.dir}: ${run.tool} show -json printed no JSON` }] };
  return { resources: planResources(plan, cmd.dir, from), failures: [] };
}

/** `state rm` changes no infrastructure: it forgets. List what its addresses match in the current state. */
async function previewStateRm(run: Runner, cmd: TfCommand, from: FromTarget): Promise<ResolverResult> {
  const addresses = cmd.positionals;
  if (addresses.length === 0) return { resources: [], failures: [{ message: `could not preview ${run.tool} state rm: no address named` }] };
  const stateFile = flagValues(cmd, 'state').pop();
  // The whole list, matched here: `state list ADDR` fails outright on an address it does not know.
  const listed = await run.tf(['state', 'list', ...(stateFile ? [`-state=${stateFile}`] : [])]);
  if (listed.code !== 0) return { resources: [], failures: [run.failure('list the state', listed)] };
  const inState = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const matches = (a: string, m: string) => m === a || m.startsWith(`${a}[`) || m.startsWith(`${a}.`);
  const matched = new Set(inState.filter((m) => addresses.some((a) => matches(a, m))));
  const failures: ResolverFailure[] = addresses
    .filter((a) => !inState.some((m) => matches(a, m)))
    .map((a) => ({ target: `tf://${cmd.dir}/${a}`, message: `${a} matches nothing in the state of ${cmd.dir}: state rm would fail` }));
  if (matched.size === 0) return { resources: [], failures };
  const shown = await run.tf(['show', '-json', '-no-color', ...(stateFile ? [path.posix.resolve(cmd.dir, stateFile)] : [])]);
  if (shown.code !== 0) return { resources: [], failures: [...failures, run.failure('read the state', shown)] };
  const state = parseJson(shown.stdout) as StateJson | undefined;
  const resources = state ? stateResources(state, matched, cmd.dir, from) : [];
  // Anything listed but not shown still goes: name it, without details.
  const shownIds = new Set(resources.map((r) => r.name));
  for (const address of matched) {
    if (shownIds.has(address)) continue;
    resources.push({ id: `tf://${cmd.dir}/${address}`, change: 'destroy', kind: 'terraform resource', name: address, facts: ['forgotten: terraform stops managing it; the real object keeps existing'] });
  }
  return { resources, failures };
}

/** Runs the same terraform the command names, in its directory, with the command's environment. */
class Runner {
  constructor(readonly tool: string, private readonly cmd: TfCommand, private readonly env: NodeJS.ProcessEnv, private readonly signal: AbortSignal) {}

  tf(args: string[]): Promise<Ran> {
    return runTool(this.cmd.program, [`-chdir=${this.cmd.dir}`, ...args], { cwd: this.cmd.dir, env: this.env, signal: this.signal });
  }

  /** `could not plan /infra: Error: Invalid reference (main.tf line 3)`, or why init is needed. */
  failure(what: string, ran: Ran): ResolverFailure {
    const error = firstError(ran.stderr) ?? firstError(ran.stdout) ?? `${this.tool} exited with code ${ran.code}`;
    if (isNotInitialised(error)) {
      return {
        target: `tf://${this.cmd.dir}`,
        message: `could not ${what}: ${this.cmd.dir} is not initialised (${error}); run \`${this.tool} init\` there first — the preview does not, since init writes .terraform`,
      };
    }
    return { target: `tf://${this.cmd.dir}`, message: `could not ${what} in ${this.cmd.dir}: ${error}` };
  }
}

/**
 * The environment of the command (the terminal's, plus its own assignments), automation mode on.
 * TF_CLI_ARGS* are taken out: their flags were already read into the command (and `-auto-approve`
 * from TF_CLI_ARGS_apply must not reach plan).
 */
function childEnv(env: Record<string, string | undefined>, cmd: TfCommand): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ...cmd.assignments };
  // The context's environment may leave out what the process needs to start (PATH, HOME).
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'USERPROFILE', 'APPDATA', 'SystemRoot']) {
    if (out[name] === undefined && process.env[name] !== undefined) out[name] = process.env[name];
  }
  for (const name of Object.keys(out)) if (name === 'TF_CLI_ARGS' || name.startsWith('TF_CLI_ARGS_')) delete out[name];
  out.TF_IN_AUTOMATION = '1';
  out.TF_INPUT = '0';
  return out;
}

/** The analysed target a resource falls under (the configuration, or a -target / -replace address). */
function fromTarget(action: Action): FromTarget {
  const targets = action.targets.map((t) => t.id);
  return (id) => {
    if (targets.includes(id)) return undefined;
    return targets.find((t) => id.startsWith(`${t}[`) || id.startsWith(`${t}.`) || id.startsWith(`${t}/`));
  };
}

/**
 * The first target known only at run time. An address like `aws_instance.web[0]` written unquoted is a
 * glob to the shell, so the analysis marks it; it stays as written unless a file in the cwd matches it,
 * which the preview can check.
 */
async function firstUnresolved(action: Action, dir: string): Promise<Target | undefined> {
  let names: string[] | undefined;
  for (const t of action.targets) {
    if (!t.unresolved?.length) continue;
    const prefix = `tf://${dir}/`;
    const address = t.id.startsWith(prefix) ? t.id.slice(prefix.length) : '';
    const onlyBrackets = t.unresolved.length === 1 && t.unresolved[0] === 'address' && address.includes('[') && !/[$`*?/]/.test(address);
    if (!onlyBrackets) return t;
    names ??= await readdir(action.context.cwd).catch(() => [] as string[]);
    let glob: RegExp;
    try {
      glob = new RegExp(`^${address.replace(/[.+^(){}|\\]/g, '\\$&').replace(/\[!/g, '[^')}$`);
    } catch {
      return t;
    }
    if (names.some((n) => glob.test(n))) return t;
  }
  return undefined;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

function parseJson(text: string): Record<string, never> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, never>) : undefined;
  } catch {
    return undefined;
  }
}

