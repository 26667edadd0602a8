import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql, type RawBuilder } from 'kysely';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupHeader, type BackupTable, type Trailer } from './backup-file.js';
import { appliedMigrations, dependencyOrder, describeTable, ident, listSequences, listTables, rows, type Executor, type TableShape } from './catalog.js';
import type { Database } from './database.js';

/* Writing a backup; the file's format is described in backup-file.ts, restoring it in restore.ts. */

const PAGE_ROWS = 1000;

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  migrations: number;
}

/** JSON never holds a raw line break inside a string; outside strings it is whitespace. */
const oneLine = (json: string) => (/[\r\n]/.test(json) ? json.replace(/[\r\n]/g, ' ') : json);

/** Every row of a table, in primary-key order, page by page (keyset paging, no OFFSET). */
async function* tableRows(db: Executor, shape: TableShape): AsyncGenerator<string> {
  if (shape.primaryKey.length === 0) {
    // No primary key: physical order is stable inside the backup's snapshot.
    for (let offset = 0; ; offset += PAGE_ROWS) {
      const page = await rows(
        sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM ${ident(shape.name)} t ORDER BY t.ctid LIMIT ${PAGE_ROWS} OFFSET ${offset}`,
        db,
      );
      for (const row of page) yield oneLine(row.j);
      if (page.length < PAGE_ROWS) return;
    }
  }
  const keys = shape.primaryKey;
  const keyColumns = sql.join(keys.map((k) => sql`t.${ident(k.name)}`));
  const keyTexts = sql.join(keys.map((k, i) => sql`t.${ident(k.name)}::text AS ${ident(`k${i}`)}`));
  let after: (string | null)[] | null = null;
  for (;;) {
    const bound: RawBuilder<unknown> = after
      ? sql`WHERE (${keyColumns}) > (${sql.join(keys.map((k, i) => sql`${after![i]}::text::${sql.raw(k.type)}`))})`
      : sql``;
    const page: Record<string, string>[] = await rows(
      sql<Record<string, string>>`SELECT ${keyTexts}, row_to_json(t)::text AS j FROM ${ident(shape.name)} t ${bound} ORDER BY ${keyColumns} LIMIT ${PAGE_ROWS}`,
      db,
    );
    for (const row of page) yield oneLine(row.j!);
    if (page.length < PAGE_ROWS) return;
    const last = page[page.length - 1]!;
    after = keys.map((_, i) => last[`k${i}`] ?? null);
  }
}

/**
 * Writes a consistent backup (one REPEATABLE READ, READ ONLY transaction) of
 * every application table to `file`, gzip'd JSON lines. The file appears only
 * when complete (written to `<file>.partial`, then renamed) and is readable by
 * its owner only: it holds password hashes and personal data.
 */
export async function backupDatabase(db: Database, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  const written = pipeline(gzip, out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
  };
  let summary: Omit<BackupSummary, 'bytes' | 'file'>;
  try {
    summary = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const migrations = await appliedMigrations(trx);
        if (!migrations) throw new BackupError('The database has no schema_migration table: it was never migrated, there is nothing to back up.');
        const names = await dependencyOrder(trx, await listTables(trx));
        const shapes: TableShape[] = [];
        const tables: BackupTable[] = [];
        for (const name of names) {
          const shape = await describeTable(trx, name);
          const [count] = await rows(sql<{ n: string }>`SELECT count(*)::text AS n FROM ${ident(name)}`, trx);
          shapes.push(shape);
          tables.push({ name, columns: shape.columns, primaryKey: shape.primaryKey.map((k) => k.name), rows: Number(count!.n) });
        }
        const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, created_at: new Date().toISOString(), migrations, tables };
        await write(JSON.stringify(header));
        let total = 0;
        for (const [i, shape] of shapes.entries()) {
          await write(JSON.stringify({ table: shape.name, rows: tables[i]!.rows }));
          let n = 0;
          for await (const line of tableRows(trx, shape)) {
            await write(line);
            n++;
          }
          if (n !== tables[i]!.rows) throw new Error(`table ${shape.name}: counted ${tables[i]!.rows} rows but read ${n}`);
          total += n;
        }
        // Sequences are not transactional: read last, so they cover every row above.
        const trailer: Trailer = { end: true, tables: tables.length, rows: total, sequences: await listSequences(trx) };
        await write(JSON.stringify(trailer));
        return { tables: tables.length, rows: total, migrations: migrations.length };
      });
    gzip.end();
    await written;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw error;
  }
  fs.renameSync(partial, file);
  return { ...summary, file, bytes: fs.statSync(file).size };
}
