import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitRules } from '../../../src/core/rules/git';
import type { AnalysisContext } from '../../../src/core/model';
import { simpleCommand, testContext } from '../support/command';

interface Want {
  effect: 'read' | 'write' | 'destroy' | 'unknown';
  recoverable?: boolean;
  operation?: string;
  rule?: string;
  /** Target ids, in order. */
  targets?: string[];
  /** Expected `unresolved` of the first target. */
  unresolved?: string[];
  /** Expected `many` of the first target. */
  many?: boolean;
  /** Expected `change` of the first target. */
  change?: string;
  where?: string;
  cwd?: string;
  /** A note containing this text. */
  note?: string;
  assignments?: Record<string, string>;
  ctx?: Partial<AnalysisContext>;
}

const P = '/home/dev/project';

const cases: Array<[line: string, want: Want]> = [
  // --- What agents run all day: reads.
  ['git status', { effect: 'read', rule: 'git.status' }],
  ['git status --porcelain=v1 -uall', { effect: 'read' }],
  ['git log --oneline -20', { effect: 'read' }],
  ['git log -1 --format=%H', { effect: 'read' }],
  ['git diff', { effect: 'read' }],
  ['git diff --staged --stat', { effect: 'read' }],
  ['git diff HEAD~3..HEAD -- src/', { effect: 'read' }],
  ['git show HEAD:package.json', { effect: 'read' }],
  ['git blame -L 10,20 src/app.ts', { effect: 'read' }],
  ['git rev-parse --abbrev-ref HEAD', { effect: 'read' }],
  ['git rev-parse --show-toplevel', { effect: 'read' }],
  ['git describe --tags --always', { effect: 'read' }],
  ['git ls-files -m', { effect: 'read' }],
  ['git grep -n TODO -- "*.ts"', { effect: 'read' }],
  ['git shortlog -sn', { effect: 'read' }],
  ['git reflog', { effect: 'read', rule: 'git.reflog' }],
  ['git reflog show main', { effect: 'read' }],
  ['git remote -v', { effect: 'read', rule: 'git.remote-list' }],
  ['git remote show origin', { effect: 'read' }],
  ['git remote get-url origin', { effect: 'read' }],
  ['git branch', { effect: 'read', rule: 'git.branch-list' }],
  ['git branch -a', { effect: 'read' }],
  ['git branch -vv', { effect: 'read' }],
  ['git branch --show-current', { effect: 'read' }],
  ['git branch --contains abc123', { effect: 'read' }],
  ['git branch --merged main', { effect: 'read' }],
  ['git tag', { effect: 'read', rule: 'git.tag-list' }],
  ['git tag -l "v1.*"', { effect: 'read' }],
  ['git tag --points-at HEAD', { effect: 'read' }],
  ['git config --get user.email', { effect: 'read', rule: 'git.config-get' }],
  ['git config user.name', { effect: 'read' }],
  ['git config --list --show-origin', { effect: 'read' }],
  ['git config get user.email', { effect: 'read' }],
  ['git stash list', { effect: 'read', rule: 'git.stash-list' }],
  ['git stash show -p stash@{1}', { effect: 'read' }],
  ['git worktree list', { effect: 'read' }],
  ['git ls-remote origin', { effect: 'read' }],
  ['git ls-remote -u ./evil origin', { effect: 'unknown' }],
  ['git cat-file -p HEAD', { effect: 'read' }],
  ['git merge-base main HEAD', { effect: 'read' }],
  ['git submodule status', { effect: 'read' }],
  ['git lfs ls-files', { effect: 'read' }],
  ['git --version', { effect: 'read', rule: 'git.help' }],
  ['git', { effect: 'read' }],
  ['git help push', { effect: 'read' }],
  ['git push --help', { effect: 'read', rule: 'git.help' }],
  ['git clean -n -d', { effect: 'read', rule: 'git.clean-dry-run' }],
  ['git clean --dry-run -fdx', { effect: 'read' }],
  ['git push --dry-run --force origin main', { effect: 'read', rule: 'git.push-dry-run', change: 'read' }],
  ['git add -n .', { effect: 'read' }],
  ['git rm -n -r build', { effect: 'read' }],
  ['git apply --check fix.patch', { effect: 'read' }],
  ['git format-patch -1 --stdout', { effect: 'read' }],

  // --- Global options before the subcommand.
  ['git --no-pager log -5', { effect: 'read' }],
  ['git -P diff', { effect: 'read' }],
  ['git -C packages/api status', { effect: 'read', cwd: `${P}/packages/api` }],
  ['git -C /srv/app -C sub reset --hard', { effect: 'destroy', targets: ['/srv/app/sub'], cwd: '/srv/app/sub' }],
  ['git -c color.ui=always log', { effect: 'read' }],
  ['git -c user.name=Bot -c user.email=bot@example.com commit -m wip', { effect: 'write', recoverable: true }],
  ['git --git-dir=/srv/repo.git --work-tree=/srv/site checkout -- .', { effect: 'destroy', targets: ['/srv/site'], many: true }],
  ['git --work-tree /srv/site reset --hard', { effect: 'destroy', targets: ['/srv/site'] }],
  ['git -C "$REPO" reset --hard', { effect: 'destroy', unresolved: ['path'] }],
  ['git --frobnicate status', { effect: 'unknown', rule: 'git.unknown-option' }],

  // --- Settings that make git run another program.
  ['git -c core.sshCommand="ssh -i /tmp/key" fetch', { effect: 'unknown', rule: 'git.runs-program' }],
  ['git -c core.pager=cat log', { effect: 'read' }],
  ['git -c core.editor=true rebase --continue', { effect: 'write', recoverable: true }],
  ['git -c core.hooksPath=/dev/null commit -m wip', { effect: 'write', recoverable: true }],
  ['git -c alias.x="!rm -rf ~" x', { effect: 'unknown', rule: 'git.runs-program' }],
  ['git rebase -i HEAD~3', { effect: 'unknown', rule: 'git.runs-program', assignments: { GIT_SEQUENCE_EDITOR: "sed -i 's/pick/squash/'" } }],
  ['git rebase -i HEAD~3', { effect: 'write', recoverable: true, assignments: { GIT_SEQUENCE_EDITOR: 'true' } }],
  ['git fetch --upload-pack="touch /tmp/pwned" origin', { effect: 'unknown', rule: 'git.runs-program' }],
  ['git clone --template=/tmp/hooks https://github.com/acme/app.git', { effect: 'unknown', rule: 'git.runs-program' }],
  ['git rebase --exec "npm test" main', { effect: 'unknown', rule: 'git.rebase-exec' }],
  ['git bisect run ./check.sh', { effect: 'unknown', rule: 'git.bisect-run' }],
  ['git submodule foreach "git clean -fdx"', { effect: 'unknown', rule: 'git.submodule-foreach' }],

  // --- Local, recoverable writes.
  ['git add -A', { effect: 'write', recoverable: true, rule: 'git.add' }],
  ['git add src/app.ts', { effect: 'write', recoverable: true }],
  ['git commit -m "fix: handle empty input"', { effect: 'write', recoverable: true, rule: 'git.commit' }],
  ['git commit -am wip', { effect: 'write', recoverable: true }],
  ['git commit --amend --no-edit', { effect: 'write', recoverable: true, rule: 'git.commit-amend', operation: 'commit --amend', note: 'reflog' }],
  ['git checkout main', { effect: 'write', recoverable: true, rule: 'git.checkout-branch' }],
  ['git checkout -b feature/login', { effect: 'write', recoverable: true, targets: ['git://local/refs/heads/feature/login'], change: 'create' }],
  ['git checkout -', { effect: 'write', recoverable: true }],
  ['git switch main', { effect: 'write', recoverable: true, rule: 'git.switch' }],
  ['git switch -c fix/typo', { effect: 'write', recoverable: true, targets: ['git://local/refs/heads/fix/typo'] }],
  ['git branch feature/x', { effect: 'write', recoverable: true, rule: 'git.branch-create', targets: ['git://local/refs/heads/feature/x'] }],
  ['git branch -M main', { effect: 'write', recoverable: true, rule: 'git.branch-rename' }],
  ['git branch -u origin/main', { effect: 'write', recoverable: true }],
  ['git merge --no-ff feature/x', { effect: 'write', recoverable: true, rule: 'git.merge' }],
  ['git rebase origin/main', { effect: 'write', recoverable: true, rule: 'git.rebase' }],
  ['git cherry-pick abc123', { effect: 'write', recoverable: true }],
  ['git revert HEAD', { effect: 'write', recoverable: true }],
  ['git stash', { effect: 'write', recoverable: true, rule: 'git.stash-push' }],
  ['git stash -u', { effect: 'write', recoverable: true, rule: 'git.stash-push' }],
  ['git stash push -m "before refactor"', { effect: 'write', recoverable: true }],
  ['git stash pop', { effect: 'write', recoverable: true }],
  ['git tag v1.2.0', { effect: 'write', recoverable: true, targets: ['git://local/refs/tags/v1.2.0'] }],
  ['git tag -a v1.2.0 -m "release 1.2.0"', { effect: 'write', recoverable: true, targets: ['git://local/refs/tags/v1.2.0'] }],
  ['git init', { effect: 'write', recoverable: true }],
  ['git clone https://github.com/acme/app.git', { effect: 'write', recoverable: true, targets: [`${P}/app`], where: 'github.com/acme/app' }],
  ['git clone git@github.com:acme/app.git vendor/app', { effect: 'write', recoverable: true, targets: [`${P}/vendor/app`] }],
  ['git fetch', { effect: 'write', recoverable: true, rule: 'git.fetch', where: 'origin' }],
  ['git fetch --all --prune', { effect: 'write', recoverable: true, where: 'all remotes' }],
  ['git fetch upstream', { effect: 'write', recoverable: true, where: 'upstream' }],
  ['git pull', { effect: 'write', recoverable: true, rule: 'git.pull' }],
  ['git pull --rebase origin main', { effect: 'write', recoverable: true, where: 'origin' }],
  ['git restore --staged src/app.ts', { effect: 'write', recoverable: true, rule: 'git.restore-staged' }],
  ['git reset', { effect: 'write', recoverable: true, rule: 'git.reset-mixed' }],
  ['git reset --soft HEAD~1', { effect: 'write', recoverable: true, rule: 'git.reset-soft' }],
  ['git reset HEAD src/app.ts', { effect: 'write', recoverable: true }],
  ['git reset --keep HEAD~1', { effect: 'write', recoverable: true, rule: 'git.reset-keep' }],
  ['git mv old.ts new.ts', { effect: 'write', recoverable: true, rule: 'git.mv' }],
  ['git rm --cached .env', { effect: 'write', recoverable: true, rule: 'git.rm-cached' }],
  ['git config user.email bot@example.com', { effect: 'write', recoverable: true, rule: 'git.config-set' }],
  ['git config --local pull.rebase true', { effect: 'write', recoverable: true }],
  ['git remote add upstream https://github.com/acme/app.git', { effect: 'write', recoverable: true }],
  ['git worktree add ../hotfix hotfix', { effect: 'write', recoverable: true }],
  ['git gc', { effect: 'write', recoverable: true, rule: 'git.gc' }],
  ['git submodule update --init --recursive', { effect: 'write', recoverable: true }],
  ['git lfs pull', { effect: 'write', recoverable: true }],
  ['git apply fix.patch', { effect: 'write', recoverable: true }],

  // --- Writes that are not local: ask.
  ['git config --global user.email bot@example.com', { effect: 'write', recoverable: false, rule: 'git.config-set-global', targets: ['/home/dev/.gitconfig'] }],
  ['git config core.hooksPath .githooks', { effect: 'write', recoverable: false, note: 'run' }],
  ['git send-email --to=list@example.com 0001.patch', { effect: 'write', recoverable: false }],

  // --- Pushes: new commits are recoverable writes; the policy judges the target ref.
  ['git push', { effect: 'write', recoverable: true, rule: 'git.push', targets: ['git://origin/refs/heads/*'], unresolved: ['ref'], where: 'origin' }],
  ['git push origin', { effect: 'write', recoverable: true, unresolved: ['ref'] }],
  ['git push origin main', { effect: 'write', recoverable: true, targets: ['git://origin/refs/heads/main'], change: 'change' }],
  ['git push -u origin feature/login', { effect: 'write', recoverable: true, targets: ['git://origin/refs/heads/feature/login'] }],
  ['git push -u origin HEAD', { effect: 'write', recoverable: true, targets: ['git://origin/refs/heads/*'], unresolved: ['ref'] }],
  ['git push origin HEAD:main', { effect: 'write', recoverable: true, targets: ['git://origin/refs/heads/main'] }],
  ['git push origin HEAD:refs/heads/release', { effect: 'write', recoverable: true, targets: ['git://origin/refs/heads/release'] }],
  ['git push origin v1.2.0', { effect: 'write', recoverable: true, targets: ['git://origin/refs/tags/v1.2.0'] }],
  ['git push origin tag release-7', { effect: 'write', recoverable: true, targets: ['git://origin/refs/tags/release-7'] }],
  ['git push origin main develop', { effect: 'write', recoverable: true, targets: ['git://origin/refs/heads/main', 'git://origin/refs/heads/develop'] }],
  ['git push --tags', { effect: 'write', recoverable: true, targets: ['git://origin/refs/tags/*'], many: true }],
  ['git push --all upstream', { effect: 'write', recoverable: true, targets: ['git://upstream/refs/heads/*'], many: true }],
  ['git push https://github.com/acme/app.git main', { effect: 'write', recoverable: true, targets: ['git://github.com/acme/app/refs/heads/main'] }],
  ['git push git@github.com:acme/app.git main', { effect: 'write', recoverable: true, targets: ['git://github.com/acme/app/refs/heads/main'] }],
  ['git push origin "$BRANCH"', { effect: 'write', recoverable: true, unresolved: ['ref'] }],

  // --- Pushes that can lose remote history.
  ['git push --force origin main', { effect: 'destroy', recoverable: false, operation: 'push --force', rule: 'git.push-force', targets: ['git://origin/refs/heads/main'] }],
  ['git push -f', { effect: 'destroy', rule: 'git.push-force', targets: ['git://origin/refs/heads/*'], unresolved: ['ref'] }],
  ['git push origin main -f', { effect: 'destroy', rule: 'git.push-force' }],
  ['git push -uf origin main', { effect: 'destroy', rule: 'git.push-force' }],
  ['git push --force-with-lease origin feature', { effect: 'destroy', operation: 'push --force-with-lease', targets: ['git://origin/refs/heads/feature'] }],
  ['git push --force-with-lease=main:abc123 origin main', { effect: 'destroy', operation: 'push --force-with-lease' }],
  ['git push --force-if-includes --force-with-lease origin main', { effect: 'destroy', rule: 'git.push-force' }],
  ['git push origin +main', { effect: 'destroy', operation: 'push +refspec', targets: ['git://origin/refs/heads/main'] }],
  ['git push origin +HEAD:main', { effect: 'destroy', targets: ['git://origin/refs/heads/main'] }],
  ['git push origin --delete feature/old', { effect: 'destroy', rule: 'git.push-delete', targets: ['git://origin/refs/heads/feature/old'], change: 'destroy' }],
  ['git push origin :feature/old', { effect: 'destroy', rule: 'git.push-delete', targets: ['git://origin/refs/heads/feature/old'] }],
  ['git push origin -d v1.0.0', { effect: 'destroy', rule: 'git.push-delete', targets: ['git://origin/refs/tags/v1.0.0'] }],
  ['git push origin :refs/tags/v1.0.0', { effect: 'destroy', targets: ['git://origin/refs/tags/v1.0.0'] }],
  ['git push --mirror backup', { effect: 'destroy', rule: 'git.push-mirror', targets: ['git://backup/refs/*'], many: true }],
  ['git push --prune origin refs/heads/*:refs/heads/*', { effect: 'destroy', rule: 'git.push-prune' }],

  // --- Local destruction: work that exists only in the working tree.
  ['git reset --hard', { effect: 'destroy', recoverable: false, rule: 'git.reset-hard', targets: [P], many: true }],
  ['git reset --hard origin/main', { effect: 'destroy', rule: 'git.reset-hard' }],
  ['git checkout -- .', { effect: 'destroy', rule: 'git.checkout-paths', targets: [P], many: true }],
  ['git checkout .', { effect: 'destroy', rule: 'git.checkout-paths', targets: [P] }],
  ['git checkout src/app.ts', { effect: 'destroy', targets: [`${P}/src/app.ts`], many: undefined }],
  ['git checkout HEAD~1 -- src/app.ts README.md', { effect: 'destroy', targets: [`${P}/src/app.ts`, `${P}/README.md`] }],
  ['git checkout main -- config/', { effect: 'destroy', targets: [`${P}/config`], many: true }],
  ['git checkout -f main', { effect: 'destroy', rule: 'git.checkout-force' }],
  ['git checkout --theirs package-lock.json', { effect: 'destroy', targets: [`${P}/package-lock.json`] }],
  ['git checkout Makefile', { effect: 'destroy', targets: [`${P}/Makefile`], ctx: { exists: (p) => p === `${P}/Makefile` } }],
  ['git checkout develop', { effect: 'write', recoverable: true, ctx: { exists: (p) => p === `${P}/Makefile` } }],
  ['git switch --discard-changes main', { effect: 'destroy', rule: 'git.switch-discard' }],
  ['git restore .', { effect: 'destroy', rule: 'git.restore', targets: [P] }],
  ['git restore src/app.ts', { effect: 'destroy', targets: [`${P}/src/app.ts`] }],
  ['git restore --staged --worktree src/app.ts', { effect: 'destroy' }],
  ['git restore --source=HEAD~2 "src/**/*.ts"', { effect: 'destroy', many: true, unresolved: ['glob'] }],
  ['git clean -fd', { effect: 'destroy', recoverable: false, rule: 'git.clean', operation: 'clean -fd', targets: [P], many: true }],
  ['git clean -fdx', { effect: 'destroy', note: '-x' }],
  ['git clean -f -- build/ tmp/', { effect: 'destroy', targets: [`${P}/build`, `${P}/tmp`] }],
  ['git -C ../other clean -fdx', { effect: 'destroy', targets: ['/home/dev/other'] }],
  ['git stash drop', { effect: 'destroy', rule: 'git.stash-drop', targets: ['git://local/refs/stash@{0}'] }],
  ['git stash drop stash@{2}', { effect: 'destroy', targets: ['git://local/refs/stash@{2}'] }],
  ['git stash clear', { effect: 'destroy', rule: 'git.stash-clear', many: true }],
  ['git branch -D feature/x', { effect: 'destroy', recoverable: false, rule: 'git.branch-force-delete', targets: ['git://local/refs/heads/feature/x'] }],
  ['git branch --delete --force old', { effect: 'destroy', recoverable: false, rule: 'git.branch-force-delete' }],
  ['git branch -d feature/merged', { effect: 'destroy', recoverable: true, rule: 'git.branch-delete', targets: ['git://local/refs/heads/feature/merged'] }],
  ['git branch -dr origin/old', { effect: 'destroy', recoverable: true, rule: 'git.branch-delete-remote-tracking', targets: ['git://local/refs/remotes/origin/old'] }],
  ['git tag -d v1.0.0', { effect: 'destroy', rule: 'git.tag-delete', targets: ['git://local/refs/tags/v1.0.0'] }],
  ['git update-ref -d refs/heads/tmp', { effect: 'destroy', rule: 'git.update-ref-delete', targets: ['git://local/refs/heads/tmp'] }],
  ['git reflog expire --expire=now --all', { effect: 'destroy', rule: 'git.reflog-expire' }],
  ['git gc --prune=now', { effect: 'destroy', rule: 'git.gc-prune-now' }],
  ['git gc --aggressive --prune=now', { effect: 'destroy' }],
  ['git prune', { effect: 'destroy', rule: 'git.prune' }],
  ['git filter-branch --tree-filter "rm -f secrets.txt" HEAD', { effect: 'destroy', rule: 'git.filter-branch', many: true }],
  ['git filter-repo --path secrets.txt --invert-paths', { effect: 'destroy', rule: 'git.filter-repo' }],
  ['git lfs migrate import --include="*.psd"', { effect: 'destroy', rule: 'git.lfs-migrate' }],
  ['git rm src/old.ts', { effect: 'destroy', recoverable: true, rule: 'git.rm', targets: [`${P}/src/old.ts`] }],
  ['git rm -r docs/', { effect: 'destroy', recoverable: true, many: true }],
  ['git rm -f src/old.ts', { effect: 'destroy', recoverable: false, rule: 'git.rm-force' }],
  ['git rm -rf .', { effect: 'destroy', recoverable: false, rule: 'git.rm-force', many: true }],
  ['git worktree remove ../hotfix', { effect: 'destroy', recoverable: true, rule: 'git.worktree-remove', targets: ['/home/dev/hotfix'] }],
  ['git worktree remove --force ../hotfix', { effect: 'destroy', recoverable: false, rule: 'git.worktree-remove-force' }],
  ['git submodule deinit -f --all', { effect: 'destroy', recoverable: false }],
  ['git read-tree --reset -u HEAD', { effect: 'destroy' }],
  ['git checkout-index -a -f', { effect: 'destroy', rule: 'git.checkout-index-force' }],

  // --- What the pack cannot see through.
  ['git st', { effect: 'unknown', rule: 'git.unknown-subcommand', note: 'alias' }],
  ['git co main', { effect: 'unknown', rule: 'git.unknown-subcommand' }],
  ['git $CMD', { effect: 'unknown', rule: 'git.dynamic-subcommand' }],
  ['git update-ref --stdin', { effect: 'unknown' }],
  ['git daemon --export-all', { effect: 'unknown', rule: 'git.not-analysed' }],
  ['git stash frobnicate', { effect: 'unknown' }],
];

