import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';

export function findUserByUsername(db: Database, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Database, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One more failed login; the one that reaches `lockAfter` locks the account until `lockUntil`. */
export async function recordFailure(db: Database, userId: number, lockAfter: number, lockUntil: Date) {
  return db
    .updateTable('app_user')
    .set((eb) => ({
      failed_logins: sql<number>`CASE WHEN ${eb.ref('failed_logins')} + 1 >= ${lockAfter} THEN 0 ELSE ${eb.ref('failed_logins')} + 1 END`,
      locked_until: sql<Date | null>`CASE WHEN ${eb.ref('failed_logins')} + 1 >= ${lockAfter}
        THEN ${lockUntil}::timestamptz ELSE ${eb.ref('locked_until')} END`,
    }))
    .where('id', '=', userId)
    .returning(['locked_until'])
    .executeTakeFirstOrThrow();
}

export async function recordSuccess(db: Database, userId: number) {
  await db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/** Failed attempts from one address in the current minute, counted across all servers. */
export async function bumpThrottle(db: Database, ip: string): Promise<number> {
  const row = await db
    .insertInto('login_throttle')
    .values({ ip, window_start: sql<Date>`date_trunc('minute', now())`, attempts: 1 })
    .onConflict((oc) => oc.columns(['ip', 'window_start']).doUpdateSet((eb) => ({ attempts: eb('login_throttle.attempts', '+', 1) })))
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function throttleCount(db: Database, ip: string): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .select('attempts')
    .where('ip', '=', ip)
    .where('window_start', '=', sql<Date>`date_trunc('minute', now())`)
    .executeTakeFirst();
  return row?.attempts ?? 0;
}

export async function setPassword(db: Database, userId: number, passwordHash: string, mustChange: boolean) {
  await db
    .updateTable('app_user')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: sql<Date>`now()`,
      failed_logins: 0,
      locked_until: null,
      version: eb('version', '+', 1),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', userId)
    .execute();
}

export function territoryNames(db: Database, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('territory_node').select(['id', 'name', 'level', 'path']).where('id', 'in', ids).execute();
}

/** The communities among these nodes (ancestors of a role's node, for the community it works in). */
export function communitiesAmong(db: Database, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('territory_node').select(['id', 'name']).where('id', 'in', ids).where('level', '=', 'community').execute();
}
