import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError } from '../../platform/errors.js';
import { publishNotice } from '../notices/service.js';
import { fireRound, fireRoundIn, moveCandidates, type LoadedRound } from './engine.js';
import { M } from './messages.js';
import { brokenRules, checkComposition, rulesFor, servingSeats, type Seat } from './rules.js';
import type { CandidateStatus } from './tables.js';
import { ROLE_WORDS, ROUND_TRANSITIONS } from './workflow.js';

type Staff = RequestContext & { actor: Actor };

/** 发布公告: the announcement goes on the community's board; nominations open. */
export function announce(db: Database, ctx: Staff, id: number, version: number) {
  return fireRound(db, ctx, id, version, 'announce', async ({ trx, round }) => {
    const notice = await publishNotice(trx, {
      communityId: round.community_id,
      kind: 'announcement',
      title: round.title,
      body: `${round.body}\n\n意愿征集时间：${round.collect_from} 至 ${round.collect_until}。可通过自荐、居民推荐、单位推荐报名。`,
      subject: { type: 'selection_round', id: round.id },
      publishedBy: ctx.actor.userId,
    });
    return { set: { announcement_id: notice.id } };
  });
}

/** The announcement comes off the board's current list when its collection ends (or the round is cancelled). */
async function endAnnouncement(trx: Database, round: LoadedRound, status: 'closed' | 'withdrawn', now: Date) {
  if (round.announcement_id === null) return;
  await trx
    .updateTable('public_notice')
    .set((eb) => ({ status, closed_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', round.announcement_id)
    .where('status', '=', 'open')
    .execute();
}

export function closeCollection(db: Database, ctx: Staff, id: number, version: number) {
  return fireRound(db, ctx, id, version, 'close_collection', async ({ trx, round, now }) => {
    await endAnnouncement(trx, round, 'closed', now);
    return {};
  });
}

/** Seats the round would fill: the committee as it serves plus candidates in `statuses`. */
async function projectedSeats(trx: Database, round: LoadedRound, statuses: CandidateStatus[]): Promise<Seat[]> {
  const rows = await trx.selectFrom('selection_candidate').select(['proposed_role', 'is_party_secretary']).where('round_id', '=', round.id).where('status', 'in', statuses).execute();
  return [...(await servingSeats(trx, round.community_id)), ...rows.map((r) => ({ role: r.proposed_role, isPartySecretary: r.is_party_secretary }))];
}

/**
 * The composition check at submission and at appointment: a broken rule needs a reason
 * (given now or recorded before), else 422 naming the rules.
 */
export async function requireComposition(trx: Database, round: LoadedRound, statuses: CandidateStatus[], reason: string | undefined): Promise<string | null> {
  const broken = brokenRules(checkComposition(await rulesFor(trx, round.community_id), await projectedSeats(trx, round, statuses)));
  if (broken.length === 0) return reason?.trim() || round.deviation_reason;
  const recorded = reason?.trim() || round.deviation_reason;
  if (!recorded) throw new AppError(422, M['selection.composition'], { rules: broken.join('；') }, [{ field: 'body.deviationReason', key: M['selection.composition'], params: { rules: broken.join('；') } }]);
  return recorded;
}

/** 报街道党工委审批备案: the meeting is on record, every candidate decided, the list meets the rules (or says why not). */
export function submit(db: Database, ctx: Staff, id: number, input: { version: number; deviationReason?: string }) {
  return fireRound(db, ctx, id, input.version, 'submit', async ({ trx, round, now }) => {
    if (!round.meeting_date || !round.meeting_attendees) throw conflict(M['selection.meeting_missing']);
    const counts = await trx.selectFrom('selection_candidate').select(['status']).where('round_id', '=', round.id).execute();
    const undecided = counts.filter((c) => c.status === 'nominated').length;
    if (undecided > 0) throw conflict(M['selection.undecided'], { count: undecided });
    if (!counts.some((c) => c.status === 'proposed')) throw conflict(M['selection.nobody_proposed']);
    const deviation = await requireComposition(trx, round, ['proposed'], input.deviationReason);
    return { set: { submitted_at: now, deviation_reason: deviation }, note: deviation ? `偏离原因：${deviation}` : null };
  });
}

/** 审批备案 by the street: every proposed candidate is approved with the list. */
export function approve(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string }) {
  return fireRound(db, ctx, id, input.version, 'approve', async ({ trx, round, now }) => {
    await moveCandidates(trx, ctx, round.id, 'approve', now);
    return { set: { review_comment: input.comment?.trim() || null, reviewed_by: ctx.actor.userId, reviewed_at: now }, note: input.comment ?? null };
  });
}

export function returnList(db: Database, ctx: Staff, id: number, input: { version: number; comment?: string }) {
  if (!input.comment?.trim()) throw fieldError('body.comment', M['selection.comment_required']);
  return fireRound(db, ctx, id, input.version, 'return', async ({ now }) => ({
    set: { review_comment: input.comment!.trim(), reviewed_by: ctx.actor.userId, reviewed_at: now },
    note: input.comment!.trim(),
  }));
}

export function revise(db: Database, ctx: Staff, id: number, version: number) {
  return fireRound(db, ctx, id, version, 'revise', async () => ({}));
}

export function cancel(db: Database, ctx: Staff, id: number, input: { version: number; note?: string }) {
  return fireRound(db, ctx, id, input.version, 'cancel', async ({ trx, round, now }) => {
    await endAnnouncement(trx, round, 'withdrawn', now);
    return { note: input.note ?? null };
  });
}

/**
 * 辖区公示: the approved list goes on the board as an objectable notice for the city's
 * notice_days; `daySeconds` is the length of a notice day (config.noticeDaySeconds).
 */
export function publish(db: Database, ctx: Staff, id: number, version: number, daySeconds = 86_400) {
  return fireRound(db, ctx, id, version, 'publish', async ({ trx, round, now }) => {
    const rules = await rulesFor(trx, round.community_id);
    const listed = await moveCandidates(trx, ctx, round.id, 'publish', now);
    const lines = listed.map((c, i) => `${i + 1}. ${c.name}，${c.gender === 'male' ? '男' : '女'}，${c.affiliation ?? '—'}，拟任${ROLE_WORDS[c.proposed_role]}`);
    const notice = await publishNotice(trx, {
      communityId: round.community_id,
      kind: 'appointment',
      title: `${round.community_name}社区建设工作委员会${round.kind === 'supplement' ? '增补' : ''}委员拟聘任人选公示`,
      body: [
        `经个人自荐、居民推荐、单位推荐，社区党组织会议讨论决定，报街道党工委审批备案，现将拟聘任人选公示如下：`,
        ...lines,
        `公示期 ${rules.noticeDays} 天。公示期间如有异议，可在本公示页用手机号提交，社区将逐条核实并答复。`,
      ].join('\n'),
      objectable: true,
      days: (rules.noticeDays * daySeconds) / 86_400,
      startsAt: now,
      subject: { type: 'selection_round', id: round.id },
      publishedBy: ctx.actor.userId,
    });
    return { set: { notice_id: notice.id }, detail: { noticeId: notice.id, days: rules.noticeDays } };
  });
}

/** The scheduler's step when the notice period has ended (in the notice job's transaction). */
export async function closeNotice(trx: Database, roundId: number): Promise<void> {
  const round = await trx.selectFrom('selection_round').select('status').where('id', '=', roundId).executeTakeFirst();
  if (!round || !(ROUND_TRANSITIONS.close_notice.from as readonly string[]).includes(round.status)) return;
  await fireRoundIn(trx, { actor: null, ip: 'scheduler' }, roundId, null, 'close_notice', async () => ({ note: '公示期满' }));
}
