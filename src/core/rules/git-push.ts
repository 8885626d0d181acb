/**
 * `git push`: which refs on which remote it would change, and whether it only adds commits (write,
 * recoverable: the default policy allows it unless the ref is protected) or can lose remote history
 * (force, delete, mirror, prune: destroy).
 */
import type { Target } from '../model';
import type { Word } from '../shell/command';
import { has, optionValue, parseArgv, resolvePath } from './support';
import type { GitInvocation, GitVerdict } from './git-invocation';

/** A remote as it appears in target ids: its name, or host/path for a URL, or the absolute path of a local repository. */
export function remoteName(inv: GitInvocation, w: Word): string {
  const v = w.value;
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/]+)\/(.*)$/i.exec(v);
  if (url) return `${url[1].replace(/:\d+$/, '')}/${url[2]}`.replace(/\.git\/?$/, '').replace(/\/$/, '');
  const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.+)$/.exec(v);
  if (scp && !v.startsWith('/') && !v.startsWith('.')) return `${scp[1]}/${scp[2]}`.replace(/\.git\/?$/, '').replace(/\/$/, '');
  if (v.startsWith('/') || v.startsWith('.') || v.startsWith('~')) return resolvePath({ ...inv.ctx, cwd: inv.cwd }, v);
  return v;
}

/** Looks like a release tag (`v1.2.3`, `2.0.1`): pushed by bare name, such refs are tags, not branches. */
const VERSION_TAG = /^v?\d+(\.\d+)+([-+.][\w.-]*)?$/;

/** The full ref name a refspec side names on the remote. */
function qualify(name: string, srcHint?: string): string {
  if (name.startsWith('refs/')) return name;
  if (srcHint?.startsWith('refs/tags/') || VERSION_TAG.test(name)) return `refs/tags/${name}`;
  return `refs/heads/${name}`;
}

interface RefUpdate {
  ref: string;
  force: boolean;
  delete: boolean;
  /** The ref is the current branch's upstream: not known from the command line. */
  implicit: boolean;
  dynamic: boolean;
}

function parseRefspec(w: Word): RefUpdate {
  let s = w.value;
  const force = s.startsWith('+');
  if (force) s = s.slice(1);
  const colon = s.indexOf(':');
  const src = colon < 0 ? s : s.slice(0, colon);
  const dst = colon < 0 ? undefined : s.slice(colon + 1);
  const dynamic = w.dynamic && /[$`]/.test(w.value);
  if (dst !== undefined && src === '') return { ref: qualify(dst), force, delete: true, implicit: false, dynamic };
  if (dst) return { ref: qualify(dst, src), force, delete: false, implicit: false, dynamic };
  if (src === 'HEAD' || src === '@') return { ref: 'refs/heads/*', force, delete: false, implicit: true, dynamic };
  return { ref: qualify(src), force, delete: false, implicit: false, dynamic };
}

export function analyzePush(inv: GitInvocation): GitVerdict {
  const p = parseArgv(inv.args, { withValue: ['--repo', '-o', '--push-option', '--receive-pack', '--exec'] });
  const words = [...p.positionals, ...p.rest];
  const repoOption = optionValue(p, '--repo');
  const remoteWord = repoOption ?? words[0];
  const specs = repoOption ? words : words.slice(1);
  const remote = remoteWord ? remoteName(inv, remoteWord) : 'origin';
  const notes: string[] = [];
  if (!remoteWord) notes.push('no remote given: git pushes to the current branch’s push remote, usually origin');

  const lease = has(p, '--force-with-lease', '--force-if-includes') && !has(p, '--no-force-with-lease');
  const forceFlag = has(p, '-f', '--force') || lease;
  const deleteFlag = has(p, '-d', '--delete');
  const mirror = has(p, '--mirror');
  const prune = has(p, '--prune');
  const dryRun = has(p, '-n', '--dry-run');

  const updates: RefUpdate[] = [];
  for (let i = 0; i < specs.length; i++) {
    if (specs[i].value === 'tag' && specs[i + 1]) {
      updates.push({ ref: `refs/tags/${specs[++i].value}`, force: false, delete: false, implicit: false, dynamic: specs[i].dynamic });
      continue;
    }
    const u = parseRefspec(specs[i]);
    if (deleteFlag) {
      u.delete = true;
      u.implicit = false;
    }
    updates.push(u);
  }
  if (has(p, '--all', '--branches')) updates.push({ ref: 'refs/heads/*', force: false, delete: false, implicit: false, dynamic: false });
  if (has(p, '--tags')) updates.push({ ref: 'refs/tags/*', force: false, delete: false, implicit: false, dynamic: false });
  if (mirror) updates.push({ ref: 'refs/*', force: true, delete: true, implicit: false, dynamic: false });
  if (updates.length === 0) {
    updates.push({ ref: 'refs/heads/*', force: false, delete: false, implicit: true, dynamic: false });
    notes.push('no refspec: git pushes the current branch (push.default), which is not known here');
  }
  if (has(p, '--follow-tags')) notes.push('--follow-tags: annotated tags reachable from the pushed commits go too');

  const remoteDynamic = !!remoteWord && remoteWord.dynamic && /[$`]/.test(remoteWord.value);
  const targets: Target[] = updates.map((u) => {
    const kind = u.ref.startsWith('refs/tags/') ? 'tag' : u.ref.startsWith('refs/heads/') ? 'branch' : 'ref';
    const t: Target = { id: `git://${remote}/${u.ref}`, change: dryRun ? 'read' : u.delete ? 'destroy' : 'change', kind };
    const unresolved = [...(remoteDynamic ? ['remote'] : []), ...(u.implicit || u.dynamic ? ['ref'] : [])];
    if (unresolved.length) t.unresolved = unresolved;
    if (u.ref.includes('*') && !u.implicit) t.many = true;
    return t;
  });
  if (prune && !mirror) {
    targets.push({ id: `git://${remote}/refs/heads/*`, change: dryRun ? 'read' : 'destroy', kind: 'branch', many: true });
    notes.push('--prune: deletes remote branches that have no local counterpart');
  }
  if (mirror) notes.push('--mirror: the remote becomes a copy of this repository; refs missing here are deleted, the rest force-updated');

  const forced = forceFlag || updates.some((u) => u.force);
  const deletes = updates.some((u) => u.delete);
  if (forced && !mirror) notes.push(lease ? '--force-with-lease: overwrites the remote ref if it is where this clone last saw it' : 'force: remote commits not in the pushed history are discarded');

  const base = { targets, where: remote, notes };
  if (dryRun) return { ...base, effect: 'read', rule: 'git.push-dry-run', operation: 'push --dry-run' };
  if (mirror) return { ...base, effect: 'destroy', rule: 'git.push-mirror', operation: 'push --mirror' };
  if (deletes) return { ...base, effect: 'destroy', rule: 'git.push-delete', operation: 'push --delete' };
  if (forced) {
    const operation = lease ? 'push --force-with-lease' : forceFlag ? 'push --force' : 'push +refspec';
    return { ...base, effect: 'destroy', rule: 'git.push-force', operation };
  }
  if (prune) return { ...base, effect: 'destroy', rule: 'git.push-prune', operation: 'push --prune' };
  return { ...base, effect: 'write', recoverable: true, rule: 'git.push', operation: 'push' };
}
