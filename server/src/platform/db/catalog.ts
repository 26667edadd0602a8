import { sql, type RawBuilder } from 'kysely';
import type { BackupMigration, BackupSequence } from './backup-file.js';
import type { Database } from './database.js';

/* What backup and restore read of the database's own catalogue: tables, keys, sequences, migrations. */

/** Bookkeeping of the schema; compared, never dumped as data. */
export const MIGRATION_TABLE = 'schema_migration';

export type Executor = Database;

export const ident = (name: string) => sql.id(name);
export const idents = (names: string[]) => sql.join(names.map(ident));

export async function rows<T>(query: RawBuilder<T>, db: Executor): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** Application tables of the public schema (not partitions, not the migration bookkeeping). */
export async function listTables(db: Executor): Promise<string[]> {
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

export interface TableShape {
  name: string;
  columns: string[];
  primaryKey: { name: string; type: string }[];
}

export async function describeTable(db: Executor, name: string): Promise<TableShape> {
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

export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Parents before children, so even a foreign key that is not DEFERRABLE is
 * satisfied while restoring; ties (and cycles) keep alphabetical order.
 */
export async function dependencyOrder(db: Executor, tables: string[]): Promise<string[]> {
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

/** The public schema's sequences, with the table and column each one feeds (serial / identity) or nulls. */
export async function sequenceOwners(db: Executor) {
  return rows(
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
}

/** Every sequence with its state, as a backup records it. */
export async function listSequences(db: Executor): Promise<BackupSequence[]> {
  const sequences = await sequenceOwners(db);
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

export async function appliedMigrations(db: Executor): Promise<BackupMigration[] | null> {
  const [exists] = await rows(sql<{ found: boolean }>`SELECT to_regclass(${`public.${MIGRATION_TABLE}`}) IS NOT NULL AS found`, db);
  if (!exists?.found) return null;
  return rows(sql<BackupMigration>`SELECT version, name, checksum FROM ${ident(MIGRATION_TABLE)} ORDER BY version`, db);
}
