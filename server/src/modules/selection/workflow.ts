import type { Permission } from '../../platform/auth/roles.js';
import type { CandidateStatus, RoundStatus } from './tables.js';

/**
 * The selection procedure of seed 001 §三.3 as two state tables, one per round and one
 * per candidate. Routes, the scheduler, tests and the console's buttons read them;
 * nothing else decides whether a step is allowed.
 *
 *   draft ─announce(发布公告)→ collecting ─close_collection→ deciding ─submit(报街道审批备案)→ submitted
 *   submitted ─approve→ approved ─publish(辖区公示)→ notice ─(scheduler: period ended)→ appointing ─appoint(正式聘任)→ done
 *   submitted ─return(退回)→ returned ─revise→ deciding
 *   draft / collecting / deciding / returned ─cancel→ cancelled
 */
export const ROUND_LABELS: Record<RoundStatus, string> = {
  draft: '草稿',
  collecting: '征集意愿',
  deciding: '党组织讨论',
  submitted: '街道审批中',
  approved: '街道已审批',
  returned: '街道退回',
  notice: '公示中',
  appointing: '待聘任',
  done: '已聘任',
  cancelled: '已取消',
};

/** Who fires a transition: a permission over the round's community, or the scheduler alone. */
export type Who = { permission: Permission } | { system: true };

export interface RoundTransition {
  from: readonly RoundStatus[];
  to: RoundStatus;
  who: Who;
  label: string;
}

const community: Who = { permission: 'selection:write' };
const street: Who = { permission: 'selection:approve' };

export const ROUND_TRANSITIONS = {
  announce: { from: ['draft'], to: 'collecting', who: community, label: '发布公告' },
  close_collection: { from: ['collecting'], to: 'deciding', who: community, label: '结束征集' },
  submit: { from: ['deciding'], to: 'submitted', who: community, label: '报街道党工委审批备案' },
  approve: { from: ['submitted'], to: 'approved', who: street, label: '审批通过' },
  return: { from: ['submitted'], to: 'returned', who: street, label: '退回' },
  revise: { from: ['returned'], to: 'deciding', who: community, label: '重新讨论' },
  publish: { from: ['approved'], to: 'notice', who: community, label: '辖区公示' },
  close_notice: { from: ['notice'], to: 'appointing', who: { system: true }, label: '公示期满' },
  appoint: { from: ['appointing'], to: 'done', who: community, label: '正式聘任' },
  cancel: { from: ['draft', 'collecting', 'deciding', 'returned'], to: 'cancelled', who: community, label: '取消' },
} as const satisfies Record<string, RoundTransition>;

export type RoundAction = keyof typeof ROUND_TRANSITIONS;
export const ROUND_ACTIONS = Object.keys(ROUND_TRANSITIONS) as RoundAction[];

/** The actions a person holding `permissions` over the round may fire now. */
export function roundActionsFor(status: RoundStatus, holds: (p: Permission) => boolean): RoundAction[] {
  return ROUND_ACTIONS.filter((a) => {
    const t: RoundTransition = ROUND_TRANSITIONS[a];
    return t.from.includes(status) && 'permission' in t.who && holds(t.who.permission);
  });
}

/** Rounds still open for nominations (征集意愿). */
export const NOMINATION_STATES: readonly RoundStatus[] = ['collecting'];

/**
 *   nominated ─decide→ proposed / not_proposed (党组织会议; re-decidable while deciding)
 *   proposed ─approve→ approved ─publish→ on_notice ─withdraw (异议成立)→ withdrawn
 *                                                   └─appoint→ appointed
 * A candidate moves with its round: the round's approve, publish and appoint carry
 * every candidate in the from-state along; withdraw is fired by an upheld objection.
 */
export const CANDIDATE_LABELS: Record<CandidateStatus, string> = {
  nominated: '已报名',
  proposed: '拟提名',
  not_proposed: '未通过讨论',
  approved: '街道已审批',
  on_notice: '公示中',
  withdrawn: '异议成立，已取消',
  appointed: '已聘任',
};

export const CANDIDATE_TRANSITIONS = {
  propose: { from: ['nominated', 'proposed', 'not_proposed'], to: 'proposed' },
  not_propose: { from: ['nominated', 'proposed', 'not_proposed'], to: 'not_proposed' },
  approve: { from: ['proposed'], to: 'approved' },
  publish: { from: ['approved'], to: 'on_notice' },
  withdraw: { from: ['on_notice'], to: 'withdrawn' },
  appoint: { from: ['on_notice'], to: 'appointed' },
} as const satisfies Record<string, { from: readonly CandidateStatus[]; to: CandidateStatus }>;

export type CandidateAction = keyof typeof CANDIDATE_TRANSITIONS;

/** Candidates who would sit on the committee if the round went through now. */
export const IN_PLAY: readonly CandidateStatus[] = ['proposed', 'approved', 'on_notice', 'appointed'];

/** 主任 / 副主任 / 常任委员 / 轮值委员, as notices and the board word them. */
export const ROLE_WORDS = { director: '主任', deputy_director: '副主任', standing: '常任委员', rotating: '轮值委员' } as const;
