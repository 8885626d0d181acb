/**
 * Archives: listing reads, creating writes the archive, extracting writes into a folder. Both are
 * recoverable when they land in the workspace or a temp folder (extracting over /usr is not).
 */
import type { Target } from '../model';
import type { Word } from '../shell/command';
import { fileTarget, fileWrites, isStream, ownedFolder } from './places';
import { has, optionValue, parseArgv } from './support';
import { packActions, type ToolAnalyzer } from './tool-analyzer';

const act = packActions('everyday');

/** Old-style `tar czf out.tgz dir`: the first word is a bundle of letters whose values follow in order. */
function tarArgs(args: readonly Word[]): Word[] {
  const first = args[0];
  if (!first || first.value.startsWith('-') || !/^[A-Za-z]+$/.test(first.value)) return [...args];
  const out: Word[] = [];
  let next = 1;
  for (const letter of first.value) {
    out.push({ value: `-${letter}`, dynamic: false });
    if ('fCTXbgKNVL'.includes(letter) && next < args.length) out.push(args[next++]);
  }
  return [...out, ...args.slice(next)];
}

/** A folder things are extracted into: the whole of it may change. */
function intoFolder(ctx: Parameters<ToolAnalyzer>[1], dir: Word | undefined): { target: Target; recoverable: boolean } {
  const word = dir ?? { value: '.', dynamic: false };
  const target = { ...fileTarget(ctx, word, 'change', 'directory'), many: true };
  return { target, recoverable: ownedFolder(ctx, word) };
}

const RUNS_COMMAND = ['--to-command', '--checkpoint-action', '--info-script', '-F', '--new-volume-script', '--rsh-command', '--use-compress-program', '-I'];

const tar: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(tarArgs(cmd.args), {
    withValue: ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from', '-b', '--blocking-factor',
      '-g', '--listed-incremental', '-K', '-N', '-V', '--label', '-L', '-I', '-F', '-H', '--format', '--to-command',
      '--use-compress-program', '--info-script', '--new-volume-script', '--rsh-command', '--checkpoint-action',
      '--exclude', '--transform', '--strip-components', '--owner', '--group', '--mode', '--newer', '--suffix'],
  });
  const runs = RUNS_COMMAND.find((o) => has(p, o));
  const mode = (['-x', '--extract', '--get'].some((o) => has(p, o)) && 'x')
    || (['-c', '--create'].some((o) => has(p, o)) && 'c')
    || (['-t', '--list', '-d', '--diff', '--compare', '--test-label'].some((o) => has(p, o)) && 't')
    || (['-r', '--append', '-u', '--update', '-A', '--catenate', '--concatenate', '--delete'].some((o) => has(p, o)) && 'u');
  if (!mode) {
    if (has(p, '--help', '--version', '--usage')) return act(cmd, ctx, { operation: 'tar', effect: 'read', rule: 'read-only' });
    return act(cmd, ctx, { operation: 'tar', effect: 'unknown', rule: 'tar-mode', notes: ['no tar mode the analyzer recognises'] });
  }
  if (runs && runs !== '-I' && runs !== '--use-compress-program') {
    return act(cmd, ctx, { operation: `tar ${runs}`, effect: 'unknown', rule: 'tar-runs-command', notes: [`${runs} runs a command`] });
  }
  const archive = optionValue(p, '-f', '--file');
  const notes = runs ? [`${runs}: compresses through another program`] : [];
  if (mode === 't') return act(cmd, ctx, { operation: 'tar -t', effect: 'read', rule: 'read-only' });
  if (mode === 'x') {
    if (has(p, '-O', '--to-stdout')) return act(cmd, ctx, { operation: 'tar -x -O', effect: 'read', rule: 'read-only' });
    const { target, recoverable } = intoFolder(ctx, optionValue(p, '-C', '--directory'));
    const absolute = has(p, '-P', '--absolute-names');
    if (absolute) notes.push('-P: members with absolute paths land anywhere');
    return act(cmd, ctx, {
      operation: 'tar -x', effect: 'write', recoverable: recoverable && !absolute, rule: 'tar-extract',
      targets: [target, ...(archive && !isStream(archive.value) ? [fileTarget(ctx, archive, 'read', 'archive')] : [])], notes,
    });
  }
  if (!archive || isStream(archive.value)) return act(cmd, ctx, { operation: `tar -${mode}`, effect: 'read', rule: 'tar-stdout', notes: ['writes the archive to standard output'] });
  const written = fileWrites(ctx, [archive], mode === 'c' ? 'create' : 'change', 'archive');
  if (has(p, '--remove-files')) {
    return act(cmd, ctx, {
      operation: 'tar --remove-files', effect: 'destroy', rule: 'tar-remove-files',
      targets: [...written.targets, ...p.positionals.map((w) => ({ ...fileTarget(ctx, w, 'destroy'), many: true }))],
      notes: ['deletes the files it archived'],
    });
  }
  return act(cmd, ctx, { operation: `tar -${mode}`, effect: 'write', recoverable: written.recoverable, targets: written.targets, rule: 'tar-create', notes });
};

