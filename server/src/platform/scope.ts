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

/** The actor holds the permission through a role whose territory contains the path. */
export function holdsOver(actor: Actor, permission: Permission, path: string): boolean {
  return actor.permissions.has(permission) && pathInScope(scopeFor(actor, permission), path);
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

const COMMUNITY_OR_ABOVE: ReadonlySet<string> = new Set(['city', 'district', 'street', 'community']);

/**
 * Condition for rows that carry, besides their node, the community node the
 * node lies in (case_record.community_id). A subtree rooted at a community or
 * higher holds the row exactly when it holds the row's community, so such a
 * scope filters the community column — an equality for one community — which
 * an index led by it serves in order; a subtree below a community (a grid)
 * filters the node column as territoryCondition does. The roots' levels come
 * from the actor's role bindings; a path whose level is unknown falls back to
 * the node column, so the answer never depends on them.
 */
export function communityCondition<TB extends keyof DB>(
  _eb: ExpressionBuilder<DB, TB>,
  columns: { community: StringReference<DB, TB>; territory: StringReference<DB, TB> },
  scope: DataScope,
  actor: Pick<Actor, 'roles'>,
): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  if (scope.paths.length === 0) return sql<SqlBool>`false`;
  const parts = scope.paths.map((path) => {
    const root = actor.roles.find((r) => r.territoryPath === path && r.territoryId !== null);
    if (root?.territoryLevel === 'community') return sql`${sql.ref(columns.community)} = ${root.territoryId}`;
    if (root?.territoryLevel && COMMUNITY_OR_ABOVE.has(root.territoryLevel)) {
      return sql`${sql.ref(columns.community)} IN (SELECT scope_node.id FROM territory_node AS scope_node
        WHERE scope_node.level = 'community' AND scope_node.path LIKE ${`${path}%`})`;
    }
    return sql`${sql.ref(columns.territory)} IN (SELECT scope_node.id FROM territory_node AS scope_node
      WHERE scope_node.path LIKE ${`${path}%`})`;
  });
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** Paths hold only digits and slashes, so they need no LIKE escaping; each is a bound parameter. */
function underAny(column: RawBuilder<unknown>, paths: string[]) {
  return sql.join(paths.map((prefix) => sql`${column} LIKE ${`${prefix}%`}`), sql` OR `);
}
