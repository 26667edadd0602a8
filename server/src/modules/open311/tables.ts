import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';

/** Kysely types of the Open311 tables; they mirror migrations/20261201120000_interop.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface Open311ApiKeyTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  territory_id: number;
  enabled: Defaulted<boolean>;
  rate_per_minute: Defaulted<number>;
  rate_window: Date | null;
  rate_count: Defaulted<number>;
  last_used_at: Date | null;
  created_by: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export interface Open311RequestTable {
  case_id: number;
  api_key_id: number;
  token: string;
  service_code: string;
  lat: number | null;
  long: number | null;
  address_id: string | null;
  media_url: string | null;
  device_id: string | null;
  account_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  attributes: ColumnType<Record<string, string | string[]>, string | undefined, string>;
  created_at: Timestamp;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    open311_api_key: Open311ApiKeyTable;
    open311_request: Open311RequestTable;
  }
}
