import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { fieldError } from '../../platform/errors.js';
import { processImage } from '../../platform/images.js';
import { newKey, type FileStorage } from '../../platform/storage.js';
import './membership-tables.js';
import { M } from './messages.js';
import type { VisitPhotoRow } from './membership-tables.js';

/** Photos of a visit: uploaded first, owned by the uploader until the visit that uses them is saved. */
export const VISIT_PHOTOS = '/api/v1/visit-photos';
const ownerOf = (ctx: RequestContext) => `user:${ctx.actor!.userId}`;

export async function saveVisitPhoto(db: Database, storage: FileStorage, ctx: RequestContext, file: { name?: string; data: Buffer }) {
  const image = await processImage(file.data);
  const storageKey = newKey(image.extension);
  const thumbnailKey = newKey('jpg');
  await storage.put(storageKey, image.data, image.contentType);
  await storage.put(thumbnailKey, image.thumbnail, 'image/jpeg');
  const name = (file.name ?? '').split(/[\\/]/).pop()!.replace(/\p{Cc}/gu, '').trim().slice(0, 200) || `photo.${image.extension}`;
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('visit_photo')
        .values({ owner: ownerOf(ctx), name, content_type: image.contentType, size: image.data.length, width: image.width, height: image.height, sha256: image.sha256, storage_key: storageKey, thumbnail_key: thumbnailKey })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'visit.photo_upload', entityType: 'visit_photo', entityId: row.id, summary: `上传走访照片 ${row.name}` });
      return row;
    });
  } catch (error) {
    await Promise.all([storage.delete(storageKey), storage.delete(thumbnailKey)]);
    throw error;
  }
}

/** Hands the uploader's unclaimed photos to a visit, all or none. */
export async function claimVisitPhotos(trx: Database, ctx: RequestContext, ids: readonly number[] | undefined, visitId: number) {
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) return;
  const claimed = await trx
    .updateTable('visit_photo')
    .set({ visit_id: visitId })
    .where('id', 'in', unique)
    .where('owner', '=', ownerOf(ctx))
    .where('visit_id', 'is', null)
    .returning('id')
    .execute();
  if (claimed.length !== unique.length) throw fieldError('body.photoIds', M['visit.photo_unavailable']);
}

export function photoView(p: Pick<VisitPhotoRow, 'id' | 'name'>) {
  return { id: p.id, name: p.name, url: `${VISIT_PHOTOS}/${p.id}/file`, thumbnailUrl: `${VISIT_PHOTOS}/${p.id}/thumbnail` };
}
