import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Actor } from '../../platform/auth/actor.js';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { Permission } from '../../platform/auth/roles.js';
import { requireResident } from '../../platform/auth/resident.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, DateTime, Enum, IdParams, Obj, Page, Problem, responses } from '../../platform/schema.js';
import { appoint, appointedMembers, noCertificate, roundOfCandidate } from './appointment.js';
import { renderCertificates } from './certificates.js';
import { READ_PERMISSIONS } from './engine.js';
import './notice-subject.js';
import { compositionWarnings } from './rules.js';
import { listRules, saveRules } from './rules-service.js';
import {
  Candidate,
  CandidatePersonal,
  CandidateQuery,
  CommitteeComposition,
  CreateRoundBody,
  DeviationBody,
  MeetingBody,
  NominateBody,
  ReviewBody,
  RoundDetail,
  RoundQuery,
  RoundSummary,
  RuleBody,
  RuleView,
  StepBody,
} from './schema.js';
import * as service from './service.js';
import * as steps from './steps.js';
import { holdsOver } from '../../platform/scope.js';

const tags = ['selection'];
const withRules = <R extends Record<number, TSchema>>(ok: R) => ({ ...responses(ok), 422: Problem });

function reader(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  authorize(request, READ_PERMISSIONS.find((p) => actor.permissions.has(p)) ?? 'selection:write');
  return actor;
}

function staff(request: FastifyRequest, permission: Permission) {
  authorize(request, permission);
  return { ...contextOf(request), actor: requireActor(request) };
}

async function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(pdf);
}

