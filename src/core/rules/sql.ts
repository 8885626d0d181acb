/**
 * A small SQL statement classifier for inline SQL handed to database clients (`psql -c`, `mysql -e`,
 * `sqlite3 db "..."`). It splits a script into statements, reads each one's leading keywords and says
 * whether it reads, writes or destroys, and which objects it names. It is deliberately shallow: whatever
 * it does not recognise comes out `unknown`, never `read`.
 */

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'generic';
export type SqlEffect = 'read' | 'write' | 'destroy' | 'unknown';

export interface SqlObject {
  /** `table`, `database`, `schema`, `role`, `index`, `view`, ... (lower case, as SQL names it). */
  kind: string;
  /** The name as written, quotes removed; qualified names keep their dots (`public.users`). */
  name: string;
}

export interface SqlStatement {
  /** The statement with comments removed and blanks collapsed. */
  text: string;
  /** The statement's verb in SQL's words: `SELECT`, `DROP TABLE`, `DELETE`, `\dt`, `.tables`. */
  verb: string;
  effect: SqlEffect;
  /** Touches every row or everything inside a container: DELETE/UPDATE without WHERE, TRUNCATE, DROP ... CASCADE. */
  bulk: boolean;
  /** The statement creates its object (CREATE ...), as opposed to changing an existing one. */
  creates: boolean;
  objects: SqlObject[];
  notes: string[];
}

interface Token {
  kind: 'word' | 'ident' | 'string' | 'number' | 'punct';
  value: string;
  depth: number;
}

interface RawStatement {
  text: string;
  tokens: Token[];
  /** A client-side command (`\dt`, `.tables`, `source f`) rather than SQL sent to the server. */
  meta?: string;
}

const RANK: Record<SqlEffect, number> = { read: 0, write: 1, unknown: 2, destroy: 3 };

/** The effect that weighs most: destroy over unknown over write over read. */
export function worstEffect(effects: readonly SqlEffect[]): SqlEffect {
  return effects.reduce<SqlEffect>((w, e) => (RANK[e] > RANK[w] ? e : w), 'read');
}

/** Split a script into statements and classify each one. Empty statements are dropped. */
export function classifySql(sql: string, dialect: SqlDialect = 'generic'): SqlStatement[] {
  return scan(sql, dialect).map((s) => (s.meta !== undefined ? classifyMeta(s.meta, dialect) : classifyTokens(s.text, s.tokens, dialect)));
}

/** Statement texts with comments stripped: `;` splits only outside quotes, comments and dollar quotes. */
export function splitSql(sql: string, dialect: SqlDialect = 'generic'): string[] {
  return scan(sql, dialect).map((s) => s.text);
}

// ---------------------------------------------------------------------------------------------------
// Scanning

function scan(sql: string, dialect: SqlDialect): RawStatement[] {
  const out: RawStatement[] = [];
  let tokens: Token[] = [];
  let text = '';
  let depth = 0;
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (tokens.length > 0) out.push({ text: t, tokens });
    tokens = [];
    text = '';
    depth = 0;
  };
  const push = (kind: Token['kind'], value: string, raw: string) => {
    tokens.push({ kind, value, depth });
    text += raw;
  };
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const rest = sql.slice(i);
    // Client commands take the rest of the line: psql `\dt`, sqlite `.tables`, mysql `source f` / `\. f`.
    if (tokens.length === 0) {
      const meta = metaAt(rest, dialect);
      if (meta !== undefined) {
        out.push({ text: meta.trim(), tokens: [], meta: meta.trim() });
        i += meta.length;
        continue;
      }
    }
    if (/\s/.test(c)) {
      text += ' ';
      i++;
    } else if (rest.startsWith('--') || (dialect === 'mysql' && c === '#')) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      text += ' ';
    } else if (rest.startsWith('/*')) {
      i = skipBlockComment(sql, i, dialect === 'postgres');
      text += ' ';
    } else if (c === ';') {
      flush();
      i++;
    } else if (dialect === 'mysql' && (rest.startsWith('\\G') || rest.startsWith('\\g'))) {
      // mysql's vertical/plain terminators end a statement like `;`.
      flush();
      i += 2;
    } else if (c === "'") {
      const prev = sql[i - 1];
      const backslashes = dialect === 'mysql' || prev === 'E' || prev === 'e';
      const end = skipQuoted(sql, i, "'", backslashes);
      push('string', unquote(sql.slice(i, end), "'"), sql.slice(i, end));
      i = end;
    } else if (c === '"' || c === '`') {
      const end = skipQuoted(sql, i, c, dialect === 'mysql' && c === '"');
      const kind = c === '"' && dialect === 'mysql' ? 'string' : 'ident';
      push(kind, unquote(sql.slice(i, end), c), sql.slice(i, end));
      i = end;
    } else if (c === '[' && dialect === 'sqlite') {
      const end = sql.indexOf(']', i);
      const stop = end < 0 ? n : end + 1;
      push('ident', sql.slice(i + 1, stop - 1), sql.slice(i, stop));
      i = stop;
    } else if (c === '$' && dialect !== 'mysql' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(rest)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest)![0];
      const close = sql.indexOf(tag, i + tag.length);
      const stop = close < 0 ? n : close + tag.length;
      push('string', sql.slice(i + tag.length, close < 0 ? n : close), sql.slice(i, stop));
      i = stop;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest)![0];
      push('word', m, m);
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9.eE]*/.exec(rest)![0];
      push('number', m, m);
      i += m.length;
    } else {
      if (c === ')') depth = Math.max(0, depth - 1);
      push('punct', c, c);
      if (c === '(') depth++;
      i++;
    }
  }
  flush();
  return out;
}

