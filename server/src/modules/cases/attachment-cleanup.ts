import { loadConfig } from '../../config.js';
import type { Database } from '../../platform/db/database.js';
import type { Job } from '../../platform/jobs.js';
import { storageFor, type FileStorage } from '../../platform/storage.js';

/** An upload no case claimed within a day was abandoned (the form was closed, the phone went away). */
export const UNCLAIMED_HOURS = 24;
const BATCH = 200;

/** Deletes abandoned uploads, row and files; a file already gone is no error. Returns how many went. */
export async function purgeUnclaimedUploads(db: Database, storage: FileStorage, now = new Date()): Promise<number> {
  const stale = await db
    .selectFrom('case_attachment')
    .select(['id', 'storage_key', 'thumbnail_key'])
    .where('case_id', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - UNCLAIMED_HOURS * 3_600_000))
    .orderBy('created_at')
    .limit(BATCH)
    .execute();
  if (stale.length === 0) return 0;
  // Rows first, and only those still unclaimed: a case claiming one this instant keeps it.
  const deleted = await db
    .deleteFrom('case_attachment')
    .where('id', 'in', stale.map((a) => a.id))
    .where('case_id', 'is', null)
    .returning(['storage_key', 'thumbnail_key'])
    .execute();
  for (const a of deleted) await Promise.all([storage.delete(a.storage_key), storage.delete(a.thumbnail_key)]);
  return deleted.length;
}

/** Runs on the shared JobRunner with the server's own storage settings. */
export const unclaimedUploadsJob: Job = {
  name: 'cases.unclaimed_uploads',
  everySeconds: 3600,
  run: (db) => purgeUnclaimedUploads(db, storageFor(loadConfig())).then(() => undefined),
};
