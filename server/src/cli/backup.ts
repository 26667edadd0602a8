/**
 * Writes a logical backup of the whole database (gzip'd JSON lines) that
 * restores into either the embedded database or a PostgreSQL server.
 *
 *   npm run db:backup [-- --out FILE]
 *
 * Without --out the file is backups/gongzhi-<date>-<time>.jsonl.gz. In embedded
 * mode stop the server first; with DATABASE_URL the server may keep running
 * (the backup reads one consistent snapshot).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { BackupError } from '../platform/db/backup-file.js';
import { backupDatabase } from '../platform/db/backup.js';
import { openForMaintenance } from '../platform/db/maintenance.js';

const USAGE = 'usage: npm run db:backup [-- --out FILE] [--ignore-lock]';
const ROOT = path.resolve(import.meta.dirname, '../../..');

try {
  const { values } = parseArgs({
    options: { out: { type: 'string', short: 'o' }, 'ignore-lock': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const config = loadConfig();
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  // npm runs workspace scripts in server/; a relative path means the directory npm was started from.
  const file = values.out
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out)
    : path.join(ROOT, 'backups', `gongzhi-${stamp}.jsonl.gz`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = await openForMaintenance(
    { url: config.databaseUrl, dataDir: path.join(config.dataDir, 'db') },
    { create: false, ignoreLock: values['ignore-lock'] === true },
  );
  try {
    const started = Date.now();
    const summary = await backupDatabase(handle.db, file);
    const size = summary.bytes >= 1 << 20 ? `${(summary.bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(summary.bytes / 1024)} KB`;
    process.stdout.write(
      `Backup written to ${summary.file}: ${summary.tables} tables, ${summary.rows} rows, ` +
        `${summary.migrations} migrations, ${size}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  if (error instanceof BackupError) {
    process.stderr.write(`db:backup: ${error.message}\n`);
  } else if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`db:backup: ${(error as Error).message}\n${USAGE}\n`);
  } else {
    process.stderr.write(`db:backup failed: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
}
