import { timelineActor } from '../../platform/timeline.js';
import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { maskMobilesIn } from '../../platform/personal.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { visibleCase } from '../cases/service.js';
import { resolutionOrigin } from '../meetings/service.js';
import { communityFor, isUniqueViolation, placeIn, standing, type Ctx } from './access.js';
import { M } from './messages.js';
import { eventView, fire } from './registration.js';
import type { DemandInput, DemandQuery, FromCaseBody } from './schema.js';
import { refreshUnitStats } from './stats.js';
import { allowed, CLAIM_AFTER, DEMAND, DEMAND_LABELS, LIVE_CLAIM, type DemandAction } from './workflow.js';

/**
 * 需求清单. A demand is posted by community staff directly, from an accepted case
 * (转为需求), or by another module (a passed meeting resolution) through createDemand,
 * with the origin recorded on the demand. Joins the caller's transaction when given one.
 */
export async function createDemand(db: Database, ctx: Ctx, input: DemandInput, origin: { caseId?: number; resolutionId?: number } = {}): Promise<number> {
  const community = await communityFor(db, ctx.actor, input.communityId, 'unit:write');
  const place = input.territoryId === undefined ? community : await placeIn(db, community.path, input.territoryId, 'body.territoryId', M['demand.territory_outside']);
  const work = async (trx: Database) => {
    const row = await trx
      .insertInto('demand')
      .values({
        community_id: community.id,
        territory_id: place.id,
        case_id: origin.caseId ?? null,
        resolution_id: origin.resolutionId ?? null,
        title: input.title,
        description: input.description ?? null,
        category: input.category,
        quantity: input.quantity,
        quantity_unit: input.quantityUnit ?? '次',
        place: input.place ?? null,
        needed_by: input.neededBy ?? null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('demand_event').values({ demand_id: row.id, action: 'post', to_status: 'open', detail: origin, ...timelineActor(ctx) }).execute();
    await audit(trx, ctx, { action: 'demand.post', entityType: 'demand', entityId: row.id, territoryId: community.id, summary: `发布需求「${input.title}」` });
    await refreshUnitStats(trx, community.id);
    return row.id;
  };
  try {
    return await (db.isTransaction ? work(db) : db.transaction().execute(work));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(M['demand.case_done']);
    throw error;
  }
}

const FROM_CASE_STATES = ['accepted', 'dispatched', 'handling'];

/** 转为需求: an accepted case that needs outside help, read through the cases module. */
export async function demandFromCase(db: Database, ctx: Ctx, body: Static<typeof FromCaseBody>): Promise<number> {
  const { c } = await visibleCase(db, ctx.actor, body.caseId);
  if (!FROM_CASE_STATES.includes(c.status)) throw fieldError('body.caseId', M['demand.case_state']);
  if (await db.selectFrom('demand').select('id').where('case_id', '=', c.id).executeTakeFirst()) throw conflict(M['demand.case_done']);
  const description = maskMobilesIn(c.description);
  return createDemand(
    db,
    ctx,
    {
      communityId: c.community_id,
      territoryId: c.territory_id,
      title: body.title ?? (description.length > 40 ? `${description.slice(0, 40)}…` : description),
      description,
      category: body.category,
      quantity: body.quantity,
      quantityUnit: body.quantityUnit,
      place: body.place ?? c.address ?? undefined,
      neededBy: body.neededBy,
    },
    { caseId: c.id },
  );
}

function demandsBase(db: Database) {
  return db
    .selectFrom('demand as d')
    .innerJoin('territory_node as t', 't.id', 'd.community_id')
    .leftJoin('unit as u', 'u.id', 'd.unit_id')
    .selectAll('d')
    .select(['t.path as community_path', 't.name as community_name', 't.parent_id as street_id', 'u.name as unit_name']);
}
type DemandRow = Awaited<ReturnType<ReturnType<typeof demandsBase>['execute']>>[number];

const view = (d: DemandRow) => ({
  id: d.id,
  communityId: d.community_id,
  communityName: d.community_name,
  territoryId: d.territory_id,
  caseId: d.case_id,
  title: d.title,
  description: d.description,
  category: d.category,
  quantity: d.quantity,
  quantityUnit: d.quantity_unit,
  place: d.place,
  neededBy: d.needed_by,
  status: d.status,
  unitId: d.unit_id,
  unitName: d.unit_name,
  version: d.version,
  createdAt: d.created_at.toISOString(),
});

/** The confirmed units an account acts for, with the street each registered in: where it may claim. */
async function myConfirmedUnits(db: Database, userId: number) {
  return db
    .selectFrom('unit_account as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('territory_node as t', 't.id', 'u.community_id')
    .select(['u.id', 'u.name', 't.parent_id as street_id'])
    .where('a.user_id', '=', userId)
    .where('u.status', '=', 'confirmed')
    .execute();
}

/** Demands in my area (staff), or, for a unit's contact, those in the streets of their units and those they claimed. */
export async function listDemands(db: Database, actor: Actor, query: Static<typeof DemandQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  const units = await myConfirmedUnits(db, actor.userId);
  const streets = [...new Set(units.map((u) => u.street_id).filter((s): s is number => s !== null))];
  let base = demandsBase(db);
  const unitIds = units.map((u) => u.id);
  base = base.where((eb) => {
    // An empty or() is false: an account acting for no confirmed unit sees no unit-side demands.
    const forUnits = streets.length === 0 ? [] : [eb('t.parent_id', 'in', streets), eb('d.unit_id', 'in', unitIds)];
    if (query.forUnit) return eb.or(forUnits);
    return eb.or([territoryCondition(eb as never, 'd.community_id' as never, scopeFor(actor, 'unit:read')), ...forUnits]);
  });
  if (query.communityId) base = base.where('d.community_id', '=', query.communityId);
  if (query.status) base = base.where('d.status', '=', query.status);
  if (query.category) base = base.where('d.category', '=', query.category);
  if (query.keyword?.trim()) base = base.where('d.title', 'like', `%${escapeLike(query.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.orderBy('d.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(view), total: Number(total.n), current, pageSize };
}

/** A demand a reader of its community or a unit of its street may see, else 404; with the units the caller may claim for. */
export async function visibleDemand(db: Database, actor: Actor, id: number, lock = false) {
  let q = demandsBase(db).where('d.id', '=', id);
  if (lock) q = q.forUpdate('d');
  const d = await q.executeTakeFirst();
  if (!d) throw notFound();
  const units = actor.permissions.has('unit:act') ? (await myConfirmedUnits(db, actor.userId)).filter((u) => u.street_id === d.street_id || u.id === d.unit_id) : [];
  const s = standing(actor, d.community_path, { isContact: units.length > 0 });
  if (!s.isContact && !s.permissionsHere.has('unit:read')) throw notFound();
  return { d, s, units };
}

const EVENT_LABELS: Record<string, string> = { post: '发布需求', ...Object.fromEntries(Object.entries(DEMAND).map(([a, t]) => [a, t.label])) };

export async function getDemand(db: Database, actor: Actor, id: number) {
  const { d, s, units } = await visibleDemand(db, actor, id);
  const claims = await db
    .selectFrom('demand_claim as c')
    .innerJoin('unit as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.unit_id', 'u.name as unit_name', 'c.status', 'c.note', 'c.rating', 'c.created_at'])
    .where('c.demand_id', '=', id)
    .orderBy('c.id')
    .execute();
  const history = await db.selectFrom('demand_event').selectAll().where('demand_id', '=', id).orderBy('id').execute();
  // A contact withdraws only their own unit's claim.
  const ownClaim = d.unit_id !== null && units.some((u) => u.id === d.unit_id);
  const actions = allowed(DEMAND, d.status, s).filter((a) => a !== 'withdraw_claim' || ownClaim);
  return {
    ...view(d),
    originResolution: d.resolution_id === null ? null : await resolutionOrigin(db, d.resolution_id),
    actions,
    claims: claims.map((c) => ({ id: c.id, unitId: c.unit_id, unitName: c.unit_name, status: c.status, note: c.note, rating: c.rating, createdAt: c.created_at.toISOString() })),
    history: history.map((e) => eventView(e, EVENT_LABELS)),
    claimableBy: d.status === 'open' ? units.filter((u) => u.street_id === d.street_id).map((u) => ({ id: u.id, name: u.name })) : [],
  };
}

/**
 * 认领. The demand row is locked first, so of two units claiming at once the second
 * finds it claimed (409); the unique index on live claims backs this on any path.
 */
export async function claimDemand(db: Database, ctx: Ctx, id: number, body: { unitId: number; note?: string; version: number }) {
  try {
    await db.transaction().execute(async (trx) => {
      const { d, units } = await visibleDemand(trx, ctx.actor, id, true);
      const unit = units.find((u) => u.id === body.unitId);
      if (!unit || unit.street_id !== d.street_id) throw fieldError('body.unitId', M['demand.outside_area']);
      if (d.status !== 'open') throw conflict(M['demand.not_open'], { status: DEMAND_LABELS[d.status] });
      if (d.version !== body.version) throw conflict();
      const claim = await trx.insertInto('demand_claim').values({ demand_id: id, unit_id: unit.id, note: body.note ?? null, claimed_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
      await trx.updateTable('demand').set({ status: 'claimed', unit_id: unit.id, version: d.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
      await trx.insertInto('demand_event').values({ demand_id: id, claim_id: claim.id, action: 'claim', from_status: d.status, to_status: 'claimed', note: body.note ?? null, detail: { unitId: unit.id }, ...timelineActor(ctx) }).execute();
      await audit(trx, ctx, { action: 'demand.claim', entityType: 'demand', entityId: id, territoryId: d.community_id, summary: `${unit.name}认领需求「${d.title}」` });
      await refreshUnitStats(trx, d.community_id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(M['demand.not_open'], { status: DEMAND_LABELS.claimed });
    throw error;
  }
}

/** The staff and unit transitions after a claim; `complete` carries the community's rating of the work. */
export async function stepDemand(db: Database, ctx: Ctx, id: number, action: Exclude<DemandAction, 'claim'>, body: { version: number; note?: string; rating?: number }) {
  await db.transaction().execute(async (trx) => {
    const { d, s, units } = await visibleDemand(trx, ctx.actor, id, true);
    if (action === 'withdraw_claim' && !units.some((u) => u.id === d.unit_id)) throw forbidden();
    fire(DEMAND[action], d.status, s, DEMAND_LABELS);
    if (d.version !== body.version) throw conflict();
    const to = DEMAND[action].to;
    const live = await trx.selectFrom('demand_claim').select(['id', 'unit_id']).where('demand_id', '=', id).where('status', 'in', LIVE_CLAIM).forUpdate().executeTakeFirst();
    const claimTo = CLAIM_AFTER[action];
    if (live && claimTo) {
      await trx
        .updateTable('demand_claim')
        .set({ status: claimTo, decided_at: new Date(), rating: action === 'complete' ? (body.rating ?? null) : null, version: (eb) => eb('version', '+', 1) })
        .where('id', '=', live.id)
        .execute();
    }
    const released = to === 'open' || (to === 'closed' && d.status !== 'in_progress');
    await trx
      .updateTable('demand')
      .set({ status: to, unit_id: released ? null : d.unit_id, met_at: to === 'met' ? new Date() : d.met_at, version: d.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('demand_event')
      .values({ demand_id: id, claim_id: live?.id ?? null, action, from_status: d.status, to_status: to, note: body.note ?? null, detail: body.rating ? { rating: body.rating } : {}, ...timelineActor(ctx) })
      .execute();
    await audit(trx, ctx, { action: `demand.${action}`, entityType: 'demand', entityId: id, territoryId: d.community_id, summary: `需求「${d.title}」：${DEMAND[action].label}` });
    await refreshUnitStats(trx, d.community_id);
  });
}

