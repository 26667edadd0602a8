import { sql } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor, type DataScope } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { M } from './messages.js';

/**
 * 职能部门 (区直部门) that receive whistles. A department belongs to a district
 * (or the city); its members are department_staff accounts. Dispatchers below
 * the district see the departments above them, administrators those inside
 * their scope.
 */
function visibleCondition(scope: DataScope) {
  if (scope.kind === 'all') return sql<boolean>`true`;
  if (scope.paths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    scope.paths.map((p) => sql`(tn.path LIKE ${`${p}%`} OR ${p} LIKE tn.path || '%')`),
    sql` OR `,
  )})`;
}

export async function listDepartments(db: Database, actor: Actor, q: { current?: number; pageSize?: number; territoryId?: number; keyword?: string }) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  const scope = actor.permissions.has('case:config') ? scopeFor(actor, 'case:config') : scopeFor(actor, 'case:read');
  let base = db.selectFrom('department as d').innerJoin('territory_node as tn', 'tn.id', 'd.territory_id').where(visibleCondition(scope));
  if (q.territoryId) base = base.where('d.territory_id', '=', q.territoryId);
  if (q.keyword?.trim()) base = base.where('d.name', 'like', `%${escapeLike(q.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base
      .select(['d.id', 'd.territory_id', 'tn.name as territory_name', 'd.name', 'd.code', 'd.enabled', 'd.version'])
      .select((eb) => eb.selectFrom('department_member as m').whereRef('m.department_id', '=', 'd.id').select(sql<number>`count(*)`.as('n')).as('member_count'))
      .orderBy('tn.path')
      .orderBy('d.name')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id,
      territoryId: r.territory_id,
      territoryName: r.territory_name,
      name: r.name,
      code: r.code,
      enabled: r.enabled,
      memberCount: Number(r.member_count ?? 0),
      version: r.version,
    })),
    total: Number(total.n),
    current,
    pageSize,
  };
}

async function departmentInScope(db: Database, scope: DataScope, id: number) {
  const row = await db
    .selectFrom('department as d')
    .innerJoin('territory_node as tn', 'tn.id', 'd.territory_id')
    .select(['d.id', 'd.name', 'd.territory_id', 'tn.path'])
    .where('d.id', '=', id)
    .executeTakeFirst();
  if (!row || !pathInScope(scope, row.path)) throw notFound();
  return row;
}

export async function createDepartment(db: Database, ctx: RequestContext & { actor: Actor }, scope: DataScope, input: { territoryId: number; name: string; code: string }) {
  const node = await db.selectFrom('territory_node').select(['id', 'level', 'path']).where('id', '=', input.territoryId).executeTakeFirst();
  if (!node || !pathInScope(scope, node.path)) throw notFound();
  if (node.level !== 'district' && node.level !== 'city') throw fieldError('body.territoryId', M['department.not_a_district']);
  const name = input.name.trim();
  if (await db.selectFrom('department').select('id').where('code', '=', input.code).executeTakeFirst()) throw conflict(M['department.code_taken']);
  if (await db.selectFrom('department').select('id').where('territory_id', '=', node.id).where('name', '=', name).executeTakeFirst()) {
    throw conflict(M['department.name_taken']);
  }
  const id = await db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('department').values({ territory_id: node.id, name, code: input.code }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'department.create', entityType: 'department', entityId: created.id, territoryId: node.id, summary: `新建职能部门 ${name}` });
    return created.id;
  });
  return (await listDepartments(db, ctx.actor, { territoryId: node.id, pageSize: 200 })).data.find((d) => d.id === id)!;
}

export async function listMembers(db: Database, scope: DataScope, id: number) {
  await departmentInScope(db, scope, id);
  const rows = await db
    .selectFrom('department_member as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('m.department_id', '=', id)
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name }));
}

export async function addMember(db: Database, ctx: RequestContext, scope: DataScope, id: number, userId: number) {
  const department = await departmentInScope(db, scope, id);
  const staff = await db
    .selectFrom('role_assignment')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', 'department_staff')
    .executeTakeFirst();
  if (!staff) throw fieldError('body.userId', M['department.not_department_staff']);
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto('department_member')
      .values({ department_id: id, user_id: userId })
      .onConflict((oc) => oc.columns(['department_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return;
    await audit(trx, ctx, {
      action: 'department.add_member',
      entityType: 'department',
      entityId: id,
      territoryId: department.territory_id,
      summary: `账号 ${userId} 加入职能部门 ${department.name}`,
      detail: { userId },
    });
  });
  return listMembers(db, scope, id);
}

export async function removeMember(db: Database, ctx: RequestContext, scope: DataScope, id: number, userId: number) {
  const department = await departmentInScope(db, scope, id);
  await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('department_member').where('department_id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw notFound();
    await audit(trx, ctx, {
      action: 'department.remove_member',
      entityType: 'department',
      entityId: id,
      territoryId: department.territory_id,
      summary: `账号 ${userId} 离开职能部门 ${department.name}`,
      detail: { userId },
    });
  });
  return listMembers(db, scope, id);
}

/** Renames, disables or re-enables a department; a disabled one receives no new dispatches. */
export async function updateDepartment(
  db: Database,
  ctx: RequestContext & { actor: Actor },
  scope: DataScope,
  id: number,
  input: { name?: string; enabled?: boolean; version: number },
) {
  const department = await departmentInScope(db, scope, id);
  const name = input.name?.trim();
  if (name !== undefined && name.length === 0) throw fieldError('body.name', 'field.required');
  if (name !== undefined && name !== department.name) {
    const taken = await db.selectFrom('department').select('id').where('territory_id', '=', department.territory_id).where('name', '=', name).executeTakeFirst();
    if (taken) throw conflict(M['department.name_taken']);
  }
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('department')
      .set({ ...(name !== undefined ? { name } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}), version: input.version + 1 })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict();
    await audit(trx, ctx, {
      action: 'department.update',
      entityType: 'department',
      entityId: id,
      territoryId: department.territory_id,
      summary: `修改职能部门 ${department.name}${name && name !== department.name ? ` → ${name}` : ''}${input.enabled === undefined ? '' : input.enabled ? '（启用）' : '（停用）'}`,
      detail: { ...(name !== undefined ? { name } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}) },
    });
  });
  return (await listDepartments(db, ctx.actor, { territoryId: department.territory_id, pageSize: 200 })).data.find((d) => d.id === id)!;
}

/**
 * Demo and set-up: a department of a territory with the given members, created
 * if its code is new. Running it again adds only missing members.
 */
export async function ensureDepartment(db: Database, input: { territoryId: number; name: string; code: string; memberIds: number[] }): Promise<number> {
  const existing = await db.selectFrom('department').select('id').where('code', '=', input.code).executeTakeFirst();
  const id = existing?.id ?? (await db.insertInto('department').values({ territory_id: input.territoryId, name: input.name, code: input.code }).returning('id').executeTakeFirstOrThrow()).id;
  if (input.memberIds.length > 0) {
    await db
      .insertInto('department_member')
      .values(input.memberIds.map((user_id) => ({ department_id: id, user_id })))
      .onConflict((oc) => oc.columns(['department_id', 'user_id']).doNothing())
      .execute();
  }
  return id;
}
