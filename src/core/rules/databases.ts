/**
 * Database clients and admin tools: psql, mysql/mariadb, sqlite3, mongosh, redis-cli and the
 * PostgreSQL/MySQL utilities. Inline SQL is classified statement by statement; SQL the pack cannot see
 * (an interactive session, `-f file`, stdin) comes out `unknown`.
 */
import type { Action, AnalysisContext, Change, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import type { RulePack } from './pack';
import { envOf, has, makeAction, optionValue, optionValues, parseArgv, resolvePath } from './support';
import { classifySql, type SqlDialect, type SqlStatement, worstEffect } from './sql';
import { baseId, type Connection, hostName, parseConninfo, parseUri, resolveWord, whereOf } from './db-connection';
import { analyzeMongo } from './db-mongo';
import { analyzeRedis } from './db-redis';

const PACK = 'databases';

export const databaseRules: RulePack = {
  name: PACK,
  tools: [
    'psql', 'mysql', 'mariadb', 'sqlite3', 'mongosh', 'mongo', 'redis-cli', 'dropdb', 'createdb', 'dropuser', 'createuser',
    'pg_dump', 'pg_dumpall', 'pg_restore', 'mysqldump', 'mariadb-dump', 'mysqladmin', 'mariadb-admin',
  ],
  analyze(cmd, ctx) {
    switch (cmd.tool) {
      case 'psql':
        return [psql(cmd, ctx)];
      case 'mysql':
      case 'mariadb':
        return [mysql(cmd, ctx)];
      case 'sqlite3':
        return [sqlite(cmd, ctx)];
      case 'mongosh':
      case 'mongo':
        return [analyzeMongo(cmd, ctx)];
      case 'redis-cli':
        return [analyzeRedis(cmd, ctx)];
      case 'dropdb':
      case 'createdb':
      case 'dropuser':
      case 'createuser':
        return [pgAdmin(cmd, ctx)];
      case 'pg_dump':
      case 'pg_dumpall':
        return [pgDump(cmd, ctx)];
      case 'pg_restore':
        return [pgRestore(cmd, ctx)];
      case 'mysqldump':
      case 'mariadb-dump':
        return [mysqldump(cmd, ctx)];
      case 'mysqladmin':
      case 'mariadb-admin':
        return [mysqladmin(cmd, ctx)];
      default:
        return [makeAction(cmd, ctx, { operation: cmd.tool, effect: 'unknown', rule: `${PACK}.unknown-tool` })];
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// Shared: turning classified SQL into an action

export function changeOf(effect: Effect, creates = false): Change {
  if (effect === 'read') return 'read';
  if (effect === 'destroy') return 'destroy';
  return creates ? 'create' : 'change';
}

function target(id: string, change: Change, kind: string, conn: Connection, extra: Partial<Target> = {}): Target {
  const t: Target = { id, change, kind, ...extra };
  if (conn.unresolved.length > 0 && !t.unresolved) t.unresolved = [...conn.unresolved];
  return t;
}

/** The targets one statement names, relative to the connection it runs on. */
function statementTargets(conn: Connection, s: SqlStatement): Target[] {
  const change = changeOf(s.effect, s.creates);
  const many = s.bulk && s.effect !== 'read' ? { many: true } : {};
  if (s.objects.length === 0) return [target(baseId(conn), change, 'database', conn, many)];
  return s.objects.map((o) => {
    if (o.kind === 'database' || (o.kind === 'schema' && conn.engine === 'mysql')) {
      return target(`db://${conn.engine}/${conn.host}/${o.name}`, change, 'database', conn, many);
    }
    if (['role', 'user', 'group'].includes(o.kind)) return target(`db://${conn.engine}/${conn.host}/@roles/${o.name}`, change, 'role', conn, many);
    // MySQL names `db.table`; elsewhere a dot qualifies by schema inside the current database.
    if (conn.engine === 'mysql' && o.name.includes('.')) {
      const [db, ...rest] = o.name.split('.');
      return target(`db://mysql/${conn.host}/${db}/${rest.join('.')}`, change, o.kind, conn, many);
    }
    return target(`${baseId(conn)}/${o.name}`, change, o.kind, conn, many);
  });
}

function dedupe(targets: Target[]): Target[] {
  const seen = new Map<string, Target>();
  for (const t of targets) {
    const key = `${t.id}\u0000${t.change}`;
    const prev = seen.get(key);
    if (!prev) seen.set(key, t);
    else if (t.many) prev.many = true;
  }
  return [...seen.values()];
}

interface SqlSource {
  /** Inline SQL (a `-c` / `-e` value, a trailing sqlite3 argument). */
  sql?: string;
  dynamic?: boolean;
  /** What the client reads SQL from that the pack cannot see: `-f schema.sql`, `stdin`. */
  hidden?: string;
}

/**
 * One action for everything a client would run: the worst statement decides the effect, every
 * statement contributes targets. Hidden sources (files, stdin, dynamic text) make it at least `unknown`.
 */
function sqlAction(cmd: SimpleCommand, ctx: AnalysisContext, conn: Connection, sources: SqlSource[], dialect: SqlDialect, extraNotes: string[] = []): Action {
  const notes = [...conn.notes, ...extraNotes];
  const statements: Array<{ stmt: SqlStatement; conn: Connection }> = [];
  const effects: Effect[] = [];
  let current = conn;
  for (const src of sources) {
    if (src.hidden) {
      effects.push('unknown');
      notes.push(`runs SQL from ${src.hidden}: not visible to the analyzer`);
      continue;
    }
    if (src.dynamic) {
      effects.push('unknown');
      notes.push('inline SQL is only known at run time');
    }
    for (const stmt of classifySql(src.sql ?? '', dialect)) {
      // `USE db` / `\c db` move later statements to another database.
      const use = /^(?:USE\s+|\\c(?:onnect)?\s+)([^\s;]+)/i.exec(stmt.text);
      if (use && (stmt.verb === 'USE' || stmt.verb.startsWith('\\c'))) current = { ...current, database: use[1].replace(/^[`"]|[`"]$/g, '') };
      statements.push({ stmt, conn: current });
      effects.push(stmt.effect);
      notes.push(...stmt.notes);
    }
  }
  if (effects.length === 0) {
    return makeAction(cmd, ctx, {
      operation: 'interactive session',
      effect: 'unknown',
      rule: `${PACK}.interactive`,
      targets: [target(baseId(conn), 'change', 'database', conn)],
      context: { where: whereOf(conn) },
      notes: [...notes, 'no inline SQL: the session runs whatever is typed or piped in'],
    });
  }
  const effect = worstEffect(effects);
  const targets = dedupe(statements.flatMap((s) => statementTargets(s.conn, s.stmt)));
  // A bare `SELECT 1` or `USE db` adds nothing next to the objects other statements name.
  if (targets.length > 1) {
    const specific = targets.filter((t) => !(t.change === 'read' && t.kind === 'database'));
    if (specific.length > 0) targets.splice(0, targets.length, ...specific);
  }
  const hiddenOnly = statements.length === 0;
  if (hiddenOnly) targets.push(target(baseId(conn), 'change', 'database', conn));
  const verbs = [...new Set(statements.map((s) => s.stmt.verb))];
  const operation = verbs.length === 0 ? 'run SQL file' : verbs.length > 4 ? `${verbs.slice(0, 4).join('; ')}; …` : verbs.join('; ');
  const bulk = statements.some((s) => s.stmt.bulk && s.stmt.effect === 'destroy');
  const rule = hiddenOnly ? `${PACK}.sql-hidden` : bulk && effect === 'destroy' ? `${PACK}.sql-bulk` : `${PACK}.sql-${effect}`;
  return makeAction(cmd, ctx, {
    operation,
    effect,
    rule,
    targets,
    context: { where: whereOf(conn) },
    notes: [...new Set(notes)],
  });
}

function simple(cmd: SimpleCommand, ctx: AnalysisContext, conn: Connection | undefined, operation: string, effect: Effect, rule: string, notes: string[] = [], targets?: Target[]): Action {
  return makeAction(cmd, ctx, {
    operation,
    effect,
    rule: `${PACK}.${rule}`,
    targets: targets ?? [],
    context: conn ? { where: whereOf(conn) } : {},
    notes: conn ? [...conn.notes, ...notes] : notes,
  });
}

function isHelp(p: ReturnType<typeof parseArgv>): string | undefined {
  if (has(p, '--help', '-?')) return '--help';
  if (has(p, '--version', '-V')) return '--version';
  return undefined;
}

function stdinSource(cmd: SimpleCommand): SqlSource | undefined {
  const input = cmd.redirects.find((r) => r.operator === '<' || r.operator === '<<' || r.operator === '<<<');
  if (!input) return undefined;
  return { hidden: input.operator === '<' ? `stdin (${input.target.value})` : 'stdin' };
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

const PG_CONN_OPTS = ['-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname'];

/** host/port/user/database for a libpq client, in libpq's order: flags, then the conn string, then PG* variables. */
function pgConnection(cmd: SimpleCommand, ctx: AnalysisContext, p: ReturnType<typeof parseArgv>, dbWord: Word | undefined, userWord?: Word): Connection {
  const env = envOf(cmd, ctx);
  const unresolved: string[] = [];
  const notes: string[] = [];
  let host: string | undefined;
  let port: string | undefined;
  let database: string | undefined;
  let user: string | undefined;
  const db = resolveWord(cmd, ctx, dbWord);
  if (db.dynamic) {
    unresolved.push('host', 'database');
    notes.push(`connection from ${db.value}: known only at run time`);
  } else if (db.value !== undefined) {
    const parts = parseUri(db.value) ?? parseConninfo(db.value);
    if (parts) ({ host, port, database, user } = parts);
    else database = db.value;
  }
  const flag = (names: string[], part: string): string | undefined => {
    const w = optionValue(p, ...names);
    if (!w) return undefined;
    const r = resolveWord(cmd, ctx, w);
    if (r.dynamic) unresolved.push(part);
    return r.value;
  };
  host = flag(['-h', '--host'], 'host') ?? host ?? env.PGHOST;
  port = flag(['-p', '--port'], 'port') ?? port ?? env.PGPORT;
  user = flag(['-U', '--username'], 'user') ?? userWord?.value ?? user ?? env.PGUSER ?? env.USER;
  database = database ?? env.PGDATABASE ?? user;
  if (env.PGSERVICE && !host) {
    unresolved.push('host');
    notes.push(`connection service ${env.PGSERVICE} from pg_service.conf`);
  }
  if (!database) unresolved.push('database');
  return {
    engine: 'postgres',
    host: db.dynamic ? 'unknown' : hostName(host),
    database: db.dynamic ? 'unknown' : database ?? 'default',
    port,
    unresolved: [...new Set(unresolved)],
    notes,
  };
}

const PSQL_VALUE_OPTS = [
  ...PG_CONN_OPTS, '-c', '--command', '-f', '--file', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file',
  '-P', '--pset', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr',
];

/** Values of the wanted options in the order written, reading argv the way parseArgv does (`-Atc SQL`, `--file=x`). */
function orderedOptions(args: readonly Word[], withValue: readonly string[], wanted: readonly string[]): Array<{ name: string; value?: Word }> {
  const out: Array<{ name: string; value?: Word }> = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const a = w.value;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const value = eq > 0 ? { value: a.slice(eq + 1), dynamic: w.dynamic } : withValue.includes(a) ? args[++i] : undefined;
      if (wanted.includes(name)) out.push({ name, value });
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const name = '-' + a[j];
        if (!withValue.includes(name)) continue;
        const glued = a.slice(j + 1);
        const value = glued ? { value: glued, dynamic: w.dynamic } : args[++i];
        if (wanted.includes(name)) out.push({ name, value });
        break;
      }
    }
  }
  return out;
}

function psql(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, { withValue: PSQL_VALUE_OPTS });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const dbWord = optionValue(p, '-d', '--dbname') ?? p.positionals[0];
  const userWord = optionValue(p, '-d', '--dbname') ? p.positionals[0] : p.positionals[1];
  const conn = pgConnection(cmd, ctx, p, dbWord, userWord);
  if (has(p, '-l', '--list')) return simple(cmd, ctx, conn, '--list', 'read', 'list', [], [target(`db://postgres/${conn.host}`, 'read', 'database server', conn)]);
  // -c and -f run in the order given; each is one source.
  const sources: SqlSource[] = orderedOptions(cmd.args, PSQL_VALUE_OPTS, ['-c', '--command', '-f', '--file']).map(({ name, value }) =>
    name === '-c' || name === '--command' ? sqlOf(value) : { hidden: fileName(value) },
  );
  if (sources.length === 0) {
    const stdin = stdinSource(cmd);
    if (stdin) sources.push(stdin);
  }
  const notes = has(p, '-1', '--single-transaction') ? ['--single-transaction: all statements commit or roll back together'] : [];
  return sqlAction(cmd, ctx, conn, sources, 'postgres', notes);
}

function sqlOf(w: Word | undefined): SqlSource {
  if (!w) return { hidden: 'a missing -c value' };
  return { sql: w.value, dynamic: w.dynamic };
}

function fileName(w: Word | undefined): string {
  if (!w || w.value === '-') return 'stdin';
  return `file ${w.value}`;
}

function pgAdmin(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, {
    withValue: [
      ...PG_CONN_OPTS, '--maintenance-db', '-O', '--owner', '-T', '--template', '-E', '--encoding', '-l', '--locale', '-D',
      '--tablespace', '-S', '--strategy', '--lc-collate', '--lc-ctype', '--icu-locale', '--icu-rules', '--locale-provider',
      '-c', '--connection-limit', '-g', '--role', '--member-of', '-a', '--with-admin', '-m', '--with-member', '--valid-until',
    ],
  });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const conn = pgConnection(cmd, ctx, p, optionValue(p, '--maintenance-db'));
  const nameWord = p.positionals[0];
  const name = nameWord?.value;
  const unresolved = nameWord?.dynamic ? ['name'] : name === undefined ? ['name'] : undefined;
  const notes: string[] = [];
  if (has(p, '-f', '--force') && cmd.tool === 'dropdb') notes.push('--force terminates existing connections first');
  if (has(p, '-i', '--interactive')) notes.push('--interactive: the tool asks before dropping');
  switch (cmd.tool) {
    case 'dropdb':
      return simple(cmd, ctx, conn, 'dropdb', 'destroy', 'dropdb', notes, [
        { id: `db://postgres/${conn.host}/${name ?? 'unknown'}`, change: 'destroy', kind: 'database', many: true, ...(unresolved ? { unresolved } : {}) },
      ]);
    case 'createdb': {
      const db = name ?? conn.database;
      return simple(cmd, ctx, conn, 'createdb', 'write', 'createdb', notes, [
        { id: `db://postgres/${conn.host}/${db}`, change: 'create', kind: 'database', ...(nameWord?.dynamic ? { unresolved: ['name'] } : {}) },
      ]);
    }
    case 'dropuser':
      return simple(cmd, ctx, conn, 'dropuser', 'destroy', 'dropuser', notes, [
        { id: `db://postgres/${conn.host}/@roles/${name ?? 'unknown'}`, change: 'destroy', kind: 'role', ...(unresolved ? { unresolved } : {}) },
      ]);
    default:
      return simple(cmd, ctx, conn, 'createuser', 'write', 'createuser', notes, [
        { id: `db://postgres/${conn.host}/@roles/${name ?? 'unknown'}`, change: 'create', kind: 'role', ...(unresolved ? { unresolved } : {}) },
      ]);
  }
}

function pgDump(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, {
    withValue: [
      ...PG_CONN_OPTS, '-f', '--file', '-F', '--format', '-j', '--jobs', '-n', '--schema', '-N', '--exclude-schema', '-t', '--table',
      '-T', '--exclude-table', '-Z', '--compress', '--role', '-E', '--encoding', '--section', '-S', '--superuser',
      '--lock-wait-timeout', '--exclude-table-data', '--extra-float-digits', '--rows-per-insert', '--filter', '-e', '--extension',
      '-l', '--database', '--exclude-database',
    ],
  });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const all = cmd.tool === 'pg_dumpall';
  const conn = pgConnection(cmd, ctx, p, all ? optionValue(p, '-d', '--dbname') : optionValue(p, '-d', '--dbname') ?? p.positionals[0]);
  const out = optionValue(p, '-f', '--file');
  const notes = [out ? `writes the dump to ${resolvePath(ctx, out.value)}` : 'writes the dump to stdout'];
  const t = all ? target(`db://postgres/${conn.host}`, 'read', 'database server', conn, { many: true }) : target(baseId(conn), 'read', 'database', conn);
  return simple(cmd, ctx, conn, cmd.tool, 'read', 'dump', notes, [t]);
}

function pgRestore(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, {
    withValue: [
      ...PG_CONN_OPTS, '-f', '--file', '-F', '--format', '-I', '--index', '-j', '--jobs', '-L', '--use-list', '-n', '--schema',
      '-N', '--exclude-schema', '-P', '--function', '-T', '--trigger', '-t', '--table', '-S', '--superuser', '--role', '--section',
      '--filter', '--exclude-database',
    ],
  });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const archive = p.positionals[0]?.value ?? 'stdin';
  if (has(p, '-l', '--list')) return simple(cmd, ctx, undefined, 'pg_restore --list', 'read', 'restore-list', [`lists the contents of ${archive}`]);
  const dbWord = optionValue(p, '-d', '--dbname');
  if (!dbWord) {
    const out = optionValue(p, '-f', '--file');
    return simple(cmd, ctx, undefined, 'pg_restore', 'read', 'restore-script', [`prints the archive ${archive} as SQL${out ? ` to ${out.value}` : ''}: no database is touched`]);
  }
  const conn = pgConnection(cmd, ctx, p, dbWord);
  const clean = has(p, '-c', '--clean');
  const create = has(p, '-C', '--create');
  const notes = [`restores from ${archive}`];
  if (create) notes.push('--create: the archive names the database to create; -d is only where to connect first');
  if (clean) {
    notes.push('--clean drops database objects before recreating them');
    return simple(cmd, ctx, conn, 'pg_restore --clean', 'destroy', 'restore-clean', notes, [target(baseId(conn), 'destroy', 'database', conn, { many: true })]);
  }
  return simple(cmd, ctx, conn, 'pg_restore', 'write', 'restore', notes, [target(baseId(conn), 'change', 'database', conn)]);
}

// ---------------------------------------------------------------------------------------------------
// MySQL / MariaDB

const MYSQL_CONN_OPTS = [
  '-h', '--host', '-u', '--user', '-P', '--port', '-S', '--socket', '-D', '--database', '--defaults-file', '--defaults-extra-file',
  '--login-path', '--protocol', '--default-character-set', '--ssl-ca', '--ssl-cert', '--ssl-key', '--ssl-mode', '--plugin-dir',
  '--default-auth', '--tee', '--pager', '--init-command', '--connect-timeout', '--max-allowed-packet', '--net-buffer-length',
];

/** `-pSECRET` / `--password=SECRET` carry a password glued on; drop them before anything reads argv. */
function withoutPasswords(args: readonly Word[]): Word[] {
  return args.filter((w) => !(/^-p/.test(w.value) || /^--password(=|$)/.test(w.value)));
}

function mysqlConnection(cmd: SimpleCommand, ctx: AnalysisContext, p: ReturnType<typeof parseArgv>, dbWord: Word | undefined): Connection {
  const env = envOf(cmd, ctx);
  const unresolved: string[] = [];
  const notes: string[] = [];
  const hostWord = optionValue(p, '-h', '--host');
  if (hostWord?.dynamic) unresolved.push('host');
  const host = hostWord?.value ?? env.MYSQL_HOST;
  if (!host && optionValue(p, '--defaults-file', '--defaults-extra-file', '--login-path')) {
    unresolved.push('host');
    notes.push('host comes from an option file the analyzer cannot read');
  }
  if (dbWord?.dynamic) unresolved.push('database');
  if (!dbWord) unresolved.push('database');
  const port = optionValue(p, '-P', '--port')?.value ?? env.MYSQL_TCP_PORT;
  const h = host === 'localhost' && !port ? 'local' : hostName(host);
  return { engine: 'mysql', host: h, database: dbWord?.value ?? 'default', port, unresolved, notes };
}

function mysql(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const args = withoutPasswords(cmd.args);
  const p = parseArgv(args, { withValue: [...MYSQL_CONN_OPTS, '-e', '--execute'] });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const conn = mysqlConnection(cmd, ctx, p, optionValue(p, '-D', '--database') ?? p.positionals[0]);
  const sources: SqlSource[] = [];
  for (const w of optionValues(p, '--init-command')) sources.push({ sql: w.value, dynamic: w.dynamic });
  for (const w of optionValues(p, '-e', '--execute')) sources.push({ sql: w.value, dynamic: w.dynamic });
  if (optionValues(p, '-e', '--execute').length === 0) {
    // Without -e the client reads statements from stdin or the terminal.
    const stdin = stdinSource(cmd);
    if (stdin) sources.push(stdin);
    else if (sources.length > 0) sources.push({ hidden: 'an interactive session' });
  }
  const notes = has(p, '-f', '--force') ? ['--force: keeps going after errors'] : [];
  return sqlAction(cmd, ctx, conn, sources, 'mysql', notes);
}

function mysqldump(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(withoutPasswords(cmd.args), { withValue: [...MYSQL_CONN_OPTS, '-r', '--result-file', '-w', '--where', '--ignore-table'] });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const all = has(p, '-A', '--all-databases');
  const listed = has(p, '-B', '--databases');
  const conn = mysqlConnection(cmd, ctx, p, p.positionals[0]);
  const out = optionValue(p, '-r', '--result-file');
  const notes = [out ? `writes the dump to ${resolvePath(ctx, out.value)}` : 'writes the dump to stdout'];
  let targets: Target[];
  if (all) targets = [target(`db://mysql/${conn.host}`, 'read', 'database server', conn, { many: true })];
  else if (listed) targets = p.positionals.map((w) => target(`db://mysql/${conn.host}/${w.value}`, 'read', 'database', conn));
  else if (p.positionals.length > 1) targets = p.positionals.slice(1).map((w) => target(`${baseId(conn)}/${w.value}`, 'read', 'table', conn));
  else targets = [target(baseId(conn), 'read', 'database', conn)];
  return simple(cmd, ctx, conn, cmd.tool, 'read', 'dump', notes, targets);
}

const MYSQLADMIN_READ = new Set(['status', 'extended-status', 'ping', 'processlist', 'variables', 'version']);
const MYSQLADMIN_WRITE = new Set([
  'flush-hosts', 'flush-logs', 'flush-privileges', 'flush-status', 'flush-tables', 'flush-threads', 'flush-binary-log',
  'flush-engine-log', 'flush-error-log', 'flush-general-log', 'flush-relay-log', 'flush-slow-log', 'reload', 'refresh',
  'start-slave', 'stop-slave', 'start-replica', 'stop-replica', 'debug', 'old-password', 'password', 'kill', 'shutdown',
]);

function mysqladmin(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(withoutPasswords(cmd.args), { withValue: [...MYSQL_CONN_OPTS, '-i', '--sleep', '-c', '--count', '--shutdown-timeout'] });
  const help = isHelp(p);
  if (help) return simple(cmd, ctx, undefined, help, 'read', 'help');
  const conn = mysqlConnection(cmd, ctx, p, undefined);
  conn.unresolved = conn.unresolved.filter((u) => u !== 'database');
  const words = p.positionals;
  if (words.length === 0) return simple(cmd, ctx, conn, 'mysqladmin', 'read', 'mysqladmin-usage', ['no command: prints usage']);
  const effects: Effect[] = [];
  const ops: string[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const c = words[i].value.toLowerCase();
    ops.push(c);
    if (c === 'drop' || c === 'create') {
      const db = words[++i];
      const name = db?.value ?? 'unknown';
      effects.push(c === 'drop' ? 'destroy' : 'write');
      targets.push({
        id: `db://mysql/${conn.host}/${name}`,
        change: c === 'drop' ? 'destroy' : 'create',
        kind: 'database',
        ...(c === 'drop' ? { many: true } : {}),
        ...(db?.dynamic || !db ? { unresolved: ['name'] } : {}),
      });
    } else if (MYSQLADMIN_READ.has(c)) effects.push('read');
    else if (MYSQLADMIN_WRITE.has(c)) {
      effects.push('write');
      if (c === 'kill' || c === 'password' || c === 'old-password') i++;
      if (c === 'shutdown') notes.push('shutdown stops the database server');
    } else {
      effects.push('unknown');
      notes.push(`unrecognised mysqladmin command ${c}`);
    }
  }
  if (has(p, '-f', '--force')) notes.push('--force: drops without asking');
  const effect = worstEffect(effects as Array<'read' | 'write' | 'destroy' | 'unknown'>);
  if (targets.length === 0) targets.push(target(`db://mysql/${conn.host}`, changeOf(effect), 'database server', conn));
  return simple(cmd, ctx, conn, ops.join(' '), effect, `mysqladmin-${effect}`, notes, targets);
}

// ---------------------------------------------------------------------------------------------------
// SQLite

/** sqlite3 spells long options with one dash or two; these take a value. */
const SQLITE_VALUE_OPTS = new Set(['cmd', 'init', 'separator', 'newline', 'nullvalue', 'vfs', 'pagecache', 'lookaside', 'maxsize', 'mmap', 'heap', 'escape', 'nonce', 'A']);

function sqlite(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const positionals: Word[] = [];
  const options = new Map<string, Word[]>();
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i];
    const m = /^--?([A-Za-z][\w-]*)$/.exec(w.value);
    if (m && positionals.length < 2) {
      const name = m[1];
      const list = options.get(name) ?? [];
      if (SQLITE_VALUE_OPTS.has(name) && i + 1 < cmd.args.length) list.push(cmd.args[++i]);
      options.set(name, list);
    } else positionals.push(w);
  }
  if (options.has('help')) return simple(cmd, ctx, undefined, '--help', 'read', 'help');
  if (options.has('version')) return simple(cmd, ctx, undefined, '--version', 'read', 'help');
  const [fileWord, ...sqlWords] = positionals;
  const notes: string[] = [];
  let file = fileWord?.value ?? ':memory:';
  let readonly = options.has('readonly');
  if (file.startsWith('file:')) {
    const [path, query = ''] = file.slice(5).split('?');
    if (/(^|&)mode=ro(&|$)/.test(query) || /(^|&)immutable=1(&|$)/.test(query)) readonly = true;
    file = path || ':memory:';
  }
  const memory = file === ':memory:' || file === '';
  const unresolved = fileWord?.dynamic ? ['path'] : [];
  const database = memory ? ':memory:' : resolvePath(ctx, file).replace(/^\//, '');
  const conn: Connection = { engine: 'sqlite', host: 'local', database, unresolved, notes: [] };
  if (options.has('A')) return simple(cmd, ctx, conn, 'archive', 'unknown', 'sqlite-archive', ['-A archive mode reads and writes files inside the database']);
  const sources: SqlSource[] = [];
  if (options.has('init')) sources.push({ hidden: `init file ${options.get('init')![0]?.value ?? ''}`.trim() });
  for (const w of options.get('cmd') ?? []) sources.push({ sql: w.value, dynamic: w.dynamic });
  for (const w of sqlWords) sources.push({ sql: w.value, dynamic: w.dynamic });
  if (sqlWords.length === 0) {
    // No trailing SQL: after any -cmd the shell reads statements from stdin or the terminal.
    const stdin = stdinSource(cmd);
    if (stdin) sources.push(stdin);
    else if (sources.length > 0) sources.push({ hidden: 'an interactive session' });
  }
  const action = sqlAction(cmd, ctx, conn, sources, 'sqlite', notes);
  if (memory && (action.effect === 'write' || action.effect === 'destroy') && !/\bATTACH\b|\.(open|restore|backup|save)\b/i.test(sources.map((s) => s.sql ?? '').join(' '))) {
    return { ...action, effect: 'read', rule: `${PACK}.sqlite-memory`, notes: [...action.notes, 'in-memory database: nothing persists after the command'] };
  }
  if (readonly && (action.effect === 'write' || action.effect === 'destroy')) {
    return { ...action, effect: 'read', rule: `${PACK}.sqlite-readonly`, notes: [...action.notes, 'opened read-only: writes fail'] };
  }
  return action;
}
