import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp, TimelineColumns } from '../../platform/db/schema.js';

/** Kysely types of co-building units; they mirror migrations/20261202081000_notices_units.sql and 20261203100000_units.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** A `date` column: read as 'YYYY-MM-DD'. */
type DateColumn = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export type UnitKind = 'agency' | 'state_enterprise' | 'private_enterprise' | 'property' | 'social_org' | 'owners_committee' | 'other';
/** 社区服务类 / 公益慈善类 / 文体活动类 / 专业调处类 */
export type SocialCategory = 'community_service' | 'charity' | 'culture_sports' | 'mediation';
export type UnitStatus = 'pending' | 'confirmed' | 'rejected' | 'withdrawn';

export interface UnitTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  kind: UnitKind;
  social_category: SocialCategory | null;
  credit_code: string | null;
  party_org_name: string | null;
  party_member_count: Defaulted<number>;
  contact_name: string | null;
  contact_phone: string | null;
  address: string | null;
  offer: string | null;
  status: Defaulted<UnitStatus>;
  incubation_started_on: NullableDate;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UnitAccountTable {
  unit_id: number;
  user_id: number;
  created_at: Timestamp;
}

export interface UnitEventTable extends TimelineColumns {
  unit_id: number;
}

export interface UnitIncubationTable {
  id: Generated<number>;
  unit_id: number;
  kind: 'training' | 'assessment';
  held_on: DateColumn;
  title: string;
  score: number | null;
  note: string | null;
  recorded_by: number | null;
  created_at: Timestamp;
}

export type RegistrationStatus = 'pending' | 'confirmed' | 'rejected' | 'withdrawn';

export interface PartyMemberTable {
  id: Generated<number>;
  community_id: number;
  residence_building_id: number;
  name: string;
  phone: string;
  employer_unit_id: number | null;
  employer_name: string;
  party_branch: string;
  status: Defaulted<RegistrationStatus>;
  created_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PartyMemberEventTable extends TimelineColumns {
  party_member_id: number;
}

export interface ServiceRecordTable {
  id: Generated<number>;
  community_id: number;
  territory_id: number;
  unit_id: number | null;
  party_member_id: number | null;
  title: string;
  served_on: DateColumn;
  minutes: number;
  recorded_by: number | null;
  feedback_rating: number | null;
  feedback: string | null;
  feedback_by: number | null;
  feedback_at: Date | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface ServicePhotoTable {
  id: Generated<number>;
  owner: string;
  record_id: number | null;
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

/** What the resource list offers; demands ask for the same categories (or 其他). */
export const RESOURCE_CATEGORIES = ['venue', 'parking', 'equipment', 'funds', 'legal', 'medical', 'psychological', 'volunteer'] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];
export const DEMAND_CATEGORIES = [...RESOURCE_CATEGORIES, 'other'] as const;
export type DemandCategory = (typeof DEMAND_CATEGORIES)[number];

export interface ResourceTable {
  id: Generated<number>;
  community_id: number;
  unit_id: number | null;
  owner_name: string | null;
  category: ResourceCategory;
  name: string;
  description: string | null;
  address: string | null;
  capacity: Defaulted<number>;
  status: Defaulted<'active' | 'withdrawn'>;
  created_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResourceWindowTable {
  id: Generated<number>;
  resource_id: number;
  weekday: number;
  start_minute: number;
  end_minute: number;
}

export type BookingStatus = 'requested' | 'confirmed' | 'declined' | 'cancelled';

export interface ResourceBookingTable {
  id: Generated<number>;
  resource_id: number;
  community_id: number;
  starts_at: Date;
  ends_at: Date;
  party: string;
  purpose: string;
  headcount: Defaulted<number>;
  status: Defaulted<BookingStatus>;
  booked_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface ResourceBookingEventTable extends TimelineColumns {
  booking_id: number;
}

export type DemandStatus = 'open' | 'claimed' | 'in_progress' | 'met' | 'closed';
export type ClaimStatus = 'requested' | 'confirmed' | 'rejected' | 'withdrawn' | 'completed';

export interface DemandTable {
  id: Generated<number>;
  community_id: number;
  territory_id: number;
  case_id: number | null;
  /** The meeting resolution that posted it (migration 20261203130000). */
  resolution_id: ColumnType<number | null, number | null | undefined, number | null>;
  title: string;
  description: string | null;
  category: DemandCategory;
  quantity: Defaulted<number>;
  quantity_unit: Defaulted<string>;
  place: string | null;
  needed_by: NullableDate;
  status: Defaulted<DemandStatus>;
  unit_id: number | null;
  created_by: number | null;
  met_at: Date | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DemandClaimTable {
  id: Generated<number>;
  demand_id: number;
  unit_id: number;
  note: string | null;
  status: Defaulted<ClaimStatus>;
  rating: number | null;
  claimed_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  decided_at: Date | null;
}

export interface DemandEventTable extends TimelineColumns {
  demand_id: number;
  claim_id: number | null;
}

export interface UnitStatsTable {
  community_id: number;
  year: number;
  metric: string;
  n: number;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    unit: UnitTable;
    unit_account: UnitAccountTable;
    unit_event: UnitEventTable;
    unit_incubation: UnitIncubationTable;
    party_member: PartyMemberTable;
    party_member_event: PartyMemberEventTable;
    service_record: ServiceRecordTable;
    service_photo: ServicePhotoTable;
    resource: ResourceTable;
    resource_window: ResourceWindowTable;
    resource_booking: ResourceBookingTable;
    resource_booking_event: ResourceBookingEventTable;
    demand: DemandTable;
    demand_claim: DemandClaimTable;
    demand_event: DemandEventTable;
    unit_stats: UnitStatsTable;
  }
}

export type UnitRow = Selectable<UnitTable>;
export type PartyMemberRow = Selectable<PartyMemberTable>;
export type ResourceRow = Selectable<ResourceTable>;
export type DemandRow = Selectable<DemandTable>;