/** Committee formation (社工委组建): rounds, candidates, the party meeting, street approval, notice, appointment. */
export default async function selectionRoutes(app: App, { db, config }: ModuleOptions) {
  app.get(
    '/selection/rounds',
    { schema: { tags, summary: 'Recruitment rounds in my area', querystring: RoundQuery, response: responses({ 200: Page(RoundSummary) }) } },
    async (request) => service.listRounds(db, reader(request), request.query),
  );

  app.post(
    '/selection/rounds',
    { schema: { tags, summary: 'Open a recruitment round (组建 or 增补) with its announcement, in draft', body: CreateRoundBody, response: responses({ 201: RoundDetail }) } },
    async (request, reply) => {
      const ctx = staff(request, 'selection:write');
      const id = await service.createRound(db, ctx, request.body);
      reply.code(201);
      return service.roundDetail(db, ctx.actor, id);
    },
  );

  app.get(
    '/selection/rounds/:id',
    { schema: { tags, summary: 'A round: its steps, meeting, review, notice, rule checks, timeline and what I may do next', params: IdParams, response: responses({ 200: RoundDetail }) } },
    async (request) => service.roundDetail(db, reader(request), request.params.id),
  );

  const step = <B extends { version: number }>(
    path: string,
    summary: string,
    permission: Permission,
    body: TSchema,
    run: (ctx: ReturnType<typeof staff>, id: number, input: B) => Promise<void>,
  ) =>
    app.post(path, { schema: { tags, summary, params: IdParams, body, response: withRules({ 200: RoundDetail }) } }, async (request) => {
      const ctx = staff(request, permission);
      const { id } = request.params as { id: number };
      await run(ctx, id, request.body as B);
      return service.roundDetail(db, ctx.actor, id);
    });

  step('/selection/rounds/:id/announce', '发布公告: publish the announcement on the board and open nominations', 'selection:write', StepBody, (ctx, id, b) => steps.announce(db, ctx, id, b.version));
  step('/selection/rounds/:id/close-collection', 'End the willingness collection', 'selection:write', StepBody, (ctx, id, b) => steps.closeCollection(db, ctx, id, b.version));
  step('/selection/rounds/:id/submit', '报街道党工委审批备案 (422 when a composition rule is broken without a reason)', 'selection:write', DeviationBody, (ctx, id, b: { version: number; deviationReason?: string }) => steps.submit(db, ctx, id, b));
  step('/selection/rounds/:id/approve', 'Street approves the list (审批备案)', 'selection:approve', ReviewBody, (ctx, id, b: { version: number; comment?: string }) => steps.approve(db, ctx, id, b));
  step('/selection/rounds/:id/return', 'Street returns the list with comments', 'selection:approve', ReviewBody, (ctx, id, b: { version: number; comment?: string }) => steps.returnList(db, ctx, id, b));
  step('/selection/rounds/:id/revise', 'Take a returned list back to the party meeting', 'selection:write', StepBody, (ctx, id, b) => steps.revise(db, ctx, id, b.version));
  step('/selection/rounds/:id/publish', '辖区公示: the approved list on the board, objectable for the notice days', 'selection:write', StepBody, (ctx, id, b) => steps.publish(db, ctx, id, b.version, config.noticeDaySeconds));
  step(
    '/selection/rounds/:id/appoint',
    '正式聘任: appoint after the notice closed with every objection decided (409 otherwise)',
    'selection:write',
    DeviationBody,
    (ctx, id, b: { version: number; deviationReason?: string; appointedOn?: string }) => appoint(db, ctx, id, b),
  );
  step('/selection/rounds/:id/cancel', 'Cancel a round before it went to the street', 'selection:write', StepBody, (ctx, id, b: { version: number; note?: string }) => steps.cancel(db, ctx, id, b));

  app.put(
    '/selection/rounds/:id/meeting',
    { schema: { tags, summary: '社区党组织会议讨论决定: date, attendees and a decision per candidate', params: IdParams, body: MeetingBody, response: responses({ 200: RoundDetail }) } },
    async (request) => {
      const ctx = staff(request, 'selection:write');
      await service.recordMeeting(db, ctx, request.params.id, request.body);
      return service.roundDetail(db, ctx.actor, request.params.id);
    },
  );

  app.get(
    '/selection/rounds/:id/candidates',
    { schema: { tags, summary: "A round's candidates (phone and ID number masked)", params: IdParams, querystring: CandidateQuery, response: responses({ 200: Page(Candidate) }) } },
    async (request) => service.listCandidates(db, reader(request), request.params.id, request.query),
  );

  app.post(
    '/selection/rounds/:id/candidates',
    { schema: { tags, summary: 'Enter a nomination (自荐, 居民推荐 or 单位推荐); the same person twice in a round is 409', params: IdParams, body: NominateBody, response: responses({ 201: Candidate }) } },
    async (request, reply) => {
      const ctx = staff(request, 'selection:write');
      const id = await service.nominate(db, ctx, request.params.id, request.body);
      const page = await service.listCandidates(db, ctx.actor, request.params.id, { pageSize: 200 });
      reply.code(201);
      return page.data.find((c) => c.id === id)!;
    },
  );

  app.get(
    '/selection/candidates/:id/personal',
    { schema: { tags, summary: "A candidate's full phone and ID number (personal:view, audit-logged)", params: IdParams, response: responses({ 200: CandidatePersonal }) } },
    async (request) => service.candidatePersonal(db, staff(request, 'personal:view'), request.params.id),
  );

  app.get(
    '/selection/candidates/:id/certificate.pdf',
    { schema: { tags, summary: "An appointed candidate's certificate (聘书) as PDF", params: IdParams, response: responses({ 200: Binary }) } },
    async (request, reply) => {
      const actor = reader(request);
      const { rows } = await appointedMembers(db, actor, await roundOfCandidate(db, request.params.id), request.params.id);
      const m = rows[0];
      if (!m?.certificate_no) throw noCertificate();
      const pdf = await renderCertificates([{ name: m.name, role: m.role, committeeName: m.committee_name, termStart: m.term_start, termEnd: m.term_end, certificateNo: m.certificate_no }], `聘书 ${m.name}`);
      return sendPdf(reply, `聘书_${m.name}.pdf`, pdf);
    },
  );

  app.get(
    '/selection/rounds/:id/certificates.pdf',
    { schema: { tags, summary: "Every certificate of a round's appointments in one PDF, one per page, to print", params: IdParams, response: responses({ 200: Binary }) } },
    async (request, reply) => {
      const { round, rows } = await appointedMembers(db, reader(request), request.params.id);
      const certificates = rows.filter((m) => m.certificate_no).map((m) => ({ name: m.name, role: m.role, committeeName: m.committee_name, termStart: m.term_start, termEnd: m.term_end, certificateNo: m.certificate_no! }));
      if (certificates.length === 0) throw noCertificate();
      return sendPdf(reply, `聘书_${round.community_name}.pdf`, await renderCertificates(certificates, `${round.community_name}社工委聘书`));
    },
  );

  app.get(
    '/committees/:id/composition',
    { schema: { tags: ['committees'], summary: "A committee's composition checked against its city's rules (warnings)", params: IdParams, response: responses({ 200: CommitteeComposition }) } },
    async (request) => {
      const actor = reader(request);
      const committee = await db.selectFrom('committee as k').innerJoin('territory_node as t', 't.id', 'k.community_id').select(['k.id', 't.path']).where('k.id', '=', request.params.id).executeTakeFirst();
      if (!committee || !READ_PERMISSIONS.some((p) => holdsOver(actor, p, committee.path))) throw notFound();
      return compositionWarnings(db, committee.id);
    },
  );

  app.get(
    '/committee-rules',
    { schema: { tags, summary: 'Composition rules of the cities in my area', response: responses({ 200: Type.Array(RuleView) }) } },
    async (request) => listRules(db, staff(request, 'committee:config').actor),
  );

  app.put(
    '/committee-rules/:id',
    { schema: { tags, summary: "Set a city's composition rules (committee:config)", params: IdParams, body: RuleBody, response: responses({ 200: Type.Array(RuleView) }) } },
    async (request) => {
      const ctx = staff(request, 'committee:config');
      await saveRules(db, ctx, request.params.id, request.body);
      return listRules(db, ctx.actor);
    },
  );

  app.get(
    '/public/rounds/:id',
    {
      schema: {
        tags: ['public'],
        security: [],
        summary: 'An announced round as residents see it (the nomination page)',
        params: IdParams,
        response: responses({
          200: Obj({
            id: Type.Integer(),
            communityId: Type.Integer(),
            communityName: Type.String(),
            kind: Enum(['formation', 'supplement'] as const),
            title: Type.String(),
            body: Type.String(),
            collectFrom: Type.String(),
            collectUntil: Type.String(),
            collecting: Type.Boolean(),
            updatedAt: DateTime,
          }),
        }),
      },
    },
    async (request) => {
      const r = await db.selectFrom('selection_round as r').innerJoin('territory_node as t', 't.id', 'r.community_id').selectAll('r').select('t.name').where('r.id', '=', request.params.id).where('r.status', 'not in', ['draft', 'cancelled']).executeTakeFirst();
      if (!r) throw notFound();
      return { id: r.id, communityId: r.community_id, communityName: r.name, kind: r.kind, title: r.title, body: r.body, collectFrom: r.collect_from, collectUntil: r.collect_until, collecting: r.status === 'collecting', updatedAt: r.updated_at.toISOString() };
    },
  );

  app.post(
    '/resident/rounds/:id/nominations',
    { schema: { tags: ['resident'], summary: 'Nominate yourself or recommend someone (征集意愿) from the H5 page', params: IdParams, body: NominateBody, response: responses({ 201: Obj({ id: Type.Integer() }) }) } },
    async (request, reply) => {
      const resident = requireResident(request);
      if ((await service.residentNominationCount(db, request.params.id, resident.phone)) >= service.RESIDENT_NOMINATIONS_PER_ROUND) throw new AppError(429, 'too_many_requests');
      const id = await service.nominate(db, { ...contextOf(request), actor: null, resident }, request.params.id, request.body);
      reply.code(201);
      return { id };
    },
  );
}
