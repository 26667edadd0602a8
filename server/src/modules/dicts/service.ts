import type { Selectable } from 'kysely';
import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import type { DictItemTable } from '../../platform/db/schema.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { trimmedText } from '../../platform/text-input.js';
import { M } from './policy.js';
import * as repo from './repository.js';
import type { CreateItemInput, ItemsFilter, UpdateItemInput } from './schema.js';

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
const paging = (f: { current?: number; pageSize?: number }) => {
  const current = f.current ?? 1;
  const pageSize = f.pageSize ?? 200;
  return { current, pageSize, limit: pageSize, offset: (current - 1) * pageSize };
};

const itemView = (i: Selectable<DictItemTable>) => ({
  id: i.id,
  typeCode: i.type_code,
  code: i.code,
  label: i.label,
  labelEn: i.label_en,
  sort: i.sort,
  enabled: i.enabled,
  version: i.version,
});

export async function listTypes(db: Database, f: { current?: number; pageSize?: number }) {
  const p = paging(f);
  const { rows, total } = await repo.listTypes(db, p);
  return {
    data: rows.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      description: r.description,
      itemCount: Number(r.item_count ?? 0),
      enabledCount: Number(r.enabled_count ?? 0),
    })),
    total,
    current: p.current,
    pageSize: p.pageSize,
  };
}

export async function listItems(db: Database, typeCode: string, f: ItemsFilter) {
  if (!(await repo.findType(db, typeCode))) throw notFound();
  const p = paging(f);
  const { rows, total } = await repo.listItems(db, typeCode, f.includeDisabled ?? false, p);
  return { data: rows.map(itemView), total, current: p.current, pageSize: p.pageSize };
}

export async function createItem(db: Database, ctx: RequestContext, typeCode: string, input: CreateItemInput) {
  const type = await repo.findType(db, typeCode);
  if (!type) throw notFound();
  const label = trimmedText('body.label', input.label);
  const labelEn = trimmedText('body.labelEn', input.labelEn);
  const taken = () => new AppError(409, M['dicts.code_taken'], { code: input.code }, [{ field: 'body.code', key: M['dicts.code_taken'], params: { code: input.code } }]);
  if (await repo.codeTaken(db, typeCode, input.code)) throw taken();
  try {
    return await db.transaction().execute(async (trx) => {
      const item = await repo.insertItem(trx, { typeCode, code: input.code, label, labelEn, sort: input.sort ?? 0, enabled: input.enabled ?? true });
      await audit(trx, ctx, {
        action: 'dict.item_create',
        entityType: 'dict_item',
        entityId: item.id,
        summary: `字典“${type.name}”新增选项 ${item.code}（${item.label}）`,
        detail: { typeCode, code: item.code, label, labelEn, sort: item.sort, enabled: item.enabled },
      });
      return itemView(item);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(); // lost a race with another create of the same code
    throw err;
  }
}

export async function updateItem(db: Database, ctx: RequestContext, id: number, input: UpdateItemInput) {
  return db.transaction().execute(async (trx) => {
    const item = await repo.lockItem(trx, id);
    if (!item) throw notFound();
    if (item.version !== input.version) throw conflict();
    const changes: { label?: string; label_en?: string; sort?: number; enabled?: boolean } = {};
    if (input.label !== undefined && trimmedText('body.label', input.label) !== item.label) changes.label = input.label.trim();
    if (input.labelEn !== undefined && trimmedText('body.labelEn', input.labelEn) !== item.label_en) changes.label_en = input.labelEn.trim();
    if (input.sort !== undefined && input.sort !== item.sort) changes.sort = input.sort;
    if (input.enabled !== undefined && input.enabled !== item.enabled) changes.enabled = input.enabled;
    if (Object.keys(changes).length === 0) return itemView(item);
    const updated = await repo.updateItem(trx, id, input.version, changes);
    if (!updated) throw conflict();
    const before: Record<string, unknown> = { label: item.label, label_en: item.label_en, sort: item.sort, enabled: item.enabled };
    const verb = changes.enabled === false ? '停用' : changes.enabled === true ? '启用' : '修改';
    await audit(trx, ctx, {
      action: changes.enabled === false ? 'dict.item_disable' : changes.enabled === true ? 'dict.item_enable' : 'dict.item_update',
      entityType: 'dict_item',
      entityId: id,
      summary: `字典“${item.type_name}”${verb}选项 ${item.code}（${updated.label}）`,
      detail: { typeCode: item.type_code, code: item.code, changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, { from: before[k], to: v }])) },
    });
    return itemView(updated);
  });
}
