import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { assertFrom, assertVersion, eventValues, visibleMeeting, type Ctx, type LoadedMeeting } from './access.js';
import { M } from './messages.js';
import { applyOutcome, checkOutcome } from './outcomes.js';
import type { ResolutionInput } from './schema.js';
import { quorumOf } from './service.js';
import type { VoteChoice } from './tables.js';
import { MEETING_STATE_LABELS, passes, RESOLUTION_STATE_LABELS, RESOLUTION_TRANSITIONS } from './workflow.js';

function inProgress(m: LoadedMeeting, action: string, field?: string) {
  if (m.status === 'in_progress') return;
  const params = { status: MEETING_STATE_LABELS[m.status], action };
  if (field) throw new AppError(409, 'validation_failed', {}, [{ field, key: M['meeting.not_in_progress'], params }]);
  throw new AppError(409, M['meeting.not_in_progress'], params);
}

/** A resolution draft on an agenda item, put to the vote at once (voting). */
export async function proposeResolution(db: Database, ctx: Ctx, itemId: number, input: ResolutionInput) {
  return db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('meeting_agenda_item').selectAll().where('id', '=', itemId).forUpdate().executeTakeFirst();
    if (!item) throw notFound();
    const { row: m } = await visibleMeeting(trx, ctx.actor, item.meeting_id, 'meeting:write', true);
    inProgress(m, '提出决议');
    const existing = await trx.selectFrom('meeting_resolution').select('id').where('agenda_item_id', '=', itemId).executeTakeFirst();
    if (existing) throw conflict(M['meeting.resolution_exists']);
    await checkOutcome(trx, m.community_path, input);
    const row = await trx
      .insertInto('meeting_resolution')
      .values({
        agenda_item_id: itemId,
        meeting_id: m.id,
        community_id: m.community_id,
        text: input.text.trim(),
        outcome: input.outcome,
        owner_user_id: input.ownerUserId ?? null,
        due_on: input.dueOn ?? null,
        department_id: input.departmentId ?? null,
        category_code: input.categoryCode ?? null,
        reasons: input.reasons?.trim() ?? null,
        demand_spec: input.outcome === 'demand' && input.demand ? JSON.stringify(input.demand) : null,
        project_spec: input.outcome === 'project' && input.project ? JSON.stringify(input.project) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('meeting_resolution_event').values({ resolution_id: row.id, ...eventValues(ctx, 'propose', null, 'voting', input.text.trim().slice(0, 200)) }).execute();
    return row.id;
  });
}

async function loadResolution(trx: Database, ctx: Ctx, id: number, permission: 'meeting:read' | 'meeting:write') {
  const r = await trx.selectFrom('meeting_resolution').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw notFound();
  const { row: m, here } = await visibleMeeting(trx, ctx.actor, r.meeting_id, permission, true);
  return { r, m, here };
}

/**
 * One vote per present voting member: staff record a member's vote (by invitee), a
 * member votes for themself. Stakeholders, absentees and people not invited do not
 * vote; a second vote is refused (and the primary key refuses it again).
 */
