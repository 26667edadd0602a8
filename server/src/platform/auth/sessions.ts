import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { TerritoryLevel } from '../db/schema.js';
import { isRole } from './roles.js';
import type { Actor, ActorRole } from './actor.js';
import { permissionsOf, type Permission } from './roles.js';

export const SESSION_COOKIE = 'gz_session';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

const sha256 = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createSession(db: Database, userId: number, policy: SessionPolicy, meta: { ip: string; userAgent?: string }) {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('user_session')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      last_seen_at: new Date(),
      expires_at: new Date(Date.now() + policy.maxHours * 3_600_000),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export async function destroySession(db: Database, sessionId: string) {
  await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

export async function destroyUserSessions(db: Database, userId: number, exceptSessionId?: string) {
  let query = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export type SessionLookup = { state: 'valid'; actor: Actor } | { state: 'expired' } | { state: 'none' };

/**
 * What session_lookup() returns, in its order. The function states its columns (migration
 * 20261204100000): a field added here needs a migration that replaces the function, and
 * auth.test.ts compares the two.
 */
export const SESSION_LOOKUP_COLUMNS = [
  'id', 'csrf_token', 'last_seen_at', 'expires_at', 'user_id', 'username', 'display_name', 'status', 'must_change_password', 'roles', 'department_ids',
] as const satisfies readonly (keyof SessionRow)[];

interface SessionRow {
  id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: number;
  username: string;
  display_name: string;
  status: string;
  must_change_password: boolean;
  roles: RoleRow[];
  department_ids: (number | string)[];
}

/**
 * Resolves a cookie token to the actor. A session ends when idle longer than
 * the policy allows or past its absolute lifetime; last-seen is refreshed at
 * most once a minute so reads do not each become a write.
 */
export async function lookupSession(db: Database, token: string, policy: SessionPolicy): Promise<SessionLookup> {
  const id = sha256(token);
  // One statement with the roles and departments, planned once per connection (migration 20261204100000).
  const row = await db.selectFrom(sql<SessionRow>`session_lookup(${id})`.as('s')).selectAll().executeTakeFirst();
  if (!row) return { state: 'none' };
  const now = Date.now();
  const idleLimit = row.last_seen_at.getTime() + policy.idleMinutes * 60_000;
  if (row.status !== 'active' || now > idleLimit || now > row.expires_at.getTime()) {
    await destroySession(db, id);
    return { state: 'expired' };
  }
  if (now - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('user_session').set({ last_seen_at: new Date(now) }).where('id', '=', id).execute();
  }
  const roles = actorRoles(row.roles);
  return {
    state: 'valid',
    actor: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      roles,
      permissions: permissionSet(roles),
      departmentIds: row.department_ids.map(Number),
      sessionId: id,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password,
    },
  };
}

export async function loadRoles(db: Database, userId: number): Promise<ActorRole[]> {
  const rows = await db
    .selectFrom('role_assignment as r')
    .leftJoin('territory_node as t', 't.id', 'r.territory_id')
    .select(['r.role', 'r.territory_id', 't.path', 't.level'])
    .where('r.user_id', '=', userId)
    .orderBy('r.id')
    .execute();
  return actorRoles(rows);
}

/** A role binding as read (JSON from the session lookup carries ids as numbers too). */
type RoleRow = { role: string; territory_id: number | null; path: string | null; level: TerritoryLevel | null };

function actorRoles(rows: RoleRow[]): ActorRole[] {
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => ({ role: r.role as ActorRole['role'], territoryId: r.territory_id === null ? null : Number(r.territory_id), territoryPath: r.path ?? null, territoryLevel: r.level ?? null }));
}

export function permissionSet(roles: ActorRole[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((r) => permissionsOf(r.role)));
}

/** Housekeeping: expired sessions and old throttle windows. */
export async function purgeExpired(db: Database, policy: SessionPolicy) {
  await db
    .deleteFrom('user_session')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', new Date()),
        eb('last_seen_at', '<', new Date(Date.now() - policy.idleMinutes * 60_000)),
      ]),
    )
    .execute();
  await db.deleteFrom('login_throttle').where('window_start', '<', new Date(Date.now() - 3_600_000)).execute();
}
