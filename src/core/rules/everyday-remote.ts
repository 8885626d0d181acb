/**
 * Talking to other machines. Fetching to stdout reads; saving a download is a local write; sending data
 * changes state on a server we cannot see (recoverable only on this machine's own dev servers, and a
 * DELETE always asks: a local port may be a tunnel to production). ssh runs commands the analyzer
 * cannot see, so it is `unknown`.
 */
import * as path from 'node:path';
import type { Action, AnalysisContext, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { fileTarget, fileWrites, isLoopback, isRegenerable, isStream, ownedFolder, parseUrl, urlTarget } from './places';
import { has, makeAction, optionValue, optionValues, parseArgv, type ParsedArgv } from './support';
import { packActions, type ToolAnalyzer } from './tool-analyzer';

const act = packActions('everyday');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isLocal(w: Word): boolean {
  const url = parseUrl(w.value);
  return !!url && !/\$/.test(url.authority) && isLoopback(url.host);
}

/** The remote-state action for a request that is not a plain GET, or nothing for a read. */
function sendAction(cmd: SimpleCommand, ctx: AnalysisContext, method: string, urls: Word[]): Action | undefined {
  if (SAFE_METHODS.has(method)) return undefined;
  const deletes = method === 'DELETE';
  const local = urls.length > 0 && urls.every(isLocal);
  const known = /^[A-Z]+$/.test(method);
  return makeAction(cmd, ctx, {
    operation: `${cmd.tool} ${method}`, effect: !known ? 'unknown' : deletes ? 'destroy' : 'write', recoverable: local && !deletes && known,
    rule: `everyday.${deletes ? 'http-delete' : 'http-send'}`,
    targets: urls.map((w) => urlTarget(w, deletes ? 'destroy' : 'change')),
    notes: local ? ['a server on this machine (or a tunnel to one)'] : ['changes state on a remote server'],
  });
}

/** The download's file writes, with the URLs read as context. */
function downloadAction(cmd: SimpleCommand, ctx: AnalysisContext, files: Word[], urls: Word[], many: boolean, remote?: Action): Action[] {
  const kept = files.filter((w) => !isStream(w.value));
  if (kept.length === 0) return [];
  const { targets, recoverable } = fileWrites(ctx, kept, 'create');
  return [makeAction(cmd, ctx, {
    operation: `${cmd.tool} download`, effect: 'write', recoverable, rule: 'everyday.download',
    targets: [...targets.map((t) => (many ? { ...t, many } : t)), ...(remote ? [] : urls.map((w) => urlTarget(w, 'read')))],
  })];
}

/** The file a URL would be saved as: the last path segment, inside `dir`. */
function savedName(url: Word, dir: Word | undefined, fallback: string): Word {
  const parsed = parseUrl(url.value);
  const base = parsed ? path.posix.basename(parsed.path) : '';
  const name = base || fallback;
  return { value: dir ? path.posix.join(dir.value, name) : name, dynamic: url.dynamic || !!dir?.dynamic };
}

const CURL_VALUE = [
  '-A', '-b', '-c', '-C', '-d', '-D', '-e', '-E', '-F', '-H', '-K', '-m', '-o', '-P', '-Q', '-r', '-t', '-T', '-u', '-U', '-w', '-x', '-X', '-y', '-Y', '-z',
  '--abstract-unix-socket', '--alt-svc', '--aws-sigv4', '--cacert', '--capath', '--cert', '--cert-type', '--ciphers', '--config',
  '--connect-timeout', '--connect-to', '--continue-at', '--cookie', '--cookie-jar', '--create-file-mode', '--crlfile', '--data',
  '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--dns-servers', '--doh-url', '--dump-header', '--etag-compare',
  '--etag-save', '--expect100-timeout', '--form', '--form-string', '--header', '--hsts', '--interface', '--json', '--keepalive-time',
  '--key', '--key-type', '--libcurl', '--limit-rate', '--local-port', '--max-filesize', '--max-redirs', '--max-time', '--netrc-file',
  '--noproxy', '--oauth2-bearer', '--output', '--output-dir', '--parallel-max', '--pass', '--pinnedpubkey', '--proto',
  '--proto-default', '--proto-redir', '--proxy', '--proxy-header', '--proxy-user', '--pubkey', '--quote', '--range', '--rate',
  '--referer', '--request', '--request-target', '--resolve', '--retry', '--retry-delay', '--retry-max-time', '--speed-limit',
  '--speed-time', '--stderr', '--time-cond', '--tls-max', '--trace', '--trace-ascii', '--unix-socket', '--upload-file', '--url',
  '--url-query', '--user', '--user-agent', '--variable', '--write-out',
];
const CURL_DATA = ['-d', '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json', '-F', '--form', '--form-string'];

const curl: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: CURL_VALUE });
  if (has(p, '-K', '--config')) {
    return act(cmd, ctx, { operation: 'curl --config', effect: 'unknown', rule: 'curl-config', notes: ['options come from a file the analyzer cannot see'] });
  }
  const urls = [...p.positionals, ...optionValues(p, '--url'), ...p.rest];
  if (urls.length === 0) return act(cmd, ctx, { operation: 'curl', effect: 'read', rule: 'read-only' });
  const explicit = optionValue(p, '-X', '--request');
  if (explicit?.dynamic) {
    return act(cmd, ctx, { operation: 'curl', effect: 'unknown', rule: 'http-send', targets: urls.map((w) => urlTarget(w, 'change')), notes: ['the HTTP method is only known at run time'] });
  }
  const method = explicit?.value.toUpperCase()
    ?? (has(p, '-T', '--upload-file') ? 'PUT' : has(p, ...CURL_DATA) && !has(p, '-G', '--get') ? 'POST' : has(p, '-I', '--head') ? 'HEAD' : 'GET');
  const remote = sendAction(cmd, ctx, method, urls);
  const dir = optionValue(p, '--output-dir');
  const files = [
    ...optionValues(p, '-o', '--output').map((w) => (dir ? { value: path.posix.join(dir.value, w.value), dynamic: w.dynamic || dir.dynamic } : w)),
    ...(has(p, '-O', '--remote-name', '--remote-name-all') ? urls.map((u) => savedName(u, dir, 'curl-download')) : []),
    ...optionValues(p, '-c', '--cookie-jar', '-D', '--dump-header', '--trace', '--trace-ascii', '--etag-save', '--libcurl'),
  ];
  const actions = [...(remote ? [remote] : []), ...downloadAction(cmd, ctx, files, urls, false, remote)];
  if (actions.length > 0) return actions;
  return act(cmd, ctx, { operation: `curl ${method}`, effect: 'read', rule: 'http-get', targets: urls.map((w) => urlTarget(w, 'read')) });
};

