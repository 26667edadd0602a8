import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { isValidChineseId } from '../../platform/identity.js';
import { maskIdNumber } from '../../platform/personal.js';
import { maskPhone } from '../../platform/personal.js';
import { holdsOver, pathInScope, scopeFor, territoryCondition } from '../../platform/scope.js';
import { loadRound, READ_PERMISSIONS, seesRound, timeline, visibleRound, type LoadedRound } from './engine.js';
import { M } from './messages.js';
import { brokenRules, checkComposition, rulesFor, servingSeats } from './rules.js';
import type { Meeting, Nomination } from './schema.js';
import type { CandidateRow, RoundKind, RoundStatus } from './tables.js';
import { IN_PLAY, NOMINATION_STATES, ROUND_LABELS, roundActionsFor } from './workflow.js';

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

export interface RoundFilter {
  current?: number;
  pageSize?: number;
  communityId?: number;
  status?: RoundStatus;
  kind?: RoundKind;
}

/** Rounds in the caller's area: the community's own, or every community of a street or above. */
export async function listRounds(db: Database, actor: Actor, filter: RoundFilter) {
  const current = filter.current ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const scopes = READ_PERMISSIONS.filter((p) => actor.permissions.has(p)).map((p) => scopeFor(actor, p));
  let q = db
    .selectFrom('selection_round as r')
    .innerJoin('territory_node as t', 't.id', 'r.community_id')
    .where((eb) => eb.or(scopes.map((s) => territoryCondition(eb as never, 'r.community_id' as never, s))));
  if (filter.communityId) q = q.where('r.community_id', '=', filter.communityId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.kind) q = q.where('r.kind', '=', filter.kind);
  const [rows, count] = await Promise.all([
    q
      .selectAll('r')
      .select('t.name as community_name')
      .select((eb) => eb.selectFrom('selection_candidate as sc').whereRef('sc.round_id', '=', 'r.id').select(eb.fn.countAll<number>().as('n')).as('candidate_count'))
      .orderBy('r.id', 'desc')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map((r) => summary(r, Number(r.candidate_count ?? 0))), total: Number(count.n), current, pageSize };
}

function summary(r: Omit<LoadedRound, 'community_path'>, candidateCount: number) {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    kind: r.kind,
    status: r.status,
    title: r.title,
    collectFrom: r.collect_from,
    collectUntil: r.collect_until,
    seats: r.seats,
    candidateCount,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export async function createRound(
  db: Database,
  ctx: RequestContext & { actor: Actor },
  input: { communityId: number; kind: RoundKind; title: string; body: string; collectFrom: string; collectUntil: string; seats?: number },
) {
  const community = await db.selectFrom('territory_node').select(['id', 'path', 'level', 'name']).where('id', '=', input.communityId).executeTakeFirst();
  if (!community || !pathInScope(scopeFor(ctx.actor, 'selection:write'), community.path)) throw notFound();
  if (community.level !== 'community') throw fieldError('body.communityId', M['selection.not_a_community']);
  if (input.collectUntil < input.collectFrom) throw fieldError('body.collectUntil', M['selection.period_order']);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('selection_round')
      .values({
        community_id: community.id,
        kind: input.kind,
        title: input.title.trim(),
        body: input.body,
        collect_from: input.collectFrom,
        collect_until: input.collectUntil,
        seats: input.seats ?? null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await timeline(trx, ctx, { roundId: row.id, action: 'create', from: null, to: 'draft', at: new Date() });
    await audit(trx, ctx, { action: 'selection.create', entityType: 'selection_round', entityId: row.id, territoryId: community.id, summary: `${community.name}：新建委员产生（${input.kind === 'supplement' ? '增补' : '组建'}）` });
    return row.id;
  });
}

/** Projected composition: the serving members plus this round's candidates still in play. */
export async function roundComposition(db: Database, round: LoadedRound) {
  const rules = await rulesFor(db, round.community_id);
  // Appointed candidates are serving members by now; the rest in play would join them.
  const candidates = await db
    .selectFrom('selection_candidate')
    .select(['proposed_role', 'is_party_secretary'])
    .where('round_id', '=', round.id)
    .where('status', 'in', IN_PLAY.filter((s) => s !== 'appointed'))
    .execute();
  const seats = [...(await servingSeats(db, round.community_id)), ...candidates.map((c) => ({ role: c.proposed_role, isPartySecretary: c.is_party_secretary }))];
  const checks = checkComposition(rules, seats);
  return { checks, warnings: brokenRules(checks), deviationReason: round.deviation_reason };
}

export async function pendingObjections(db: Database, noticeId: number | null): Promise<number> {
  if (noticeId === null) return 0;
  const row = await db.selectFrom('notice_objection').select((eb) => eb.fn.countAll<number>().as('n')).where('notice_id', '=', noticeId).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function roundDetail(db: Database, actor: Actor, id: number) {
  const round = await visibleRound(db, actor, id);
  const [count, notice, events, composition, pending] = await Promise.all([
    db.selectFrom('selection_candidate').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', id).executeTakeFirstOrThrow(),
    round.notice_id === null ? undefined : db.selectFrom('public_notice').select(['ends_at', 'status']).where('id', '=', round.notice_id).executeTakeFirst(),
    db
      .selectFrom('selection_event as e')
      .leftJoin('selection_candidate as c', 'c.id', 'e.candidate_id')
      .select(['e.id', 'e.candidate_id', 'c.name', 'e.action', 'e.from_status', 'e.to_status', 'e.actor_name', 'e.note', 'e.at'])
      .where('e.round_id', '=', id)
      .orderBy('e.id')
      .execute(),
    roundComposition(db, round),
    pendingObjections(db, round.notice_id),
  ]);
  return {
    ...summary(round, Number(count.n)),
    body: round.body,
    announcementId: round.announcement_id,
    meetingDate: round.meeting_date,
    meetingAttendees: round.meeting_attendees,
    meetingNote: round.meeting_note,
    submittedAt: round.submitted_at?.toISOString() ?? null,
    reviewComment: round.review_comment,
    reviewedAt: round.reviewed_at?.toISOString() ?? null,
    noticeId: round.notice_id,
    noticeEndsAt: notice?.ends_at ? new Date(notice.ends_at).toISOString() : null,
    noticeStatus: notice?.status ?? null,
    pendingObjections: pending,
    deviationReason: round.deviation_reason,
    appointedOn: round.appointed_on,
    actions: roundActionsFor(round.status, (p) => holdsOver(actor, p, round.community_path)),
    composition,
    timeline: events.map((e) => ({
      id: e.id,
      candidateId: e.candidate_id,
      candidateName: e.name,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actorName: e.actor_name,
      note: e.note,
      at: e.at.toISOString(),
    })),
  };
}

export function candidateView(c: CandidateRow & { certificate_no?: string | null }) {
  return {
    id: c.id,
    roundId: c.round_id,
    name: c.name,
    gender: c.gender,
    category: c.category,
    affiliation: c.affiliation,
    phone: maskPhone(c.phone)!,
    idNumber: maskIdNumber(c.id_number),
    proposedRole: c.proposed_role,
    isPartySecretary: c.is_party_secretary,
    partyMember: c.party_member,
    channel: c.channel,
    recommender: c.recommender,
    statement: c.statement,
    status: c.status,
    decisionReason: c.decision_reason,
    memberId: c.member_id,
    certificateNo: c.certificate_no ?? null,
    version: c.version,
    createdAt: c.created_at.toISOString(),
  };
}

export async function listCandidates(db: Database, actor: Actor, roundId: number, filter: { current?: number; pageSize?: number; status?: CandidateRow['status']; name?: string }) {
  await visibleRound(db, actor, roundId);
  const current = filter.current ?? 1;
  const pageSize = filter.pageSize ?? 50;
  let q = db.selectFrom('selection_candidate as c').leftJoin('committee_member as m', 'm.id', 'c.member_id').where('c.round_id', '=', roundId);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.name) q = q.where('c.name', 'like', `%${filter.name.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  const [rows, count] = await Promise.all([
    q.selectAll('c').select('m.certificate_no').orderBy('c.id').limit(pageSize).offset((current - 1) * pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(candidateView), total: Number(count.n), current, pageSize };
}

/** The full phone and ID number of one candidate; needs personal:view over the community and is audit-logged. */
export async function candidatePersonal(db: Database, ctx: RequestContext & { actor: Actor }, candidateId: number) {
  const c = await db.selectFrom('selection_candidate').selectAll().where('id', '=', candidateId).executeTakeFirst();
  if (!c) throw notFound();
  const round = await visibleRound(db, ctx.actor, c.round_id);
  if (!holdsOver(ctx.actor, 'personal:view', round.community_path)) throw forbidden();
  await audit(db, ctx, { action: 'personal.view', entityType: 'selection_candidate', entityId: c.id, territoryId: c.community_id, summary: `查看委员人选 ${c.name} 的联系电话和身份证号` });
  return { phone: c.phone, idNumber: c.id_number };
}

/**
 * 征集意愿: one nomination through one of the three doors. Staff enter any of them; a
 * resident files on the H5 page (ctx.resident, submittedByPhone). The same person twice in
 * a round — same ID number, or same name and phone — is a 409.
 */
export async function nominate(db: Database, ctx: RequestContext, roundId: number, input: Nomination): Promise<number> {
  const idNumber = input.idNumber?.toUpperCase() ?? null;
  if (idNumber !== null && !isValidChineseId(idNumber)) throw fieldError('body.idNumber', M['selection.invalid_id_number']);
  if (input.channel !== 'self' && !input.recommender?.trim()) throw fieldError('body.recommender', M['selection.recommender_required']);
  const name = input.name.trim();
  try {
    return await db.transaction().execute(async (trx) => {
      const round = await loadRound(trx, roundId);
      if (!round) throw notFound();
      if (ctx.actor) {
        if (!seesRound(ctx.actor, round)) throw notFound();
        if (!holdsOver(ctx.actor, 'selection:write', round.community_path)) throw forbidden();
      }
      if (!NOMINATION_STATES.includes(round.status)) throw conflict(M['selection.not_collecting']);
      const twin = await trx
        .selectFrom('selection_candidate')
        .select('id')
        .where('round_id', '=', round.id)
        .where((eb) => eb.or([eb.and([eb('name', '=', name), eb('phone', '=', input.phone)]), ...(idNumber ? [eb('id_number', '=', idNumber)] : [])]))
        .executeTakeFirst();
      if (twin) throw conflict(M['selection.duplicate_candidate']);
      const row = await trx
        .insertInto('selection_candidate')
        .values({
          round_id: round.id,
          community_id: round.community_id,
          name,
          gender: input.gender,
          category: input.category,
          affiliation: input.affiliation?.trim() || null,
          phone: input.phone,
          id_number: idNumber,
          proposed_role: input.proposedRole,
          is_party_secretary: input.isPartySecretary ?? false,
          party_member: input.partyMember ?? input.isPartySecretary ?? false,
          channel: input.channel,
          recommender: input.recommender?.trim() || null,
          statement: input.statement?.trim() || null,
          submitted_by_phone: ctx.resident?.phone ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await timeline(trx, ctx, { roundId: round.id, candidateId: row.id, action: 'candidate.nominate', from: null, to: 'nominated', detail: { channel: input.channel }, at: new Date() });
      await audit(trx, ctx, { action: 'selection.nominate', entityType: 'selection_candidate', entityId: row.id, territoryId: round.community_id, summary: `${round.community_name}：登记委员人选 ${name}` });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(M['selection.duplicate_candidate']);
    throw err;
  }
}

/** Nominations one phone may file in one round: a family's worth, not a script's. */
export const RESIDENT_NOMINATIONS_PER_ROUND = 5;

export async function residentNominationCount(db: Database, roundId: number, phone: string) {
  const row = await db.selectFrom('selection_candidate').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', roundId).where('submitted_by_phone', '=', phone).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * 社区党组织会议讨论决定: the meeting's date and attendees and a decision per candidate.
 * Not a state change of the round, but it changes what the round will submit, so it checks
 * and bumps the round's version and writes the timeline in one transaction.
 */
export async function recordMeeting(db: Database, ctx: RequestContext & { actor: Actor }, roundId: number, input: Meeting) {
  await db.transaction().execute(async (trx) => {
    const round = await loadRound(trx, roundId, true);
    if (!round || !seesRound(ctx.actor, round)) throw notFound();
    if (!holdsOver(ctx.actor, 'selection:write', round.community_path)) throw forbidden();
    if (input.version !== round.version) throw conflict();
    if (round.status !== 'deciding') throw new AppError(409, M['selection.invalid_transition'], { status: ROUND_LABELS[round.status], action: '记录党组织会议' });
    const now = new Date();
    const candidates = await trx.selectFrom('selection_candidate').selectAll().where('round_id', '=', round.id).forUpdate().execute();
    for (const [i, d] of input.decisions.entries()) {
      const c = candidates.find((x) => x.id === d.candidateId);
      if (!c || !['nominated', 'proposed', 'not_proposed'].includes(c.status)) throw fieldError(`body.decisions.${i}.candidateId`, M['selection.unknown_candidate']);
      if (!d.proposed && !d.reason?.trim()) throw fieldError(`body.decisions.${i}.reason`, M['selection.reason_required']);
      const to = d.proposed ? 'proposed' : 'not_proposed';
      await trx
        .updateTable('selection_candidate')
        .set({ status: to, decision_reason: d.proposed ? null : d.reason!.trim(), proposed_role: d.proposedRole ?? c.proposed_role, version: c.version + 1, updated_at: now })
        .where('id', '=', c.id)
        .execute();
      await timeline(trx, ctx, { roundId: round.id, candidateId: c.id, action: d.proposed ? 'candidate.propose' : 'candidate.not_propose', from: c.status, to, note: d.reason ?? null, at: now });
    }
    await trx
      .updateTable('selection_round')
      .set({ meeting_date: input.meetingDate, meeting_attendees: input.attendees.trim(), meeting_note: input.note?.trim() || null, version: round.version + 1, updated_at: now })
      .where('id', '=', round.id)
      .execute();
    await timeline(trx, ctx, { roundId: round.id, action: 'meeting', from: round.status, to: round.status, note: `${input.meetingDate} 社区党组织会议`, detail: { decisions: input.decisions.length }, at: now });
    await audit(trx, ctx, { action: 'selection.meeting', entityType: 'selection_round', entityId: round.id, territoryId: round.community_id, summary: `${round.community_name}：记录党组织会议决定（${input.decisions.length} 名人选）` });
  });
}
