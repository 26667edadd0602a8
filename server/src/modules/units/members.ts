import { timelineActor } from '../../platform/timeline.js';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import type { Actor, RequestContext, Resident } from '../../platform/auth/actor.js';
import { nearestStaff } from '../../platform/auth/staff.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { actingUnit, communityFor, isUniqueViolation, placeIn, standing, unitsOf, type Ctx } from './access.js';
import { notify } from '../cases/notify.js';
import { M } from './messages.js';
import { eventView, fire } from './registration.js';
import type { MemberBody, MemberQuery, ResidentMemberBody } from './schema.js';
import { refreshUnitStats } from './stats.js';
import { allowed, REGISTRATION, type RegistrationAction } from './workflow.js';
import { beijingYear } from '../../platform/time.js';

/**
 * 双报到: an in-service party member registers to the community where they live, with
 * their employer and party branch; community staff confirm. Entered by community staff,
 * or by the employer unit's contact for its own members.
 */
export async function registerMember(db: Database, ctx: Ctx, body: Static<typeof MemberBody>): Promise<number> {
  const asUnit = body.employerUnitId !== undefined && !ctx.actor.permissions.has('unit:write');
  const community = await communityFor(db, ctx.actor, body.communityId, asUnit ? 'unit:act' : 'unit:write');
  if (asUnit) await actingUnit(db, ctx.actor, body.employerUnitId!, 'body.employerUnitId');
  const building = await buildingIn(db, community.path, body.residenceBuildingId);
  if (body.employerUnitId !== undefined && !(await db.selectFrom('unit').select('id').where('id', '=', body.employerUnitId).executeTakeFirst())) {
    throw fieldError('body.employerUnitId', M['unit.not_your_unit']);
  }
  return insertMember(db, ctx, community, { ...body, residenceBuildingId: building.id, employerUnitId: body.employerUnitId ?? null, createdBy: ctx.actor.userId }, asUnit ? 'unit' : 'staff');
}

/**
 * 双报到 by the member themself, from the community's QR page on the phone: the number is
 * the one they proved by text message, the employer is written out (a unit's contact links
 * it when the unit registers its members), and staff confirm it as any other.
 */
export async function registerMemberAsResident(db: Database, ctx: RequestContext & { resident: Resident }, body: Static<typeof ResidentMemberBody>) {
  const community = await db.selectFrom('territory_node').select(['id', 'path', 'name', 'level']).where('id', '=', body.communityId).executeTakeFirst();
  if (!community || community.level !== 'community') throw fieldError('body.communityId', M['unit.not_a_community']);
  const building = await buildingIn(db, community.path, body.residenceBuildingId);
  const phone = ctx.resident.phone;
  const id = await insertMember(db, ctx, community, { ...body, phone, residenceBuildingId: building.id, employerUnitId: null, createdBy: null }, 'member', (trx) => livesNowhereElse(trx, phone, community.id));
  return membershipView(await membersBase(db).where('m.id', '=', id).executeTakeFirstOrThrow());
}

/**
 * A member reports to the one community they live in: from the phone, a number with a
 * registration standing elsewhere is refused until that community withdraws it (搬离), so
 * a phone cannot file itself with every community of the city. Staff, who know the
 * member, may still record one.
 */
async function livesNowhereElse(trx: Database, phone: string, communityId: number) {
  // Serialises two registrations of one number racing into different communities.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`party_member:${phone}`}))`.execute(trx);
  const elsewhere = await trx
    .selectFrom('party_member as m')
    .innerJoin('territory_node as c', 'c.id', 'm.community_id')
    .select('c.name')
    .where('m.phone', '=', phone)
    .where('m.status', 'in', ['pending', 'confirmed'])
    .where('m.community_id', '!=', communityId)
    .executeTakeFirst();
  if (elsewhere) throw conflict(M['member.registered_elsewhere'], { community: elsewhere.name });
}

/** The member's own registrations, in every community, newest first. */
export async function residentMemberships(db: Database, phone: string) {
  const rows = await membersBase(db).where('m.phone', '=', phone).orderBy('m.id', 'desc').limit(50).execute();
  return rows.map(membershipView);
}

/** A registration as its member sees it: no actions, no number (it is their own). */
function membershipView(m: MemberRow) {
  return {
    id: m.id,
    communityId: m.community_id,
    communityName: m.community_name,
    residence: residenceOf(m),
    name: m.name,
    employerName: m.employer_name,
    partyBranch: m.party_branch,
    status: m.status,
    createdAt: m.created_at.toISOString(),
  };
}

function residenceOf(m: MemberRow) {
  return `${m.compound_name ?? ''}${m.building_name}`;
}

async function buildingIn(db: Database, communityPath: string, id: number) {
  const building = await placeIn(db, communityPath, id, 'body.residenceBuildingId', M['member.not_a_building']);
  if (building.level !== 'building') throw fieldError('body.residenceBuildingId', M['member.not_a_building']);
  return building;
}

type NewMember = { residenceBuildingId: number; name: string; phone: string; employerUnitId: number | null; employerName: string; partyBranch: string; createdBy: number | null };

/** Who filed a registration, as the audit entry and the staff's notification say it. */
const FILED_BY = { staff: '', unit: '（单位代报）', member: '（本人扫码报到）' } as const;

/**
 * Writes the registration with its timeline row and audit entry. One filed by anyone but the
 * community's staff (the member, or their unit's contact) waits for those staff, so they are told.
 */