const WGET_VALUE = [
  '-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '-P', '--directory-prefix', '-i', '--input-file',
  '-t', '--tries', '-T', '--timeout', '-w', '--wait', '-U', '--user-agent', '--header', '--post-data', '--post-file', '--body-data',
  '--body-file', '--method', '--user', '--password', '--http-user', '--http-password', '-e', '--execute', '-l', '--level', '-A',
  '--accept', '-R', '--reject', '-D', '--domains', '-X', '--exclude-directories', '-I', '--include-directories', '--load-cookies',
  '--save-cookies', '-Q', '--quota', '--limit-rate', '--bind-address', '-B', '--base', '--ca-certificate', '--certificate',
  '--private-key', '--restrict-file-names', '--accept-regex', '--reject-regex', '--config', '--referer', '--cut-dirs',
  '--waitretry', '--dns-timeout', '--connect-timeout', '--read-timeout', '--progress', '--default-page',
];

const wget: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: WGET_VALUE });
  if (has(p, '--config')) {
    return act(cmd, ctx, { operation: 'wget --config', effect: 'unknown', rule: 'wget-config', notes: ['options come from a file the analyzer cannot see'] });
  }
  const urls = [...p.positionals, ...p.rest];
  const fromFile = optionValue(p, '-i', '--input-file');
  if (urls.length === 0 && !fromFile) return act(cmd, ctx, { operation: 'wget', effect: 'read', rule: 'read-only' });
  const method = optionValue(p, '--method')?.value.toUpperCase() ?? (has(p, '--post-data', '--post-file') ? 'POST' : 'GET');
  const remote = sendAction(cmd, ctx, method, urls);
  if (has(p, '--spider', '--delete-after')) {
    return remote ? [remote] : act(cmd, ctx, { operation: 'wget --spider', effect: 'read', rule: 'http-get', targets: urls.map((w) => urlTarget(w, 'read')) });
  }
  const dir = optionValue(p, '-P', '--directory-prefix');
  const document = optionValue(p, '-O', '--output-document');
  const recursive = has(p, '-r', '--recursive', '-m', '--mirror');
  const saved = document ? [document]
    : recursive || fromFile ? [dir ?? { value: '.', dynamic: false }]
    : urls.map((u) => savedName(u, dir, 'index.html'));
  const logs = optionValues(p, '-o', '--output-file', '-a', '--append-output', '--save-cookies');
  const actions = [...(remote ? [remote] : []), ...downloadAction(cmd, ctx, [...saved, ...logs], urls, recursive || !!fromFile, remote)];
  if (actions.length > 0) return actions;
  return act(cmd, ctx, { operation: `wget ${method}`, effect: 'read', rule: 'http-get', targets: urls.map((w) => urlTarget(w, 'read')) });
};

