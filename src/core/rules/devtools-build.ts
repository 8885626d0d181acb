/**
 * Build systems: cargo, go, make, cmake, ninja, bazel, gradle, maven, ant, dotnet, msbuild, swift,
 * xcodebuild. Building, testing and cleaning are local and recoverable; pushing artifacts to a registry
 * or repository is not; a task whose name says deploy/release/prod is unknown (the build file is unseen).
 */
import type { Word } from '../shell/command';
import { fileTarget, isRegenerable } from './places';
import { asksForHelp, classify, firstOperand, hasWord, operands, riskyTaskName, runScript, runTask, worst, type Kind } from './devtools-support';
import type { ToolAnalyzer } from './tool-analyzer';

const CLEAN_TARGETS = new Set(['clean', 'distclean', 'mrproper', 'clobber', 'realclean', 'maintainer-clean', 'cleanall', 'clean-all']);

/** Make-like tools: targets by name. */
function targets(cmd: Parameters<ToolAnalyzer>[0], ctx: Parameters<ToolAnalyzer>[1], tool: string, names: Word[], what = 'target') {
  if (names.length === 0) return classify(cmd, ctx, tool, 'local', 'task', { notes: [`runs the default ${what}, which the analyzer cannot see`] });
  const operation = `${tool} ${names.map((w) => w.value).join(' ')}`;
  if (names.some((w) => w.dynamic)) return classify(cmd, ctx, operation, 'unknown', 'dynamic-target', { notes: [`the ${what} name is known only at run time`] });
  if (names.every((w) => CLEAN_TARGETS.has(w.value))) return classify(cmd, ctx, operation, 'clean', 'clean', { notes: ['by convention deletes build output'] });
  return runTask(cmd, ctx, operation, names.map((w) => w.value), what);
}

const CARGO_KINDS: Record<string, Kind> = {
  build: 'local', b: 'local', check: 'local', c: 'local', test: 'local', t: 'local', bench: 'local', run: 'local', r: 'local',
  clippy: 'local', fmt: 'local', doc: 'local', d: 'local', add: 'local', remove: 'local', rm: 'local', update: 'local',
  fetch: 'local', new: 'local', init: 'local', install: 'local', uninstall: 'local', package: 'local', vendor: 'local',
  'generate-lockfile': 'local', fix: 'local', rustc: 'local', rustdoc: 'local', login: 'local', logout: 'local',
  clean: 'clean', tree: 'read', metadata: 'read', search: 'read', info: 'read', pkgid: 'read', 'locate-project': 'read',
  'read-manifest': 'read', 'verify-project': 'read', version: 'read', help: 'read', report: 'read', config: 'read',
  publish: 'shared', yank: 'destroy',
  // Common third-party subcommands that only build, test or inspect.
  watch: 'local', nextest: 'local', expand: 'read', audit: 'read', deny: 'read', outdated: 'read', udeps: 'read',
  'llvm-cov': 'local', tarpaulin: 'local', insta: 'local', machete: 'read', sort: 'local', upgrade: 'local',
  'set-version': 'local', binstall: 'local', bloat: 'read', 'cargo-tauri': 'local', tauri: 'local', leptos: 'local', make: 'local',
};