export async function castVote(db: Database, ctx: Ctx, id: number, body: { inviteeId?: number; choice: VoteChoice }) {
  await db.transaction().execute(async (trx) => {
    const { r, m, here } = await loadResolution(trx, ctx, id, 'meeting:read');
    inProgress(m, '表决', 'body.choice');
    if (r.status !== 'voting') throw new AppError(409, M['meeting.invalid_transition'], { status: RESOLUTION_STATE_LABELS[r.status], action: '表决' });
    const staff = body.inviteeId !== undefined && here.has('meeting:write');
    let q = trx.selectFrom('meeting_invitee').selectAll().where('meeting_id', '=', m.id);
    q = staff ? q.where('id', '=', body.inviteeId!) : q.where('user_id', '=', ctx.actor.userId);
    const voter = await q.executeTakeFirst();
    if (!voter || !voter.voting || voter.signed_in_at === null) throw fieldError('body.inviteeId', M['meeting.not_voting_member']);
    const already = await trx.selectFrom('meeting_vote').select('invitee_id').where('resolution_id', '=', id).where('invitee_id', '=', voter.id).executeTakeFirst();
    if (already) throw new AppError(409, 'validation_failed', {}, [{ field: 'body.inviteeId', key: M['meeting.already_voted'] }]);
    await trx.insertInto('meeting_vote').values({ resolution_id: id, invitee_id: voter.id, choice: body.choice, recorded_by: ctx.actor.userId, recorded_name: ctx.actor.displayName }).execute();
    const column = body.choice === 'for' ? 'votes_for' : body.choice === 'against' ? 'votes_against' : 'votes_abstain';
    await trx.updateTable('meeting_resolution').set((eb) => ({ [column]: eb(column, '+', 1), version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await trx.insertInto('meeting_resolution_event').values({ resolution_id: id, ...eventValues(ctx, 'vote', 'voting', 'voting', voter.name, { choice: body.choice, inviteeId: voter.id }) }).execute();
  });
}

/**
 * Closes the vote. Without a quorum present nothing may pass (and nothing is decided:
 * the members may still arrive); with one, the threshold decides pass or fail. A
 * passed resolution creates its outcome in the same transaction; a dispatch is routed
 * after it commits. The decision stands even when that routing fails (the database away):
 * resolutionRoutingJob finishes it within minutes, so the vote's answer is not an error.
 * The failure comes back for the caller to say so and for the operator's log.
 */
export async function decideResolution(db: Database, ctx: Ctx, id: number, version: number): Promise<{ routingFailure: Error | null }> {
  const route = await db.transaction().execute(async (trx) => {
    const { r, m } = await loadResolution(trx, ctx, id, 'meeting:write');
    inProgress(m, '宣布表决结果');
    assertFrom(RESOLUTION_TRANSITIONS.pass, r.status, RESOLUTION_STATE_LABELS[r.status]);
    assertVersion(r.version, version);
    const quorum = await quorumOf(trx, m);
    if (!quorum.reached) throw new AppError(409, 'validation_failed', {}, [{ field: 'quorum', key: M['meeting.no_quorum'], params: { present: quorum.present, needed: quorum.needed } }]);
    const passed = passes(r.votes_for, quorum.present, m.pass_num, m.pass_den);
    const action = passed ? 'pass' : 'fail';
    const to = RESOLUTION_TRANSITIONS[action].to;
    const now = new Date();
    await trx.updateTable('meeting_resolution').set({ status: to, present: quorum.present, decided_at: now, version: r.version + 1 }).where('id', '=', id).where('version', '=', r.version).execute();
    const decided = { ...r, status: to, present: quorum.present, decided_at: now, version: r.version + 1 };
    await trx
      .insertInto('meeting_resolution_event')
      .values({ resolution_id: id, ...eventValues(ctx, action, 'voting', to, `赞成 ${r.votes_for}，反对 ${r.votes_against}，弃权 ${r.votes_abstain}；出席 ${quorum.present}/${quorum.voting}`) })
      .execute();
    await audit(trx, ctx, { action: `meeting.resolution_${action}`, entityType: 'meeting_resolution', entityId: id, territoryId: m.community_id, summary: `${m.title}：决议${passed ? '通过' : '未通过'}` });
    if (!passed) return null;
    const item = await trx.selectFrom('meeting_agenda_item').select('topic_id').where('id', '=', r.agenda_item_id).executeTakeFirstOrThrow();
    const topic = await trx.selectFrom('meeting_topic').selectAll().where('id', '=', item.topic_id).forUpdate().executeTakeFirstOrThrow();
    return applyOutcome(db, trx, ctx, decided, topic);
  });
  if (!route) return { routingFailure: null };
  try {
    await route();
    return { routingFailure: null };
  } catch (error) {
    return { routingFailure: error instanceof Error ? error : new Error(String(error)) };
  }
}
