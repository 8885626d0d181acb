import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseRules } from '../../../src/core/rules/databases';
import type { AnalysisContext } from '../../../src/core/model';
import { simpleCommand, testContext } from '../support/command';

interface Want {
  effect: string;
  operation?: string;
  rule?: string;
  /** Exact target ids, in order. */
  targets?: string[];
  /** Some target stands for an open-ended set. */
  many?: boolean;
  where?: string;
  /** A note containing this text. */
  note?: string;
  unresolved?: boolean;
  env?: Record<string, string>;
  assignments?: Record<string, string>;
  stdin?: string;
}

const cases: Array<[line: string, want: Want]> = [
  // psql: everyday reads
  ['psql --version', { effect: 'read', operation: '--version' }],
  ['psql -l', { effect: 'read', operation: '--list', targets: ['db://postgres/local'] }],
  ['psql -h db.example.com --list', { effect: 'read', targets: ['db://postgres/db.example.com'] }],
  ['psql -d app -c "SELECT * FROM users LIMIT 5"', { effect: 'read', operation: 'SELECT', targets: ['db://postgres/local/app'] }],
  ['psql app -c "\\dt"', { effect: 'read', operation: '\\dt' }],
  ['psql -U postgres -c "\\l"', { effect: 'read', targets: ['db://postgres/local/postgres'] }],
  ['psql -h localhost -p 5433 app -c "select 1"', { effect: 'read', targets: ['db://postgres/localhost/app'], where: 'localhost:5433' }],
  ['psql -Atc "select count(*) from orders" app', { effect: 'read', targets: ['db://postgres/local/app'] }],
  ['psql --command="EXPLAIN SELECT 1" app', { effect: 'read', operation: 'EXPLAIN' }],
  // psql: writes and destroys, with targets
  ['psql app -c "INSERT INTO users(name) VALUES (\'x\')"', { effect: 'write', rule: 'databases.sql-write', targets: ['db://postgres/local/app/users'] }],
  ['psql app -c "CREATE TABLE t (id int)"', { effect: 'write', operation: 'CREATE TABLE', targets: ['db://postgres/local/app/t'] }],
  ['psql -d app -c "DROP TABLE users"', { effect: 'destroy', operation: 'DROP TABLE', rule: 'databases.sql-destroy', targets: ['db://postgres/local/app/users'] }],
  ['psql -h prod-db -d shop -c "DELETE FROM orders"', { effect: 'destroy', rule: 'databases.sql-bulk', many: true, targets: ['db://postgres/prod-db/shop/orders'] }],
  ['psql -c "UPDATE users SET role = \'admin\'" app', { effect: 'destroy', many: true, operation: 'UPDATE without WHERE' }],
  ['psql app -c "UPDATE users SET role = \'x\' WHERE id = 7"', { effect: 'write', operation: 'UPDATE' }],
  ['psql app -c "SELECT 1" -c "DROP SCHEMA billing CASCADE"', { effect: 'destroy', operation: 'SELECT; DROP SCHEMA', many: true, targets: ['db://postgres/local/app/billing'] }],
  ['psql -c "DROP DATABASE staging" postgres', { effect: 'destroy', targets: ['db://postgres/local/staging'], many: true }],
  ['psql -c "TRUNCATE events"', { effect: 'destroy', many: true, env: { PGHOST: 'analytics', PGDATABASE: 'warehouse' }, targets: ['db://postgres/analytics/warehouse/events'] }],
  ['psql -c "DROP ROLE bob"', { effect: 'destroy', env: { PGDATABASE: 'app' }, targets: ['db://postgres/local/@roles/bob'] }],
  ['psql app -c "ALTER TABLE users DROP COLUMN email"', { effect: 'destroy', operation: 'ALTER TABLE … DROP COLUMN' }],
  ['psql app -c "\\c other" -c "DROP TABLE t"', { effect: 'destroy', targets: ['db://postgres/local/other/t'] }],
  // psql: connection strings (no password ever in ids or notes)
  ['psql postgresql://admin:s3cret@db.internal:5432/billing -c "DELETE FROM invoices WHERE id = 1"', { effect: 'destroy', targets: ['db://postgres/db.internal/billing/invoices'], where: 'db.internal:5432' }],
  ['psql "host=pg.prod dbname=crm user=ops password=hunter2" -c "SELECT 1"', { effect: 'read', targets: ['db://postgres/pg.prod/crm'] }],
  ['psql "$DATABASE_URL" -c "DROP TABLE x"', { effect: 'destroy', unresolved: true, note: 'known only at run time' }],
  ['psql "$DATABASE_URL" -c "SELECT 1"', { effect: 'read', env: { DATABASE_URL: 'postgres://u:p@ci-db/test' }, targets: ['db://postgres/ci-db/test'] }],
  ['psql -c "DROP TABLE t"', { effect: 'destroy', assignments: { PGDATABASE: 'scratch' }, targets: ['db://postgres/local/scratch/t'] }],
  // psql: what the pack cannot see
  ['psql app', { effect: 'unknown', rule: 'databases.interactive' }],
  ['psql -d app -f migrate.sql', { effect: 'unknown', rule: 'databases.sql-hidden', note: 'file migrate.sql' }],
  ['psql app', { effect: 'unknown', stdin: 'dump.sql', note: 'stdin (dump.sql)' }],
  ['psql app -c "$QUERY"', { effect: 'unknown', note: 'only known at run time' }],
  ['psql app -c "DROP TABLE a" -f more.sql', { effect: 'destroy', note: 'more.sql' }],
  // mysql / mariadb
  ['mysql --version', { effect: 'read' }],
  ['mysql -u root -psecret -e "SHOW DATABASES"', { effect: 'read', operation: 'SHOW', targets: ['db://mysql/local/default'] }],
  ['mysql -h db.prod -u app -p shop -e "SELECT * FROM orders"', { effect: 'read', targets: ['db://mysql/db.prod/shop'] }],
  ['mysql -uroot -Dshop -e "DROP TABLE carts"', { effect: 'destroy', targets: ['db://mysql/local/shop/carts'] }],
  ['mysql -e "DROP DATABASE legacy"', { effect: 'destroy', many: true, targets: ['db://mysql/local/legacy'] }],
  ['mysql -e "DELETE FROM shop.sessions"', { effect: 'destroy', many: true, targets: ['db://mysql/local/shop/sessions'] }],
  ['mysql --execute="USE shop; TRUNCATE carts"', { effect: 'destroy', targets: ['db://mysql/local/shop/carts'] }],
  ['mysql -Be "UPDATE t SET a=1 WHERE id=2" app', { effect: 'write', targets: ['db://mysql/local/app/t'] }],
  ['mariadb -h 10.0.0.5 -e "CREATE DATABASE reports"', { effect: 'write', targets: ['db://mysql/10.0.0.5/reports'] }],
  ['mysql shop', { effect: 'unknown', rule: 'databases.interactive' }],
  ['mysql shop', { effect: 'unknown', stdin: 'backup.sql', rule: 'databases.sql-hidden' }],
  ['mysqldump -u root -p shop', { effect: 'read', rule: 'databases.dump', note: 'stdout' }],
  ['mysqldump --all-databases -r all.sql', { effect: 'read', many: true, note: '/home/dev/project/all.sql' }],
  ['mysqladmin -u root drop olddb', { effect: 'destroy', targets: ['db://mysql/local/olddb'], many: true }],
  ['mysqladmin -f drop olddb', { effect: 'destroy', note: '--force' }],
  ['mysqladmin create newdb', { effect: 'write', targets: ['db://mysql/local/newdb'] }],
  ['mysqladmin status', { effect: 'read' }],
  ['mysqladmin ping', { effect: 'read' }],
  ['mysqladmin -h db.prod shutdown', { effect: 'write', note: 'stops the database server' }],
  // sqlite3
  ['sqlite3 --version', { effect: 'read' }],
  ['sqlite3 app.db .tables', { effect: 'read', targets: ['db://sqlite/local/home/dev/project/app.db'] }],
  ['sqlite3 data/app.db ".schema users"', { effect: 'read' }],
  ['sqlite3 -header -csv app.db "SELECT * FROM users"', { effect: 'read', operation: 'SELECT' }],
  ['sqlite3 app.db "DELETE FROM users WHERE id = 1"', { effect: 'destroy', targets: ['db://sqlite/local/home/dev/project/app.db/users'] }],
  ['sqlite3 ~/notes.db "DROP TABLE notes"', { effect: 'destroy', targets: ['db://sqlite/local/home/dev/notes.db/notes'] }],
  ['sqlite3 app.db "INSERT INTO kv VALUES (1, 2)"', { effect: 'write' }],
  ['sqlite3 -readonly app.db "DELETE FROM users"', { effect: 'read', rule: 'databases.sqlite-readonly' }],
  ['sqlite3 :memory: "CREATE TABLE t(a); INSERT INTO t VALUES (1)"', { effect: 'read', rule: 'databases.sqlite-memory' }],
  ['sqlite3 app.db', { effect: 'unknown', rule: 'databases.interactive' }],
  ['sqlite3 app.db', { effect: 'unknown', stdin: 'schema.sql' }],
  ['sqlite3 -cmd ".mode csv" app.db ".import users.csv users"', { effect: 'write', targets: ['db://sqlite/local/home/dev/project/app.db/users'] }],
  ['sqlite3 app.db ".read seed.sql"', { effect: 'unknown' }],
  // PostgreSQL utilities
  ['dropdb staging', { effect: 'destroy', targets: ['db://postgres/local/staging'], many: true }],
  ['dropdb -h prod-db --if-exists --force shop', { effect: 'destroy', targets: ['db://postgres/prod-db/shop'], note: 'terminates existing connections' }],
  ['createdb -O app appdb', { effect: 'write', targets: ['db://postgres/local/appdb'] }],
  ['dropuser -h db1 alice', { effect: 'destroy', targets: ['db://postgres/db1/@roles/alice'] }],
  ['pg_dump -Fc -f backup.dump shop', { effect: 'read', targets: ['db://postgres/local/shop'], note: '/home/dev/project/backup.dump' }],
  ['pg_dump postgres://u:pw@prod/shop', { effect: 'read', targets: ['db://postgres/prod/shop'] }],
  ['pg_restore -l backup.dump', { effect: 'read' }],
  ['pg_restore backup.dump', { effect: 'read', rule: 'databases.restore-script' }],
  ['pg_restore -d shop backup.dump', { effect: 'write', targets: ['db://postgres/local/shop'] }],
  ['pg_restore --clean --if-exists -d shop backup.dump', { effect: 'destroy', many: true, rule: 'databases.restore-clean' }],
  ['pg_restore -c -d shop -h prod backup.dump', { effect: 'destroy', targets: ['db://postgres/prod/shop'] }],
  // mongosh
  ['mongosh --version', { effect: 'read' }],
  ['mongosh', { effect: 'unknown', rule: 'databases.interactive' }],
  ['mongosh app --eval "db.users.find().limit(5)"', { effect: 'read', targets: ['db://mongodb/local/app/users'] }],
  ['mongosh --quiet --eval "db.users.countDocuments({})" mongodb://reader:pw@mongo.prod:27017/shop', { effect: 'read', targets: ['db://mongodb/mongo.prod/shop/users'] }],
  ['mongosh --eval "show dbs"', { effect: 'read' }],
  ['mongosh app --eval "db.dropDatabase()"', { effect: 'destroy', many: true, targets: ['db://mongodb/local/app'] }],
  ['mongosh app --eval "db.sessions.drop()"', { effect: 'destroy', targets: ['db://mongodb/local/app/sessions'] }],
  ['mongosh app --eval "db.logs.deleteMany({})"', { effect: 'destroy', many: true, note: 'empty filter' }],
  ['mongosh app --eval "db.logs.deleteMany({level: \'debug\'})"', { effect: 'destroy', many: false }],
  ['mongosh app --eval "db.users.insertOne({name: \'a\'})"', { effect: 'write', operation: 'insertOne' }],
  ['mongosh app --eval \'db.users.updateMany({}, {$set: {a: 1}})\'', { effect: 'write' }],
  ['mongosh app --eval "db.users.updateMany({}, {$set: {a: 1}})"', { effect: 'unknown', note: 'only known at run time' }],
  ['mongosh app --eval "db.runCommand({dropDatabase: 1})"', { effect: 'unknown' }],
  ['mongosh app --eval \'db.orders.aggregate([{$match: {}}, {$out: "copy"}])\'', { effect: 'write' }],
  ['mongosh app migrate.js', { effect: 'unknown', note: 'migrate.js' }],
  ['mongo app --eval "db.getSiblingDB(\'old\').dropDatabase()"', { effect: 'destroy', targets: ['db://mongodb/local/old'] }],
  // redis-cli
  ['redis-cli ping', { effect: 'read', operation: 'PING' }],
  ['redis-cli info memory', { effect: 'read' }],
  ['redis-cli GET session:42', { effect: 'read', targets: ['db://redis/local/0/session:42'] }],
  ['redis-cli -n 2 keys "user:*"', { effect: 'read', many: true, targets: ['db://redis/local/2/user:*'] }],
  ['redis-cli --scan --pattern "cache:*"', { effect: 'read', many: true }],
  ['redis-cli ttl token', { effect: 'read' }],
  ['redis-cli config get maxmemory', { effect: 'read', operation: 'CONFIG GET' }],
  ['redis-cli set feature:x on', { effect: 'write', targets: ['db://redis/local/0/feature:x'] }],
  ['redis-cli -h cache.prod -p 6380 HSET user:1 name bob', { effect: 'write', targets: ['db://redis/cache.prod/0/user:1'], where: 'cache.prod:6380' }],
  ['redis-cli expire k 60', { effect: 'write' }],
  ['redis-cli mset a 1 b 2', { effect: 'write', targets: ['db://redis/local/0/a', 'db://redis/local/0/b'] }],
  ['redis-cli config set maxmemory 2gb', { effect: 'write', operation: 'CONFIG SET' }],
  ['redis-cli del a b', { effect: 'destroy', targets: ['db://redis/local/0/a', 'db://redis/local/0/b'] }],
  ['redis-cli UNLINK big', { effect: 'destroy' }],
  ['redis-cli flushall', { effect: 'destroy', many: true, targets: ['db://redis/local'] }],
  ['redis-cli -h cache.prod -n 3 FLUSHDB', { effect: 'destroy', many: true, targets: ['db://redis/cache.prod/3'] }],
  ['redis-cli -a s3cret -u redis://u:pw@cache.internal:6379/4 flushdb', { effect: 'destroy', targets: ['db://redis/cache.internal/4'] }],
  ['redis-cli shutdown nosave', { effect: 'destroy', note: 'SHUTDOWN' }],
  ['redis-cli replicaof 10.0.0.9 6379', { effect: 'destroy' }],
  ['redis-cli replicaof no one', { effect: 'write' }],
  ['redis-cli eval "return 1" 0', { effect: 'unknown' }],
  ['redis-cli', { effect: 'unknown', rule: 'databases.redis-interactive' }],
  ['redis-cli --pipe', { effect: 'unknown' }],
  ['redis-cli frobnicate', { effect: 'unknown' }],
];

