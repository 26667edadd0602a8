import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema.js';

/** Kysely types of the resident tables of migrations/20261201100000_resident.sql owned by the platform. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface OutboxMessageTable {
  id: Generated<number>;
  channel: Defaulted<'sms'>;
  recipient: string;
  kind: string;
  body: string;
  sender: string;
  created_at: Timestamp;
}

export interface ResidentCodeTable {
  id: Generated<number>;
  phone: string;
  code_hash: string;
  ip: string;
  attempts: Defaulted<number>;
  expires_at: Date;
  consumed_at: Date | null;
  created_at: Timestamp;
}

export interface ResidentSessionTable {
  id: string;
  phone: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
}

declare module './schema.js' {
  interface DB {
    outbox_message: OutboxMessageTable;
    resident_code: ResidentCodeTable;
    resident_session: ResidentSessionTable;
  }
}
