import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');

interface MigrationFile {
  version: string;
  name: string;
  text: string;
  checksum: string;
}

/** Files are `<14-digit timestamp>_<name>.sql`; they run in timestamp order, each once. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d{14})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file name must be <yyyymmddhhmmss>_<name>.sql: ${file}`);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const checksum = crypto.createHash('sha256').update(text).digest('hex');
      return { version: match[1]!, name: match[2]!, text, checksum };
    });
}

/** Arbitrary constant: several servers starting at once apply migrations one at a time. */
const MIGRATION_LOCK = 702_012_022;

/**
 * Applies pending migrations, each in its own transaction together with its
 * bookkeeping row. A landed migration whose text changed stops the start-up:
 * migrations are never edited, a new one is added instead.
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const applied: string[] = [];
  for (const migration of readMigrations(dir)) {
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      const done = await trx
        .selectFrom('schema_migration')
        .select(['checksum'])
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.version}_${migration.name} was edited after it was applied; add a new migration instead.`);
        }
        return;
      }
      await sql.raw(migration.text).execute(trx);
      await trx
        .insertInto('schema_migration')
        .values({ version: migration.version, name: migration.name, checksum: migration.checksum })
        .execute();
      applied.push(`${migration.version}_${migration.name}`);
    });
  }
  return applied;
}
