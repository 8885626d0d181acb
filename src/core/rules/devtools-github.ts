/**
 * The GitHub CLI. Reading pull requests, issues, runs and the API is `read`; anything that posts to
 * GitHub is a shared write (others see it, it cannot be taken back quietly); deleting repositories,
 * releases, secrets and the like is `destroy`.
 */
import type { Target } from '../model';
import type { Word } from '../shell/command';
import { classify, operands, type Kind } from './devtools-support';
import type { ToolAnalyzer } from './tool-analyzer';

const R: Kind = 'read';
const L: Kind = 'local';
const S: Kind = 'shared';
const D: Kind = 'destroy';

const GROUPS: Record<string, { verbs: Record<string, Kind>; kind: string }> = {
  pr: {
    kind: 'pull',
    verbs: { list: R, view: R, status: R, checks: R, diff: R, checkout: L, co: L, create: S, new: S, comment: S, edit: S, review: S, ready: S, close: S, reopen: S, merge: S, lock: S, unlock: S, 'update-branch': S, revert: S },
  },
  issue: {
    kind: 'issue',
    verbs: { list: R, view: R, status: R, create: S, new: S, comment: S, edit: S, close: S, reopen: S, lock: S, unlock: S, pin: S, unpin: S, transfer: S, develop: S, delete: D },
  },
  repo: {
    kind: 'repo',
    verbs: { view: R, list: R, clone: L, 'set-default': L, fork: S, create: S, new: S, edit: S, rename: S, archive: S, unarchive: S, sync: S, delete: D, autolink: R, gitignore: R, license: R, 'deploy-key': R },
  },
  release: {
    kind: 'release',
    verbs: { list: R, view: R, verify: R, 'verify-asset': R, download: L, create: S, new: S, edit: S, upload: S, delete: D, 'delete-asset': D },
  },
  run: { kind: 'run', verbs: { list: R, view: R, watch: R, download: L, rerun: S, cancel: S, delete: D } },
  workflow: { kind: 'workflow', verbs: { list: R, view: R, run: S, enable: S, disable: S } },
  secret: { kind: 'secret', verbs: { list: R, set: S, delete: D, remove: D } },
  variable: { kind: 'variable', verbs: { list: R, get: R, set: S, delete: D, remove: D } },
  label: { kind: 'label', verbs: { list: R, create: S, edit: S, clone: S, delete: D } },
  gist: { kind: 'gist', verbs: { list: R, view: R, clone: L, create: S, new: S, edit: S, rename: S, delete: D } },
  codespace: { kind: 'codespace', verbs: { list: R, ls: R, view: R, logs: R, ports: R, create: S, edit: S, stop: S, rebuild: S, cp: S, code: S, jupyter: S, ssh: 'unknown', delete: D } },
  cache: { kind: 'cache', verbs: { list: R, delete: D } },
  auth: { kind: 'auth', verbs: { status: R, token: R, login: L, logout: L, refresh: L, 'setup-git': L, switch: L } },
  config: { kind: 'config', verbs: { get: R, list: R, set: L, 'clear-cache': L } },
  extension: { kind: 'extension', verbs: { list: R, search: R, browse: R, install: L, upgrade: L, remove: L, create: L, exec: 'unknown' } },
  alias: { kind: 'alias', verbs: { list: R, set: L, delete: L, import: L } },
  'ssh-key': { kind: 'ssh key', verbs: { list: R, add: S, delete: D } },
  'gpg-key': { kind: 'gpg key', verbs: { list: R, add: S, delete: D } },
  project: {
    kind: 'project',
    verbs: { list: R, view: R, 'field-list': R, 'item-list': R, create: S, edit: S, close: S, copy: S, link: S, unlink: S, 'mark-template': S, 'field-create': S, 'item-add': S, 'item-create': S, 'item-edit': S, 'item-archive': S, delete: D, 'field-delete': D, 'item-delete': D },
  },
  ruleset: { kind: 'ruleset', verbs: { list: R, view: R, check: R } },
  org: { kind: 'org', verbs: { list: R } },
  attestation: { kind: 'attestation', verbs: { verify: R, download: L, 'trusted-root': R } },
};
const ALIASES: Record<string, string> = { cs: 'codespace', ext: 'extension', extensions: 'extension', repos: 'repo' };
const READ_ONLY = new Set(['search', 'browse', 'status', 'completion', 'version', 'help', '--version', '--help']);

const VALUE = ['-R', '--repo', '-X', '--method', '-f', '--raw-field', '-F', '--field', '-H', '--header', '--input', '-q', '--jq', '-t', '--template', '--hostname', '-b', '--body', '--title', '-B', '--base', '--head', '-L', '--limit', '-s', '--state', '-a', '--assignee', '-l', '--label', '-m', '--milestone', '-A', '--author', '--workflow', '--json', '-e', '--env', '-o', '--org', '--body-file', '--notes', '-n', '--notes-file', '--target', '--cache', '--preview', '--visibility', '--description', '-p', '--pattern', '--branch', '--ref', '--user', '-u', '--app', '--subject', '--match-head-commit', '-r', '--reviewer', '--slurp'];

