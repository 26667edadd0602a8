import { sql } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { addCalendarDays, beijingMonth, beijingToday } from '../../platform/time.js';
import { permissionsAt, standingOf, visibleCommittee, visibleMember } from './access.js';
import './membership-tables.js';
import { M } from './messages.js';
import type { Static } from 'typebox';
import type { CommitteeQuery, MemberQuery } from './schema.js';
import { refreshCommitteeStats } from './stats.js';
import { MEMBER_CATEGORIES, MEMBER_ROLES } from './tables.js';
import { memberDetail, memberSummary } from './view.js';
import { allowedFrom, CATEGORY_LABELS, IN_OFFICE, ROLE_LABELS } from './workflow.js';
import { zonesOf } from './zones.js';

/** The console route of the formation capability's supplement round (增补) for a community. */
export const supplementPath = (communityId: number) => `/selection/rounds/new?kind=supplement&communityId=${communityId}`;

/**
 * The committee of a community, created ('forming') when it has none yet. For
 * the selection rounds too: they appoint into the row this returns. Joins the
 * caller's transaction when given one.
 */
/** 畅家巷社区 → 畅家巷社区建设工作委员会 (社工委), as the 聘书 and the board name it. */
export function committeeName(communityName: string): string {
  return communityName.endsWith('社区') ? `${communityName}建设工作委员会` : `${communityName}社区建设工作委员会`;
}

