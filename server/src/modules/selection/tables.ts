import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp, TimelineColumns } from '../../platform/db/schema.js';
import type { MemberCategory, MemberRole } from '../committees/tables.js';

/** Kysely types of committee formation; they mirror migrations/20261202090000_selection.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A `date` column: read as 'YYYY-MM-DD'. */
type DateColumn = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export type RoundKind = 'formation' | 'supplement';
export type RoundStatus = 'draft' | 'collecting' | 'deciding' | 'submitted' | 'approved' | 'returned' | 'notice' | 'appointing' | 'done' | 'cancelled';
export type CandidateStatus = 'nominated' | 'proposed' | 'not_proposed' | 'approved' | 'on_notice' | 'withdrawn' | 'appointed';
/** 自荐 / 居民推荐 / 单位推荐 */
export type Channel = 'self' | 'resident' | 'unit';

export interface CommitteeRuleTable {
  city_id: number;
  size_min: Defaulted<number>;
  size_max: Defaulted<number>;
  deputy_min: Defaulted<number>;
  deputy_max: Defaulted<number>;
  notice_days: Defaulted<number>;
  rotating_term_months: Defaulted<number>;
  certificate_prefix: Defaulted<string>;
  version: Defaulted<number>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface SelectionRoundTable {
  id: Generated<number>;
  community_id: number;
  kind: RoundKind;
  status: Defaulted<RoundStatus>;
  title: string;
  body: string;
  collect_from: DateColumn;
  collect_until: DateColumn;
  seats: number | null;
  announcement_id: number | null;
  meeting_date: NullableDate;
  meeting_attendees: string | null;
  meeting_note: string | null;
  submitted_at: Date | null;
  review_comment: string | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  notice_id: number | null;
  deviation_reason: string | null;
  appointed_on: NullableDate;
  version: Defaulted<number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SelectionCandidateTable {
  id: Generated<number>;
  round_id: number;
  community_id: number;
  name: string;
  gender: 'male' | 'female';
  category: MemberCategory;
  affiliation: string | null;
  phone: string;
  id_number: string | null;
  proposed_role: MemberRole;
  is_party_secretary: Defaulted<boolean>;
  party_member: Defaulted<boolean>;
  channel: Channel;
  recommender: string | null;
  statement: string | null;
  submitted_by_phone: string | null;
  status: Defaulted<CandidateStatus>;
  decision_reason: string | null;
  member_id: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SelectionEventTable extends TimelineColumns {
  round_id: number;
  candidate_id: number | null;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    committee_rule: CommitteeRuleTable;
    selection_round: SelectionRoundTable;
    selection_candidate: SelectionCandidateTable;
    selection_event: SelectionEventTable;
  }
}

export type RuleRow = Selectable<CommitteeRuleTable>;
export type RoundRow = Selectable<SelectionRoundTable>;
export type CandidateRow = Selectable<SelectionCandidateTable>;
