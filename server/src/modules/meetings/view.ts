import type { Database } from '../../platform/db/database.js';
import type { ResolutionRow, VoteChoice } from './tables.js';
import { MEETING_TRANSITIONS, OUTCOME_LABELS, RESOLUTION_STATE_LABELS, RESOLUTION_TRANSITIONS, TASK_TRANSITIONS, TOPIC_TRANSITIONS } from './workflow.js';

/** Names of timeline actions: the transitions, and the events that keep the state (agenda, sign-in, votes …). */
const EVENT_LABELS: Record<string, string> = {
  create: '创建',
  edit: '修改议题',
  agenda_add: '添加议程',
  sign_in: '签到',
  respond: '回复参会',
  minutes: '修改纪要',
  addendum: '纪要补充说明',
  propose: '提出决议草案',
  vote: '表决',
  ...Object.fromEntries([TOPIC_TRANSITIONS, MEETING_TRANSITIONS, RESOLUTION_TRANSITIONS, TASK_TRANSITIONS].flatMap((t) => Object.entries(t).map(([a, v]) => [a, v.label]))),
};

type EventTable = 'meeting_topic_event' | 'meeting_event' | 'meeting_resolution_event';
type EventKey = 'topic_id' | 'meeting_id' | 'resolution_id';

export async function timelineOf(db: Database, table: EventTable, key: EventKey, id: number) {
  const rows = await db
    .selectFrom(table as 'meeting_event')
    .select(['id', 'action', 'from_status', 'to_status', 'actor_name', 'note', 'at'])
    .where(key as 'meeting_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, action: r.action, actionLabel: EVENT_LABELS[r.action] ?? r.action, fromStatus: r.from_status, toStatus: r.to_status, actorName: r.actor_name, note: r.note, at: r.at.toISOString() }));
}

export function resolutionView(r: ResolutionRow, votes: { invitee_id: number; name: string; choice: VoteChoice; recorded_name: string | null; at: Date }[], taskId: number | null) {
  return {
    id: r.id,
    text: r.text,
    outcome: r.outcome,
    outcomeName: OUTCOME_LABELS[r.outcome],
    ownerUserId: r.owner_user_id,
    dueOn: r.due_on,
    departmentId: r.department_id,
    categoryCode: r.category_code,
    reasons: r.reasons,
    demand: r.demand_spec,
    project: r.project_spec,
    status: r.status,
    statusName: RESOLUTION_STATE_LABELS[r.status],
    votesFor: r.votes_for,
    votesAgainst: r.votes_against,
    votesAbstain: r.votes_abstain,
    present: r.present,
    caseId: r.case_id,
    taskId,
    demandId: r.demand_id,
    projectId: r.project_id,
    decidedAt: r.decided_at?.toISOString() ?? null,
    version: r.version,
    votes: votes.map((v) => ({ inviteeId: v.invitee_id, name: v.name, choice: v.choice, recordedBy: v.recorded_name, at: v.at.toISOString() })),
  };
}
