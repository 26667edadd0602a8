import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { authorizeAny, contextOf } from '../../platform/auth/plugin.js';
import { notFound } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { readUpload, streamedBody, uploadSchema } from '../../platform/images.js';
import { Binary, IdParams, responses } from '../../platform/schema.js';
import { storageFor, type FileStorage } from '../../platform/storage.js';
import { attachmentView, findAttachment, ownerOf, saveUpload, type AttachmentRow } from './attachments.js';
import { Attachment } from './schema.js';
import { STAFF_ATTACHMENTS, visibleCase } from './service.js';

export const FileKind = Type.Union([Type.Literal('file'), Type.Literal('thumbnail')]);

/** Sends a stored photo or its thumbnail; only ever to a caller already found entitled to it. */
export async function sendAttachment(reply: FastifyReply, storage: FileStorage, a: AttachmentRow, kind: 'file' | 'thumbnail') {
  const data = await storage.get(kind === 'file' ? a.storage_key : a.thumbnail_key);
  if (!data) throw notFound();
  const name = kind === 'file' ? a.name : `thumbnail-${a.name.replace(/\.[^.]*$/, '')}.jpg`;
  return reply
    .type(kind === 'file' ? a.content_type : 'image/jpeg')
    .header('cache-control', 'private, max-age=86400, immutable')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(data);
}

const tags = ['cases'];

/** Staff uploads (photos for a new case or a 办结 reply) and downloads of a case's photos. */
export default async function attachmentRoutes(app: App, { db, config }: ModuleOptions) {
  const storage = storageFor(config);

  app.post(
    '/attachments',
    {
      schema: { tags, summary: 'Upload a photo (JPEG, PNG or WebP, at most 5 MB) to attach to a new case or a reply', ...uploadSchema, response: responses({ 201: Attachment }) },
      validatorCompiler: streamedBody,
    },
    async (request, reply) => {
      authorizeAny(request, ['case:create', 'case:handle', 'case:verify']);
      const row = await saveUpload(db, storage, contextOf(request), await readUpload(request));
      reply.code(201);
      return attachmentView(row, STAFF_ATTACHMENTS);
    },
  );

  app.get(
    '/attachments/:id/:kind',
    {
      schema: {
        tags,
        summary: 'A photo (kind=file) or its thumbnail: for staff who see its case, or its uploader before it is attached',
        params: Type.Object({ id: IdParams.properties.id, kind: FileKind }, { additionalProperties: false }),
        response: responses({ 200: Binary }),
      },
    },
    async (request, reply) => {
      const actor = authorizeAny(request, ['case:read', 'case:handle']);
      const a = await findAttachment(db, request.params.id);
      if (!a) throw notFound();
      if (a.case_id === null) {
        if (a.owner !== ownerOf(contextOf(request))) throw notFound();
      } else {
        await visibleCase(db, actor, a.case_id);
      }
      return sendAttachment(reply, storage, a, request.params.kind);
    },
  );
}