/** A client-side command at the start of a statement, up to where it ends; undefined when none. */
function metaAt(rest: string, dialect: SqlDialect): string | undefined {
  const line = /^[^\n]*/.exec(rest)![0];
  if (dialect === 'postgres' && rest.startsWith('\\')) {
    // A psql backslash command ends at the end of the line or at a `\\` separator.
    const sep = line.indexOf('\\\\', 1);
    return sep < 0 ? line : line.slice(0, sep + 2);
  }
  if (dialect === 'sqlite' && /^\.[A-Za-z]/.test(rest)) return line;
  if (dialect === 'mysql' && (/^\\[.!]/.test(rest) || /^(source|system|delimiter)\b/i.test(rest))) return line;
  return undefined;
}

function skipBlockComment(sql: string, start: number, nested: boolean): number {
  let level = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      level++;
      i += 2;
      if (!nested && level > 1) level = 1;
    } else if (sql.startsWith('*/', i)) {
      level--;
      i += 2;
      if (level === 0) return i;
    } else i++;
  }
  return sql.length;
}

function skipQuoted(sql: string, start: number, q: string, backslashes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashes && c === '\\') i += 2;
    else if (c === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function unquote(raw: string, q: string): string {
  const inner = raw.endsWith(q) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return inner.split(q + q).join(q);
}

// ---------------------------------------------------------------------------------------------------
// Classifying

class Reader {
  constructor(readonly tokens: Token[]) {}
  kw(i: number): string {
    const t = this.tokens[i];
    return t && t.kind === 'word' ? t.value.toUpperCase() : '';
  }
  punct(i: number): string {
    const t = this.tokens[i];
    return t && t.kind === 'punct' ? t.value : '';
  }
  /** Index of the first keyword from `from` at the given paren depth, or -1. */
  find(from: number, words: readonly string[], depth = this.tokens[from]?.depth ?? 0): number {
    for (let i = from; i < this.tokens.length; i++) {
      if (this.tokens[i].depth < depth) return -1;
      if (this.tokens[i].depth === depth && words.includes(this.kw(i))) return i;
    }
    return -1;
  }
  /** Skip any of the given keyword sequences (`IF EXISTS`, `ONLY`) starting at i. */
  skip(i: number, ...seqs: string[][]): number {
    let moved = true;
    while (moved) {
      moved = false;
      for (const seq of seqs) {
        if (seq.every((w, k) => this.kw(i + k) === w)) {
          i += seq.length;
          moved = true;
        }
      }
    }
    return i;
  }
  /** A possibly qualified name at i (`a.b."c"`); returns it and the index after it. */
  name(i: number): { name?: string; next: number } {
    const parts: string[] = [];
    let j = i;
    while (j < this.tokens.length) {
      const t = this.tokens[j];
      if (t.kind !== 'word' && t.kind !== 'ident') break;
      parts.push(t.value);
      j++;
      if (this.punct(j) === '.' && this.tokens[j + 1] && this.tokens[j + 1].kind !== 'punct') j++;
      else break;
    }
    return parts.length > 0 ? { name: parts.join('.'), next: j } : { next: i };
  }
  /** Comma-separated names from i. */
  names(i: number): string[] {
    const out: string[] = [];
    let j = i;
    for (;;) {
      const { name, next } = this.name(j);
      if (!name) break;
      out.push(name);
      if (this.punct(next) !== ',') break;
      j = next + 1;
    }
    return out;
  }
}

function statement(text: string, verb: string, effect: SqlEffect, extra: Partial<SqlStatement> = {}): SqlStatement {
  return { text, verb, effect, bulk: false, creates: false, objects: [], notes: [], ...extra };
}

/** Server-side functions that change state even inside a SELECT. */
const SIDE_EFFECT_FUNCTIONS: Record<string, SqlEffect> = {
  pg_terminate_backend: 'write',
  pg_cancel_backend: 'write',
  pg_reload_conf: 'write',
  pg_rotate_logfile: 'write',
  setval: 'write',
  nextval: 'write',
  set_config: 'write',
  pg_switch_wal: 'write',
  pg_promote: 'write',
  pg_create_restore_point: 'write',
  pg_create_logical_replication_slot: 'write',
  pg_create_physical_replication_slot: 'write',
  pg_drop_replication_slot: 'destroy',
  lo_unlink: 'destroy',
  lo_import: 'write',
  lo_export: 'write',
  pg_file_write: 'write',
  pg_file_unlink: 'destroy',
  dblink_exec: 'unknown',
  load_extension: 'unknown',
  sleep: 'read',
};

const READ_VERBS = new Set([
  'SHOW', 'DESCRIBE', 'DESC', 'TABLE', 'VALUES', 'USE', 'HELP', 'CHECK', 'CHECKSUM', 'LISTEN', 'UNLISTEN',
  'FETCH', 'MOVE', 'DECLARE', 'CLOSE', 'BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE',
  'ABORT', 'RESET', 'DISCARD', 'DEALLOCATE', 'ATTACH', 'DETACH', 'UNLOCK', 'HANDLER',
]);
const WRITE_VERBS = new Set([
  'INSERT', 'REPLACE', 'UPSERT', 'GRANT', 'REVOKE', 'VACUUM', 'REINDEX', 'CLUSTER', 'OPTIMIZE', 'REPAIR',
  'CHECKPOINT', 'REFRESH', 'FLUSH', 'KILL', 'LOCK', 'NOTIFY', 'COMMENT', 'SECURITY', 'RENAME', 'ANALYZE',
  'ANALYSE', 'REASSIGN', 'IMPORT', 'INSTALL', 'UNINSTALL', 'PURGE', 'CACHE',
]);
const UNKNOWN_VERBS = new Set(['CALL', 'DO', 'EXECUTE', 'EXEC', 'LOAD', 'PREPARE', 'DELIMITER']);

function classifyTokens(text: string, tokens: Token[], dialect: SqlDialect, start = 0): SqlStatement {
  const r = new Reader(tokens);
  const first = r.kw(start);
  if (!first) {
    if (r.punct(start) === '(') return classifyTokens(text, tokens, dialect, start + 1);
    return statement(text, tokens[start]?.value ?? '', 'unknown', { notes: ['not a statement the classifier knows'] });
  }
  switch (first) {
    case 'SELECT':
      return classifySelect(text, r, start);
    case 'WITH':
      return classifyWith(text, r, dialect, start);
    case 'EXPLAIN':
      return classifyExplain(text, r, dialect, start);
    case 'INSERT':
    case 'REPLACE':
    case 'UPSERT': {
      const at = r.skip(start + 1, ['INTO'], ['LOW_PRIORITY'], ['DELAYED'], ['HIGH_PRIORITY'], ['IGNORE'], ['OR', 'REPLACE'], ['OR', 'IGNORE'], ['OR', 'ABORT'], ['OR', 'FAIL'], ['OR', 'ROLLBACK'], ['INTO']);
      const { name } = r.name(at);
      return statement(text, first, 'write', { objects: name ? [{ kind: 'table', name }] : [] });
    }
    case 'MERGE': {
      const { name } = r.name(r.skip(start + 1, ['INTO']));
      const deletes = tokens.some((_, i) => r.kw(i) === 'DELETE');
      return statement(text, 'MERGE', deletes ? 'destroy' : 'write', { objects: name ? [{ kind: 'table', name }] : [] });
    }
    case 'UPDATE':
      return classifyUpdate(text, r, start);
    case 'DELETE':
      return classifyDelete(text, r, start);
    case 'TRUNCATE': {
      const names = r.names(r.skip(start + 1, ['TABLE'], ['ONLY']));
      return statement(text, 'TRUNCATE', 'destroy', { bulk: true, objects: names.map((name) => ({ kind: 'table', name })) });
    }
    case 'DROP':
      return classifyDrop(text, r, start);
    case 'ALTER':
      return classifyAlter(text, r, start);
    case 'CREATE':
      return classifyCreate(text, r, start);
    case 'COPY':
      return classifyCopy(text, r, start);
    case 'SET':
      return classifySet(text, r, start);
    case 'PRAGMA':
      return classifyPragma(text, r, start);
  }
  if (first === 'LOAD' && r.kw(start + 1) === 'DATA') {
    const into = r.find(start, ['TABLE']);
    const { name } = into >= 0 ? r.name(into + 1) : { name: undefined };
    return statement(text, 'LOAD DATA', 'write', { objects: name ? [{ kind: 'table', name }] : [] });
  }
  if (first === 'VACUUM' && r.find(start, ['INTO']) >= 0) return statement(text, 'VACUUM INTO', 'write', { notes: ['writes a copy of the database to a file'] });
  if (first === 'START' && r.kw(start + 1) !== 'TRANSACTION') return statement(text, `START ${r.kw(start + 1)}`.trim(), 'write');
  if (READ_VERBS.has(first)) return statement(text, first, 'read');
  if (WRITE_VERBS.has(first)) return statement(text, first, 'write');
  if (UNKNOWN_VERBS.has(first)) {
    if (first === 'PREPARE') {
      const as = r.find(start, ['AS']);
      if (as >= 0) {
        const inner = classifyTokens(text, tokens, dialect, as + 1);
        return { ...inner, verb: `PREPARE … ${inner.verb}` };
      }
    }
    return statement(text, first, 'unknown', { notes: [`${first} runs code the classifier cannot see`] });
  }
  return statement(text, first, 'unknown', { notes: [`unrecognised statement ${first}`] });
}

function classifySelect(text: string, r: Reader, start: number): SqlStatement {
  const depth = r.tokens[start].depth;
  let effect: SqlEffect = 'read';
  const notes: string[] = [];
  const objects: SqlObject[] = [];
  let creates = false;
  // SELECT ... INTO a table (postgres) or OUTFILE (mysql) writes; INTO @var or a plpgsql variable does not matter here.
  const into = r.find(start + 1, ['INTO'], depth);
  if (into >= 0) {
    const next = r.kw(into + 1);
    if (next === 'OUTFILE' || next === 'DUMPFILE') {
      effect = 'write';
      notes.push('SELECT INTO OUTFILE writes a file on the database server');
    } else if (r.punct(into + 1) !== '@') {
      const { name } = r.name(r.skip(into + 1, ['TEMPORARY'], ['TEMP'], ['UNLOGGED'], ['TABLE']));
      if (name) {
        effect = 'write';
        creates = true;
        objects.push({ kind: 'table', name });
      }
    }
  }
  for (let i = start; i < r.tokens.length; i++) {
    const t = r.tokens[i];
    if (t.kind === 'word' && r.punct(i + 1) === '(') {
      const fx = SIDE_EFFECT_FUNCTIONS[t.value.toLowerCase()];
      if (fx && fx !== 'read') {
        effect = worstEffect([effect, fx]);
        notes.push(`${t.value.toLowerCase()}() changes server state`);
      }
    }
  }
  return statement(text, creates ? 'SELECT INTO' : 'SELECT', effect, { notes, objects, creates });
}

function classifyWith(text: string, r: Reader, dialect: SqlDialect, start: number): SqlStatement {
  // Data-modifying statements hide inside CTEs (`AS (DELETE ...)`) or follow the CTE list (`) DELETE`).
  const parts: SqlStatement[] = [];
  for (let i = start + 1; i < r.tokens.length; i++) {
    const k = r.kw(i);
    if (!['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'SELECT'].includes(k)) continue;
    const prev = r.punct(i - 1);
    if (prev !== '(' && prev !== ')') continue;
    const depth = r.tokens[i].depth;
    let end = i;
    while (end < r.tokens.length && r.tokens[end].depth >= depth) end++;
    const sub = r.tokens.slice(i, end);
    parts.push(classifyTokens(text, sub, dialect));
  }
  if (parts.length === 0) return statement(text, 'WITH', 'unknown', { notes: ['WITH without a recognisable main statement'] });
  const effect = worstEffect(parts.map((p) => p.effect));
  const worst = parts.find((p) => p.effect === effect)!;
  return statement(text, effect === 'read' ? 'WITH … SELECT' : `WITH … ${worst.verb}`, effect, {
    bulk: parts.some((p) => p.bulk && p.effect !== 'read'),
    creates: parts.some((p) => p.creates),
    objects: parts.flatMap((p) => p.objects),
    notes: parts.flatMap((p) => p.notes),
  });
}

function classifyExplain(text: string, r: Reader, dialect: SqlDialect, start: number): SqlStatement {
  let i = start + 1;
  let analyze = false;
  if (r.punct(i) === '(') {
    // EXPLAIN (ANALYZE [true|on|1], BUFFERS, ...) stmt
    const depth = r.tokens[i].depth + 1;
    let j = i + 1;
    for (; j < r.tokens.length && r.tokens[j].depth >= depth; j++) {
      const k = r.kw(j);
      if (k === 'ANALYZE' || k === 'ANALYSE') {
        const v = r.tokens[j + 1];
        const off = v && /^(false|off|0)$/i.test(v.value);
        if (!off) analyze = true;
      }
    }
    i = j + 1;
  } else {
    for (;;) {
      const k = r.kw(i);
      if (k === 'ANALYZE' || k === 'ANALYSE') analyze = true;
      else if (!['VERBOSE', 'EXTENDED', 'PARTITIONS', 'QUERY', 'PLAN', 'FOR', 'FORMAT'].includes(k) && r.punct(i) !== '=') break;
      if (k === 'FORMAT' || r.punct(i) === '=') i++;
      i++;
    }
  }
  if (!analyze) return statement(text, 'EXPLAIN', 'read');
  // EXPLAIN ANALYZE runs the statement for real.
  const inner = classifyTokens(text, r.tokens, dialect, i);
  return { ...inner, verb: `EXPLAIN ANALYZE ${inner.verb}`, notes: [...inner.notes, ...(inner.effect === 'read' ? [] : ['EXPLAIN ANALYZE executes the statement'])] };
}

function hasWhere(r: Reader, start: number): { where: boolean; tautology: boolean } {
  const depth = r.tokens[start].depth;
  const w = r.find(start + 1, ['WHERE'], depth);
  if (w < 0) return { where: false, tautology: false };
  const after = r.tokens.slice(w + 1).filter((t) => t.depth === depth).map((t) => t.value.toUpperCase());
  const stop = after.findIndex((v) => ['ORDER', 'LIMIT', 'RETURNING', ';'].includes(v));
  const cond = (stop < 0 ? after : after.slice(0, stop)).join('');
  const tautology = /^(TRUE|1|'1'|1=1|'1'='1'|'A'='A'|0=0|1<>0|NOT FALSE|NOTFALSE)$/.test(cond);
  return { where: true, tautology };
}

function classifyUpdate(text: string, r: Reader, start: number): SqlStatement {
  const at = r.skip(start + 1, ['ONLY'], ['LOW_PRIORITY'], ['IGNORE'], ['OR', 'REPLACE'], ['OR', 'IGNORE'], ['OR', 'ABORT'], ['OR', 'FAIL'], ['OR', 'ROLLBACK']);
  const { name } = r.name(at);
  const objects = name ? [{ kind: 'table', name }] : [];
  const { where, tautology } = hasWhere(r, start);
  if (where && !tautology) return statement(text, 'UPDATE', 'write', { objects });
  return statement(text, where ? 'UPDATE (WHERE always true)' : 'UPDATE without WHERE', 'destroy', {
    bulk: true,
    objects,
    notes: ['UPDATE without a restricting WHERE rewrites every row'],
  });
}

function classifyDelete(text: string, r: Reader, start: number): SqlStatement {
  const from = r.find(start + 1, ['FROM']);
  const { name } = from >= 0 ? r.name(r.skip(from + 1, ['ONLY'])) : r.name(r.skip(start + 1, ['LOW_PRIORITY'], ['QUICK'], ['IGNORE']));
  const objects = name ? [{ kind: 'table', name }] : [];
  const { where, tautology } = hasWhere(r, start);
  if (where && !tautology) return statement(text, 'DELETE', 'destroy', { objects });
  return statement(text, where ? 'DELETE (WHERE always true)' : 'DELETE without WHERE', 'destroy', {
    bulk: true,
    objects,
    notes: ['DELETE without a restricting WHERE removes every row'],
  });
}

/** Object kinds as they follow CREATE/DROP/ALTER, longest first. */
const OBJECT_KINDS: string[][] = [
  ['MATERIALIZED', 'VIEW'], ['FOREIGN', 'TABLE'], ['FOREIGN', 'DATA', 'WRAPPER'], ['EVENT', 'TRIGGER'], ['ACCESS', 'METHOD'],
  ['TEXT', 'SEARCH', 'CONFIGURATION'], ['USER', 'MAPPING'], ['OWNED', 'BY'],
  ['TABLE'], ['DATABASE'], ['SCHEMA'], ['INDEX'], ['VIEW'], ['FUNCTION'], ['PROCEDURE'], ['TRIGGER'], ['SEQUENCE'],
  ['TYPE'], ['DOMAIN'], ['EXTENSION'], ['ROLE'], ['USER'], ['GROUP'], ['TABLESPACE'], ['SERVER'], ['POLICY'], ['RULE'],
  ['PUBLICATION'], ['SUBSCRIPTION'], ['COLLATION'], ['AGGREGATE'], ['OPERATOR'], ['CAST'], ['EVENT'], ['STATISTICS'],
  ['LANGUAGE'], ['CONVERSION'], ['ROUTINE'], ['TRANSFORM'],
];
const MODIFIERS = [['OR', 'REPLACE'], ['TEMPORARY'], ['TEMP'], ['UNLOGGED'], ['UNIQUE'], ['GLOBAL'], ['LOCAL'], ['RECURSIVE'], ['ONLINE'], ['OFFLINE'], ['DEFINER'], ['VIRTUAL'], ['PROCEDURAL'], ['TRUSTED'], ['CONSTRAINT'], ['SQL', 'SECURITY'], ['ALGORITHM']];

function objectKind(r: Reader, i: number): { kind: string; next: number } {
  for (const seq of OBJECT_KINDS) {
    if (seq.every((w, k) => r.kw(i + k) === w)) return { kind: seq.join(' ').toLowerCase(), next: i + seq.length };
  }
  return { kind: r.kw(i).toLowerCase() || 'object', next: i + 1 };
}

const CONTAINER_KINDS = new Set(['database', 'schema', 'owned by', 'tablespace']);

function classifyDrop(text: string, r: Reader, start: number): SqlStatement {
  const { kind, next } = objectKind(r, r.skip(start + 1, ['TEMPORARY'], ['TEMP']));
  const at = r.skip(next, ['CONCURRENTLY'], ['IF', 'EXISTS']);
  const names = r.names(at);
  const cascade = r.find(at, ['CASCADE'], 0) >= 0;
  const verb = `DROP ${kind.toUpperCase()}`;
  const objectKindName = kind === 'owned by' ? 'role' : kind;
  return statement(text, verb, 'destroy', {
    bulk: cascade || CONTAINER_KINDS.has(kind),
    objects: names.map((name) => ({ kind: objectKindName, name })),
    notes: cascade ? ['CASCADE also drops everything that depends on it'] : [],
  });
}

function classifyAlter(text: string, r: Reader, start: number): SqlStatement {
  const { kind, next } = objectKind(r, r.skip(start + 1, ['ONLINE'], ['IGNORE']));
  const at = r.skip(next, ['IF', 'EXISTS'], ['ONLY']);
  const { name } = r.name(at);
  const objects = name ? [{ kind, name }] : [];
  const verb = `ALTER ${kind.toUpperCase()}`;
  // ALTER TABLE ... DROP COLUMN / CONSTRAINT / PARTITION loses data; DROP NOT NULL / DEFAULT only relaxes a rule.
  for (let i = at; i < r.tokens.length; i++) {
    const k = r.kw(i);
    if (k === 'DROP' && !['NOT', 'DEFAULT', 'IDENTITY', 'EXPRESSION'].includes(r.kw(i + 1))) {
      const what = r.kw(i + 1) || 'COLUMN';
      return statement(text, `${verb} … DROP ${['COLUMN', 'CONSTRAINT', 'PARTITION', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN'].includes(what) ? what : 'COLUMN'}`, 'destroy', { objects });
    }
    if ((k === 'TRUNCATE' || k === 'DISCARD') && r.kw(i + 1) === 'PARTITION') {
      return statement(text, `${verb} … ${k} PARTITION`, 'destroy', { objects, bulk: true });
    }
  }
  return statement(text, verb, 'write', { objects });
}

function classifyCreate(text: string, r: Reader, start: number): SqlStatement {
  let i = start + 1;
  const notes: string[] = [];
  if (r.kw(i) === 'OR' && r.kw(i + 1) === 'REPLACE') notes.push('OR REPLACE overwrites an existing definition');
  i = r.skip(i, ...MODIFIERS);
  const { kind, next } = objectKind(r, i);
  const at = r.skip(next, ['CONCURRENTLY'], ['IF', 'NOT', 'EXISTS']);
  let { name } = r.name(at);
  if (kind === 'index' && r.kw(at) === 'ON') name = undefined;
  return statement(text, `CREATE ${kind.toUpperCase()}`, 'write', { creates: true, objects: name ? [{ kind, name }] : [], notes });
}

function classifyCopy(text: string, r: Reader, start: number): SqlStatement {
  const { name } = r.name(start + 1);
  const objects = name ? [{ kind: 'table', name }] : [];
  const dir = r.find(start + 1, ['FROM', 'TO'], r.tokens[start].depth);
  if (dir < 0) return statement(text, 'COPY', 'unknown', { objects });
  if (r.kw(dir + 1) === 'PROGRAM') {
    return statement(text, `COPY ${r.kw(dir)} PROGRAM`, 'unknown', { objects, notes: ['COPY … PROGRAM runs a shell command on the database server'] });
  }
  if (r.kw(dir) === 'FROM') return statement(text, 'COPY FROM', 'write', { objects });
  if (r.kw(dir + 1) === 'STDOUT') return statement(text, 'COPY TO STDOUT', 'read', { objects });
  return statement(text, 'COPY TO', 'write', { objects, notes: ['COPY TO a file writes on the database server'] });
}

function classifySet(text: string, r: Reader, start: number): SqlStatement {
  const k = r.kw(start + 1);
  if (k === 'GLOBAL' || k === 'PERSIST' || k === 'PERSIST_ONLY' || (r.punct(start + 1) === '@' && r.punct(start + 2) === '@' && /^GLOBAL/.test(r.kw(start + 3))))
    return statement(text, `SET ${k || 'GLOBAL'}`, 'write', { notes: ['changes server-wide settings'] });
  if (k === 'PASSWORD') return statement(text, 'SET PASSWORD', 'write');
  // Session settings vanish with the connection.
  return statement(text, 'SET', 'read');
}

const READ_PRAGMAS = new Set([
  'table_info', 'table_xinfo', 'table_list', 'index_list', 'index_info', 'index_xinfo', 'foreign_key_list', 'foreign_key_check',
  'integrity_check', 'quick_check', 'database_list', 'compile_options', 'function_list', 'pragma_list', 'module_list',
  'collation_list',
]);

/** Pragmas that last only for the connection: setting them changes nothing stored. */
const SESSION_PRAGMAS = new Set([
  'foreign_keys', 'busy_timeout', 'cache_size', 'temp_store', 'synchronous', 'case_sensitive_like', 'recursive_triggers',
  'query_only', 'defer_foreign_keys', 'cache_spill', 'mmap_size', 'threads', 'ignore_check_constraints', 'reverse_unordered_selects',
]);

function classifyPragma(text: string, r: Reader, start: number): SqlStatement {
  const { name } = r.name(start + 1);
  const bare = (name ?? '').split('.').pop()!.toLowerCase();
  const assigns = r.tokens.some((t) => t.kind === 'punct' && (t.value === '=' || t.value === '('));
  if (!assigns || READ_PRAGMAS.has(bare) || SESSION_PRAGMAS.has(bare)) return statement(text, `PRAGMA ${bare}`, 'read');
  return statement(text, `PRAGMA ${bare}`, 'write');
}

// ---------------------------------------------------------------------------------------------------
// Client commands

const PSQL_READ = new Set([
  'c', 'connect', 'conninfo', 'x', 'timing', 'pset', 'a', 'H', 't', 'T', 'f', 'C', 'echo', 'qecho', 'warn', 'q', 'quit',
  '?', 'h', 'help', 'encoding', 'set', 'unset', 'sf', 'sv', 'z', 'g', 'gx', 'gset', 'gdesc', 'errverbose', 'p', 'print',
  'r', 'reset', 's', 'setenv', 'getenv', 'prompt', 'cd', 'if', 'elif', 'else', 'endif', 'watch', 'bind', 'crosstabview',
  'copyright', 'lo_list', 'lo_export', 'o', 'out', 'w', 'write', 'sendpipeline', 'startpipeline', 'endpipeline',
]);

function classifyMeta(meta: string, dialect: SqlDialect): SqlStatement {
  if (dialect === 'postgres') return classifyPsqlMeta(meta);
  if (dialect === 'sqlite') return classifySqliteDot(meta);
  return classifyMysqlClient(meta);
}

function classifyPsqlMeta(meta: string): SqlStatement {
  const m = /^\\([A-Za-z?!]+|\?|!)([+S]*)\s*(.*)$/s.exec(meta.replace(/\\\\$/, ''));
  const cmd = m ? m[1] : meta.slice(1);
  const args = m ? m[3].trim() : '';
  const verb = `\\${cmd}${m ? m[2] : ''}`;
  if (cmd === 'copy') {
    const from = /\bfrom\b/i.test(args);
    const program = /\bprogram\b/i.test(args);
    const name = /^([^\s(]+)/.exec(args)?.[1];
    const objects = name && !args.startsWith('(') ? [{ kind: 'table', name }] : [];
    if (program) return statement(meta, verb, 'unknown', { objects, notes: ['\\copy … program runs a local shell command'] });
    return from
      ? statement(meta, '\\copy from', 'write', { objects })
      : statement(meta, '\\copy to', 'read', { objects, notes: ['\\copy to writes a local file'] });
  }
  if (cmd === '!' || cmd.startsWith('!')) return statement(meta, '\\!', 'unknown', { notes: ['\\! runs a shell command'] });
  if (['i', 'ir', 'include', 'include_relative'].includes(cmd)) return statement(meta, verb, 'unknown', { notes: [`${verb} runs SQL from a file the analyzer cannot see`] });
  if (['gexec', 'e', 'edit', 'ef', 'ev'].includes(cmd)) return statement(meta, verb, 'unknown', { notes: [`${verb} runs SQL the analyzer cannot see`] });
  if (cmd === 'lo_unlink') return statement(meta, verb, 'destroy', { notes: ['deletes a large object'] });
  if (cmd === 'lo_import' || cmd === 'password') return statement(meta, verb, 'write');
  if ((cmd === 'o' || cmd === 'out' || cmd === 'w' || cmd === 'write' || cmd === 'g') && args.startsWith('|'))
    return statement(meta, verb, 'unknown', { notes: [`${verb} pipes output into a shell command`] });
  if (/^[dl]/.test(cmd) || PSQL_READ.has(cmd)) return statement(meta, verb, 'read');
  return statement(meta, verb, 'unknown', { notes: [`unrecognised psql command ${verb}`] });
}

const SQLITE_READ = new Set([
  'tables', 'table', 'schema', 'indexes', 'indices', 'headers', 'header', 'mode', 'dump', 'databases', 'dbinfo', 'fullschema',
  'show', 'help', 'timer', 'width', 'stats', 'eqp', 'explain', 'print', 'echo', 'nullvalue', 'separator', 'changes',
  'lint', 'quit', 'exit', 'version', 'limit', 'output', 'once', 'backup', 'save', 'excel', 'prompt', 'bail', 'trace', 'log',
  'sha3sum', 'clone', 'recover', 'cd', 'filectrl', 'vfsinfo', 'vfslist', 'vfsname', 'connection', 'check', 'scanstats',
  'binary', 'timeout', 'crnl', 'expert', 'iotrace', 'imposter', 'parameter', 'progress', 'testcase', 'selftest', 'unmodule',
]);

function classifySqliteDot(meta: string): SqlStatement {
  const cmd = (/^\.(\w+)/.exec(meta)?.[1] ?? '').toLowerCase();
  const verb = `.${cmd}`;
  if (cmd === 'import') {
    const parts = meta.split(/\s+/);
    const table = parts[parts.length - 1];
    return statement(meta, verb, 'write', { objects: parts.length >= 3 ? [{ kind: 'table', name: table }] : [] });
  }
  if (cmd === 'restore') return statement(meta, verb, 'destroy', { bulk: true, notes: ['.restore replaces the database contents'] });
  if (['read', 'shell', 'system', 'load', 'open', 'archive', 'ar', 'dbconfig'].includes(cmd))
    return statement(meta, verb, 'unknown', { notes: [`${verb} does what the analyzer cannot see`] });
  if (['output', 'once', 'backup', 'save', 'clone'].includes(cmd)) return statement(meta, verb, 'read', { notes: [`${verb} writes a local file`] });
  if (SQLITE_READ.has(cmd)) return statement(meta, verb, 'read');
  return statement(meta, verb, 'unknown', { notes: [`unrecognised sqlite3 command ${verb}`] });
}

function classifyMysqlClient(meta: string): SqlStatement {
  const word = /^(\\.|\w+)/.exec(meta)?.[1] ?? meta;
  return statement(meta, word.toLowerCase(), 'unknown', { notes: [`${word} runs what the analyzer cannot see`] });
}
