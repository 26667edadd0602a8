import fs from 'node:fs';
import { sql } from 'kysely';
import { BackupError } from './backup-file.js';
import { appliedMigrations } from './catalog.js';
import { openDatabase, type DatabaseHandle } from './database.js';
import { migrate } from './migrate.js';

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