function contextWith(env?: Record<string, string>): AnalysisContext {
  return env ? { ...testContext, env: { ...testContext.env, ...env } } : testContext;
}

for (const [line, want] of cases) {
  const label = [line, want.env && `env ${JSON.stringify(want.env)}`, want.stdin && `< ${want.stdin}`].filter(Boolean).join('  ');
  test(label, () => {
    const cmd = simpleCommand(line, want.assignments ?? {});
    if (want.stdin) cmd.redirects.push({ operator: '<', target: { value: want.stdin, dynamic: false } });
    const actions = databaseRules.analyze(cmd, contextWith(want.env));
    assert.equal(actions.length, 1);
    const [a] = actions;
    assert.equal(a.effect, want.effect, `effect (rule ${a.rule}, notes ${a.notes.join(' | ')})`);
    assert.equal(a.recoverable, false, 'database changes are never recoverable');
    if (want.operation !== undefined) assert.equal(a.operation, want.operation);
    if (want.rule !== undefined) assert.equal(a.rule, want.rule);
    if (want.targets !== undefined) assert.deepEqual(a.targets.map((t) => t.id), want.targets);
    if (want.many !== undefined) assert.equal(a.targets.some((t) => t.many === true), want.many);
    if (want.where !== undefined) assert.equal(a.context.where, want.where);
    if (want.note !== undefined) assert.ok(a.notes.some((n) => n.includes(want.note!)), `a note with "${want.note}" in ${JSON.stringify(a.notes)}`);
    if (want.unresolved !== undefined) assert.equal(a.targets.some((t) => (t.unresolved ?? []).length > 0), want.unresolved);
    // Credentials never leak into ids, notes or context.
    const shown = JSON.stringify({ t: a.targets, n: a.notes, c: a.context, o: a.operation });
    for (const secret of ['s3cret', 'hunter2', ':pw@', 'secret']) assert.ok(!shown.includes(secret), `no "${secret}" in ${shown}`);
  });
}
