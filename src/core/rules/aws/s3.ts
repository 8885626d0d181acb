/**
 * The CLI's own `aws s3` commands (ls, cp, mv, rm, sync, mb, rb, presign, website): file-like verbs over
 * `s3://bucket/key` paths and local paths. What they destroy depends on flags: `rm --recursive` a whole
 * prefix, `rb --force` every object, `sync --delete` whatever the destination has and the source lacks.
 */
import * as path from 'node:path';
import type { Action, AnalysisContext, Target } from '../../model';
import type { SimpleCommand, Word } from '../../shell/command';
import { makeAction, type ActionFields } from '../support';
import { isStream, localTarget, ownedWrite } from './local';
import { s3Arn } from './arns';
import { s3OptionArity } from './operations';
import { contextOf, type Where } from './where';

interface S3Args {
  positionals: Word[];
  switches: Set<string>;
  values: Map<string, Word[]>;
}

function parseS3Args(rest: readonly Word[]): S3Args {
  const out: S3Args = { positionals: [], switches: new Set(), values: new Map() };
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (!w.value.startsWith('--') || w.value === '--') {
      if (w.value !== '--') out.positionals.push(w);
      continue;
    }
    const eq = w.value.indexOf('=');
    const name = (eq > 0 ? w.value.slice(0, eq) : w.value).slice(2);
    const arity = s3OptionArity(name);
    const values = out.values.get(name) ?? [];
    if (eq > 0) {
      values.push({ value: w.value.slice(eq + 1), dynamic: w.dynamic });
      out.values.set(name, values);
      continue;
    }
    if (arity === undefined) {
      out.switches.add(name);
      continue;
    }
    out.values.set(name, values);
    const next = () => (i + 1 < rest.length && !rest[i + 1].value.startsWith('--') ? rest[++i] : undefined);
    if (Array.isArray(arity)) {
      // An optional value: taken only when it is one of the choices (`--sse` alone means AES256).
      if (i + 1 < rest.length && (arity as readonly string[]).includes(rest[i + 1].value)) values.push(rest[++i]);
    } else if (arity === '+') {
      for (let v = next(); v; v = next()) values.push(v);
    } else {
      for (let k = 0; k < (arity as number); k++) {
        const v = next();
        if (v) values.push(v);
      }
    }
  }
  return out;
}

interface S3Path {
  bucket: string;
  key: string;
}

