import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Job } from '../../platform/jobs.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { beijingToday } from '../../platform/time.js';
import { notify } from '../cases/notify.js';
import type { Static } from 'typebox';
import { permissionsAt, type Ctx } from './access.js';
import { M } from './messages.js';
import type { TaskQuery } from './schema.js';
import { TASK_TRANSITIONS } from './workflow.js';

function tasksBase(db: Database) {
  return db
    .selectFrom('meeting_task as k')
    .innerJoin('territory_node as n', 'n.id', 'k.community_id')
    .innerJoin('app_user as u', 'u.id', 'k.owner_user_id')
    .innerJoin('meeting_resolution as r', 'r.id', 'k.resolution_id');
}

export async function listTasks(db: Database, actor: Actor, q: Static<typeof TaskQuery>) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = tasksBase(db).where((eb) => territoryCondition(eb as never, 'k.community_id' as never, scopeFor(actor, 'meeting:read')));
  if (q.communityId) base = base.where('k.community_id', '=', q.communityId);
  if (q.status) base = base.where('k.status', '=', q.status);
  if (q.overdue !== undefined) base = base.where('k.overdue', '=', q.overdue);
  const [rows, total] = await Promise.all([
    base.selectAll('k').select(['n.name as community_name', 'u.display_name as owner_name', 'r.meeting_id']).orderBy('k.due_on').orderBy('k.id').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((k) => ({ id: k.id, kind: k.kind, title: k.title, communityId: k.community_id, communityName: k.community_name, ownerUserId: k.owner_user_id, ownerName: k.owner_name, dueOn: k.due_on, status: k.status, overdue: k.overdue, resolutionId: k.resolution_id, meetingId: k.meeting_id, version: k.version })),
    total: Number(total.n),
    current,
    pageSize,
  };
}

/** open → done, by the owner or the community's staff. */
export async function completeTask(db: Database, ctx: Ctx, id: number, version: number) {
  await db.transaction().execute(async (trx) => {
    const k = await trx.selectFrom('meeting_task as k').innerJoin('territory_node as n', 'n.id', 'k.community_id').selectAll('k').select('n.path').where('k.id', '=', id).forUpdate('k').executeTakeFirst();
    if (!k) throw notFound();
    const here = permissionsAt(ctx.actor, k.path);
    if (!here.has('meeting:read') && k.owner_user_id !== ctx.actor.userId) throw notFound();
    if (!here.has(TASK_TRANSITIONS.complete.permission) && k.owner_user_id !== ctx.actor.userId) throw new AppError(403, 'forbidden');
    if (k.status !== 'open') throw new AppError(409, M['meeting.invalid_transition'], { status: '已完成', action: TASK_TRANSITIONS.complete.label });
    if (k.version !== version) throw conflict();
    await trx.updateTable('meeting_task').set({ status: 'done', done_at: new Date(), version: k.version + 1 }).where('id', '=', id).execute();
    await trx
      .insertInto('meeting_resolution_event')
      .values({ resolution_id: k.resolution_id, action: 'complete', from_status: 'passed', to_status: 'passed', actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, note: k.title, detail: JSON.stringify({ taskId: id }) })
      .execute();
  });
}

/** Flags open tasks past their deadline once and tells the owner; the partial index keeps it to the candidates. */
export async function flagOverdueTasks(db: Database, now = new Date()): Promise<number> {
  const due = await db.selectFrom('meeting_task').select(['id', 'owner_user_id', 'title', 'due_on']).where('status', '=', 'open').where('overdue', '=', false).where('due_on', '<', beijingToday(now)).limit(500).execute();
  for (const k of due) {
    await db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('meeting_task').set({ overdue: true }).where('id', '=', k.id).where('overdue', '=', false).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return;
      await notify(trx, [k.owner_user_id], { kind: 'meeting.task_overdue', title: `会议决议任务已逾期：${k.title}（期限 ${k.due_on}）`, entityType: 'meeting_task', entityId: k.id });
    });
  }
  return due.length;
}

export const taskOverdueJob: Job = {
  name: 'meetings.tasks_overdue',
  everySeconds: 3600,
  leaseSeconds: 300,
  run: async (db) => {
    await flagOverdueTasks(db);
  },
};
