import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { App, ModuleOptions } from '../../platform/http.js';
import { IdParams, Page, responses } from '../../platform/schema.js';
import * as demands from './demands.js';
import { matchDemand } from './matching.js';
import * as resources from './resources.js';
import { ctxOf, gate } from './gate.js';
import {
  Booking,
  BookingBody,
  BookingQuery,
  ClaimBody,
  CompleteBody,
  Demand,
  DemandBody,
  DemandDetail,
  DemandQuery,
  FromCaseBody,
  Match,
  Resource,
  ResourceBody,
  ResourceDetail,
  ResourceQuery,
  StepBody,
} from './schema.js';
import type { BookingAction, DemandAction } from './workflow.js';

/** 资源清单 with bookings, 需求清单 with claims (认领) and suggestions (供需对接). */
export default async function listRoutes(app: App, { db }: ModuleOptions) {
  const read = (request: FastifyRequest) => gate(request, 'unit:read', 'unit:act', 'resource:book');

  app.get('/resources', { schema: { tags: ['resources'], summary: 'Resources in my area, or those of the units I act for', querystring: ResourceQuery, response: responses({ 200: Page(Resource) }) } }, async (request) =>
    resources.listResources(db, read(request), request.query),
  );
  app.post('/resources', { schema: { tags: ['resources'], summary: 'List a resource with its weekly availability windows', body: ResourceBody, response: responses({ 201: ResourceDetail }) } }, async (request, reply) => {
    gate(request, 'unit:act', 'unit:write');
    const ctx = ctxOf(request);
    const id = await resources.createResource(db, ctx, request.body);
    reply.code(201);
    return resources.getResource(db, ctx.actor, id);
  });
  app.get('/resources/:id', { schema: { tags: ['resources'], summary: 'One resource with its recent and coming bookings', params: IdParams, response: responses({ 200: ResourceDetail }) } }, async (request) =>
    resources.getResource(db, read(request), request.params.id),
  );
  app.post('/resources/:id/withdraw', { schema: { tags: ['resources'], summary: 'Take a resource off the list (its owner)', params: IdParams, body: StepBody, response: responses({ 200: ResourceDetail }) } }, async (request) => {
    const ctx = ctxOf(request);
    read(request);
    await resources.withdrawResource(db, ctx, request.params.id, request.body);
    return resources.getResource(db, ctx.actor, request.params.id);
  });
  app.post('/resources/:id/bookings', { schema: { tags: ['resources'], summary: 'Book a slot; an overlap with another booking is a 409 on body.startsAt', params: IdParams, body: BookingBody, response: responses({ 201: ResourceDetail }) } }, async (request, reply) => {
    gate(request, 'resource:book');
    const ctx = ctxOf(request);
    await resources.book(db, ctx, request.params.id, request.body);
    reply.code(201);
    return resources.getResource(db, ctx.actor, request.params.id);
  });
  app.get('/bookings', { schema: { tags: ['resources'], summary: 'Bookings of resources I own, or that I made', querystring: BookingQuery, response: responses({ 200: Page(Booking) }) } }, async (request) =>
    resources.listBookings(db, read(request), request.query),
  );
  const bookingStep = (action: BookingAction, summary: string) =>
    app.post(`/bookings/:id/${action}`, { schema: { tags: ['resources'], summary, params: IdParams, body: StepBody, response: responses({ 200: Booking }) } }, async (request) => {
      const ctx = ctxOf(request);
      read(request);
      await resources.stepBooking(db, ctx, request.params.id, action, request.body);
      return resources.getBooking(db, ctx.actor, request.params.id);
    });
  bookingStep('confirm', 'The owner confirms: requested → confirmed');
  bookingStep('decline', 'The owner declines: requested → declined');
  bookingStep('cancel', 'The booker or owner cancels: requested | confirmed → cancelled');

  app.get('/demands', { schema: { tags: ['demands'], summary: 'Demands in my area; forUnit = open demands in the streets of my units', querystring: DemandQuery, response: responses({ 200: Page(Demand) }) } }, async (request) =>
    demands.listDemands(db, read(request), request.query),
  );
  app.post('/demands', { schema: { tags: ['demands'], summary: 'Post a demand (community staff)', body: DemandBody, response: responses({ 201: DemandDetail }) } }, async (request, reply) => {
    gate(request, 'unit:write');
    const ctx = ctxOf(request);
    const id = await demands.createDemand(db, ctx, request.body);
    reply.code(201);
    return demands.getDemand(db, ctx.actor, id);
  });
  app.post('/demands/from-case', { schema: { tags: ['demands'], summary: '转为需求: an accepted case that needs outside help becomes a demand', body: FromCaseBody, response: responses({ 201: DemandDetail }) } }, async (request, reply) => {
    gate(request, 'unit:write');
    const ctx = ctxOf(request);
    const id = await demands.demandFromCase(db, ctx, request.body);
    reply.code(201);
    return demands.getDemand(db, ctx.actor, id);
  });
  app.get('/demands/:id', { schema: { tags: ['demands'], summary: 'One demand with its claims, timeline and the actions I may take', params: IdParams, response: responses({ 200: DemandDetail }) } }, async (request) =>
    demands.getDemand(db, read(request), request.params.id),
  );
  app.get('/demands/:id/matches', { schema: { tags: ['demands'], summary: 'Suggested resources and units, with the reason', params: IdParams, response: responses({ 200: Type.Array(Match) }) } }, async (request) =>
    matchDemand(db, read(request), request.params.id),
  );
  app.post('/demands/:id/claim', { schema: { tags: ['demands'], summary: '认领: open → claimed (a unit of the same street; one claim wins)', params: IdParams, body: ClaimBody, response: responses({ 200: DemandDetail }) } }, async (request) => {
    gate(request, 'unit:act');
    const ctx = ctxOf(request);
    await demands.claimDemand(db, ctx, request.params.id, request.body);
    return demands.getDemand(db, ctx.actor, request.params.id);
  });
  const demandStep = (action: Exclude<DemandAction, 'claim'>, summary: string, body: typeof StepBody | typeof CompleteBody) =>
    app.post(`/demands/:id/${action}`, { schema: { tags: ['demands'], summary, params: IdParams, body, response: responses({ 200: DemandDetail }) } }, async (request) => {
      const ctx = ctxOf(request);
      read(request);
      await demands.stepDemand(db, ctx, request.params.id, action, request.body as { version: number });
      return demands.getDemand(db, ctx.actor, request.params.id);
    });
  demandStep('confirm_claim', '确认认领: claimed → in_progress (community staff)', StepBody);
  demandStep('reject_claim', '退回认领: claimed → open (community staff)', StepBody);
  demandStep('withdraw_claim', '撤回认领: claimed → open (the claiming unit)', StepBody);
  demandStep('complete', '需求已满足: in_progress → met, with a rating of the unit (community staff)', CompleteBody);
  demandStep('close', '关闭需求: → closed (community staff)', StepBody);
}
