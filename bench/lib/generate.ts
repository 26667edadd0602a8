import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/src/platform/db/database.js';
import type { DB } from '../../server/src/platform/db/schema.js';
import { insertAssignments, insertCases, insertEvents, type Chunk } from './cases-sql.js';
import { POST_LOAD_STEPS, type PostLoadStep } from './post-load.js';
import { prepare } from './prepare.js';

/**
 * Generates cases over the demo city (server/src/demo: the real Lanzhou tree
 * with its generated grids, compounds and buildings) straight in SQL: one
 * INSERT … SELECT over generate_series per chunk for the cases, one for their
 * timelines, one for their assignments. The same seed and `now` give the same
 * cases on PGlite and on PostgreSQL.
 */
export interface GenerateOptions {
  cases: number;
  seed?: string;
  /** The instant the data ends at; cases spread over the 365 days before it. */
  now?: Date;
  chunkSize?: number;
  /** Drop the tables' secondary indexes for the load and rebuild them after (much faster for large loads). */
  deferIndexes?: boolean;
  postLoad?: PostLoadStep[];
  log?: (line: string) => void;
}

export interface GenerateReport {
  cases: number;
  events: number;
  assignments: number;
  firstId: number;
  lastId: number;
  seconds: number;
  steps: { name: string; seconds: number }[];
}

const TABLES = ['case_record', 'case_event', 'case_assignment'];

/** Secondary indexes of the tables (not those behind a primary key or unique constraint), with their definitions. */
async function secondaryIndexes(conn: Kysely<DB>) {
  const { rows } = await sql<{ name: string; def: string }>`
    SELECT quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE t.relname = ANY(${TABLES}::text[]) AND t.relnamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY ic.relname`.execute(conn);
  return rows;
}

async function count(conn: Kysely<DB>, table: string, column: string, from: number, to: number) {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} BETWEEN ${from}::bigint AND ${to}::bigint`.execute(conn);
  return rows[0]!.n;
}

export async function generateCases(db: Database, options: GenerateOptions): Promise<GenerateReport> {
  const log = options.log ?? (() => {});
  const total = options.cases;
  if (!Number.isInteger(total) || total < 1) throw new Error('cases must be a positive integer');
  const seed = options.seed ?? 'gongzhi';
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const chunkSize = options.chunkSize ?? 100_000;
  const started = performance.now();
  const steps: GenerateReport['steps'] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    const seconds = (performance.now() - t0) / 1000;
    steps.push({ name, seconds });
    log(`  ${name}: ${seconds.toFixed(1)} s`);
    return result;
  };

  // Temporary tables live in one session: the whole load runs on one connection.
  return db.connection().execute(async (conn) => {
    await sql`SET maintenance_work_mem = '256MB'`.execute(conn);
    await sql`SET work_mem = '64MB'`.execute(conn);
    const prepared = await timed('prepare', () => prepare(conn));
    const { rows: bases } = await sql<{ id: number; serial: number }>`
      SELECT nextval(pg_get_serial_sequence('case_record', 'id'))::int8 AS id, nextval('case_tracking_seq')::int8 AS serial`.execute(conn);
    const idBase = bases[0]!.id;
    const serialBase = bases[0]!.serial;
    const firstId = idBase + 1;
    const lastId = idBase + total;

    const deferred = options.deferIndexes === false ? [] : await secondaryIndexes(conn);
    for (const index of deferred) await sql.raw(`DROP INDEX ${index.name}`).execute(conn);

    await timed(`cases, timelines, assignments (${total.toLocaleString('en-US')} cases)`, async () => {
      for (let from = 1; from <= total; from += chunkSize) {
        const chunk: Chunk = { seed, from, to: Math.min(total, from + chunkSize - 1), total, idBase, serialBase, now };
        await conn.transaction().execute(async (trx) => {
          await insertCases(prepared, chunk).execute(trx);
          // Fresh statistics, or the planner takes the growing table for empty and nests loops over it.
          await sql`ANALYZE case_record`.execute(trx);
          await insertEvents(prepared, chunk).execute(trx);
          await insertAssignments(prepared, chunk).execute(trx);
        });
        if (total > chunkSize) log(`    ${chunk.to.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      }
    });
    await sql`SELECT setval(pg_get_serial_sequence('case_record', 'id'), ${lastId}::bigint),
                     setval('case_tracking_seq', ${serialBase + total}::bigint)`.execute(conn);
    if (deferred.length > 0) {
      await timed(`rebuild ${deferred.length} indexes`, async () => {
        for (const index of deferred) await sql.raw(index.def).execute(conn);
      });
    }
    for (const step of options.postLoad ?? POST_LOAD_STEPS) {
      await timed(step.name, () => step.run(conn, { firstId, lastId, log }));
    }
    await sql`DROP TABLE IF EXISTS bench_place, bench_text, bench_limit, bench_dept`.execute(conn);
    return {
      cases: total,
      events: await count(conn, 'case_event', 'case_id', firstId, lastId),
      assignments: await count(conn, 'case_assignment', 'case_id', firstId, lastId),
      firstId,
      lastId,
      seconds: (performance.now() - started) / 1000,
      steps,
    };
  });
}
