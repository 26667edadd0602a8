import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { DB, GeoJsonGeometry, TerritoryLevel } from '../../platform/db/schema.js';
import { pathCondition, type DataScope } from '../../platform/scope.js';
import { bigrams, escapeLike, normalise, queryTokens } from '../../platform/search.js';

type NodeEb = ExpressionBuilder<DB, 'territory_node'>;

/** Derived columns every node response carries; the child count drives lazy expansion. */
function derivedColumns(eb: NodeEb) {
  return [
    sql<boolean>`territory_node.boundary IS NOT NULL`.as('has_boundary'),
    eb
      .selectFrom('territory_node as child')
      .select((c) => c.fn.countAll<number>().as('n'))
      .whereRef('child.parent_id', '=', 'territory_node.id')
      .as('child_count'),
  ] as const;
}

/** What the tree and the search list show of a node. */
function summaryColumns(eb: NodeEb) {
  return [
    'territory_node.id',
    'territory_node.parent_id',
    'territory_node.level',
    'territory_node.code',
    'territory_node.name',
    'territory_node.sort',
    'territory_node.version',
    'territory_node.path',
    ...derivedColumns(eb),
  ] as const;
}

export interface SummaryRow {
  id: number;
  parent_id: number | null;
  level: TerritoryLevel;
  code: string | null;
  name: string;
  sort: number;
  version: number;
  path: string;
  has_boundary: boolean;
  child_count: number | string | null;
}

const inScope = (scope: DataScope) => (eb: NodeEb): Expression<SqlBool> => pathCondition(eb, 'territory_node.path', scope);

/** The top nodes of a scope: the nodes its roles are bound to (or the cities, for everything). */
export function roots(db: Database, scope: DataScope): Promise<SummaryRow[]> {
  let query = db.selectFrom('territory_node').select(summaryColumns).orderBy('territory_node.path');
  if (scope.kind === 'all') query = query.where('territory_node.parent_id', 'is', null);
  else if (scope.paths.length === 0) return Promise.resolve([]);
  else query = query.where('territory_node.path', 'in', scope.paths);
  return query.execute();
}

export function children(db: Database, parentId: number): Promise<SummaryRow[]> {
  return db
    .selectFrom('territory_node')
    .select(summaryColumns)
    .where('territory_node.parent_id', '=', parentId)
    .orderBy('territory_node.sort')
    .orderBy('territory_node.id')
    .execute();
}

/** A node by id, only if it lies in the scope: outside is the same as missing. */
export function findNode(db: Database, scope: DataScope, id: number, lock = false) {
  let query = db
    .selectFrom('territory_node')
    .selectAll('territory_node')
    .select(derivedColumns)
    .where('territory_node.id', '=', id)
    .where(inScope(scope));
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}
export type NodeRow = NonNullable<Awaited<ReturnType<typeof findNode>>>;

export function nodesByIds(db: Database, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('territory_node').select(['id', 'name', 'level', 'depth']).where('id', 'in', ids).orderBy('depth').execute();
}

export interface SearchFilter {
  q: string;
  level?: TerritoryLevel;
  current: number;
  pageSize: number;
}

/**
 * Digits search codes by prefix (the code index is in "C" collation, so the
 * prefix LIKE is an index range). Text needs all of its bigrams (GIN), then
 * the substring test drops names whose bigrams occur apart; a single
 * character has no bigram and is a substring scan.
 */
export async function search(db: Database, scope: DataScope, filter: SearchFilter) {
  const q = filter.q.trim();
  const base = db
    .selectFrom('territory_node')
    .where(inScope(scope))
    .$if(filter.level !== undefined, (qb) => qb.where('territory_node.level', '=', filter.level!))
    .where((eb) => {
      if (/^[0-9]+$/.test(q)) return sql<SqlBool>`territory_node.code COLLATE "C" LIKE ${`${q}%`}`;
      const text = normalise(q);
      // Compared in the same normal form the tokens were made in (NFKC, lower case, no spaces).
      const like = sql<SqlBool>`lower(regexp_replace(normalize(territory_node.name, NFKC), '\\s+', '', 'g')) LIKE ${`%${escapeLike(text)}%`}`;
      const tokens = queryTokens(q);
      if (tokens.length === 0) return like;
      return eb.and([sql<SqlBool>`territory_node.name_tokens @> ${sql.val(tokens)}::text[]`, like]);
    });
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(summaryColumns)
      .orderBy('territory_node.depth')
      .orderBy('territory_node.path')
      .limit(filter.pageSize)
      .offset((filter.current - 1) * filter.pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

export function siblingNamed(db: Database, parentId: number, name: string, exceptId?: number) {
  return db
    .selectFrom('territory_node')
    .select(['id', 'level'])
    .where('parent_id', '=', parentId)
    .where('name', '=', name)
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!))
    .executeTakeFirst();
}