async function insertMember(db: Database, ctx: RequestContext, community: { id: number; name: string; path: string }, m: NewMember, filedBy: keyof typeof FILED_BY, guard?: (trx: Database) => Promise<void>): Promise<number> {
  const how = FILED_BY[filedBy];
  try {
    return await db.transaction().execute(async (trx) => {
      await guard?.(trx);
      const row = await trx
        .insertInto('party_member')
        .values({
          community_id: community.id,
          residence_building_id: m.residenceBuildingId,
          name: m.name.trim(),
          phone: m.phone,
          employer_unit_id: m.employerUnitId,
          employer_name: m.employerName.trim(),
          party_branch: m.partyBranch.trim(),
          created_by: m.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('party_member_event').values({ party_member_id: row.id, action: 'register', to_status: 'pending', ...timelineActor(ctx) }).execute();
      await audit(trx, ctx, { action: 'party_member.register', entityType: 'party_member', entityId: row.id, territoryId: community.id, summary: `党员${m.name.trim()}向${community.name}报到${how}` });
      await refreshUnitStats(trx, community.id);
      if (filedBy !== 'staff') {
        const staff = await nearestStaff(trx, 'unit:write', community.path);
        await notify(trx, staff, { kind: 'party_member.registered', title: `在职党员 ${m.name.trim()} 向${community.name}报到${how}，待确认`, body: `${m.employerName.trim()} · ${m.partyBranch.trim()}`, entityType: 'party_member', entityId: row.id });
      }
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'validation_failed', {}, [{ field: 'body.phone', key: M['member.already_registered'] }]);
    throw error;
  }
}

function membersBase(db: Database) {
  return db
    .selectFrom('party_member as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .innerJoin('territory_node as b', 'b.id', 'm.residence_building_id')
    .leftJoin('territory_node as c', 'c.id', 'b.parent_id')
    .selectAll('m')
    .select(['t.path as community_path', 't.name as community_name', 'b.name as building_name', 'c.name as compound_name']);
}
type MemberRow = Awaited<ReturnType<ReturnType<typeof membersBase>['execute']>>[number];

async function present(db: Database, actor: Actor, rows: MemberRow[]) {
  const year = beijingYear();
  const minutes =
    rows.length === 0
      ? []
      : await db
          .selectFrom('service_record')
          .select(['party_member_id', (eb) => eb.fn.sum<number>('minutes').as('n')])
          .where('party_member_id', 'in', rows.map((r) => r.id))
          .where(sql<number>`extract(year from served_on)::int`, '=', year)
          .groupBy('party_member_id')
          .execute();
  const mine = await unitsOf(db, actor.userId);
  return rows.map((m) => ({
    id: m.id,
    communityId: m.community_id,
    communityName: m.community_name,
    residenceBuildingId: m.residence_building_id,
    residence: residenceOf(m),
    name: m.name,
    phone: maskPhone(m.phone)!,
    employerUnitId: m.employer_unit_id,
    employerName: m.employer_name,
    partyBranch: m.party_branch,
    status: m.status,
    actions: allowed(REGISTRATION, m.status, standing(actor, m.community_path, { isContact: m.employer_unit_id !== null && mine.includes(m.employer_unit_id) })),
    minutesThisYear: Number(minutes.find((x) => x.party_member_id === m.id)?.n ?? 0),
    version: m.version,
    createdAt: m.created_at.toISOString(),
  }));
}

/** Members registered in my area, or those of the units I act for. */
export async function listMembers(db: Database, actor: Actor, query: Static<typeof MemberQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  const mine = await unitsOf(db, actor.userId);
  let base = membersBase(db).where((eb) =>
    eb.or([territoryCondition(eb as never, 'm.community_id' as never, scopeFor(actor, 'unit:read')), ...(mine.length > 0 ? [eb('m.employer_unit_id', 'in', mine)] : [])]),
  );
  if (query.communityId) base = base.where('m.community_id', '=', query.communityId);
  if (query.status) base = base.where('m.status', '=', query.status);
  if (query.keyword?.trim()) base = base.where('m.name', 'like', `%${escapeLike(query.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.orderBy('m.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await present(db, actor, rows), total: Number(total.n), current, pageSize };
}

async function visibleMember(db: Database, actor: Actor, id: number, lock = false) {
  let q = membersBase(db).where('m.id', '=', id);
  if (lock) q = q.forUpdate('m');
  const m = await q.executeTakeFirst();
  if (!m) throw notFound();
  const mine = await unitsOf(db, actor.userId);
  const s = standing(actor, m.community_path, { isContact: m.employer_unit_id !== null && mine.includes(m.employer_unit_id) });
  if (!s.isContact && !s.permissionsHere.has('unit:read')) throw notFound();
  return { m, s };
}

export async function getMember(db: Database, actor: Actor, id: number) {
  const { m } = await visibleMember(db, actor, id);
  return (await present(db, actor, [m]))[0]!;
}

export async function stepMember(db: Database, ctx: Ctx, id: number, action: RegistrationAction, body: { version: number; note?: string }) {
  await db.transaction().execute(async (trx) => {
    const { m, s } = await visibleMember(trx, ctx.actor, id, true);
    fire(REGISTRATION[action], m.status, s);
    if (m.version !== body.version) throw conflict();
    const to = REGISTRATION[action].to;
    await trx.updateTable('party_member').set({ status: to, version: m.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await trx.insertInto('party_member_event').values({ party_member_id: id, action, from_status: m.status, to_status: to, note: body.note ?? null, ...timelineActor(ctx) }).execute();
    await audit(trx, ctx, { action: `party_member.${action}`, entityType: 'party_member', entityId: id, territoryId: m.community_id, summary: `党员${m.name}：${REGISTRATION[action].label}` });
    await refreshUnitStats(trx, m.community_id);
  });
}

export async function memberHistory(db: Database, actor: Actor, id: number) {
  await visibleMember(db, actor, id);
  const rows = await db.selectFrom('party_member_event').selectAll().where('party_member_id', '=', id).orderBy('id').execute();
  return rows.map((e) => eventView(e));
}
