import type { Permission } from '../../platform/auth/roles.js';
import type { MeetingStatus, MeetingType, Outcome, ResolutionStatus, TaskStatus, TopicStatus } from './tables.js';

/**
 * The state tables of C6. Every transition names the permission over the record's
 * community that fires it; the services check it, write the timeline row and bump
 * the version in one transaction. Nothing else decides whether a step is allowed.
 *
 * Topic (议题):   pooled ─schedule→ scheduled ─decide→ decided
 *                   │  ▲ unschedule ┘     └──reject→ rejected
 *                   └ withdraw → withdrawn
 * Meeting:        scheduled ─open (签到开始)→ in_progress ─close (纪要锁定)→ closed
 *                   └ cancel → cancelled
 * Resolution:     voting ─pass→ passed | ─fail→ failed   (pass needs quorum and threshold)
 * Task:           open ─complete→ done
 */
export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
  permission: Permission;
  label: string;
}

export const TOPIC_TRANSITIONS = {
  schedule: { from: ['pooled'], to: 'scheduled', permission: 'meeting:write', label: '列入议程' },
  unschedule: { from: ['scheduled'], to: 'pooled', permission: 'meeting:write', label: '移出议程' },
  decide: { from: ['scheduled'], to: 'decided', permission: 'meeting:write', label: '形成决议' },
  reject: { from: ['scheduled'], to: 'rejected', permission: 'meeting:write', label: '决议不予采纳' },
  withdraw: { from: ['pooled'], to: 'withdrawn', permission: 'topic:write', label: '撤回' },
} as const satisfies Record<string, Transition<TopicStatus>>;

export const MEETING_TRANSITIONS = {
  open: { from: ['scheduled'], to: 'in_progress', permission: 'meeting:write', label: '开始签到' },
  close: { from: ['in_progress'], to: 'closed', permission: 'meeting:write', label: '闭会（纪要锁定）' },
  cancel: { from: ['scheduled'], to: 'cancelled', permission: 'meeting:write', label: '取消会议' },
} as const satisfies Record<string, Transition<MeetingStatus>>;

export const RESOLUTION_TRANSITIONS = {
  pass: { from: ['voting'], to: 'passed', permission: 'meeting:write', label: '决议通过' },
  fail: { from: ['voting'], to: 'failed', permission: 'meeting:write', label: '决议未通过' },
} as const satisfies Record<string, Transition<ResolutionStatus>>;

export const TASK_TRANSITIONS = {
  complete: { from: ['open'], to: 'done', permission: 'meeting:write', label: '完成' },
} as const satisfies Record<string, Transition<TaskStatus>>;

export type TopicAction = keyof typeof TOPIC_TRANSITIONS;
export type MeetingAction = keyof typeof MEETING_TRANSITIONS;

export function allowed<S extends string>(table: Record<string, Transition<S>>, status: S, permissions: ReadonlySet<Permission>): string[] {
  return Object.entries(table)
    .filter(([, t]) => (t.from as readonly S[]).includes(status) && permissions.has(t.permission))
    .map(([a]) => a);
}

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  committee_regular: '社工委例会',
  two_committees: '社区"两委"会议',
  big_party: '"大党委"会议',
  party_joint: '党建联席会议',
  resident_reps: '居民代表会议',
  consultation: '议事协商会',
  hearing: '听证会',
};

export const TOPIC_STATE_LABELS: Record<TopicStatus, string> = { pooled: '待议', scheduled: '已列入议程', decided: '已决议', rejected: '不予采纳', withdrawn: '已撤回' };
export const MEETING_STATE_LABELS: Record<MeetingStatus, string> = { scheduled: '待召开', in_progress: '进行中', closed: '已闭会', cancelled: '已取消' };
export const RESOLUTION_STATE_LABELS: Record<ResolutionStatus, string> = { voting: '表决中', passed: '已通过', failed: '未通过' };
export const OUTCOME_LABELS: Record<Outcome, string> = { task: '社区内办理', dispatch: '派遣职能部门', project: '立项实施', reject: '不予采纳并反馈', demand: '需要外部协助（需求清单）' };
export const CHOICE_LABELS = { for: '赞成', against: '反对', abstain: '弃权' } as const;

/** Present voting members must be more than num/den of the voting invitees. */
export function quorumNeeded(voting: number, num: number, den: number): number {
  return Math.floor((voting * num) / den) + 1;
}

/** Votes for must be more than num/den of those present. */
export function passes(votesFor: number, present: number, num: number, den: number): boolean {
  return votesFor * den > present * num;
}
