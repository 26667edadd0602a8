import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { defineMessages } from '../i18n.js';
import { scopeFor, type DataScope } from '../scope.js';
import type { Actor, RequestContext } from './actor.js';
import { RESIDENT_PREFIX } from './resident.js';
import type { Permission } from './roles.js';
import { lookupSession, SESSION_COOKIE, type SessionPolicy } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionState: 'valid' | 'expired' | 'none';
  }
}

const M = defineMessages({
  password_change_required: { 'zh-CN': '请先修改初始密码', 'en-US': 'Please change your initial password first' },
});

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Reachable with a password that must still be changed. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/v1/me', '/api/v1/auth/password', '/api/v1/auth/logout']);

/**
 * Resolves the session cookie to `request.actor` and, for cookie-authenticated
 * writes, requires the session's CSRF token in the X-CSRF-Token header (the
 * cookie alone is sent by any page the browser visits; the header is not).
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Database; policy: SessionPolicy }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionState', 'none');
  app.addHook('onRequest', async (request) => {
    // Open311 clients authenticate with their API key; a console cookie the browser happens to send means nothing there.
    if (request.url.startsWith('/open311/')) return;
    // The resident API knows only resident sessions (platform/auth/resident.ts).
    if (request.url.startsWith(RESIDENT_PREFIX)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await lookupSession(opts.db, token, opts.policy);
    request.sessionState = found.state;
    if (found.state !== 'valid') return;
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== found.actor.csrfToken) {
      throw new AppError(403, 'csrf_failed');
    }
    request.actor = found.actor;
  });
});

export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw new AppError(401, request.sessionState === 'expired' ? 'session_expired' : 'not_authenticated');
}

/**
 * The one authorisation call a route makes: the caller must hold the
 * permission, and gets back the territory scope it holds it over, which the
 * service hands to its repository.
 */
export function authorize(request: FastifyRequest, permission: Permission): DataScope {
  const actor = requireActor(request);
  if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(request.routeOptions.url ?? '')) {
    throw new AppError(403, M.password_change_required);
  }
  if (!actor.permissions.has(permission)) throw new AppError(403, 'forbidden');
  return scopeFor(actor, permission);
}

/** authorize() with the first of several permissions the caller holds (403 when none); the caller's actor. */
export function authorizeAny(request: FastifyRequest, permissions: Permission[]): Actor {
  const actor = requireActor(request);
  const held = permissions.find((p) => actor.permissions.has(p)) ?? permissions[0]!;
  authorize(request, held);
  return actor;
}

export function contextOf(request: FastifyRequest): RequestContext {
  return { actor: request.actor, ip: request.ip, resident: request.resident };
}
