import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { pathCondition, territoryCondition, type DataScope } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import type { UserFilter } from './schema.js';

/*
 * Every read goes through `scoped`: an account is in scope when its home node
 * lies in the scope; accounts without a home (installation-wide) only for an
 * unbound scope, because `NULL IN (…)` is never true.
 */
function scoped<O>(query: SelectQueryBuilder<DB, 'app_user', O>, scope: DataScope) {
  return query.where((eb) => territoryCondition(eb, 'app_user.home_territory_id', scope));
}

function filtered<O>(query: SelectQueryBuilder<DB, 'app_user', O>, scope: DataScope, f: Omit<UserFilter, 'current' | 'pageSize'>) {
  let q = scoped(query, scope);
  const keyword = f.keyword?.trim().toLowerCase();
  if (keyword) {
    const pattern = `%${escapeLike(keyword)}%`;
    q = q.where((eb) => eb.or([eb('app_user.username', 'like', pattern), eb(eb.fn('lower', ['app_user.display_name']), 'like', pattern)]));
  }
  if (f.status) q = q.where('app_user.status', '=', f.status);
  if (f.role) {
    const role = f.role;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('role_assignment as ra').select(sql`1`.as('one')).whereRef('ra.user_id', '=', 'app_user.id').where('ra.role', '=', role),
      ),
    );
  }
  if (f.territoryId) {
    const id = f.territoryId;
    q = q.where((eb) =>
      eb(
        'app_user.home_territory_id',
        'in',
        eb
          .selectFrom('territory_node as sub')
          .select('sub.id')
          .where('sub.path', 'like', eb.selectFrom('territory_node as top').select(sql<string>`top.path || '%'`.as('p')).where('top.id', '=', id)),
      ),
    );
  }
  return q;
}

const USER_COLUMNS = [
  'app_user.id',
  'app_user.username',
  'app_user.display_name',
  'app_user.phone',
  'app_user.home_territory_id',
  'app_user.status',
  'app_user.locked_until',
  'app_user.must_change_password',
  'app_user.version',
  'app_user.created_at',
  'app_user.updated_at',
] as const;

function withHome(query: SelectQueryBuilder<DB, 'app_user', object>) {
  return query
    .leftJoin('territory_node as home', 'home.id', 'app_user.home_territory_id')
    .select(USER_COLUMNS)
    .select('home.name as home_name');
}

export async function listUsers(db: Database, scope: DataScope, f: UserFilter, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    withHome(filtered(db.selectFrom('app_user'), scope, f)).orderBy('app_user.id').limit(page.limit).offset(page.offset).execute(),
    filtered(db.selectFrom('app_user'), scope, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function countUsers(db: Database, scope: DataScope, f: UserFilter) {
  return filtered(db.selectFrom('app_user'), scope, f)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findUser(db: Database, scope: DataScope, id: number) {
  return withHome(scoped(db.selectFrom('app_user'), scope)).where('app_user.id', '=', id).executeTakeFirst();
}

/** Same as findUser but locks the row, so a concurrent write waits instead of interleaving. */
export function lockUser(db: Database, scope: DataScope, id: number) {
  return withHome(scoped(db.selectFrom('app_user'), scope)).where('app_user.id', '=', id).forUpdate('app_user').executeTakeFirst();
}

export function rolesOf(db: Database, userIds: number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_assignment as r')
    .leftJoin('territory_node as t', 't.id', 'r.territory_id')
    .select(['r.id', 'r.user_id', 'r.role', 'r.territory_id', 't.name as territory_name', 't.level as territory_level', 't.path as territory_path'])
    .where('r.user_id', 'in', userIds)
    .orderBy('r.id')
    .execute();
}
export type RoleRecord = Awaited<ReturnType<typeof rolesOf>>[number];

/** Last successful login, from the audit log the login writes (index on entity_type, entity_id). */
export async function lastLogins(db: Database, userIds: number[]): Promise<Map<number, Date>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity_id', sql<Date>`max(at)`.as('at')])
    .where('entity_type', '=', 'user')
    .where('entity_id', 'in', userIds.map(String))
    .where('action', '=', 'auth.login')
    .groupBy('entity_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.entity_id), new Date(r.at)]));
}

export function usernameTaken(db: Database, username: string) {
  return db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst().then(Boolean);
}

export function insertUser(
  db: Database,
  values: { username: string; displayName: string; phone: string | null; homeTerritoryId: number | null; passwordHash: string },
) {
  return db
    .insertInto('app_user')
    .values({
      username: values.username,
      display_name: values.displayName,
      phone: values.phone,
      home_territory_id: values.homeTerritoryId,
      password_hash: values.passwordHash,
      must_change_password: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Bumps the version only when it still is the one the caller read; undefined = someone else won. */
export function updateUser(
  db: Database,
  id: number,
  version: number,
  changes: { display_name?: string; phone?: string | null; status?: 'active' | 'disabled' },
) {
  return db
    .updateTable('app_user')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

export async function unlockUser(db: Database, id: number) {
  await db
    .updateTable('app_user')
    .set((eb) => ({ failed_logins: 0, locked_until: null, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
    .where('id', '=', id)
    .execute();
}

/** A node by id, only when it lies in the scope (otherwise as if it did not exist). */
export function nodeInScope(db: Database, scope: DataScope, id: number) {
  return db
    .selectFrom('territory_node')
    .select(['id', 'level', 'path', 'name'])
    .where('id', '=', id)
    .where((eb) => pathCondition(eb, 'territory_node.path', scope))
    .executeTakeFirst();
}

export function assignmentExists(db: Database, userId: number, role: string, territoryId: number | null) {
  return db
    .selectFrom('role_assignment')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where((eb) => (territoryId === null ? eb('territory_id', 'is', null) : eb('territory_id', '=', territoryId)))
    .executeTakeFirst()
    .then(Boolean);
}

export function insertAssignment(db: Database, values: { userId: number; role: string; territoryId: number | null; createdBy: number }) {
  return db
    .insertInto('role_assignment')
    .values({ user_id: values.userId, role: values.role, territory_id: values.territoryId, created_by: values.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function deleteAssignment(db: Database, id: number) {
  await db.deleteFrom('role_assignment').where('id', '=', id).execute();
}

/** A new one-time password: must be changed at next login; a lockout ends with it. */
export async function resetPassword(db: Database, id: number, passwordHash: string) {
  await db
    .updateTable('app_user')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: true,
      password_changed_at: sql<Date>`now()`,
      failed_logins: 0,
      locked_until: null,
      version: eb('version', '+', 1),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .execute();
}