function s3Path(w: Word): S3Path | undefined {
  if (!w.value.startsWith('s3://')) return undefined;
  const rest = w.value.slice(5);
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

function s3Target(w: Word, p: S3Path, change: Target['change'], many: boolean, region: string | undefined): Target {
  // A recursive operation covers everything under the prefix, which the CLI reads as a folder.
  let key = p.key;
  if (many) key = key === '' ? '*' : key.endsWith('/') ? `${key}*` : `${key}/*`;
  const t: Target = { id: s3Arn(p.bucket, key || undefined, region), change, kind: key && !many ? 's3 object' : many ? 's3 objects' : 's3 bucket' };
  if (w.dynamic) t.unresolved = ['value'];
  if (many) t.many = true;
  return t;
}

/** The object an upload of `source` to `dest` writes: `s3://b/dir/` gets the file's name appended. */
function uploadKey(source: Word, dest: S3Path): S3Path {
  if (dest.key === '' || dest.key.endsWith('/')) {
    const base = path.posix.basename(source.value);
    if (base && base !== '-') return { bucket: dest.bucket, key: dest.key + base };
  }
  return dest;
}

export function analyzeS3(cmd: SimpleCommand, ctx: AnalysisContext, sub: Word | undefined, rest: readonly Word[], where: Where): Action[] {
  const args = parseS3Args(rest);
  const region = where.region;
  const notes = [...where.notes];
  const filters = [...(args.values.get('exclude') ?? []).map((w) => `--exclude ${w.value}`), ...(args.values.get('include') ?? []).map((w) => `--include ${w.value}`)];
  if (filters.length > 0) notes.push(`filters: ${filters.join(' ')} (targets are the whole prefix)`);
  const dryrun = args.switches.has('dryrun');
  if (dryrun) notes.push('--dryrun: the CLI only prints what it would do');
  const act = (f: ActionFields): Action[] => [
    makeAction(cmd, ctx, {
      ...f,
      effect: dryrun && f.effect !== 'unknown' ? 'read' : f.effect,
      recoverable: dryrun ? false : f.recoverable,
      rule: dryrun ? 'aws.s3-dryrun' : f.rule,
      targets: dryrun ? f.targets?.map((t) => ({ ...t, change: 'read' as const })) : f.targets,
      context: contextOf(where),
      notes: [...notes, ...(f.notes ?? [])],
    }),
  ];
  const name = sub?.value;
  const operation = `s3 ${name ?? ''}`.trim();
  if (!sub || sub.dynamic) return act({ operation, effect: 'unknown', rule: 'aws.s3-unknown', notes: ['the s3 subcommand is not known before run time'] });
  const recursive = args.switches.has('recursive');
  const [first, second] = args.positionals;

  switch (name) {
    case 'ls': {
      const p = first ? s3Path(first) : undefined;
      return act({ operation, effect: 'read', rule: 'aws.s3-ls', targets: p && first ? [s3Target(first, p, 'read', p.key !== '', region)] : [] });
    }
    case 'presign':
      return act({ operation, effect: 'read', rule: 'aws.s3-presign', notes: ['signs a URL locally; the URL grants access until it expires'] });
    case 'mb': {
      const p = first ? s3Path(first) : undefined;
      return act({ operation, effect: 'write', rule: 'aws.s3-mb', targets: p && first ? [s3Target(first, p, 'create', false, region)] : [] });
    }
    case 'rb': {
      const p = first ? s3Path(first) : undefined;
      const force = args.switches.has('force');
      const targets: Target[] = [];
      if (p && first) {
        targets.push(s3Target(first, { bucket: p.bucket, key: '' }, 'destroy', false, region));
        if (force) targets.push(s3Target(first, { bucket: p.bucket, key: '' }, 'destroy', true, region));
      }
      return act({
        operation: force ? 's3 rb --force' : operation,
        effect: 'destroy',
        rule: force ? 'aws.s3-rb-force' : 'aws.s3-rb',
        targets,
        notes: force ? ['--force deletes every object in the bucket first'] : ['fails unless the bucket is empty'],
      });
    }
    case 'website': {
      const p = first ? s3Path(first) : undefined;
      return act({ operation, effect: 'write', rule: 'aws.s3-website', targets: p && first ? [s3Target(first, { bucket: p.bucket, key: '' }, 'change', false, region)] : [] });
    }
    case 'rm': {
      const p = first ? s3Path(first) : undefined;
      return act({
        operation: recursive ? 's3 rm --recursive' : operation,
        effect: 'destroy',
        rule: recursive ? 'aws.s3-rm-recursive' : 'aws.s3-rm',
        targets: p && first ? [s3Target(first, p, 'destroy', recursive, region)] : [],
      });
    }
    case 'cp':
    case 'mv':
    case 'sync':
      return transfer(ctx, name, args, first, second, recursive || name === 'sync', act, region);
    default:
      return act({ operation, effect: 'unknown', rule: 'aws.s3-unknown', notes: [`unrecognised s3 subcommand ${name}`] });
  }
}

function transfer(
  ctx: AnalysisContext,
  name: 'cp' | 'mv' | 'sync',
  args: S3Args,
  source: Word | undefined,
  dest: Word | undefined,
  many: boolean,
  act: (f: ActionFields) => Action[],
  region: string | undefined,
): Action[] {
  const del = name === 'sync' && args.switches.has('delete');
  const operation = `s3 ${name}${del ? ' --delete' : ''}${name !== 'sync' && many ? ' --recursive' : ''}`;
  if (!source || !dest) return act({ operation, effect: 'unknown', rule: `aws.s3-${name}`, notes: ['source or destination missing'] });
  const src = s3Path(source);
  const dst = s3Path(dest);
  const targets: Target[] = [];
  const notes: string[] = [];
  let recoverable = false;

  // What happens to the source: read, or deleted after the copy (mv).
  const sourceChange = name === 'mv' ? 'destroy' : 'read';
  if (src) targets.push(s3Target(source, src, sourceChange, many, region));
  else if (!isStream(source.value)) {
    targets.push(localTarget(ctx, source, sourceChange, many ? 'directory' : 'file'));
  }

  // What happens at the destination: objects or files written, and with sync --delete, extras removed.
  if (dst) {
    const written = !many && !src ? uploadKey(source, dst) : !many && src && (dst.key === '' || dst.key.endsWith('/')) ? { bucket: dst.bucket, key: dst.key + path.posix.basename(src.key) } : dst;
    targets.push(s3Target(dest, written, 'change', many, region));
    if (del) targets.push(s3Target(dest, dst, 'destroy', true, region));
    notes.push('objects at the destination with the same key are overwritten');
  } else if (isStream(dest.value)) {
    // Streaming to stdout writes nothing.
  } else {
    // Into a folder (`.`, `dir/`), a single download keeps the object's name.
    const intoFolder = !many && src && (dest.value === '.' || dest.value === '..' || dest.value.endsWith('/'));
    const file = intoFolder ? { value: path.posix.join(dest.value, path.posix.basename(src.key)), dynamic: dest.dynamic } : dest;
    const local = localTarget(ctx, file, 'change', many ? 'directory' : 'file');
    targets.push(many ? { ...local, many: true } : local);
    if (del) targets.push({ ...local, change: 'destroy', many: true });
    // A download into the workspace or a temp folder is local work; mv would also delete the object.
    recoverable = ownedWrite(ctx, dest) && !!src && name !== 'mv' && !del;
  }
  if (del) notes.push('--delete removes files at the destination that the source does not have');
  if (name === 'mv') notes.push('mv deletes the source after copying');

  const effect = name === 'mv' || del ? 'destroy' : dst || !isStream(dest.value) ? 'write' : 'read';
  return act({ operation, effect, recoverable: effect === 'write' && recoverable, rule: `aws.s3-${name}${del ? '-delete' : ''}`, targets, notes });
}
