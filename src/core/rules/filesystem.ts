/**
 * The file-system tools: deleting (rm, shred, find -delete), overwriting (cp, mv, dd, tee, redirects),
 * formatting (mkfs, wipefs) and changing metadata (chmod, chown). Targets are absolute paths.
 *
 * Recoverability, in one place (see file-targets.ts for the places):
 * - deleting or overwriting is recoverable only for regenerable output inside the workspace and for
 *   named files strictly below /tmp; never outside the workspace, for `/`, the home, globs at large or
 *   paths known only at run time;
 * - creating or changing files is recoverable inside the workspace and /tmp;
 * - `>`, `tee` and `dd of=` replace content: inside the workspace a recoverable write (that is how agents
 *   write the files they generate), elsewhere destroy of the file's content;
 * - `cp`, `mv`, `install`, `ln -f` onto an existing file destroy it (not recoverable unless regenerable),
 *   as ctx.exists reports; without ctx.exists, a destination inside the workspace is a recoverable write
 *   marked `unresolved: ['exists']`, and outside it destroy.
 */
import type { Action, AnalysisContext, Change, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { has, makeAction, optionValue, parseArgv, type ParsedArgv } from './support';
import {
  destroyRecoverable,
  fileTarget,
  pathRef,
  placeNotes,
  placeOf,
  writeRecoverable,
  type PathRef,
} from './file-targets';
import { isRegenerableName } from './regenerable';
import * as path from 'node:path';

const MKFS_TOOLS = [
  'mkfs', 'mke2fs', 'mkswap', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat',
  'mkfs.fat', 'mkfs.msdos', 'mkfs.ntfs', 'mkfs.exfat', 'mkfs.f2fs', 'mkfs.minix', 'mkfs.bfs', 'mkfs.cramfs',
];
const EXT_MKFS = new Set(['mke2fs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4']);

/** Device files that take writes without harm: the bit bucket, the terminal, the process's own streams. */
function isHarmlessSink(p: string): boolean {
  return (
    ['/dev/null', '/dev/zero', '/dev/full', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/random', '/dev/urandom'].includes(p) ||
    p.startsWith('/dev/fd/') ||
    p.startsWith('/proc/self/fd/')
  );
}

function isNetworkPseudoFile(p: string): boolean {
  return p.startsWith('/dev/tcp/') || p.startsWith('/dev/udp/');
}

function isDevice(p: string): boolean {
  return p.startsWith('/dev/') && !isHarmlessSink(p) && !isNetworkPseudoFile(p);
}

/** Words after the tool: positionals, then whatever followed `--`. */
function operands(p: ParsedArgv): Word[] {
  return [...p.positionals, ...p.rest];
}

interface Part {
  target: Target;
  effect: Effect;
  recoverable: boolean;
  notes: string[];
}

/** Folds per-target judgements into one action: the worst effect, recoverable only if every part is. */
function combine(parts: Part[]): { effect: Effect; recoverable: boolean; targets: Target[]; notes: string[] } {
  const rank: Record<Effect, number> = { read: 0, write: 1, destroy: 2, unknown: 3 };
  let effect: Effect = 'read';
  for (const p of parts) if (rank[p.effect] > rank[effect]) effect = p.effect;
  const recoverable = parts.length > 0 && parts.every((p) => p.recoverable || p.effect === 'read');
  return { effect, recoverable, targets: parts.map((p) => p.target), notes: [...new Set(parts.flatMap((p) => p.notes))] };
}

// ---------------------------------------------------------------------------------------------------
// Content writes: redirects, tee, dd of=, find -fprint

type WriteMode = 'truncate' | 'append' | 'in-place';

/** What writing into the file at `ref` does, by place; `exists` decides create versus change. */
function contentWrite(ref: PathRef, mode: WriteMode, ctx: AnalysisContext): Part {
  const place = placeOf(ref, ctx);
  const exists = ref.unresolved || ref.glob ? undefined : ctx.exists?.(ref.path);
  const change: Change = exists === false ? 'create' : 'change';
  const notes = placeNotes(ref, ctx);
  if (mode !== 'truncate' || writeRecoverable(place) || exists === false) {
    return { target: fileTarget(ref, change, 'file'), effect: 'write', recoverable: writeRecoverable(place), notes };
  }
  notes.push(`replaces the content of ${ref.path}`);
  return { target: fileTarget(ref, 'change', 'file'), effect: 'destroy', recoverable: destroyRecoverable(place), notes };
}

/** Writing to a device or a network pseudo-file, when the path names one. */
function specialWrite(ref: PathRef): Part | undefined {
  if (ref.unresolved) return undefined;
  if (isNetworkPseudoFile(ref.path)) {
    return {
      target: { id: ref.path, change: 'change', kind: 'network connection' },
      effect: 'write',
      recoverable: false,
      notes: [`${ref.path}: bash opens a network connection and sends the output`],
    };
  }
  if (isDevice(ref.path)) {
    return {
      target: { id: ref.path, change: 'destroy', kind: 'device', many: true },
      effect: 'destroy',
      recoverable: false,
      notes: [`${ref.path}: writes raw data onto a device`],
    };
  }
  return undefined;
}

/**
 * The file writes a command's redirections perform, whatever the tool: `>`, `>|`, `&>` replace the
 * content, `>>` appends, `<>` opens for writing in place. Input and descriptor duplication are skipped.
 */
export function redirectActions(cmd: SimpleCommand, ctx: AnalysisContext): Action[] {
  const out: Action[] = [];
  for (const r of cmd.redirects) {
    const op = r.operator.replace(/^\d+/, '');
    if (op.startsWith('<') && op !== '<>') continue;
    if ((op === '>&' || op === '<&') && /^(\d+-?|-)$/.test(r.target.value)) continue;
    if (/^&\d+-?$/.test(r.target.value)) continue;
    const mode: WriteMode = op === '>>' || op === '&>>' ? 'append' : op === '<>' ? 'in-place' : 'truncate';
    const ref = pathRef(ctx, r.target);
    if (!ref.unresolved && isHarmlessSink(ref.path)) continue;
    const part = specialWrite(ref) ?? contentWrite(ref, mode, ctx);
    const rule =
      part.target.kind === 'device' ? 'filesystem.redirect-device'
      : part.target.kind === 'network connection' ? 'filesystem.redirect-network'
      : mode === 'append' ? 'filesystem.redirect-append'
      : part.effect === 'destroy' ? 'filesystem.redirect-truncate'
      : 'filesystem.redirect-write';
    out.push(
      makeAction(cmd, ctx, {
        tool: 'shell',
        operation: `redirect ${r.operator}`,
        effect: part.effect,
        recoverable: part.recoverable,
        targets: [part.target],
        rule,
        notes: part.notes,
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Deleting

interface DeleteSpec {
  operation: string;
  rule: string;
  kind: string;
  many: boolean;
  /** shred and srm overwrite before deleting: never treated as regenerable clean-up. */
  alwaysLost?: boolean;
  notes?: string[];
}

function deletion(cmd: SimpleCommand, ctx: AnalysisContext, words: Word[], spec: DeleteSpec): Action {
  const parts: Part[] = words.map((w) => {
    const ref = pathRef(ctx, w);
    const place = placeOf(ref, ctx);
    const notes = placeNotes(ref, ctx);
    const recoverable = !spec.alwaysLost && destroyRecoverable(place);
    if (recoverable) notes.push(place === 'scratch' ? `${ref.path}: temporary file` : `${ref.path}: regenerable output`);
    return { target: fileTarget(ref, 'destroy', spec.kind, spec.many), effect: 'destroy', recoverable, notes };
  });
  const c = combine(parts);
  const root = c.targets.some((t) => t.id === '/' || t.id === '/*');
  const rule = root ? `${spec.rule}-root` : c.recoverable ? `${spec.rule}-regenerable` : spec.rule;
  return makeAction(cmd, ctx, { operation: spec.operation, effect: 'destroy', recoverable: c.recoverable, targets: c.targets, rule, notes: [...(spec.notes ?? []), ...c.notes] });
}

function noOperands(cmd: SimpleCommand, ctx: AnalysisContext, rule: string, what: string): Action {
  return makeAction(cmd, ctx, { operation: cmd.tool, effect: 'read', rule, notes: [`no ${what}: ${cmd.tool} changes nothing`] });
}

function rm(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args);
  const words = operands(p);
  const recursive = has(p, '-r', '-R', '--recursive');
  const force = has(p, '-f', '--force');
  if (words.length === 0) return noOperands(cmd, ctx, 'filesystem.rm-nothing', 'operands');
  const notes: string[] = [];
  if (has(p, '--no-preserve-root')) notes.push('--no-preserve-root: rm will delete `/` itself');
  else if (words.some((w) => pathRef(ctx, w).path === '/')) notes.push('GNU rm refuses `/` without --no-preserve-root; other rm implementations may not');
  const operation = `rm${recursive || force ? ' -' : ''}${recursive ? 'r' : ''}${force ? 'f' : ''}`;
  return deletion(cmd, ctx, words, { operation, rule: 'filesystem.rm', kind: recursive ? 'path' : 'file', many: recursive, notes });
}

function rmdir(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const words = operands(parseArgv(cmd.args));
  if (words.length === 0) return noOperands(cmd, ctx, 'filesystem.rmdir-nothing', 'operands');
  // rmdir only removes empty directories: nothing is lost that mkdir cannot bring back.
  const targets = words.map((w) => fileTarget(pathRef(ctx, w), 'destroy', 'directory'));
  return makeAction(cmd, ctx, { operation: 'rmdir', effect: 'destroy', recoverable: true, targets, rule: 'filesystem.rmdir', notes: ['rmdir removes empty directories only'] });
}

function unlink(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const words = operands(parseArgv(cmd.args));
  if (words.length === 0) return noOperands(cmd, ctx, 'filesystem.unlink-nothing', 'operand');
  return deletion(cmd, ctx, words, { operation: 'unlink', rule: 'filesystem.unlink', kind: 'file', many: false });
}

function shred(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: ['-n', '--iterations', '-s', '--size', '--random-source'] });
  const words = operands(p).filter((w) => w.value !== '-');
  if (words.length === 0) return noOperands(cmd, ctx, `filesystem.${cmd.tool}-nothing`, 'files');
  const recursive = cmd.tool === 'srm' && has(p, '-r', '-R', '--recursive');
  const devices = words.filter((w) => isDevice(pathRef(ctx, w).path));
  return deletion(cmd, ctx, words, {
    operation: cmd.tool,
    rule: `filesystem.${cmd.tool}`,
    kind: devices.length ? 'device' : recursive ? 'path' : 'file',
    many: recursive || devices.length > 0,
    alwaysLost: true,
    notes: [`${cmd.tool} overwrites the content so that it cannot be recovered`],
  });
}

/** `truncate -s SIZE`: cutting (0, -N, <N, /N, an absolute size or --reference) loses content. */
function truncate(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: ['-s', '--size', '-r', '--reference'] });
  const words = operands(p);
  if (words.length === 0) return noOperands(cmd, ctx, 'filesystem.truncate-nothing', 'files');
  const size = optionValue(p, '-s', '--size')?.value;
  const growsOnly = size !== undefined && /^[+>%]/.test(size);
  const parts = words.map((w): Part => {
    const ref = pathRef(ctx, w);
    const exists = ref.unresolved || ref.glob ? undefined : ctx.exists?.(ref.path);
    if (growsOnly || exists === false) return contentWrite(ref, 'in-place', ctx);
    const place = placeOf(ref, ctx);
    return { target: fileTarget(ref, 'change', 'file'), effect: 'destroy', recoverable: destroyRecoverable(place), notes: [...placeNotes(ref, ctx), `cuts the content of ${ref.path}`] };
  });
  const c = combine(parts);
  return makeAction(cmd, ctx, {
    operation: size !== undefined ? `truncate -s ${size}` : 'truncate',
    effect: c.effect,
    recoverable: c.recoverable,
    targets: c.targets,
    rule: c.effect === 'destroy' ? 'filesystem.truncate' : 'filesystem.truncate-grow',
    notes: c.notes,
  });
}

function find(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const args = cmd.args;
  let i = 0;
  while (i < args.length && /^-[HLP]$|^-O\d*$|^-D$/.test(args[i].value)) i += args[i].value === '-D' ? 2 : 1;
  const starts: Word[] = [];
  while (i < args.length && !/^[-(!),]/.test(args[i].value)) starts.push(args[i++]);
  const expr = args.slice(i);
  if (starts.length === 0) starts.push({ value: '.', dynamic: false });
  const values = expr.map((w) => w.value);
  const notes: string[] = [];
  if (values.some((v) => /^-(exec|execdir|ok|okdir)$/.test(v))) notes.push('the command -exec runs is analysed on its own');

  const parts: Part[] = [];
  for (let k = 0; k < expr.length - 1; k++) {
    if (/^-(fprint|fprint0|fls|fprintf)$/.test(values[k])) parts.push(contentWrite(pathRef(ctx, expr[k + 1]), 'truncate', ctx));
  }
  if (values.includes('-delete')) {
    // Deleting only regenerable names (`-name '*.pyc'`, `-name __pycache__`) is clean-up, wherever it starts.
    const names = values.flatMap((v, k) => (v === '-name' || v === '-iname' ? [values[k + 1] ?? ''] : []));
    const branches = values.some((v) => ['-o', '-or', '!', '-not', ','].includes(v));
    const regenerableOnly = names.length > 0 && !branches && names.every((n) => isRegenerableName(n.replace(/^\*(?=\.)/, 'x')));
    for (const w of starts) {
      const ref = pathRef(ctx, w);
      const place = placeOf(ref, ctx);
      const recoverable = destroyRecoverable(place) || (regenerableOnly && (place === 'workspace' || place === 'regenerable'));
      parts.push({ target: fileTarget(ref, 'destroy', 'path', true), effect: 'destroy', recoverable, notes: placeNotes(ref, ctx) });
    }
    if (regenerableOnly) notes.push(`deletes only ${names.join(', ')}: regenerable output`);
  }
  if (parts.length === 0) {
    const targets = starts.map((w) => fileTarget(pathRef(ctx, w), 'read', 'path', true));
    return makeAction(cmd, ctx, { operation: 'find', effect: 'read', targets, rule: 'filesystem.find', notes });
  }
  const c = combine(parts);
  const deleting = values.includes('-delete');
  return makeAction(cmd, ctx, {
    operation: deleting ? 'find -delete' : 'find -fprint',
    effect: c.effect,
    recoverable: c.recoverable,
    targets: c.targets,
    rule: deleting ? (c.recoverable ? 'filesystem.find-delete-regenerable' : 'filesystem.find-delete') : 'filesystem.find-fprint',
    notes: [...notes, ...c.notes],
  });
}

// ---------------------------------------------------------------------------------------------------
// Devices

function dd(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const ops = new Map<string, Word>();
  for (const w of cmd.args) {
    const eq = w.value.indexOf('=');
    if (eq > 0) ops.set(w.value.slice(0, eq), { value: w.value.slice(eq + 1), dynamic: w.dynamic });
  }
  const of = ops.get('of');
  if (!of) return makeAction(cmd, ctx, { operation: 'dd', effect: 'read', rule: 'filesystem.dd-stdout', notes: ['no of=: dd writes to standard output'] });
  const ref = pathRef(ctx, of);
  if (!ref.unresolved && isHarmlessSink(ref.path)) {
    return makeAction(cmd, ctx, { operation: 'dd', effect: 'read', targets: [{ id: ref.path, change: 'read', kind: 'device' }], rule: 'filesystem.dd-null' });
  }
  const conv = ops.get('conv')?.value.split(',') ?? [];
  const oflag = ops.get('oflag')?.value.split(',') ?? [];
  const mode: WriteMode = oflag.includes('append') ? 'append' : conv.includes('notrunc') ? 'in-place' : 'truncate';
  const special = specialWrite(ref);
  const part = special ?? contentWrite(ref, mode, ctx);
  const rule = special?.target.kind === 'device' ? 'filesystem.dd-device' : part.effect === 'destroy' ? 'filesystem.dd-overwrite' : 'filesystem.dd-write';
  return makeAction(cmd, ctx, { operation: `dd of=${of.value}`, effect: part.effect, recoverable: part.recoverable, targets: [part.target], rule, notes: part.notes });
}

/** The device (or image file) a formatting tool writes: a /dev path when one is named, else the first path-like operand. */
function formattedOperands(ctx: AnalysisContext, words: Word[]): Word[] {
  const devs = words.filter((w) => w.value.startsWith('/dev/'));
  if (devs.length) return devs;
  const pathLike = words.find((w) => /[/.]/.test(w.value));
  return pathLike ? [pathLike] : words.slice(0, 1);
}

function deviceOrFile(ctx: AnalysisContext, w: Word): { ref: PathRef; kind: string } {
  const ref = pathRef(ctx, w);
  return { ref, kind: ref.path.startsWith('/dev/') ? 'device' : 'file' };
}

function mkfs(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const ext = EXT_MKFS.has(cmd.tool);
  const withValue = ext
    ? ['-b', '-C', '-d', '-e', '-E', '-g', '-G', '-i', '-I', '-J', '-l', '-L', '-m', '-M', '-N', '-o', '-O', '-r', '-t', '-T', '-U', '-z']
    : ['-t', '-L', '-b', '-n', '-F', '-m', '-O', '-s', '-d', '-f', '-i', '-l', '-N', '-r', '-U', '--label', '--uuid', '--type'];
  const p = parseArgv(cmd.args, { withValue });
  const words = formattedOperands(ctx, operands(p));
  if (ext && has(p, '-n')) {
    return makeAction(cmd, ctx, { operation: `${cmd.tool} -n`, effect: 'read', rule: 'filesystem.mkfs-dry-run', notes: ['-n: shows what would be done, writes nothing'] });
  }
  if (words.length === 0) return noOperands(cmd, ctx, 'filesystem.mkfs-nothing', 'device');
  const parts = words.map((w): Part => {
    const { ref, kind } = deviceOrFile(ctx, w);
    const recoverable = kind === 'file' && destroyRecoverable(placeOf(ref, ctx));
    return { target: fileTarget(ref, 'destroy', kind, true), effect: 'destroy', recoverable, notes: [`formats ${ref.path}: everything on it is lost`] };
  });
  const c = combine(parts);
  return makeAction(cmd, ctx, { operation: cmd.tool, effect: 'destroy', recoverable: c.recoverable, targets: c.targets, rule: 'filesystem.mkfs', notes: c.notes });
}

function wipefs(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: ['-o', '--offset', '-t', '--types', '-O', '--output', '-b', '--backup'] });
  const words = operands(p);
  const erases = has(p, '-a', '--all', '-o', '--offset');
  if (!erases || has(p, '-n', '--no-act')) {
    const targets = words.map((w) => ({ ...fileTarget(pathRef(ctx, w), 'read', 'device') }));
    return makeAction(cmd, ctx, { operation: 'wipefs', effect: 'read', targets, rule: 'filesystem.wipefs-list', notes: erases ? ['--no-act: erases nothing'] : ['without -a or -o, wipefs only lists signatures'] });
  }
  const targets = words.map((w) => {
    const { ref, kind } = deviceOrFile(ctx, w);
    return fileTarget(ref, 'destroy', kind, true);
  });
  return makeAction(cmd, ctx, { operation: 'wipefs -a', effect: 'destroy', recoverable: false, targets, rule: 'filesystem.wipefs', notes: ['erases file-system signatures: the data becomes unreachable'] });
}

