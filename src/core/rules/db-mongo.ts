/**
 * mongosh / mongo: the connection from the address or flags, and what `--eval` JavaScript does, judged
 * by the shell methods it calls. Any call the pack does not know makes the script `unknown`.
 */
import type { Action, AnalysisContext, Effect, Target } from '../model';
import type { SimpleCommand, Word } from '../shell/command';
import { has, makeAction, optionValue, optionValues, parseArgv } from './support';
import { worstEffect } from './sql';
import { baseId, type Connection, hostName, parseUri, resolveWord, whereOf } from './db-connection';

const DESTROY = new Set([
  'dropDatabase', 'drop', 'deleteMany', 'deleteOne', 'remove', 'findOneAndDelete', 'dropIndex', 'dropIndexes', 'dropUser',
  'dropAllUsers', 'dropRole', 'dropAllRoles', 'dropSearchIndex',
]);
const WRITE = new Set([
  'insert', 'insertOne', 'insertMany', 'update', 'updateOne', 'updateMany', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace',
  'findAndModify', 'save', 'bulkWrite', 'createCollection', 'createIndex', 'createIndexes', 'ensureIndex', 'createView',
  'createUser', 'updateUser', 'changeUserPassword', 'grantRolesToUser', 'revokeRolesFromUser', 'createRole', 'updateRole',
  'grantPrivilegesToRole', 'revokePrivilegesFromRole', 'renameCollection', 'setProfilingLevel', 'shutdownServer', 'fsyncLock',
  'fsyncUnlock', 'killOp', 'compact', 'reIndex', 'enableSharding', 'shardCollection', 'initiate', 'reconfig', 'add',
  'stepDown', 'createSearchIndex', 'updateSearchIndex', 'setLogLevel', 'hideIndex', 'unhideIndex', 'convertToCapped',
]);
/** Shell methods and plain JavaScript that only read or format. */
const READ = new Set([
  'find', 'findOne', 'count', 'countDocuments', 'estimatedDocumentCount', 'aggregate', 'distinct', 'getCollectionNames',
  'getCollectionInfos', 'listCollections', 'getCollection', 'getSiblingDB', 'getMongo', 'getName', 'getDB', 'getDBs', 'getDBNames',
  'stats', 'dataSize', 'storageSize', 'totalIndexSize', 'totalSize', 'explain', 'getIndexes', 'getIndexKeys', 'getIndexSpecs',
  'serverStatus', 'hostInfo', 'version', 'hello', 'isMaster', 'status', 'conf', 'config', 'printReplicationInfo',
  'printSecondaryReplicationInfo', 'getReplicationInfo', 'getUsers', 'getUser', 'getRoles', 'getRole', 'currentOp',
  'getProfilingStatus', 'getProfilingLevel', 'serverBuildInfo', 'serverCmdLineOpts', 'isCapped', 'latencyStats', 'watch',
  'print', 'printjson', 'toArray', 'forEach', 'map', 'filter', 'limit', 'sort', 'skip', 'project', 'projection', 'pretty',
  'itcount', 'size', 'hasNext', 'next', 'toString', 'stringify', 'parse', 'log', 'tojson', 'keys', 'values', 'entries',
  'batchSize', 'maxTimeMS', 'hint', 'collation', 'comment', 'readPref', 'allowDiskUse', 'isExhausted', 'reduce', 'join',
  'includes', 'slice', 'toFixed', 'getTime', 'ObjectId', 'ISODate', 'Date', 'Number', 'String', 'Boolean', 'parseInt',
  'parseFloat', 'NumberLong', 'NumberInt', 'NumberDecimal', 'UUID', 'sleep', 'ping', 'push', 'getShardDistribution',
  'EJSON', 'JSON', 'now', 'sum', 'max', 'min', 'length', 'getCollectionStats', 'runningQueries',
]);
const SYNTAX = new Set(['function', 'if', 'for', 'while', 'switch', 'catch', 'return', 'typeof', 'new', 'await', 'async']);
/** Reads whose commands can still write or run arbitrary code. */
const RUNS_CODE = new Set(['runCommand', 'adminCommand', 'eval', 'load', 'exec', 'require', 'mapReduce', 'runCursorCommand', 'Function']);

