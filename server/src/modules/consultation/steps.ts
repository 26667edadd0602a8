import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { getMeeting } from '../meetings/service.js';
import { publishNotice } from '../notices/service.js';
import { fire, timeline, writableItem } from './engine.js';
import { M } from './messages.js';
import type { Participant } from './tables.js';
import { LEVEL_LABELS } from './workflow.js';

type Staff = RequestContext & { actor: Actor };

/** 集 ends: staff close the collection (at or before its deadline) and move on to the proposal. */
export function closeCollection(db: Database, ctx: Staff, id: number, version: number) {
  return fire(db, ctx, id, version, 'close_collection', async ({ trx, item }) => {
    const n = await trx.selectFrom('consultation_opinion').select((eb) => eb.fn.countAll<number>().as('n')).where('consultation_id', '=', item.id).executeTakeFirstOrThrow();
    return { set: { collect_until: new Date(Math.min(item.collect_until.getTime(), Date.now())) }, note: `共收集意见 ${Number(n.n)} 条` };
  });
}

/** 提: the proposal (方案) drawn from the opinions goes to the party organisation. */
export function propose(db: Database, ctx: Staff, id: number, input: { version: number; proposal: string }) {
  return fire(db, ctx, id, input.version, 'propose', async () => ({ set: { proposal: input.proposal.trim(), review_comment: null } }));
}

/** 报: the party organisation approves the proposal for consultation … */
export function approve(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string }) {
  const comment = input.comment?.trim() || null;
  return fire(db, ctx, id, input.version, 'approve', async () => ({ set: { review_comment: comment }, note: comment }));
}

/** … or sends it back to be reworked, saying why. */
export function sendBack(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string }) {
  const comment = input.comment?.trim();
  if (!comment) throw fieldError('body.comment', M['consultation.comment_required']);
  return fire(db, ctx, id, input.version, 'send_back', async () => ({ set: { review_comment: comment }, note: comment }));
}

export interface SessionInput {
  version: number;
  meetingId?: number;
  heldOn: string;
  place: string;
  participants: Participant[];
  outcome: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
}

/**
 * The meeting a session names: a 议事协商会 of the item's own community the caller sees, not
 * cancelled. One the caller may not see reads as a wrong choice, not as a missing record.
 */
async function sessionMeeting(db: Database, actor: Actor, communityId: number, meetingId: number) {
  const meeting = await getMeeting(db, actor, meetingId).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  });
  if (!meeting || meeting.type !== 'consultation' || meeting.communityId !== communityId || meeting.status === 'cancelled') throw fieldError('body.meetingId', M['consultation.meeting_invalid']);
  return meeting;
}

/** 商: the 议事协商会 on record — who took part (stakeholders, units), the outcome and the vote. */
export function consult(db: Database, ctx: Staff, id: number, input: SessionInput) {
  return fire(db, ctx, id, input.version, 'consult', async ({ trx, item }) => {
    const meeting = input.meetingId === undefined ? null : await sessionMeeting(trx, ctx.actor, item.community_id, input.meetingId);
    await trx
      .insertInto('consultation_session')
      .values({
        consultation_id: item.id,
        held_on: input.heldOn,
        place: input.place.trim(),
        participants: JSON.stringify(input.participants.map((p) => ({ name: p.name.trim(), kind: p.kind, ...(p.affiliation?.trim() ? { affiliation: p.affiliation.trim() } : {}) }))),
        outcome: input.outcome.trim(),
        votes_for: input.votesFor,
        votes_against: input.votesAgainst,
        votes_abstain: input.votesAbstain,
        meeting_ref: meeting?.id ?? null,
        recorded_by: ctx.actor.userId,
      })
      .execute();
    return { note: `${meeting ? `${meeting.title}，` : ''}${input.heldOn} ${input.place.trim()}：赞成 ${input.votesFor}，反对 ${input.votesAgainst}，弃权 ${input.votesAbstain}`, ...(meeting ? { detail: { meetingId: meeting.id } } : {}) };
  });
}

