import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { hashPassword, passwordAcceptable, verifyPassword } from '../../platform/auth/passwords.js';
import { ROLES } from '../../platform/auth/roles.js';
import {
  createSession,
  destroySession,
  destroyUserSessions,
  loadRoles,
  permissionSet,
  type SessionPolicy,
} from '../../platform/auth/sessions.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import * as repo from './repository.js';

/** Five wrong passwords in a row lock the account for fifteen minutes. */
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
/** Wrong passwords one address may try per minute, whatever the accounts. */
export const IP_ATTEMPTS_PER_MINUTE = 20;

let dummyHash: Promise<string> | undefined;
/** Unknown user names cost the same time as wrong passwords, so they cannot be probed. */
const burnTime = async (password: string) => verifyPassword(await (dummyHash ??= hashPassword('dummy-Password-1')), password);

const minutesLeft = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));

export async function login(
  db: Database,
  input: { username: string; password: string },
  meta: { ip: string; userAgent?: string },
  policy: SessionPolicy,
) {
  if ((await repo.throttleCount(db, meta.ip)) >= IP_ATTEMPTS_PER_MINUTE) throw new AppError(429, 'too_many_requests');
  const user = await repo.findUserByUsername(db, input.username);
  const ctx: RequestContext = { actor: null, ip: meta.ip };
  if (!user) {
    await burnTime(input.password);
    await repo.bumpThrottle(db, meta.ip);
    throw new AppError(401, 'bad_credentials');
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    throw new AppError(423, 'account_locked', { minutes: minutesLeft(user.locked_until) });
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const result = await db.transaction().execute(async (trx) => {
      const updated = await repo.recordFailure(trx, user.id, LOCK_AFTER, new Date(Date.now() + LOCK_MINUTES * 60_000));
      const locked = updated.locked_until !== null && updated.locked_until.getTime() > Date.now();
      await audit(trx, ctx, {
        action: locked ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        territoryId: user.home_territory_id,
        summary: locked ? `账号 ${user.username} 因密码连续错误被锁定` : `账号 ${user.username} 登录失败`,
      });
      await repo.bumpThrottle(trx, meta.ip);
      return { locked, until: updated.locked_until };
    });
    if (result.locked && result.until) throw new AppError(423, 'account_locked', { minutes: minutesLeft(result.until) });
    throw new AppError(401, 'bad_credentials');
  }
  if (user.status !== 'active') throw new AppError(403, 'account_disabled');
  const session = await db.transaction().execute(async (trx) => {
    await repo.recordSuccess(trx, user.id);
    const session = await createSession(trx, user.id, policy, meta);
    await audit(trx, { actor: null, ip: meta.ip }, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      territoryId: user.home_territory_id,
      summary: `${user.display_name}（${user.username}）登录`,
    });
    return session;
  });
  const roles = await loadRoles(db, user.id);
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles,
    permissions: permissionSet(roles),
    departmentIds: [],
    sessionId: '',
    csrfToken: session.csrfToken,
    mustChangePassword: user.must_change_password,
  };
  return { token: session.token, me: await describe(db, actor) };
}

export async function logout(db: Database, actor: Actor) {
  await destroySession(db, actor.sessionId);
}

export async function describe(db: Database, actor: Actor) {
  const ids = actor.roles.flatMap((r) => (r.territoryId === null ? [] : [r.territoryId]));
  const nodes = new Map((await repo.territoryNames(db, ids)).map((n) => [n.id, n]));
  const lineage = (id: number) => nodes.get(id)?.path.split('/').filter(Boolean).map(Number) ?? [];
  const communities = await repo.communitiesAmong(db, [...new Set(ids.flatMap(lineage))]);
  const communityOf = (id: number | null) => (id === null ? null : (communities.find((c) => lineage(id).includes(c.id)) ?? null));
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    mustChangePassword: actor.mustChangePassword,
    csrfToken: actor.csrfToken,
    roles: actor.roles.map((r) => {
      const community = communityOf(r.territoryId);
      return {
        role: r.role,
        roleName: ROLES[r.role].zh,
        territoryId: r.territoryId,
        territoryName: r.territoryId === null ? null : (nodes.get(r.territoryId)?.name ?? null),
        territoryLevel: r.territoryId === null ? null : (nodes.get(r.territoryId)?.level ?? null),
        communityId: community?.id ?? null,
        communityName: community?.name ?? null,
      };
    }),
    permissions: [...actor.permissions].sort(),
  };
}

export async function changePassword(db: Database, ctx: RequestContext & { actor: Actor }, input: { currentPassword: string; newPassword: string }) {
  const user = await repo.findUserById(db, ctx.actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw fieldError('body.currentPassword', 'password_wrong');
  }
  if (input.newPassword === input.currentPassword) throw fieldError('body.newPassword', 'password_reused');
  if (!passwordAcceptable(input.newPassword, user.username)) throw fieldError('body.newPassword', 'password_weak');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.setPassword(trx, user.id, passwordHash, false);
    // Other devices keep no access with the old password.
    await destroyUserSessions(trx, user.id, ctx.actor.sessionId);
    await audit(trx, ctx, {
      action: 'auth.change_password',
      entityType: 'user',
      entityId: user.id,
      territoryId: user.home_territory_id,
      summary: `${user.username} 修改了自己的密码`,
    });
  });
}
