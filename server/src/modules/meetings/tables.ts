import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Static } from 'typebox';
import type { Timestamp, TimelineColumns } from '../../platform/db/schema.js';
import type { ProjectSpec } from '../projects/service.js';
import type { DemandSpec } from '../units/service.js';

/** A resolution's demand and project, as the API takes them (units' and projects' schemas). */
export type DemandSpecValue = Static<typeof DemandSpec>;
export type ProjectSpecValue = Static<typeof ProjectSpec>;

/** Kysely types of topics, meetings and resolutions; they mirror migrations/20261203080000_meetings.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Maybe<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A `date` column: read as 'YYYY-MM-DD' (the driver's date parser is off for date). */
type DateColumn = ColumnType<string, string, string>;

/** 社工委例会, 社区"两委"会议, "大党委"会议, 党建联席会议, 居民代表会议, 议事协商会, 听证会 */
export const MEETING_TYPES = ['committee_regular', 'two_committees', 'big_party', 'party_joint', 'resident_reps', 'consultation', 'hearing'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];
export type TopicStatus = 'pooled' | 'scheduled' | 'decided' | 'rejected' | 'withdrawn';
export type MeetingStatus = 'scheduled' | 'in_progress' | 'closed' | 'cancelled';
export type ResolutionStatus = 'voting' | 'passed' | 'failed';
export const OUTCOMES = ['task', 'dispatch', 'project', 'reject', 'demand'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type VoteChoice = 'for' | 'against' | 'abstain';
export type InviteeKind = 'member' | 'stakeholder' | 'unit';
export type TaskStatus = 'open' | 'done';

export interface MeetingRuleTable {
  meeting_type: MeetingType;
  quorum_num: number;
  quorum_den: number;
  pass_num: number;
  pass_den: number;
  version: Defaulted<number>;
  updated_at: Timestamp;
}

export interface MeetingTopicTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  background: string;
  stakeholders: Maybe<string>;
  suggestion: Maybe<string>;
  /** Looked up in the consultation catalogue (协商目录); migration 20261203120000. */
  category: Maybe<string>;
  source: 'cases' | 'proposal';
  escalate_to: Maybe<'big_party' | 'party_joint'>;
  status: Defaulted<TopicStatus>;
  feedback: Maybe<string>;
  created_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingTopicCaseTable {
  topic_id: number;
  case_id: number;
}

export interface MeetingTable {
  id: Generated<number>;
  community_id: number;
  meeting_type: MeetingType;
  title: string;
  starts_at: Date;
  place: string;
  convener: string;
  status: Defaulted<MeetingStatus>;
  quorum_num: number;
  quorum_den: number;
  pass_num: number;
  pass_den: number;
  scheduled_by_rule: Defaulted<boolean>;
  created_by: number | null;
  closed_at: Maybe<Date>;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingInviteeTable {
  id: Generated<number>;
  meeting_id: number;
  kind: InviteeKind;
  member_id: number | null;
  user_id: number | null;
  name: string;
  affiliation: string | null;
  voting: boolean;
  response: Defaulted<'pending' | 'attend' | 'decline'>;
  signed_in_at: Maybe<Date>;
  signed_in_via: Maybe<'console' | 'qr'>;
}

export interface MeetingAgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  topic_id: number;
  position: number;
  minutes: Defaulted<string>;
  version: Defaulted<number>;
}

export interface MeetingMinutesAddendumTable {
  id: Generated<number>;
  agenda_item_id: number;
  text: string;
  actor_id: number | null;
  actor_name: string | null;
  at: Timestamp;
}

export interface MeetingResolutionTable {
  id: Generated<number>;
  agenda_item_id: number;
  meeting_id: number;
  community_id: number;
  text: string;
  outcome: Outcome;
  owner_user_id: number | null;
  due_on: Maybe<string>;
  department_id: number | null;
  category_code: string | null;
  reasons: string | null;
  status: Defaulted<ResolutionStatus>;
  votes_for: Defaulted<number>;
  votes_against: Defaulted<number>;
  votes_abstain: Defaulted<number>;
  present: Maybe<number>;
  case_id: Maybe<number>;
  /** What a 'demand' or 'project' outcome creates, and what it created (migration 20261203130000). */
  demand_spec: ColumnType<DemandSpecValue | null, string | null | undefined, string | null>;
  project_spec: ColumnType<ProjectSpecValue | null, string | null | undefined, string | null>;
  demand_id: Maybe<number>;
  project_id: Maybe<number>;
  decided_at: Maybe<Date>;
  /** A dispatch's case routed, or left to staff (migration 20261204090000). */
  routed_at: Maybe<Date>;
  version: Defaulted<number>;
}

export interface MeetingVoteTable {
  resolution_id: number;
  invitee_id: number;
  choice: VoteChoice;
  recorded_by: number | null;
  recorded_name: string | null;
  at: Timestamp;
}

export interface MeetingTaskTable {
  id: Generated<number>;
  resolution_id: number;
  community_id: number;
  kind: 'task' | 'project';
  title: string;
  owner_user_id: number;
  due_on: DateColumn;
  status: Defaulted<TaskStatus>;
  overdue: Defaulted<boolean>;
  done_at: Maybe<Date>;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface MeetingCadenceTable {
  community_id: number;
  last_meeting_on: Maybe<string>;
  last_regular_on: Maybe<string>;
  schedule_ordinal: Maybe<number>;
  schedule_weekday: Maybe<number>;
  schedule_time: Maybe<string>;
  schedule_place: Maybe<string>;
  scheduled_through: Maybe<string>;
}

export interface MeetingTopicEventTable extends TimelineColumns {
  topic_id: number;
}
export interface MeetingEventTable extends TimelineColumns {
  meeting_id: number;
}
export interface MeetingResolutionEventTable extends TimelineColumns {
  resolution_id: number;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    meeting_rule: MeetingRuleTable;
    meeting_topic: MeetingTopicTable;
    meeting_topic_case: MeetingTopicCaseTable;
    meeting_topic_event: MeetingTopicEventTable;
    meeting: MeetingTable;
    meeting_event: MeetingEventTable;
    meeting_invitee: MeetingInviteeTable;
    meeting_agenda_item: MeetingAgendaItemTable;
    meeting_minutes_addendum: MeetingMinutesAddendumTable;
    meeting_resolution: MeetingResolutionTable;
    meeting_resolution_event: MeetingResolutionEventTable;
    meeting_vote: MeetingVoteTable;
    meeting_task: MeetingTaskTable;
    meeting_cadence: MeetingCadenceTable;
  }
}

export type TopicRow = Selectable<MeetingTopicTable>;
export type MeetingRow = Selectable<MeetingTable>;
export type ResolutionRow = Selectable<MeetingResolutionTable>;
