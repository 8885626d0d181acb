import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySql, splitSql, worstEffect, type SqlDialect } from '../../../src/core/rules/sql';

interface Want {
  effect: string;
  verb?: string;
  bulk?: boolean;
  objects?: string[];
  dialect?: SqlDialect;
}

/** One script ⇒ the worst statement's effect; verb/objects/bulk are checked on that statement. */
const cases: Array<[sql: string, want: Want]> = [
  // Reads
  ['SELECT * FROM users', { effect: 'read', verb: 'SELECT' }],
  ['select count(*) from orders where id > 5;', { effect: 'read' }],
  ['SHOW TABLES', { effect: 'read', verb: 'SHOW', dialect: 'mysql' }],
  ['DESCRIBE users', { effect: 'read', dialect: 'mysql' }],
  ['EXPLAIN SELECT * FROM t', { effect: 'read', verb: 'EXPLAIN' }],
  ['EXPLAIN DELETE FROM t', { effect: 'read', verb: 'EXPLAIN' }],
  ['TABLE users', { effect: 'read' }],
  ['VALUES (1), (2)', { effect: 'read' }],
  ['BEGIN; SELECT 1; COMMIT', { effect: 'read' }],
  ['SET search_path TO app', { effect: 'read', verb: 'SET' }],
  ['(SELECT 1) UNION (SELECT 2)', { effect: 'read' }],
  ['WITH recent AS (SELECT * FROM orders) SELECT * FROM recent', { effect: 'read', verb: 'WITH … SELECT' }],
  ['SELECT * FROM t FOR UPDATE', { effect: 'read' }],
  ["SELECT 'DROP TABLE users; DELETE FROM x'", { effect: 'read' }],
  ['SELECT 1 -- ; DROP TABLE users', { effect: 'read' }],
  ['SELECT 1 /* ; DROP TABLE users */', { effect: 'read' }],
  ['SELECT $$ ; DROP TABLE x $$', { effect: 'read', dialect: 'postgres' }],
  ['SELECT $tag$ ; DELETE FROM x $tag$', { effect: 'read', dialect: 'postgres' }],
  ['\\dt', { effect: 'read', verb: '\\dt', dialect: 'postgres' }],
  ['\\d+ users', { effect: 'read', dialect: 'postgres' }],
  ['\\l', { effect: 'read', dialect: 'postgres' }],
  ['\\conninfo', { effect: 'read', dialect: 'postgres' }],
  ['.tables', { effect: 'read', verb: '.tables', dialect: 'sqlite' }],
  ['.schema users', { effect: 'read', dialect: 'sqlite' }],
  ['PRAGMA table_info(users)', { effect: 'read', dialect: 'sqlite' }],
  ['PRAGMA journal_mode', { effect: 'read', dialect: 'sqlite' }],
  ['PRAGMA foreign_keys = ON', { effect: 'read', dialect: 'sqlite' }],
  ['COPY users TO STDOUT WITH CSV', { effect: 'read', verb: 'COPY TO STDOUT' }],
  ['SELECT * FROM users\\G', { effect: 'read', dialect: 'mysql' }],
  // Writes
  ["INSERT INTO users (name) VALUES ('a')", { effect: 'write', verb: 'INSERT', objects: ['table users'] }],
  ["UPDATE users SET name = 'b' WHERE id = 1", { effect: 'write', verb: 'UPDATE', objects: ['table users'] }],
  ['CREATE TABLE t (id int)', { effect: 'write', verb: 'CREATE TABLE', objects: ['table t'] }],
  ['CREATE TABLE IF NOT EXISTS app.t (id int)', { effect: 'write', objects: ['table app.t'] }],
  ['CREATE OR REPLACE VIEW v AS SELECT 1', { effect: 'write', verb: 'CREATE VIEW', objects: ['view v'] }],
  ['CREATE UNIQUE INDEX CONCURRENTLY idx ON t (a)', { effect: 'write', verb: 'CREATE INDEX', objects: ['index idx'] }],
  ['ALTER TABLE users ADD COLUMN age int', { effect: 'write', verb: 'ALTER TABLE' }],
  ['ALTER TABLE users ALTER COLUMN age DROP NOT NULL', { effect: 'write', verb: 'ALTER TABLE' }],
  ['ALTER TABLE users ALTER COLUMN age DROP DEFAULT', { effect: 'write' }],
  ['GRANT SELECT ON users TO reader', { effect: 'write', verb: 'GRANT' }],
  ['REVOKE ALL ON users FROM reader', { effect: 'write', verb: 'REVOKE' }],
  ["COPY users FROM '/tmp/users.csv'", { effect: 'write', verb: 'COPY FROM' }],
  ['SELECT * INTO backup_users FROM users', { effect: 'write', verb: 'SELECT INTO', objects: ['table backup_users'] }],
  ["SELECT setval('users_id_seq', 1)", { effect: 'write' }],
  ['SELECT pg_terminate_backend(123)', { effect: 'write' }],
  ['VACUUM ANALYZE users', { effect: 'write' }],
  ['EXPLAIN ANALYZE INSERT INTO t VALUES (1)', { effect: 'write', verb: 'EXPLAIN ANALYZE INSERT' }],
  ['SET GLOBAL max_connections = 500', { effect: 'write', dialect: 'mysql' }],
  ['PRAGMA journal_mode = WAL', { effect: 'write', dialect: 'sqlite' }],
  ['.import data.csv users', { effect: 'write', verb: '.import', objects: ['table users'], dialect: 'sqlite' }],
  ["\\copy users from 'u.csv' csv", { effect: 'write', verb: '\\copy from', dialect: 'postgres' }],
  ['WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', { effect: 'write', verb: 'WITH … INSERT' }],
  ['INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 1', { effect: 'write' }],
  // Destroys
  ['DROP TABLE users', { effect: 'destroy', verb: 'DROP TABLE', objects: ['table users'], bulk: false }],
  ['drop table if exists a, b cascade', { effect: 'destroy', objects: ['table a', 'table b'], bulk: true }],
  ['DROP DATABASE prod', { effect: 'destroy', verb: 'DROP DATABASE', objects: ['database prod'], bulk: true }],
  ['DROP SCHEMA app CASCADE', { effect: 'destroy', bulk: true }],
  ['DROP MATERIALIZED VIEW mv', { effect: 'destroy', verb: 'DROP MATERIALIZED VIEW' }],
  ['DROP USER bob', { effect: 'destroy', objects: ['user bob'] }],
  ['TRUNCATE users', { effect: 'destroy', verb: 'TRUNCATE', bulk: true, objects: ['table users'] }],
  ['TRUNCATE TABLE ONLY a, b RESTART IDENTITY', { effect: 'destroy', objects: ['table a', 'table b'] }],
  ['DELETE FROM users WHERE id = 3', { effect: 'destroy', verb: 'DELETE', bulk: false, objects: ['table users'] }],
  ['DELETE FROM users', { effect: 'destroy', verb: 'DELETE without WHERE', bulk: true }],
  ['delete from users where 1=1', { effect: 'destroy', bulk: true }],
  ['UPDATE users SET admin = true', { effect: 'destroy', verb: 'UPDATE without WHERE', bulk: true, objects: ['table users'] }],
  ['UPDATE users SET a = 1 WHERE true', { effect: 'destroy', bulk: true }],
  ['ALTER TABLE users DROP COLUMN email', { effect: 'destroy', verb: 'ALTER TABLE … DROP COLUMN', objects: ['table users'] }],
  ['ALTER TABLE users DROP CONSTRAINT users_pkey', { effect: 'destroy' }],
  ['ALTER TABLE t TRUNCATE PARTITION p1', { effect: 'destroy', bulk: true, dialect: 'mysql' }],
  ['WITH gone AS (DELETE FROM sessions RETURNING id) SELECT count(*) FROM gone', { effect: 'destroy', verb: 'WITH … DELETE without WHERE', bulk: true }],
  ['WITH old AS (SELECT id FROM s WHERE age > 3) DELETE FROM s WHERE id IN (SELECT id FROM old)', { effect: 'destroy', verb: 'WITH … DELETE', bulk: false }],
  ['EXPLAIN ANALYZE DELETE FROM t', { effect: 'destroy', verb: 'EXPLAIN ANALYZE DELETE without WHERE' }],
  ['EXPLAIN (ANALYZE, BUFFERS) DELETE FROM t WHERE a = 1', { effect: 'destroy' }],
  ['EXPLAIN (ANALYZE false) DELETE FROM t', { effect: 'read' }],
  ['SELECT 1; DROP TABLE users', { effect: 'destroy', verb: 'DROP TABLE' }],
  ['SELECT 1;DROP TABLE users;', { effect: 'destroy' }],
  ['MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', { effect: 'destroy', verb: 'MERGE' }],
  ['.restore backup.db', { effect: 'destroy', dialect: 'sqlite' }],
  ["SELECT lo_unlink(1234)", { effect: 'destroy' }],
  // Unknown: code the classifier cannot see
  ['CALL cleanup()', { effect: 'unknown', verb: 'CALL' }],
  ['DO $$ BEGIN DELETE FROM t; END $$', { effect: 'unknown', verb: 'DO', dialect: 'postgres' }],
  ["COPY t FROM PROGRAM 'curl x'", { effect: 'unknown' }],
  ['\\i schema.sql', { effect: 'unknown', dialect: 'postgres' }],
  ['\\! rm -rf /', { effect: 'unknown', dialect: 'postgres' }],
  ['.read init.sql', { effect: 'unknown', dialect: 'sqlite' }],
  ['.shell ls', { effect: 'unknown', dialect: 'sqlite' }],
  ['source dump.sql', { effect: 'unknown', dialect: 'mysql' }],
  ['FROBNICATE everything', { effect: 'unknown' }],
  ['PREPARE p AS DELETE FROM t', { effect: 'destroy' }],
  ['EXECUTE p', { effect: 'unknown' }],
];

