import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everydayRules } from '../../../src/core/rules/everyday';
import type { Action } from '../../../src/core/model';
import { simpleCommand, testContext } from '../support/command';

interface Want {
  effect: Action['effect'];
  recoverable?: boolean;
  operation?: string;
  /** Rule name without the `everyday.` prefix. */
  rule?: string;
  /** Every one of these ids is among the targets. */
  targets?: string[];
  /** The first target stands for an open-ended set. */
  many?: boolean;
  /** Some note contains this text. */
  note?: string;
  /** Which action of several to check (curl sends and downloads). */
  action?: number;
}

const P = '/home/dev/project';

const cases: Array<[line: string, want: Want]> = [
  // --- read-only utilities: what agents run all day must come out `read`.
  ['ls -la', { effect: 'read', rule: 'read-only' }],
  ['cat package.json', { effect: 'read' }],
  ['head -n 50 src/index.ts', { effect: 'read' }],
  ['tail -f logs/app.log', { effect: 'read' }],
  ['grep -rn "TODO" src', { effect: 'read' }],
  ['egrep -i "error|warn" build.log', { effect: 'read' }],
  ['rg -n "useEffect" --type ts', { effect: 'read' }],
  ['ag TODO lib', { effect: 'read' }],
  ['wc -l src/*.ts', { effect: 'read' }],
  ['sort -u names.txt', { effect: 'read' }],
  ['cut -d: -f1 /etc/passwd', { effect: 'read' }],
  ['diff -u a.txt b.txt', { effect: 'read' }],
  ['stat -c %s dist/app.js', { effect: 'read' }],
  ['du -sh node_modules', { effect: 'read' }],
  ['df -h', { effect: 'read' }],
  ['pwd', { effect: 'read' }],
  ['echo "done"', { effect: 'read' }],
  ['printf "%s\\n" a b', { effect: 'read' }],
  ['test -f .env', { effect: 'read' }],
  ['[ -d node_modules ]', { effect: 'read' }],
  ['which python3', { effect: 'read' }],
  ['uname -a', { effect: 'read' }],
  ['ps aux', { effect: 'read' }],
  ['top -b -n 1', { effect: 'read' }],
  ['jq ".dependencies" package.json', { effect: 'read' }],
  ['yq ".services" docker-compose.yml', { effect: 'read' }],
  ['tree -L 2 src', { effect: 'read' }],
  ['realpath ../x', { effect: 'read' }],
  ['sha256sum dist/app.tar.gz', { effect: 'read' }],
  ['base64 -d token.txt', { effect: 'read' }],
  ['xxd firmware.bin', { effect: 'read' }],
  ['seq 1 10', { effect: 'read' }],
  ['sleep 5', { effect: 'read' }],
  ['man tar', { effect: 'read' }],
  ['open coverage/index.html', { effect: 'read' }],
  ['date +%Y-%m-%d', { effect: 'read' }],
  ['hostname', { effect: 'read' }],
  ['hostname -f', { effect: 'read' }],
  ['env', { effect: 'read' }],
  ['printenv PATH', { effect: 'read' }],
  ['history', { effect: 'read' }],
  ['alias', { effect: 'read' }],
  // --- shell builtins change only the shell.
  ['cd packages/api', { effect: 'read', rule: 'shell-state' }],
  ['export NODE_ENV=test', { effect: 'read', rule: 'shell-state' }],
  ['unset AWS_PROFILE', { effect: 'read', rule: 'shell-state' }],
  ['set -euo pipefail', { effect: 'read', rule: 'shell-state' }],
  ['pushd /tmp', { effect: 'read', rule: 'shell-state' }],
  // --- source runs a script the analyzer cannot see: allowed like an unknown tool.
  ['source .venv/bin/activate', { effect: 'write', recoverable: true, rule: 'script', targets: [`${P}/.venv/bin/activate`], note: 'cannot see' }],
  ['. ~/.nvm/nvm.sh', { effect: 'write', recoverable: true, rule: 'script', targets: ['/home/dev/.nvm/nvm.sh'] }],
  // --- forms that change something.
  ['date -s "2024-01-01 00:00"', { effect: 'write', recoverable: false, rule: 'set-clock' }],
  ['hostname build-box', { effect: 'write', recoverable: false, rule: 'set-hostname' }],
  ['history -c', { effect: 'destroy', rule: 'history-clear' }],
  ["alias ls='rm -rf'", { effect: 'unknown', rule: 'alias-define', note: 'later `ls` runs: rm -rf' }],
  ["trap 'rm -rf $TMP' EXIT", { effect: 'unknown', rule: 'inline-code' }],
  ['trap - EXIT', { effect: 'read' }],
  ['rg --pre ./decrypt.sh secret', { effect: 'unknown', rule: 'rg-program' }],
  ['rg --hostname-bin=./evil x', { effect: 'unknown', rule: 'rg-program' }],
  ['less README.md', { effect: 'read' }],
  ['less -o /etc/motd README.md', { effect: 'write' }],
  ['less --log-file=/tmp/copy.txt README.md', { effect: 'write' }],
  ['sort -o sorted.txt names.txt', { effect: 'write', recoverable: true, operation: 'sort -o', targets: [`${P}/sorted.txt`] }],
  ['sort --output=/etc/hosts hosts.txt', { effect: 'write', recoverable: false, targets: ['/etc/hosts'] }],
  ['uniq input.txt output.txt', { effect: 'write', recoverable: true, targets: [`${P}/output.txt`] }],
  ['xxd -r dump.hex out.bin', { effect: 'write', recoverable: true, targets: [`${P}/out.bin`] }],
  ['tree -o /tmp/tree.txt', { effect: 'write', recoverable: true, targets: ['/tmp/tree.txt'] }],
  ["yq -i '.version = \"2\"' chart/Chart.yaml", { effect: 'write', recoverable: true, rule: 'yq-in-place', targets: [`${P}/chart/Chart.yaml`] }],
  // --- sed: printing reads, -i edits (recoverable in the workspace), w writes, e runs commands.
  ["sed -n '1,20p' src/app.ts", { effect: 'read', rule: 'sed' }],
  ["sed -n '/BEGIN/,/END/p' cert.pem", { effect: 'read' }],
  ["sed 's/foo/bar/g' input.txt", { effect: 'read' }],
  ["sed -E 's/([0-9]+)/<\\1>/g' x.txt", { effect: 'read' }],
  ["sed '/^$/d;s/  */ /g' x.txt", { effect: 'read' }],
  ["sed -e '/a/{s/b/c/;p}' -e '$!N' x.txt", { effect: 'read' }],
  ["sed '1i\\header' x.csv", { effect: 'read' }],
  ["sed -i 's|http://|https://|g' src/config.ts", { effect: 'write', recoverable: true, operation: 'sed -i', rule: 'sed-in-place', targets: [`${P}/src/config.ts`] }],
  ["sed -i.bak -e 's/8080/9090/' /etc/nginx/nginx.conf", { effect: 'write', recoverable: false, targets: ['/etc/nginx/nginx.conf'], note: 'outside the workspace' }],
  ["sed -i '' 's/old/new/' README.md", { effect: 'write', recoverable: true, targets: [`${P}/README.md`] }],
  ["sed --in-place=.orig 's/a/b/' a.txt b.txt", { effect: 'write', recoverable: true, targets: [`${P}/a.txt`, `${P}/b.txt`] }],
  ["sed -ni 's/a/b/p' notes.txt", { effect: 'write', recoverable: true, targets: [`${P}/notes.txt`] }],
  ["sed -i 's/x/y/' /tmp/scratch.txt", { effect: 'write', recoverable: true }],
  ["sed 's/x/y/w changed.txt' in.txt", { effect: 'write', recoverable: true, rule: 'sed-writes', targets: [`${P}/changed.txt`] }],
  ["sed 's/.*/rm &/e' files.txt", { effect: 'unknown', rule: 'sed-runs-command' }],
  ["sed '1e curl evil.sh' x", { effect: 'unknown', rule: 'sed-runs-command' }],
  ['sed -f edits.sed data.txt', { effect: 'unknown', rule: 'sed-script-file' }],
  ["sed 's/unterminated' x", { effect: 'unknown', rule: 'sed-unparsed' }],
  // --- awk: printing reads; redirections write; system() and pipes run commands.
  ["awk '{print $1}' access.log", { effect: 'read', rule: 'awk' }],
  ["awk -F: '$3 > 1000 {print $1}' /etc/passwd", { effect: 'read' }],
  ["awk '/a|b/ {n++} END {print n}' x", { effect: 'read' }],
  ["awk '{print ($2 > 5)}' x", { effect: 'read' }],
  ["awk '{print > \"out.txt\"}' in.txt", { effect: 'write', recoverable: true, rule: 'awk-writes', targets: [`${P}/out.txt`] }],
  ["gawk '{printf(\"%s\\n\", $1) >> \"/var/log/x.log\"}' in", { effect: 'write', recoverable: false, targets: ['/var/log/x.log'] }],
  ["awk '{print $0 > \"/dev/stderr\"}' in", { effect: 'read' }],
  ["awk '{print > $1\".txt\"}' in", { effect: 'write', recoverable: false }],
  ["awk '{ system(\"rm \" $1) }' list.txt", { effect: 'unknown', rule: 'awk-runs-command' }],
  ["awk '{print $1 | \"sh\"}' cmds.txt", { effect: 'unknown', rule: 'awk-runs-command' }],
  ["awk 'BEGIN { while ((\"ls\" | getline f) > 0) print f }'", { effect: 'unknown', rule: 'awk-runs-command' }],
  ["gawk -i inplace '{sub(/a/,\"b\")}1' src/x.txt", { effect: 'write', recoverable: true, targets: [`${P}/src/x.txt`] }],
  ['awk -f report.awk data.csv', { effect: 'write', recoverable: true, rule: 'script' }],
  // --- curl / wget: GET reads, downloads write a file, sending changes remote state.
  ['curl -s http://localhost:3000/health', { effect: 'read', rule: 'http-get', targets: ['url://localhost:3000/health'] }],
  ['curl -fsSL https://example.com/install.sh', { effect: 'read', targets: ['url://example.com/install.sh'] }],
  ['curl -I https://example.com', { effect: 'read', operation: 'curl HEAD' }],
  ['curl -G -d q=term https://search.example.com/api', { effect: 'read', operation: 'curl GET' }],
  ['curl -o /tmp/node.tar.gz https://nodejs.org/dist/node.tar.gz', { effect: 'write', recoverable: true, rule: 'download', targets: ['/tmp/node.tar.gz', 'url://nodejs.org/dist/node.tar.gz'] }],
  ['curl -LO https://github.com/o/r/releases/download/v1/tool.tgz', { effect: 'write', recoverable: true, targets: [`${P}/tool.tgz`] }],
  ['curl -o ~/.bashrc https://example.com/rc', { effect: 'write', recoverable: false, targets: ['/home/dev/.bashrc'] }],
  ['curl -o /dev/null -w "%{http_code}" https://example.com', { effect: 'read' }],
  ['curl -X POST localhost:8080/api/users -d \'{"name":"a"}\'', { effect: 'write', recoverable: true, rule: 'http-send', operation: 'curl POST', note: 'this machine' }],
  ['curl -X DELETE http://localhost:8080/api/users/1', { effect: 'destroy', recoverable: false, rule: 'http-delete' }],
  ['curl -X DELETE "https://api.example.com/v1/items/42?token=s3cret"', { effect: 'destroy', targets: ['url://api.example.com/v1/items/42'] }],
  ['curl -XPUT https://user:pw@api.example.com/v1/items/42 --data-binary @item.json', { effect: 'write', recoverable: false, operation: 'curl PUT', targets: ['url://api.example.com/v1/items/42'] }],
  ['curl --json \'{"a":1}\' https://hooks.example.com/x', { effect: 'write', recoverable: false, operation: 'curl POST' }],
  ['curl -F file=@report.pdf https://upload.example.com/', { effect: 'write', recoverable: false }],
  ['curl -T backup.sql ftp://files.example.com/', { effect: 'write', operation: 'curl PUT' }],
  ['curl -K request.cfg', { effect: 'unknown', rule: 'curl-config' }],
  ['curl -X "$METHOD" https://api.example.com/x', { effect: 'unknown' }],
  ['wget https://example.com/file.zip', { effect: 'write', recoverable: true, targets: [`${P}/file.zip`] }],
  ['wget -qO- https://example.com/script.sh', { effect: 'read' }],
  ['wget -O /usr/local/bin/tool https://example.com/tool', { effect: 'write', recoverable: false, targets: ['/usr/local/bin/tool'] }],
  ['wget -r -np https://docs.example.com/', { effect: 'write', recoverable: true, many: true }],
  ['wget --spider https://example.com', { effect: 'read' }],
  ["wget --post-data 'a=1' https://api.example.com/hook", { effect: 'write', recoverable: false, rule: 'http-send' }],
  // --- ssh runs what the analyzer cannot see; scp and rsync copy.
  ['ssh prod-bastion', { effect: 'unknown', rule: 'ssh-session', targets: ['ssh://prod-bastion'] }],
  ["ssh -i ~/.ssh/k.pem ubuntu@10.0.1.5 'sudo systemctl restart nginx'", { effect: 'unknown', rule: 'ssh-remote-command', note: 'runs on 10.0.1.5: sudo systemctl restart nginx' }],
  ['ssh -T git@github.com', { effect: 'read', rule: 'ssh-auth-check' }],
  ['ssh -N -L 5432:db:5432 bastion', { effect: 'unknown', rule: 'ssh-tunnel' }],
  ['ssh -V', { effect: 'read' }],
  ['scp build.tgz deploy@web1:/srv/app/', { effect: 'write', recoverable: false, rule: 'scp-upload', targets: ['ssh://web1/srv/app/'] }],
  ['scp -r user@host:/var/log/app ./logs', { effect: 'write', recoverable: true, rule: 'scp-download', targets: [`${P}/logs`] }],
  ['rsync -av src/ dist/', { effect: 'write', recoverable: true, rule: 'rsync' }],
  ['rsync -avz ./site/ www@web:/var/www/', { effect: 'write', recoverable: false }],
  ['rsync -av --delete build/ user@web:/var/www/html/', { effect: 'destroy', recoverable: false, rule: 'rsync-delete', many: true, targets: ['ssh://web/var/www/html/'] }],
  ['rsync -a --delete public/ dist/', { effect: 'destroy', recoverable: true }],
  ['rsync -a --delete-after src/ ~/backup/', { effect: 'destroy', recoverable: false }],
  ['rsync -avn --delete ./ backup:/data', { effect: 'read' }],
  ['rsync -a --remove-source-files logs/ archive:/logs/', { effect: 'destroy', rule: 'rsync-remove-source' }],
  // --- archives.
  ['tar -czf release.tgz dist/', { effect: 'write', recoverable: true, rule: 'tar-create', operation: 'tar -c', targets: [`${P}/release.tgz`] }],
  ['tar czf /tmp/src.tgz src', { effect: 'write', recoverable: true, targets: ['/tmp/src.tgz'] }],
  ['tar xzf node.tar.gz', { effect: 'write', recoverable: true, rule: 'tar-extract', many: true }],
  ['tar -xzf app.tgz -C /usr/local', { effect: 'write', recoverable: false, targets: ['/usr/local'] }],
  ['tar -xzf /tmp/node.tgz -C /tmp', { effect: 'write', recoverable: true, targets: ['/tmp'] }],
  ['tar -tzf archive.tgz', { effect: 'read' }],
  ['tar -xOf archive.tgz config.json', { effect: 'read' }],
  ['tar -xf a.tar --to-command=./handle.sh', { effect: 'unknown', rule: 'tar-runs-command' }],
  ['tar -czf backup.tgz --remove-files logs/', { effect: 'destroy', rule: 'tar-remove-files' }],
  ['zip -r out.zip src', { effect: 'write', recoverable: true, targets: [`${P}/out.zip`] }],
  ['zip -m logs.zip *.log', { effect: 'destroy', rule: 'zip-move' }],
  ['unzip -l bundle.zip', { effect: 'read' }],
  ['unzip bundle.zip -d /tmp/bundle', { effect: 'write', recoverable: true, targets: ['/tmp/bundle'] }],
  ['unzip -o bundle.zip', { effect: 'write', recoverable: true, note: 'overwrites' }],
  ['gzip -k server.log', { effect: 'write', recoverable: true, rule: 'gzip' }],
  ['gunzip data.csv.gz', { effect: 'write', recoverable: true, operation: 'gunzip' }],
  ['gzip -dc dump.sql.gz', { effect: 'read' }],
  ['zcat access.log.gz', { effect: 'read' }],
  // --- processes and services.
  ['kill 12345', { effect: 'destroy', recoverable: false, rule: 'kill', targets: ['process://12345'] }],
  ['kill -9 %1', { effect: 'destroy', recoverable: true, rule: 'kill-job' }],
  ['kill -0 4242', { effect: 'read', rule: 'kill-check' }],
  ['kill -HUP 777', { effect: 'write', recoverable: false }],
  ['kill -9 -1', { effect: 'destroy', many: true, targets: ['process://-1'] }],
  ['kill -l', { effect: 'read' }],
  ['pkill -f "node server.js"', { effect: 'destroy', rule: 'kill-by-name', many: true, note: '-f' }],
  ['killall -9 node', { effect: 'destroy', operation: 'killall -9' }],
  ['pkill -HUP nginx', { effect: 'write' }],
  ['systemctl status nginx', { effect: 'read' }],
  ['systemctl is-active docker', { effect: 'read' }],
  ['systemctl list-units --type=service', { effect: 'read' }],
  ['systemctl restart nginx', { effect: 'write', recoverable: false, rule: 'systemctl', targets: ['systemd://nginx'] }],
  ['systemctl --user stop app.service', { effect: 'write', targets: ['systemd://user/app.service'] }],
  ['systemctl disable --now postgresql', { effect: 'write', note: '--now' }],
  ['systemctl reboot', { effect: 'destroy' }],
  ['systemctl frobnicate x', { effect: 'unknown', rule: 'systemctl-unknown' }],
  ['journalctl -u nginx -n 100 --no-pager', { effect: 'read' }],
  ['journalctl --vacuum-time=2d', { effect: 'destroy', rule: 'journal-vacuum' }],
  ['crontab -l', { effect: 'read' }],
  ['crontab -r', { effect: 'destroy', rule: 'crontab-remove' }],
  ['crontab -e', { effect: 'write', recoverable: false }],
  ['crontab jobs.txt', { effect: 'write', recoverable: false, note: 'replaces the whole crontab' }],
];

