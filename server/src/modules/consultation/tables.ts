import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp, TimelineColumns } from '../../platform/db/schema.js';

/** Kysely types of consultation and mediation; they mirror migrations/20261203090000_consultation.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type DateColumn = ColumnType<string, string, string>;
type JsonColumn<T> = ColumnType<T, string, string>;

export const LEVELS = ['resident', 'multi', 'neighbour', 'individual'] as const;
export type Level = (typeof LEVELS)[number];
export const CONSULTATION_STATES = ['collecting', 'proposing', 'reviewing', 'consulting', 'acting', 'concluded'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATES)[number];
export const REQUIREMENTS = ['must', 'may', 'excluded'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
export const STANCES = ['support', 'oppose', 'suggest'] as const;
export type Stance = (typeof STANCES)[number];

export const MEDIATION_STATES = ['registered', 'mediating', 'agreed', 'failed', 'followed_up', 'closed'] as const;
export type MediationStatus = (typeof MEDIATION_STATES)[number];
export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const;
export const SIGN_METHODS = ['on_site', 'electronic'] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];

export interface Participant {
  name: string;
  kind: 'member' | 'stakeholder' | 'unit' | 'staff';
  affiliation?: string;
}
export interface Mediator {
  name: string;
  userId: number | null;
}

export interface ConsultationCatalogueTable {
  id: Generated<number>;
  territory_id: number | null;
  category: string;
  requirement: Requirement;
  note: string | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultationTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  subject: string;
  category: string | null;
  level: Level;
  status: Defaulted<ConsultationStatus>;
  collect_until: Date;
  proposal: ColumnType<string | null, string | null | undefined, string | null>;
  review_comment: ColumnType<string | null, string | null | undefined, string | null>;
  result: ColumnType<string | null, string | null | undefined, string | null>;
  notice_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_by: number | null;
  concluded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultationPlaceTable {
  consultation_id: number;
  territory_id: number;
}
export interface ConsultationCaseTable {
  consultation_id: number;
  case_id: number;
}
export interface ConsultationEventTable extends TimelineColumns {
  consultation_id: number;
}
export interface ConsultationOpinionTable {
  id: Generated<number>;
  consultation_id: number;
  territory_id: number;
  room: string | null;
  phone: string;
  stance: Stance;
  content: string;
  created_at: Timestamp;
}
export interface ConsultationSessionTable {
  consultation_id: number;
  meeting_ref: number | null;
  held_on: DateColumn;
  place: string;
  participants: JsonColumn<Participant[]>;
  outcome: string;
  votes_for: number;
  votes_against: number;
  votes_abstain: number;
  recorded_by: number | null;
  created_at: Timestamp;
}
export interface ConsultationTaskTable {
  id: Generated<number>;
  consultation_id: number;
  title: string;
  owner_name: string;
  owner_user_id: number | null;
  due_on: DateColumn;
  status: Defaulted<'open' | 'done'>;
  overdue: Defaulted<boolean>;
  done_note: string | null;
  done_at: Date | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}
export interface ConsultationRatingTable {
  id: Generated<number>;
  consultation_id: number;
  phone: string;
  stars: number;
  comment: string | null;
  created_at: Timestamp;
}

export interface MediationCaseTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  description: string;
  dispute_type: string;
  status: Defaulted<MediationStatus>;
  mediators: JsonColumn<Mediator[]>;
  agreement: ColumnType<string | null, string | null | undefined, string | null>;
  failure_reason: ColumnType<string | null, string | null | undefined, string | null>;
  case_id: number | null;
  created_by: number | null;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface MediationPartyTable {
  id: Generated<number>;
  mediation_id: number;
  name: string;
  phone: string | null;
  role: (typeof PARTY_ROLES)[number];
  signed_at: Date | null;
  sign_method: SignMethod | null;
  signed_recorded_by: number | null;
}
export interface MediationSessionTable {
  id: Generated<number>;
  mediation_id: number;
  held_on: DateColumn;
  notes: string;
  recorded_by: number | null;
  created_at: Timestamp;
}
export interface MediationFollowupTable {
  id: Generated<number>;
  mediation_id: number;
  visited_on: DateColumn;
  notes: string;
  fulfilled: boolean;
  recorded_by: number | null;
  created_at: Timestamp;
}
export interface MediationEventTable extends TimelineColumns {
  mediation_id: number;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    consultation_catalogue: ConsultationCatalogueTable;
    consultation: ConsultationTable;
    consultation_place: ConsultationPlaceTable;
    consultation_case: ConsultationCaseTable;
    consultation_event: ConsultationEventTable;
    consultation_opinion: ConsultationOpinionTable;
    consultation_session: ConsultationSessionTable;
    consultation_task: ConsultationTaskTable;
    consultation_rating: ConsultationRatingTable;
    mediation_case: MediationCaseTable;
    mediation_party: MediationPartyTable;
    mediation_session: MediationSessionTable;
    mediation_followup: MediationFollowupTable;
    mediation_event: MediationEventTable;
  }
}

export type ConsultationRow = Selectable<ConsultationTable>;
export type MediationRow = Selectable<MediationCaseTable>;
