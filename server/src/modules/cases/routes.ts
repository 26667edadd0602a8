import { Type } from 'typebox';
import { authorize, authorizeAny, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import attachmentRoutes from './attachment-routes.js';
import { Binary, IdParams, Obj, responses } from '../../platform/schema.js';
import { datedName, sendXlsx } from '../../platform/excel.js';
import boardRoutes from './board.js';
import configRoutes from './config-routes.js';
import { fire } from './engine.js';
import { exportCases } from './export.js';
import { decideExtension, requestExtension } from './extensions.js';
import { submit } from './intake.js';
import {
  ActionBodies,
  CaseDetail,
  CasePage,
  CaseQuery,
  CreateCaseBody,
  Duplicate,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  PendingCounts,
  TimelineEntry,
} from './schema.js';
import * as service from './service.js';
import { ACTIONS, DISPATCH_PERMISSION, TRANSITIONS, type Action } from './workflow.js';

/** The permissions that can possibly fire an action; the state table's rules then decide for this case. */
function permissionsFor(action: Action): Permission[] {
  return [
    ...new Set(
      TRANSITIONS[action].who.flatMap((rule): Permission[] =>
        rule.relation === 'territory' ? [rule.permission]
        : rule.relation === 'dispatcher' ? Object.values(DISPATCH_PERMISSION)
        : rule.relation === 'holder' ? ['case:handle']
        : [], // 'reporter': residents fire through /resident/cases/…
      ),
    ),
  ];
}

const tags = ['cases'];

export default async function casesRoutes(app: App, options: ModuleOptions) {
  const { db } = options;
  app.get(
    '/cases',
    { schema: { tags, summary: 'The case queue: cases in my area and cases assigned to me or my department', querystring: CaseQuery, response: responses({ 200: CasePage }) } },
    async (request) => service.listCases(db, authorizeAny(request, ['case:read', 'case:handle']), request.query),
  );

  app.get(
    '/cases/export',
    { schema: { tags, summary: 'The queue with the same filters as an Excel file (phones masked)', querystring: CaseQuery, response: responses({ 200: Binary }) } },
    async (request, reply) => {
      const buffer = await exportCases(db, authorizeAny(request, ['case:read', 'case:handle']), request.query);
      return sendXlsx(reply, datedName('诉求'), buffer);
    },
  );

  app.post(
    '/cases',
    { schema: { tags, summary: 'Record a case (visit, hotline, mailbox, 居民说事, meeting…)', body: CreateCaseBody, response: responses({ 200: CaseDetail, 201: CaseDetail }) } },
    async (request, reply) => {
      const scope = authorize(request, 'case:create');
      const actor = requireActor(request);
      const result = await submit(db, contextOf(request), request.body, { source: `user:${actor.userId}`, createdBy: actor.userId, scope });
      reply.code(result.created ? 201 : 200);
      if (!result.created) return service.getCase(db, actor, result.id);
      return service.newCaseDetail(db, actor, result.row, (request.body.attachmentIds ?? []).length > 0);
    },
  );

  app.get(
    '/cases/pending-count',
    { schema: { tags, summary: 'My pending work, for the badge', response: responses({ 200: PendingCounts }) } },
    async (request) => service.pendingCounts(db, requireActor(request)),
  );

  app.get(
    '/cases/:id',
    { schema: { tags, summary: 'One case with its assignments and the actions I may take', params: IdParams, response: responses({ 200: CaseDetail }) } },
    async (request) => service.getCase(db, authorizeAny(request, ['case:read', 'case:handle']), request.params.id),
  );

  app.get(
    '/cases/:id/timeline',
    { schema: { tags, summary: 'Every step of the case, oldest first', params: IdParams, response: responses({ 200: Type.Array(TimelineEntry) }) } },
    async (request) => service.timeline(db, authorizeAny(request, ['case:read', 'case:handle']), request.params.id),
  );

  app.get(
    '/cases/:id/duplicates',
    { schema: { tags, summary: 'Likely duplicates: same community and category, last 30 days, similar text', params: IdParams, response: responses({ 200: Type.Array(Duplicate) }) } },
    async (request) => {
      authorize(request, 'case:accept');
      return service.duplicates(db, requireActor(request), request.params.id);
    },
  );

  app.get(
    '/cases/:id/reporter-phone',
    { schema: { tags, summary: "The reporter's full phone number (audit-logged)", params: IdParams, response: responses({ 200: Obj({ phone: Type.Union([Type.String(), Type.Null()]) }) }) } },
    async (request) => {
      authorize(request, 'personal:view');
      const actor = requireActor(request);
      return service.reporterPhone(db, { ...contextOf(request), actor }, request.params.id);
    },
  );

  for (const action of ACTIONS) {
    const t = TRANSITIONS[action];
    app.post(
      `/cases/:id/${action.replace('_', '-')}`,
      {
        schema: {
          tags,
          summary: `${t.label}: ${t.from.join(' | ')} → ${t.to}`,
          params: IdParams,
          body: ActionBodies[action],
          response: responses({ 200: CaseDetail }),
        },
      },
      async (request) => {
        const actor = authorizeAny(request, permissionsFor(action));
        await fire(db, contextOf(request), request.params.id, action, request.body as never);
        return service.getCase(db, actor, request.params.id);
      },
    );
  }

  app.post(
    '/cases/:id/extension',
    { schema: { tags, summary: 'Ask the dispatcher for more days (延期申请)', params: IdParams, body: ExtensionRequestBody, response: responses({ 200: CaseDetail }) } },
    async (request) => {
      const actor = authorizeAny(request, ['case:handle']);
      await requestExtension(db, contextOf(request), request.params.id, request.body);
      return service.getCase(db, actor, request.params.id);
    },
  );

  app.post(
    '/cases/:id/extension/decision',
    { schema: { tags, summary: 'Approve or refuse a pending extension', params: IdParams, body: ExtensionDecisionBody, response: responses({ 200: CaseDetail }) } },
    async (request) => {
      const actor = authorizeAny(request, Object.values(DISPATCH_PERMISSION));
      await decideExtension(db, contextOf(request), request.params.id, request.body);
      return service.getCase(db, actor, request.params.id);
    },
  );

  await app.register(configRoutes, options);
  await app.register(attachmentRoutes, options);
  await app.register(boardRoutes, options);
}
