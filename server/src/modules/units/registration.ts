import { timelineActor } from '../../platform/timeline.js';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, forbidden } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { beijingToday } from '../../platform/time.js';
import { communityFor, invalidTransition, isUniqueViolation, permissionsAt, unitsOf, visibleUnit, type Ctx, type LoadedUnit } from './access.js';
import { M } from './messages.js';
import type { IncubationBody, UnitBody, UnitQuery } from './schema.js';
import { refreshUnitStats } from './stats.js';
import { allowed, mayFire, REGISTRATION, REGISTRATION_LABELS, type RegistrationAction, type Standing } from './workflow.js';

/**
 * 报到登记: a unit's contact (or community staff for it) registers the unit to a
 * community; staff confirm or reject; the registration is a state table with a timeline.
 */
export async function registerUnit(db: Database, ctx: Ctx, body: Static<typeof UnitBody>): Promise<number> {
  const community = await communityFor(db, ctx.actor, body.communityId, ctx.actor.permissions.has('unit:act') ? 'unit:act' : 'unit:write');
  if (body.kind === 'social_org' && !body.socialCategory) throw fieldError('body.socialCategory', M['unit.category_required']);
  if (body.kind !== 'social_org' && body.socialCategory) throw fieldError('body.socialCategory', M['unit.category_only_social']);
  const isContact = !permissionsAt(ctx.actor, community.path).has('unit:write');
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('unit')
        .values({
          community_id: community.id,
          name: body.name.trim(),
          kind: body.kind,
          social_category: body.socialCategory ?? null,
          credit_code: body.creditCode ?? null,
          party_org_name: body.partyOrgName ?? null,
          party_member_count: body.partyMemberCount ?? 0,
          contact_name: body.contactName,
          contact_phone: body.contactPhone,
          address: body.address ?? null,
          offer: body.offer ?? null,
          incubation_started_on: body.kind === 'social_org' ? beijingToday() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // A contact registering (not staff) acts for the unit from now on (claims, resources, services).
      if (isContact) await trx.insertInto('unit_account').values({ unit_id: row.id, user_id: ctx.actor.userId }).execute();
      await trx.insertInto('unit_event').values({ unit_id: row.id, action: 'register', to_status: 'pending', ...timelineActor(ctx) }).execute();
      await audit(trx, ctx, { action: 'unit.register', entityType: 'unit', entityId: row.id, territoryId: community.id, summary: `${body.name} 向${community.name}报到` });
      await refreshUnitStats(trx, community.id);
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'validation_failed', {}, [{ field: 'body.name', key: M['unit.already_registered'] }]);
    throw error;
  }
}

export function unitSummary(u: LoadedUnit) {
  return {
    id: u.id,
    communityId: u.community_id,
    communityName: u.community_name,
    name: u.name,
    kind: u.kind,
    socialCategory: u.social_category,
    partyOrgName: u.party_org_name,
    partyMemberCount: u.party_member_count,
    contactName: u.contact_name,
    contactPhone: maskPhone(u.contact_phone),
    offer: u.offer,
    status: u.status,
    version: u.version,
    createdAt: u.created_at.toISOString(),
  };
}

function unitsBase(db: Database) {
  return db
    .selectFrom('unit as u')
    .innerJoin('territory_node as t', 't.id', 'u.community_id')
    .selectAll('u')
    .select(['t.path as community_path', 't.name as community_name', 't.parent_id as street_id']);
}

