import { Type, type TSchema } from 'typebox';
import { requireResident } from '../../platform/auth/resident.js';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Obj, Ok, Page, responses } from '../../platform/schema.js';
import * as catalogue from './catalogue.js';
import { exportConsultations } from './export.js';
import mediationRoutes from './mediation-routes.js';
import { overviewWorkbook } from './overview.js';
import * as residents from './residents.js';
import {
  CatalogueBody,
  CatalogueEntry,
  CatalogueQuery,
  CatalogueUpdate,
  ConcludeBody,
  ConsultationDetail,
  ConsultationQuery,
  ConsultationSummary,
  ConsultBody,
  CreateBody,
  Opinion,
  OpenConsultation,
  OpinionBody,
  Overview,
  OverviewQuery,
  ProposeBody,
  PublicConsultation,
  Rating,
  RatingBody,
  ReviewBody,
  StepBody,
  Suggestion,
  SuggestionQuery,
  TaskBody,
  TaskDoneBody,
} from './schema.js';
import * as service from './service.js';
import * as steps from './steps.js';

const tags = ['consultation'];
const Created = Obj({ id: Type.Integer() });

/** 议事协商: the six-step loop 集→提→报→商→办→结, its catalogue, the overview; the H5 opinion and rating. */
export default async function consultationRoutes(app: App, options: ModuleOptions) {
  const { db } = options;
  const reader = (request: Parameters<typeof requireActor>[0]) => {
    authorize(request, 'consultation:read');
    return requireActor(request);
  };
  const staff = (request: Parameters<typeof requireActor>[0]) => ({ ...contextOf(request), actor: requireActor(request) });

  app.get('/consultations', { schema: { tags, summary: 'Consultation items in my area', querystring: ConsultationQuery, response: responses({ 200: Page(ConsultationSummary) }) } }, async (request) =>
    service.listConsultations(db, reader(request), request.query),
  );

  app.get('/consultations/export', { schema: { tags, summary: 'The items I may list, with the same filters, as Excel', querystring: ConsultationQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('议事协商'), await exportConsultations(db, reader(request), request.query)),
  );

  app.post('/consultations', { schema: { tags, summary: '集: open an item and its opinion collection (affected buildings, deadline)', body: CreateBody, response: responses({ 201: ConsultationDetail }) } }, async (request, reply) => {
    authorize(request, 'consultation:write');
    const ctx = staff(request);
    const id = await service.createConsultation(db, ctx, request.body);
    reply.code(201);
    return service.consultationDetail(db, ctx.actor, id);
  });

  app.get('/consultations/overview', { schema: { tags, summary: '议事协商概况: per step and level, mediations and success rate, by territory and period', querystring: OverviewQuery, response: responses({ 200: Overview }) } }, async (request) =>
    service.consultationOverview(db, reader(request), request.query),
  );

  app.get('/consultations/overview/export', { schema: { tags, summary: 'The overview as Excel', querystring: OverviewQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('议事协商概况'), await overviewWorkbook(db, reader(request), request.query)),
  );

  app.get('/consultations/catalogue', { schema: { tags, summary: '协商目录: entries of my area and the defaults, or those in force in a community', querystring: CatalogueQuery, response: responses({ 200: Type.Array(CatalogueEntry) }) } }, async (request) =>
    catalogue.listCatalogue(db, reader(request), request.query.communityId),
  );

  app.get('/consultations/catalogue/suggestion', { schema: { tags, summary: 'Whether a matter of a category should go to consultation in a community, and why', querystring: SuggestionQuery, response: responses({ 200: Suggestion }) } }, async (request) => {
    reader(request);
    return service.catalogueSuggestion(db, request.query.communityId, request.query.category);
  });

  app.post('/consultations/catalogue', { schema: { tags, summary: 'Add a category to the catalogue of a city, district, street or community (defaults: installation-wide administrators)', body: CatalogueBody, response: responses({ 201: Created }) } }, async (request, reply) => {
    authorize(request, 'consultation:config');
    const id = await catalogue.addEntry(db, staff(request), request.body);
    reply.code(201);
    return { id };
  });

  app.put('/consultations/catalogue/:id', { schema: { tags, summary: 'Change an entry (must / may / excluded, note)', params: IdParams, body: CatalogueUpdate, response: responses({ 200: Ok }) } }, async (request) => {
    authorize(request, 'consultation:config');
    await catalogue.updateEntry(db, staff(request), request.params.id, request.body);
    return { ok: true as const };
  });

  app.delete('/consultations/catalogue/:id', { schema: { tags, summary: 'Remove an entry', params: IdParams, response: responses({ 200: Ok }) } }, async (request) => {
    authorize(request, 'consultation:config');
    await catalogue.removeEntry(db, staff(request), request.params.id);
    return { ok: true as const };
  });

  app.get('/consultations/:id', { schema: { tags, summary: 'An item: its steps, session, tasks, rating, catalogue suggestion, timeline and my actions', params: IdParams, response: responses({ 200: ConsultationDetail }) } }, async (request) =>
    service.consultationDetail(db, reader(request), request.params.id),
  );

  app.get('/consultations/:id/opinions', { schema: { tags, summary: "集: the residents' opinions (phones masked)", params: IdParams, response: responses({ 200: Type.Array(Opinion) }) } }, async (request) =>
    service.listOpinions(db, reader(request), request.params.id),
  );

  app.get('/consultations/:id/ratings', { schema: { tags, summary: "结: the residents' ratings (phones masked)", params: IdParams, response: responses({ 200: Type.Array(Rating) }) } }, async (request) =>
    service.listRatings(db, reader(request), request.params.id),
  );

  const step = (path: string, summary: string, body: TSchema, run: (ctx: ReturnType<typeof staff>, id: number, body: never) => Promise<unknown>) =>
    app.post(`/consultations/:id/${path}`, { schema: { tags, summary, params: IdParams, body, response: responses({ 200: ConsultationDetail }) } }, async (request) => {
      authorize(request, 'consultation:read');
      const ctx = staff(request);
      await run(ctx, request.params.id, request.body as never);
      return service.consultationDetail(db, ctx.actor, request.params.id);
    });
  step('close-collection', '集 → 提: end the opinion collection', StepBody, (ctx, id, b: { version: number }) => steps.closeCollection(db, ctx, id, b.version));
  step('propose', '提 → 报: record the proposal and report it to the party organisation', ProposeBody, (ctx, id, b) => steps.propose(db, ctx, id, b));
  step('approve', '报 → 商: the party organisation approves (consultation:approve)', ReviewBody, (ctx, id, b) => steps.approve(db, ctx, id, b));
  step('send-back', '报 → 提: the party organisation sends it back with a comment', ReviewBody, (ctx, id, b) => steps.sendBack(db, ctx, id, b));
  step('consult', '商 → 办: record the 议事协商会 (date, place, participants, outcome, votes)', ConsultBody, (ctx, id, b) => steps.consult(db, ctx, id, b));
  step('conclude', '办 → 结: every task done; the result goes on the public board', ConcludeBody, (ctx, id, b) => steps.conclude(db, ctx, id, b));
  step('tasks', '办: add a task with an owner and a deadline', TaskBody, (ctx, id, b) => steps.addTask(db, ctx, id, b));

  app.post('/consultations/tasks/:id/done', { schema: { tags, summary: '办: mark a task done', params: IdParams, body: TaskDoneBody, response: responses({ 200: Ok }) } }, async (request) => {
    authorize(request, 'consultation:write');
    await steps.completeTask(db, staff(request), request.params.id, request.body);
    return { ok: true as const };
  });

  app.get('/public/communities/:id/consultations', { schema: { tags: ['public'], security: [], summary: "正在征集意见: a community's items open for residents' opinions, nearest deadline first", params: IdParams, response: responses({ 200: Type.Array(OpenConsultation) }) } }, async (request) =>
    residents.openConsultations(db, request.params.id),
  );

  app.get('/resident/consultations/:id', { schema: { tags: ['resident'], security: [], summary: 'An item as residents see it on /h5/consultation/:id (signed in or not)', params: IdParams, response: responses({ 200: PublicConsultation }) } }, async (request) =>
    residents.publicConsultation(db, request.params.id, request.resident?.phone ?? null),
  );

  app.post('/resident/consultations/:id/opinions', { schema: { tags: ['resident'], summary: '集: a resident of an affected building gives an opinion before the deadline', params: IdParams, body: OpinionBody, response: responses({ 201: Created }) } }, async (request, reply) => {
    const resident = requireResident(request);
    const id = await residents.submitOpinion(db, { ...contextOf(request), actor: null, resident }, request.params.id, request.body);
    reply.code(201);
    return { id };
  });

  app.post('/resident/consultations/:id/rating', { schema: { tags: ['resident'], summary: '结: rate the published result (1–5 stars), once', params: IdParams, body: RatingBody, response: responses({ 201: Created }) } }, async (request, reply) => {
    const resident = requireResident(request);
    const id = await residents.rateConsultation(db, { ...contextOf(request), actor: null, resident }, request.params.id, request.body);
    reply.code(201);
    return { id };
  });

  await app.register(mediationRoutes, options);
}