const zip: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, {
    withValue: ['-b', '-n', '-t', '-tt', '-P', '-O', '-s', '-Z', '--password', '--out', '--temp-path', '--suffixes', '--split-size', '--compression-method'],
  });
  if (has(p, '-sf', '--show-files', '-h', '--help') || (p.positionals.length === 0 && !has(p, '-O', '--out'))) {
    return act(cmd, ctx, { operation: 'zip', effect: 'read', rule: 'read-only' });
  }
  const archive = optionValue(p, '-O', '--out') ?? p.positionals[0];
  if (isStream(archive.value)) return act(cmd, ctx, { operation: 'zip', effect: 'read', rule: 'read-only' });
  const written = fileWrites(ctx, [archive], 'change', 'archive');
  if (has(p, '-m', '--move')) {
    return act(cmd, ctx, {
      operation: 'zip -m', effect: 'destroy', rule: 'zip-move', notes: ['deletes the files it archived'],
      targets: [...written.targets, ...p.positionals.slice(1).map((w) => ({ ...fileTarget(ctx, w, 'destroy'), many: true }))],
    });
  }
  const operation = has(p, '-d', '--delete') ? 'zip -d' : 'zip';
  return act(cmd, ctx, { operation, effect: 'write', recoverable: written.recoverable, targets: written.targets, rule: 'zip' });
};

const unzip: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-d', '-P', '-I', '-O'] });
  if (has(p, '-l', '-v', '-t', '-z', '-Z', '-p', '-c', '-h', '--help') || p.positionals.length === 0) {
    return act(cmd, ctx, { operation: 'unzip', effect: 'read', rule: 'read-only' });
  }
  const { target, recoverable } = intoFolder(ctx, optionValue(p, '-d'));
  return act(cmd, ctx, {
    operation: 'unzip', effect: 'write', recoverable, rule: 'unzip',
    targets: [target, fileTarget(ctx, p.positionals[0], 'read', 'archive')],
    notes: has(p, '-o') ? ['-o: overwrites existing files without asking'] : [],
  });
};

/** gzip replaces each file with its compressed form (and back): lossless, so recoverable wherever it is. */
const gzip: ToolAnalyzer = (cmd, ctx) => {
  const p = parseArgv(cmd.args, { withValue: ['-S', '--suffix', '-b', '--blocksize'] });
  const files = [...p.positionals, ...p.rest].filter((w) => !isStream(w.value));
  if (files.length === 0 || has(p, '-c', '--stdout', '--to-stdout', '-l', '--list', '-t', '--test', '-h', '--help', '-V', '--version')) {
    return act(cmd, ctx, { operation: cmd.tool, effect: 'read', rule: 'read-only' });
  }
  const decompress = cmd.tool === 'gunzip' || has(p, '-d', '--decompress', '--uncompress');
  return act(cmd, ctx, {
    operation: decompress ? 'gunzip' : 'gzip', effect: 'write', recoverable: true, rule: 'gzip',
    targets: files.map((w) => ({ ...fileTarget(ctx, w, 'change'), ...(has(p, '-r', '--recursive') ? { many: true } : {}) })),
    notes: has(p, '-k', '--keep') ? [] : ['replaces each file with its (de)compressed form'],
  });
};

export const archiveAnalyzers: Record<string, ToolAnalyzer> = { tar, gtar: tar, bsdtar: tar, zip, unzip, gzip, gunzip: gzip };
