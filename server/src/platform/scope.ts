import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, type StringReference } from 'kysely';
import type { Actor } from './auth/actor.js';
import { permissionsOf, type Permission } from './auth/roles.js';
import type { DB } from './db/schema.js';

/**
 * Data scope (数据权限) by territory: a permission held through a role bound to
 * a node reaches that node's whole subtree and nothing outside it. An actor
 * holding the permission through several roles sees the union.
 */
export type DataScope = { kind: 'all' } | { kind: 'subtrees'; paths: string[] };

export function scopeFor(actor: Actor, permission: Permission): DataScope {
  const paths: string[] = [];
  for (const binding of actor.roles) {
    if (!permissionsOf(binding.role).includes(permission)) continue;
    if (binding.territoryPath === null) return { kind: 'all' };
    paths.push(binding.territoryPath);
  }
  // A path inside another listed path adds nothing to the union.
  const minimal = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
  return { kind: 'subtrees', paths: [...new Set(minimal)] };
}

export function pathInScope(scope: DataScope, path: string | null): boolean {
  if (scope.kind === 'all') return true;
  return path !== null && scope.paths.some((prefix) => path.startsWith(prefix));
}

/** Condition on a materialised-path column: the row lies in one of the scope's subtrees. */
export function pathCondition<TB extends keyof DB>(
  _eb: ExpressionBuilder<DB, TB>,
  column: StringReference<DB, TB>,
  scope: DataScope,
): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  if (scope.paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${underAny(sql.ref(column), scope.paths)})`;
}

/**
 * Condition on a column holding a territory node id: the node lies in the
 * scope. Every repository filters its rows with this (or pathCondition).
 */
export function territoryCondition<TB extends keyof DB>(
  _eb: ExpressionBuilder<DB, TB>,
  column: StringReference<DB, TB>,
  scope: DataScope,
): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  if (scope.paths.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT scope_node.id FROM territory_node AS scope_node
    WHERE ${underAny(sql.ref('scope_node.path'), scope.paths)})`;
}

/** Paths hold only digits and slashes, so they need no LIKE escaping; each is a bound parameter. */
function underAny(column: RawBuilder<unknown>, paths: string[]) {
  return sql.join(paths.map((prefix) => sql`${column} LIKE ${`${prefix}%`}`), sql` OR `);
}