export function analyzeMongo(cmd: SimpleCommand, ctx: AnalysisContext): Action {
  // -p/--password may be given bare (prompt) or with a value; never let a value reach anything else.
  const args: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i].value;
    if (a === '-p' || a === '--password') {
      const next = cmd.args[i + 1];
      if (next && !next.value.startsWith('-') && !next.value.includes('://') && !/\.js$/.test(next.value)) i++;
      continue;
    }
    if (a.startsWith('--password=')) continue;
    args.push(cmd.args[i]);
  }
  const p = parseArgv(args, {
    withValue: [
      '--eval', '-f', '--file', '--host', '--port', '-u', '--username', '--authenticationDatabase', '--authenticationMechanism',
      '--apiVersion', '--tlsCAFile', '--tlsCertificateKeyFile', '--tlsCertificateKeyFilePassword', '--tlsCRLFile',
      '--awsAccessKeyId', '--awsSecretAccessKey', '--awsSessionToken', '--gssapiServiceName', '--cryptSharedLibPath',
      '--keyVaultNamespace', '--kmsURL', '--sspiHostnameCanonicalization', '--sspiRealmOverride',
    ],
  });
  if (has(p, '--help', '-h')) return makeAction(cmd, ctx, { operation: '--help', effect: 'read', rule: 'databases.help' });
  if (has(p, '--version')) return makeAction(cmd, ctx, { operation: '--version', effect: 'read', rule: 'databases.help' });
  const scripts = [...optionValues(p, '-f', '--file'), ...p.positionals.filter((w) => /\.js$/.test(w.value))];
  const address = p.positionals.find((w) => !/\.js$/.test(w.value));
  const conn = mongoConnection(cmd, ctx, address, optionValue(p, '--host'), optionValue(p, '--port'));
  const evals = optionValues(p, '--eval');
  const context = { where: whereOf(conn) };
  const base = baseId(conn);
  const unresolved = conn.unresolved.length > 0 ? { unresolved: conn.unresolved } : {};
  if (has(p, '--nodb') && evals.length === 0 && scripts.length === 0) {
    return makeAction(cmd, ctx, { operation: '--nodb', effect: 'unknown', rule: 'databases.interactive', context, notes: ['an interactive shell without a connection'] });
  }
  if (evals.length === 0 && scripts.length === 0) {
    return makeAction(cmd, ctx, {
      operation: 'interactive session',
      effect: 'unknown',
      rule: 'databases.interactive',
      targets: [{ id: base, change: 'change', kind: 'database', ...unresolved }],
      context,
      notes: [...conn.notes, 'no --eval: the shell runs whatever is typed or piped in'],
    });
  }
  const effects: Effect[] = [];
  const targets: Target[] = [];
  const notes = [...conn.notes];
  const ops: string[] = [];
  for (const w of evals) {
    if (w.dynamic) {
      effects.push('unknown');
      notes.push('--eval script is only known at run time');
    }
    const r = classifyScript(w.value, conn);
    effects.push(r.effect);
    ops.push(...r.ops);
    notes.push(...r.notes);
    targets.push(...r.targets.map((t) => ({ ...t, ...unresolved })));
  }
  for (const s of scripts) {
    effects.push('unknown');
    notes.push(`runs the script ${s.value}: not visible to the analyzer`);
  }
  const effect = worstEffect(effects);
  if (targets.length === 0) targets.push({ id: base, change: effect === 'read' ? 'read' : effect === 'destroy' ? 'destroy' : 'change', kind: 'database', ...unresolved });
  if (has(p, '--shell')) notes.push('--shell: stays interactive after the script');
  const operation = [...new Set(ops)].join('; ') || (scripts.length > 0 ? 'run script' : 'eval');
  return makeAction(cmd, ctx, {
    operation,
    effect: has(p, '--shell') ? worstEffect([effect, 'unknown']) : effect,
    rule: `databases.mongo-${effect}`,
    targets,
    context,
    notes: [...new Set(notes)],
  });
}

