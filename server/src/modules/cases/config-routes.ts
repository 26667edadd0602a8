import { Type } from 'typebox';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Id, IdParams, Obj, Ok, Page, responses } from '../../platform/schema.js';
import * as departments from './departments.js';
import { listLimits, putLimit } from './limits.js';
import { listMine, markRead } from './notify.js';
import {
  AddMemberBody,
  CreateDepartmentBody,
  Department,
  DepartmentMember,
  DepartmentQuery,
  Notification,
  NotificationQuery,
  PutTimeLimitBody,
  TierT,
  TimeLimit,
  UpdateDepartmentBody,
} from './schema.js';

/** Departments, time limits and my notifications: the configuration and inbox around cases. */
export default async function configRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/departments',
    { schema: { tags: ['departments'], summary: 'Departments above and inside my area', querystring: DepartmentQuery, response: responses({ 200: Page(Department) }) } },
    async (request) => {
      const actor = requireActor(request);
      authorize(request, actor.permissions.has('case:config') ? 'case:config' : 'case:read');
      return departments.listDepartments(db, actor, request.query);
    },
  );

  app.post(
    '/departments',
    { schema: { tags: ['departments'], summary: 'Create a department of a district (or the city)', body: CreateDepartmentBody, response: responses({ 201: Department }) } },
    async (request, reply) => {
      const scope = authorize(request, 'case:config');
      reply.code(201);
      return departments.createDepartment(db, { ...contextOf(request), actor: requireActor(request) }, scope, request.body);
    },
  );

  app.patch(
    '/departments/:id',
    { schema: { tags: ['departments'], summary: 'Rename, disable or enable a department', params: IdParams, body: UpdateDepartmentBody, response: responses({ 200: Department }) } },
    async (request) => {
      const scope = authorize(request, 'case:config');
      return departments.updateDepartment(db, { ...contextOf(request), actor: requireActor(request) }, scope, request.params.id, request.body);
    },
  );

  app.get(
    '/departments/:id/members',
    { schema: { tags: ['departments'], summary: "A department's members", params: IdParams, response: responses({ 200: Type.Array(DepartmentMember) }) } },
    async (request) => departments.listMembers(db, authorize(request, 'case:config'), request.params.id),
  );

  app.post(
    '/departments/:id/members',
    { schema: { tags: ['departments'], summary: 'Add a department_staff account to a department', params: IdParams, body: AddMemberBody, response: responses({ 200: Type.Array(DepartmentMember) }) } },
    async (request) => departments.addMember(db, contextOf(request), authorize(request, 'case:config'), request.params.id, request.body.userId),
  );

  app.delete(
    '/departments/:id/members/:userId',
    { schema: { tags: ['departments'], summary: 'Remove a member', params: Obj({ id: Id, userId: Id }), response: responses({ 200: Type.Array(DepartmentMember) }) } },
    async (request) => departments.removeMember(db, contextOf(request), authorize(request, 'case:config'), request.params.id, request.params.userId),
  );

  app.get(
    '/case-time-limits',
    { schema: { tags: ['cases'], summary: 'Time limits per category and tier', response: responses({ 200: Type.Array(TimeLimit) }) } },
    async (request) => {
      authorize(request, 'case:read');
      return listLimits(db);
    },
  );

  app.put(
    '/case-time-limits/:categoryCode/:tier',
    {
      schema: {
        tags: ['cases'],
        summary: "Set a category × tier time limit ('*' = every other category); city-wide configuration",
        params: Obj({ categoryCode: Type.String({ pattern: '^(\\*|[a-z0-9][a-z0-9_]{0,39})$' }), tier: TierT }),
        body: PutTimeLimitBody,
        response: responses({ 200: TimeLimit }),
      },
    },
    async (request) => {
      const scope = authorize(request, 'case:config');
      // Limits apply to the whole installation: only a city-wide holder sets them.
      const cityWide = scope.kind === 'all' || scope.paths.some((p) => p.split('/').length === 3);
      if (!cityWide) throw forbidden();
      return putLimit(db, contextOf(request), request.params.categoryCode, request.params.tier, request.body);
    },
  );

  app.get(
    '/notifications',
    { schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: NotificationQuery, response: responses({ 200: Page(Notification) }) } },
    async (request) => listMine(db, requireActor(request).userId, request.query),
  );

  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: IdParams, response: responses({ 200: Ok }) } },
    async (request) => {
      const actor = requireActor(request);
      if ((await markRead(db, actor.userId, request.params.id)) === 0) {
        const mine = await db.selectFrom('notification').select('id').where('id', '=', request.params.id).where('user_id', '=', actor.userId).executeTakeFirst();
        if (!mine) throw notFound();
      }
      return { ok: true as const };
    },
  );

  app.post(
    '/notifications/read-all',
    { schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: responses({ 200: Obj({ updated: Type.Integer() }) }) } },
    async (request) => ({ updated: await markRead(db, requireActor(request).userId) }),
  );
}