/** `[user@]host:path`, `scp://[user@]host[:port]/path`, `rsync://host/module`, `host::module`. */
function remoteSpec(w: Word): { host: string; path: string } | undefined {
  const v = w.value;
  const url = /^(?:scp|sftp|rsync|ssh):\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?(\/.*)?$/.exec(v);
  if (url) return { host: url[1], path: url[2] ?? '/' };
  if (v.startsWith('/') || v.startsWith('.') || /^[A-Za-z]:[\\/]/.test(v)) return undefined;
  const m = /^(?:[^@/:]+@)?(\[[^\]]+\]|[^/:@]+)::?(.*)$/.exec(v);
  return m ? { host: m[1], path: m[2] || '~' } : undefined;
}

function remoteTarget(spec: { host: string; path: string }, w: Word, change: Target['change'], many = false): Target {
  const t: Target = { id: `ssh://${spec.host}/${spec.path.replace(/^\//, '')}`, change, kind: 'remote path' };
  if (w.dynamic) t.unresolved = ['path'];
  if (many) t.many = true;
  return t;
}

const SSH_VALUE = ['-B', '-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w'];
const GIT_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'ssh.dev.azure.com', 'codeberg.org']);

const ssh: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: SSH_VALUE, stopAtFirstPositional: true });
  const control = optionValue(p, '-O')?.value;
  if (has(p, '-V', '-G', '-Q') || control === 'check') return act(cmd, ctx, { operation: 'ssh', effect: 'read', rule: 'read-only' });
  const [destination, ...words] = p.positionals;
  if (!destination) return act(cmd, ctx, { operation: 'ssh', effect: 'read', rule: 'read-only' });
  const spec = /^ssh:\/\//.test(destination.value) ? destination.value.slice(6) : destination.value;
  const host = spec.replace(/^.*@/, '').replace(/:\d+$/, '');
  const user = optionValue(p, '-l')?.value ?? (spec.includes('@') ? spec.slice(0, spec.indexOf('@')) : undefined);
  const remote = [...words, ...p.rest].map((w) => w.value).join(' ');
  const fields = {
    targets: [{ id: `ssh://${host}`, change: 'change' as const, kind: 'host', ...(destination.dynamic ? { unresolved: ['host'] } : {}) }],
    context: { where: user ? `${user}@${host}` : host },
  };
  if (control) return act(cmd, ctx, { ...fields, operation: `ssh -O ${control}`, effect: 'write', rule: 'ssh-control' });
  if (remote) return act(cmd, ctx, { ...fields, operation: 'ssh', effect: 'unknown', rule: 'ssh-remote-command', notes: [`runs on ${host}: ${remote}`] });
  if (has(p, '-T') && user === 'git' && GIT_HOSTS.has(host.toLowerCase())) {
    return act(cmd, ctx, { ...fields, operation: 'ssh -T', effect: 'read', rule: 'ssh-auth-check', notes: ['a git host only says who you are'] });
  }
  if (has(p, '-N')) return act(cmd, ctx, { ...fields, operation: 'ssh -N', effect: 'unknown', rule: 'ssh-tunnel', notes: ['forwards ports; no command'] });
  return act(cmd, ctx, { ...fields, operation: 'ssh', effect: 'unknown', rule: 'ssh-session', notes: [`an interactive shell on ${host}`] });
};

