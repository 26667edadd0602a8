import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';

/** Kysely types of the cases module's tables; they mirror migrations/20261122093000_cases.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;

export type Tier = 'routine' | 'joint' | 'tough';
export type CaseStatus = 'submitted' | 'accepted' | 'rejected' | 'merged' | 'dispatched' | 'handling' | 'replied' | 'closed' | 'rated';
export type Channel = 'visit' | 'hotline' | 'mailbox' | 'resident_talk' | 'h5' | 'grid_report' | 'hotline_12345' | 'meeting' | 'open311';
export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';
export type ReturnReason = 'not_our_locality' | 'unclear_ownership' | 'not_our_remit' | 'other';
export type AssignmentRole = 'lead' | 'assist' | 'supervise';
/** 公开反馈 on the community board, or 个别反馈 to the resident only. */
export type Feedback = 'public' | 'individual';

export interface DepartmentTable {
  id: Generated<number>;
  territory_id: number;
  name: string;
  code: string;
  enabled: Defaulted<boolean>;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface DepartmentMemberTable {
  department_id: number;
  user_id: number;
  created_at: Timestamp;
}

export interface CaseTimeLimitTable {
  category_code: string;
  tier: Tier;
  respond_hours: number;
  urgent_respond_hours: Defaulted<number>;
  sign_hours: number;
  solve_days: number;
  escalate_grace_hours: Defaulted<number>;
  version: Defaulted<number>;
}

export interface CaseTable {
  id: Generated<number>;
  tracking_no: string;
  territory_id: number;
  community_id: number;
  channel: Channel;
  category_code: string;
  description: string;
  desc_tokens: Defaulted<string[]>;
  address: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  urgent: Defaulted<boolean>;
  tier: Defaulted<Tier>;
  status: Defaulted<CaseStatus>;
  source: string;
  idempotency_key: string | null;
  idempotency_hash: string | null;
  reject_reason: string | null;
  merged_into_id: number | null;
  reply_text: string | null;
  rating: Rating | null;
  rating_comment: string | null;
  reopen_count: Defaulted<number>;
  escalation_count: Defaulted<number>;
  respond_by: Date | null;
  responded_at: Date | null;
  solve_by: Date | null;
  overdue: Defaulted<boolean>;
  overdue_at: Date | null;
  ext_days: number | null;
  ext_reason: string | null;
  ext_requested_by: number | null;
  ext_requested_at: Date | null;
  accepted_at: Date | null;
  dispatched_at: Date | null;
  replied_at: Date | null;
  closed_at: Date | null;
  rated_at: Date | null;
  latitude: number | null;
  longitude: number | null;
  feedback: Feedback | null;
  created_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaseAssignmentTable {
  id: Generated<number>;
  case_id: number;
  department_id: number | null;
  user_id: number | null;
  territory_id: number | null;
  role: AssignmentRole;
  tier: Tier;
  active: Defaulted<boolean>;
  assigned_by: number | null;
  assigned_at: Timestamp;
  sign_by: Date | null;
  signed_at: Date | null;
  signed_by: number | null;
  reminded_at: Date | null;
  returned_at: Date | null;
  return_reason: ReturnReason | null;
  return_note: string | null;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  actor_id: number | null;
  actor_name: string | null;
  note: string | null;
  detail: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: Defaulted<string>;
  entity_type: string | null;
  entity_id: string | null;
  read_at: Date | null;
  created_at: Timestamp;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    department: DepartmentTable;
    department_member: DepartmentMemberTable;
    case_time_limit: CaseTimeLimitTable;
    case_record: CaseTable;
    case_assignment: CaseAssignmentTable;
    case_event: CaseEventTable;
    notification: NotificationTable;
  }
}

export type CaseRow = Selectable<CaseTable>;
export type AssignmentRow = Selectable<CaseAssignmentTable>;
