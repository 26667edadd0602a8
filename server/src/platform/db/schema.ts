import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types for Kysely; they mirror server/migrations. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

/** The columns every workflow's timeline row carries (case_event, committee_member_event, selection_event …). */
export interface TimelineColumns {
  id: Generated<number>;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  actor_name: string | null;
  note: string | null;
  detail: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
  at: Timestamp;
}

export type TerritoryLevel = 'city' | 'district' | 'street' | 'community' | 'grid' | 'compound' | 'building';

export interface TerritoryNodeTable {
  id: Generated<number>;
  parent_id: number | null;
  level: TerritoryLevel;
  code: string | null;
  name: string;
  path: string;
  depth: number;
  name_tokens: ColumnType<string[], string[] | undefined, string[]>;
  boundary: Json<GeoJsonGeometry> | null;
  attrs: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
  sort: ColumnType<number, number | undefined, number>;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GeoJsonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  phone: string | null;
  home_territory_id: number | null;
  password_hash: string;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  password_changed_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  territory_id: number | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface UserSessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  ip: string;
  window_start: Date;
  attempts: ColumnType<number, number | undefined, number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  territory_id: number | null;
  summary: string;
  detail: Json<Record<string, unknown>>;
}

export interface DictTypeTable {
  code: string;
  name: string;
  name_en: string;
  description: ColumnType<string, string | undefined, string>;
}

export interface DictItemTable {
  id: Generated<number>;
  type_code: string;
  code: string;
  label: string;
  label_en: string;
  sort: ColumnType<number, number | undefined, number>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
}

export interface SchemaMigrationTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface ScheduledJobTable {
  name: string;
  next_run_at: Timestamp;
  locked_by: string | null;
  locked_until: Date | null;
  last_run_at: Date | null;
  last_error: string | null;
}

export interface DB {
  territory_node: TerritoryNodeTable;
  app_user: AppUserTable;
  role_assignment: RoleAssignmentTable;
  user_session: UserSessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  dict_type: DictTypeTable;
  dict_item: DictItemTable;
  schema_migration: SchemaMigrationTable;
  scheduled_job: ScheduledJobTable;
}

export type TerritoryNodeRow = Selectable<TerritoryNodeTable>;
export type NewTerritoryNode = Insertable<TerritoryNodeTable>;
export type TerritoryNodeUpdate = Updateable<TerritoryNodeTable>;
export type AppUserRow = Selectable<AppUserTable>;