function transferEnds(p: ParsedArgv): { sources: Word[]; dest: Word | undefined } {
  const paths = [...p.positionals, ...p.rest];
  return { sources: paths.slice(0, -1), dest: paths.length >= 2 ? paths[paths.length - 1] : undefined };
}

const scp: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-c', '-F', '-i', '-J', '-l', '-o', '-P', '-S', '-D', '-X'] });
  const { sources, dest } = transferEnds(p);
  if (!dest) return act(cmd, ctx, { operation: 'scp', effect: 'read', rule: 'read-only' });
  const many = has(p, '-r');
  const read = sources.flatMap((w) => {
    const spec = remoteSpec(w);
    return spec ? [remoteTarget(spec, w, 'read', many)] : [fileTarget(ctx, w, 'read')];
  });
  const destSpec = remoteSpec(dest);
  if (destSpec) {
    return act(cmd, ctx, {
      operation: 'scp', effect: 'write', rule: 'scp-upload', targets: [remoteTarget(destSpec, dest, 'change', many), ...read],
      context: { where: destSpec.host },
    });
  }
  const { targets, recoverable } = fileWrites(ctx, [dest]);
  return act(cmd, ctx, { operation: 'scp', effect: 'write', recoverable, rule: 'scp-download', targets: [...targets.map((t) => ({ ...t, many })), ...read] });
};

const RSYNC_DELETE = ['--delete', '--del', '--delete-before', '--delete-during', '--delete-delay', '--delete-after', '--delete-excluded', '--delete-missing-args'];

const rsync: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, {
    withValue: ['-e', '--rsh', '--exclude', '--include', '--exclude-from', '--include-from', '-f', '--filter', '--files-from', '-B',
      '--block-size', '--bwlimit', '--chmod', '--chown', '--compare-dest', '--copy-dest', '--link-dest', '--backup-dir', '--suffix',
      '--timeout', '--contimeout', '--port', '--partial-dir', '-T', '--temp-dir', '--log-file', '--log-file-format', '--out-format',
      '--password-file', '--max-size', '--min-size', '--max-delete', '--modify-window', '--iconv', '--rsync-path', '--usermap',
      '--groupmap', '-M', '--remote-option', '--info', '--debug', '--checksum-choice', '--compress-choice', '--compress-level',
      '--skip-compress', '--sockopts', '--outbuf', '--stop-after', '--stop-at', '--write-batch', '--read-batch', '--only-write-batch', '--protocol', '--address'],
  });
  const { sources, dest } = transferEnds(p);
  if (!dest || has(p, '-n', '--dry-run', '--list-only')) return act(cmd, ctx, { operation: 'rsync', effect: 'read', rule: 'read-only' });
  const destSpec = remoteSpec(dest);
  const deletes = RSYNC_DELETE.find((o) => has(p, o));
  const ownedDest = !destSpec && ownedFolder(ctx, dest);
  const destTarget = (change: Target['change'], many: boolean) =>
    destSpec ? remoteTarget(destSpec, dest, change, many) : { ...fileTarget(ctx, dest, change, 'directory'), ...(many ? { many } : {}) };
  const context = destSpec ? { where: destSpec.host } : undefined;
  if (deletes) {
    return act(cmd, ctx, {
      operation: `rsync ${deletes}`, effect: 'destroy', recoverable: ownedDest && isRegenerable(ctx, { value: `${dest.value.replace(/\/+$/, '')}/entry`, dynamic: dest.dynamic }), rule: 'rsync-delete',
      targets: [destTarget('destroy', true)], context, notes: ['deletes files at the destination that the source does not have'],
    });
  }
  if (has(p, '--remove-source-files')) {
    return act(cmd, ctx, {
      operation: 'rsync --remove-source-files', effect: 'destroy', rule: 'rsync-remove-source', context,
      targets: [destTarget('change', true), ...sources.map((w) => {
        const spec = remoteSpec(w);
        return spec ? remoteTarget(spec, w, 'destroy', true) : { ...fileTarget(ctx, w, 'destroy'), many: true };
      })],
    });
  }
  return act(cmd, ctx, { operation: 'rsync', effect: 'write', recoverable: ownedDest, rule: 'rsync', targets: [destTarget('change', true)], context });
};

export const remoteAnalyzers: Record<string, ToolAnalyzer> = { curl, wget, ssh, scp, rsync };
