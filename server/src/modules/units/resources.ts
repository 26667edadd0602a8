import { timelineActor } from '../../platform/timeline.js';
import type { Static } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { actingUnit, bookingCommunitiesBelow, communityFor, invalidTransition, isExclusionViolation, mayBookIn, standing, unitsOf, type Ctx } from './access.js';
import { M } from './messages.js';
import { fire } from './registration.js';
import type { BookingBody, BookingQuery, ResourceBody, ResourceQuery } from './schema.js';
import { refreshUnitStats } from './stats.js';
import { ACTIVE_BOOKING, allowed, BOOKING, BOOKING_LABELS, type BookingAction } from './workflow.js';
import { BEIJING_OFFSET_MS } from '../../platform/time.js';

/**
 * 资源清单: a unit's contact lists what the unit offers; community staff list what a
 * person offers (or a unit, for it). Availability is weekly windows in Beijing time.
 */
const toMinute = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const toClock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export async function createResource(db: Database, ctx: Ctx, body: Static<typeof ResourceBody>): Promise<number> {
  const mine = await unitsOf(db, ctx.actor.userId);
  const asContact = body.unitId !== undefined && mine.includes(body.unitId) && ctx.actor.permissions.has('unit:act');
  const community = await communityFor(db, ctx.actor, body.communityId, asContact ? 'unit:act' : 'unit:write');
  if (body.unitId === undefined && !body.ownerName) throw fieldError('body.unitId', M['resource.owner']);
  if (body.unitId !== undefined) {
    const unit = asContact ? await actingUnit(db, ctx.actor, body.unitId) : await db.selectFrom('unit').select(['id', 'community_id', 'status']).where('id', '=', body.unitId).executeTakeFirst();
    if (!unit || unit.status !== 'confirmed' || unit.community_id !== community.id) throw fieldError('body.unitId', M['unit.not_your_unit']);
  }
  const windows = body.windows.map((w, i) => {
    const start = toMinute(w.start);
    const end = toMinute(w.end);
    if (end <= start) throw fieldError(`body.windows.${i}.end`, M['resource.window_order']);
    return { weekday: w.weekday, start_minute: start, end_minute: end };
  });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('resource')
      .values({
        community_id: community.id,
        unit_id: body.unitId ?? null,
        owner_name: body.ownerName ?? null,
        category: body.category,
        name: body.name,
        description: body.description ?? null,
        address: body.address ?? null,
        capacity: body.capacity,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('resource_window').values(windows.map((w) => ({ resource_id: row.id, ...w }))).execute();
    await audit(trx, ctx, { action: 'resource.create', entityType: 'resource', entityId: row.id, territoryId: community.id, summary: `发布资源「${body.name}」` });
    await refreshUnitStats(trx, community.id);
    return row.id;
  });
}

function resourcesBase(db: Database) {
  return db
    .selectFrom('resource as r')
    .innerJoin('territory_node as t', 't.id', 'r.community_id')
    .leftJoin('unit as u', 'u.id', 'r.unit_id')
    .selectAll('r')
    .select(['t.path as community_path', 't.name as community_name', 'u.name as unit_name']);
}
type ResourceRow = Awaited<ReturnType<ReturnType<typeof resourcesBase>['execute']>>[number];

async function present(db: Database, rows: ResourceRow[]) {
  const ids = rows.map((r) => r.id);
  const windows = ids.length === 0 ? [] : await db.selectFrom('resource_window').selectAll().where('resource_id', 'in', ids).orderBy('weekday').orderBy('start_minute').execute();
  const used =
    ids.length === 0
      ? []
      : await db.selectFrom('resource_booking').select(['resource_id', (eb) => eb.fn.countAll<number>().as('n')]).where('resource_id', 'in', ids).where('status', '=', 'confirmed').groupBy('resource_id').execute();
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    unitId: r.unit_id,
    owner: r.unit_name ?? r.owner_name ?? '',
    category: r.category,
    name: r.name,
    description: r.description,
    address: r.address,
    capacity: r.capacity,
    status: r.status,
    windows: windows.filter((w) => w.resource_id === r.id).map((w) => ({ weekday: w.weekday, start: toClock(w.start_minute), end: toClock(w.end_minute) })),
    bookingsConfirmed: Number(used.find((u) => u.resource_id === r.id)?.n ?? 0),
    version: r.version,
  }));
}

