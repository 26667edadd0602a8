import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { PGlitePool } from './pglite-pool.js';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** Embedded only: the data directory as a tarball (what `snapshot` takes back). */
  dump?: () => Promise<Blob>;
}

/*
 * Both drivers return the same JS types: int8 (counts, ids, money in fen) as a
 * number — every such value stays far below 2^53 — and DATE as 'YYYY-MM-DD',
 * never as a Date at local midnight.
 */
const INT8 = 20;
const DATE = 1082;
const toInt = (value: string) => Number(value);
const asText = (value: string) => value;
pg.types.setTypeParser(INT8, toInt);
pg.types.setTypeParser(DATE, asText);

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  url?: string;
  /** Directory for the embedded database; absent = in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Told when the server drops an idle pooled connection; the pool recovers by itself. */
  onIdleError?: (error: Error) => void;
  /**
   * Embedded only: start from this dump of a data directory (PGlite's dumpDataDir)
   * instead of an empty cluster. initdb in WebAssembly costs seconds; loading a dump
   * of a migrated database costs about one, which is what every test file pays.
   */
  snapshot?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server (restart, failover, admin kill) must not
    // crash the process: the pool discards it and the next query opens a new one.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const embedded = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.snapshot,
    parsers: { [pgliteTypes.INT8]: toInt, [pgliteTypes.DATE]: asText },
    // The resource bookings' exclusion constraint (units module) needs btree_gist, a contrib module on PostgreSQL.
    extensions: { btree_gist },
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PGlitePool(embedded) }) });
  return {
    db,
    kind: 'pglite',
    dump: () => embedded.dumpDataDir('none'),
    async close() {
      await db.destroy();
      await embedded.close();
    },
  };
}
