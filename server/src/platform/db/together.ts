import { sql, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Runs several writes as one statement: every query but the last becomes a
 * data-modifying CTE of the last, whose rows are returned.
 *
 * One round trip instead of one per write, and, outside a transaction, no lock
 * is held while the application serves other requests between statements:
 * the rows every write under the same node shares (the statistics rollups)
 * are locked only for the time PostgreSQL itself needs to commit.
 *
 * The writes run on one snapshot and cannot see each other's rows, so each
 * must be complete in itself (ids drawn beforehand). Foreign keys are checked
 * at the end of the statement: a row may reference one inserted beside it.
 */
export async function executeTogether<O>(db: Kysely<DB>, before: readonly Compilable[], last: Compilable<O>): Promise<O[]> {
  if (before.length === 0) return (await db.executeQuery(last.compile())).rows;
  const ctes = sql.join(before.map((query, i) => sql`${sql.id(`write_${i}`)} AS (${query})`));
  const { rows } = await sql<O>`WITH ${ctes} ${last}`.execute(db);
  return rows;
}