// ---------------------------------------------------------------------------------------------------
// Copying, moving, linking

interface Landing {
  noClobber: boolean;
  backup: boolean;
}

/**
 * Where a source lands and what that does to what is already there. `intoDir`: the destination is a
 * folder (several sources, `-t`, a trailing slash), so the source keeps its name inside it.
 */
function landing(ctx: AnalysisContext, src: Word, dest: Word, intoDir: boolean, noTargetDir: boolean, opts: Landing): Part {
  const destRef = pathRef(ctx, dest);
  const notes: string[] = [];
  let ref = destRef;
  const inside = (): PathRef => {
    const s = pathRef(ctx, src);
    return { ...destRef, path: path.posix.join(destRef.path, path.posix.basename(s.path)), glob: destRef.glob || s.glob, unresolved: destRef.unresolved || s.unresolved };
  };
  let exists: boolean | undefined;
  if (intoDir) {
    ref = inside();
    exists = ref.unresolved || ref.glob ? undefined : ctx.exists?.(ref.path);
  } else if (!destRef.unresolved && !destRef.glob && ctx.exists) {
    exists = ctx.exists(destRef.path);
    if (exists && !noTargetDir) {
      const inner = inside();
      const known = !inner.unresolved && !inner.glob;
      if (ctx.isDirectory?.(destRef.path)) {
        // Into an existing folder: only a same-named entry inside it is replaced.
        ref = inner;
        exists = known ? ctx.exists(inner.path) : undefined;
      } else if (ctx.isDirectory) {
        // An existing file: replaced (handled below).
      } else if (known && ctx.exists(inner.path)) ref = inner;
      else notes.push(`${destRef.path} exists: replaced if it is a file (if it is a folder, the source goes inside)`);
    }
  }
  const place = placeOf(ref, ctx);
  notes.push(...placeNotes(ref, ctx));
  const undetermined = ref.unresolved || ref.glob;
  if (opts.noClobber || exists === false) {
    return { target: fileTarget(ref, 'create', 'file'), effect: 'write', recoverable: writeRecoverable(place), notes };
  }
  if (exists === undefined && !undetermined) {
    // No ctx.exists: do not make every copy inside the workspace ask; say what is not known.
    const target: Target = { ...fileTarget(ref, 'change', 'file'), unresolved: ['exists'] };
    notes.push(`cannot tell whether ${ref.path} exists; if it does, it is replaced`);
    if (writeRecoverable(place)) return { target, effect: 'write', recoverable: true, notes };
    return { target, effect: 'destroy', recoverable: false, notes };
  }
  if (opts.backup) {
    notes.push(`--backup keeps the replaced ${ref.path}`);
    return { target: fileTarget(ref, 'change', 'file'), effect: 'write', recoverable: writeRecoverable(place), notes };
  }
  notes.push(`replaces ${ref.path}`);
  return { target: fileTarget(ref, 'change', 'file'), effect: 'destroy', recoverable: destroyRecoverable(place), notes };
}