const cargo: ToolAnalyzer = (cmd, ctx) => {
  const args = cmd.args[0]?.value.startsWith('+') ? cmd.args.slice(1) : cmd.args;
  const { word, index } = firstOperand(args, ['-C', '--manifest-path', '-Z', '--config', '--color', '--explain']);
  if (!word || asksForHelp(args)) return classify(cmd, ctx, 'cargo', 'read', 'read-only');
  const sub = word.value;
  const rest = operands(args.slice(index + 1), ['--version', '--vers', '--registry', '--index', '--token', '-p', '--package', '--bin', '--example', '--test', '--bench', '--features', '-F', '--target', '--profile', '-j', '--jobs', '--manifest-path', '--message-format', '--color', '-Z', '--config', '--add', '-a', '--remove', '-r']);
  const dryRun = hasWord(args, '--dry-run');
  if (sub === 'publish') {
    return classify(cmd, ctx, 'cargo publish', dryRun ? 'read' : 'shared', 'publish', {
      targets: dryRun ? [] : [{ id: 'crates://package/.', change: 'change', kind: 'crate', unresolved: ['name'] }],
      notes: dryRun ? ['--dry-run: nothing is uploaded'] : ['publishes to crates.io: a version cannot be replaced'],
    });
  }
  if (sub === 'yank') {
    const undo = hasWord(args, '--undo');
    return classify(cmd, ctx, undo ? 'cargo yank --undo' : 'cargo yank', undo ? 'shared' : 'destroy', 'yank', {
      targets: [{ id: `crates://package/${rest[0]?.value ?? '.'}`, change: undo ? 'change' : 'destroy', kind: 'crate version' }],
    });
  }
  if (sub === 'owner') {
    const kind: Kind = hasWord(args, '--remove', '-r') ? 'destroy' : hasWord(args, '--add', '-a') ? 'shared' : 'read';
    return classify(cmd, ctx, 'cargo owner', kind, 'owner');
  }
  if (sub === 'make') return targets(cmd, ctx, 'cargo make', rest, 'task');
  const kind = CARGO_KINDS[sub];
  if (!kind) return classify(cmd, ctx, `cargo ${sub}`, 'unknown', 'unrecognised', { notes: ['a cargo subcommand the analyzer does not know'] });
  const risky = rest.map((w) => riskyTaskName(w.value)).find(Boolean);
  if (risky) return classify(cmd, ctx, `cargo ${sub}`, 'unknown', 'risky-task', { notes: [`\`${risky}\`: the analyzer cannot see what it does`] });
  const checking = sub === 'fmt' && hasWord(args, '--check');
  return classify(cmd, ctx, `cargo ${sub}`, checking ? 'read' : kind, kind === 'read' || checking ? 'read-only' : kind === 'clean' ? 'clean' : 'build', {
    notes: sub === 'run' || sub === 'r' ? ['runs the project’s own program'] : [],
  });
};

const GO_KINDS: Record<string, Kind> = {
  build: 'local', test: 'local', run: 'local', fmt: 'local', generate: 'local', get: 'local', install: 'local', fix: 'local',
  tool: 'local', telemetry: 'local', vet: 'read', version: 'read', list: 'read', doc: 'read', help: 'read', bug: 'read', clean: 'clean',
};
const GO_GROUPS: Record<string, Record<string, Kind>> = {
  mod: { tidy: 'local', download: 'local', init: 'local', vendor: 'local', edit: 'local', graph: 'read', why: 'read', verify: 'read' },
  work: { init: 'local', use: 'local', sync: 'local', edit: 'local', vendor: 'local' },
};

const go: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-C', '-o', '-run', '-bench', '-tags', '-ldflags', '-gcflags', '-mod', '-p', '-count', '-timeout', '-coverprofile', '-exec']);
  if (ops.length === 0 || asksForHelp(cmd.args)) return classify(cmd, ctx, 'go', 'read', 'read-only');
  const sub = ops[0].value;
  if (sub === 'env') {
    const writes = hasWord(cmd.args, '-w', '-u');
    return classify(cmd, ctx, 'go env', writes ? 'local' : 'read', writes ? 'env' : 'read-only');
  }
  const group = GO_GROUPS[sub];
  const kind = group ? group[ops[1]?.value ?? ''] ?? 'unknown' : GO_KINDS[sub] ?? 'unknown';
  const operation = group ? `go ${sub} ${ops[1]?.value ?? ''}`.trim() : `go ${sub}`;
  const notes = sub === 'generate' ? ['runs the commands in //go:generate lines'] : sub === 'run' ? ['runs the project’s own program'] : [];
  return classify(cmd, ctx, operation, kind, kind === 'read' ? 'read-only' : kind === 'unknown' ? 'unrecognised' : kind === 'clean' ? 'clean' : 'build', { notes });
};

const MAKE_VALUE = ['-C', '--directory', '-f', '--file', '--makefile', '-I', '--include-dir', '-o', '--old-file', '--assume-old', '-W', '--what-if', '--new-file', '--assume-new', '-E', '--eval'];

