import type { Permission } from '../../platform/auth/roles.js';
import type { MemberCategory, MemberRole, MemberStatus } from './tables.js';

/**
 * A member's state table (seed 001 §三.4 退出和增补):
 *
 *   serving ─request_exit→ exiting ─approve_exit→ exited
 *      ▲                      │
 *      └──── reject_exit ─────┘
 *   serving | exiting ─dismiss (解聘)→ dismissed
 *
 * An exit is asked for by the member themself or by community staff, and decided by
 * the community party organisation (committee:approve); a dismissal is decided by it
 * directly, with the deciding body and date on record. `edit` (role, category, contact)
 * keeps the state but is a timeline row like any transition.
 */
export const MEMBER_STATES = ['serving', 'exiting', 'exited', 'dismissed'] as const satisfies readonly MemberStatus[];
export const IN_OFFICE: MemberStatus[] = ['serving', 'exiting'];

export const STATE_LABELS: Record<MemberStatus, string> = { serving: '在任', exiting: '退出审批中', exited: '已退出', dismissed: '已解聘' };

export const ROLE_LABELS: Record<MemberRole, string> = { director: '主任', deputy_director: '副主任', standing: '常任委员', rotating: '轮值委员' };

export const CATEGORY_LABELS: Record<MemberCategory, string> = {
  two_committees: '社区"两委"成员',
  deputies: '"两代表一委员"',
  veteran: '退役军人',
  police: '社区民警',
  private_enterprise: '非公经济组织负责人',
  social_org: '社会组织负责人',
  property: '物业企业负责人',
  owners_committee: '业委会成员',
  notable_resident: '乡贤和热心居民',
  media: '媒体记者',
  lawyer: '律师',
  volunteer: '志愿者',
  other: '其他',
};

/** Seed 000 reports nine categories and 其他; media, lawyers and volunteers count as 其他 there. */
export const REPORT_GROUP: Record<MemberCategory, MemberCategory> = {
  two_committees: 'two_committees',
  deputies: 'deputies',
  veteran: 'veteran',
  police: 'police',
  private_enterprise: 'private_enterprise',
  social_org: 'social_org',
  property: 'property',
  owners_committee: 'owners_committee',
  notable_resident: 'notable_resident',
  media: 'other',
  lawyer: 'other',
  volunteer: 'other',
  other: 'other',
};
export const REPORT_GROUPS = ['two_committees', 'deputies', 'veteran', 'police', 'private_enterprise', 'social_org', 'property', 'owners_committee', 'notable_resident', 'other'] as const;

/** `self`: the member's own account; `territory`: the permission over the member's community. */
export type Rule = { relation: 'self' } | { relation: 'territory'; permission: Permission };

export interface Transition {
  from: readonly MemberStatus[];
  to: MemberStatus | 'same';
  who: readonly Rule[];
  label: string;
}

export const TRANSITIONS = {
  request_exit: { from: ['serving'], to: 'exiting', who: [{ relation: 'self' }, { relation: 'territory', permission: 'committee:write' }], label: '申请退出' },
  approve_exit: { from: ['exiting'], to: 'exited', who: [{ relation: 'territory', permission: 'committee:approve' }], label: '批准退出' },
  reject_exit: { from: ['exiting'], to: 'serving', who: [{ relation: 'territory', permission: 'committee:approve' }], label: '不同意退出' },
  dismiss: { from: ['serving', 'exiting'], to: 'dismissed', who: [{ relation: 'territory', permission: 'committee:approve' }], label: '解聘' },
  edit: { from: ['serving', 'exiting'], to: 'same', who: [{ relation: 'territory', permission: 'committee:write' }], label: '修改信息' },
} as const satisfies Record<string, Transition>;

export type MemberAction = keyof typeof TRANSITIONS;
export const MEMBER_ACTIONS = Object.keys(TRANSITIONS) as MemberAction[];

export interface MemberStanding {
  isSelf: boolean;
  permissionsHere: ReadonlySet<Permission>;
}

export function mayFire(t: Transition, standing: MemberStanding): boolean {
  return t.who.some((rule) => (rule.relation === 'self' ? standing.isSelf : standing.permissionsHere.has(rule.permission)));
}

export function allowedFrom(status: MemberStatus, standing: MemberStanding): MemberAction[] {
  return MEMBER_ACTIONS.filter((a) => (TRANSITIONS[a].from as readonly MemberStatus[]).includes(status) && mayFire(TRANSITIONS[a], standing));
}

/** Names of timeline actions that are not transitions: how members arrive, zones, reminders. */
export const EVENT_LABELS: Record<string, string> = {
  appoint: '聘任',
  import: '名册导入',
  zone_add: '分配联系片区',
  zone_remove: '取消联系片区',
  ...Object.fromEntries(Object.entries(TRANSITIONS).map(([a, t]) => [a, t.label])),
};
