import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';

/** Kysely types of co-building units; they mirror migrations/20261202081000_notices_units.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

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
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UnitAccountTable {
  unit_id: number;
  user_id: number;
  created_at: Timestamp;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    unit: UnitTable;
    unit_account: UnitAccountTable;
  }
}

export type UnitRow = Selectable<UnitTable>;