function mongoConnection(cmd: SimpleCommand, ctx: AnalysisContext, address: Word | undefined, hostWord: Word | undefined, portWord: Word | undefined): Connection {
  const unresolved: string[] = [];
  const notes: string[] = [];
  let host: string | undefined;
  let port: string | undefined;
  let database: string | undefined;
  const a = resolveWord(cmd, ctx, address);
  if (a.dynamic) {
    unresolved.push('host', 'database');
    notes.push(`connection from ${a.value}: known only at run time`);
  } else if (a.value !== undefined) {
    const uri = parseUri(a.value);
    if (uri) ({ host, port, database } = uri);
    else if (a.value.includes('/')) {
      const [h, db] = a.value.split('/');
      [host, port] = h.split(':');
      database = db || undefined;
    } else if (/[.:]/.test(a.value)) [host, port] = a.value.split(':');
    else database = a.value;
  }
  if (hostWord) {
    const h = resolveWord(cmd, ctx, hostWord);
    if (h.dynamic) unresolved.push('host');
    const uri = h.value ? parseUri(h.value) : undefined;
    host = uri?.host ?? h.value?.replace(/^[^/]*\//, '');
  }
  port = portWord?.value ?? port;
  const isLocal = !host || host === 'localhost' || host === '127.0.0.1';
  return {
    engine: 'mongodb',
    host: a.dynamic ? 'unknown' : isLocal && !portWord ? 'local' : hostName(host),
    database: a.dynamic ? 'unknown' : database ?? 'test',
    port,
    unresolved,
    notes,
  };
}

interface ScriptResult {
  effect: Effect;
  ops: string[];
  targets: Target[];
  notes: string[];
}

/** What a mongosh script does, from the methods it calls; `db.<coll>.<method>(` also names the collection. */
export function classifyScript(js: string, conn: Connection): ScriptResult {
  const effects: Effect[] = [];
  const ops: string[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  const base = baseId(conn);
  // Shell helpers: `show dbs`, `use app`.
  for (const line of js.split(/[;\n]/)) {
    const m = /^\s*(show|use)\s+(\S+)/.exec(line);
    if (m) {
      effects.push('read');
      ops.push(`${m[1]} ${m[2]}`);
    }
  }
  const body = js.replace(/^\s*(show|use)\s+\S+\s*$/gm, '');
  const strippedStrings = body.replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '""');
  const calls = [...strippedStrings.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]);
  for (const c of calls) {
    if (SYNTAX.has(c)) continue;
    if (DESTROY.has(c)) effects.push('destroy');
    else if (WRITE.has(c)) effects.push('write');
    else if (RUNS_CODE.has(c)) {
      effects.push('unknown');
      notes.push(`${c}() can run any server command`);
    } else if (READ.has(c)) effects.push('read');
    else {
      effects.push('unknown');
      notes.push(`unrecognised call ${c}()`);
    }
    if (DESTROY.has(c) || WRITE.has(c) || RUNS_CODE.has(c)) ops.push(c);
  }
  if (/\$out\b|\$merge\b/.test(body)) {
    effects.push('write');
    ops.push('aggregate $out/$merge');
    notes.push('$out/$merge write the pipeline result into a collection');
  }
  // Targets: db.coll.method(...), db.getCollection('coll').method(...), [db.getSiblingDB('x').]dropDatabase().
  const re = /db\.(?:getSiblingDB\(\s*['"]([^'"]+)['"]\s*\)\.)?(?:getCollection\(\s*['"]([^'"]+)['"]\s*\)\.|([A-Za-z_][\w]*)\.)?(\w+)\s*\(\s*([^)]*)\)/g;
  const readOps: string[] = [];
  for (const m of body.matchAll(re)) {
    const [, sibling, quoted, plain, method, argText] = m;
    const dbBase = sibling ? `db://mongodb/${conn.host}/${sibling}` : base;
    const coll = quoted ?? plain;
    if (READ.has(method) && !['print', 'printjson', 'toArray', 'forEach', 'map', 'pretty'].includes(method)) readOps.push(method);
    if (method === 'dropDatabase' && !coll) {
      targets.push({ id: dbBase, change: 'destroy', kind: 'database', many: true });
      continue;
    }
    if (!coll || ['getSiblingDB', 'getCollection'].includes(coll)) continue;
    const id = `${dbBase}/${coll}`;
    if (DESTROY.has(method)) {
      const emptyFilter = /^\s*(\{\s*\})?\s*$/.test(argText) && ['deleteMany', 'remove'].includes(method);
      targets.push({ id, change: 'destroy', kind: 'collection', ...(emptyFilter || method === 'drop' ? { many: true } : {}) });
      if (emptyFilter) notes.push(`${method} with an empty filter removes every document`);
    } else if (WRITE.has(method)) targets.push({ id, change: method.startsWith('create') ? 'create' : 'change', kind: 'collection' });
    else if (READ.has(method)) targets.push({ id, change: 'read', kind: 'collection' });
  }
  if (effects.length === 0) effects.push('unknown');
  return { effect: worstEffect(effects), ops: ops.length > 0 ? ops : readOps, targets: dedupeTargets(targets), notes };
}

function dedupeTargets(ts: Target[]): Target[] {
  const seen = new Set<string>();
  return ts.filter((t) => {
    const k = `${t.id}\u0000${t.change}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
