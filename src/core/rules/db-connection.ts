/**
 * Where a database client connects: engine, host and database, read from flags, connection strings and
 * the environment. Credentials in connection strings are parsed past and never kept.
 */
import type { AnalysisContext } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { envOf } from './support';

export interface Connection {
  /** Protocol family: postgres, mysql (also MariaDB), sqlite, mongodb, redis. */
  engine: string;
  /** Host as written, or `local` for the default socket / no host. */
  host: string;
  /** Database name (a file path for sqlite, a db number for redis). */
  database: string;
  port?: string;
  unresolved: string[];
  notes: string[];
}

export interface ConnParts {
  host?: string;
  port?: string;
  database?: string;
  user?: string;
}

/** `db://engine/host/database`, the base of every target id for a connection. */
export function baseId(c: Connection): string {
  return `db://${c.engine}/${c.host}/${c.database}`;
}

/** Where the connection goes, for the action context: `host:port` (never credentials). */
export function whereOf(c: Connection): string {
  return c.port ? `${c.host}:${c.port}` : c.host;
}

/** The default socket, a socket directory or the loopback spelled as no host at all all mean `local`. */
export function hostName(h: string | undefined): string {
  if (!h || h.startsWith('/') || h.startsWith('@')) return 'local';
  return h;
}

/**
 * A URI (`postgresql://user:pw@host:5432/db?x=y`, `mongodb+srv://...`, `redis://...`) split into parts.
 * The user info is skipped entirely so no password can leak into an id or a note.
 */
export function parseUri(uri: string): ConnParts | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(uri);
  if (!m) return undefined;
  const rest = m[2];
  const q = rest.indexOf('?');
  const beforeQuery = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const at = beforeQuery.lastIndexOf('@');
  const userinfo = at < 0 ? '' : beforeQuery.slice(0, at);
  const hostAndPath = at < 0 ? beforeQuery : beforeQuery.slice(at + 1);
  const slash = hostAndPath.indexOf('/');
  const hostList = slash < 0 ? hostAndPath : hostAndPath.slice(0, slash);
  const path = slash < 0 ? '' : hostAndPath.slice(slash + 1);
  const out: ConnParts = {};
  const user = userinfo.split(':')[0];
  if (user) out.user = decode(user);
  const hosts = hostList.split(',').filter(Boolean).map(splitHostPort);
  if (hosts.length > 0) {
    out.host = hosts.map((h) => h.host).join(',');
    if (hosts.length === 1 && hosts[0].port) out.port = hosts[0].port;
  }
  if (path) out.database = decode(path.split('/')[0]);
  for (const pair of query.split('&')) {
    const [k, v = ''] = pair.split('=');
    if (k === 'host' && v) out.host = decode(v);
    else if (k === 'port' && v) out.port = v;
    else if (k === 'dbname' && v) out.database = decode(v);
  }
  return out;
}

/** libpq keyword/value conninfo: `host=db dbname=app user=x password=y`. */
export function parseConninfo(s: string): ConnParts | undefined {
  if (!/^\s*\w+\s*=/.test(s)) return undefined;
  const out: ConnParts = {};
  const re = /(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const v = m[2].startsWith("'") ? m[2].slice(1, -1) : m[2];
    if (m[1] === 'host' || (m[1] === 'hostaddr' && !out.host)) out.host = v;
    else if (m[1] === 'port') out.port = v;
    else if (m[1] === 'dbname') out.database = v;
    else if (m[1] === 'user') out.user = v;
  }
  return out;
}

function splitHostPort(h: string): { host: string; port?: string } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(h);
  if (v6) return { host: v6[1], port: v6[2] };
  const m = /^(.*):(\d+)$/.exec(h);
  return m ? { host: m[1], port: m[2] } : { host: h };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A word that is exactly one variable reference (`$DATABASE_URL`, `${DATABASE_URL}`) resolved from the
 * environment the command would see; other dynamic words stay unresolved.
 */
export function resolveWord(cmd: SimpleCommand, ctx: AnalysisContext, w: Word | undefined): { value?: string; dynamic: boolean } {
  if (!w) return { dynamic: false };
  if (!w.dynamic) return { value: w.value, dynamic: false };
  const m = /^\$(?:\{(\w+)\}|(\w+))$/.exec(w.value);
  const v = m ? envOf(cmd, ctx)[m[1] ?? m[2]] : undefined;
  return v !== undefined ? { value: v, dynamic: false } : { value: w.value, dynamic: true };
}
