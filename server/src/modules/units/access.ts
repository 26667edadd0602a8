import { sql } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { M } from './messages.js';
import './tables.js';
import type { Standing } from './workflow.js';

export type Ctx = RequestContext & { actor: Actor };

const UNIT_PERMISSIONS: Permission[] = ['unit:read', 'unit:write', 'unit:act', 'resource:book', 'personal:view'];

/** The permissions an actor holds over a community (or any node) by its path. */
export function permissionsAt(actor: Actor, path: string): Set<Permission> {
  return new Set(UNIT_PERMISSIONS.filter((p) => actor.permissions.has(p) && pathInScope(scopeFor(actor, p), path)));
}

/** The units an account acts for (unit_account), confirmed or not. */
export async function unitsOf(db: Database, userId: number): Promise<number[]> {
  return (await db.selectFrom('unit_account').select('unit_id').where('user_id', '=', userId).execute()).map((r) => r.unit_id);
}

export function standing(actor: Actor, path: string, flags: Partial<Omit<Standing, 'permissionsHere'>> = {}): Standing {
  return { isContact: false, isBooker: false, isOwner: false, ...flags, permissionsHere: permissionsAt(actor, path) };
}

/**
 * Whether the actor may book in a community: a booking right bound to the community or
 * above it, or below it (a grid worker or member books for their residents' groups).
 */
export function mayBookIn(actor: Actor, communityPath: string): boolean {
  if (!actor.permissions.has('resource:book')) return false;
  const scope = scopeFor(actor, 'resource:book');
  return scope.kind === 'all' || scope.paths.some((p) => communityPath.startsWith(p) || p.startsWith(communityPath));
}

/** The communities holding a booking right bound below them (grids, compounds, buildings). */
export async function bookingCommunitiesBelow(db: Database, actor: Actor): Promise<number[]> {
  const scope = scopeFor(actor, 'resource:book');
  if (scope.kind === 'all' || scope.paths.length === 0) return [];
  const rows = await db
    .selectFrom('territory_node')
    .select('id')
    .where('level', '=', 'community')
    .where((eb) => eb.or(scope.paths.map((p) => sql<boolean>`${p} LIKE ${eb.ref('path')} || '%'`)))
    .execute();
  return rows.map((r) => r.id);
}

/** A community node in the actor's scope for a permission, else a 400 on the field (as if it did not exist). */
export async function communityFor(db: Database, actor: Actor, communityId: number, permission: Permission, field = 'body.communityId') {
  const node = await db.selectFrom('territory_node').select(['id', 'path', 'name', 'level', 'parent_id']).where('id', '=', communityId).executeTakeFirst();
  if (!node || node.level !== 'community' || !permissionsAt(actor, node.path).has(permission)) throw fieldError(field, M['unit.not_a_community']);
  return node;
}

/** A node inside a community (the community itself or a grid, compound or building below it). */
export async function placeIn(db: Database, communityPath: string, territoryId: number, field: string, key: string) {
  const node = await db.selectFrom('territory_node').select(['id', 'path', 'level', 'name']).where('id', '=', territoryId).executeTakeFirst();
  if (!node || !node.path.startsWith(communityPath)) throw fieldError(field, key);
  return node;
}

export async function loadUnit(db: Database, id: number, lock = false) {
  let q = db
    .selectFrom('unit as u')
    .innerJoin('territory_node as t', 't.id', 'u.community_id')
    .selectAll('u')
    .select(['t.path as community_path', 't.name as community_name', 't.parent_id as street_id'])
    .where('u.id', '=', id);
  if (lock) q = q.forUpdate('u');
  return q.executeTakeFirst();
}
export type LoadedUnit = NonNullable<Awaited<ReturnType<typeof loadUnit>>>;

/** A unit its community's readers or its own contacts may see, else 404. */
export async function visibleUnit(db: Database, actor: Actor, id: number, lock = false) {
  const u = await loadUnit(db, id, lock);
  if (!u) throw notFound();
  const mine = (await unitsOf(db, actor.userId)).includes(id);
  const s = standing(actor, u.community_path, { isContact: mine });
  if (!mine && !s.permissionsHere.has('unit:read')) throw notFound();
  return { u, s };
}

/** A confirmed unit the actor acts for: who claims and lists resources. */
export async function actingUnit(db: Database, actor: Actor, unitId: number, field = 'body.unitId') {
  if (!actor.permissions.has('unit:act') || !(await unitsOf(db, actor.userId)).includes(unitId)) throw fieldError(field, M['unit.not_your_unit']);
  const u = await loadUnit(db, unitId);
  if (!u || u.status !== 'confirmed') throw fieldError(field, M['unit.not_your_unit']);
  return u;
}

/** Read or write by id: 404 for someone who may not read, 403 for a reader who may not do this. */
export function requireHere(s: Standing, permission: Permission) {
  if (!s.permissionsHere.has('unit:read') && !s.isContact) throw notFound();
  if (!s.permissionsHere.has(permission)) throw forbidden();
}

export const invalidTransition = (status: string, action: string) => new AppError(409, M['unit.invalid_transition'], { status, action });
export const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
export const isExclusionViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23P01';
