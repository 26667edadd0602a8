import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFixture } from '../../../test/fixture.js';
import { testDatabase } from '../../../test/harness.js';
import { BackupError, readBackupHeader } from './backup-file.js';
import { backupDatabase } from './backup.js';
import type { Database, DatabaseHandle } from './database.js';
import { restoreDatabase } from './restore.js';

/** Every application table with its rows as PostgreSQL renders them, in primary-key order. */
async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
    ORDER BY table_name`.execute(db);
  const result: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM ${sql.id(name)} t`.execute(db);
    // Order independent of physical order and of the key type.
    result[name] = rows.rows.map((r) => r.j).sort();
  }
  return result;
}

async function sequences(db: Database): Promise<Record<string, string>> {
  const names = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY 1`.execute(db);
  const result: Record<string, string> = {};
  for (const { name } of names.rows) {
    const [row] = (await sql<{ v: string }>`SELECT last_value::text || ':' || is_called AS v FROM ${sql.id(name)}`.execute(db)).rows;
    result[name] = row!.v;
  }
  return result;
}

describe('backup and restore', () => {
  let source: DatabaseHandle;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-backup-'));
  const file = path.join(dir, 'backup.jsonl.gz');
  const opened: DatabaseHandle[] = [];
  const fresh = async () => {
    const handle = await testDatabase();
    opened.push(handle);
    return handle;
  };

  beforeAll(async () => {
    source = await fresh();
    const { db } = source;
    const fixture = await seedFixture(db);
    // Values that are easy to mangle on the way through JSON: nested JSON, arrays,
    // quotes and line breaks, timestamps with microseconds, NULLs.
    await db
      .updateTable('territory_node')
      .set({
        // Written as text: 9007199254740993 is not a JavaScript number, and must survive anyway.
        attrs: '{"note": "line 1\\nline \\"2\\"\\t\\\\", "nested": {"list": [1, 2.5, null, "畅家巷"]}, "big": 9007199254740993}',
        boundary: JSON.stringify({ type: 'Polygon', coordinates: [[[103.8, 36.05], [103.81, 36.05], [103.81, 36.06], [103.8, 36.05]]] }),
      })
      .where('id', '=', fixture.node.changjiaxiangGrid)
      .execute();
    await db
      .insertInto('audit_log')
      .values([
        { action: 'user.create', entity_type: 'user', entity_id: String(fixture.user.grid), summary: '创建账号', detail: JSON.stringify({ a: 1 }), actor_id: fixture.user.admin },
        { action: 'test.event', entity_type: 'test', summary: 'with microseconds', at: '2026-03-01T12:34:56.123456+08:00', detail: '{}' },
      ])
      .execute();
    await db.insertInto('user_session').values({ id: 'a'.repeat(64), user_id: fixture.user.street, csrf_token: 'csrf', expires_at: new Date(Date.now() + 3600_000), user_agent: 'Mozilla/5.0 "quoted"\nline' }).execute();
    await db.insertInto('login_throttle').values({ ip: '10.0.0.1', window_start: new Date('2026-01-01T00:00:00Z'), attempts: 3 }).execute();
    // More rows than one page, for a single-column key and for a two-column key (timestamps as the second column).
    await sql`INSERT INTO audit_log (action, entity_type, summary) SELECT 'bulk', 'x', 'row ' || g FROM generate_series(1, 2345) g`.execute(db);
    await sql`INSERT INTO login_throttle (ip, window_start, attempts)
      SELECT '10.0.' || (g % 3) || '.1', timestamptz '2026-01-01 00:00:00.000001+00' + g * interval '1.000001 second', g % 7
      FROM generate_series(1, 2100) g`.execute(db);
    await db.insertInto('dict_item').values({ type_code: 'case_category', code: 'extra', label: '新增', label_en: 'Extra' }).execute();
    // Deleting the last row leaves the sequence ahead of max(id); the restored one must be too.
    const doomed = await db.insertInto('dict_item').values({ type_code: 'case_category', code: 'doomed', label: '删除', label_en: 'Gone' }).returning('id').executeTakeFirstOrThrow();
    await db.deleteFrom('dict_item').where('id', '=', doomed.id).execute();
    // Free-standing sequences (not owned by a column) keep their position too.
    const free = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_depend d ON d.objid = c.oid AND d.deptype IN ('a', 'i')
      WHERE c.relkind = 'S' AND n.nspname = 'public' AND d.objid IS NULL`.execute(db);
    for (const { name } of free.rows) await sql`SELECT setval(${name}::regclass, 41)`.execute(db);
  });

  afterAll(async () => {
    for (const handle of opened) {
      // pg's Pool.end() resolves before its connections have said goodbye; dropping the
      // test database WITH (FORCE) right away can kill one mid-goodbye, and the pool
      // (which has no 'error' listener) turns that into an uncaught error. Let them go first.
      await handle.db.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await handle.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a gzip file of JSON lines with a header', async () => {
    const summary = await backupDatabase(source.db, file);
    expect(summary.rows).toBeGreaterThan(4500);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'gongzhi-backup', version: 1 });
    expect(new Date(header.created_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const applied = await source.db.selectFrom('schema_migration').select('version').orderBy('version').execute();
    expect(header.migrations.map((m: { version: string }) => m.version)).toEqual(applied.map((m) => m.version));
    const names = header.tables.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['territory_node', 'app_user', 'role_assignment', 'audit_log', 'dict_item', 'user_session']));
    expect(names).not.toContain('schema_migration');
    // Parents come before children.
    expect(names.indexOf('territory_node')).toBeLessThan(names.indexOf('app_user'));
    expect(names.indexOf('app_user')).toBeLessThan(names.indexOf('role_assignment'));
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: true, tables: names.length, rows: summary.rows });
    expect(await readBackupHeader(file)).toEqual(header);
  });

  let restored: Record<string, string[]>;
  let target: DatabaseHandle;

  it('restores into a fresh database: same rows in every table, sequences continue', async () => {
    const fresh1 = await fresh();
    const summary = await restoreDatabase(fresh1.db, file);
    expect(summary.rows).toBeGreaterThan(50);
    const before = await snapshot(source.db);
    restored = await snapshot(fresh1.db);
    expect(Object.keys(restored)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) {
      expect(restored[table]!.length, table).toBe(before[table]!.length);
      expect(restored[table], table).toEqual(before[table]);
    }
    expect(await sequences(fresh1.db)).toEqual(await sequences(source.db));

    // New rows get fresh ids in the restored database, exactly the ids the source hands out next.
    const insertSome = async (db: Database) => {
      const maxNode = await db.selectFrom('territory_node').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
      const grid = await db.selectFrom('territory_node').select(['id', 'depth']).where('level', '=', 'grid').orderBy('id').executeTakeFirstOrThrow();
      const node = await db
        .insertInto('territory_node')
        .values({ parent_id: grid.id, level: 'compound', name: '新小区', path: 'pending', depth: grid.depth + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(node.id).toBeGreaterThan(Number(maxNode.max));
      const item = await db.insertInto('dict_item').values({ type_code: 'case_category', code: 'after_restore', label: '后加', label_en: 'Later' }).returning('id').executeTakeFirstOrThrow();
      const audit = await db.insertInto('audit_log').values({ action: 'x', entity_type: 'x', summary: 'x', detail: '{}' }).returning('id').executeTakeFirstOrThrow();
      return { node: node.id, item: item.id, audit: audit.id };
    };
    expect(await insertSome(fresh1.db)).toEqual(await insertSome(source.db));
  });

  it('refuses a database that holds data, and replaces it with --force', async () => {
    target = await fresh();
    await seedFixture(target.db);
    await target.db.insertInto('audit_log').values({ action: 'keep.me', entity_type: 'x', summary: 'target only', detail: '{}' }).execute();
    const error = await restoreDatabase(target.db, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/not empty.*app_user.*--force/s);
    expect(await target.db.selectFrom('audit_log').select('id').where('action', '=', 'keep.me').execute()).toHaveLength(1);

    await restoreDatabase(target.db, file, { force: true });
    expect(await target.db.selectFrom('audit_log').select('id').where('action', '=', 'keep.me').execute()).toHaveLength(0);
    expect(await snapshot(target.db)).toEqual(restored);
  });

  it('rolls back everything when the file is damaged', async () => {
    await target.db.insertInto('audit_log').values({ action: 'keep.me', entity_type: 'x', summary: 'target only', detail: '{}' }).execute();
    const contents = await snapshot(target.db);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const truncated = path.join(dir, 'truncated.jsonl.gz');
    fs.writeFileSync(truncated, zlib.gzipSync(`${lines.slice(0, -5).join('\n')}\n`));
    await expect(restoreDatabase(target.db, truncated, { force: true })).rejects.toThrow(/truncated/);
    expect(await snapshot(target.db)).toEqual(contents);

    const cut = path.join(dir, 'cut.jsonl.gz');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(restoreDatabase(target.db, cut, { force: true })).rejects.toThrow(/not a complete gzip file|truncated/);
    expect(await snapshot(target.db)).toEqual(contents);

    const notGzip = path.join(dir, 'plain.txt');
    fs.writeFileSync(notGzip, 'hello\n');
    await expect(restoreDatabase(target.db, notGzip, { force: true })).rejects.toThrow(/not a Gongzhi backup/);
    const notBackup = path.join(dir, 'other.gz');
    fs.writeFileSync(notBackup, zlib.gzipSync('{"hello":1}\n'));
    await expect(readBackupHeader(notBackup)).rejects.toThrow(/not a Gongzhi backup/);
    expect(await snapshot(target.db)).toEqual(contents);
  });

  it('refuses a target whose migrations differ, and leaves it untouched', async () => {
    const contents = await snapshot(target.db);
    await target.db.insertInto('schema_migration').values({ version: '29991231235959', name: 'from_the_future', checksum: 'x' }).execute();
    const error = await restoreDatabase(target.db, file, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/different migrations.*29991231235959_from_the_future/);
    expect(await snapshot(target.db)).toEqual(contents);

    await target.db.deleteFrom('schema_migration').where('version', '=', '29991231235959').execute();
    const last = await target.db.selectFrom('schema_migration').select('version').orderBy('version', 'desc').executeTakeFirstOrThrow();
    await target.db.deleteFrom('schema_migration').where('version', '=', last.version).execute();
    await expect(restoreDatabase(target.db, file, { force: true })).rejects.toThrow(new RegExp(`applied in the backup but not in the target: ${last.version}`));
    expect(await snapshot(target.db)).toEqual(contents);
  });
});
