import type { Permission } from '../../platform/auth/roles.js';
import type { ProjectStatus } from './tables.js';

/**
 * A project's state table (seed 004 三社联动 项目化运作):
 *
 *   draft ─apply(社区申报)→ applied ─approve | adjust(政府审批)→ approved ─assign(指定承接)→ executing
 *                                 └─reject→ rejected            ├─invite→ invited ─accept→ executing
 *                                                               │            └─decline→ approved
 *                                                               └─claim(认领)→ claimed ─confirm_claim→ executing
 *                                                                                   └─refuse_claim→ approved
 *   executing ─milestone | progress | expense | supervise (same state)
 *   executing ─complete→ completed ─evaluate(社区评价承接方)→ completed ─archive→ archived (results on the board)
 *
 * Routes, the console's buttons and the tests read this table; nothing else decides
 * whether a step is allowed. `territory`: a permission over the project's community;
 * `unit`: the caller acts for the unit concerned (unit_account) and holds project:claim.
 */
export const STATE_LABELS: Record<ProjectStatus, string> = {
  draft: '草稿',
  applied: '待审批',
  approved: '已批准，待承接',
  rejected: '未批准',
  invited: '已邀请承接',
  claimed: '单位已认领',
  executing: '执行中',
  completed: '已完成，待评价',
  archived: '已归档',
};

export type Rule = { relation: 'territory'; permission: Permission } | { relation: 'unit' };

export interface Transition {
  from: readonly ProjectStatus[];
  to: ProjectStatus | 'same';
  who: readonly Rule[];
  label: string;
}

const community: Rule[] = [{ relation: 'territory', permission: 'project:write' }];
const government: Rule[] = [{ relation: 'territory', permission: 'project:approve' }];
const unit: Rule[] = [{ relation: 'unit' }];

export const TRANSITIONS = {
  apply: { from: ['draft'], to: 'applied', who: community, label: '社区申报' },
  approve: { from: ['applied'], to: 'approved', who: government, label: '审批通过' },
  adjust: { from: ['applied'], to: 'approved', who: government, label: '调整预算后通过' },
  reject: { from: ['applied'], to: 'rejected', who: government, label: '不予批准' },
  assign: { from: ['approved'], to: 'executing', who: community, label: '指定承接方' },
  invite: { from: ['approved'], to: 'invited', who: community, label: '邀请承接' },
  accept: { from: ['invited'], to: 'executing', who: unit, label: '接受邀请' },
  decline: { from: ['invited'], to: 'approved', who: unit, label: '谢绝邀请' },
  claim: { from: ['approved'], to: 'claimed', who: unit, label: '认领项目' },
  confirm_claim: { from: ['claimed'], to: 'executing', who: community, label: '确认认领' },
  refuse_claim: { from: ['claimed'], to: 'approved', who: community, label: '不同意认领' },
  milestone: { from: ['executing'], to: 'same', who: community, label: '记录进度节点' },
  expense: { from: ['executing'], to: 'same', who: community, label: '登记支出' },
  complete: { from: ['executing'], to: 'completed', who: community, label: '项目完成' },
  evaluate: { from: ['completed'], to: 'same', who: community, label: '评价承接方' },
  archive: { from: ['completed'], to: 'archived', who: community, label: '归档并公示结果' },
} as const satisfies Record<string, Transition>;

export type ProjectAction = keyof typeof TRANSITIONS;
export const PROJECT_ACTIONS = Object.keys(TRANSITIONS) as ProjectAction[];

export interface Standing {
  permissionsHere: ReadonlySet<Permission>;
  /** Units the caller acts for that this step concerns (the invited one, or any confirmed unit of the area for a claim). */
  actsForUnit: boolean;
}

export function mayFire(t: Transition, s: Standing): boolean {
  return t.who.some((r) => (r.relation === 'unit' ? s.actsForUnit && s.permissionsHere.has('project:claim') : s.permissionsHere.has(r.permission)));
}

export function actionsFor(status: ProjectStatus, s: Standing): ProjectAction[] {
  return PROJECT_ACTIONS.filter((a) => (TRANSITIONS[a].from as readonly ProjectStatus[]).includes(status) && mayFire(TRANSITIONS[a], s));
}

/** Residents and staff add supervision records while the project runs and until it is archived. */
export const SUPERVISED: readonly ProjectStatus[] = ['executing', 'completed'];
/** What residents and units may see: every project the government approved. */
export const PUBLIC_STATES: readonly ProjectStatus[] = ['approved', 'invited', 'claimed', 'executing', 'completed', 'archived'];

export const EVENT_LABELS: Record<string, string> = {
  create: '创建项目',
  supervise: '监督记录',
  rate: '居民评价',
  reverse_expense: '冲正支出',
  ...Object.fromEntries(Object.entries(TRANSITIONS).map(([a, t]) => [a, t.label])),
};
