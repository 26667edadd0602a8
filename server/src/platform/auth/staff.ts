import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { ROLES, type Permission } from './roles.js';

const ROLE_PERMISSIONS = Object.entries(ROLES) as [string, { permissions: readonly Permission[] }][];

/**
 * Who is told of work waiting at a place: the active accounts holding a permission through a
 * role bound on the path, only those of the deepest such binding (the community's own staff,
 * not everyone up to the city).
 */
export async function nearestStaff(db: Database, permission: Permission, path: string): Promise<number[]> {
  const roles = ROLE_PERMISSIONS.filter(([, r]) => r.permissions.includes(permission)).map(([code]) => code);
  const rows = await db
    .selectFrom('role_assignment as ra')
    .innerJoin('app_user as u', 'u.id', 'ra.user_id')
    .innerJoin('territory_node as tn', 'tn.id', 'ra.territory_id')
    .select(['ra.user_id', 'tn.depth'])
    .where('ra.role', 'in', roles)
    .where('u.status', '=', 'active')
    .where(sql<boolean>`${path} LIKE tn.path || '%'`)
    .execute();
  const deepest = Math.max(-1, ...rows.map((r) => r.depth));
  return [...new Set(rows.filter((r) => r.depth === deepest).map((r) => r.user_id))];
}
