import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { territoryCondition, type DataScope } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';

export interface AuditCriteria {
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}

/*
 * Entries are scoped by the node they hang on; entries without one (logins of
 * installation-wide accounts, dictionary changes) only for an unbound scope,
 * because `NULL IN (…)` is never true.
 */
function filtered<O>(query: SelectQueryBuilder<DB, 'audit_log', O>, scope: DataScope, c: AuditCriteria) {
  let q = query.where((eb) => territoryCondition(eb, 'audit_log.territory_id', scope));
  if (c.action) q = q.where('audit_log.action', 'like', `${escapeLike(c.action)}%`);
  if (c.entityType) q = q.where('audit_log.entity_type', '=', c.entityType);
  if (c.entityId) q = q.where('audit_log.entity_id', '=', c.entityId);
  if (c.actor) q = q.where((eb) => eb(eb.fn('lower', ['audit_log.actor_name']), 'like', `%${escapeLike(c.actor!.toLowerCase())}%`));
  if (c.from) q = q.where('audit_log.at', '>=', c.from);
  if (c.to) q = q.where('audit_log.at', '<', c.to);
  return q;
}

/** Counts matching entries, stopping at `cap`: the caller only needs to know "at least this many". */
export async function countEntries(db: Database, scope: DataScope, c: AuditCriteria, cap: number): Promise<number> {
  const limited = filtered(db.selectFrom('audit_log'), scope, c).select(sql`1`.as('one')).limit(cap);
  const row = await db.selectFrom(limited.as('m')).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first, on the (at DESC, id DESC) index. */
export function listEntries(db: Database, scope: DataScope, c: AuditCriteria, page: { limit: number; offset: number }) {
  return filtered(db.selectFrom('audit_log'), scope, c)
    .leftJoin('territory_node as t', 't.id', 'audit_log.territory_id')
    .selectAll('audit_log')
    .select('t.name as territory_name')
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