const make: ToolAnalyzer = (cmd, ctx) => {
  const names: Word[] = [];
  let dryRun = false;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (MAKE_VALUE.includes(a)) i++;
    else if (/^-(j|l|-jobs|-load-average)$/.test(a) && /^\d+(\.\d+)?$/.test(cmd.args[i + 1]?.value ?? '')) i++;
    else if (['-n', '--dry-run', '--just-print', '--recon', '-q', '--question'].includes(a) || /^-[BdeikqrRsStvwL]*n[BdeikqrRsStvwL]*$/.test(a)) dryRun = true;
    else if (a === '--help' || a === '-v' || a === '--version' || a === '-h') return classify(cmd, ctx, 'make', 'read', 'read-only');
    else if (!a.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_.]*\+?=|^[A-Za-z_][A-Za-z0-9_.]*:=/.test(a)) names.push(cmd.args[i]);
  }
  if (dryRun) {
    return classify(cmd, ctx, `make -n ${names.map((w) => w.value).join(' ')}`.trim(), 'read', 'dry-run', { notes: ['-n prints the recipes; lines with + or $(MAKE) still run'] });
  }
  return targets(cmd, ctx, 'make', names);
};

const CMAKE_E_READ = new Set(['capabilities', 'echo', 'echo_append', 'cat', 'compare_files', 'md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'environment', 'sleep', 'true', 'false']);
const CMAKE_E_REMOVE = new Set(['rm', 'remove', 'remove_directory']);

const cmake: ToolAnalyzer = (cmd, ctx) => {
  const args = cmd.args;
  if (asksForHelp(args) || hasWord(args, '--system-information', '-N')) return classify(cmd, ctx, 'cmake', 'read', 'read-only');
  const e = args.findIndex((w) => w.value === '-E');
  if (e >= 0) {
    const command = args[e + 1]?.value ?? '';
    const paths = args.slice(e + 2).filter((w) => !w.value.startsWith('-'));
    if (CMAKE_E_READ.has(command)) return classify(cmd, ctx, `cmake -E ${command}`, 'read', 'read-only');
    if (CMAKE_E_REMOVE.has(command)) {
      const regenerable = paths.length > 0 && paths.every((w) => isRegenerable(ctx, w));
      return classify(cmd, ctx, `cmake -E ${command}`, regenerable ? 'clean' : 'destroy', 'cmake-remove', {
        targets: paths.map((w) => ({ ...fileTarget(ctx, w, 'destroy'), many: true })),
      });
    }
    if (['env', 'time', 'chdir'].includes(command)) return classify(cmd, ctx, `cmake -E ${command}`, 'unknown', 'runs-command', { notes: ['runs a command the analyzer did not see through'] });
    return classify(cmd, ctx, `cmake -E ${command}`, 'local', 'build');
  }
  const script = args.findIndex((w) => w.value === '-P');
  if (script >= 0) return runScript(cmd, ctx, 'cmake -P', args[script + 1]);
  if (hasWord(args, '--install')) return classify(cmd, ctx, 'cmake --install', 'local', 'install', { notes: ['installs into the configured prefix'] });
  if (hasWord(args, '--build')) {
    const target = args.findIndex((w) => w.value === '--target' || w.value === '-t');
    const names = target >= 0 ? operands(args.slice(target + 1)).slice(0, 1) : [];
    return names.length ? targets(cmd, ctx, 'cmake --build --target', names) : classify(cmd, ctx, 'cmake --build', 'local', 'build');
  }
  return classify(cmd, ctx, 'cmake', 'local', 'build', { notes: ['configures a build tree'] });
};

const ninja: ToolAnalyzer = (cmd, ctx) => {
  const tool = cmd.args.findIndex((w) => w.value === '-t');
  if (tool >= 0) {
    const name = cmd.args[tool + 1]?.value ?? '';
    const kind: Kind = name === 'clean' || name === 'cleandead' ? 'clean' : ['recompact', 'restat'].includes(name) ? 'local' : 'read';
    return classify(cmd, ctx, `ninja -t ${name}`, kind, kind === 'read' ? 'read-only' : kind === 'clean' ? 'clean' : 'build');
  }
  if (hasWord(cmd.args, '-n', '--version', '-h', '--help')) return classify(cmd, ctx, 'ninja', 'read', 'read-only');
  return targets(cmd, ctx, 'ninja', operands(cmd.args, ['-C', '-f', '-j', '-k', '-l', '-d', '-w']));
};

const BAZEL_KINDS: Record<string, Kind> = {
  build: 'local', test: 'local', coverage: 'local', fetch: 'local', sync: 'local', 'mobile-install': 'local', shutdown: 'local',
  vendor: 'local', mod: 'local', query: 'read', cquery: 'read', aquery: 'read', info: 'read', version: 'read', help: 'read',
  dump: 'read', print_action: 'read', license: 'read', 'analyze-profile': 'read', 'canonicalize-flags': 'read', config: 'read',
  clean: 'clean',
};

const bazel: ToolAnalyzer = (cmd, ctx) => {
  const { word, index } = firstOperand(cmd.args);
  if (!word) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  const sub = word.value;
  const labels = operands(cmd.args.slice(index + 1));
  if (sub === 'run') return targets(cmd, ctx, `${cmd.tool} run`, labels.slice(0, 1), 'target');
  const kind = BAZEL_KINDS[sub] ?? 'unknown';
  return classify(cmd, ctx, `${cmd.tool} ${sub}`, kind, kind === 'read' ? 'read-only' : kind === 'unknown' ? 'unrecognised' : kind === 'clean' ? 'clean' : 'build', {
    notes: sub === 'clean' && hasWord(cmd.args, '--expunge') ? ['--expunge: removes the whole output base'] : [],
  });
};

const GRADLE_VALUE = ['-p', '--project-dir', '-b', '--build-file', '-c', '--settings-file', '-D', '--system-prop', '-P', '--project-prop', '-x', '--exclude-task', '--console', '-I', '--init-script', '-g', '--gradle-user-home', '--max-workers', '--warning-mode', '--include-build', '--priority', '-M', '--dependency-verification', '--tests'];
const GRADLE_READ = new Set(['tasks', 'dependencies', 'properties', 'projects', 'help', 'dependencyInsight', 'buildEnvironment', 'outgoingVariants', 'javaToolchains', 'model', 'components', 'resolvableConfigurations']);

function gradleTaskKind(task: string): Kind {
  const name = task.split(':').pop() ?? task;
  if (GRADLE_READ.has(name)) return 'read';
  if (name === 'clean') return 'clean';
  if (/^publish/.test(name) && !/Local$/.test(name)) return 'shared';
  if (/^upload/.test(name)) return 'shared';
  if (riskyTaskName(name)) return 'unknown';
  return 'local';
}

const gradle: ToolAnalyzer = (cmd, ctx) => {
  if (asksForHelp(cmd.args) || hasWord(cmd.args, '--status')) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  if (hasWord(cmd.args, '--stop')) return classify(cmd, ctx, `${cmd.tool} --stop`, 'local', 'build');
  const tasks = operands(cmd.args, GRADLE_VALUE);
  const operation = `${cmd.tool} ${tasks.map((w) => w.value).join(' ')}`.trim();
  if (hasWord(cmd.args, '-m', '--dry-run')) return classify(cmd, ctx, `${operation} --dry-run`, 'read', 'dry-run');
  if (tasks.length === 0) return classify(cmd, ctx, operation, 'local', 'task', { notes: ['runs the default tasks'] });
  const kind = worst(tasks.map((w) => (w.dynamic ? 'unknown' : gradleTaskKind(w.value))));
  const rule = kind === 'shared' ? 'publish' : kind === 'unknown' ? 'risky-task' : kind === 'read' ? 'read-only' : kind === 'clean' ? 'clean' : 'build';
  const notes = kind === 'shared' ? ['publishes artifacts to a repository'] : kind === 'unknown' ? ['a task named like deploy/release/prod: the analyzer cannot see what it does'] : [];
  return classify(cmd, ctx, operation, kind, rule, { notes });
};

const MAVEN_VALUE = ['-f', '--file', '-s', '--settings', '-gs', '--global-settings', '-t', '--toolchains', '-T', '--threads', '-pl', '--projects', '-rf', '--resume-from', '-P', '--activate-profiles', '-D', '--define', '-l', '--log-file', '-b', '--builder', '-gt', '--global-toolchains', '-emp', '--encrypt-master-password', '-ep', '--encrypt-password'];
const MAVEN_PHASES_READ = new Set(['validate', 'help:effective-pom', 'help:describe', 'help:active-profiles', 'help:effective-settings', 'help:evaluate', 'help:system', 'dependency:tree', 'dependency:list', 'dependency:analyze', 'dependency:sources', 'versions:display-dependency-updates', 'versions:display-plugin-updates', 'versions:display-property-updates', 'flyway:info', 'flyway:validate', 'liquibase:status', 'liquibase:history']);
const MAVEN_SHARED = new Set(['deploy', 'site-deploy', 'deploy:deploy', 'deploy:deploy-file', 'jib:build', 'docker:push', 'dockerfile:push', 'release:prepare', 'release:perform', 'release:branch', 'release:stage', 'release:rollback', 'scm:checkin', 'scm:tag']);
const MAVEN_DESTROY = new Set(['flyway:clean', 'liquibase:dropAll', 'liquibase:rollback', 'liquibase:drop-all']);

function mavenGoalKind(goal: string): Kind {
  if (MAVEN_PHASES_READ.has(goal) || goal.startsWith('help:')) return 'read';
  if (MAVEN_SHARED.has(goal)) return 'shared';
  if (MAVEN_DESTROY.has(goal)) return 'destroy';
  if (goal === 'clean' || goal === 'clean:clean') return 'clean';
  if (/:/.test(goal) && riskyTaskName(goal.split(':').pop() ?? goal)) return 'unknown';
  if (/^release:/.test(goal)) return 'shared';
  return 'local';
}

const mvn: ToolAnalyzer = (cmd, ctx) => {
  if (asksForHelp(cmd.args)) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  const goals = operands(cmd.args, MAVEN_VALUE);
  const operation = `${cmd.tool} ${goals.map((w) => w.value).join(' ')}`.trim();
  if (goals.length === 0) return classify(cmd, ctx, operation, 'unknown', 'no-goal', { notes: ['runs the project’s default goal, if it has one'] });
  const kind = worst(goals.map((w) => (w.dynamic ? 'unknown' : mavenGoalKind(w.value))));
  const rule = kind === 'shared' ? 'publish' : kind === 'destroy' ? 'database-wipe' : kind === 'unknown' ? 'risky-task' : kind === 'read' ? 'read-only' : kind === 'clean' ? 'clean' : 'build';
  const notes = kind === 'shared' ? ['pushes artifacts, images or tags to a shared repository'] : kind === 'destroy' ? ['drops every object in the configured database'] : [];
  if (goals.some((w) => /^(flyway|liquibase):(migrate|update)/.test(w.value))) notes.push('applies migrations to the configured database');
  return classify(cmd, ctx, operation, kind, rule, { notes });
};

const ant: ToolAnalyzer = (cmd, ctx) => {
  if (hasWord(cmd.args, '-p', '-projecthelp', '-version', '-help', '-h', '-diagnostics')) return classify(cmd, ctx, 'ant', 'read', 'read-only');
  const names = operands(cmd.args, ['-f', '-file', '-buildfile', '-lib', '-logfile', '-l', '-logger', '-listener', '-propertyfile', '-inputhandler', '-find', '-s', '-nice', '-main']);
  return targets(cmd, ctx, 'ant', names);
};

/** MSBuild properties that turn a publish into a deployment (Web Deploy, publish profiles). */
function deploysOnPublish(args: readonly Word[]): string | undefined {
  const prop = args.find((w) => /^[-/]p(roperty)?:.*(DeployOnBuild=true|PublishProfile=)/i.test(w.value));
  return prop?.value;
}

const DOTNET_KINDS: Record<string, Kind> = {
  build: 'local', test: 'local', run: 'local', restore: 'local', pack: 'local', new: 'local', add: 'local', remove: 'local',
  sln: 'local', format: 'local', watch: 'local', msbuild: 'local', vstest: 'local', publish: 'local', store: 'local',
  workload: 'local', 'dev-certs': 'local', clean: 'clean', list: 'read', '--info': 'read', '--version': 'read',
  '--list-sdks': 'read', '--list-runtimes': 'read', help: 'read', sdk: 'read',
};

const dotnet: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-c', '--configuration', '-f', '--framework', '-r', '--runtime', '-o', '--output', '-v', '--verbosity', '-p', '--project', '-s', '--source', '-k', '--api-key', '--context', '--connection', '--filter', '-a', '--arch']);
  const first = cmd.args[0]?.value;
  if (!first || asksForHelp(cmd.args) || (first.startsWith('--') && DOTNET_KINDS[first])) return classify(cmd, ctx, `dotnet ${first ?? ''}`.trim(), 'read', 'read-only');
  const sub = ops[0]?.value ?? '';
  if (/\.dll$/i.test(sub)) return runScript(cmd, ctx, 'dotnet', ops[0]);
  if (sub === 'nuget') {
    const verb = ops[1]?.value ?? '';
    const kind: Kind = verb === 'push' ? 'shared' : verb === 'delete' ? 'destroy' : verb === 'locals' ? (hasWord(cmd.args, '--clear', '-c') ? 'clean' : 'read') : ['list', 'why', 'verify'].includes(verb) ? 'read' : 'local';
    return classify(cmd, ctx, `dotnet nuget ${verb}`, kind, verb === 'push' ? 'publish' : verb === 'delete' ? 'unpublish' : 'nuget', {
      targets: kind === 'shared' || kind === 'destroy' ? [{ id: `nuget://package/${ops[2]?.value ?? '.'}`, change: kind === 'destroy' ? 'destroy' : 'change', kind: 'package' }] : [],
    });
  }
  if (sub === 'ef') {
    const [, group, verb] = ops.map((w) => w.value);
    if (group === 'database' && verb === 'drop') {
      return classify(cmd, ctx, 'dotnet ef database drop', hasWord(cmd.args, '--dry-run') ? 'read' : 'destroy', 'database-wipe', {
        targets: [{ id: 'db://ef/configured', change: 'destroy', kind: 'database', unresolved: ['database'] }],
        notes: ['drops the database the project is configured for'],
      });
    }
    const kind: Kind = verb === 'list' || verb === 'script' || verb === 'info' || group === '--version' ? 'read' : 'local';
    return classify(cmd, ctx, `dotnet ef ${group ?? ''} ${verb ?? ''}`.trim(), kind, kind === 'read' ? 'read-only' : 'migrations', {
      notes: group === 'database' && verb === 'update' ? ['applies migrations to the configured database'] : [],
    });
  }
  if (sub === 'tool' || sub === 'user-secrets') {
    const verb = ops[1]?.value ?? '';
    return classify(cmd, ctx, `dotnet ${sub} ${verb}`.trim(), verb === 'list' || verb === 'search' ? 'read' : 'local', sub);
  }
  const deploys = sub === 'publish' || sub === 'build' || sub === 'msbuild' ? deploysOnPublish(cmd.args) : undefined;
  if (deploys) return classify(cmd, ctx, `dotnet ${sub}`, 'unknown', 'publish-profile', { notes: [`${deploys}: a publish profile may deploy to a server`] });
  const kind = DOTNET_KINDS[sub] ?? 'unknown';
  const notes = sub === 'publish' ? ['writes a publish folder; nothing leaves the machine'] : [];
  return classify(cmd, ctx, `dotnet ${sub}`, hasWord(cmd.args, '--verify-no-changes') ? 'read' : kind, kind === 'read' ? 'read-only' : kind === 'unknown' ? 'unrecognised' : kind === 'clean' ? 'clean' : 'build', { notes });
};

const msbuild: ToolAnalyzer = (cmd, ctx) => {
  const names = cmd.args
    .filter((w) => /^[-/](t|target):/i.test(w.value))
    .flatMap((w) => w.value.slice(w.value.indexOf(':') + 1).split(/[;,]/))
    .filter(Boolean)
    .map((value) => ({ value, dynamic: false }));
  const deploys = deploysOnPublish(cmd.args);
  if (deploys) return classify(cmd, ctx, cmd.tool, 'unknown', 'publish-profile', { notes: [`${deploys}: a publish profile may deploy to a server`] });
  if (names.length === 0) return classify(cmd, ctx, cmd.tool, hasWord(cmd.args, '-version', '--version', '-help', '/?') ? 'read' : 'local', 'build');
  const publishOnly = names.every((w) => /^publish$/i.test(w.value));
  if (publishOnly) return classify(cmd, ctx, `${cmd.tool} -t:Publish`, 'local', 'build', { notes: ['writes a publish folder'] });
  return targets(cmd, ctx, cmd.tool, names.map((w) => ({ ...w, value: /^clean$/i.test(w.value) ? 'clean' : w.value })));
};

const SWIFT_PACKAGE_READ = new Set(['describe', 'dump-package', 'show-dependencies', 'compute-checksum', 'completion-tool', 'tools-version', 'show-executables']);

const swift: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-c', '--configuration', '--package-path', '--scratch-path', '--product', '--target', '--filter', '-Xswiftc', '-Xcc', '-Xlinker', '--triple', '--sdk']);
  if (ops.length === 0) return classify(cmd, ctx, 'swift', asksForHelp(cmd.args) ? 'read' : 'unknown', asksForHelp(cmd.args) ? 'read-only' : 'repl');
  const sub = ops[0].value;
  if (asksForHelp(cmd.args)) return classify(cmd, ctx, `swift ${sub}`, 'read', 'read-only');
  if (sub === 'package') {
    const verb = ops[1]?.value ?? '';
    const kind: Kind = SWIFT_PACKAGE_READ.has(verb) && !hasWord(cmd.args, '--set') ? 'read' : verb === 'clean' || verb === 'reset' || verb === 'purge-cache' ? 'clean' : 'local';
    return classify(cmd, ctx, `swift package ${verb}`.trim(), kind, kind === 'read' ? 'read-only' : kind === 'clean' ? 'clean' : 'build');
  }
  if (['build', 'test', 'run', 'format', 'sdk'].includes(sub)) return classify(cmd, ctx, `swift ${sub}`, sub === 'format' && hasWord(cmd.args, 'lint') ? 'read' : 'local', 'build');
  if (sub === 'repl') return classify(cmd, ctx, 'swift repl', 'unknown', 'repl');
  if (/\.swift$/.test(sub)) return runScript(cmd, ctx, 'swift', ops[0]);
  return classify(cmd, ctx, `swift ${sub}`, 'unknown', 'unrecognised');
};

