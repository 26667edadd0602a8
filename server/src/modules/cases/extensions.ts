import type { RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, forbidden } from '../../platform/errors.js';
import { nearestHolders, standingOf } from './access.js';
import { changeCase } from './engine.js';
import { addDays } from './limits.js';
import { M } from './messages.js';
import type { CaseRow, CaseStatus } from './tables.js';
import type { ExtensionAction } from './view.js';
import { DISPATCH_PERMISSION, mayFire, STATE_LABELS, type Standing, type Transition } from './workflow.js';

/**
 * Extensions (延期): the holder asks for more days with a reason; the
 * dispatcher of the case's tier approves or refuses. Neither changes the
 * state, but both move the version and appear on the timeline.
 */
const EXTENDABLE: CaseStatus[] = ['dispatched', 'handling'];

const HOLDER: Transition = { from: [], to: 'handling', who: [{ relation: 'holder' }], label: '' };
const DISPATCHER: Transition = { from: [], to: 'handling', who: [{ relation: 'dispatcher' }], label: '' };

/** The extension steps a person may take on the case now; the console shows a button for each. */
export function extensionActionsFor(c: Pick<CaseRow, 'status' | 'tier' | 'ext_requested_at' | 'solve_by'>, standing: Standing): ExtensionAction[] {
  if (!EXTENDABLE.includes(c.status)) return [];
  const actions: ExtensionAction[] = [];
  if (c.ext_requested_at === null && c.solve_by !== null && mayFire(HOLDER, c.tier, standing)) actions.push('request');
  if (c.ext_requested_at !== null && mayFire(DISPATCHER, c.tier, standing)) actions.push('decide');
  return actions;
}

function requireExtendable(status: CaseStatus, action: string) {
  if (!EXTENDABLE.includes(status)) throw new AppError(409, M['case.invalid_transition'], { status: STATE_LABELS[status], action });
}

export async function requestExtension(db: Database, ctx: RequestContext, id: number, input: { version: number; days: number; reason: string }) {
  await changeCase(db, ctx, id, input.version, async ({ trx, c, rel, actor, now }) => {
    requireExtendable(c.status, '申请延期');
    if (actor && !mayFire(HOLDER, c.tier, standingOf(actor, c, rel))) throw forbidden();
    if (c.ext_requested_at !== null) throw conflict(M['case.extension_pending']);
    if (c.solve_by === null) throw conflict(M['case.no_deadline']);
    const dispatchers = await nearestHolders(trx, DISPATCH_PERMISSION[c.tier], c.territory_path);
    return {
      set: { ext_days: input.days, ext_reason: input.reason.trim(), ext_requested_by: actor?.userId ?? null, ext_requested_at: now },
      action: 'extension_request',
      actionLabel: '申请延期',
      to: c.status,
      note: input.reason.trim(),
      detail: { days: input.days },
      notices: [{ users: dispatchers, notice: { kind: 'case.extension_requested', title: `延期申请待审批（${input.days} 天）：${c.tracking_no}` } }],
    };
  });
}

export async function decideExtension(db: Database, ctx: RequestContext, id: number, input: { version: number; approve: boolean; note?: string }) {
  await changeCase(db, ctx, id, input.version, async ({ c, rel, actor, now }) => {
    requireExtendable(c.status, '审批延期');
    if (actor && !mayFire(DISPATCHER, c.tier, standingOf(actor, c, rel))) throw forbidden();
    if (c.ext_requested_at === null || c.ext_days === null) throw conflict(M['case.no_extension_pending']);
    const solveBy = input.approve && c.solve_by ? addDays(c.solve_by, c.ext_days) : c.solve_by;
    const cleared = { ext_days: null, ext_reason: null, ext_requested_by: null, ext_requested_at: null };
    const stillOverdue = solveBy !== null && solveBy < now;
    return {
      set: input.approve ? { ...cleared, solve_by: solveBy, overdue: stillOverdue && c.overdue, overdue_at: stillOverdue ? c.overdue_at : null } : cleared,
      action: input.approve ? 'extension_approve' : 'extension_reject',
      actionLabel: input.approve ? '批准延期' : '驳回延期',
      to: c.status,
      note: input.note?.trim() || null,
      detail: { days: c.ext_days, solveBy: solveBy?.toISOString() ?? null },
      notices: c.ext_requested_by === null ? [] : [
        { users: [c.ext_requested_by], notice: { kind: 'case.extension_decided', title: `延期申请${input.approve ? '已批准' : '未批准'}：${c.tracking_no}` } },
      ],
    };
  });
}
