import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { generatePassword, hashPassword } from '../../platform/auth/passwords.js';
import { isRole, ROLES, type Role } from '../../platform/auth/roles.js';
import { destroyUserSessions } from '../../platform/auth/sessions.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';
import { maskPhone } from '../../platform/personal.js';
import { trimmedText } from '../../platform/text-input.js';
import { iso } from '../../platform/time.js';
import { EXPORT_LIMIT, grantProblem, isAdminRole, M, mayManage, revokeProblem } from './policy.js';
import * as repo from './repository.js';
import type { CreateUserInput, GrantRoleInput, UpdateUserInput, UserFilter } from './schema.js';

/** A request with a logged-in caller; every service call here has one. */
export type Ctx = RequestContext & { actor: Actor };

const ALL: DataScope = { kind: 'all' };
const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

function view(u: UserRow, roles: repo.RoleRecord[], lastLogin: Date | null) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phoneMasked: maskPhone(u.phone),
    homeTerritoryId: u.home_territory_id,
    homeTerritoryName: u.home_name,
    status: u.status,
    locked: u.locked_until !== null && u.locked_until.getTime() > Date.now(),
    lockedUntil: u.locked_until !== null && u.locked_until.getTime() > Date.now() ? u.locked_until.toISOString() : null,
    mustChangePassword: u.must_change_password,
    // An assignment of a role since removed from the code grants nothing and is not shown.
    roles: roles
      .filter((r): r is repo.RoleRecord & { role: Role } => isRole(r.role))
      .map((r) => ({
        id: r.id,
        role: r.role,
        roleName: ROLES[r.role].zh,
        territoryId: r.territory_id,
        territoryName: r.territory_name,
        territoryLevel: r.territory_level,
      })),
    lastLoginAt: iso(lastLogin),
    version: u.version,
    createdAt: u.created_at.toISOString(),
    updatedAt: u.updated_at.toISOString(),
  };
}
export type UserView = ReturnType<typeof view>;

/** Roles and last logins for a page of accounts, in two queries whatever the page size. */
async function present(db: Database, rows: UserRow[]): Promise<UserView[]> {
  const ids = rows.map((r) => r.id);
  const [roles, logins] = await Promise.all([repo.rolesOf(db, ids), repo.lastLogins(db, ids)]);
  const byUser = new Map<number, repo.RoleRecord[]>();
  for (const r of roles) {
    const held = byUser.get(r.user_id);
    if (held) held.push(r);
    else byUser.set(r.user_id, [r]);
  }
  return rows.map((u) => view(u, byUser.get(u.id) ?? [], logins.get(u.id) ?? null));
}

export async function list(db: Database, scope: DataScope, f: UserFilter) {
  const current = f.current ?? 1;
  const pageSize = f.pageSize ?? 20;
  const page = await repo.listUsers(db, scope, f, { limit: pageSize, offset: (current - 1) * pageSize });
  return { data: await present(db, page.rows), total: page.total, current, pageSize };
}

/** Every account matching the filters, for the Excel export. */
export async function listAll(db: Database, scope: DataScope, f: UserFilter): Promise<UserView[]> {
  const total = await repo.countUsers(db, scope, f);
  if (total > EXPORT_LIMIT) throw new AppError(400, M['users.export_too_large'], { limit: EXPORT_LIMIT });
  const { rows } = await repo.listUsers(db, scope, f, { limit: EXPORT_LIMIT, offset: 0 });
  const out: UserView[] = [];
  for (let i = 0; i < rows.length; i += 1000) out.push(...(await present(db, rows.slice(i, i + 1000))));
  return out;
}

export async function get(db: Database, scope: DataScope, id: number): Promise<UserView> {
  const row = await repo.findUser(db, scope, id);
  if (!row) throw notFound();
  return (await present(db, [row]))[0]!;
}

