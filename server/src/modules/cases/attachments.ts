import type { Generated, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { Timestamp } from '../../platform/db/schema.js';
import { fieldError } from '../../platform/errors.js';
import { defineMessages } from '../../platform/i18n.js';
import { processImage, type ImageType } from '../../platform/images.js';
import { newKey, type FileStorage } from '../../platform/storage.js';

/**
 * Photos of a case (居民上传的现场照片, 办结照片). A file is uploaded first and
 * belongs to its uploader until a case or a timeline step claims it, in the
 * transaction of that step; an unclaimed upload is visible to nobody else.
 */
export interface CaseAttachmentTable {
  id: Generated<number>;
  owner: string;
  case_id: number | null;
  event_id: number | null;
  name: string;
  content_type: ImageType;
  size: number;
  width: number;
  height: number;
  sha256: string;
  storage_key: string;
  thumbnail_key: string;
  created_at: Timestamp;
}
export type AttachmentRow = Selectable<CaseAttachmentTable>;

declare module '../../platform/db/schema.js' {
  interface DB {
    case_attachment: CaseAttachmentTable;
  }
}

export const MAX_ATTACHMENTS = 6;

const M = defineMessages({
  'attachment.unavailable': {
    'zh-CN': '图片不存在、已被使用或不是您上传的，请重新上传',
    'en-US': 'An image is unknown, already used, or not uploaded by you; upload it again',
  },
});

/** 'user:<id>' for staff, 'h5:<phone>' for residents: the same words as a case's source. */
export function ownerOf(ctx: RequestContext): string {
  if (ctx.actor) return `user:${ctx.actor.userId}`;
  if (ctx.resident) return `h5:${ctx.resident.phone}`;
  throw new Error('an upload needs a staff member or a resident');
}

/** Only the last path segment, without control characters: a file name is shown, never used as a path. */
function cleanName(name: string | undefined, extension: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/\p{Cc}/gu, '').trim().slice(0, 200);
  return base || `photo.${extension}`;
}

export async function saveUpload(db: Database, storage: FileStorage, ctx: RequestContext, file: { name?: string; data: Buffer }) {
  const image = await processImage(file.data);
  const storageKey = newKey(image.extension);
  const thumbnailKey = newKey('jpg');
  await storage.put(storageKey, image.data, image.contentType);
  await storage.put(thumbnailKey, image.thumbnail, 'image/jpeg');
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('case_attachment')
        .values({
          owner: ownerOf(ctx),
          name: cleanName(file.name, image.extension),
          content_type: image.contentType,
          size: image.data.length,
          width: image.width,
          height: image.height,
          sha256: image.sha256,
          storage_key: storageKey,
          thumbnail_key: thumbnailKey,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'case.attachment_upload', entityType: 'case_attachment', entityId: row.id, summary: `上传图片 ${row.name}` });
      return row;
    });
  } catch (error) {
    await Promise.all([storage.delete(storageKey), storage.delete(thumbnailKey)]);
    throw error;
  }
}

/**
 * Hands the uploader's unclaimed uploads to a case (and the timeline step);
 * all of them or none: one that is unknown, someone else's or already used
 * fails the whole step.
 */
export async function claimAttachments(trx: Database, ids: readonly number[] | undefined, owner: string, caseId: number, eventId: number, field: string) {
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) return;
  const claimed = await trx
    .updateTable('case_attachment')
    .set({ case_id: caseId, event_id: eventId })
    .where('id', 'in', unique)
    .where('owner', '=', owner)
    .where('case_id', 'is', null)
    .returning('id')
    .execute();
  if (claimed.length !== unique.length) throw attachmentsUnavailable(field);
}

/** A photo the submitter did not upload, or already attached to a case. */
export const attachmentsUnavailable = (field: string) => fieldError(field, M['attachment.unavailable']);

export function caseAttachments(db: Database, caseId: number) {
  return db.selectFrom('case_attachment').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function findAttachment(db: Database, id: number) {
  return db.selectFrom('case_attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What the API shows of a photo; `base` is the download route of the caller's side (staff or resident). */
export function attachmentView(a: AttachmentRow, base: string) {
  return {
    id: a.id,
    name: a.name,
    contentType: a.content_type,
    size: a.size,
    width: a.width,
    height: a.height,
    url: `${base}/${a.id}/file`,
    thumbnailUrl: `${base}/${a.id}/thumbnail`,
    createdAt: a.created_at.toISOString(),
  };
}
