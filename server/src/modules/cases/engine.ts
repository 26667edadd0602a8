import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { canSee, isReporter, loadAssignments, loadCase, residentStanding, standingOf, type LoadedCase, type Relation } from './access.js';
import { claimAttachments, ownerOf } from './attachments.js';
import type { Change, Work } from './change.js';
import { EFFECTS } from './effects.js';
import { M } from './messages.js';
import { notify } from './notify.js';
import { tellReporter } from './reporter-notify.js';
import { rollupCaseChange } from './rollup.js';
import type { ActionInput } from './schema.js';
import type { CaseStatus } from './tables.js';
import { failedGuard, mayFire, STATE_LABELS, TRANSITIONS, type Action } from './workflow.js';

/**
 * The one way a case changes: lock the row, check the caller sees it (else
 * 404) and read the current version (else 409), let `work` decide, then write
 * the case with version + 1, its timeline row, the audit entry and the
 * notifications in one transaction. Two concurrent changes serialise on the
 * row lock; the second finds the version moved and gets 409.
 */
export async function changeCase(db: Database, ctx: RequestContext, caseId: number, version: number | null, work: (w: Work) => Promise<Change>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await loadCase(trx, caseId, true);
    if (!c) throw notFound();
    const actor = ctx.actor;
    const rel: Relation = { assignments: await loadAssignments(trx, c.id), myDepartments: actor?.departmentIds ?? [] };
    if (actor && !canSee(actor, c, rel)) throw notFound();
    if (!actor && ctx.resident && !isReporter(ctx.resident.phone, c)) throw notFound();
    if (version !== null && version !== c.version) throw conflict();
    const now = new Date();
    const change = await work({ trx, c, rel, actor, now });
    const updated = await trx
      .updateTable('case_record')
      .set({ ...change.set, status: change.to, version: c.version + 1, updated_at: now })
      .where('id', '=', c.id)
      .where('version', '=', c.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict();
    const event = await trx
      .insertInto('case_event')
      .values({
        case_id: c.id,
        action: change.action,
        from_status: c.status,
        to_status: change.to,
        actor_id: actor?.userId ?? null,
        actor_name: actor ? actor.displayName : ctx.resident ? '居民' : '系统',
        note: change.note ?? null,
        detail: JSON.stringify(change.detail ?? {}),
        at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (change.attachmentIds?.length) await claimAttachments(trx, change.attachmentIds, ownerOf(ctx), c.id, event.id, 'body.attachmentIds');
    await audit(trx, ctx, {
      action: `case.${change.action}`,
      entityType: 'case',
      entityId: c.id,
      territoryId: c.territory_id,
      summary: `${c.tracking_no}：${change.actionLabel}（${STATE_LABELS[c.status]} → ${STATE_LABELS[change.to]}）`,
      detail: change.detail ?? {},
    });
    for (const { users, notice } of change.notices ?? []) {
      await notify(trx, users, { entityType: 'case', entityId: c.id, ...notice }, actor?.userId);
    }
    await tellReporter(trx, ctx, c, change.action);
    await rollupCaseChange(trx, c, { ...c, ...change.set, status: change.to } as LoadedCase);
  });
}

/**
 * Fires a transition of the state table. The checks run in the table's terms:
 * the state (409 invalid_transition), who may fire (403), the guards (409),
 * then the action's own effect validates its input (400).
 */
export async function fire<A extends Action>(db: Database, ctx: RequestContext, caseId: number, action: A, input: ActionInput<A>): Promise<void> {
  const t = TRANSITIONS[action];
  await changeCase(db, ctx, caseId, input.version, async (w) => {
    if (!(t.from as readonly CaseStatus[]).includes(w.c.status)) {
      throw new AppError(409, M['case.invalid_transition'], { status: STATE_LABELS[w.c.status], action: t.label });
    }
    const standing = w.actor ? standingOf(w.actor, w.c, w.rel) : ctx.resident ? residentStanding(ctx.resident.phone, w.c) : null;
    if (standing && !mayFire(t, w.c.tier, standing)) throw forbidden();
    const guard = failedGuard(t, w.c);
    if (guard) throw conflict(`case.guard.${guard}`);
    const effect = await EFFECTS[action](w, input);
    return { action, actionLabel: t.label, to: t.to, ...effect };
  });
}
