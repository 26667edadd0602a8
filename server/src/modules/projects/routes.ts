import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { Permission } from '../../platform/auth/roles.js';
import { requireResident } from '../../platform/auth/resident.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Ok, Page, responses } from '../../platform/schema.js';
import { exportOverview, exportProjects } from './export.js';
import { overview } from './overview.js';
import {
  AdjustBody,
  AssignBody,
  CompleteBody,
  CreateProjectBody,
  DecisionBody,
  EvaluateBody,
  ExpenseBody,
  MilestoneBody,
  NoteBody,
  Overview,
  OverviewQuery,
  ProjectDetail,
  ProjectListItem,
  ProjectQuery,
  PublicProject,
  RatingBody,
  StepBody,
  SuperviseBody,
  UnitBody,
} from './schema.js';
import * as service from './service.js';
import * as steps from './steps.js';
import { publicProject, rate, supervise } from './supervision.js';

const tags = ['projects'];
const READERS: Permission[] = ['project:read', 'project:claim'];

function reader(request: FastifyRequest) {
  const actor = requireActor(request);
  authorize(request, READERS.find((p) => actor.permissions.has(p)) ?? 'project:read');
  return actor;
}

/** The route checks only that the caller holds some project right; the state table decides the rest per project. */
function staff(request: FastifyRequest, permission?: Permission) {
  const actor = reader(request);
  if (permission) authorize(request, permission);
  return { ...contextOf(request), actor };
}

