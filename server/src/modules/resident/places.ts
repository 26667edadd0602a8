import type { Database } from '../../platform/db/database.js';
import { fieldError, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/search.js';
import { M } from './messages.js';

/** Public facts about a community, for the page its QR code opens: nothing beyond what its notice board shows. */
async function describe(db: Database, node: { id: number; name: string; code: string | null; path: string }) {
  const ids = node.path.split('/').filter(Boolean).map(Number);
  const ancestors = await db.selectFrom('territory_node').select(['id', 'name', 'level']).where('id', 'in', ids).execute();
  const named = (level: string) => ancestors.find((a) => a.level === level)?.name;
  return { id: node.id, name: node.name, code: node.code, fullName: [named('district'), named('street'), node.name].filter(Boolean).join(' · ') };
}

export async function communityById(db: Database, id: number) {
  const node = await db.selectFrom('territory_node').select(['id', 'name', 'code', 'path', 'level']).where('id', '=', id).executeTakeFirst();
  if (!node || node.level !== 'community') throw notFound();
  return describe(db, node);
}

export async function communityByCode(db: Database, code: string) {
  const node = await db.selectFrom('territory_node').select(['id', 'name', 'code', 'path', 'level']).where('code', '=', code).executeTakeFirst();
  if (!node || node.level !== 'community') throw fieldError('query.code', M['resident.not_a_community']);
  return describe(db, node);
}

/** A community's grids, compounds and buildings in tree order, labelled with their parents for the picker. */
export async function placesOf(db: Database, communityId: number) {
  const community = await db.selectFrom('territory_node').select(['path', 'level']).where('id', '=', communityId).executeTakeFirst();
  if (!community || community.level !== 'community') throw notFound();
  const rows = await db
    .selectFrom('territory_node')
    .select(['id', 'parent_id', 'level', 'name', 'path'])
    .where('path', 'like', `${escapeLike(community.path)}%`)
    .where('level', 'in', ['grid', 'compound', 'building'])
    .orderBy('path')
    .limit(5000)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const label = (r: (typeof rows)[number]): string => {
    const parent = r.parent_id === null ? undefined : byId.get(r.parent_id);
    return parent ? `${label(parent)} · ${r.name}` : r.name;
  };
  return rows.map((r) => ({ id: r.id, level: r.level, name: r.name, label: label(r) }));
}

export async function categories(db: Database) {
  const rows = await db
    .selectFrom('dict_item')
    .select(['code', 'label', 'label_en'])
    .where('type_code', '=', 'case_category')
    .where('enabled', '=', true)
    .orderBy('sort')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ code: r.code, label: r.label, labelEn: r.label_en }));
}
