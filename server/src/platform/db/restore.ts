import { sql } from 'kysely';
import { BackupError, BackupReader, readHeaderFrom, type BackupMigration, type BackupSequence, type Trailer } from './backup-file.js';
import { appliedMigrations, ident, idents, listTables, quote, rows, sequenceOwners, type Executor } from './catalog.js';
import type { Database } from './database.js';
import { readMigrations } from './migrate.js';
import { analyzeAll } from './upkeep.js';

const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface RestoreSummary {
  tables: number;
  rows: number;
  createdAt: string;
}

/** Tables that migrations fill with initial rows (dictionaries, defaults): those rows do not make a database "in use". */
function tablesSeededByMigrations(): Set<string> {
  const seeded = new Set<string>();
  for (const migration of readMigrations()) {
    for (const match of migration.text.matchAll(/\bINSERT\s+INTO\s+(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi)) seeded.add(match[1]!.toLowerCase());
  }
  return seeded;
}

function describeMigrationDifference(backup: BackupMigration[], target: BackupMigration[]): string | null {
  const inBackup = new Set(backup.map((m) => m.version));
  const inTarget = new Set(target.map((m) => m.version));
  const missing = backup.filter((m) => !inTarget.has(m.version)).map((m) => `${m.version}_${m.name}`);
  const extra = target.filter((m) => !inBackup.has(m.version)).map((m) => `${m.version}_${m.name}`);
  if (missing.length === 0 && extra.length === 0) return null;
  const parts: string[] = [];
  if (missing.length) parts.push(`applied in the backup but not in the target: ${missing.join(', ')}`);
  if (extra.length) parts.push(`applied in the target but not in the backup: ${extra.join(', ')}`);
  return parts.join('; ');
}

export interface RestoreOptions {
  /** Replace the contents of a database that already holds data. */
  force?: boolean;
}

/**
 * Replaces the contents of `db` with a backup, all in one transaction: either
 * the whole backup is in or nothing changed. The target must have exactly the
 * migrations of the backup applied (run them first), and must be empty apart
 * from the rows migrations seed, unless `force`.
 */
export async function restoreDatabase(db: Database, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const reader = new BackupReader(file);
  try {
    const header = await readHeaderFrom(reader);
    const migrations = await appliedMigrations(db);
    if (!migrations) throw new BackupError('The target database has not been migrated: run the migrations first (start the server once, or let db:restore do it on a blank database).');
    const difference = describeMigrationDifference(header.migrations, migrations);
    if (difference) {
      throw new BackupError(
        `The backup and the target database have different migrations (${difference}). ` +
          'Restore with the Gongzhi version that made the backup, into a database migrated by that version; a newer version migrates it at its next start.',
      );
    }
    const targetTables = await listTables(db);
    const backupTables = header.tables.map((t) => t.name);
    const unknown = backupTables.filter((t) => !targetTables.includes(t));
    if (unknown.length) throw new BackupError(`The target database lacks tables of the backup: ${unknown.join(', ')}`);

    if (!options.force) {
      const seeded = tablesSeededByMigrations();
      const inUse: string[] = [];
      for (const table of targetTables) {
        if (seeded.has(table)) continue;
        const [row] = await rows(sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM ${ident(table)}) AS found`, db);
        if (row?.found) inUse.push(table);
      }
      if (inUse.length) {
        throw new BackupError(
          `The target database is not empty (rows in ${inUse.join(', ')}). Restoring replaces everything in it; pass --force to do that.`,
        );
      }
    }

    let total = 0;
    await db.transaction().execute(async (trx) => {
      await sql`SET CONSTRAINTS ALL DEFERRED`.execute(trx);
      await sql`TRUNCATE ${idents(targetTables)} CASCADE`.execute(trx);
      for (const table of header.tables) {
        const section = await reader.json<{ table: string; rows: number }>(`the start of table ${table.name}`);
        if (section.table !== table.name) {
          throw new BackupError(`${file} line ${reader.lineNo}: expected table ${table.name}, found ${String(section.table)}`);
        }
        const columns = idents(table.columns);
        const insert = async (batch: string[]) => {
          await sql`INSERT INTO ${ident(table.name)} (${columns}) OVERRIDING SYSTEM VALUE
            SELECT ${columns} FROM json_populate_recordset(null::${ident(table.name)}, ${`[${batch.join(',')}]`}::json)`.execute(trx);
        };
        let batch: string[] = [];
        let bytes = 0;
        for (let i = 0; i < section.rows; i++) {
          const line = await reader.next();
          if (line === null) throw new BackupError(`${file} ends early inside table ${table.name} (the file is truncated)`);
          batch.push(line);
          bytes += line.length;
          if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) {
            await insert(batch);
            batch = [];
            bytes = 0;
          }
        }
        if (batch.length) await insert(batch);
        total += section.rows;
      }
      const trailer = await reader.json<Trailer>('the end marker');
      if (trailer.end !== true || trailer.rows !== total) throw new BackupError(`${file} line ${reader.lineNo}: the end marker does not match the rows read`);
      await resetSequences(trx, trailer.sequences);
    });
    // Every table was just rewritten: plan the first requests with statistics of what is there now.
    await analyzeAll(db);
    return { tables: header.tables.length, rows: total, createdAt: header.created_at };
  } finally {
    await reader.close();
  }
}

/**
 * Every sequence continues after both the value it had in the backup and the
 * largest key restored, so new rows never reuse an id (audit entries keep
 * pointing at deleted records by id).
 */
async function resetSequences(db: Executor, recorded: BackupSequence[]): Promise<void> {
  const current = await sequenceOwners(db);
  for (const seq of current) {
    const saved = recorded.find((r) => r.name === seq.name);
    // The last value handed out in the backup (0 = none).
    const used = saved ? BigInt(saved.lastValue) - (saved.isCalled ? 0n : 1n) : 0n;
    let last = used;
    if (seq.table && seq.column) {
      const [max] = await rows(sql<{ max: string | null }>`SELECT max(${ident(seq.column)})::text AS max FROM ${ident(seq.table)}`, db);
      if (max?.max != null && BigInt(max.max) > last) last = BigInt(max.max);
    }
    const regclass = `public.${quote(seq.name)}`;
    if (last > 0n) await sql`SELECT setval(${regclass}::regclass, ${last.toString()}::bigint, true)`.execute(db);
    else await sql`SELECT setval(${regclass}::regclass, (SELECT seqstart FROM pg_catalog.pg_sequence WHERE seqrelid = ${regclass}::regclass), false)`.execute(db);
  }
}
