import type { Static } from 'typebox';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor, territoryCondition } from '../../platform/scope.js';
import { beijingMonth } from '../../platform/time.js';
import { submit } from '../cases/intake.js';
import { notify } from '../cases/notify.js';
import { STATE_LABELS as CASE_STATE_LABELS } from '../cases/service.js';
import { permissionsAt, visibleCommittee, visibleMember } from './access.js';
import './membership-tables.js';
import { M } from './messages.js';
import { countVisit } from './stats.js';
import type { LogVisitInput, RoundQuery, VisitQuery, VisitToCaseBody } from './visit-schema.js';
import { claimVisitPhotos, photoView } from './visit-photos.js';
import { CATEGORY_LABELS, IN_OFFICE, ROLE_LABELS } from './workflow.js';

type Ctx = RequestContext & { actor: Actor };

/** 'YYYY-MM' → '2026-12-01'; absent → this Beijing month. */
export const monthOf = (month: string | undefined) => (month ? `${month}-01` : beijingMonth(new Date()));

/**
 * 走访 (C4, seed 001 §四.1): a member, grid worker or building head records a visit
 * in their own area. A visitor who is a member of the community's committee has the
 * visit counted for their monthly round.
 */
export async function logVisit(db: Database, ctx: Ctx, input: LogVisitInput): Promise<number> {
  const community = await db.selectFrom('territory_node').select(['id', 'path', 'level']).where('id', '=', input.communityId).executeTakeFirst();
  if (!community || community.level !== 'community') throw fieldError('body.communityId', M['committee.not_a_community']);
  const place = await db.selectFrom('territory_node').select(['id', 'path', 'level']).where('id', '=', input.territoryId).executeTakeFirst();
  if (!place || !place.path.startsWith(community.path)) throw fieldError('body.territoryId', M['visit.territory_outside_community']);
  if (!pathInScope(scopeFor(ctx.actor, 'visit:write'), place.path)) throw fieldError('body.territoryId', M['visit.territory_out_of_scope']);
  if (input.whomKind === 'household' && (place.level !== 'building' || !input.room?.trim())) throw fieldError(place.level !== 'building' ? 'body.territoryId' : 'body.room', M['visit.household_needs_building']);
  if (input.whomKind === 'unit' && !input.unitName?.trim()) throw fieldError('body.unitName', M['visit.unit_needs_name']);
  const visitedAt = new Date(input.visitedAt);
  if (visitedAt.getTime() > Date.now() + 5 * 60_000) throw fieldError('body.visitedAt', M['visit.in_future']);
  const summary = input.summary.trim();
  if (!summary) throw fieldError('body.summary', 'field.required');
  const month = beijingMonth(visitedAt);
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('committee_member')
      .select('id')
      .where('user_id', '=', ctx.actor.userId)
      .where('community_id', '=', community.id)
      .where('status', 'in', IN_OFFICE)
      .executeTakeFirst();
    const first = member
      ? !(await trx.selectFrom('visit').select('id').where('member_id', '=', member.id).where('month', '=', month).limit(1).executeTakeFirst())
      : false;
    const row = await trx
      .insertInto('visit')
      .values({
        community_id: community.id,
        territory_id: place.id,
        visitor_id: ctx.actor.userId,
        visitor_name: ctx.actor.displayName,
        member_id: member?.id ?? null,
        visited_at: visitedAt,
        month,
        whom_kind: input.whomKind,
        room: input.whomKind === 'household' ? input.room!.trim() : null,
        unit_name: input.whomKind === 'unit' ? input.unitName!.trim() : null,
        person_name: input.personName?.trim() || null,
        summary,
        problem: input.problem?.trim() || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await claimVisitPhotos(trx, ctx, input.photoIds, row.id);
    await countVisit(trx, community.path, month, first);
    await audit(trx, ctx, { action: 'visit.log', entityType: 'visit', entityId: row.id, territoryId: place.id, summary: `登记走访（${input.whomKind === 'household' ? '住户' : '单位'}）` });
    return row.id;
  });
}