for (const [line, want] of cases) {
  test(line, () => {
    const actions = everydayRules.analyze(simpleCommand(line), testContext);
    assert.ok(actions.length > 0, 'at least one action');
    const a = actions[want.action ?? 0];
    assert.equal(a.effect, want.effect, `effect of ${line}: ${JSON.stringify(a)}`);
    if (want.recoverable !== undefined) assert.equal(a.recoverable, want.recoverable, `recoverable: ${JSON.stringify(a)}`);
    if (want.operation) assert.equal(a.operation, want.operation);
    if (want.rule) assert.equal(a.rule, `everyday.${want.rule}`);
    for (const id of want.targets ?? []) assert.ok(a.targets.some((t) => t.id === id), `target ${id} in ${JSON.stringify(a.targets)}`);
    if (want.many !== undefined) assert.equal(!!a.targets[0]?.many, want.many);
    if (want.note) assert.ok(a.notes.some((n) => n.includes(want.note!)), `note "${want.note}" in ${JSON.stringify(a.notes)}`);
    assert.equal(a.command, line);
  });
}

test('every tool the pack claims yields at least one action', () => {
  for (const tool of everydayRules.tools) {
    const actions = everydayRules.analyze(simpleCommand(tool === '[' ? '[ -f x ]' : tool), testContext);
    assert.ok(actions.length > 0, tool);
  }
});

test('a dynamic output path is never recoverable', () => {
  const [a] = everydayRules.analyze(simpleCommand('sort -o "$OUT" in.txt'), testContext);
  assert.equal(a.effect, 'write');
  assert.equal(a.recoverable, false);
  assert.deepEqual(a.targets[0].unresolved, ['value']);
});

test('without workspace roots only temp folders count as owned', () => {
  const [a] = everydayRules.analyze(simpleCommand("sed -i 's/a/b/' src/x.ts"), { ...testContext, workspaceRoots: undefined });
  assert.equal(a.recoverable, false);
  const [b] = everydayRules.analyze(simpleCommand("sed -i 's/a/b/' /tmp/x.ts"), { ...testContext, workspaceRoots: undefined });
  assert.equal(b.recoverable, true);
});

test('curl both sending and saving the response yields two actions', () => {
  const actions = everydayRules.analyze(simpleCommand('curl -X POST -d x=1 -o resp.json https://api.example.com/jobs'), testContext);
  assert.deepEqual(actions.map((a) => a.rule), ['everyday.http-send', 'everyday.download']);
});
