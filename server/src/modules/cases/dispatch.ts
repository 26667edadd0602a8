import { holdsOver } from '../../platform/auth/staff.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { activeLead, usersBehind, type Relation } from './access.js';
import type { Change, Work } from './change.js';
import { addHours, limitsFor } from './limits.js';
import { M } from './messages.js';
import type { ActionInput } from './schema.js';
import type { AssignmentRole } from './tables.js';
import { TIER_LABELS } from './workflow.js';

/** Departments that may take the case: enabled, and set up for the case's district (or city). */
async function eligibleDepartments(db: Database, ids: number[], casePath: string): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await db
    .selectFrom('department as d')
    .innerJoin('territory_node as tn', 'tn.id', 'd.territory_id')
    .select(['d.id', 'tn.path'])
    .where('d.id', 'in', ids)
    .where('d.enabled', '=', true)
    .execute();
  return rows.length === new Set(ids).size && rows.every((r) => casePath.startsWith(r.path));
}

/** The people who hold the case now: the lead person, or the lead department's members. */
export async function leadUsers(db: Database, rel: Relation): Promise<number[]> {
  const lead = activeLead(rel);
  return lead ? usersBehind(db, [lead]) : [];
}

interface Target {
  role: AssignmentRole;
  department_id?: number;
  user_id?: number;
  territory_id?: number;
}

const notForTier = (field: string, tier: string) => new AppError(400, 'validation_failed', {}, [{ field, key: M['case.field_not_for_tier'], params: { tier } }]);

/**
 * 三哨分流 dispatch: a routine case goes to one grid worker (or any account
 * holding case:handle over the place) or to the community itself; a joint case
 * to a lead department plus assisting ones; a tough case to a lead department
 * under a named supervising leader of the district.
 */
async function targets(w: Work, input: ActionInput<'dispatch'>): Promise<Target[]> {
  const { trx, c } = w;
  const tierName = TIER_LABELS[c.tier];
  if (c.tier === 'routine') {
    if (input.leadDepartmentId !== undefined) throw notForTier('body.leadDepartmentId', tierName);
    if (input.assistDepartmentIds !== undefined) throw notForTier('body.assistDepartmentIds', tierName);
    if (input.supervisorUserId !== undefined) throw notForTier('body.supervisorUserId', tierName);
    if ((input.assigneeUserId !== undefined) === (input.toCommunity === true)) throw fieldError('body.assigneeUserId', M['case.dispatch_target_required']);
    if (input.toCommunity) return [{ role: 'lead', territory_id: c.community_id }];
    if (!(await holdsOver(trx, input.assigneeUserId!, 'case:handle', c.territory_path))) {
      throw fieldError('body.assigneeUserId', M['case.assignee_not_eligible']);
    }
    return [{ role: 'lead', user_id: input.assigneeUserId! }];
  }
  if (input.assigneeUserId !== undefined) throw notForTier('body.assigneeUserId', tierName);
  if (input.toCommunity !== undefined) throw notForTier('body.toCommunity', tierName);
  if (input.leadDepartmentId === undefined) throw fieldError('body.leadDepartmentId', 'field.required');
  const assists = [...new Set(input.assistDepartmentIds ?? [])].filter((id) => id !== input.leadDepartmentId);
  if (!(await eligibleDepartments(trx, [input.leadDepartmentId], c.territory_path))) throw fieldError('body.leadDepartmentId', M['case.department_not_eligible']);
  if (!(await eligibleDepartments(trx, assists, c.territory_path))) throw fieldError('body.assistDepartmentIds', M['case.department_not_eligible']);
  const list: Target[] = [{ role: 'lead', department_id: input.leadDepartmentId }, ...assists.map((id) => ({ role: 'assist' as const, department_id: id }))];
  if (c.tier === 'joint') {
    if (input.supervisorUserId !== undefined) throw notForTier('body.supervisorUserId', tierName);
    return list;
  }
  if (input.supervisorUserId === undefined) throw fieldError('body.supervisorUserId', 'field.required');
  if (!(await holdsOver(trx, input.supervisorUserId, 'case:supervise', c.territory_path))) {
    throw fieldError('body.supervisorUserId', M['case.supervisor_not_eligible']);
  }
  return [...list, { role: 'supervise', user_id: input.supervisorUserId }];
}

export async function dispatchEffect(w: Work, input: ActionInput<'dispatch'>): Promise<Omit<Change, 'action' | 'actionLabel' | 'to'>> {
  const { trx, c, actor, now } = w;
  const list = await targets(w, input);
  const limits = await limitsFor(trx, c.category_code, c.tier);
  const signBy = addHours(now, limits.signHours);
  await trx
    .insertInto('case_assignment')
    .values(
      list.map((t) => ({
        case_id: c.id,
        department_id: t.department_id ?? null,
        user_id: t.user_id ?? null,
        territory_id: t.territory_id ?? null,
        role: t.role,
        tier: c.tier,
        assigned_by: actor?.userId ?? null,
        assigned_at: now,
        // Only the lead signs for the round (报到), so only the lead has a sign-for limit.
        sign_by: t.role === 'lead' ? signBy : null,
      })),
    )
    .execute();
  const behind = (role: Target['role']) => usersBehind(trx, list.filter((t) => t.role === role).map((t) => ({ user_id: t.user_id ?? null, department_id: t.department_id ?? null })));
  const supervisors = list.flatMap((t) => (t.role === 'supervise' ? [t.user_id!] : []));
  return {
    set: { dispatched_at: now },
    note: input.note?.trim() || null,
    detail: { tier: c.tier, targets: list },
    notices: [
      { users: await behind('lead'), notice: { kind: 'case.dispatched', title: `新派遣诉求，请在 ${limits.signHours} 小时内报到：${c.tracking_no}` } },
      { users: await behind('assist'), notice: { kind: 'case.dispatched', title: `协办诉求，请配合牵头单位办理：${c.tracking_no}` } },
      { users: supervisors, notice: { kind: 'case.supervise', title: `攻坚哨督办：${c.tracking_no}` } },
    ],
  };
}