/** 项目清单 (三社联动): application, approval, undertaking, execution, supervision, evaluation, archive. */
export default async function projectsRoutes(app: App, { db }: ModuleOptions) {
  app.get('/projects', { schema: { tags, summary: 'Projects in my area (units: the approved ones)', querystring: ProjectQuery, response: responses({ 200: Page(ProjectListItem) }) } }, async (request) =>
    service.listProjects(db, reader(request), request.query),
  );

  app.get('/projects/export', { schema: { tags, summary: 'The filtered project list as Excel', querystring: ProjectQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, datedName('项目清单'), await exportProjects(db, reader(request), request.query)),
  );

  app.get('/projects/overview', { schema: { tags, summary: 'Projects by stage and funds in/out per community for a period', querystring: OverviewQuery, response: responses({ 200: Overview }) } }, async (request) =>
    overview(db, staff(request, 'project:read').actor, request.query),
  );

  app.get('/projects/overview/export', { schema: { tags, summary: 'The overview as Excel', querystring: OverviewQuery, response: responses({ 200: Binary }) } }, async (request, reply) =>
    sendXlsx(reply, `项目与资金概览_${request.query.from}_${request.query.to}.xlsx`, await exportOverview(db, staff(request, 'project:read').actor, request.query)),
  );

  app.post('/projects', { schema: { tags, summary: '社区申报: a project with goal, beneficiaries, budget lines (fen) and funding source', body: CreateProjectBody, response: responses({ 201: ProjectDetail }) } }, async (request, reply) => {
    const ctx = staff(request, 'project:write');
    const id = await service.applyForProject(db, ctx, request.body);
    reply.code(201);
    return service.projectDetail(db, ctx.actor, id);
  });

  app.get('/projects/:id', { schema: { tags, summary: 'A project: lines with spending, milestones, supervision, ratings, timeline and what I may do next', params: IdParams, response: responses({ 200: ProjectDetail }) } }, async (request) =>
    service.projectDetail(db, reader(request), request.params.id),
  );

  const step = <B>(path: string, summary: string, body: TSchema, run: (ctx: ReturnType<typeof staff>, id: number, input: B) => Promise<void>) =>
    app.post(path, { schema: { tags, summary, params: IdParams, body, response: responses({ 200: ProjectDetail }) } }, async (request) => {
      const ctx = staff(request);
      const { id } = request.params as { id: number };
      await run(ctx, id, request.body as B);
      return service.projectDetail(db, ctx.actor, id);
    });

  type V = { version: number };
  step<V>('/projects/:id/apply', '社区申报: send a draft to the street for approval', StepBody, (ctx, id, b) => service.apply(db, ctx, id, b.version));
  step<V & { comment?: string }>('/projects/:id/approve', '政府审批: approve the lines as requested (never one’s own application: 403)', DecisionBody, (ctx, id, b) => steps.approve(db, ctx, id, b));
  step<V & { comment?: string; lines: { lineId: number; amount: number }[] }>('/projects/:id/adjust', '政府审批: approve with adjusted line amounts', AdjustBody, (ctx, id, b) => steps.adjust(db, ctx, id, b));
  step<V & { comment?: string }>('/projects/:id/reject', '政府审批: reject with a reason', DecisionBody, (ctx, id, b) => steps.reject(db, ctx, id, b));
  step<V & { unitId?: number; teamName?: string }>('/projects/:id/assign', '承接: assign a unit or a social-worker team', AssignBody, (ctx, id, b) => steps.assign(db, ctx, id, b));
  step<V & { unitId: number }>('/projects/:id/invite', '承接: invite a unit', UnitBody, (ctx, id, b) => steps.invite(db, ctx, id, b));
  step<V>('/projects/:id/accept', 'The invited unit accepts', StepBody, (ctx, id, b) => steps.accept(db, ctx, id, b.version));
  step<V & { note?: string }>('/projects/:id/decline', 'The invited unit declines', NoteBody, (ctx, id, b) => steps.decline(db, ctx, id, b));
  step<V & { unitId: number; note?: string }>('/projects/:id/claim', '认领: a unit contact claims an approved project for their unit', UnitBody, (ctx, id, b) => steps.claim(db, ctx, id, b));
  step<V>('/projects/:id/confirm-claim', 'The community confirms the claim', StepBody, (ctx, id, b) => steps.confirmClaim(db, ctx, id, b.version));
  step<V & { note?: string }>('/projects/:id/refuse-claim', 'The community refuses the claim', NoteBody, (ctx, id, b) => steps.refuseClaim(db, ctx, id, b));
  step<V & { title: string; progress: number; reachedOn: string; note?: string }>('/projects/:id/milestones', 'A milestone with the progress reached', MilestoneBody, (ctx, id, b) => steps.milestone(db, ctx, id, b));
  step<V & { lineId: number; amount: number; memo: string; bookedOn?: string }>('/projects/:id/expenses', 'Spending on a budget line (400 beyond what the line has left)', ExpenseBody, (ctx, id, b) => steps.expense(db, ctx, id, b));
  step<V & { summary: string }>('/projects/:id/complete', 'The project is complete (progress 100%)', CompleteBody, (ctx, id, b) => steps.complete(db, ctx, id, b));
  step<V & { score: number; comment?: string }>('/projects/:id/evaluate', 'The community rates the undertaker (409 before completion)', EvaluateBody, (ctx, id, b) => steps.evaluate(db, ctx, id, b));
  step<V>('/projects/:id/archive', 'Archive: leftovers return, results on the public board', StepBody, (ctx, id, b) => steps.archive(db, ctx, id, b.version));

  app.post('/projects/:id/supervision', { schema: { tags, summary: 'A staff supervision record', params: IdParams, body: SuperviseBody, response: responses({ 200: ProjectDetail }) } }, async (request) => {
    const ctx = staff(request, 'project:read');
    await supervise(db, ctx, request.params.id, request.body.content);
    return service.projectDetail(db, ctx.actor, request.params.id);
  });

  app.get('/public/projects/:id', { schema: { tags: ['public'], security: [], summary: 'An approved project as residents see it', params: IdParams, response: responses({ 200: PublicProject }) } }, async (request) =>
    publicProject(db, request.params.id, null),
  );

  app.get('/resident/projects/:id', { schema: { tags: ['resident'], summary: 'The project page with what I may still do (supervise, rate)', params: IdParams, response: responses({ 200: PublicProject }) } }, async (request) =>
    publicProject(db, request.params.id, requireResident(request).phone),
  );

  app.post('/resident/projects/:id/supervision', { schema: { tags: ['resident'], summary: '居民监督: a supervision record from the H5 page', params: IdParams, body: SuperviseBody, response: responses({ 201: Ok }) } }, async (request, reply) => {
    const resident = requireResident(request);
    await supervise(db, { ...contextOf(request), actor: null, resident }, request.params.id, request.body.content);
    reply.code(201);
    return { ok: true as const };
  });

  app.post('/resident/projects/:id/rating', { schema: { tags: ['resident'], summary: '居民评价: content, service quality, management (1–5); 409 before completion or twice', params: IdParams, body: RatingBody, response: responses({ 201: Ok }) } }, async (request, reply) => {
    const resident = requireResident(request);
    await rate(db, { ...contextOf(request), actor: null, resident }, request.params.id, request.body);
    reply.code(201);
    return { ok: true as const };
  });
}