interface TransferArgs {
  sources: Word[];
  dest?: Word;
  intoDir: boolean;
  noTargetDir: boolean;
}

function transferArgs(p: ParsedArgv, singleIntoCwd: boolean): TransferArgs {
  const words = operands(p);
  const noTargetDir = has(p, '-T', '--no-target-directory');
  const dir = optionValue(p, '-t', '--target-directory');
  if (dir) return { sources: words, dest: dir, intoDir: true, noTargetDir };
  if (words.length === 1 && singleIntoCwd) return { sources: words, dest: { value: '.', dynamic: false }, intoDir: true, noTargetDir };
  if (words.length < 2) return { sources: words, intoDir: false, noTargetDir };
  const dest = words[words.length - 1];
  const sources = words.slice(0, -1);
  const intoDir = !noTargetDir && (sources.length > 1 || dest.value.endsWith('/'));
  return { sources, dest, intoDir, noTargetDir };
}

const TRANSFER_VALUES = ['-t', '--target-directory', '-S', '--suffix'];

function transfer(cmd: SimpleCommand, ctx: AnalysisContext, tool: 'cp' | 'mv' | 'ln' | 'install'): Action {
  const p = parseArgv(cmd.args, {
    withValue: tool === 'install' ? [...TRANSFER_VALUES, '-m', '--mode', '-o', '--owner', '-g', '--group', '--strip-program'] : TRANSFER_VALUES,
  });
  const update = optionValue(p, '--update')?.value;
  const interactive = has(p, '-i', '--interactive') && !has(p, '-f', '--force');
  const noClobber =
    tool === 'ln' ? !has(p, '-f', '--force') : tool === 'install' ? false : has(p, '-n', '--no-clobber') || interactive || update === 'none' || update === 'none-fail';
  const backup = has(p, '-b', '--backup');
  const recursive = tool === 'cp' && has(p, '-r', '-R', '--recursive', '-a', '--archive');
  const t = transferArgs(p, tool === 'ln');
  const operation = recursive ? 'cp -r' : tool === 'ln' ? (has(p, '-s', '--symbolic') ? 'ln -s' : 'ln') : tool;

  if (!t.dest) {
    return makeAction(cmd, ctx, { operation, effect: 'read', rule: `filesystem.${tool}-incomplete`, notes: [`missing destination: ${tool} fails and changes nothing`] });
  }
  const parts: Part[] = [];
  for (const src of t.sources) {
    if (tool === 'mv') {
      const ref = pathRef(ctx, src);
      parts.push({ target: fileTarget(ref, 'change', 'path', ref.glob), effect: 'write', recoverable: writeRecoverable(placeOf(ref, ctx)), notes: [] });
    } else if (tool !== 'ln') {
      parts.push({ target: fileTarget(pathRef(ctx, src), 'read', 'path'), effect: 'read', recoverable: true, notes: [] });
    }
    parts.push(landing(ctx, src, t.dest, t.intoDir, t.noTargetDir, { noClobber, backup }));
  }
  const c = combine(parts);
  const overwrite = c.effect === 'destroy';
  return makeAction(cmd, ctx, {
    operation,
    effect: c.effect,
    recoverable: c.recoverable,
    targets: c.targets,
    rule: `filesystem.${tool}${overwrite ? '-overwrite' : ''}`,
    notes: c.notes,
  });
}