export async function insertNode(
  trx: Database,
  parent: { id: number; path: string; depth: number },
  values: { level: TerritoryLevel; name: string; sort?: number; attrs: Record<string, unknown> },
): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('territory_node', 'id'))::int8 AS id`.execute(trx);
  const id = Number(rows[0]!.id);
  const sort =
    values.sort ??
    Number(
      (
        await trx
          .selectFrom('territory_node')
          .select(sql<number>`coalesce(max(sort) + 1, 0)`.as('s'))
          .where('parent_id', '=', parent.id)
          .executeTakeFirstOrThrow()
      ).s,
    );
  await trx
    .insertInto('territory_node')
    .values({
      id,
      parent_id: parent.id,
      level: values.level,
      name: values.name,
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
      name_tokens: bigrams(values.name),
      attrs: JSON.stringify(values.attrs),
      sort,
    })
    .execute();
  return id;
}

/** Updates the node only at the version the caller read; false when it moved meanwhile. */
export async function updateNode(
  trx: Database,
  id: number,
  version: number,
  changes: { name?: string; sort?: number; attrs?: Record<string, unknown>; boundary?: GeoJsonGeometry | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('territory_node')
    .set((eb) => ({
      ...(changes.name !== undefined ? { name: changes.name, name_tokens: bigrams(changes.name) } : {}),
      ...(changes.sort !== undefined ? { sort: changes.sort } : {}),
      ...(changes.attrs !== undefined ? { attrs: JSON.stringify(changes.attrs) } : {}),
      ...(changes.boundary !== undefined ? { boundary: changes.boundary === null ? null : JSON.stringify(changes.boundary) } : {}),
      version: eb('version', '+', 1),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Re-roots a whole subtree in one statement: every path under the old prefix
 * gets the new prefix and every depth shifts by the same amount, so readers
 * never see half a move. The node itself also gets its new parent and sort
 * (after its new siblings) and a new version. The caller holds the node's
 * row lock and has checked its version.
 */
export async function moveSubtree(
  trx: Database,
  node: { id: number; path: string; depth: number },
  parent: { id: number; path: string; depth: number },
): Promise<number> {
  const newPath = `${parent.path}${node.id}/`;
  const shift = parent.depth + 1 - node.depth;
  const nextSort = await trx
    .selectFrom('territory_node')
    .select(sql<number>`coalesce(max(sort) + 1, 0)`.as('s'))
    .where('parent_id', '=', parent.id)
    .executeTakeFirstOrThrow();
  const result = await sql`
    UPDATE territory_node SET
      path = ${newPath} || substr(path, ${node.path.length + 1}),
      depth = depth + ${shift},
      parent_id = CASE WHEN id = ${node.id} THEN ${parent.id}::int8 ELSE parent_id END,
      sort = CASE WHEN id = ${node.id} THEN ${Number(nextSort.s)}::int4 ELSE sort END,
      version = CASE WHEN id = ${node.id} THEN version + 1 ELSE version END,
      updated_at = now()
    WHERE path LIKE ${`${node.path}%`}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Existing grids, compounds and buildings below some communities, for an import to reuse. */
export function gridLevelsUnder(trx: Database, communityPaths: string[]) {
  if (communityPaths.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('territory_node')
    .select(['id', 'parent_id', 'level', 'name', 'path', 'depth'])
    .where('level', 'in', ['grid', 'compound', 'building'])
    .where((eb) => pathCondition(eb, 'territory_node.path', { kind: 'subtrees', paths: communityPaths }))
    .execute();
}

export function communitiesByCode(db: Database, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('territory_node')
    .select(['id', 'code', 'name', 'path', 'depth', 'level'])
    .where('code', 'in', codes)
    .where('level', '=', 'community')
    .execute();
}
