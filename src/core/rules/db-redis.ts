/**
 * redis-cli: the server from -h/-p/-n/-u, and what the one command on the line does to which keys.
 * No command means an interactive session (or `--pipe`d commands), which the pack cannot see.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { has, makeAction, optionValue, parseArgv } from './support';
import { type Connection, hostName, parseUri, whereOf } from './db-connection';

/** Which arguments name keys: the first, all of them, every other one (MSET k v k v), or none. */
type Keys = 'first' | 'all' | 'pairs' | 'none';
interface RedisRule {
  effect: Effect;
  keys: Keys;
  /** Affects every key of the database or server. */
  many?: 'db' | 'server';
  note?: string;
}

function table(effect: Effect, keys: Keys, names: string): Record<string, RedisRule> {
  return Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, { effect, keys }]));
}

const COMMANDS: Record<string, RedisRule> = {
  ...table('read', 'first', `GET GETRANGE SUBSTR STRLEN TYPE TTL PTTL EXPIRETIME PEXPIRETIME HGET HGETALL HMGET HKEYS HVALS HLEN
    HEXISTS HSTRLEN HRANDFIELD HSCAN LRANGE LLEN LINDEX LPOS SMEMBERS SISMEMBER SMISMEMBER SCARD SRANDMEMBER SSCAN ZRANGE
    ZRANGEBYSCORE ZRANGEBYLEX ZREVRANGE ZREVRANGEBYSCORE ZREVRANGEBYLEX ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT ZRANK ZREVRANK
    ZSCAN ZRANDMEMBER XRANGE XREVRANGE XLEN XPENDING GETBIT BITCOUNT BITPOS BITFIELD_RO GEOPOS GEODIST GEOHASH GEOSEARCH
    GEORADIUS_RO GEORADIUSBYMEMBER_RO DUMP SORT_RO JSON.GET JSON.TYPE JSON.STRLEN JSON.OBJKEYS JSON.OBJLEN JSON.ARRLEN`),
  ...table('read', 'all', 'MGET EXISTS SINTER SUNION SDIFF PFCOUNT TOUCH WATCH'),
  ...table('read', 'none', `KEYS SCAN INFO PING ECHO DBSIZE TIME LASTSAVE MONITOR RANDOMKEY ROLE SELECT AUTH HELLO QUIT COMMAND
    SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE PUBSUB LOLWUT XREAD WAIT WAITAOF READONLY READWRITE MULTI EXEC
    DISCARD UNWATCH XINFO OBJECT MEMORY EVAL_RO EVALSHA_RO FCALL_RO FT.SEARCH FT.INFO FT._LIST FT.AGGREGATE FT.EXPLAIN
    ZUNION ZINTER ZDIFF ZINTERCARD SINTERCARD LCS`),
  ...table('write', 'first', `SET SETNX SETEX PSETEX GETSET GETEX APPEND INCR INCRBY INCRBYFLOAT DECR DECRBY SETRANGE SETBIT
    BITFIELD HSET HSETNX HMSET HINCRBY HINCRBYFLOAT HDEL HEXPIRE HPERSIST LPUSH RPUSH LPUSHX RPUSHX LINSERT LSET LPOP RPOP LREM
    LTRIM LMOVE RPOPLPUSH BLPOP BRPOP BLMOVE BRPOPLPUSH SADD SREM SPOP SMOVE ZADD ZINCRBY ZREM ZREMRANGEBYRANK ZREMRANGEBYSCORE
    ZREMRANGEBYLEX ZPOPMIN ZPOPMAX BZPOPMIN BZPOPMAX XADD XDEL XTRIM XACK XCLAIM XAUTOCLAIM XSETID XREADGROUP PFADD PFMERGE
    GEOADD GEORADIUS GEORADIUSBYMEMBER EXPIRE PEXPIRE EXPIREAT PEXPIREAT PERSIST RENAME RENAMENX RESTORE COPY MOVE SINTERSTORE
    SUNIONSTORE SDIFFSTORE ZUNIONSTORE ZINTERSTORE ZDIFFSTORE ZRANGESTORE GEOSEARCHSTORE SORT JSON.SET JSON.ARRAPPEND
    JSON.ARRINSERT JSON.ARRPOP JSON.ARRTRIM JSON.NUMINCRBY JSON.STRAPPEND JSON.TOGGLE JSON.MERGE JSON.CLEAR JSON.FORGET`),
  ...table('write', 'pairs', 'MSET MSETNX'),
  ...table('write', 'none', 'PUBLISH SPUBLISH SAVE BGSAVE BGREWRITEAOF SWAPDB FAILOVER MIGRATE RESET FT.CREATE FT.ALTER'),
  ...table('destroy', 'all', 'DEL UNLINK'),
  ...table('destroy', 'first', 'GETDEL JSON.DEL'),
  ...table('unknown', 'none', 'EVAL EVALSHA FCALL DEBUG'),
  FLUSHALL: { effect: 'destroy', keys: 'none', many: 'server', note: 'FLUSHALL deletes every key in every database' },
  FLUSHDB: { effect: 'destroy', keys: 'none', many: 'db', note: 'FLUSHDB deletes every key in the database' },
  SHUTDOWN: { effect: 'destroy', keys: 'none', many: 'server', note: 'SHUTDOWN stops the server; with NOSAVE, data since the last save is lost' },
  'FT.DROPINDEX': { effect: 'destroy', keys: 'none' },
};

