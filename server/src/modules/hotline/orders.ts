import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { iso } from '../../platform/time.js';
import { visibleCase } from '../cases/service.js';

/**
 * The work order behind a case the actor may see, or null for a case with none on record (one
 * that came another way, or a 12345 call staff typed in by hand); 404 only for a case they may not see.
 */
export async function orderOfCase(db: Database, actor: Actor, caseId: number) {
  await visibleCase(db, actor, caseId);
  const o = await db
    .selectFrom('hotline_order as h')
    .leftJoin('app_user as u', 'u.id', 'h.imported_by')
    .select(['h.order_no', 'h.called_at', 'h.dispatched_at', 'h.due_at', 'h.category_text', 'h.imported_at', 'u.display_name'])
    .where('h.case_id', '=', caseId)
    .executeTakeFirst();
  if (!o) return null;
  return {
    orderNo: o.order_no,
    calledAt: iso(o.called_at),
    dispatchedAt: iso(o.dispatched_at),
    dueAt: iso(o.due_at),
    categoryText: o.category_text,
    importedAt: new Date(o.imported_at).toISOString(),
    importedBy: o.display_name,
  };
}
