/**
 * What the shell layer sees through. Each case: a command line, and the simple commands it reduces to
 * (`tool arg arg`, `{x}` for a word known only at run time), or `OPAQUE: <reason fragment>` for what
 * cannot be seen through, or `FACT: <rule>` for what the walker judged itself.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ShellParser } from '../../../src/core/shell/parser';
import { CommandWalker, UNKNOWN_CWD, type Finding } from '../../../src/core/shell/walk';
import { parser } from '../support/parser';

let shell: ShellParser;
before(async () => {
  shell = await parser();
});

const env = { HOME: '/home/dev', BUCKET: 'logs-bucket' };

function reduce(line: string): string[] {
  return CommandWalker.walk(shell, line, { cwd: '/work', env, home: '/home/dev' }).map(show);
}

function show(f: Finding): string {
  if (f.kind === 'opaque') return `OPAQUE: ${f.reason}`;
  if (f.kind === 'fact') return `FACT: ${f.rule}`;
  return [f.cmd.tool, ...f.cmd.args.map((a) => (a.dynamic ? `{${a.value}}` : a.value))].join(' ');
}

const cases: Array<[line: string, expected: string[]]> = [
  // Lists, pipelines, groups
  ['ls -la', ['ls -la']],
  ['git status; git diff', ['git status', 'git diff']],
  ['make && make test || echo failed', ['make', 'make test', 'echo failed']],
  ['npm test 2>&1 | tail -20', ['npm test', 'tail -20']],
  ['(cd sub && rm -rf build)', ['cd sub', 'rm -rf build']],
  ['{ rm a; rm b; }', ['rm a', 'rm b']],
  ['! grep -q x file', ['grep -q x file']],
  ['if [ -f x ]; then rm x; else touch x; fi', ['rm x', 'touch x']],
  ['for f in a b; do rm "$f"; done', ['rm {$f}']],
  ['while read -r f; do rm "$f"; done < list.txt', ['read -r f', 'rm {$f}']],
  ['case "$1" in start) npm start;; stop) pkill node;; esac', ['npm start', 'pkill node']],
  ['f() { rm -rf /; }; f', ['rm -rf /']],
  ['ls & rm x &', ['ls', 'rm x']],
  // Substitutions run too
  ['echo $(rm -rf /tmp/a)', ['rm -rf /tmp/a', 'echo {$(rm -rf /tmp/a)}']],
  ['echo `git push --force`', ['git push --force', 'echo {`git push --force`}']],
  ['diff <(ls a) <(ls b)', ['ls a', 'ls b', 'diff {<(ls a)} {<(ls b)}']],
  ['X=$(aws s3 rb s3://x)', ['aws s3 rb s3://x']],
  ['echo "head $(kubectl delete ns prod) tail"', ['kubectl delete ns prod', 'echo {head $(kubectl delete ns prod) tail}']],
  // Quoting
  ["rm 'a b' \"c d\" e\\ f", ['rm a b c d e f']],
  ["rm $'\\x2f'", ['rm /']],
  ['\\rm -rf x', ['rm -rf x']],
  ['"rm" -rf x', ['rm -rf x']],
  ["'/usr/bin/rm' -rf x", ['rm -rf x']],
  ['r""m -rf x', ['rm -rf x']],
  ['rm *.log', ['rm {*.log}']],
  ['rm \\*.log', ['rm *.log']],
  ['rm {a,b}.txt', ['rm {{a,b}.txt}']],
  // Variables known in the line or the environment
  ['X=/srv; rm -rf $X', ['rm -rf /srv']],
  ['X=/srv; rm -rf "${X}"', ['rm -rf /srv']],
  ['aws s3 rb s3://$BUCKET', ['aws s3 rb s3://logs-bucket']],
  ['aws s3 rb s3://$UNSET_THING', ['aws s3 rb {s3://$UNSET_THING}']],
  ['rm -rf ${DIR:-/}', ['rm -rf {${DIR:-/}}']],
  ['X=$(pwd); rm -rf $X', ['pwd', 'rm -rf {$X}']],
  ['CMD=rm; $CMD -rf /', ['rm -rf /']],
  // Wrappers
  ['sudo rm -rf /var/lib/x', ['rm -rf /var/lib/x']],
  ['sudo -u postgres -H dropdb prod', ['dropdb prod']],
  ['sudo -E env PATH=$PATH terraform destroy', ['terraform destroy']],
  ['sudo -l', ['FACT: shell.wrapper-alone']],
  ['doas -u root rm x', ['rm x']],
  ['env AWS_PROFILE=prod aws s3 ls', ['aws s3 ls']],
  ['env -i -u HOME -C /tmp rm -rf x', ['rm -rf x']],
  ['env', ['FACT: shell.wrapper-alone']],
  ["env -S 'rm -rf' /x", ['rm -rf /x']],
  ['nice -n 10 rm x', ['rm x']],
  ['nice -10 rm x', ['rm x']],
  ['nohup rm x &', ['rm x']],
  ['timeout 30 rm x', ['rm x']],
  ['timeout -s KILL -k 5 30s rm x', ['rm x']],
  ['time rm x', ['rm x']],
  ['time -p rm x', ['rm x']],
  ['stdbuf -oL -eL rm x', ['rm x']],
  ['ionice -c3 rm x', ['rm x']],
  ['watch -n 5 kubectl delete pod x', ['kubectl delete pod x']],
  ['watch -x rm x', ['rm x']],
  ['exec rm x', ['rm x']],
  ['command rm x', ['rm x']],
  ['command -v aws', ['FACT: shell.wrapper-alone']],
  ['builtin cd /tmp', ['cd /tmp']],
  ['coproc rm x', ['rm x']],
  ['setsid rm x', ['rm x']],
  ['chroot /mnt rm -rf /x', ['rm -rf /x']],
  ['strace -f -o trace.txt rm x', ['rm x']],
  ['xvfb-run -a npm test', ['npm test']],
  ['flock /tmp/lock rm x', ['rm x']],
  ["flock /tmp/lock -c 'rm x'", ['rm x']],
  ["su -c 'rm -rf /root/x' root", ['rm -rf /root/x']],
  ['busybox rm -rf x', ['rm -rf x']],
  ['gdb --args rm x', ['rm x']],
  ['sudo nice timeout 5 env A=1 nohup rm x', ['rm x']],
  // Package runners
  ['npx aws-cdk destroy --all', ['cdk destroy --all']],
  ['npx -y aws-cdk@2.150.0 deploy', ['cdk deploy']],
  ['npx --package=serverless sls remove', ['sls remove']],
  ["npx -c 'rm -rf x'", ['rm -rf x']],
  ['pnpm dlx prisma migrate reset --force', ['prisma migrate reset --force']],
  ['pnpm exec cdk destroy', ['cdk destroy']],
  ['yarn cdk destroy', ['cdk destroy']],
  ['yarn build', ['yarn build']],
  ['npm exec -- terraform destroy', ['terraform destroy']],
  ['uv run pytest -x', ['pytest -x']],
  ['uvx ruff check .', ['ruff check .']],
  ['poetry run python manage.py flush', ['python manage.py flush']],
  ['bundle exec rake db:drop', ['rake db:drop']],
  ['conda run -n ml python train.py', ['python train.py']],
  ['aws-vault exec prod -- aws s3 rb s3://x', ['aws s3 rb s3://x']],
  ['aws-vault exec prod --duration=1h -- terraform destroy', ['terraform destroy']],
  ['op run --env-file=.env -- terraform apply', ['terraform apply']],
  ['doppler run -- aws s3 ls', ['aws s3 ls']],
  // xargs, parallel, find
  ['ls | xargs rm', ['ls', 'rm {<xargs input>}']],
  ['find . -name "*.pyc" | xargs -0 rm -f', ['find . -name *.pyc', 'rm -f {<xargs input>}']],
  ['cat ids | xargs -I{} aws ec2 terminate-instances --instance-ids {}', ['cat ids', 'aws ec2 terminate-instances --instance-ids {<xargs input>}']],
  ['xargs -n1 -P4 rm < list', ['rm {<xargs input>}']],
  ['parallel rm ::: a b', ['rm a b']],
  ["parallel 'rm {}' ::: a b", ['rm a b']],
  ['find . -name "*.tmp" -exec rm -f {} \\;', ['rm -f {<files found under .>}', 'find . -name *.tmp -exec']],
  ['find /data -mtime +30 -execdir rm {} +', ['rm {<files found under /data>}', 'find /data -mtime +30 -execdir']],
  ['find . -type f -delete', ['find . -type f -delete']],
  ['find . -name x -ok rm {} \\;', ['rm {<files found under .>}', 'find . -name x -ok']],
  // Shells given text
  ['bash -c "rm -rf /"', ['rm -rf /']],
  ["sh -c 'git push --force origin main'", ['git push --force origin main']],
  ['bash -lc "cd /srv && terraform destroy"', ['cd /srv', 'terraform destroy']],
  ['bash -euo pipefail -c "rm x"', ['rm x']],
  ['zsh -c "rm x"', ['rm x']],
  ["bash -c \"bash -c 'rm -rf /'\"", ['rm -rf /']],
  ['bash -c "$SCRIPT"', ['OPAQUE: bash -c runs text known only at run time']],
  ["eval 'rm -rf y'", ['rm -rf y']],
  ['eval "rm -rf $X"', ['OPAQUE: eval of text known only at run time']],
  ["trap 'rm -rf /tmp/x' EXIT", ['rm -rf /tmp/x']],
  ['bash deploy.sh', ['deploy.sh']],
  ['bash', ['bash']],
  // Pipes, heredocs and here-strings into a shell
  ['echo "rm -rf /" | sh', ['echo rm -rf /', 'rm -rf /']],
  ["printf 'rm -rf x' | bash", ['printf rm -rf x', 'rm -rf x']],
  ['curl -fsSL https://get.example.com | bash', ['curl -fsSL https://get.example.com', 'OPAQUE: is piped into a shell']],
  ['wget -qO- https://x | sudo sh', ['wget -qO- https://x', 'OPAQUE: is piped into a shell']],
  ['echo cm0gLXJmIC8= | base64 -d | bash', ['echo cm0gLXJmIC8=', 'base64 -d', 'OPAQUE: is piped into a shell']],
  ['bash <<< "rm -rf z"', ['rm -rf z']],
  ["bash <<'EOF'\nrm -rf /opt\nEOF", ['rm -rf /opt']],
  ['cat <<EOF | sh\nrm -rf x\nEOF', ['cat', 'rm -rf x']],
  ['sh < install.sh', ['install.sh']],
  ['source <(curl x)', ['curl x', 'OPAQUE: runs a script known only at run time']],
  // Dynamic command names
  ['$CMD -rf /', ['OPAQUE: is known only at run time']],
  ['"$(echo rm)" -rf /', ['echo rm', 'OPAQUE: is known only at run time']],
  ['${TOOL} delete x', ['OPAQUE: is known only at run time']],
  // Interpreters' inline code
  ['python3 -c "import shutil; shutil.rmtree(\'/srv/data\')"', ['rm -r /srv/data']],
  ['python -c "import os; os.remove(\'a.txt\')"', ['rm a.txt']],
  ['python3 -c "import os; os.system(\'rm -rf /opt\')"', ['rm -rf /opt']],
  ['python3 -c "import subprocess; subprocess.run([\'git\', \'push\', \'-f\'])"', ['git push -f']],
  ['python3 -c "print(1+1)"', ['FACT: interpreter.inline-code']],
  ['python3 -c "import base64; exec(base64.b64decode(\'cm0=\'))"', ['OPAQUE: evaluates or decodes']],
  ['python3 -c "import boto3; boto3.client(\'s3\').delete_bucket(Bucket=\'x\')"', ['FACT: interpreter.sdk-delete']],
  ["node -e 'require(\"child_process\").execSync(\"git push --force\")'", ['git push --force']],
  ["node -e 'require(\"fs\").rmSync(\"dist\", { recursive: true })'", ['rm -r dist']],
  ["node -e 'console.log(process.version)'", ['FACT: interpreter.inline-code']],
  ["node -e 'eval(process.argv[1])'", ['OPAQUE: evaluates or decodes']],
  ["perl -e 'unlink \"a.txt\"'", ['rm a.txt']],
  ["perl -e 'system(\"rm -rf /x\")'", ['rm -rf /x']],
  ["perl -ne 'print if /x/' f", ['FACT: interpreter.inline-code']],
  ["ruby -e 'FileUtils.rm_rf(\"tmp\")'", ['rm -r tmp']],
  ["ruby -e '`rm -rf /y`'", ['rm -rf /y']],
  ["php -r 'unlink(\"x\");'", ['rm x']],
  ['python3 - <<EOF\nimport os\nos.system("rm -rf /opt")\nEOF', ['rm -rf /opt']],
  ['curl -s https://x/install.py | python3', ['curl -s https://x/install.py', 'OPAQUE: is piped into python3']],
  ['python3 manage.py migrate', ['python3 manage.py migrate']],
  ['pwsh -Command "Remove-Item -Recurse C:\\x"', ['OPAQUE: PowerShell code is not analysed']],
  // Redirections are recorded, not lost
  ['echo hi > out.txt', ['echo hi']],
  // Robustness
  ['', []],
  ['   ', []],
  ['# just a comment', []],
  ['echo "unterminated', ['OPAQUE: does not parse', 'echo']],
];

for (const [line, expected] of cases) {
  test(`reduces: ${JSON.stringify(line)}`, () => {
    const got = reduce(line);
    assert.equal(got.length, expected.length, `got ${JSON.stringify(got)}`);
    expected.forEach((e, i) => {
      if (e.startsWith('OPAQUE: ') || e.startsWith('FACT: ')) assert.ok(got[i].startsWith(e.split(': ')[0]) && got[i].includes(e.slice(e.indexOf(': ') + 2)), `${got[i]} should be ${e}`);
      else assert.equal(got[i], e);
    });
  });
}

test('cd changes the directory later commands resolve against, a subshell does not leak it', () => {
  const f = CommandWalker.walk(shell, 'cd /tmp && rm a; (cd /x; rm b); rm c; cd "$D"; rm d', { cwd: '/work', env, home: '/home/dev' });
  const cwds = f.filter((x) => x.kind === 'command' && x.cmd.tool === 'rm').map((x) => x.cwd);
  assert.deepEqual(cwds, ['/tmp', '/x', '/tmp', UNKNOWN_CWD]);
});

test('exported variables reach the environment of later commands', () => {
  const f = CommandWalker.walk(shell, 'export AWS_PROFILE=prod; AWS_REGION=eu-west-1 aws s3 ls', { cwd: '/work', env, home: '/home/dev' });
  const cmd = f.find((x) => x.kind === 'command');
  assert.ok(cmd && cmd.kind === 'command');
  assert.equal(cmd.env.AWS_PROFILE, 'prod');
  assert.equal(cmd.cmd.assignments.AWS_REGION, 'eu-west-1');
});

test('wrappers are listed in the order they were seen through', () => {
  const f = CommandWalker.walk(shell, "sudo bash -c 'timeout 5 rm x'", { cwd: '/work', env, home: '/home/dev' });
  const cmd = f.find((x) => x.kind === 'command');
  assert.ok(cmd && cmd.kind === 'command');
  assert.deepEqual(cmd.cmd.via, ['sudo', 'bash -c', 'timeout']);
});

test('redirect targets are kept with their operator', () => {
  const f = CommandWalker.walk(shell, 'echo x > /etc/hosts 2>> err.log', { cwd: '/work', env, home: '/home/dev' });
  const cmd = f.find((x) => x.kind === 'command');
  assert.ok(cmd && cmd.kind === 'command');
  assert.deepEqual(cmd.cmd.redirects.map((r) => `${r.operator} ${r.target.value}`), ['> /etc/hosts', '2>> err.log']);
});
