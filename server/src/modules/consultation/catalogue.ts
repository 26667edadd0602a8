import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { M } from './messages.js';
import type { Requirement } from './tables.js';

const REQUIREMENT_WORDS: Record<Requirement, string> = { must: '应当', may: '可以', excluded: '不列入' };

/** The ancestors of a node (itself included), deepest first: where catalogue entries for it may sit. */
async function chain(db: Database, nodeId: number) {
  const node = await db.selectFrom('territory_node').select(['path']).where('id', '=', nodeId).executeTakeFirst();
  if (!node) return [];
  const ids = node.path.split('/').filter(Boolean).map(Number);
  const rows = await db.selectFrom('territory_node').select(['id', 'name', 'depth']).where('id', 'in', ids).execute();
  return rows.sort((a, b) => b.depth - a.depth);
}

/** The entries in force for a community: per category the deepest one (community over city over defaults). */
async function effective(db: Database, communityId: number) {
  const nodes = await chain(db, communityId);
  const ids = nodes.map((n) => n.id);
  const rows = await db
    .selectFrom('consultation_catalogue')
    .selectAll()
    .where((eb) => eb.or([eb('territory_id', 'is', null), ...(ids.length ? [eb('territory_id', 'in', ids)] : [])]))
    .execute();
  const depth = (territoryId: number | null) => (territoryId === null ? -1 : (nodes.find((n) => n.id === territoryId)?.depth ?? -1));
  const byCategory = new Map<string, (typeof rows)[number]>();
  for (const r of rows.sort((a, b) => depth(a.territory_id) - depth(b.territory_id))) byCategory.set(r.category, r);
  return { entries: [...byCategory.values()], nodes };
}

/**
 * 协商目录: whether a matter of `category` should go to consultation in a community, and why.
 * The topics page of the meetings capability calls this when a topic is filed.
 */
export async function catalogueSuggestion(db: Database, communityId: number, category: string) {
  const wanted = category.trim();
  const { entries, nodes } = await effective(db, communityId);
  const hit = entries.find((e) => e.category === wanted);
  if (!hit) return { suggested: false, requirement: null, reason: `“${wanted}”不在协商目录中`, entryId: null };
  const where = hit.territory_id === null ? '默认协商目录' : `${nodes.find((n) => n.id === hit.territory_id)?.name ?? ''}协商目录`;
  const reason = `${where}：“${hit.category}”${REQUIREMENT_WORDS[hit.requirement]}提交议事协商${hit.note ? `（${hit.note}）` : ''}`;
  return { suggested: hit.requirement !== 'excluded', requirement: hit.requirement, reason, entryId: hit.id };
}

export type CatalogueSuggestion = Awaited<ReturnType<typeof catalogueSuggestion>>;

function entryView(actor: Actor, r: { id: number; territory_id: number | null; category: string; requirement: Requirement; note: string | null; version: number; name: string | null; path: string | null }) {
  const scope = scopeFor(actor, 'consultation:config');
  const editable = actor.permissions.has('consultation:config') && (r.path === null ? scope.kind === 'all' : pathInScope(scope, r.path));
  return { id: r.id, territoryId: r.territory_id, territoryName: r.name ?? '默认', category: r.category, requirement: r.requirement, note: r.note, editable, version: r.version };
}

function entries(db: Database) {
  return db
    .selectFrom('consultation_catalogue as c')
    .leftJoin('territory_node as t', 't.id', 'c.territory_id')
    .select(['c.id', 'c.territory_id', 'c.category', 'c.requirement', 'c.note', 'c.version', 't.name', 't.path']);
}

/** The catalogue: with a community, what is in force there; without, every entry of my area and the defaults. */
export async function listCatalogue(db: Database, actor: Actor, communityId?: number) {
  if (communityId) {
    const { entries: inForce } = await effective(db, communityId);
    const rows = inForce.length ? await entries(db).where('c.id', 'in', inForce.map((e) => e.id)).orderBy('c.category').execute() : [];
    return rows.map((r) => entryView(actor, r));
  }
  const scope = scopeFor(actor, 'consultation:read');
  const rows = await entries(db).orderBy('c.territory_id', (ob) => ob.nullsFirst()).orderBy('c.category').execute();
  return rows.filter((r) => r.path === null || pathInScope(scope, r.path) || (scope.kind === 'subtrees' && scope.paths.some((p) => p.startsWith(r.path!)))).map((r) => entryView(actor, r));
}

async function configurable(db: Database, actor: Actor, territoryId: number | null) {
  const scope = scopeFor(actor, 'consultation:config');
  if (territoryId === null) {
    if (scope.kind !== 'all') throw fieldError('body.territoryId', M['consultation.catalogue_scope']);
    return '默认';
  }
  const node = await db.selectFrom('territory_node').select(['path', 'name', 'level']).where('id', '=', territoryId).executeTakeFirst();
  if (!node || !['city', 'district', 'street', 'community'].includes(node.level) || !pathInScope(scope, node.path)) throw fieldError('body.territoryId', M['consultation.catalogue_scope']);
  return node.name;
}

export async function addEntry(db: Database, ctx: RequestContext & { actor: Actor }, input: { territoryId: number | null; category: string; requirement: Requirement; note?: string }) {
  const where = await configurable(db, ctx.actor, input.territoryId);
  const category = input.category.trim();
  return db.transaction().execute(async (trx) => {
    const same = await trx
      .selectFrom('consultation_catalogue')
      .select('id')
      .where('territory_id', input.territoryId === null ? 'is' : '=', input.territoryId)
      .where('category', '=', category)
      .executeTakeFirst();
    if (same) throw fieldError('body.category', M['consultation.catalogue_exists']);
    const row = await trx
      .insertInto('consultation_catalogue')
      .values({ territory_id: input.territoryId, category, requirement: input.requirement, note: input.note?.trim() || null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'consultation.catalogue_add', entityType: 'consultation_catalogue', entityId: row.id, territoryId: input.territoryId, summary: `${where}协商目录新增“${category}”` });
    return row.id;
  });
}

async function editableEntry(db: Database, actor: Actor, id: number) {
  const row = await db.selectFrom('consultation_catalogue').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  await configurable(db, actor, row.territory_id).catch(() => {
    throw notFound();
  });
  return row;
}

export async function updateEntry(db: Database, ctx: RequestContext & { actor: Actor }, id: number, input: { version: number; requirement: Requirement; note?: string }) {
  await db.transaction().execute(async (trx) => {
    const row = await editableEntry(trx, ctx.actor, id);
    if (row.version !== input.version) throw conflict();
    await trx
      .updateTable('consultation_catalogue')
      .set({ requirement: input.requirement, note: input.note?.trim() || null, version: row.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await audit(trx, ctx, { action: 'consultation.catalogue_edit', entityType: 'consultation_catalogue', entityId: id, territoryId: row.territory_id, summary: `协商目录“${row.category}”改为${REQUIREMENT_WORDS[input.requirement]}协商` });
  });
}

export async function removeEntry(db: Database, ctx: RequestContext & { actor: Actor }, id: number) {
  await db.transaction().execute(async (trx) => {
    const row = await editableEntry(trx, ctx.actor, id);
    await trx.deleteFrom('consultation_catalogue').where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'consultation.catalogue_remove', entityType: 'consultation_catalogue', entityId: id, territoryId: row.territory_id, summary: `协商目录删除“${row.category}”` });
  });
}