export async function ensureCommittee(db: Database, communityId: number): Promise<{ id: number; created: boolean }> {
  const community = await db.selectFrom('territory_node').select(['id', 'name', 'level']).where('id', '=', communityId).executeTakeFirst();
  if (!community || community.level !== 'community') throw fieldError('body.communityId', M['committee.not_a_community']);
  const existing = await db.selectFrom('committee').select('id').where('community_id', '=', communityId).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const inTransaction = <T>(work: (trx: Database) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inTransaction(async (trx) => {
    const row = await trx
      .insertInto('committee')
      .values({ community_id: communityId, name: committeeName(community.name) })
      .onConflict((oc) => oc.column('community_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { id: (await trx.selectFrom('committee').select('id').where('community_id', '=', communityId).executeTakeFirstOrThrow()).id, created: false };
    await refreshCommitteeStats(trx, row.id);
    return { id: row.id, created: true };
  });
}

export async function createCommittee(db: Database, ctx: RequestContext & { actor: Actor }, communityId: number) {
  const node = await db.selectFrom('territory_node').select(['id', 'path', 'name']).where('id', '=', communityId).executeTakeFirst();
  if (!node || !permissionsAt(ctx.actor, node.path).has('committee:write')) throw fieldError('body.communityId', M['committee.not_a_community']);
  const result = await ensureCommittee(db, communityId);
  if (result.created) {
    await audit(db, ctx, { action: 'committee.create', entityType: 'committee', entityId: result.id, territoryId: communityId, summary: `建立${node.name}社工委` });
  }
  return result;
}

export const TERM_NOTICE_DAYS = 30;

function committeesBase(db: Database) {
  return db
    .selectFrom('committee as c')
    .innerJoin('territory_node as t', 't.id', 'c.community_id')
    .leftJoin('territory_node as s', 's.id', 't.parent_id')
    .leftJoin('app_user as l', 'l.id', 'c.leader_user_id');
}

async function summaries(db: Database, rows: Awaited<ReturnType<typeof selectCommittees>>) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const today = beijingToday();
  const own = await db.selectFrom('committee_stats_own').select(['committee_id', 'dim', 'n']).where('committee_id', 'in', ids).where('dim', 'in', ['members', 'vacancies']).execute();
  const ending = await db
    .selectFrom('committee_member')
    .select(['committee_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('committee_id', 'in', ids)
    .where('status', '=', 'serving')
    .where('term_end', 'is not', null)
    .where('term_end', '>=', today)
    .where('term_end', '<=', addCalendarDays(today, TERM_NOTICE_DAYS))
    .groupBy('committee_id')
    .execute();
  const visits = await db
    .selectFrom('visit_stats_month')
    .select(['node_id', 'visits'])
    .where('node_id', 'in', rows.map((r) => r.community_id))
    .where('month', '=', beijingMonth(new Date()))
    .execute();
  const of = (id: number, dim: string) => own.find((o) => o.committee_id === id && o.dim === dim)?.n ?? 0;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    communityId: r.community_id,
    communityName: r.community_name,
    streetName: r.street_name ?? '',
    status: r.status,
    formedOn: r.formed_on,
    seats: r.seats,
    members: of(r.id, 'members'),
    vacancies: of(r.id, 'vacancies'),
    termsEnding: Number(ending.find((e) => e.committee_id === r.id)?.n ?? 0),
    visitsThisMonth: visits.find((v) => v.node_id === r.community_id)?.visits ?? 0,
    leader: r.leader_user_id === null ? null : { id: r.leader_user_id, name: r.leader_name ?? '' },
    version: r.version,
  }));
}

function selectCommittees(q: ReturnType<typeof committeesBase>) {
  return q
    .selectAll('c')
    .select(['t.name as community_name', 's.name as street_name', 'l.display_name as leader_name'])
    .execute();
}

export async function listCommittees(db: Database, actor: Actor, query: Static<typeof CommitteeQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  let base = committeesBase(db).where((eb) => territoryCondition(eb as never, 'c.community_id' as never, scopeFor(actor, 'committee:read')));
  if (query.status) base = base.where('c.status', '=', query.status);
  if (query.keyword?.trim()) base = base.where('t.name', 'like', `%${escapeLike(query.keyword.trim())}%`);
  if (query.territoryId) {
    const node = await db.selectFrom('territory_node').select('path').where('id', '=', query.territoryId).executeTakeFirst();
    base = base.where('t.path', 'like', `${node?.path ?? '/none/'}%`);
  }
  const [rows, total] = await Promise.all([
    selectCommittees(base.orderBy('t.path').limit(pageSize).offset((current - 1) * pageSize)),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await summaries(db, rows), total: Number(total.n), current, pageSize };
}

export async function getCommittee(db: Database, actor: Actor, id: number) {
  const c = await visibleCommittee(db, actor, id);
  const [summary] = await summaries(db, await selectCommittees(committeesBase(db).where('c.id', '=', id)));
  const own = await db.selectFrom('committee_stats_own').select(['dim', 'value', 'n']).where('committee_id', '=', id).execute();
  const n = (dim: string, value: string) => own.find((o) => o.dim === dim && o.value === value)?.n ?? 0;
  const here = permissionsAt(actor, c.community_path);
  return {
    ...summary!,
    deviationReason: c.deviation_reason,
    byRole: MEMBER_ROLES.map((r) => ({ code: r, name: ROLE_LABELS[r], n: n('role', r) })),
    byCategory: MEMBER_CATEGORIES.map((k) => ({ code: k, name: CATEGORY_LABELS[k], n: n('category', k) })),
    canWrite: here.has('committee:write'),
    canApprove: here.has('committee:approve'),
    supplementPath: supplementPath(c.community_id),
  };
}

/** The committee of a community, for pages that start from the community (the H5 page, the formation rounds). */
export async function committeeOfCommunity(db: Database, actor: Actor, communityId: number) {
  const row = await db.selectFrom('committee').select('id').where('community_id', '=', communityId).executeTakeFirst();
  if (!row) throw notFound();
  return getCommittee(db, actor, row.id);
}

export async function setSeats(db: Database, ctx: RequestContext & { actor: Actor }, id: number, body: { seats: number; version: number }) {
  await db.transaction().execute(async (trx) => {
    const c = await visibleCommittee(trx, ctx.actor, id, 'committee:write');
    if (c.version !== body.version) throw conflict();
    const inOffice = await countInOffice(trx, id);
    if (body.seats < inOffice) throw fieldError('body.seats', M['committee.seats_below_members'], { members: inOffice });
    await trx.updateTable('committee').set({ seats: body.seats, version: c.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'committee.seats', entityType: 'committee', entityId: id, territoryId: c.community_id, summary: `${c.name}：编制 ${c.seats} → ${body.seats} 人` });
    await refreshCommitteeStats(trx, id);
  });
}

async function countInOffice(db: Database, committeeId: number) {
  const row = await db.selectFrom('committee_member').select((eb) => eb.fn.countAll<number>().as('n')).where('committee_id', '=', committeeId).where('status', 'in', IN_OFFICE).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Accounts that may be linked as the committee's 包抓 leader: district roles over the community. */
export async function leaderCandidates(db: Database, actor: Actor, id: number) {
  const c = await visibleCommittee(db, actor, id);
  return db
    .selectFrom('role_assignment as ra')
    .innerJoin('app_user as u', 'u.id', 'ra.user_id')
    .innerJoin('territory_node as t', 't.id', 'ra.territory_id')
    .select(['u.id', 'u.display_name as name', 'u.username'])
    .distinct()
    .where('ra.role', '=', 'district_admin')
    .where('u.status', '=', 'active')
    .where(sql<boolean>`${c.community_path} LIKE t.path || '%'`)
    .orderBy('u.id')
    .execute();
}

export async function setLeader(db: Database, ctx: RequestContext & { actor: Actor }, id: number, body: { userId: number | null; version: number }) {
  await db.transaction().execute(async (trx) => {
    const c = await visibleCommittee(trx, ctx.actor, id, 'committee:write');
    if (c.version !== body.version) throw conflict();
    let name = '无';
    if (body.userId !== null) {
      const found = (await leaderCandidates(trx, ctx.actor, id)).find((u) => u.id === body.userId);
      if (!found) throw fieldError('body.userId', M['committee.leader_not_district']);
      name = found.name;
    }
    await trx.updateTable('committee').set({ leader_user_id: body.userId, version: c.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'committee.leader', entityType: 'committee', entityId: id, territoryId: c.community_id, summary: `${c.name}：联系县级领导设为 ${name}` });
  });
}

export async function listMembers(db: Database, actor: Actor, committeeId: number, query: Static<typeof MemberQuery>) {
  await visibleCommittee(db, actor, committeeId);
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 50;
  let base = db.selectFrom('committee_member as m').innerJoin('territory_node as t', 't.id', 'm.community_id').where('m.committee_id', '=', committeeId);
  if (query.status) base = base.where('m.status', '=', query.status);
  if (query.inOffice) base = base.where('m.status', 'in', IN_OFFICE);
  if (query.category) base = base.where('m.category', '=', query.category);
  if (query.role) base = base.where('m.role', '=', query.role);
  if (query.keyword?.trim()) base = base.where('m.name', 'like', `%${escapeLike(query.keyword.trim())}%`);
  const roleOrder = sql`array_position(ARRAY['director','deputy_director','standing','rotating']::text[], m.role)`;
  const [rows, total] = await Promise.all([
    base
      .selectAll('m')
      .select('t.name as community_name')
      .orderBy(sql`m.status IN ('serving', 'exiting')`, 'desc')
      .orderBy(roleOrder)
      .orderBy('m.id')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(memberSummary), total: Number(total.n), current, pageSize };
}

export async function getMember(db: Database, actor: Actor, id: number) {
  const { m } = await visibleMember(db, actor, id);
  return { ...memberDetail(m), actions: allowedFrom(m.status, standingOf(actor, m)), zones: await zonesOf(db, { memberId: id }) };
}

/** My own memberships (a member's account): where the H5 and console let them ask to leave. */
export async function myMemberships(db: Database, actor: Actor) {
  const rows = await db
    .selectFrom('committee_member as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .selectAll('m')
    .select('t.name as community_name')
    .where('m.user_id', '=', actor.userId)
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map(memberSummary);
}
