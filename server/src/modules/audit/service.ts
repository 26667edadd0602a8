import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';
import { COUNT_LIMIT, EXPORT_LIMIT, M, parseBound } from './policy.js';
import * as repo from './repository.js';
import type { AuditFilter } from './schema.js';

function criteria(f: AuditFilter): repo.AuditCriteria {
  const from = f.from === undefined ? undefined : parseBound(f.from, 'from', 'query.from');
  const to = f.to === undefined ? undefined : parseBound(f.to, 'to', 'query.to');
  if (from && to && to <= from) throw fieldError('query.to', M['audit.range_reversed']);
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  return { action: text(f.action), entityType: text(f.entityType), entityId: text(f.entityId), actor: text(f.actor), from, to };
}

type Row = Awaited<ReturnType<typeof repo.listEntries>>[number];

function view(r: Row) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    ip: r.ip,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    territoryId: r.territory_id,
    territoryName: r.territory_name,
    summary: r.summary,
    detail: r.detail,
  };
}
export type AuditView = ReturnType<typeof view>;

export async function list(db: Database, scope: DataScope, f: AuditFilter) {
  const c = criteria(f);
  const current = f.current ?? 1;
  const pageSize = f.pageSize ?? 20;
  const [rows, total] = await Promise.all([
    repo.listEntries(db, scope, c, { limit: pageSize, offset: (current - 1) * pageSize }),
    repo.countEntries(db, scope, c, COUNT_LIMIT),
  ]);
  return { data: rows.map(view), total, current, pageSize };
}

export async function listAll(db: Database, scope: DataScope, f: AuditFilter): Promise<AuditView[]> {
  const c = criteria(f);
  if ((await repo.countEntries(db, scope, c, EXPORT_LIMIT + 1)) > EXPORT_LIMIT) {
    throw new AppError(400, M['audit.export_too_large'], { limit: EXPORT_LIMIT });
  }
  return (await repo.listEntries(db, scope, c, { limit: EXPORT_LIMIT, offset: 0 })).map(view);
}
