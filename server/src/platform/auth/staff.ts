import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { ROLES, type Permission } from './roles.js';

const ROLE_PERMISSIONS = Object.entries(ROLES) as [string, { permissions: readonly Permission[] }][];

/** Active accounts' role bindings that carry a permission over the path (a binding with no place covers everywhere). */
function holders(db: Database, permission: Permission, path: string) {
  const roles = ROLE_PERMISSIONS.filter(([, r]) => r.permissions.includes(permission)).map(([code]) => code);
  return db
    .selectFrom('role_assignment as ra')
    .innerJoin('app_user as u', 'u.id', 'ra.user_id')
    .leftJoin('territory_node as tn', 'tn.id', 'ra.territory_id')
    .select(['ra.user_id', 'tn.depth'])
    .where('ra.role', 'in', roles)
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([eb('tn.path', 'is', null), eb(sql<string>`${path}`, 'like', sql<string>`tn.path || '%'`)]));
}

/** Whether an active account holds a permission over a territory path. */
export async function holdsOver(db: Database, userId: number, permission: Permission, path: string): Promise<boolean> {
  return (await holders(db, permission, path).where('ra.user_id', '=', userId).executeTakeFirst()) !== undefined;
}

/**
 * Who is told of work waiting at a place: the active accounts holding a permission through a
 * role bound on the path, only those of the deepest such binding (the community's own staff,
 * not everyone up to the city, nor the installation-wide administrators).
 */
export async function nearestStaff(db: Database, permission: Permission, path: string): Promise<number[]> {
  const rows = await holders(db, permission, path).where('tn.id', 'is not', null).execute();
  const deepest = Math.max(-1, ...rows.map((r) => r.depth!));
  return [...new Set(rows.filter((r) => r.depth === deepest).map((r) => r.user_id))];
}
