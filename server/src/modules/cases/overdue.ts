import type { RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Job } from '../../platform/jobs.js';
import { loadAssignments, nearestHolders, usersBehind } from './access.js';
import { fire } from './engine.js';
import { addHours, limitsFor, type Limits } from './limits.js';
import { notify } from './notify.js';
import { rollupCaseOverdue } from './rollup.js';
import { DISPATCH_PERMISSION, OPEN_STATES } from './workflow.js';

const SYSTEM: RequestContext = { actor: null, ip: 'scheduler' };
/** Work per run is bounded so one run never holds its lease for long; the rest waits for the next run. */
const BATCH = 200;

export interface OverdueReport {
  marked: number;
  reminded: number;
  escalated: number;
}

/**
 * The time-limit sweep (超期督办):
 * 1. open cases past their solve deadline are flagged overdue and their holders get a 催办;
 * 2. departments (or people) that have not signed for a dispatched case in time get a 催办;
 * 3. cases overdue beyond their category's grace are escalated one tier (吹哨) by the system.
 * Flagging and reminding do not move the case's version: they change nothing a person
 * edits, and a version bump would make the handler's next step fail with 409.
 */
export async function sweepOverdue(db: Database, now = new Date()): Promise<OverdueReport> {
  const report: OverdueReport = { marked: 0, reminded: 0, escalated: 0 };

  const late = await db
    .selectFrom('case_record as c')
    .innerJoin('territory_node as t', 't.id', 'c.territory_id')
    .select(['c.id', 'c.tracking_no', 'c.status', 'c.tier', 'c.territory_id', 't.path'])
    .where('c.status', 'in', OPEN_STATES)
    .where('c.overdue', '=', false)
    .where('c.solve_by', '<', now)
    .orderBy('c.solve_by')
    .limit(BATCH)
    .execute();
  for (const c of late) {
    await db.transaction().execute(async (trx) => {
      const flagged = await trx
        .updateTable('case_record')
        .set({ overdue: true, overdue_at: now })
        .where('id', '=', c.id)
        .where('overdue', '=', false)
        .where('status', 'in', OPEN_STATES)
        .executeTakeFirst();
      if (Number(flagged.numUpdatedRows) === 0) return;
      await trx.insertInto('case_event').values({ case_id: c.id, action: 'overdue', from_status: c.status, to_status: c.status, actor_name: '系统', at: now }).execute();
      await rollupCaseOverdue(trx, c.id);
      await audit(trx, SYSTEM, { action: 'case.overdue', entityType: 'case', entityId: c.id, territoryId: c.territory_id, summary: `${c.tracking_no}：超过办结时限` });
      const lead = (await loadAssignments(trx, c.id)).filter((a) => a.active && a.role !== 'supervise');
      const users = lead.length > 0 ? await usersBehind(trx, lead) : await nearestHolders(trx, DISPATCH_PERMISSION[c.tier], c.path);
      await notify(trx, users, { kind: 'case.reminder', title: `催办：诉求已超过办结时限：${c.tracking_no}`, entityType: 'case', entityId: c.id });
      report.marked++;
    });
  }

  const unsigned = await db
    .selectFrom('case_assignment as a')
    .innerJoin('case_record as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.case_id', 'a.user_id', 'a.department_id', 'c.tracking_no', 'c.status'])
    // The SQL form of signedLate (sign-for.ts) for a lead still waited for.
    .where('a.role', '=', 'lead')
    .where('a.active', '=', true)
    .where('a.signed_at', 'is', null)
    .where('a.reminded_at', 'is', null)
    .where('a.sign_by', '<', now)
    .where('c.status', '=', 'dispatched')
    .limit(BATCH)
    .execute();
  for (const a of unsigned) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('case_assignment').set({ reminded_at: now }).where('id', '=', a.id).execute();
      await trx
        .insertInto('case_event')
        .values({ case_id: a.case_id, action: 'remind', from_status: a.status, to_status: a.status, actor_name: '系统', note: '超过报到时限未报到', detail: JSON.stringify({ assignmentId: a.id }), at: now })
        .execute();
      await notify(trx, await usersBehind(trx, [a]), { kind: 'case.reminder', title: `催办：请尽快报到：${a.tracking_no}`, entityType: 'case', entityId: a.case_id });
      report.reminded++;
    });
  }

  const candidates = await db
    .selectFrom('case_record')
    .select(['id', 'version', 'category_code', 'tier', 'solve_by'])
    .where('status', 'in', OPEN_STATES)
    .where('overdue', '=', true)
    .where('tier', '!=', 'tough')
    .orderBy('solve_by')
    .limit(BATCH)
    .execute();
  const limits = new Map<string, Limits>();
  for (const c of candidates) {
    const key = `${c.category_code}/${c.tier}`;
    if (!limits.has(key)) limits.set(key, await limitsFor(db, c.category_code, c.tier));
    if (!c.solve_by || addHours(c.solve_by, limits.get(key)!.escalateGraceHours) >= now) continue;
    try {
      await fire(db, SYSTEM, c.id, 'escalate', { version: c.version, reason: '超过办结时限，系统自动吹哨升级' });
      report.escalated++;
    } catch (err) {
      // Someone acted on the case since we read it; the next run looks again.
      if (!(err instanceof AppError && err.status === 409)) throw err;
    }
  }
  return report;
}

/** Register on the JobRunner in main.ts; any number of servers may run it, one fires each occurrence. */
export const overdueJob: Job = {
  name: 'cases.overdue',
  everySeconds: 300,
  leaseSeconds: 600,
  run: async (db) => {
    await sweepOverdue(db);
  },
};