function installDirs(cmd: SimpleCommand, ctx: AnalysisContext): Action | undefined {
  const p = parseArgv(cmd.args, { withValue: ['-m', '--mode', '-o', '--owner', '-g', '--group'] });
  if (!has(p, '-d', '--directory')) return undefined;
  return create(cmd, ctx, operands(p), 'install -d', 'directory', 'filesystem.install-dir');
}

// ---------------------------------------------------------------------------------------------------
// Creating and changing metadata

/** mkdir and touch destroy nothing: recoverable wherever they point. */
function create(cmd: SimpleCommand, ctx: AnalysisContext, words: Word[], operation: string, kind: string, rule: string): Action {
  if (words.length === 0) return noOperands(cmd, ctx, `${rule}-nothing`, 'operands');
  const targets = words.map((w) => {
    const ref = pathRef(ctx, w);
    const exists = ref.unresolved || ref.glob ? undefined : ctx.exists?.(ref.path);
    return fileTarget(ref, exists === true ? 'change' : 'create', kind);
  });
  return makeAction(cmd, ctx, { operation, effect: 'write', recoverable: true, targets, rule });
}

/**
 * chmod's mode may start with `-` (`chmod -x f`), so options are read by name: the first word that is
 * not one of chmod's own options is the mode.
 */
