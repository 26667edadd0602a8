import type { Permission } from '../../platform/auth/roles.js';
import type { CaseStatus, Channel, Rating, Tier } from './tables.js';

/**
 * The case state machine, as one table. Modelled on 数字城管's
 * 上报→立案→派遣→处置→核查→结案→评价 and Beijing's 接诉即办, with the tiers of
 * 三哨分流 (seed 003). Routes, tests and the console's buttons all read it;
 * nothing else decides whether a step is allowed.
 *
 *   submitted ─accept→ accepted ─dispatch→ dispatched ─sign→ handling ─reply→ replied
 *      │ reject→ rejected            ▲          │ return (退单)          ▲          │ verify_pass→ closed ─rate→ rated
 *      └ merge → merged              └──────────┘                        └ verify_fail ┘                       │
 *                                    escalate (吹哨, one tier up) from accepted/dispatched/handling → accepted  │
 *                                    reopen (不满意, once) rated → handling ◄─────────────────────────────────────┘
 */
export const STATES = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'handling', 'replied', 'closed', 'rated'] as const satisfies readonly CaseStatus[];

export const STATE_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '已立案',
  rejected: '不予受理',
  merged: '已合并',
  dispatched: '已派遣',
  handling: '办理中',
  replied: '已答复',
  closed: '已办结',
  rated: '已评价',
};

export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

export const CHANNEL_LABELS: Record<Channel, string> = {
  visit: '走访',
  hotline: '民情热线',
  mailbox: '民意信箱',
  resident_talk: '居民说事',
  h5: '居民扫码',
  grid_report: '网格上报',
  hotline_12345: '12345热线',
  open311: '开放接口（Open311）',
  meeting: '会议',
};

export const TIERS = ['routine', 'joint', 'tough'] as const satisfies readonly Tier[];
export const TIER_LABELS: Record<Tier, string> = { routine: '常规哨', joint: '联合哨', tough: '攻坚哨' };

export function nextTier(tier: Tier): Tier | null {
  const i = TIERS.indexOf(tier);
  return TIERS[i + 1] ?? null;
}

/** Who dispatches a case of each tier: the community, the street, the district (三哨分流). */
export const DISPATCH_PERMISSION: Record<Tier, Permission> = {
  routine: 'case:dispatch',
  joint: 'case:coordinate',
  tough: 'case:supervise',
};

/** States in which a case is still being worked on: deadlines run, the overdue job looks at them. */
export const OPEN_STATES: CaseStatus[] = ['accepted', 'dispatched', 'handling'];

/**
 * How a person must stand to the case to fire a transition:
 * - `territory`: holds `permission` over the case's territory;
 * - `dispatcher`: holds the current tier's DISPATCH_PERMISSION over the case's territory;
 * - `holder`: holds `case:handle` and is the active lead assignee — the assigned person, a
 *   member of the lead department, or (a case handed to the community itself) someone
 *   holding `case:handle` over that community.
 * - `reporter`: the resident who raised the case, signed in on the H5 pages with the phone
 *   number the case was submitted from (or recorded with as the reporter's phone).
 * Any one matching rule suffices. The overdue job fires `escalate` as the system.
 */
export type Rule = { relation: 'territory'; permission: Permission } | { relation: 'dispatcher' } | { relation: 'holder' } | { relation: 'reporter' };

/** Conditions on the case beyond its state; a failed guard is a 409 with the guard's message. */
export type Guard = 'below_top_tier' | 'rated_dissatisfied' | 'not_reopened_before';

export interface Transition {
  from: readonly CaseStatus[];
  to: CaseStatus;
  who: readonly Rule[];
  guards?: readonly Guard[];
  label: string;
}

const intake: Rule[] = [{ relation: 'territory', permission: 'case:accept' }];
const verifier: Rule[] = [{ relation: 'territory', permission: 'case:verify' }];
const holder: Rule[] = [{ relation: 'holder' }];
/* The resident rates and reopens on the H5 page; staff record the verdict from a return visit (回访). */
const verdict: Rule[] = [...verifier, { relation: 'reporter' }];

export const TRANSITIONS = {
  accept: { from: ['submitted'], to: 'accepted', who: intake, label: '立案' },
  reject: { from: ['submitted'], to: 'rejected', who: intake, label: '不予受理' },
  merge: { from: ['submitted'], to: 'merged', who: intake, label: '合并' },
  dispatch: { from: ['accepted'], to: 'dispatched', who: [{ relation: 'dispatcher' }], label: '派遣' },
  sign: { from: ['dispatched'], to: 'handling', who: holder, label: '报到' },
  return: { from: ['dispatched'], to: 'accepted', who: holder, label: '退单' },
  reply: { from: ['handling'], to: 'replied', who: holder, label: '办结答复' },
  verify_pass: { from: ['replied'], to: 'closed', who: verifier, label: '核查通过' },
  verify_fail: { from: ['replied'], to: 'handling', who: verifier, label: '核查不通过' },
  rate: { from: ['closed'], to: 'rated', who: verdict, label: '评价' },
  reopen: { from: ['rated'], to: 'handling', who: verdict, guards: ['rated_dissatisfied', 'not_reopened_before'], label: '重新办理' },
  escalate: {
    from: ['accepted', 'dispatched', 'handling'],
    to: 'accepted',
    who: [{ relation: 'dispatcher' }, { relation: 'holder' }],
    guards: ['below_top_tier'],
    label: '吹哨升级',
  },
} as const satisfies Record<string, Transition>;

export type Action = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

export function transition(action: Action): Transition {
  return TRANSITIONS[action];
}

/** The actions the state table allows from a state, whoever asks. */
export function actionsFrom(status: CaseStatus): Action[] {
  return ACTIONS.filter((a) => (TRANSITIONS[a].from as readonly CaseStatus[]).includes(status));
}

export interface GuardFacts {
  tier: Tier;
  rating: string | null;
  reopen_count: number;
}

export function failedGuard(t: Transition, c: GuardFacts): Guard | null {
  for (const guard of t.guards ?? []) {
    const ok =
      guard === 'below_top_tier' ? nextTier(c.tier) !== null
      : guard === 'rated_dissatisfied' ? c.rating === 'dissatisfied'
      : c.reopen_count < 1;
    if (!ok) return guard;
  }
  return null;
}

/** What the rules need to know about the person and the case; computed by access.ts. */
export interface Standing {
  /** Permissions the person holds over the case's territory. */
  permissionsHere: ReadonlySet<Permission>;
  isHolder: boolean;
  /** The person is the resident who raised the case (a resident session only; staff are never reporters). */
  isReporter?: boolean;
}

export function mayFire(t: Transition, tier: Tier, standing: Standing): boolean {
  return t.who.some((rule) =>
    rule.relation === 'territory' ? standing.permissionsHere.has(rule.permission)
    : rule.relation === 'dispatcher' ? standing.permissionsHere.has(DISPATCH_PERMISSION[tier])
    : rule.relation === 'reporter' ? standing.isReporter === true
    : standing.isHolder,
  );
}
