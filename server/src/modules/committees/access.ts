import type { Actor } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/database.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import './membership-tables.js';
import type { MemberStanding } from './workflow.js';

const COMMITTEE_PERMISSIONS: Permission[] = ['committee:read', 'committee:write', 'committee:approve', 'personal:view', 'visit:write', 'case:create'];

/** The permissions an actor holds over a community (or any node) by its path. */
export function permissionsAt(actor: Actor, path: string): Set<Permission> {
  return new Set(COMMITTEE_PERMISSIONS.filter((p) => actor.permissions.has(p) && pathInScope(scopeFor(actor, p), path)));
}

export async function loadMember(db: Database, id: number, lock = false) {
  let q = db
    .selectFrom('committee_member as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .selectAll('m')
    .select(['t.path as community_path', 't.name as community_name'])
    .where('m.id', '=', id);
  if (lock) q = q.forUpdate('m');
  return q.executeTakeFirst();
}
export type LoadedMember = NonNullable<Awaited<ReturnType<typeof loadMember>>>;

export function standingOf(actor: Actor, m: Pick<LoadedMember, 'user_id' | 'community_path'>): MemberStanding {
  return { isSelf: m.user_id !== null && m.user_id === actor.userId, permissionsHere: permissionsAt(actor, m.community_path) };
}

/** A member the actor may see (their community's readers, or the member themself), else 404 — as for one that does not exist. */
export async function visibleMember(db: Database, actor: Actor, id: number, lock = false) {
  const m = await loadMember(db, id, lock);
  if (!m) throw notFound();
  const standing = standingOf(actor, m);
  if (!standing.isSelf && !standing.permissionsHere.has('committee:read')) throw notFound();
  return { m, standing };
}

export async function visibleCommittee(db: Database, actor: Actor, id: number, permission: Permission = 'committee:read') {
  const c = await db
    .selectFrom('committee as c')
    .innerJoin('territory_node as t', 't.id', 'c.community_id')
    .selectAll('c')
    .select(['t.path as community_path', 't.name as community_name'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!c) throw notFound();
  const here = permissionsAt(actor, c.community_path);
  // Someone who may read it but not do this gets 403; someone who may not even read it, 404.
  if (!here.has('committee:read')) throw notFound();
  if (!here.has(permission)) throw forbidden();
  return c;
}

