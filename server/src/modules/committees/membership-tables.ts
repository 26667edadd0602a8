import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';

/** Kysely types of migrations/20261202100000_committee_membership.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

declare module './tables.js' {
  interface CommitteeTable {
    seats: Defaulted<number>;
    leader_user_id: Optional<number>;
  }
  interface CommitteeMemberTable {
    exit_reason: Optional<string>;
    exit_requested_at: Optional<Date>;
    exit_requested_by: Optional<number>;
    end_reason: Optional<string>;
    decision_body: Optional<string>;
    decision_on: Optional<string>;
  }
}

export interface CommitteeZoneTable {
  id: Generated<number>;
  committee_id: number;
  community_id: number;
  member_id: number | null;
  user_id: number | null;
  territory_id: number | null;
  unit_name: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export type WhomKind = 'household' | 'unit';

export interface VisitTable {
  id: Generated<number>;
  community_id: number;
  territory_id: number;
  visitor_id: number;
  visitor_name: string;
  member_id: number | null;
  visited_at: Date | string;
  month: string;
  whom_kind: WhomKind;
  room: string | null;
  unit_name: string | null;
  person_name: string | null;
  summary: string;
  problem: string | null;
  case_id: Optional<number>;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface VisitPhotoTable {
  id: Generated<number>;
  owner: string;
  visit_id: number | null;
  name: string;
  content_type: string;
  size: number;
  width: number;
  height: number;
  sha256: string;
  storage_key: string;
  thumbnail_key: string;
  created_at: Timestamp;
}

export interface VisitReminderTable {
  member_id: number;
  month: string;
  reminded_by: number | null;
  at: Timestamp;
}

export interface CommitteeTermNoticeTable {
  member_id: number;
  term_end: string;
  at: Timestamp;
}

export interface CommitteeStatsOwnTable {
  committee_id: number;
  dim: string;
  value: string;
  n: number;
}

export interface CommitteeStatsTable {
  node_id: number;
  dim: string;
  value: string;
  n: Defaulted<number>;
}

export interface VisitStatsMonthTable {
  node_id: number;
  month: string;
  visits: Defaulted<number>;
  members_visited: Defaulted<number>;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    committee_zone: CommitteeZoneTable;
    visit: VisitTable;
    visit_photo: VisitPhotoTable;
    visit_reminder: VisitReminderTable;
    committee_term_notice: CommitteeTermNoticeTable;
    committee_stats_own: CommitteeStatsOwnTable;
    committee_stats: CommitteeStatsTable;
    visit_stats_month: VisitStatsMonthTable;
  }
}

export type VisitRow = Selectable<VisitTable>;
export type VisitPhotoRow = Selectable<VisitPhotoTable>;