function repoOf(args: readonly Word[]): string | undefined {
  const i = args.findIndex((w) => w.value === '-R' || w.value === '--repo');
  if (i >= 0) return args[i + 1]?.value;
  const glued = args.find((w) => w.value.startsWith('--repo='));
  return glued?.value.slice('--repo='.length);
}

function githubTarget(repo: string | undefined, kind: string, id: Word | undefined, change: Target['change']): Target {
  const where = repo ?? 'current';
  const t: Target = { id: `github://${where}/${kind.replace(/ /g, '-')}${id ? `/${id.value}` : ''}`, change, kind };
  const unresolved = [...(repo ? [] : ['repo']), ...(id?.dynamic ? ['id'] : [])];
  if (unresolved.length) t.unresolved = unresolved;
  return t;
}

/** `gh api ENDPOINT`: GET unless a method is given or fields are sent. */
function api(cmd: Parameters<ToolAnalyzer>[0], ctx: Parameters<ToolAnalyzer>[1], ops: Word[]) {
  const endpoint = ops[1];
  const m = cmd.args.findIndex((w) => w.value === '-X' || w.value === '--method');
  const glued = cmd.args.find((w) => /^(-X|--method=)./.test(w.value));
  const sends = cmd.args.some((w) => ['-f', '--raw-field', '-F', '--field', '--input'].includes(w.value) || /^--(raw-)?field=/.test(w.value));
  const method = (m >= 0 ? cmd.args[m + 1]?.value : glued?.value.replace(/^(-X|--method=)/, ''))?.toUpperCase() ?? (sends ? 'POST' : 'GET');
  const path = (endpoint?.value ?? '').replace(/^\//, '');
  const target: Target = { id: `github://api/${path}`, change: 'read', kind: 'api endpoint', ...(endpoint?.dynamic ? { unresolved: ['path'] } : {}) };
  if (path === 'graphql') {
    const query = cmd.args.find((w, i) => /query=/.test(w.value) || (['-f', '-F', '--raw-field', '--field'].includes(cmd.args[i - 1]?.value ?? '') && /query=/.test(w.value)));
    const mutates = !query || /\bmutation\b/.test(query.value) || query.dynamic || /query=@/.test(query.value);
    return classify(cmd, ctx, 'gh api graphql', mutates ? 'shared' : 'read', mutates ? 'api-write' : 'api-read', {
      targets: [{ ...target, change: mutates ? 'change' : 'read' }],
      notes: mutates ? ['a GraphQL mutation (or a query the analyzer cannot read)'] : [],
    });
  }
  if (method === 'GET' || method === 'HEAD') return classify(cmd, ctx, `gh api ${method}`, 'read', 'api-read', { targets: [target] });
  const deletes = method === 'DELETE';
  return classify(cmd, ctx, `gh api ${method}`, deletes ? 'destroy' : 'shared', deletes ? 'api-delete' : 'api-write', {
    targets: [{ ...target, change: deletes ? 'destroy' : 'change' }],
  });
}

const gh: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, VALUE);
  if (ops.length === 0 || READ_ONLY.has(ops[0].value) || cmd.args.some((w) => w.value === '--help')) {
    return classify(cmd, ctx, `gh ${ops[0]?.value ?? ''}`.trim(), 'read', 'read-only');
  }
  const groupName = ALIASES[ops[0].value] ?? ops[0].value;
  if (groupName === 'api') return api(cmd, ctx, ops);
  const group = GROUPS[groupName];
  if (!group) return classify(cmd, ctx, `gh ${groupName}`, 'unknown', 'unrecognised', { notes: ['a gh command or extension the analyzer does not know'] });
  const verb = ops[1]?.value ?? 'list';
  const kind = group.verbs[verb] ?? 'unknown';
  const repo = repoOf(cmd.args);
  const operation = `gh ${groupName} ${verb}`;
  const change: Target['change'] = kind === 'destroy' ? 'destroy' : kind === 'shared' ? (/^(create|new|fork|add|upload|clone)$/.test(verb) ? 'create' : 'change') : 'read';
  const subject = groupName === 'repo' ? undefined : ops[2];
  const targets = kind === 'shared' || kind === 'destroy' ? [githubTarget(groupName === 'repo' ? ops[2]?.value ?? repo : repo, group.kind, subject, change)] : [];
  const notes: string[] = [];
  if (groupName === 'pr' && verb === 'merge') {
    if (cmd.args.some((w) => w.value === '--admin')) notes.push('--admin: bypasses branch protection');
    if (cmd.args.some((w) => w.value === '-d' || w.value === '--delete-branch')) notes.push('also deletes the branch');
  }
  const rule = kind === 'read' ? 'read-only' : kind === 'unknown' ? 'unrecognised' : kind === 'local' ? 'gh-local' : kind === 'destroy' ? 'gh-delete' : 'gh-write';
  return classify(cmd, ctx, operation, kind, rule, { targets, notes, context: repo ? { where: repo } : undefined });
};

export const githubAnalyzers: Record<string, ToolAnalyzer> = { gh };