const XCODE_READ = ['-list', '-showsdks', '-showBuildSettings', '-version', '-showdestinations', '-showTestPlans', '-help', '-usage', '-checkFirstLaunchStatus', '-showBuildTimingSummary'];

const xcodebuild: ToolAnalyzer = (cmd, ctx) => {
  if (hasWord(cmd.args, ...XCODE_READ) && !cmd.args.some((w) => ['build', 'test', 'archive', 'clean'].includes(w.value))) {
    return classify(cmd, ctx, 'xcodebuild', 'read', 'read-only');
  }
  const actions = cmd.args.filter((w, i) => /^[a-z][a-z-]*$/.test(w.value) && !cmd.args[i - 1]?.value.startsWith('-'));
  const names = actions.map((w) => w.value);
  const operation = `xcodebuild ${names.join(' ') || (hasWord(cmd.args, '-exportArchive') ? '-exportArchive' : 'build')}`;
  if (names.length > 0 && names.every((n) => n === 'clean')) return classify(cmd, ctx, operation, 'clean', 'clean');
  return classify(cmd, ctx, operation, 'local', 'build', {
    notes: hasWord(cmd.args, '-exportArchive') ? ['an export options plist with destination=upload sends the build to App Store Connect'] : [],
  });
};

export const buildAnalyzers: Record<string, ToolAnalyzer> = {
  cargo, go, make, gmake: make, cmake, ninja, bazel, bazelisk: bazel, gradle, gradlew: gradle, mvn, mvnw: mvn, ant, dotnet,
  msbuild, MSBuild: msbuild, 'msbuild.exe': msbuild, 'MSBuild.exe': msbuild, xbuild: msbuild, swift, xcodebuild,
};