for (const [sql, want] of cases) {
  test(`${want.dialect ?? 'generic'}: ${sql}`, () => {
    const stmts = classifySql(sql, want.dialect ?? 'generic');
    assert.ok(stmts.length > 0, 'at least one statement');
    const effect = worstEffect(stmts.map((s) => s.effect));
    assert.equal(effect, want.effect);
    const s = stmts.find((x) => x.effect === effect)!;
    if (want.verb !== undefined) assert.equal(s.verb, want.verb);
    if (want.bulk !== undefined) assert.equal(s.bulk, want.bulk);
    if (want.objects !== undefined) assert.deepEqual(s.objects.map((o) => `${o.kind} ${o.name}`), want.objects);
  });
}

test('split: semicolons inside quotes, comments and dollar quotes do not split', () => {
  assert.deepEqual(splitSql("SELECT ';'; SELECT 2", 'postgres'), ["SELECT ';'", 'SELECT 2']);
  assert.deepEqual(splitSql('SELECT 1 -- x; y\n; SELECT 2', 'postgres'), ['SELECT 1', 'SELECT 2']);
  assert.deepEqual(splitSql('SELECT $$a;b$$; SELECT 3', 'postgres'), ['SELECT $$a;b$$', 'SELECT 3']);
  assert.deepEqual(splitSql('/* a; b */ SELECT 1;;', 'postgres'), ['SELECT 1']);
  assert.deepEqual(splitSql("SELECT 'it''s; fine'; SELECT 4"), ["SELECT 'it''s; fine'", 'SELECT 4']);
  assert.deepEqual(splitSql("SELECT 'a\\';b'; SELECT 5", 'mysql'), ["SELECT 'a\\';b'", 'SELECT 5']);
  assert.deepEqual(splitSql('SELECT 1 # c; d\n; SELECT 6', 'mysql'), ['SELECT 1', 'SELECT 6']);
});

test('split: a psql meta-command ends at the line end', () => {
  assert.deepEqual(splitSql('\\dt\nSELECT 1;', 'postgres'), ['\\dt', 'SELECT 1']);
});

test('empty and comment-only scripts have no statements', () => {
  assert.deepEqual(classifySql('  ;; -- nothing\n', 'postgres'), []);
});