export async function create(db: Database, ctx: Ctx, scope: DataScope, input: CreateUserInput) {
  const username = input.username.toLowerCase();
  const displayName = trimmedText('body.displayName', input.displayName);
  let home: { id: number; name: string } | null = null;
  if (input.homeTerritoryId === null) {
    // Installation-wide accounts are seen only by unbound scopes; anyone else would create an account they cannot see.
    if (scope.kind !== 'all') throw fieldError('body.homeTerritoryId', M['users.home_required']);
  } else {
    home = (await repo.nodeInScope(db, scope, input.homeTerritoryId)) ?? null;
    if (!home) throw fieldError('body.homeTerritoryId', M['users.territory_unknown']);
  }
  const taken = () => new AppError(409, M['users.username_taken'], { username }, [{ field: 'body.username', key: M['users.username_taken'], params: { username } }]);
  if (await repo.usernameTaken(db, username)) throw taken();
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const created = await repo.insertUser(trx, { username, displayName, phone: input.phone ?? null, homeTerritoryId: home?.id ?? null, passwordHash });
      await audit(trx, ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: created.id,
        territoryId: home?.id ?? null,
        summary: `创建账号 ${username}（${displayName}），所属 ${home?.name ?? '全系统'}`,
      });
      return created.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(); // lost a race with another create of the same name
    throw err;
  }
  return { ...(await get(db, ALL, id)), initialPassword };
}

/**
 * Loads an account for a write, locked, and checks the caller may manage it:
 * inside the scope (else 404) and not holding more than the caller (else 403).
 */
async function manageable(trx: Database, ctx: Ctx, scope: DataScope, id: number) {
  const user = await repo.lockUser(trx, scope, id);
  if (!user) throw notFound();
  const roles = await repo.rolesOf(trx, [id]);
  if (!mayManage(ctx.actor, scope, roles.map((r) => ({ role: r.role, path: r.territory_path })))) {
    throw new AppError(403, M['users.outranked']);
  }
  return user;
}

const selfForbidden = () => new AppError(403, M['users.self_forbidden']);

export async function update(db: Database, ctx: Ctx, scope: DataScope, id: number, input: UpdateUserInput) {
  await db.transaction().execute(async (trx) => {
    const user = await manageable(trx, ctx, scope, id);
    if (user.version !== input.version) throw conflict();
    const changes: { display_name?: string; phone?: string | null; status?: 'active' | 'disabled' } = {};
    if (input.displayName !== undefined) {
      const name = trimmedText('body.displayName', input.displayName);
      if (name !== user.display_name) changes.display_name = name;
    }
    if (input.phone !== undefined && input.phone !== user.phone) changes.phone = input.phone;
    if (input.status !== undefined && input.status !== user.status) {
      if (id === ctx.actor.userId) throw selfForbidden();
      changes.status = input.status;
    }
    if (Object.keys(changes).length === 0) return;
    if (!(await repo.updateUser(trx, id, input.version, changes))) throw conflict();
    const base = { entityType: 'user', entityId: id, territoryId: user.home_territory_id };
    if (changes.display_name !== undefined || changes.phone !== undefined) {
      await audit(trx, ctx, {
        ...base,
        action: 'user.update',
        summary: `修改账号 ${user.username} 的资料`,
        // The phone number itself stays out of the log: the log is read more widely than personal data.
        detail: {
          ...(changes.display_name !== undefined ? { displayName: { from: user.display_name, to: changes.display_name } } : {}),
          ...(changes.phone !== undefined ? { phone: changes.phone === null ? 'cleared' : 'changed' } : {}),
        },
      });
    }
    if (changes.status === 'disabled') {
      await destroyUserSessions(trx, id);
      await audit(trx, ctx, { ...base, action: 'user.disable', summary: `停用账号 ${user.username}，其登录会话已全部注销` });
    } else if (changes.status === 'active') {
      await audit(trx, ctx, { ...base, action: 'user.enable', summary: `启用账号 ${user.username}` });
    }
  });
  return get(db, ALL, id);
}

