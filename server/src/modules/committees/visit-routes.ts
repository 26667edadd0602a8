import { Type } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { notFound } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { readUpload, streamedBody, uploadSchema } from '../../platform/images.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import { Binary, IdParams, Ok, Page, responses } from '../../platform/schema.js';
import { storageFor } from '../../platform/storage.js';
import { LogVisitBody, RemindBody, Round, RoundQuery, Visit, VisitPhoto, VisitQuery, VisitToCaseBody } from './visit-schema.js';
import { exportVisits } from './visit-export.js';
import { photoView, saveVisitPhoto } from './visit-photos.js';
import * as visits from './visits.js';

const tags = ['visits'];

/** 走访: log visits with photos, turn a raised problem into a case, the monthly round and reminders. */
export default async function visitRoutes(app: App, { db, config }: ModuleOptions) {
  const storage = storageFor(config);
  const ctxOf = (request: Parameters<typeof requireActor>[0]) => ({ ...contextOf(request), actor: requireActor(request) });

  app.post(
    '/visit-photos',
    { schema: { tags, summary: 'Upload a visit photo (JPEG, PNG or WebP, at most 5 MB)', ...uploadSchema, response: responses({ 201: VisitPhoto }) }, validatorCompiler: streamedBody },
    async (request, reply) => {
      authorize(request, 'visit:write');
      const row = await saveVisitPhoto(db, storage, contextOf(request), await readUpload(request));
      reply.code(201);
      return photoView(row);
    },
  );

  app.get(
    '/visit-photos/:id/:kind',
    {
      schema: {
        tags,
        summary: 'A visit photo (kind=file) or its thumbnail',
        params: Type.Object({ id: IdParams.properties.id, kind: Type.Union([Type.Literal('file'), Type.Literal('thumbnail')]) }, { additionalProperties: false }),
        response: responses({ 200: Binary }),
      },
    },
    async (request, reply) => {
      const p = await visits.visiblePhoto(db, requireActor(request), request.params.id);
      const data = await storage.get(request.params.kind === 'file' ? p.storage_key : p.thumbnail_key);
      if (!data) throw notFound();
      return reply
        .type(request.params.kind === 'file' ? p.content_type : 'image/jpeg')
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(data);
    },
  );

  app.post('/visits', { schema: { tags, summary: 'Log a visit (whom, where, when, what was raised)', body: LogVisitBody, response: responses({ 201: Visit }) } }, async (request, reply) => {
    authorize(request, 'visit:write');
    const ctx = ctxOf(request);
    const id = await visits.logVisit(db, ctx, request.body);
    reply.code(201);
    return visits.getVisit(db, ctx.actor, id);
  });

  app.get('/visits', { schema: { tags, summary: 'Visits in my area, or that I logged', querystring: VisitQuery, response: responses({ 200: Page(Visit) }) } }, async (request) =>
    visits.listVisits(db, requireActor(request), request.query),
  );

  app.get('/visits/export', { schema: { tags, summary: 'The visits I may list, as Excel', querystring: VisitQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('走访记录'), await exportVisits(db, requireActor(request), request.query)),
  );

  app.get('/visits/:id', { schema: { tags, summary: 'One visit with its photos and the case it became', params: IdParams, response: responses({ 200: Visit }) } }, async (request) =>
    visits.getVisit(db, requireActor(request), request.params.id),
  );

  app.post('/visits/:id/case', { schema: { tags, summary: '一键转诉求: the raised problem becomes a case (channel visit)', params: IdParams, body: VisitToCaseBody, response: responses({ 201: Visit }) } }, async (request, reply) => {
    authorize(request, 'case:create');
    const ctx = ctxOf(request);
    await visits.visitToCase(db, ctx, request.params.id, request.body);
    reply.code(201);
    return visits.getVisit(db, ctx.actor, request.params.id);
  });

  app.get('/committees/:id/visit-round', { schema: { tags, summary: "A month's visit round: members in office and their visits, those behind first", params: IdParams, querystring: RoundQuery, response: responses({ 200: Round }) } }, async (request) => {
    authorize(request, 'committee:read');
    return visits.visitRound(db, requireActor(request), request.params.id, request.query);
  });

  app.post('/committees/members/:id/remind', { schema: { tags, summary: 'Remind a member to make the month’s visit (once per month)', params: IdParams, body: RemindBody, response: responses({ 200: Ok }) } }, async (request) => {
    authorize(request, 'committee:write');
    await visits.remindMember(db, ctxOf(request), request.params.id, request.body.month);
    return { ok: true as const };
  });
}