function visitsBase(db: Database) {
  return db
    .selectFrom('visit as v')
    .innerJoin('territory_node as cm', 'cm.id', 'v.community_id')
    .innerJoin('territory_node as t', 't.id', 'v.territory_id')
    .leftJoin('case_record as c', 'c.id', 'v.case_id')
    .selectAll('v')
    .select(['cm.name as community_name', 't.name as territory_name', 'cm.path as community_path', 'c.tracking_no', 'c.status as case_status']);
}
type VisitJoined = Awaited<ReturnType<ReturnType<typeof visitsBase>['executeTakeFirstOrThrow']>>;

/** Where the visit happened, as the 走访台账 writes it: '3号楼 2单元301' for a household, '畅家巷幼儿园（第一网格）' for a unit. */
const placeOf = (v: VisitJoined) => (v.whom_kind === 'household' ? [v.territory_name, v.room].filter(Boolean).join(' ') : `${v.unit_name}（${v.territory_name}）`);

async function present(db: Database, rows: VisitJoined[]) {
  const photos = rows.length === 0 ? [] : await db.selectFrom('visit_photo').select(['id', 'name', 'visit_id']).where('visit_id', 'in', rows.map((r) => r.id)).orderBy('id').execute();
  return rows.map((v) => ({
    id: v.id,
    communityId: v.community_id,
    communityName: v.community_name,
    territoryId: v.territory_id,
    territoryName: v.territory_name,
    visitorId: v.visitor_id,
    visitorName: v.visitor_name,
    memberId: v.member_id,
    visitedAt: new Date(v.visited_at).toISOString(),
    month: v.month.slice(0, 7),
    whomKind: v.whom_kind,
    room: v.room,
    unitName: v.unit_name,
    place: placeOf(v),
    personName: v.person_name,
    summary: v.summary,
    problem: v.problem,
    caseId: v.case_id,
    caseTrackingNo: v.tracking_no ?? null,
    caseStatus: v.case_status ?? null,
    caseStatusName: v.case_status ? (CASE_STATE_LABELS[v.case_status] ?? v.case_status) : null,
    photos: photos.filter((p) => p.visit_id === v.id).map(photoView),
    version: v.version,
  }));
}

