import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql, type RawBuilder } from 'kysely';
import { openDatabase, type Database, type DatabaseHandle } from './database.js';
import { migrate, readMigrations } from './migrate.js';

/*
 * Logical backup and restore through plain SQL, identical on PGlite and on a
 * PostgreSQL server, so a backup of one restores into the other (this is also
 * how an installation moves from the embedded database to a server).
 *
 * File: gzip'd JSON lines.
 *   line 1            header  {format, version, created_at, migrations[], tables[{name, columns, primaryKey, rows}]}
 *   per table         section {table, rows}  followed by `rows` lines, each one row as PostgreSQL's row_to_json
 *   last line         trailer {end: true, tables, rows, sequences[{name, table, column, lastValue, isCalled}]}
 *
 * Rows are written exactly as PostgreSQL renders them and sent back as text
 * to json_populate_recordset, never parsed in JavaScript, so bigints,
 * numerics and timestamps survive unchanged.
 */

export const BACKUP_FORMAT = 'gongzhi-backup';
export const BACKUP_VERSION = 1;
/** Bookkeeping of the schema; compared, never dumped as data. */
const MIGRATION_TABLE = 'schema_migration';
const PAGE_ROWS = 1000;
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface BackupTable {
  name: string;
  /** Columns that are restored (generated columns are left out: the database recomputes them). */
  columns: string[];
  primaryKey: string[];
  rows: number;
}

export interface BackupMigration {
  version: string;
  name: string;
  checksum: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  migrations: BackupMigration[];
  tables: BackupTable[];
}

export interface BackupSequence {
  name: string;
  /** The table and column the sequence feeds (serial / identity), null for a free-standing sequence. */
  table: string | null;
  column: string | null;
  lastValue: string;
  isCalled: boolean;
}

interface Trailer {
  end: true;
  tables: number;
  rows: number;
  sequences: BackupSequence[];
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  migrations: number;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  createdAt: string;
}

/** A refusal or a damaged file: the message is for the operator, no stack trace needed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

type Executor = Database;

const ident = (name: string) => sql.id(name);
const idents = (names: string[]) => sql.join(names.map(ident));

async function rows<T>(query: RawBuilder<T>, db: Executor): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** Application tables of the public schema (not partitions, not the migration bookkeeping). */
async function listTables(db: Executor): Promise<string[]> {
  const result = await rows(
    sql<{ name: string }>`
      SELECT t.table_name AS name
      FROM information_schema.tables t
      JOIN pg_catalog.pg_class c ON c.relname = t.table_name
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = t.table_schema
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND NOT c.relispartition
        AND t.table_name <> ${MIGRATION_TABLE}
      ORDER BY t.table_name`,
    db,
  );
  return result.map((r) => r.name);
}

interface TableShape {
  name: string;
  columns: string[];
  primaryKey: { name: string; type: string }[];
}