/** Container commands whose second word decides: CONFIG GET reads, CONFIG SET writes. */
const SUBCOMMANDS: Record<string, { read: string[]; destroy?: string[] }> = {
  CONFIG: { read: ['GET', 'HELP'] },
  CLIENT: { read: ['LIST', 'INFO', 'GETNAME', 'ID', 'GETREDIR', 'TRACKINGINFO', 'HELP', 'SETNAME', 'SETINFO', 'CACHING', 'TRACKING', 'REPLY'] },
  CLUSTER: {
    read: ['INFO', 'NODES', 'SLOTS', 'SHARDS', 'MYID', 'MYSHARDID', 'KEYSLOT', 'COUNTKEYSINSLOT', 'GETKEYSINSLOT', 'LINKS', 'REPLICAS', 'SLAVES', 'COUNT-FAILURE-REPORTS', 'HELP'],
    destroy: ['RESET', 'FLUSHSLOTS'],
  },
  ACL: { read: ['LIST', 'USERS', 'WHOAMI', 'GETUSER', 'CAT', 'LOG', 'GENPASS', 'DRYRUN', 'HELP'], destroy: ['DELUSER'] },
  SCRIPT: { read: ['EXISTS', 'HELP'], destroy: ['FLUSH'] },
  FUNCTION: { read: ['LIST', 'DUMP', 'STATS', 'HELP'], destroy: ['FLUSH', 'DELETE'] },
  SLOWLOG: { read: ['GET', 'LEN', 'HELP'] },
  LATENCY: { read: ['LATEST', 'HISTORY', 'GRAPH', 'DOCTOR', 'HISTOGRAM', 'HELP'] },
  MODULE: { read: ['LIST', 'HELP'] },
  XGROUP: { read: ['HELP'], destroy: ['DESTROY'] },
};