/** Visits in my committee scope, or that I logged myself (grid workers see their own). */
export async function listVisits(db: Database, actor: Actor, q: Static<typeof VisitQuery>) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  const readScope = scopeFor(actor, 'committee:read');
  let base = visitsBase(db).where((eb) =>
    q.mine ? eb('v.visitor_id', '=', actor.userId) : eb.or([eb('v.visitor_id', '=', actor.userId), territoryCondition(eb as never, 'v.community_id' as never, readScope)]),
  );
  if (q.communityId) base = base.where('v.community_id', '=', q.communityId);
  if (q.month) base = base.where('v.month', '=', monthOf(q.month));
  if (q.withProblem) base = base.where('v.problem', 'is not', null);
  const [rows, total] = await Promise.all([
    base.orderBy('v.visited_at', 'desc').orderBy('v.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await present(db, rows), total: Number(total.n), current, pageSize };
}

async function visibleVisit(db: Database, actor: Actor, id: number, lock = false) {
  let q = visitsBase(db).where('v.id', '=', id);
  if (lock) q = q.forUpdate('v');
  const v = await q.executeTakeFirst();
  if (!v || (v.visitor_id !== actor.userId && !permissionsAt(actor, v.community_path).has('committee:read'))) throw notFound();
  return v;
}

export async function getVisit(db: Database, actor: Actor, id: number) {
  return (await present(db, [await visibleVisit(db, actor, id)]))[0]!;
}

/** The photo row, for a caller who may see its visit (or who uploaded it and has not used it yet). */
export async function visiblePhoto(db: Database, actor: Actor, id: number) {
  const p = await db.selectFrom('visit_photo').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound();
  if (p.visit_id === null) {
    if (p.owner !== `user:${actor.userId}`) throw notFound();
  } else {
    await visibleVisit(db, actor, p.visit_id);
  }
  return p;
}

/**
 * 一键转诉求: the problem a visit recorded becomes a case (channel 'visit') through
 * the cases module's intake, in one transaction with the link back; a second
 * click finds the link and gets 409.
 */
export async function visitToCase(db: Database, ctx: Ctx, id: number, body: Static<typeof VisitToCaseBody>) {
  if (!ctx.actor.permissions.has('case:create')) throw forbidden();
  return db.transaction().execute(async (trx) => {
    const v = await visibleVisit(trx, ctx.actor, id, true);
    if (v.version !== body.version) throw conflict();
    if (v.case_id !== null) throw conflict(M['visit.already_case']);
    if (!v.problem) throw conflict(M['visit.no_problem']);
    const created = await submit(
      trx,
      ctx,
      {
        communityId: v.community_id,
        territoryId: v.territory_id,
        channel: 'visit',
        categoryCode: body.categoryCode,
        description: v.problem,
        address: placeOf(v).slice(0, 200),
        ...(v.person_name ? { reporterName: v.person_name } : {}),
        ...(body.reporterPhone ? { reporterPhone: body.reporterPhone } : {}),
        ...(body.urgent ? { urgent: true } : {}),
        idempotencyKey: `visit-${v.id}`,
      },
      { source: `user:${ctx.actor.userId}`, createdBy: ctx.actor.userId, scope: scopeFor(ctx.actor, 'case:create') },
    );
    await trx.updateTable('visit').set({ case_id: created.id, version: v.version + 1 }).where('id', '=', v.id).execute();
    await audit(trx, ctx, { action: 'visit.to_case', entityType: 'visit', entityId: v.id, territoryId: v.territory_id, summary: `走访反映的问题转为诉求` , detail: { caseId: created.id } });
    return created.id;
  });
}

/** The month's visit round of a committee: every member in office and how many visits they logged. */
export async function visitRound(db: Database, actor: Actor, committeeId: number, q: Static<typeof RoundQuery>) {
  await visibleCommittee(db, actor, committeeId);
  const month = monthOf(q.month);
  const members = await db
    .selectFrom('committee_member as m')
    .select(['m.id', 'm.name', 'm.role', 'm.category', 'm.user_id'])
    .select((eb) => [
      eb.selectFrom('visit as v').select(eb.fn.countAll<number>().as('n')).whereRef('v.member_id', '=', 'm.id').where('v.month', '=', month).as('visits'),
      eb.exists(eb.selectFrom('visit_reminder as r').select('r.member_id').whereRef('r.member_id', '=', 'm.id').where('r.month', '=', month)).as('reminded'),
    ])
    .where('m.committee_id', '=', committeeId)
    .where('m.status', 'in', IN_OFFICE)
    .orderBy('m.id')
    .execute();
  const rows = members.map((m) => ({
    memberId: m.id,
    name: m.name,
    roleName: ROLE_LABELS[m.role],
    categoryName: CATEGORY_LABELS[m.category],
    hasAccount: m.user_id !== null,
    visits: Number(m.visits ?? 0),
    reminded: Boolean(m.reminded),
  }));
  rows.sort((a, b) => Number(a.visits > 0) - Number(b.visits > 0));
  const visited = rows.filter((r) => r.visits > 0).length;
  return { month: month.slice(0, 7), members: rows.length, visited, behind: rows.length - visited, rows };
}

/** 提醒走访: one notification per member per month at most. */
export async function remindMember(db: Database, ctx: Ctx, memberId: number, month: string | undefined) {
  const { m, standing } = await visibleMember(db, ctx.actor, memberId);
  if (!standing.permissionsHere.has('committee:write')) throw forbidden();
  if (!IN_OFFICE.includes(m.status)) throw conflict(M['committee.member_not_in_office']);
  if (m.user_id === null) throw conflict(M['visit.no_account']);
  const first = monthOf(month);
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('visit_reminder')
      .values({ member_id: m.id, month: first, reminded_by: ctx.actor.userId })
      .onConflict((oc) => oc.columns(['member_id', 'month']).doNothing())
      .returning('member_id')
      .executeTakeFirst();
    if (!inserted) throw conflict(M['visit.already_reminded']);
    await notify(trx, [m.user_id!], { kind: 'visit.reminder', title: `提醒：${first.slice(0, 7)} 尚未完成走访，请至少走访一次`, entityType: 'committee_member', entityId: m.id }, ctx.actor.userId);
    await audit(trx, ctx, { action: 'visit.remind', entityType: 'committee_member', entityId: m.id, territoryId: m.community_id, summary: `提醒委员 ${m.name} 完成 ${first.slice(0, 7)} 走访` });
  });
}