function chmod(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const words: Word[] = [];
  let recursive = false;
  let reference = false;
  let ended = false;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (!ended && a === '--') ended = true;
    else if (!ended && /^-[cfvR]+$/.test(a)) recursive ||= a.includes('R');
    else if (!ended && /^--(changes|silent|quiet|verbose|recursive|preserve-root|no-preserve-root)$/.test(a)) recursive ||= a === '--recursive';
    else if (!ended && a.startsWith('--reference')) {
      reference = true;
      if (a === '--reference') i++;
    } else words.push(cmd.args[i]);
  }
  const mode = reference ? undefined : words.shift();
  return metadata(cmd, ctx, words, recursive, `chmod${recursive ? ' -R' : ''}${mode ? ' ' + mode.value : ''}`, 'filesystem.chmod');
}

function chown(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: ['--from', '--reference'] });
  const words = operands(p);
  const owner = has(p, '--reference') ? undefined : words.shift();
  const recursive = has(p, '-R', '--recursive');
  return metadata(cmd, ctx, words, recursive, `${cmd.tool}${recursive ? ' -R' : ''}${owner ? ' ' + owner.value : ''}`, `filesystem.${cmd.tool}`);
}

function metadata(cmd: SimpleCommand, ctx: AnalysisContext, words: Word[], recursive: boolean, operation: string, rule: string): Action {
  if (words.length === 0) return noOperands(cmd, ctx, `${rule}-nothing`, 'files');
  const parts = words.map((w): Part => {
    const ref = pathRef(ctx, w);
    return { target: fileTarget(ref, 'change', recursive ? 'path' : 'file', recursive), effect: 'write', recoverable: writeRecoverable(placeOf(ref, ctx)), notes: placeNotes(ref, ctx) };
  });
  const c = combine(parts);
  return makeAction(cmd, ctx, { operation, effect: 'write', recoverable: c.recoverable, targets: c.targets, rule, notes: c.notes });
}

