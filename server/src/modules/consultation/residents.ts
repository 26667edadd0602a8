import type { RequestContext, Resident } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { beijingTime } from '../../platform/excel.js';
import { loadItem } from './engine.js';
import { M } from './messages.js';
import { placesOf, ratingOf } from './service.js';
import type { Stance } from './tables.js';
import { LEVEL_LABELS, STATE_LABELS } from './workflow.js';

/** The items of a community still collecting opinions, the nearest deadline first (one indexed read). */
export async function openConsultations(db: Database, communityId: number, now = new Date()) {
  const community = await db.selectFrom('territory_node').select('id').where('id', '=', communityId).where('level', '=', 'community').executeTakeFirst();
  if (!community) throw notFound();
  const rows = await db
    .selectFrom('consultation')
    .select(['id', 'title', 'level', 'collect_until'])
    .where('community_id', '=', communityId)
    .where('status', '=', 'collecting')
    .where('collect_until', '>', now)
    .orderBy('collect_until')
    .limit(20)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, levelName: LEVEL_LABELS[r.level], collectUntil: r.collect_until.toISOString() }));
}

/** What the H5 page `/h5/consultation/:id` shows: the matter, the affected buildings, and the result once public. */
export async function publicConsultation(db: Database, id: number, phone: string | null, now = new Date()) {
  const item = await loadItem(db, id);
  if (!item) throw notFound();
  const [places, rating, opinion, rated] = await Promise.all([
    placesOf(db, id),
    ratingOf(db, id),
    phone ? db.selectFrom('consultation_opinion').select('id').where('consultation_id', '=', id).where('phone', '=', phone).executeTakeFirst() : undefined,
    phone ? db.selectFrom('consultation_rating').select('id').where('consultation_id', '=', id).where('phone', '=', phone).executeTakeFirst() : undefined,
  ]);
  return {
    id: item.id,
    communityId: item.community_id,
    communityName: item.community_name,
    title: item.title,
    subject: item.subject,
    levelName: LEVEL_LABELS[item.level],
    status: item.status,
    statusName: STATE_LABELS[item.status],
    collectUntil: item.collect_until.toISOString(),
    collecting: item.status === 'collecting' && now < item.collect_until,
    places: places.map((p) => ({ id: p.id, name: p.name })),
    result: item.status === 'concluded' ? item.result : null,
    rating,
    mine: { opinion: Boolean(opinion), rated: Boolean(rated) },
  };
}

/**
 * 集 on the phone: a resident signed in by phone code gives one opinion, naming their building
 * among the affected ones (or a building inside an affected compound), before the deadline.
 */
export async function submitOpinion(db: Database, ctx: RequestContext & { resident: Resident }, id: number, input: { placeId: number; room?: string; stance: Stance; content: string }, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const item = await loadItem(trx, id, true);
    if (!item) throw notFound();
    if (item.status !== 'collecting' || now >= item.collect_until) {
      const until = beijingTime(item.collect_until);
      throw new AppError(409, M['consultation.collection_closed'], { until }, [{ field: 'collectUntil', key: M['consultation.collection_closed'], params: { until } }]);
    }
    const place = await trx.selectFrom('territory_node').select(['id', 'path', 'level']).where('id', '=', input.placeId).executeTakeFirst();
    const affected = await placesOf(trx, id);
    if (!place || (place.level !== 'building' && place.level !== 'compound') || !affected.some((a) => place.path.startsWith(a.path))) throw fieldError('body.placeId', M['consultation.not_affected']);
    const row = await trx
      .insertInto('consultation_opinion')
      .values({ consultation_id: id, territory_id: place.id, room: input.room?.trim() || null, phone: ctx.resident.phone, stance: input.stance, content: input.content.trim(), created_at: now })
      .onConflict((oc) => oc.columns(['consultation_id', 'phone']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict(M['consultation.opinion_twice']);
    await audit(trx, ctx, { action: 'consultation.opinion', entityType: 'consultation', entityId: id, territoryId: item.community_id, summary: `议事协商“${item.title}”收到居民意见` });
    return row.id;
  });
}

/** 结: residents rate the published result, once per phone. */
export async function rateConsultation(db: Database, ctx: RequestContext & { resident: Resident }, id: number, input: { stars: number; comment?: string }) {
  return db.transaction().execute(async (trx) => {
    const item = await loadItem(trx, id);
    if (!item) throw notFound();
    if (item.status !== 'concluded') throw conflict(M['consultation.not_concluded']);
    const row = await trx
      .insertInto('consultation_rating')
      .values({ consultation_id: id, phone: ctx.resident.phone, stars: input.stars, comment: input.comment?.trim() || null })
      .onConflict((oc) => oc.columns(['consultation_id', 'phone']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict(M['consultation.rated_twice']);
    await audit(trx, ctx, { action: 'consultation.rating', entityType: 'consultation', entityId: id, territoryId: item.community_id, summary: `议事协商“${item.title}”收到居民评价 ${input.stars} 星` });
    return row.id;
  });
}
