import type { Database } from '../../platform/db/database.js';
import type { Job } from '../../platform/jobs.js';
import { subjectOf } from './subjects.js';

/** Notices closed per run; the rest wait for the next run, so one run never holds its lease long. */
const BATCH = 200;

/**
 * Closes every open notice whose period has ended and lets its subject move on (a selection
 * round goes from 公示 to 待聘任), each in its own transaction. The status condition on the
 * update makes a second server (or a second run) a no-op for a notice already closed.
 */
export async function closeEndedNotices(db: Database, now = new Date()): Promise<number> {
  const due = await db.selectFrom('public_notice').select('id').where('status', '=', 'open').where('ends_at', '<=', now).orderBy('ends_at').limit(BATCH).execute();
  let closed = 0;
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      const notice = await trx
        .updateTable('public_notice')
        .set((eb) => ({ status: 'closed', closed_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'open')
        .returningAll()
        .executeTakeFirst();
      if (!notice) return;
      await subjectOf(notice)?.closed(trx, notice);
      closed++;
    });
  }
  return closed;
}

export const noticeClosingJob: Job = {
  name: 'notices.close-ended',
  everySeconds: 30,
  run: async (db) => {
    await closeEndedNotices(db);
  },
};