export function analyzeRedis(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  const p = parseArgv(cmd.args, {
    stopAtFirstPositional: true,
    withValue: [
      '-h', '-p', '-s', '-a', '--user', '--pass', '-u', '-n', '-r', '-i', '-d', '-D', '--cacert', '--cacertdir', '--cert', '--key',
      '--sni', '--tls-ciphers', '--tls-ciphersuites', '--pattern', '--count', '--quoted-pattern', '--rdb', '--functions-rdb',
      '--eval', '--memkeys-samples', '--intrinsic-latency', '--lru-test', '--pipe-timeout', '--cluster', '--show-pushes',
    ],
  });
  const conn = redisConnection(p);
  const context = { where: whereOf(conn) };
  const server = `db://redis/${conn.host}`;
  const base = `${server}/${conn.database}`;
  const act = (operation: string, effect: Effect, rule: string, targets: Target[] = [], notes: string[] = []) =>
    makeAction(cmd, ctx, {
      operation,
      effect,
      rule: `databases.redis-${rule}`,
      targets: conn.unresolved.length > 0 ? targets.map((t) => ({ ...t, unresolved: [...new Set([...(t.unresolved ?? []), ...conn.unresolved])] })) : targets,
      context,
      notes,
    });

  if (has(p, '--help')) return act('--help', 'read', 'help');
  if (has(p, '-v', '--version')) return act('--version', 'read', 'help');
  if (has(p, '--scan', '--bigkeys', '--memkeys', '--hotkeys', '--keystats')) {
    const pattern = optionValue(p, '--pattern', '--quoted-pattern')?.value;
    return act(has(p, '--scan') ? '--scan' : 'key statistics', 'read', 'read', [{ id: pattern ? `${base}/${pattern}` : base, change: 'read', kind: 'keys', many: true }]);
  }
  if (has(p, '--stat', '--latency', '--latency-history', '--latency-dist', '--intrinsic-latency')) return act('monitoring', 'read', 'read', [{ id: server, change: 'read', kind: 'redis server' }]);
  if (has(p, '--rdb', '--functions-rdb')) {
    const file = optionValue(p, '--rdb', '--functions-rdb')?.value;
    return act('--rdb', 'read', 'read', [{ id: server, change: 'read', kind: 'redis server' }], [`writes a snapshot to ${file ?? 'a local file'}`]);
  }
  if (has(p, '--pipe')) return act('--pipe', 'unknown', 'pipe', [{ id: base, change: 'change', kind: 'redis database' }], ['--pipe sends commands read from stdin']);
  if (has(p, '--eval')) {
    const file = optionValue(p, '--eval')?.value;
    return act('--eval', 'unknown', 'script', [{ id: base, change: 'change', kind: 'redis database' }], [`runs the Lua script ${file ?? ''}: not visible to the analyzer`.trim()]);
  }
  if (has(p, '--cluster')) return cluster(p, act, server);

  const words = p.positionals;
  if (words.length === 0) {
    return act('interactive session', 'unknown', 'interactive', [{ id: base, change: 'change', kind: 'redis database' }], ['no command: the session runs whatever is typed or piped in']);
  }
  const notes: string[] = [];
  if (has(p, '-x')) notes.push('-x: the last argument is read from stdin');
  if (words[0].dynamic) return act(words[0].value, 'unknown', 'dynamic', [{ id: base, change: 'change', kind: 'redis database' }], ['the command name is only known at run time']);
  const name = words[0].value.toUpperCase();
  const args = words.slice(1);

  const sub = SUBCOMMANDS[name];
  if (sub) {
    const second = args[0]?.value.toUpperCase() ?? '';
    const op = `${name} ${second}`.trim();
    const id = name === 'SCRIPT' || name === 'FUNCTION' || name === 'CONFIG' || name === 'ACL' || name === 'CLUSTER' ? server : base;
    if (sub.read.includes(second)) return act(op, 'read', 'read', [{ id, change: 'read', kind: 'redis server' }]);
    if (sub.destroy?.includes(second)) return act(op, 'destroy', 'destroy', [{ id, change: 'destroy', kind: 'redis server', many: true }], notes);
    return act(op, 'write', 'write', [{ id, change: 'change', kind: 'redis server' }], notes);
  }
  if (name === 'REPLICAOF' || name === 'SLAVEOF') {
    const noOne = args.map((a) => a.value.toUpperCase()).join(' ') === 'NO ONE';
    if (noOne) return act(`${name} NO ONE`, 'write', 'write', [{ id: server, change: 'change', kind: 'redis server' }]);
    return act(name, 'destroy', 'destroy', [{ id: server, change: 'destroy', kind: 'redis server', many: true }], [`${name} replaces this server's data with the primary's`]);
  }
  const rule = COMMANDS[name];
  if (!rule) return act(name, 'unknown', 'unknown', [{ id: base, change: 'change', kind: 'redis database' }], [`unrecognised redis command ${name}`]);
  if (rule.note) notes.push(rule.note);
  if (rule.many === 'server') return act(name, rule.effect, rule.effect, [{ id: server, change: 'destroy', kind: 'redis server', many: true }], notes);
  if (rule.many === 'db') return act(name, rule.effect, rule.effect, [{ id: base, change: 'destroy', kind: 'redis database', many: true }], notes);
  const change = rule.effect === 'read' ? 'read' : rule.effect === 'destroy' ? 'destroy' : 'change';
  let keyWords: Word[] = [];
  if (rule.keys === 'first') keyWords = args.slice(0, 1);
  else if (rule.keys === 'all') keyWords = args;
  else if (rule.keys === 'pairs') keyWords = args.filter((_, i) => i % 2 === 0);
  const targets: Target[] = keyWords.map((k) => ({ id: `${base}/${k.value}`, change, kind: 'key', ...(k.dynamic ? { unresolved: ['key'] } : {}) }));
  if (name === 'KEYS' || name === 'SCAN') {
    const pattern = name === 'KEYS' ? args[0]?.value : args.find((a, i) => args[i - 1]?.value.toUpperCase() === 'MATCH')?.value;
    targets.push({ id: `${base}/${pattern ?? '*'}`, change: 'read', kind: 'keys', many: true });
    if (name === 'KEYS') notes.push('KEYS walks the whole keyspace and can stall a busy server');
  }
  if (targets.length === 0) targets.push({ id: base, change, kind: 'redis database' });
  return act(name, rule.effect, rule.effect, targets, notes);
}

