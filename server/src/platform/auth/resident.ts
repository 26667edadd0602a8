import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import type { Resident } from './actor.js';

/**
 * Resident sessions: a second, separate kind of session for the H5 pages.
 * The cookie is scoped to the resident API's path, so it never reaches the
 * staff API and a staff cookie never stands in for it; writes need the
 * session's CSRF token in X-CSRF-Token exactly as on the staff side.
 */
export const RESIDENT_COOKIE = 'gz_resident';
export const RESIDENT_PREFIX = '/api/v1/resident/';
/** A phone stays signed in for a week, and is signed out after two idle days. */
export const RESIDENT_SESSION_DAYS = 7;
const IDLE_HOURS = 48;

declare module 'fastify' {
  interface FastifyRequest {
    resident: Resident | null;
    residentState: 'valid' | 'expired' | 'none';
  }
}

const sha256 = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function createResidentSession(db: Database, phone: string) {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('resident_session')
    .values({ id: sha256(token), phone, csrf_token: csrfToken, last_seen_at: new Date(), expires_at: new Date(Date.now() + RESIDENT_SESSION_DAYS * 86_400_000) })
    .execute();
  return { token, csrfToken };
}

export async function destroyResidentSession(db: Database, sessionId: string) {
  await db.deleteFrom('resident_session').where('id', '=', sessionId).execute();
}

async function lookup(db: Database, token: string): Promise<{ state: 'valid'; resident: Resident } | { state: 'expired' | 'none' }> {
  const id = sha256(token);
  const row = await db.selectFrom('resident_session').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return { state: 'none' };
  const now = Date.now();
  if (now > row.expires_at.getTime() || now > row.last_seen_at.getTime() + IDLE_HOURS * 3_600_000) {
    await destroyResidentSession(db, id);
    return { state: 'expired' };
  }
  if (now - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('resident_session').set({ last_seen_at: new Date(now) }).where('id', '=', id).execute();
  }
  return { state: 'valid', resident: { phone: row.phone, sessionId: id, csrfToken: row.csrf_token } };
}

export const residentPlugin = fp(async (app: FastifyInstance, opts: { db: Database }) => {
  app.decorateRequest('resident', null);
  app.decorateRequest('residentState', 'none');
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(RESIDENT_PREFIX)) return;
    const token = request.cookies[RESIDENT_COOKIE];
    if (!token) return;
    const found = await lookup(opts.db, token);
    request.residentState = found.state;
    if (found.state !== 'valid') return;
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== found.resident.csrfToken) throw new AppError(403, 'csrf_failed');
    request.resident = found.resident;
  });
});

export function requireResident(request: FastifyRequest): Resident {
  if (request.resident) return request.resident;
  throw new AppError(401, request.residentState === 'expired' ? 'session_expired' : 'not_authenticated');
}

/** Housekeeping: ended sessions and codes past any rate-limit window. */
export async function purgeResidentAuth(db: Database) {
  const idle = new Date(Date.now() - IDLE_HOURS * 3_600_000);
  await db.deleteFrom('resident_session').where((eb) => eb.or([eb('expires_at', '<', new Date()), eb('last_seen_at', '<', idle)])).execute();
  await db.deleteFrom('resident_code').where('created_at', '<', new Date(Date.now() - 86_400_000)).execute();
}
