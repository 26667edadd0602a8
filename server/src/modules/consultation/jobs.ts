import type { Database } from '../../platform/db/database.js';
import type { Job } from '../../platform/jobs.js';
import { beijingToday } from '../../platform/time.js';
import { notify } from '../cases/notify.js';
import { timeline } from './engine.js';

/**
 * 办 tracked: open tasks past their day become overdue, once each, with a timeline row on
 * their item and a notice to the task's owner and the item's creator.
 */
export async function flagOverdueTasks(db: Database, now = new Date()): Promise<number> {
  const rows = await db
    .selectFrom('consultation_task as k')
    .innerJoin('consultation as c', 'c.id', 'k.consultation_id')
    .select(['k.id', 'k.title', 'k.owner_name', 'k.owner_user_id', 'k.due_on', 'c.id as item_id', 'c.title as item_title', 'c.status', 'c.created_by'])
    .where('k.status', '=', 'open')
    .where('k.overdue', '=', false)
    .where('k.due_on', '<', beijingToday(now))
    .orderBy('k.id')
    .limit(500)
    .execute();
  let flagged = 0;
  for (const r of rows) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('consultation_task').set((eb) => ({ overdue: true, version: eb('version', '+', 1) })).where('id', '=', r.id).where('overdue', '=', false).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await timeline(trx, { actor: null, ip: '' }, { id: r.item_id, action: 'task_overdue', from: r.status, to: r.status, note: `${r.title}（${r.owner_name}，应于 ${r.due_on} 完成）`, detail: { taskId: r.id }, at: now });
      const to = [r.owner_user_id, r.created_by].filter((u): u is number => u !== null);
      await notify(trx, [...new Set(to)], {
        kind: 'consultation.task_overdue',
        title: `议事协商“${r.item_title}”的任务“${r.title}”已逾期`,
        body: `责任人 ${r.owner_name}，应于 ${r.due_on} 完成`,
        entityType: 'consultation',
        entityId: r.item_id,
      });
      flagged++;
    });
  }
  return flagged;
}

export const consultationTasksJob: Job = {
  name: 'consultation.tasks_overdue',
  everySeconds: 3600,
  leaseSeconds: 600,
  run: async (db) => {
    await flagOverdueTasks(db);
  },
};
