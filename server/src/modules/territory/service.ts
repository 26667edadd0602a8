import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { GeoJsonGeometry, TerritoryLevel } from '../../platform/db/schema.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { pathInScope, type DataScope } from '../../platform/scope.js';
import {
  allowedParentsText,
  allowedParentsTextEn,
  BOUNDARY_LEVELS,
  isCreatable,
  isOfficial,
  LEVEL_NAMES,
  M,
  NAME_MAX,
  hasForbiddenChars,
  parentAllowed,
  pathIds,
  type CreatableLevel,
} from './policy.js';
import * as repo from './repository.js';

export function toSummary(row: repo.SummaryRow) {
  return {
    id: row.id,
    parentId: row.parent_id,
    level: row.level,
    code: row.code,
    name: row.name,
    sort: row.sort,
    childCount: Number(row.child_count ?? 0),
    hasBoundary: Boolean(row.has_boundary),
    version: row.version,
  };
}

async function toDetail(db: Database, row: repo.NodeRow) {
  const ancestors = await repo.nodesByIds(db, pathIds(row.path).slice(0, -1));
  return {
    ...toSummary(row),
    ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, level: a.level })),
    boundary: row.boundary ?? null,
    attrs: row.attrs ?? {},
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listRoots(db: Database, scope: DataScope) {
  return (await repo.roots(db, scope)).map(toSummary);
}

export async function listChildren(db: Database, scope: DataScope, parentId: number) {
  if (!(await repo.findNode(db, scope, parentId))) throw notFound();
  return (await repo.children(db, parentId)).map(toSummary);
}

/** One node in the caller's scope, with its breadcrumb; other modules use it to resolve a node. */
export async function getNode(db: Database, scope: DataScope, id: number) {
  const row = await repo.findNode(db, scope, id);
  if (!row) throw notFound();
  return toDetail(db, row);
}

export async function searchNodes(db: Database, scope: DataScope, filter: repo.SearchFilter) {
  const { total, rows } = await repo.search(db, scope, filter);
  const names = new Map((await repo.nodesByIds(db, [...new Set(rows.flatMap((r) => pathIds(r.path)))])).map((n) => [n.id, n.name]));
  return {
    data: rows.map((row) => ({ ...toSummary(row), fullName: pathIds(row.path).map((id) => names.get(id) ?? '').join('/') })),
    total,
    current: filter.current,
    pageSize: filter.pageSize,
  };
}

/** Trimmed, non-blank, within the length, and free of separators and control characters. */
export function cleanName(raw: string, field: string, max: number): string {
  const name = raw.trim();
  if (name.length === 0) throw fieldError(field, M['territory.name_blank']);
  if (hasForbiddenChars(name)) throw fieldError(field, M['territory.name_invalid']);
  if ([...name].length > max) throw fieldError(field, 'field.max_length', { limit: max });
  return name;
}

export function parentLevelError(field: string, child: CreatableLevel) {
  return fieldError(field, M['territory.parent_level'], {
    child: LEVEL_NAMES[child].zh,
    allowed: allowedParentsText(child),
    childEn: LEVEL_NAMES[child].en,
    allowedEn: allowedParentsTextEn(child),
  });
}

/** The sibling-name index is the last word when two people add the same name at once. */
async function siblingNameGuard<T>(field: string, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message?: string };
    if (e.code === '23505' && `${e.constraint ?? ''}${e.message ?? ''}`.includes('territory_node_sibling_name')) {
      throw fieldError(field, M['territory.name_taken'], { name });
    }
    throw error;
  }
}

/** Attributes stay flat and small: they are shown as a key/value list, never interpreted. */
export function cleanAttrs(attrs: Record<string, unknown> | undefined, field: string): Record<string, unknown> | undefined {
  if (attrs === undefined) return undefined;
  for (const [key, value] of Object.entries(attrs)) {
    if (key.length === 0 || key.length > 40) throw fieldError(`${field}.${key.slice(0, 40)}`, 'field.max_length', { limit: 40 });
    const ok =
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= 500);
    if (!ok) throw fieldError(`${field}.${key}`, 'field.invalid');
  }
  return attrs;
}

const describeNode = (level: TerritoryLevel, name: string) => `${LEVEL_NAMES[level].zh}“${name}”`;

export async function createNode(
  db: Database,
  ctx: RequestContext,
  scope: DataScope,
  input: { parentId: number; level: CreatableLevel; name: string; sort?: number; attrs?: Record<string, unknown> },
) {
  const name = cleanName(input.name, 'body.name', NAME_MAX);
  const attrs = cleanAttrs(input.attrs, 'body.attrs') ?? {};
  const id = await siblingNameGuard('body.name', name, () =>
    db.transaction().execute(async (trx) => {
      const parent = await repo.findNode(trx, scope, input.parentId, true);
      if (!parent) throw fieldError('body.parentId', M['territory.parent_missing']);
      if (!parentAllowed(input.level, parent.level)) throw parentLevelError('body.parentId', input.level);
      if (await repo.siblingNamed(trx, parent.id, name)) throw fieldError('body.name', M['territory.name_taken'], { name });
      const id = await repo.insertNode(trx, parent, { level: input.level, name, sort: input.sort, attrs });
      await audit(trx, ctx, {
        action: 'territory.create',
        entityType: 'territory_node',
        entityId: id,
        territoryId: id,
        summary: `在${describeNode(parent.level, parent.name)}下新建${describeNode(input.level, name)}`,
        detail: { parentId: parent.id, level: input.level, name, attrs },
      });
      return id;
    }),
  );
  return getNode(db, scope, id);
}

