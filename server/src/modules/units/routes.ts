import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf, requireActor } from '../../platform/auth/plugin.js';
import { requireResident } from '../../platform/auth/resident.js';
import { notFound } from '../../platform/errors.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { readUpload, streamedBody, uploadSchema } from '../../platform/images.js';
import { Binary, IdParams, Obj, Page, responses } from '../../platform/schema.js';
import { storageFor } from '../../platform/storage.js';
import { ctxOf, gate } from './gate.js';
import listRoutes from './list-routes.js';
import * as members from './members.js';
import { exportDemands, exportMembers, exportServices, exportUnits } from './export.js';
import { exportOverview, overview } from './overview.js';
import * as registration from './registration.js';
import {
  DemandQuery,
  Event,
  FeedbackBody,
  IncubationBody,
  MemberBody,
  MemberQuery,
  Overview,
  OverviewQuery,
  PartyMember,
  ResidentMemberBody,
  ResidentMembership,
  ServiceBody,
  ServicePhoto,
  ServiceQuery,
  ServiceRecord,
  StepBody,
  UnitBody,
  UnitDetail,
  UnitQuery,
  UnitSummary,
} from './schema.js';
import * as services from './services.js';
import type { RegistrationAction } from './workflow.js';

const tags = ['units'];

/** 共建单位: 报到登记, 双报到, 服务纪实 with photos and feedback, incubation, the overview. */
export default async function unitsRoutes(app: App, options: ModuleOptions) {
  const { db, config } = options;
  const storage = storageFor(config);
  const read = (request: FastifyRequest) => gate(request, 'unit:read', 'unit:act');

  app.get('/units', { schema: { tags, summary: 'Units registered in my area, or those I act for (phones masked)', querystring: UnitQuery, response: responses({ 200: Page(UnitSummary) }) } }, async (request) =>
    registration.listUnits(db, read(request), request.query),
  );
  app.post('/units', { schema: { tags, summary: '报到登记: a unit registers to a community (once per community)', body: UnitBody, response: responses({ 201: UnitDetail }) } }, async (request, reply) => {
    gate(request, 'unit:act', 'unit:write');
    const ctx = ctxOf(request);
    const id = await registration.registerUnit(db, ctx, request.body);
    reply.code(201);
    return registration.getUnit(db, ctx.actor, id);
  });
  app.get('/units/export', { schema: { tags, summary: 'The units I may list, as Excel (phones masked)', querystring: UnitQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('共建单位'), await exportUnits(db, read(request), request.query)),
  );
  app.get('/demands/export', { schema: { tags: ['demands'], summary: 'The demands I may list, as Excel', querystring: DemandQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('需求清单'), await exportDemands(db, read(request), request.query)),
  );
  app.get('/units/overview', { schema: { tags, summary: '共建概况 of a node and its children for a year (rollups)', querystring: OverviewQuery, response: responses({ 200: Overview }) } }, async (request) =>
    overview(db, gate(request, 'unit:read'), request.query),
  );
  app.get('/units/overview/export', { schema: { tags, summary: 'The overview as Excel', querystring: OverviewQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('共建概况'), await exportOverview(db, gate(request, 'unit:read'), request.query)),
  );
  app.get('/units/:id', { schema: { tags, summary: 'One unit with the actions I may take, participation by year and incubation', params: IdParams, response: responses({ 200: UnitDetail }) } }, async (request) =>
    registration.getUnit(db, read(request), request.params.id),
  );
  app.get('/units/:id/history', { schema: { tags, summary: "The registration's timeline", params: IdParams, response: responses({ 200: Type.Array(Event) }) } }, async (request) =>
    registration.unitHistory(db, read(request), request.params.id),
  );
  app.post('/units/:id/incubation', { schema: { tags, summary: '培育孵化: a training entry or a growth assessment (social organisations)', params: IdParams, body: IncubationBody, response: responses({ 201: UnitDetail }) } }, async (request, reply) => {
    gate(request, 'unit:write');
    const ctx = ctxOf(request);
    await registration.addIncubation(db, ctx, request.params.id, request.body);
    reply.code(201);
    return registration.getUnit(db, ctx.actor, request.params.id);
  });

  const unitStep = (action: RegistrationAction, summary: string) =>
    app.post(`/units/:id/${action}`, { schema: { tags, summary, params: IdParams, body: StepBody, response: responses({ 200: UnitDetail }) } }, async (request) => {
      const ctx = ctxOf(request);
      read(request);
      await registration.stepUnit(db, ctx, request.params.id, action, request.body);
      return registration.getUnit(db, ctx.actor, request.params.id);
    });
  unitStep('confirm', '确认报到: pending → confirmed (community staff)');
  unitStep('reject', '退回报到: pending → rejected (community staff)');
  unitStep('withdraw', '撤销报到: pending | confirmed → withdrawn (the unit or staff)');

  app.get('/party-members/export', { schema: { tags, summary: 'The 双报到 members I may list, as Excel (phones masked)', querystring: MemberQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('在职党员双报到'), await exportMembers(db, read(request), request.query)),
  );
  app.get('/party-members', { schema: { tags, summary: '双报到 party members in my area, or of the units I act for (phones masked)', querystring: MemberQuery, response: responses({ 200: Page(PartyMember) }) } }, async (request) =>
    members.listMembers(db, read(request), request.query),
  );
  app.post('/party-members', { schema: { tags, summary: '双报到: an in-service party member registers where they live', body: MemberBody, response: responses({ 201: PartyMember }) } }, async (request, reply) => {
    gate(request, 'unit:write', 'unit:act');
    const ctx = ctxOf(request);
    const id = await members.registerMember(db, ctx, request.body);
    reply.code(201);
    return members.getMember(db, ctx.actor, id);
  });
  app.get('/party-members/:id/history', { schema: { tags, summary: "The member's registration timeline", params: IdParams, response: responses({ 200: Type.Array(Event) }) } }, async (request) =>
    members.memberHistory(db, read(request), request.params.id),
  );
  const memberStep = (action: RegistrationAction, summary: string) =>
    app.post(`/party-members/:id/${action}`, { schema: { tags, summary, params: IdParams, body: StepBody, response: responses({ 200: PartyMember }) } }, async (request) => {
      const ctx = ctxOf(request);
      read(request);
      await members.stepMember(db, ctx, request.params.id, action, request.body);
      return members.getMember(db, ctx.actor, request.params.id);
    });
  memberStep('confirm', '确认党员报到 (community staff)');
  memberStep('reject', '退回党员报到 (community staff)');
  memberStep('withdraw', '撤销党员报到 (moved away)');

  // The member themself on the phone (resident session, cookie gz_resident under /api/v1/resident).
  app.post(
    '/resident/party-members',
    { schema: { tags: ['resident'], summary: '双报到 by the party member on the phone, with the number they signed in with; staff confirm it', body: ResidentMemberBody, response: responses({ 201: ResidentMembership }) } },
    async (request, reply) => {
      const registered = await members.registerMemberAsResident(db, { ...contextOf(request), actor: null, resident: requireResident(request) }, request.body);
      reply.code(201);
      return registered;
    },
  );
  app.get('/resident/party-members', { schema: { tags: ['resident'], summary: 'My 双报到 registrations and where each stands', response: responses({ 200: Type.Array(ResidentMembership) }) } }, async (request) =>
    members.residentMemberships(db, requireResident(request).phone),
  );

  app.post(
    '/service-photos',
    { schema: { tags, summary: 'Upload a 服务纪实 photo (JPEG, PNG or WebP, at most 5 MB)', ...uploadSchema, response: responses({ 201: ServicePhoto }) }, validatorCompiler: streamedBody },
    async (request, reply) => {
      gate(request, 'unit:write', 'unit:act');
      const row = await services.saveServicePhoto(db, storage, contextOf(request), await readUpload(request));
      reply.code(201);
      return services.photoView(row);
    },
  );
  app.get(
    '/service-photos/:id/:kind',
    {
      schema: {
        tags,
        summary: 'A service photo (kind=file) or its thumbnail',
        params: Type.Object({ id: IdParams.properties.id, kind: Type.Union([Type.Literal('file'), Type.Literal('thumbnail')]) }, { additionalProperties: false }),
        response: responses({ 200: Binary }),
      },
    },
    async (request, reply) => {
      const p = await services.visiblePhoto(db, requireActor(request), request.params.id);
      const data = await storage.get(request.params.kind === 'file' ? p.storage_key : p.thumbnail_key);
      if (!data) throw notFound();
      return reply.type(request.params.kind === 'file' ? p.content_type : 'image/jpeg').header('cache-control', 'private, max-age=86400, immutable').send(data);
    },
  );
  app.get('/service-records', { schema: { tags, summary: '服务纪实 in my area, or of the units I act for', querystring: ServiceQuery, response: responses({ 200: Page(ServiceRecord) }) } }, async (request) =>
    services.listServices(db, read(request), request.query),
  );
  app.get('/service-records/export', { schema: { tags, summary: 'The 服务纪实 I may list, as Excel', querystring: ServiceQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('服务纪实'), await exportServices(db, read(request), request.query)),
  );
  app.post('/service-records', { schema: { tags, summary: 'Record a service: what, when, minutes, where, photos', body: ServiceBody, response: responses({ 201: Obj({ id: Type.Integer() }) }) } }, async (request, reply) => {
    gate(request, 'unit:write', 'unit:act');
    const id = await services.recordService(db, ctxOf(request), request.body);
    reply.code(201);
    return { id };
  });
  app.post('/service-records/:id/feedback', { schema: { tags, summary: "社区评价: the community's rating of a service", params: IdParams, body: FeedbackBody, response: responses({ 200: Obj({ id: Type.Integer() }) }) } }, async (request) => {
    gate(request, 'unit:write');
    await services.giveFeedback(db, ctxOf(request), request.params.id, request.body);
    return { id: request.params.id };
  });

  await app.register(listRoutes, options);
}
