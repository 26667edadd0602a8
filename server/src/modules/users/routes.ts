import type { FastifyRequest } from 'fastify';
import { authorize, contextOf, requireActor } from '../../platform/auth/plugin.js';
import type { Permission } from '../../platform/auth/roles.js';
import { beijingTime, datedName, sendXlsx, toXlsx, type Column } from '../../platform/excel.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Binary, IdParams, Page, responses } from '../../platform/schema.js';
import {
  AssignmentParams,
  CreateUserBody,
  GrantRoleBody,
  UpdateUserBody,
  User,
  UserPhone,
  UserQuery,
  UserWithPassword,
} from './schema.js';
import * as service from './service.js';

const tags = ['users'];

/** authorize() plus the caller, which every write needs for its audit entry. */
function caller(request: FastifyRequest, permission: Permission) {
  const scope = authorize(request, permission);
  return { scope, ctx: { ...contextOf(request), actor: requireActor(request) } };
}


const COLUMNS: Column<service.UserView>[] = [
  { header: '用户名', value: (u) => u.username },
  { header: '姓名', value: (u) => u.displayName },
  { header: '手机号', value: (u) => u.phoneMasked },
  { header: '所属辖区', width: 20, value: (u) => u.homeTerritoryName ?? '全系统' },
  { header: '角色', width: 40, value: (u) => u.roles.map((r) => (r.territoryName ? `${r.roleName}（${r.territoryName}）` : r.roleName)).join('；') },
  { header: '状态', value: (u) => (u.status === 'active' ? '启用' : '停用') },
  { header: '已锁定', value: (u) => (u.locked ? '是' : '否') },
  { header: '最后登录', width: 20, value: (u) => beijingTime(u.lastLoginAt) },
  { header: '创建时间', width: 20, value: (u) => beijingTime(u.createdAt) },
];

export default async function usersRoutes(app: App, { db }: ModuleOptions) {
  app.get(
    '/users',
    { schema: { tags, summary: 'Accounts in my area (phones masked)', querystring: UserQuery, response: responses({ 200: Page(User) }) } },
    async (request) => service.list(db, authorize(request, 'user:read'), request.query),
  );

  app.get(
    '/users/export',
    { schema: { tags, summary: 'The same list as an Excel file', querystring: UserQuery, response: responses({ 200: Binary }) } },
    async (request, reply) => {
      const users = await service.listAll(db, authorize(request, 'user:read'), request.query);
      return sendXlsx(reply, datedName('账号'), await toXlsx('账号', COLUMNS, users));
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create an account; the one-time initial password is in the response, once',
        body: CreateUserBody,
        response: responses({ 201: UserWithPassword }),
      },
    },
    async (request, reply) => {
      const { scope, ctx } = caller(request, 'user:write');
      const created = await service.create(db, ctx, scope, request.body);
      reply.code(201);
      return created;
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags, summary: 'One account', params: IdParams, response: responses({ 200: User }) } },
    async (request) => service.get(db, authorize(request, 'user:read'), request.params.id),
  );

  app.patch(
    '/users/:id',
    { schema: { tags, summary: 'Edit, disable or enable an account (disabling ends its sessions)', params: IdParams, body: UpdateUserBody, response: responses({ 200: User }) } },
    async (request) => {
      const { scope, ctx } = caller(request, 'user:write');
      return service.update(db, ctx, scope, request.params.id, request.body);
    },
  );

  app.post(
    '/users/:id/reset-password',
    { schema: { tags, summary: 'New one-time password, to be changed at next login; ends the sessions', params: IdParams, response: responses({ 200: UserWithPassword }) } },
    async (request) => {
      const { scope, ctx } = caller(request, 'user:write');
      return service.resetPassword(db, ctx, scope, request.params.id);
    },
  );

  app.post(
    '/users/:id/unlock',
    { schema: { tags, summary: 'Clear a lockout after wrong passwords', params: IdParams, response: responses({ 200: User }) } },
    async (request) => {
      const { scope, ctx } = caller(request, 'user:write');
      return service.unlock(db, ctx, scope, request.params.id);
    },
  );

  app.get(
    '/users/:id/phone',
    { schema: { tags, summary: 'The full phone number (audit-logged as personal.view)', params: IdParams, response: responses({ 200: UserPhone }) } },
    async (request) => {
      const { scope, ctx } = caller(request, 'personal:view');
      return service.phone(db, ctx, scope, request.params.id);
    },
  );

  app.post(
    '/users/:id/roles',
    {
      schema: {
        tags,
        summary: 'Grant a role on a node: only roles whose permissions I hold, on nodes in my area',
        params: IdParams,
        body: GrantRoleBody,
        response: responses({ 201: User }),
      },
    },
    async (request, reply) => {
      const { scope, ctx } = caller(request, 'role:assign');
      const user = await service.grantRole(db, ctx, scope, request.params.id, request.body);
      reply.code(201);
      return user;
    },
  );

  app.delete(
    '/users/:id/roles/:assignmentId',
    { schema: { tags, summary: 'Revoke a role assignment', params: AssignmentParams, response: responses({ 200: User }) } },
    async (request) => {
      const { scope, ctx } = caller(request, 'role:assign');
      return service.revokeRole(db, ctx, scope, request.params.id, request.params.assignmentId);
    },
  );
}