/** Resources in my area (unit:read or resource:book), or those of the units I act for. */
export async function listResources(db: Database, actor: Actor, query: Static<typeof ResourceQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  const mine = await unitsOf(db, actor.userId);
  const near = await bookingCommunitiesBelow(db, actor);
  let base = resourcesBase(db).where((eb) =>
    eb.or([
      territoryCondition(eb as never, 'r.community_id' as never, scopeFor(actor, 'unit:read')),
      territoryCondition(eb as never, 'r.community_id' as never, scopeFor(actor, 'resource:book')),
      ...(near.length > 0 ? [eb('r.community_id', 'in', near)] : []),
      ...(mine.length > 0 ? [eb('r.unit_id', 'in', mine)] : []),
    ]),
  );
  if (query.communityId) base = base.where('r.community_id', '=', query.communityId);
  if (query.category) base = base.where('r.category', '=', query.category);
  if (query.unitId) base = base.where('r.unit_id', '=', query.unitId);
  if (query.keyword?.trim()) base = base.where('r.name', 'like', `%${escapeLike(query.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.orderBy('r.status').orderBy('r.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await present(db, rows), total: Number(total.n), current, pageSize };
}

/** The resource with the caller's standing: owner = its unit's contact, or community staff for a person's offer. */
async function visibleResource(db: Database, actor: Actor, id: number, lock = false) {
  let q = resourcesBase(db).where('r.id', '=', id);
  if (lock) q = q.forUpdate('r');
  const r = await q.executeTakeFirst();
  if (!r) throw notFound();
  const mine = await unitsOf(db, actor.userId);
  const s0 = standing(actor, r.community_path);
  const isOwner = r.unit_id !== null ? mine.includes(r.unit_id) : s0.permissionsHere.has('unit:write');
  const canBook = mayBookIn(actor, r.community_path);
  if (!isOwner && !s0.permissionsHere.has('unit:read') && !canBook) throw notFound();
  return { r, isOwner, canBook };
}

export async function getResource(db: Database, actor: Actor, id: number) {
  const { r, isOwner, canBook } = await visibleResource(db, actor, id);
  const bookings = await bookingsBase(db).where('b.resource_id', '=', id).where('b.ends_at', '>', new Date(Date.now() - 30 * 86_400_000)).orderBy('b.starts_at').limit(100).execute();
  return { ...(await present(db, [r]))[0]!, bookings: bookings.map((b) => bookingView(actor, b, isOwner)), canBook: canBook && r.status === 'active', isOwner };
}

export async function withdrawResource(db: Database, ctx: Ctx, id: number, body: { version: number }) {
  await db.transaction().execute(async (trx) => {
    const { r, isOwner } = await visibleResource(trx, ctx.actor, id, true);
    if (!isOwner) throw new AppError(403, 'forbidden');
    if (r.status !== 'active') throw invalidTransition('已下架', '下架');
    if (r.version !== body.version) throw conflict();
    await trx.updateTable('resource').set({ status: 'withdrawn', version: r.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'resource.withdraw', entityType: 'resource', entityId: id, territoryId: r.community_id, summary: `下架资源「${r.name}」` });
    await refreshUnitStats(trx, r.community_id);
  });
}

/** Beijing wall-clock of an instant: ISO weekday (1 = Monday), minute of the day, calendar day. */
function beijing(at: Date) {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return { weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(), minute: local.getUTCHours() * 60 + local.getUTCMinutes(), day: local.toISOString().slice(0, 10) };
}
const BEIJING_CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * Books a slot. The service refuses an overlap with a clear field error after locking
 * the resource row; the exclusion constraint refuses it too should anything slip past.
 */
export async function book(db: Database, ctx: Ctx, resourceId: number, body: Static<typeof BookingBody>): Promise<number> {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (endsAt <= startsAt) throw fieldError('body.endsAt', M['resource.window_order']);
  if (endsAt.getTime() - startsAt.getTime() > 86_400_000) throw fieldError('body.endsAt', M['booking.too_long']);
  if (startsAt.getTime() < Date.now() - 60_000) throw fieldError('body.startsAt', M['booking.in_past']);
  try {
    return await db.transaction().execute(async (trx) => {
      const { r, canBook } = await visibleResource(trx, ctx.actor, resourceId, true);
      if (!canBook) throw new AppError(403, 'forbidden');
      if (r.status !== 'active') throw fieldError('body.startsAt', M['resource.withdrawn']);
      if (body.headcount > r.capacity) throw fieldError('body.headcount', M['booking.over_capacity'], { capacity: r.capacity });
      const from = beijing(startsAt);
      const to = beijing(new Date(endsAt.getTime() - 1));
      const windows = await trx.selectFrom('resource_window').selectAll().where('resource_id', '=', resourceId).execute();
      const fits = from.day === to.day && windows.some((w) => w.weekday === from.weekday && w.start_minute <= from.minute && to.minute + 1 <= w.end_minute);
      if (!fits) throw fieldError('body.startsAt', M['booking.outside_window']);
      const clash = await trx
        .selectFrom('resource_booking')
        .select(['starts_at', 'ends_at'])
        .where('resource_id', '=', resourceId)
        .where('status', 'in', ACTIVE_BOOKING)
        .where('starts_at', '<', endsAt)
        .where('ends_at', '>', startsAt)
        .executeTakeFirst();
      if (clash) throw overlap(clash.starts_at, clash.ends_at);
      const row = await trx
        .insertInto('resource_booking')
        .values({ resource_id: resourceId, community_id: r.community_id, starts_at: startsAt, ends_at: endsAt, party: body.party, purpose: body.purpose, headcount: body.headcount, booked_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('resource_booking_event').values({ booking_id: row.id, action: 'request', to_status: 'requested', ...timelineActor(ctx) }).execute();
      await audit(trx, ctx, { action: 'booking.request', entityType: 'resource_booking', entityId: row.id, territoryId: r.community_id, summary: `${body.party}预约「${r.name}」` });
      return row.id;
    });
  } catch (error) {
    if (isExclusionViolation(error)) throw overlap(startsAt, endsAt);
    throw error;
  }
}

const overlap = (from: Date, to: Date) =>
  new AppError(409, 'validation_failed', {}, [{ field: 'body.startsAt', key: M['booking.overlap'], params: { from: BEIJING_CLOCK.format(from), to: BEIJING_CLOCK.format(to) } }]);

function bookingsBase(db: Database) {
  return db.selectFrom('resource_booking as b').innerJoin('resource as r', 'r.id', 'b.resource_id').selectAll('b').select(['r.name as resource_name', 'r.unit_id']);
}
type BookingRow = Awaited<ReturnType<ReturnType<typeof bookingsBase>['execute']>>[number];

function bookingView(actor: Actor, b: BookingRow, isOwner: boolean) {
  const s = { isContact: false, isOwner, isBooker: b.booked_by === actor.userId, permissionsHere: new Set<never>() };
  return {
    id: b.id,
    resourceId: b.resource_id,
    resourceName: b.resource_name,
    startsAt: b.starts_at.toISOString(),
    endsAt: b.ends_at.toISOString(),
    party: b.party,
    purpose: b.purpose,
    headcount: b.headcount,
    status: b.status,
    actions: allowed(BOOKING, b.status, s),
    version: b.version,
  };
}

/** Bookings of resources I own, or that I made. */
export async function listBookings(db: Database, actor: Actor, query: Static<typeof BookingQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  const mine = await unitsOf(db, actor.userId);
  const staffScope = scopeFor(actor, 'unit:write');
  let base = bookingsBase(db)
    .innerJoin('territory_node as t', 't.id', 'r.community_id')
    .where((eb) =>
      eb.or([
        eb('b.booked_by', '=', actor.userId),
        ...(mine.length > 0 ? [eb('r.unit_id', 'in', mine)] : []),
        eb.and([eb('r.unit_id', 'is', null), territoryCondition(eb as never, 'r.community_id' as never, staffScope)]),
      ]),
    );
  if (query.resourceId) base = base.where('b.resource_id', '=', query.resourceId);
  if (query.status) base = base.where('b.status', '=', query.status);
  const [rows, total] = await Promise.all([
    base.orderBy('b.starts_at', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const paths = new Map((await db.selectFrom('territory_node').select(['id', 'path']).where('id', 'in', [0, ...rows.map((r) => r.community_id)]).execute()).map((n) => [n.id, n.path]));
  const data = rows.map((b) => bookingView(actor, b, b.unit_id !== null ? mine.includes(b.unit_id) : standing(actor, paths.get(b.community_id) ?? '').permissionsHere.has('unit:write')));
  return { data, total: Number(total.n), current, pageSize };
}

/** One booking, for its booker or the resource's owner. */
export async function getBooking(db: Database, actor: Actor, id: number) {
  const b = await bookingsBase(db).innerJoin('territory_node as t', 't.id', 'r.community_id').select('t.path as community_path').where('b.id', '=', id).executeTakeFirst();
  if (!b) throw notFound();
  const isOwner = b.unit_id !== null ? (await unitsOf(db, actor.userId)).includes(b.unit_id) : standing(actor, b.community_path).permissionsHere.has('unit:write');
  if (!isOwner && b.booked_by !== actor.userId) throw notFound();
  return bookingView(actor, b, isOwner);
}

export async function stepBooking(db: Database, ctx: Ctx, id: number, action: BookingAction, body: { version: number; note?: string }) {
  await db.transaction().execute(async (trx) => {
    const b = await trx.selectFrom('resource_booking').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!b) throw notFound();
    const { r, isOwner } = await visibleResource(trx, ctx.actor, b.resource_id).catch(() => {
      throw notFound();
    });
    const isBooker = b.booked_by === ctx.actor.userId;
    if (!isOwner && !isBooker) throw notFound();
    fire(BOOKING[action], b.status, { isContact: false, isOwner, isBooker, permissionsHere: new Set() }, BOOKING_LABELS);
    if (b.version !== body.version) throw conflict();
    const to = BOOKING[action].to;
    await trx.updateTable('resource_booking').set({ status: to, version: b.version + 1 }).where('id', '=', id).execute();
    await trx.insertInto('resource_booking_event').values({ booking_id: id, action, from_status: b.status, to_status: to, note: body.note ?? null, ...timelineActor(ctx) }).execute();
    await audit(trx, ctx, { action: `booking.${action}`, entityType: 'resource_booking', entityId: id, territoryId: b.community_id, summary: `「${r.name}」预约：${BOOKING[action].label}` });
    await refreshUnitStats(trx, b.community_id);
  });
}
