import { sql } from 'kysely';
import type { Job } from '../jobs.js';
import { beijingHour } from '../time.js';
import type { Database } from './database.js';

/**
 * The work PostgreSQL's autovacuum does, for the embedded database, which has none: PGlite
 * runs no background workers, so its tables are never analysed (the planner guesses, and a
 * city-wide case list that takes 0.1 s with statistics took 3 s without) and dead rows left by
 * updates are never reclaimed. One statement per table, so each stalls the event loop (PGlite
 * runs on it) only as long as that table takes.
 */

/** Every table, the migrations' own too (catalog.ts's listTables leaves that one out, for backups). */
async function tables(db: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db);
  return rows.map((r) => r.name);
}

/** Fresh planner statistics for every table: after a bulk load (demo, restore, import) and hourly on PGlite. */
export async function analyzeAll(db: Database): Promise<void> {
  for (const table of await tables(db)) await sql`ANALYZE ${sql.id(table)}`.execute(db);
}

export async function vacuumAll(db: Database): Promise<void> {
  for (const table of await tables(db)) await sql`VACUUM (ANALYZE) ${sql.id(table)}`.execute(db);
}

const VACUUM_HOUR = 3;
const VACUUM_AT_LEAST_EVERY_MS = 48 * 3_600_000;

/**
 * VACUUM stalls the embedded server for seconds on a large database, so it runs in the
 * small hours of Beijing time; an installation that is off at night still gets one when
 * the last is two days old (or unknown: PGlite's statistics do not survive a crash).
 */
export async function vacuumIfDue(db: Database, now = new Date()): Promise<boolean> {
  if (beijingHour(now) !== VACUUM_HOUR) {
    const since = new Date(now.getTime() - VACUUM_AT_LEAST_EVERY_MS);
    const { rows } = await sql<{ due: boolean | null }>`SELECT bool_or(last_vacuum IS NULL OR last_vacuum < ${since}) AS due FROM pg_stat_user_tables`.execute(db);
    if (rows[0]?.due === false) return false;
  }
  await vacuumAll(db);
  return true;
}

export const EMBEDDED_UPKEEP_JOBS: Job[] = [
  { name: 'db.analyze', everySeconds: 3600, leaseSeconds: 600, run: analyzeAll },
  { name: 'db.vacuum', everySeconds: 3600, leaseSeconds: 3600, run: (db) => vacuumIfDue(db).then(() => undefined) },
];
