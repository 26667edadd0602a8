import { Type } from 'typebox';
import { contextOf, requireActor } from '../../platform/auth/plugin.js';
import { ROLE_CODES, ROLES } from '../../platform/auth/roles.js';
import { SESSION_COOKIE } from '../../platform/auth/sessions.js';
import type { App, ModuleOptions } from '../../platform/http.js';
import { Nullable, Ok, Problem, responses } from '../../platform/schema.js';
import { ChangePasswordBody, LoginBody, Me, RoleInfo } from './schema.js';
import * as service from './service.js';

export default async function authRoutes(app: App, { db, config }: ModuleOptions) {
  const policy = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies } as const;

  app.post(
    '/auth/login',
    { schema: { tags: ['auth'], summary: 'Log in; sets the session cookie', security: [], body: LoginBody, response: responses({ 200: Me, 423: Problem }) } },
    async (request, reply) => {
      const { token, me } = await service.login(db, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] }, policy);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: policy.maxHours * 3600 });
      return me;
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Log out', response: responses({ 200: Ok }) } }, async (request, reply) => {
    await service.logout(db, requireActor(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  // The console asks this on load, the sign-in page included, so "not signed in" is an answer (null), not a 401.
  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The current user, roles and permissions; null when not signed in', security: [], response: responses({ 200: Nullable(Me) }) } },
    async (request, reply) => {
      if (request.actor) return service.describe(db, request.actor);
      // A cookie without a live session (expired, ended elsewhere) is dead weight on every request.
      if (request.cookies[SESSION_COOKIE]) reply.clearCookie(SESSION_COOKIE, { path: cookieOptions.path });
      return null;
    },
  );

  app.post(
    '/auth/password',
    { schema: { tags: ['auth'], summary: 'Change my password', body: ChangePasswordBody, response: responses({ 200: Ok }) } },
    async (request) => {
      const actor = requireActor(request);
      await service.changePassword(db, { ...contextOf(request), actor }, request.body);
      return { ok: true as const };
    },
  );

  app.get('/roles', { schema: { tags: ['auth'], summary: 'The role catalogue', response: responses({ 200: Type.Array(RoleInfo) }) } }, async (request) => {
    requireActor(request);
    return ROLE_CODES.map((code) => ({
      code,
      name: ROLES[code].zh,
      nameEn: ROLES[code].en,
      levels: ROLES[code].levels === null ? null : [...ROLES[code].levels],
      permissions: [...ROLES[code].permissions],
    }));
  });
}
