/**
 * System package managers (brew, apt, dnf, yum) and the editor's own CLI (`code`).
 * Installing and upgrading are recoverable. Removing a Homebrew formula is too (nothing depends on it
 * outside Homebrew); removing a system package can take its dependents with it and break the machine,
 * so apt/dnf/yum removals ask, and purges that delete configuration are destroy.
 */
import { asksForHelp, classify, hasWord, operands, type Kind } from './devtools-support';
import type { ToolAnalyzer } from './tool-analyzer';

const BREW_KINDS: Record<string, Kind> = {
  install: 'local', reinstall: 'local', upgrade: 'local', update: 'local', tap: 'local', untap: 'local', link: 'local',
  unlink: 'local', pin: 'local', unpin: 'local', cleanup: 'clean', autoremove: 'local', bundle: 'local', uninstall: 'local',
  remove: 'local', rm: 'local', postinstall: 'local', migrate: 'local', analytics: 'read',
  list: 'read', ls: 'read', info: 'read', abv: 'read', search: 'read', outdated: 'read', deps: 'read', uses: 'read',
  leaves: 'read', desc: 'read', home: 'read', homepage: 'read', '--prefix': 'read', '--cellar': 'read', '--cache': 'read',
  '--repository': 'read', '--version': 'read', config: 'read', doctor: 'read', dr: 'read', cat: 'read', log: 'read',
  options: 'read', shellenv: 'read', missing: 'read', commands: 'read', formulae: 'read', casks: 'read', 'tap-info': 'read',
  docs: 'read', livecheck: 'read', audit: 'read', style: 'read', readall: 'read', help: 'read', fetch: 'local',
};
const BREW_SERVICES: Record<string, Kind> = { list: 'read', info: 'read', start: 'local', stop: 'local', restart: 'local', run: 'local', kill: 'local', cleanup: 'local' };

const brew: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args);
  const first = ops[0]?.value ?? cmd.args[0]?.value;
  if (!first || asksForHelp(cmd.args)) return classify(cmd, ctx, 'brew', 'read', 'read-only');
  if (first === 'services') {
    const verb = ops[1]?.value ?? 'list';
    return classify(cmd, ctx, `brew services ${verb}`, BREW_SERVICES[verb] ?? 'unknown', 'brew-services');
  }
  if ((first === 'uninstall' || first === 'remove' || first === 'rm') && hasWord(cmd.args, '--zap')) {
    return classify(cmd, ctx, 'brew uninstall --zap', 'destroy', 'brew-zap', { notes: ['--zap: also deletes the application’s settings and data'] });
  }
  if (first === 'bundle' && ops[1]?.value === 'cleanup' && hasWord(cmd.args, '--force')) {
    return classify(cmd, ctx, 'brew bundle cleanup --force', 'local', 'package-remove', { notes: ['uninstalls everything not in the Brewfile'] });
  }
  const kind = BREW_KINDS[first] ?? 'unknown';
  return classify(cmd, ctx, `brew ${first}`, hasWord(cmd.args, '--dry-run', '-n') && kind !== 'read' ? 'read' : kind, kind === 'read' ? 'read-only' : kind === 'unknown' ? 'unrecognised' : 'package-install');
};

const APT_READ = new Set(['list', 'search', 'show', 'showsrc', 'policy', 'depends', 'rdepends', 'changelog', 'madison', 'pkgnames', 'dump', 'stats', 'showpkg', 'dotty', 'unmet', 'help', 'moo', 'check', 'info', 'provides', 'repolist', 'repoquery', 'deplist', 'check-update', 'list-updates', 'whatprovides', 'updateinfo', 'makecache']);
const APT_INSTALL = new Set(['install', 'update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'reinstall', 'build-dep', 'source', 'download', 'satisfy', 'downgrade', 'localinstall', 'groupinstall', 'distro-sync', 'swap', 'mark', 'clean', 'autoclean', 'edit-sources', 'config-manager', 'module', 'copr']);
const APT_REMOVE = new Set(['remove', 'erase', 'autoremove', 'groupremove', 'uninstall']);

/** apt, apt-get, apt-cache, dnf, yum, microdnf share enough vocabulary to share a table. */
const systemPackages: ToolAnalyzer = (cmd, ctx) => {
  const ops = operands(cmd.args, ['-o', '-c', '-t', '--target-release', '--repo', '--enablerepo', '--disablerepo', '--setopt', '--releasever', '--installroot']);
  const verb = ops[0]?.value;
  if (!verb || asksForHelp(cmd.args)) return classify(cmd, ctx, cmd.tool, 'read', 'read-only');
  const simulated = hasWord(cmd.args, '-s', '--simulate', '--dry-run', '--just-print', '--no-act', '--recon', '--assumeno', '--print-uris');
  const operation = `${cmd.tool} ${verb}`;
  if (cmd.tool === 'apt-cache' || APT_READ.has(verb)) return classify(cmd, ctx, operation, 'read', 'read-only');
  if (verb === 'history') {
    const sub = ops[1]?.value ?? 'list';
    return classify(cmd, ctx, `${operation} ${sub}`, ['list', 'info', 'summary', 'userinstalled'].includes(sub) ? 'read' : 'shared', 'package-history');
  }
  if (simulated) return classify(cmd, ctx, `${operation} --simulate`, 'read', 'read-only', { notes: ['simulation: nothing changes'] });
  if (verb === 'purge' || (APT_REMOVE.has(verb) && hasWord(cmd.args, '--purge'))) {
    return classify(cmd, ctx, operation, 'destroy', 'package-purge', {
      targets: ops.slice(1).map((w) => ({ id: `pkg://${cmd.tool}/${w.value}`, change: 'destroy' as const, kind: 'system package' })),
      notes: ['also deletes the packages’ configuration files'],
    });
  }
  if (APT_REMOVE.has(verb)) {
    return classify(cmd, ctx, operation, 'shared', 'package-remove', {
      targets: ops.slice(1).map((w) => ({ id: `pkg://${cmd.tool}/${w.value}`, change: 'destroy' as const, kind: 'system package' })),
      notes: ['removing system packages can remove the packages that depend on them'],
    });
  }
  if (APT_INSTALL.has(verb)) return classify(cmd, ctx, operation, 'local', 'package-install');
  return classify(cmd, ctx, operation, 'unknown', 'unrecognised');
};

/** The editor CLI: opening files reads; extensions are local installs; a tunnel exposes the machine. */
const code: ToolAnalyzer = (cmd, ctx) => {
  const sub = cmd.args[0]?.value;
  if (sub === 'tunnel' || sub === 'serve-web') {
    const verb = cmd.args[1]?.value;
    if (verb && ['status', 'user', 'help', '--help'].includes(verb) && cmd.args[2]?.value !== 'login') return classify(cmd, ctx, `${cmd.tool} ${sub} ${verb}`, 'read', 'read-only');
    return classify(cmd, ctx, `${cmd.tool} ${sub}`, 'shared', 'remote-access', { notes: ['opens this machine to remote access'] });
  }
  if (hasWord(cmd.args, '--install-extension', '--uninstall-extension', '--update-extensions')) {
    return classify(cmd, ctx, `${cmd.tool} extensions`, 'local', 'extensions');
  }
  return classify(cmd, ctx, cmd.tool, 'read', 'open-editor');
};

export const systemAnalyzers: Record<string, ToolAnalyzer> = {
  brew, apt: systemPackages, 'apt-get': systemPackages, 'apt-cache': systemPackages, dnf: systemPackages, yum: systemPackages,
  microdnf: systemPackages, code, 'code-insiders': code, codium: code, cursor: code,
};