for (const [line, want] of cases) {
  const label = want.assignments ? `${Object.entries(want.assignments).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')} ${line}` : line;
  test(label, () => {
    const ctx: AnalysisContext = { ...testContext, ...want.ctx };
    const actions = gitRules.analyze(simpleCommand(line, want.assignments), ctx);
    assert.equal(actions.length, 1);
    const [a] = actions;
    assert.equal(a.tool, 'git');
    assert.equal(a.effect, want.effect, `effect (rule ${a.rule})`);
    if (want.recoverable !== undefined) assert.equal(a.recoverable, want.recoverable, 'recoverable');
    if (want.effect === 'read' || want.effect === 'unknown') assert.equal(a.recoverable, false);
    if (want.operation) assert.equal(a.operation, want.operation);
    if (want.rule) assert.equal(a.rule, want.rule);
    assert.match(a.rule, /^git\./);
    if (want.targets) assert.deepEqual(a.targets.map((t) => t.id), want.targets);
    if ('unresolved' in want) assert.deepEqual(a.targets[0]?.unresolved, want.unresolved, 'unresolved');
    if ('many' in want) assert.equal(a.targets[0]?.many, want.many, 'many');
    if (want.change) assert.equal(a.targets[0]?.change, want.change, 'change');
    if (want.where) assert.equal(a.context.where, want.where);
    assert.equal(a.context.cwd, want.cwd ?? a.context.cwd);
    if (want.note) assert.ok(a.notes.some((n) => n.includes(want.note!)), `a note mentioning ${want.note}: ${a.notes.join(' | ')}`);
    assert.equal(a.command, line);
  });
}

test('every push names the remote it writes to as context', () => {
  const [a] = gitRules.analyze(simpleCommand('git push upstream main'), testContext);
  assert.equal(a.context.where, 'upstream');
  assert.equal(a.context.cwd, P);
});

test('an implicit push says why its branch is unresolved', () => {
  const [a] = gitRules.analyze(simpleCommand('git push'), testContext);
  assert.ok(a.notes.some((n) => n.includes('current branch')));
});
