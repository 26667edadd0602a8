import type { Static } from 'typebox';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { processImage } from '../../platform/images.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { newKey, type FileStorage } from '../../platform/storage.js';
import { beijingToday } from '../../platform/time.js';
import { communityFor, permissionsAt, placeIn, unitsOf, type Ctx } from './access.js';
import { M } from './messages.js';
import type { FeedbackBody, ServiceBody, ServiceQuery } from './schema.js';
import { refreshUnitStats } from './stats.js';

/** 服务纪实 photos: uploaded first, owned by the uploader until the record that uses them is saved (as visit photos). */
export const SERVICE_PHOTOS = '/api/v1/service-photos';
const ownerOf = (ctx: RequestContext) => `user:${ctx.actor!.userId}`;

export async function saveServicePhoto(db: Database, storage: FileStorage, ctx: RequestContext, file: { name?: string; data: Buffer }) {
  const image = await processImage(file.data);
  const storageKey = newKey(image.extension);
  const thumbnailKey = newKey('jpg');
  await storage.put(storageKey, image.data, image.contentType);
  await storage.put(thumbnailKey, image.thumbnail, 'image/jpeg');
  const name = (file.name ?? '').split(/[\\/]/).pop()!.replace(/\p{Cc}/gu, '').trim().slice(0, 200) || `photo.${image.extension}`;
  try {
    return await db
      .insertInto('service_photo')
      .values({ owner: ownerOf(ctx), name, content_type: image.contentType, size: image.data.length, width: image.width, height: image.height, sha256: image.sha256, storage_key: storageKey, thumbnail_key: thumbnailKey })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    await Promise.all([storage.delete(storageKey), storage.delete(thumbnailKey)]);
    throw error;
  }
}

export const photoView = (p: { id: number; name: string }) => ({ id: p.id, name: p.name, url: `${SERVICE_PHOTOS}/${p.id}/file`, thumbnailUrl: `${SERVICE_PHOTOS}/${p.id}/thumbnail` });

/**
 * Records what a confirmed unit or member did: community staff for anyone in their
 * community, a unit's contact for their own unit. Photos are claimed all or none.
 */
export async function recordService(db: Database, ctx: Ctx, body: Static<typeof ServiceBody>): Promise<number> {
  if ((body.unitId === undefined) === (body.partyMemberId === undefined)) throw fieldError('body.unitId', M['service.subject']);
  const mine = await unitsOf(db, ctx.actor.userId);
  const asContact = body.unitId !== undefined && mine.includes(body.unitId) && ctx.actor.permissions.has('unit:act');
  const community = await communityFor(db, ctx.actor, body.communityId, asContact ? 'unit:act' : 'unit:write');
  const place = await placeIn(db, community.path, body.territoryId, 'body.territoryId', M['service.territory_outside']);
  if (body.servedOn > beijingToday()) throw fieldError('body.servedOn', M['service.in_future']);
  const subject =
    body.unitId !== undefined
      ? await db.selectFrom('unit').select(['id', 'name']).where('id', '=', body.unitId).where('status', '=', 'confirmed').where('community_id', '=', community.id).executeTakeFirst()
      : await db.selectFrom('party_member').select(['id', 'name']).where('id', '=', body.partyMemberId!).where('status', '=', 'confirmed').where('community_id', '=', community.id).executeTakeFirst();
  if (!subject) throw fieldError(body.unitId !== undefined ? 'body.unitId' : 'body.partyMemberId', M['service.subject']);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('service_record')
      .values({
        community_id: community.id,
        territory_id: place.id,
        unit_id: body.unitId ?? null,
        party_member_id: body.partyMemberId ?? null,
        title: body.title,
        served_on: body.servedOn,
        minutes: body.minutes,
        recorded_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const photos = [...new Set(body.photoIds ?? [])];
    if (photos.length > 0) {
      const claimed = await trx.updateTable('service_photo').set({ record_id: row.id }).where('id', 'in', photos).where('owner', '=', ownerOf(ctx)).where('record_id', 'is', null).returning('id').execute();
      if (claimed.length !== photos.length) throw fieldError('body.photoIds', M['service.photo_unavailable']);
    }
    await audit(trx, ctx, { action: 'service.record', entityType: 'service_record', entityId: row.id, territoryId: community.id, summary: `${subject.name}：${body.title}（${body.minutes} 分钟）` });
    await refreshUnitStats(trx, community.id);
    return row.id;
  });
}

