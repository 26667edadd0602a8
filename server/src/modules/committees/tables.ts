import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp, TimelineColumns } from '../../platform/db/schema.js';

/** Kysely types of the committee core; they mirror migrations/20261202080000_committee.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A `date` column: read as 'YYYY-MM-DD' (the driver's date parser is off for date). */
type DateColumn = ColumnType<string, string, string>;

/** Member categories of SPEC C3; seed 000 reports the first nine and folds the rest into 其他. */
export const MEMBER_CATEGORIES = [
  'two_committees', // 社区"两委"成员
  'deputies', // "两代表一委员"
  'veteran', // 退役军人
  'police', // 社区民警
  'private_enterprise', // 非公经济组织负责人
  'social_org', // 社会组织负责人
  'property', // 物业企业负责人
  'owners_committee', // 业委会成员
  'notable_resident', // 乡贤和热心居民
  'media', // 媒体记者
  'lawyer', // 律师
  'volunteer', // 志愿者
  'other', // 其他
] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];

/** 主任 / 副主任 / 常任委员 / 轮值委员 */
export const MEMBER_ROLES = ['director', 'deputy_director', 'standing', 'rotating'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export type MemberStatus = 'serving' | 'exiting' | 'exited' | 'dismissed';
export type CommitteeStatus = 'forming' | 'active';

export interface CommitteeTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  status: Defaulted<CommitteeStatus>;
  formed_on: ColumnType<string | null, string | null | undefined, string | null>;
  deviation_reason: string | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommitteeMemberTable {
  id: Generated<number>;
  committee_id: number;
  community_id: number;
  user_id: number | null;
  name: string;
  gender: 'male' | 'female' | null;
  phone: string | null;
  id_number: string | null;
  category: MemberCategory;
  affiliation: string | null;
  role: MemberRole;
  is_party_secretary: Defaulted<boolean>;
  party_member: Defaulted<boolean>;
  status: Defaulted<MemberStatus>;
  term_start: DateColumn;
  term_end: ColumnType<string | null, string | null | undefined, string | null>;
  certificate_no: string | null;
  source: 'selection' | 'import';
  source_ref: number | null;
  appointed_at: Timestamp;
  ended_at: Date | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface CommitteeMemberEventTable extends TimelineColumns {
  member_id: number;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    committee: CommitteeTable;
    committee_member: CommitteeMemberTable;
    committee_member_event: CommitteeMemberEventTable;
  }
}

export type CommitteeRow = Selectable<CommitteeTable>;
export type CommitteeMemberRow = Selectable<CommitteeMemberTable>;