/** Units in my area (unit:read), or the units I act for. */
export async function listUnits(db: Database, actor: Actor, query: Static<typeof UnitQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  const mine = await unitsOf(db, actor.userId);
  const scope = scopeFor(actor, 'unit:read');
  let base = unitsBase(db).where((eb) => eb.or([territoryCondition(eb as never, 'u.community_id' as never, scope), ...(mine.length > 0 ? [eb('u.id', 'in', mine)] : [])]));
  if (query.communityId) base = base.where('u.community_id', '=', query.communityId);
  if (query.status) base = base.where('u.status', '=', query.status);
  if (query.kind) base = base.where('u.kind', '=', query.kind);
  if (query.keyword?.trim()) base = base.where('u.name', 'like', `%${escapeLike(query.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.orderBy('u.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(unitSummary), total: Number(total.n), current, pageSize };
}

export async function getUnit(db: Database, actor: Actor, id: number) {
  const { u, s } = await visibleUnit(db, actor, id);
  const incubation = await db.selectFrom('unit_incubation').selectAll().where('unit_id', '=', id).orderBy('held_on').orderBy('id').execute();
  return {
    ...unitSummary(u),
    creditCode: u.credit_code,
    address: u.address,
    actions: allowed(REGISTRATION, u.status, s),
    isContact: s.isContact,
    canRecord: s.permissionsHere.has('unit:write') || (s.isContact && u.status === 'confirmed'),
    participation: await participation(db, { unitId: id }),
    incubation: incubation.map((i) => ({ id: i.id, kind: i.kind, heldOn: i.held_on, title: i.title, score: i.score, note: i.note })),
  };
}

/** Yearly participation (服务纪实 by year): services, minutes served and the community's ratings. */
export async function participation(db: Database, who: { unitId?: number; partyMemberId?: number }) {
  const year = sql<number>`extract(year from served_on)::int`;
  let q = db
    .selectFrom('service_record')
    .select([year.as('year'), (eb) => eb.fn.countAll<number>().as('services'), (eb) => eb.fn.sum<number>('minutes').as('minutes'), (eb) => eb.fn.count<number>('feedback_rating').as('rated'), (eb) => eb.fn.avg<number>('feedback_rating').as('avg')]);
  q = who.unitId !== undefined ? q.where('unit_id', '=', who.unitId) : q.where('party_member_id', '=', who.partyMemberId ?? 0);
  const rows = await q.groupBy(year).orderBy(year, 'desc').execute();
  return rows.map((r) => ({ year: r.year, services: Number(r.services), minutes: Number(r.minutes), rated: Number(r.rated), averageRating: r.avg === null ? null : Math.round(Number(r.avg) * 10) / 10 }));
}

export async function stepUnit(db: Database, ctx: Ctx, id: number, action: RegistrationAction, body: { version: number; note?: string }) {
  await db.transaction().execute(async (trx) => {
    const { u, s } = await visibleUnit(trx, ctx.actor, id, true);
    fire(REGISTRATION[action], u.status, s);
    if (u.version !== body.version) throw conflict();
    const to = REGISTRATION[action].to;
    await trx.updateTable('unit').set({ status: to, version: u.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await trx.insertInto('unit_event').values({ unit_id: id, action, from_status: u.status, to_status: to, note: body.note ?? null, ...timelineActor(ctx) }).execute();
    await audit(trx, ctx, { action: `unit.${action}`, entityType: 'unit', entityId: id, territoryId: u.community_id, summary: `${u.name}：${REGISTRATION[action].label}` });
    await refreshUnitStats(trx, u.community_id);
  });
}

/** Guards one transition: 403 for an actor the table does not name, 409 from the wrong state. */
export function fire(t: { from: readonly string[]; who: Parameters<typeof mayFire>[0]['who']; label: string }, status: string, s: Standing, labels: Record<string, string> = REGISTRATION_LABELS) {
  if (!mayFire(t, s)) throw forbidden();
  if (!t.from.includes(status)) throw invalidTransition(labels[status] ?? status, t.label);
}

export async function unitHistory(db: Database, actor: Actor, id: number) {
  await visibleUnit(db, actor, id);
  const rows = await db.selectFrom('unit_event').selectAll().where('unit_id', '=', id).orderBy('id').execute();
  return rows.map((e) => eventView(e));
}

const EVENT_LABELS: Record<string, string> = { register: '报到登记', incubation: '培育孵化记录', ...Object.fromEntries(Object.entries(REGISTRATION).map(([a, t]) => [a, t.label])) };

export function eventView(e: { id: number; action: string; from_status: string | null; to_status: string; actor_name: string | null; note: string | null; at: Date }, labels: Record<string, string> = EVENT_LABELS) {
  return { id: e.id, action: e.action, label: labels[e.action] ?? e.action, fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name, note: e.note, at: e.at.toISOString() };
}

/** 培育孵化: a training entry or a growth assessment (with a score) of a social organisation. */
export async function addIncubation(db: Database, ctx: Ctx, id: number, body: Static<typeof IncubationBody>) {
  await db.transaction().execute(async (trx) => {
    const { u, s } = await visibleUnit(trx, ctx.actor, id, true);
    if (!s.permissionsHere.has('unit:write')) throw forbidden();
    if (u.kind !== 'social_org') throw fieldError('body.kind', M['unit.not_social_org']);
    if ((body.kind === 'assessment') !== (body.score !== undefined)) throw fieldError('body.score', M['unit.score_required']);
    await trx
      .insertInto('unit_incubation')
      .values({ unit_id: id, kind: body.kind, held_on: body.heldOn, title: body.title, score: body.score ?? null, note: body.note ?? null, recorded_by: ctx.actor.userId })
      .execute();
    await trx.insertInto('unit_event').values({ unit_id: id, action: 'incubation', from_status: u.status, to_status: u.status, note: body.title, detail: { kind: body.kind, score: body.score ?? null }, ...timelineActor(ctx) }).execute();
  });
}