async function describeTable(db: Executor, name: string): Promise<TableShape> {
  const columns = await rows(
    sql<{ name: string; generated: string }>`
      SELECT column_name AS name, is_generated AS generated
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${name}
      ORDER BY ordinal_position`,
    db,
  );
  const primaryKey = await rows(
    sql<{ name: string; type: string }>`
      SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = ${`public.${quote(name)}`}::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    db,
  );
  return { name, columns: columns.filter((c) => c.generated === 'NEVER').map((c) => c.name), primaryKey };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Parents before children, so even a foreign key that is not DEFERRABLE is
 * satisfied while restoring; ties (and cycles) keep alphabetical order.
 */
async function dependencyOrder(db: Executor, tables: string[]): Promise<string[]> {
  const edges = await rows(
    sql<{ child: string; parent: string }>`
      SELECT child.relname AS child, parent.relname AS parent
      FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_class child ON child.oid = c.conrelid
      JOIN pg_catalog.pg_class parent ON parent.oid = c.confrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
    db,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of edges) if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    const next = ready ?? tables.find((t) => !placed.has(t))!; // a cycle: DEFERRABLE keys cover it
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

async function listSequences(db: Executor): Promise<BackupSequence[]> {
  const sequences = await rows(
    sql<{ name: string; table: string | null; column: string | null }>`
      SELECT s.relname AS name, t.relname AS "table", a.attname AS "column"
      FROM pg_catalog.pg_class s
      JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace
      LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
      LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND n.nspname = 'public'
      ORDER BY s.relname`,
    db,
  );
  const result: BackupSequence[] = [];
  for (const seq of sequences) {
    const [state] = await rows(
      sql<{ lastValue: string; isCalled: boolean }>`SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${ident(seq.name)}`,
      db,
    );
    result.push({ ...seq, lastValue: state!.lastValue, isCalled: state!.isCalled });
  }
  return result;
}

async function appliedMigrations(db: Executor): Promise<BackupMigration[] | null> {
  const [exists] = await rows(sql<{ found: boolean }>`SELECT to_regclass(${`public.${MIGRATION_TABLE}`}) IS NOT NULL AS found`, db);
  if (!exists?.found) return null;
  return rows(sql<BackupMigration>`SELECT version, name, checksum FROM ${ident(MIGRATION_TABLE)} ORDER BY version`, db);
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

/** Lines of a backup file, one at a time. */
class BackupReader {
  private readonly lines: AsyncIterator<string>;
  lineNo = 0;

  constructor(readonly file: string) {
    let input: Readable;
    try {
      input = fs.createReadStream(file);
    } catch (error) {
      throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const gunzip = zlib.createGunzip();
    const text = new PassThrough();
    input.on('error', (error) => text.destroy(new BackupError(`Cannot read ${file}: ${error.message}`)));
    gunzip.on('error', (error) => text.destroy(new BackupError(`${file} is not a complete gzip file (${error.message})`)));
    input.pipe(gunzip).pipe(text);
    this.lines = readline.createInterface({ input: text, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async next(): Promise<string | null> {
    const { value, done } = await this.lines.next();
    if (done) return null;
    this.lineNo++;
    return value;
  }

  async json<T>(what: string): Promise<T> {
    const line = await this.next();
    if (line === null) throw new BackupError(`${this.file} ends early: expected ${what} at line ${this.lineNo + 1} (the file is truncated)`);
    try {
      return JSON.parse(line) as T;
    } catch {
      throw new BackupError(`${this.file} line ${this.lineNo}: expected ${what}, found something else`);
    }
  }

  async close() {
    await this.lines.return?.();
  }
}

async function readHeaderFrom(reader: BackupReader): Promise<BackupHeader> {
  let header: BackupHeader;
  try {
    header = await reader.json<BackupHeader>('the header');
  } catch (error) {
    if (error instanceof BackupError && /gzip|header/.test(error.message)) {
      throw new BackupError(`${reader.file} is not a Gongzhi backup (${error.message})`);
    }
    throw error;
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupError(`${reader.file} is not a Gongzhi backup`);
  if (header.version !== BACKUP_VERSION) {
    throw new BackupError(`${reader.file} has backup format version ${header.version}; this version of Gongzhi reads version ${BACKUP_VERSION}`);
  }
  return header;
}

/** The header of a backup file (format, migrations, tables and row counts). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const reader = new BackupReader(file);
  try {
    return await readHeaderFrom(reader);
  } finally {
    await reader.close();
  }
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
  const current = await rows(
    sql<{ name: string; table: string | null; column: string | null }>`
      SELECT s.relname AS name, t.relname AS "table", a.attname AS "column"
      FROM pg_catalog.pg_class s
      JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace
      LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
      LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
      LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND n.nspname = 'public'`,
    db,
  );
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

/**
 * The embedded database may be opened by one process only, and PGlite does not
 * lock its directory. While it is open its directory holds `postmaster.pid`
 * (removed on a clean close), so a maintenance command refuses to open a
 * directory that has one: a server is running on it, or the last one was
 * killed without shutting down.
 */
export function embeddedDatabaseInUse(dataDir: string): string | null {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!fs.existsSync(pidFile)) return null;
  const started = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[2]);
  const since = Number.isFinite(started) && started > 0 ? ` since ${new Date(started * 1000).toISOString()}` : '';
  return (
    `The embedded database in ${dataDir} is open${since} (${pidFile} exists): stop the Gongzhi server first ` +
    '(the embedded database must never be opened by two processes). If no server is running — it was killed ' +
    'without shutting down — start it once and stop it with Ctrl-C, or pass --ignore-lock.'
  );
}

export function isEmbeddedDatabase(dataDir: string): boolean {
  return fs.existsSync(`${dataDir}/PG_VERSION`);
}

export interface MaintenanceOptions {
  /** Restore: create (and migrate) a blank database. Backup: refuse a missing one. */
  create: boolean;
  ignoreLock?: boolean;
}

/**
 * Opens the configured database for a maintenance command: the PostgreSQL
 * server of `url`, or the embedded database in `dataDir` after checking that
 * no server has it open.
 */
export async function openForMaintenance(target: { url: string | undefined; dataDir: string }, options: MaintenanceOptions): Promise<DatabaseHandle> {
  if (!target.url) {
    const exists = isEmbeddedDatabase(target.dataDir);
    if (!exists && !options.create) {
      throw new BackupError(`There is no embedded database in ${target.dataDir}. Set GONGZHI_DATA_DIR to its parent directory, or DATABASE_URL for a PostgreSQL server.`);
    }
    const inUse = exists && !options.ignoreLock ? embeddedDatabaseInUse(target.dataDir) : null;
    if (inUse) throw new BackupError(inUse);
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ url: target.url, dataDir: target.url ? undefined : target.dataDir, poolSize: 2 });
    await sql`SELECT 1`.execute(handle.db);
  } catch (error) {
    const where = target.url ? 'the PostgreSQL server of DATABASE_URL' : `the embedded database in ${target.dataDir}`;
    throw new BackupError(`Cannot open ${where}: ${(error as Error).message}`);
  }
  if (options.create && !(await appliedMigrations(handle.db))) await migrate(handle.db);
  return handle;
}