function tee(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args);
  const append = has(p, '-a', '--append');
  const refs = operands(p).map((w) => pathRef(ctx, w)).filter((r) => r.unresolved || !isHarmlessSink(r.path));
  if (refs.length === 0) return makeAction(cmd, ctx, { operation: 'tee', effect: 'read', rule: 'filesystem.tee-stdout' });
  const c = combine(refs.map((r) => specialWrite(r) ?? contentWrite(r, append ? 'append' : 'truncate', ctx)));
  return makeAction(cmd, ctx, {
    operation: append ? 'tee -a' : 'tee',
    effect: c.effect,
    recoverable: c.recoverable,
    targets: c.targets,
    rule: c.effect === 'destroy' ? 'filesystem.tee-truncate' : append ? 'filesystem.tee-append' : 'filesystem.tee',
    notes: c.notes,
  });
}

// ---------------------------------------------------------------------------------------------------

function analyzeTool(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  switch (cmd.tool) {
    case 'rm': return rm(cmd, ctx);
    case 'rmdir': return rmdir(cmd, ctx);
    case 'unlink': return unlink(cmd, ctx);
    case 'shred':
    case 'srm': return shred(cmd, ctx);
    case 'truncate': return truncate(cmd, ctx);
    case 'dd': return dd(cmd, ctx);
    case 'wipefs': return wipefs(cmd, ctx);
    case 'find': return find(cmd, ctx);
    case 'mv':
    case 'cp':
    case 'ln': return transfer(cmd, ctx, cmd.tool);
    case 'install': return installDirs(cmd, ctx) ?? transfer(cmd, ctx, 'install');
    case 'chmod': return chmod(cmd, ctx);
    case 'chown':
    case 'chgrp': return chown(cmd, ctx);
    case 'tee': return tee(cmd, ctx);
    case 'touch': return create(cmd, ctx, operands(parseArgv(cmd.args, { withValue: ['-d', '--date', '-r', '--reference', '-t'] })), 'touch', 'file', 'filesystem.touch');
    case 'mkdir': return create(cmd, ctx, operands(parseArgv(cmd.args, { withValue: ['-m', '--mode', '--context'] })), 'mkdir', 'directory', 'filesystem.mkdir');
  }
  if (MKFS_TOOLS.includes(cmd.tool)) return mkfs(cmd, ctx);
  return makeAction(cmd, ctx, { operation: cmd.tool, effect: 'unknown', rule: 'filesystem.unrecognised' });
}

export const filesystemRules: RulePack = {
  name: 'filesystem',
  tools: [
    'rm', 'rmdir', 'unlink', 'shred', 'srm', 'truncate', 'dd', 'wipefs', 'find', 'mv', 'cp', 'ln', 'install',
    'chmod', 'chown', 'chgrp', 'tee', 'touch', 'mkdir', ...MKFS_TOOLS,
  ],
  analyze(cmd, ctx) {
    const before = cmd.args.findIndex((w) => w.value === '--');
    const own = before < 0 ? cmd.args : cmd.args.slice(0, before);
    if (cmd.tool !== 'find' && cmd.tool !== 'dd' && own.some((w) => w.value === '--help' || w.value === '--version')) {
      return [makeAction(cmd, ctx, { operation: `${cmd.tool} --help`, effect: 'read', rule: 'filesystem.help' })];
    }
    return [analyzeTool(cmd, ctx)];
  },
};