export async function resetPassword(db: Database, ctx: Ctx, scope: DataScope, id: number) {
  if (id === ctx.actor.userId) throw selfForbidden();
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  await db.transaction().execute(async (trx) => {
    const user = await manageable(trx, ctx, scope, id);
    await repo.resetPassword(trx, id, passwordHash);
    await destroyUserSessions(trx, id);
    await audit(trx, ctx, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
      territoryId: user.home_territory_id,
      summary: `重置账号 ${user.username} 的密码（下次登录须修改），其登录会话已全部注销`,
    });
  });
  return { ...(await get(db, ALL, id)), initialPassword };
}

export async function unlock(db: Database, ctx: Ctx, scope: DataScope, id: number) {
  await db.transaction().execute(async (trx) => {
    const user = await manageable(trx, ctx, scope, id);
    await repo.unlockUser(trx, id);
    await audit(trx, ctx, {
      action: 'user.unlock',
      entityType: 'user',
      entityId: id,
      territoryId: user.home_territory_id,
      summary: `解除账号 ${user.username} 的登录锁定`,
    });
  });
  return get(db, ALL, id);
}

/** The unmasked phone; the view itself is recorded, in the same transaction as the read. */
export async function phone(db: Database, ctx: Ctx, scope: DataScope, id: number) {
  return db.transaction().execute(async (trx) => {
    const user = await repo.findUser(trx, scope, id);
    if (!user) throw notFound();
    await audit(trx, ctx, {
      action: 'personal.view',
      entityType: 'user',
      entityId: id,
      territoryId: user.home_territory_id,
      summary: `查看账号 ${user.username} 的完整手机号`,
      detail: { field: 'phone' },
    });
    return { phone: user.phone };
  });
}

export async function grantRole(db: Database, ctx: Ctx, scope: DataScope, id: number, input: GrantRoleInput) {
  const { role, territoryId } = input;
  const names = { role: ROLES[role].zh, roleEn: ROLES[role].en };
  try {
    await db.transaction().execute(async (trx) => {
      const user = await repo.lockUser(trx, scope, id);
      if (!user) throw notFound();
      const node = territoryId === null ? undefined : await repo.nodeInScope(trx, ALL, territoryId);
      const problem = grantProblem(ctx.actor, scope, role, territoryId, node);
      if (problem) throw problem;
      if (await repo.assignmentExists(trx, id, role, territoryId)) throw conflict(M['users.role_duplicate'], names);
      const created = await repo.insertAssignment(trx, { userId: id, role, territoryId, createdBy: ctx.actor.userId });
      await audit(trx, ctx, {
        action: 'user.role_grant',
        entityType: 'user',
        entityId: id,
        territoryId,
        summary: `为账号 ${user.username} 分配角色“${names.role}”${node ? `（${node.name}）` : ''}`,
        detail: { assignmentId: created.id, role, territoryId },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(M['users.role_duplicate'], names);
    throw err;
  }
  return get(db, ALL, id);
}

export async function revokeRole(db: Database, ctx: Ctx, scope: DataScope, id: number, assignmentId: number) {
  await db.transaction().execute(async (trx) => {
    const user = await repo.lockUser(trx, scope, id);
    if (!user) throw notFound();
    const roles = await repo.rolesOf(trx, [id]);
    const target = roles.find((r) => r.id === assignmentId);
    if (!target) throw notFound();
    const problem = revokeProblem(ctx.actor, scope, target.role, target.territory_path);
    if (problem) throw problem;
    if (id === ctx.actor.userId && isRole(target.role) && isAdminRole(target.role)) {
      const othersLeft = roles.some((r) => r.id !== target.id && isRole(r.role) && isAdminRole(r.role));
      if (!othersLeft) throw conflict(M['users.last_admin_role']);
    }
    await repo.deleteAssignment(trx, assignmentId);
    const roleName = isRole(target.role) ? ROLES[target.role].zh : target.role;
    await audit(trx, ctx, {
      action: 'user.role_revoke',
      entityType: 'user',
      entityId: id,
      territoryId: target.territory_id,
      summary: `撤销账号 ${user.username} 的角色“${roleName}”${target.territory_name ? `（${target.territory_name}）` : ''}`,
      detail: { assignmentId, role: target.role, territoryId: target.territory_id },
    });
  });
  return get(db, ALL, id);
}
