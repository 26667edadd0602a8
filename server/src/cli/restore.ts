/**
 * Restores a backup made by db:backup into the configured database — the
 * embedded one or the PostgreSQL server of DATABASE_URL, whichever made the
 * backup — in one transaction.
 *
 *   npm run db:restore -- FILE [--force]
 *
 * A blank database is created and migrated first. The target must have exactly
 * the migrations of the backup; a database that already holds data is replaced
 * only with --force. In embedded mode stop the server first; with a PostgreSQL
 * server stop every application server during the restore.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { BackupError, readBackupHeader } from '../platform/db/backup-file.js';
import { openForMaintenance } from '../platform/db/maintenance.js';
import { restoreDatabase } from '../platform/db/restore.js';

const USAGE = 'usage: npm run db:restore -- FILE [--force] [--ignore-lock]';

try {
  const { values, positionals } = parseArgs({
    options: { force: { type: 'boolean' }, 'ignore-lock': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (positionals.length !== 1) throw Object.assign(new Error('give exactly one backup file'), { code: 'ERR_PARSE_ARGS_USAGE' });
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
  const header = await readBackupHeader(file); // a bad file is refused before the database is touched
  const config = loadConfig();
  const handle = await openForMaintenance(
    { url: config.databaseUrl, dataDir: path.join(config.dataDir, 'db') },
    { create: true, ignoreLock: values['ignore-lock'] === true },
  );
  try {
    const started = Date.now();
    const summary = await restoreDatabase(handle.db, file, { force: values.force === true });
    process.stdout.write(
      `Restored ${file} (made ${header.created_at}): ${summary.tables} tables, ${summary.rows} rows, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  if (error instanceof BackupError) {
    process.stderr.write(`db:restore: ${error.message}\n`);
  } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`db:restore: ${(error as Error).message}\n${USAGE}\n`);
  } else {
    process.stderr.write(`db:restore failed: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
}
