/**
 * The environment a shim forwards to the gate: only what changes the analysis (which profile, region,
 * cluster, workspace, database, project) and who is asking (agent markers). Everything else stays in the
 * terminal: secrets in the environment must not travel, and a smaller request is a faster one.
 */
import { AGENT_MARKERS } from '../gate/agents';

/** Variables the rule packs read through the context (src/core/rules: envOf, ctx.env). */
const ANALYSIS_VARIABLES = [
  'HOME', 'USER', 'TMPDIR',
  'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_VAULT',
  'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
  'KUBECONFIG', 'HELM_NAMESPACE', 'HELM_KUBECONTEXT',
  'TF_WORKSPACE', 'TF_CLI_ARGS', 'TG_WORKING_DIR', 'TG_ALL', 'TERRAGRUNT_WORKING_DIR', 'TERRAGRUNT_ALL',
  'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGSERVICE', 'MYSQL_HOST', 'MYSQL_TCP_PORT',
  'DOCKER_HOST', 'DOCKER_CONTEXT', 'CONTAINER_HOST', 'CONTAINER_CONNECTION', 'COMPOSE_PROJECT_NAME',
  'CLOUDSDK_CORE_PROJECT', 'CLOUDSDK_COMPUTE_ZONE', 'CLOUDSDK_COMPUTE_REGION', 'CLOUDSDK_ACTIVE_CONFIG_NAME',
  'AZURE_DEFAULTS_GROUP',
];

/** Every variable a shim forwards when set, in a fixed order, without duplicates. */
export const FORWARDED_VARIABLES: readonly string[] = [...new Set([...ANALYSIS_VARIABLES, ...AGENT_MARKERS, 'TERM_PROGRAM'])];

/** `TF_CLI_ARGS_<subcommand>` (any subcommand path): terraform adds these arguments itself. */
const PER_COMMAND = /^TF_CLI_ARGS_[A-Za-z0-9_]+$/;

/** The forwarded subset of an environment (the Node client sees all of it, so it forwards every TF_CLI_ARGS_*). */
export function forwardedEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_VARIABLES) {
    const v = env[name];
    if (v !== undefined) out[name] = v;
  }
  for (const [name, v] of Object.entries(env)) {
    if (v !== undefined && PER_COMMAND.test(name)) out[name] = v;
  }
  return out;
}
