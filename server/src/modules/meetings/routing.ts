import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { Job } from '../../platform/jobs.js';
import { fire } from '../cases/service.js';

/** How long a decision's own request has to route its case before the job takes over. */
const GRACE_MS = 60_000;
const SYSTEM: RequestContext = { actor: null, ip: 'scheduler' };

export interface DispatchToRoute {
  id: number;
  caseId: number;
  departmentId: number;
}

/**
 * Routes the case a passed dispatch resolution recorded: 立案 as 联合哨 (a department is
 * reached through a joint case, and the meeting is the coordinating decision), then 派遣 to
 * the department as the meeting's system step. The case was recorded at version 1, so the
 * steps go by version: a retry after an interruption between them finds version 2 and only
 * dispatches; a case someone has moved on meanwhile refuses both (4xx), and is left in their
 * hands. Either way the resolution is marked routed. Anything else (the database away) leaves
 * it for the next try.
 */
export async function routeResolutionCase(db: Database, ctx: RequestContext, r: DispatchToRoute): Promise<void> {
  const unlessRefused = (step: Promise<void>) =>
    step.catch((e: unknown) => {
      if (!(e instanceof AppError && e.status < 500)) throw e;
    });
  await unlessRefused(fire(db, ctx, r.caseId, 'accept', { version: 1, tier: 'joint', note: '依据会议决议立案' }));
  await unlessRefused(fire(db, { actor: null, ip: ctx.ip }, r.caseId, 'dispatch', { version: 2, leadDepartmentId: r.departmentId, note: `依据会议决议派遣（决议 #${r.id}）` }));
  await db.updateTable('meeting_resolution').set({ routed_at: new Date() }).where('id', '=', r.id).where('routed_at', 'is', null).execute();
}

/** Routes the dispatches whose deciding request did not finish (a crash, the database away); returns how many it tried. */
export async function routeUnroutedResolutions(db: Database, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('meeting_resolution')
    .select(['id', 'case_id', 'department_id'])
    .where('case_id', 'is not', null)
    .where('routed_at', 'is', null)
    .where('decided_at', '<', new Date(now.getTime() - GRACE_MS))
    .orderBy('decided_at')
    .limit(100)
    .execute();
  // One that keeps failing must not hold up the others; the first failure is reported to the job's log.
  let failure: unknown;
  for (const r of due) {
    await routeResolutionCase(db, SYSTEM, { id: r.id, caseId: r.case_id!, departmentId: r.department_id! }).catch((e: unknown) => (failure ??= e));
  }
  if (failure !== undefined) throw failure;
  return due.length;
}

export const resolutionRoutingJob: Job = {
  name: 'meetings.route_resolution_cases',
  everySeconds: 60,
  leaseSeconds: 300,
  run: async (db) => {
    await routeUnroutedResolutions(db);
  },
};