/** 结: every task done, the result goes on the community's public board for residents to see and rate. */
export function conclude(db: Database, ctx: Staff, id: number, input: { version: number; result: string }) {
  return fire(db, ctx, id, input.version, 'conclude', async ({ trx, item, now }) => {
    const tasks = await trx.selectFrom('consultation_task').select('status').where('consultation_id', '=', item.id).execute();
    if (tasks.length === 0) throw conflict(M['consultation.no_tasks']);
    const open = tasks.filter((t) => t.status !== 'done').length;
    if (open > 0) throw conflict(M['consultation.tasks_open'], { count: open });
    const result = input.result.trim();
    const notice = await publishNotice(trx, {
      communityId: item.community_id,
      kind: 'consultation',
      title: `议事协商结果公开：${item.title}`,
      body: `协商形式：${LEVEL_LABELS[item.level]}\n协商事项：${item.subject}\n\n协商结果：${result}\n\n欢迎居民通过手机对协商结果进行评价。`,
      subject: { type: 'consultation', id: item.id },
      publishedBy: ctx.actor.userId,
      startsAt: now,
    });
    return { set: { result, notice_id: notice.id, concluded_at: now }, detail: { noticeId: notice.id } };
  });
}

/** Whether every id names an active account (task owners, mediators). */
export async function activeUsers(db: Database, ids: number[]): Promise<boolean> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return true;
  const rows = await db.selectFrom('app_user').select('id').where('id', 'in', unique).where('status', '=', 'active').execute();
  return rows.length === unique.length;
}

/** 办: a task with an owner and a deadline, added while the item is being acted on. */
export async function addTask(db: Database, ctx: Staff, id: number, input: { title: string; ownerName: string; ownerUserId?: number; dueOn: string }) {
  return db.transaction().execute(async (trx) => {
    const item = await writableItem(trx, ctx.actor, id);
    if (item.status !== 'acting') throw conflict(M['consultation.not_acting']);
    if (input.ownerUserId !== undefined && !(await activeUsers(trx, [input.ownerUserId]))) throw fieldError('body.ownerUserId', M['consultation.unknown_user']);
    const row = await trx
      .insertInto('consultation_task')
      .values({ consultation_id: item.id, title: input.title.trim(), owner_name: input.ownerName.trim(), owner_user_id: input.ownerUserId ?? null, due_on: input.dueOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    await timeline(trx, ctx, { id: item.id, action: 'task_add', from: item.status, to: item.status, note: `${input.title.trim()}（${input.ownerName.trim()}，${input.dueOn} 前）`, detail: { taskId: row.id } });
    await audit(trx, ctx, { action: 'consultation.task_add', entityType: 'consultation', entityId: item.id, territoryId: item.community_id, summary: `议事协商“${item.title}”登记任务：${input.title.trim()}` });
    return row.id;
  });
}

export async function completeTask(db: Database, ctx: Staff, taskId: number, input: { version: number; note?: string }) {
  await db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('consultation_task').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
    if (!task) throw notFound();
    const item = await writableItem(trx, ctx.actor, task.consultation_id);
    if (task.version !== input.version) throw conflict();
    if (task.status === 'done') throw conflict(M['consultation.task_done']);
    if (item.status !== 'acting') throw conflict(M['consultation.not_acting']);
    const now = new Date();
    await trx.updateTable('consultation_task').set({ status: 'done', done_note: input.note?.trim() || null, done_at: now, version: task.version + 1 }).where('id', '=', task.id).execute();
    await timeline(trx, ctx, { id: item.id, action: 'task_done', from: item.status, to: item.status, note: task.title, detail: { taskId: task.id, late: task.overdue }, at: now });
    await audit(trx, ctx, { action: 'consultation.task_done', entityType: 'consultation', entityId: item.id, territoryId: item.community_id, summary: `议事协商“${item.title}”任务完成：${task.title}` });
  });
}