function recordsBase(db: Database) {
  return db
    .selectFrom('service_record as s')
    .innerJoin('territory_node as t', 't.id', 's.territory_id')
    .innerJoin('territory_node as c', 'c.id', 's.community_id')
    .leftJoin('unit as u', 'u.id', 's.unit_id')
    .leftJoin('party_member as m', 'm.id', 's.party_member_id')
    .selectAll('s')
    .select(['t.name as territory_name', 'c.name as community_name', 'c.path as community_path', 'u.name as unit_name', 'm.name as member_name']);
}

export async function listServices(db: Database, actor: Actor, query: Static<typeof ServiceQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  const mine = await unitsOf(db, actor.userId);
  let base = recordsBase(db).where((eb) => eb.or([territoryCondition(eb as never, 's.community_id' as never, scopeFor(actor, 'unit:read')), ...(mine.length > 0 ? [eb('s.unit_id', 'in', mine)] : [])]));
  if (query.communityId) base = base.where('s.community_id', '=', query.communityId);
  if (query.unitId) base = base.where('s.unit_id', '=', query.unitId);
  if (query.partyMemberId) base = base.where('s.party_member_id', '=', query.partyMemberId);
  if (query.subject) base = base.where(query.subject === 'unit' ? 's.unit_id' : 's.party_member_id', 'is not', null);
  if (query.from) base = base.where('s.served_on', '>=', query.from);
  if (query.to) base = base.where('s.served_on', '<=', query.to);
  const keyword = query.keyword?.trim();
  if (keyword) {
    const like = `%${escapeLike(keyword)}%`;
    base = base.where((eb) => eb.or([eb('s.title', 'like', like), eb('u.name', 'like', like), eb('m.name', 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    base.orderBy('s.served_on', 'desc').orderBy('s.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const photos = rows.length === 0 ? [] : await db.selectFrom('service_photo').select(['id', 'name', 'record_id']).where('record_id', 'in', rows.map((r) => r.id)).orderBy('id').execute();
  const data = rows.map((s) => ({
    id: s.id,
    communityId: s.community_id,
    communityName: s.community_name,
    territoryId: s.territory_id,
    territoryName: s.territory_name,
    unitId: s.unit_id,
    partyMemberId: s.party_member_id,
    who: s.unit_name ?? s.member_name ?? '',
    title: s.title,
    servedOn: s.served_on,
    minutes: s.minutes,
    feedbackRating: s.feedback_rating,
    feedback: s.feedback,
    photos: photos.filter((p) => p.record_id === s.id).map(photoView),
    canFeedback: permissionsAt(actor, s.community_path).has('unit:write'),
    version: s.version,
  }));
  return { data, total: Number(total.n), current, pageSize };
}

/** 社区评价: the community's rating and comment on one service record. */
export async function giveFeedback(db: Database, ctx: Ctx, id: number, body: Static<typeof FeedbackBody>) {
  await db.transaction().execute(async (trx) => {
    const s = await recordsBase(trx).where('s.id', '=', id).forUpdate('s').executeTakeFirst();
    if (!s) throw notFound();
    const here = permissionsAt(ctx.actor, s.community_path);
    if (!here.has('unit:read')) throw notFound();
    if (!here.has('unit:write')) throw forbidden();
    if (s.version !== body.version) throw conflict();
    await trx
      .updateTable('service_record')
      .set({ feedback_rating: body.rating, feedback: body.feedback ?? null, feedback_by: ctx.actor.userId, feedback_at: new Date(), version: s.version + 1 })
      .where('id', '=', id)
      .execute();
    await audit(trx, ctx, { action: 'service.feedback', entityType: 'service_record', entityId: id, territoryId: s.community_id, summary: `服务纪实「${s.title}」评价 ${body.rating} 星` });
  });
}

/** A photo, for a reader of its record's community or the unit's contact (or its uploader before use). */
export async function visiblePhoto(db: Database, actor: Actor, id: number) {
  const p = await db.selectFrom('service_photo').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound();
  if (p.record_id === null) {
    if (p.owner !== `user:${actor.userId}`) throw notFound();
    return p;
  }
  const s = await recordsBase(db).where('s.id', '=', p.record_id).executeTakeFirstOrThrow();
  const mine = await unitsOf(db, actor.userId);
  if (!permissionsAt(actor, s.community_path).has('unit:read') && !(s.unit_id !== null && mine.includes(s.unit_id))) throw notFound();
  return p;
}