function cluster(p: ReturnType<typeof parseArgv>, act: (op: string, e: Effect, rule: string, t?: Target[], n?: string[]) => Action, server: string): Action {
  const sub = (optionValue(p, '--cluster')?.value ?? '').toLowerCase();
  const op = `--cluster ${sub}`.trim();
  if (['check', 'info', 'help', ''].includes(sub)) return act(op, 'read', 'read', [{ id: server, change: 'read', kind: 'redis cluster' }]);
  if (sub === 'call') return act(op, 'unknown', 'unknown', [{ id: server, change: 'change', kind: 'redis cluster', many: true }], ['runs a command on every node']);
  if (sub === 'del-node') return act(op, 'destroy', 'destroy', [{ id: server, change: 'destroy', kind: 'redis cluster' }]);
  return act(op, 'write', 'write', [{ id: server, change: 'change', kind: 'redis cluster' }]);
}

function redisConnection(p: ReturnType<typeof parseArgv>): Connection {
  const unresolved: string[] = [];
  let host: string | undefined;
  let port: string | undefined;
  let database: string | undefined;
  const uriWord = optionValue(p, '-u');
  if (uriWord) {
    if (uriWord.dynamic) unresolved.push('host');
    const parts = parseUri(uriWord.value);
    if (parts) ({ host, port, database } = parts);
  }
  const h = optionValue(p, '-h');
  if (h) {
    host = h.value;
    if (h.dynamic) unresolved.push('host');
  }
  if (optionValue(p, '-s')) host = undefined;
  port = optionValue(p, '-p')?.value ?? port;
  const n = optionValue(p, '-n');
  database = n?.value ?? database ?? '0';
  if (n?.dynamic) unresolved.push('database');
  const local = !host || host === '127.0.0.1' || host === 'localhost';
  return { engine: 'redis', host: uriWord?.dynamic ? 'unknown' : local ? 'local' : hostName(host), database, port, unresolved, notes: [] };
}
