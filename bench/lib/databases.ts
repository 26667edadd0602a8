import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadDemo } from '../../server/src/demo/index.js';
import { openDatabase, type DatabaseHandle } from '../../server/src/platform/db/database.js';
import { migrate } from '../../server/src/platform/db/migrate.js';

export type DbKind = 'pglite' | 'postgres';

export interface BenchDatabase {
  kind: DbKind;
  handle: DatabaseHandle;
  /** Where it lives, for the report: a temp directory or the database name. */
  where: string;
  version: string;
  close(): Promise<void>;
}

/**
 * A fresh database of either kind with the migrations and the demo city: an
 * embedded PGlite in a temporary directory (removed at close), or a database
 * created on the PostgreSQL server (dropped at close). Pool size as the
 * application's default, so the figures are what a deployment gets.
 */
export async function openBenchDatabase(kind: DbKind, serverUrl: string, log: (line: string) => void): Promise<BenchDatabase> {
  let handle: DatabaseHandle;
  let where: string;
  let cleanup: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
    handle = await openDatabase({ dataDir: path.join(dir, 'db') });
    where = dir;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `gz_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ url: url.toString() });
    where = `${url.host}/${name}`;
    cleanup = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const t0 = performance.now();
  await migrate(handle.db);
  await loadDemo(handle.db);
  log(`  migrations and demo city: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { rows } = await sql<{ v: string }>`SELECT version() AS v`.execute(handle.db);
  return {
    kind,
    handle,
    where,
    version: rows[0]!.v,
    async close() {
      await handle.close();
      await cleanup();
    },
  };
}
