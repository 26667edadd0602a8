import { timelineValues } from '../../platform/timeline.js';
import type { Updateable } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { holdsOver } from '../../platform/scope.js';
import { M } from './messages.js';
import type { ConsultationRow, ConsultationStatus, ConsultationTable } from './tables.js';
import { STATE_LABELS, TRANSITIONS, type ConsultationAction } from './workflow.js';

export type LoadedItem = ConsultationRow & { community_path: string; community_name: string };


export async function loadItem(db: Database, id: number, lock = false): Promise<LoadedItem | undefined> {
  let q = db
    .selectFrom('consultation as c')
    .innerJoin('territory_node as t', 't.id', 'c.community_id')
    .selectAll('c')
    .select(['t.path as community_path', 't.name as community_name'])
    .where('c.id', '=', id);
  if (lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}

/** An item as `actor` may read it; 404 outside their area, as for one that does not exist. */
export async function visibleItem(db: Database, actor: Actor, id: number, lock = false): Promise<LoadedItem> {
  const item = await loadItem(db, id, lock);
  if (!item || !holdsOver(actor, 'consultation:read', item.community_path)) throw notFound();
  return item;
}

/** An item the actor may change with `permission`: 404 when they cannot even read it, 403 when they can. */
export async function writableItem(db: Database, actor: Actor, id: number, permission: Permission = 'consultation:write'): Promise<LoadedItem> {
  const item = await visibleItem(db, actor, id, true);
  if (!holdsOver(actor, permission, item.community_path)) throw forbidden();
  return item;
}

export async function timeline(trx: Database, ctx: RequestContext, e: { id: number; action: string; from: string | null; to: string; note?: string | null; detail?: Record<string, unknown>; at?: Date }) {
  await trx
    .insertInto('consultation_event')
    .values({
      consultation_id: e.id,
      ...timelineValues(ctx, { ...e, at: e.at ?? new Date() }),
    })
    .execute();
}

export interface StepChange {
  set?: Updateable<ConsultationTable>;
  note?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The one way an item changes step: lock it, check scope (404), the transition's permission
 * (403), the version (409) and the state table (409: a skipped step), run the step's own
 * checks and effects, then write the item with version + 1, its timeline row and the audit
 * entry in one transaction.
 */
export async function fire(
  db: Database,
  ctx: RequestContext & { actor: Actor },
  id: number,
  version: number,
  action: ConsultationAction,
  work: (w: { trx: Database; item: LoadedItem; now: Date }) => Promise<StepChange>,
): Promise<void> {
  const t = TRANSITIONS[action];
  await db.transaction().execute(async (trx) => {
    const item = await writableItem(trx, ctx.actor, id, t.permission);
    if (version !== item.version) throw conflict();
    if (!(t.from as readonly ConsultationStatus[]).includes(item.status)) {
      throw new AppError(409, M['consultation.invalid_transition'], { status: STATE_LABELS[item.status], action: t.label }, [
        { field: 'status', key: M['consultation.invalid_transition'], params: { status: STATE_LABELS[item.status], action: t.label } },
      ]);
    }
    const now = new Date();
    const change = await work({ trx, item, now });
    await trx
      .updateTable('consultation')
      .set({ ...change.set, status: t.to, version: item.version + 1, updated_at: now })
      .where('id', '=', item.id)
      .execute();
    await timeline(trx, ctx, { id: item.id, action, from: item.status, to: t.to, note: change.note, detail: change.detail, at: now });
    await audit(trx, ctx, {
      action: `consultation.${action}`,
      entityType: 'consultation',
      entityId: item.id,
      territoryId: item.community_id,
      summary: `${item.community_name}议事协商“${item.title}”：${t.label}（${STATE_LABELS[item.status]} → ${STATE_LABELS[t.to]}）`,
      detail: change.detail ?? {},
    });
  });
}
