import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';

export async function listTypes(db: Database, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('dict_type as dt')
      .select(['dt.code', 'dt.name', 'dt.name_en', 'dt.description'])
      .select((eb) => [
        eb.selectFrom('dict_item as i').select(sql<number>`count(*)`.as('n')).whereRef('i.type_code', '=', 'dt.code').as('item_count'),
        eb
          .selectFrom('dict_item as i')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('i.type_code', '=', 'dt.code')
          .where('i.enabled', '=', true)
          .as('enabled_count'),
      ])
      .orderBy('dt.code')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db.selectFrom('dict_type').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findType(db: Database, code: string) {
  return db.selectFrom('dict_type').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listItems(db: Database, typeCode: string, includeDisabled: boolean, page: { limit: number; offset: number }) {
  let base = db.selectFrom('dict_item').where('type_code', '=', typeCode);
  if (!includeDisabled) base = base.where('enabled', '=', true);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('sort').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function codeTaken(db: Database, typeCode: string, code: string) {
  return db.selectFrom('dict_item').select('id').where('type_code', '=', typeCode).where('code', '=', code).executeTakeFirst().then(Boolean);
}

export function insertItem(db: Database, v: { typeCode: string; code: string; label: string; labelEn: string; sort: number; enabled: boolean }) {
  return db
    .insertInto('dict_item')
    .values({ type_code: v.typeCode, code: v.code, label: v.label, label_en: v.labelEn, sort: v.sort, enabled: v.enabled })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The item with its type's name, locked for the update that follows. */
export function lockItem(db: Database, id: number) {
  return db
    .selectFrom('dict_item as i')
    .innerJoin('dict_type as dt', 'dt.code', 'i.type_code')
    .selectAll('i')
    .select('dt.name as type_name')
    .where('i.id', '=', id)
    .forUpdate('i')
    .executeTakeFirst();
}

export function updateItem(db: Database, id: number, version: number, changes: { label?: string; label_en?: string; sort?: number; enabled?: boolean }) {
  return db
    .updateTable('dict_item')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
