import type { TSchema } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Page, responses } from '../../platform/schema.js';
import { exportMediations } from './export.js';
import * as mediation from './mediation.js';
import { listMediations, mediationDetail } from './mediation-read.js';
import { AgreeBody, FailBody, FollowUpBody, MediationDetail, MediationQuery, MediationSummary, RegisterBody, SessionBody, SignBody, VersionBody } from './mediation-schema.js';

const tags = ['mediation'];

/** 矛盾纠纷调解: register, mediate (sessions, signatures), agree or fail, follow up, close. */
export default async function mediationRoutes(app: App, options: ModuleOptions) {
  const { db } = options;
  const staff = (request: Parameters<typeof requireActor>[0]) => ({ ...contextOf(request), actor: requireActor(request) });

  app.get('/mediations', { schema: { tags, summary: 'Mediation cases in my area', querystring: MediationQuery, response: responses({ 200: Page(MediationSummary) }) } }, async (request) => {
    authorize(request, 'consultation:read');
    return listMediations(db, requireActor(request), request.query);
  });

  app.get('/mediations/export', { schema: { tags, summary: 'The mediations I may list, with the same filters, as Excel (parties’ phones masked)', querystring: MediationQuery, response: responses({ 200: Binary }) } }, async (request, reply) => {
    authorize(request, 'consultation:read');
    return sendXlsx(reply, datedName('矛盾纠纷调解'), await exportMediations(db, requireActor(request), request.query));
  });

  app.post('/mediations', { schema: { tags, summary: 'Register a dispute with its parties (phones masked in answers) and mediators', body: RegisterBody, response: responses({ 201: MediationDetail }) } }, async (request, reply) => {
    authorize(request, 'mediation:write');
    const ctx = staff(request);
    const id = await mediation.registerMediation(db, ctx, request.body);
    reply.code(201);
    return mediationDetail(db, ctx.actor, id);
  });

  app.get('/mediations/:id', { schema: { tags, summary: 'A mediation: parties and signatures, sessions, follow-ups, timeline, my actions', params: IdParams, response: responses({ 200: MediationDetail }) } }, async (request) => {
    authorize(request, 'consultation:read');
    return mediationDetail(db, requireActor(request), request.params.id);
  });

  const post = (path: string, summary: string, body: TSchema, run: (ctx: ReturnType<typeof staff>, id: number, body: never) => Promise<unknown>, mediationOf?: (id: number) => Promise<number>) =>
    app.post(`/mediations${path}`, { schema: { tags, summary, params: IdParams, body, response: responses({ 200: MediationDetail }) } }, async (request) => {
      authorize(request, 'mediation:write');
      const ctx = staff(request);
      await run(ctx, request.params.id, request.body as never);
      return mediationDetail(db, ctx.actor, mediationOf ? await mediationOf(request.params.id) : request.params.id);
    });
  post('/:id/start', 'registered → mediating', VersionBody, (ctx, id, b: { version: number }) => mediation.startMediation(db, ctx, id, b.version));
  post('/:id/sessions', 'Record a mediation session (while mediating)', SessionBody, (ctx, id, b) => mediation.addSession(db, ctx, id, b));
  post('/:id/agree', 'mediating → agreed: the agreement, once every party has signed', AgreeBody, (ctx, id, b) => mediation.agree(db, ctx, id, b));
  post('/:id/fail', 'mediating → failed, with the reason', FailBody, (ctx, id, b) => mediation.failMediation(db, ctx, id, b));
  post('/:id/follow-up', 'A follow-up visit (回访) after the agreement', FollowUpBody, (ctx, id, b) => mediation.followUp(db, ctx, id, b));
  post('/:id/close', 'Close a mediation that has an outcome', VersionBody, (ctx, id, b: { version: number }) => mediation.closeMediation(db, ctx, id, b.version));
  post(
    '/parties/:id/sign',
    "Record a party's signature on the agreement (signing twice is 409)",
    SignBody,
    (ctx, id, b) => mediation.recordSignature(db, ctx, id, b),
    async (partyId) => (await db.selectFrom('mediation_party').select('mediation_id').where('id', '=', partyId).executeTakeFirstOrThrow()).mediation_id,
  );
}