export interface Scopes {
  write: DataScope;
  /** Where the caller may edit official divisions; null without territory:admin. */
  admin: DataScope | null;
}

export async function updateNode(
  db: Database,
  ctx: RequestContext,
  scopes: Scopes,
  id: number,
  input: { name?: string; sort?: number; attrs?: Record<string, unknown>; version: number },
) {
  const attrs = cleanAttrs(input.attrs, 'body.attrs');
  await siblingNameGuard('body.name', input.name ?? '', () =>
    db.transaction().execute(async (trx) => {
      const node = await repo.findNode(trx, scopes.write, id, true);
      if (!node) throw notFound();
      if (isOfficial(node.level) && !(scopes.admin && pathInScope(scopes.admin, node.path))) {
        throw new AppError(403, M['territory.official_admin']);
      }
      if (node.version !== input.version) throw conflict();
      const changes: { name?: string; sort?: number; attrs?: Record<string, unknown> } = {};
      if (input.name !== undefined) {
        const name = cleanName(input.name, 'body.name', isCreatable(node.level) ? NAME_MAX : 100);
        if (name !== node.name) {
          if (isCreatable(node.level) && node.parent_id !== null && (await repo.siblingNamed(trx, node.parent_id, name, node.id))) {
            throw fieldError('body.name', M['territory.name_taken'], { name });
          }
          changes.name = name;
        }
      }
      if (input.sort !== undefined && input.sort !== node.sort) changes.sort = input.sort;
      if (attrs !== undefined) changes.attrs = attrs;
      if (Object.keys(changes).length === 0) return;
      if (!(await repo.updateNode(trx, node.id, input.version, changes))) throw conflict();
      await audit(trx, ctx, {
        action: 'territory.update',
        entityType: 'territory_node',
        entityId: node.id,
        territoryId: node.id,
        summary: `修改${describeNode(node.level, node.name)}${changes.name ? `，改名为“${changes.name}”` : ''}`,
        detail: {
          before: { name: node.name, sort: node.sort, attrs: node.attrs },
          after: changes,
        },
      });
    }),
  );
  return getNode(db, scopes.write, id);
}

export async function moveNode(db: Database, ctx: RequestContext, scope: DataScope, id: number, input: { parentId: number; version: number }) {
  await db.transaction().execute(async (trx) => {
    const node = await repo.findNode(trx, scope, id, true);
    if (!node) throw notFound();
    if (node.version !== input.version) throw conflict();
    if (!isCreatable(node.level)) throw new AppError(400, M['territory.move_level']);
    const parent = await repo.findNode(trx, scope, input.parentId, true);
    if (!parent) throw fieldError('body.parentId', M['territory.parent_missing']);
    if (parent.path.startsWith(node.path)) throw fieldError('body.parentId', M['territory.move_into_self']);
    if (!parentAllowed(node.level, parent.level)) throw parentLevelError('body.parentId', node.level);
    if (parent.id === node.parent_id) return;
    if (await repo.siblingNamed(trx, parent.id, node.name)) throw fieldError('body.parentId', M['territory.name_taken'], { name: node.name });
    const moved = await repo.moveSubtree(trx, node, parent);
    const from = node.parent_id === null ? [] : await repo.nodesByIds(trx, [node.parent_id]);
    await audit(trx, ctx, {
      action: 'territory.move',
      entityType: 'territory_node',
      entityId: node.id,
      territoryId: node.id,
      summary: `将${describeNode(node.level, node.name)}从“${from[0]?.name ?? ''}”移到${describeNode(parent.level, parent.name)}下`,
      detail: { fromParentId: node.parent_id, toParentId: parent.id, nodesMoved: moved, oldPath: node.path },
    });
  });
  return getNode(db, scope, id);
}

/** Sets (geometry) or clears (null) a boundary; the node's version moves like any other edit. */
export async function setBoundary(db: Database, ctx: RequestContext, scope: DataScope, id: number, geometry: GeoJsonGeometry | null) {
  await db.transaction().execute(async (trx) => {
    const node = await repo.findNode(trx, scope, id, true);
    if (!node) throw notFound();
    if (!BOUNDARY_LEVELS.includes(node.level)) throw new AppError(400, M['territory.boundary_level']);
    if (geometry === null && node.boundary === null) return;
    await repo.updateNode(trx, node.id, node.version, { boundary: geometry });
    const points = geometry ? JSON.stringify(geometry.coordinates).split('],[').length : 0;
    await audit(trx, ctx, {
      action: geometry ? 'territory.boundary_set' : 'territory.boundary_clear',
      entityType: 'territory_node',
      entityId: node.id,
      territoryId: node.id,
      summary: geometry ? `设置${describeNode(node.level, node.name)}的边界（${geometry.type}，约 ${points} 个点）` : `清除${describeNode(node.level, node.name)}的边界`,
      detail: { type: geometry?.type ?? null, hadBoundary: node.boundary !== null },
    });
  });
  return getNode(db, scope, id);
}
