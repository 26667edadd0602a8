import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';

/** Kysely types of the public board; they mirror migrations/20261202081000_notices_units.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type NoticeKind = 'announcement' | 'appointment' | 'project' | 'consultation' | 'result' | 'commendation' | 'other';
export type NoticeStatus = 'open' | 'closed' | 'withdrawn';

export interface PublicNoticeTable {
  id: Generated<number>;
  community_id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  subject_type: string | null;
  subject_id: number | null;
  objectable: Defaulted<boolean>;
  starts_at: Timestamp;
  ends_at: Date | string | null;
  status: Defaulted<NoticeStatus>;
  published_by: number | null;
  closed_at: Date | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}

export type ObjectionStatus = 'pending' | 'upheld' | 'not_upheld';

/** 异议 (migrations/20261202090000_selection.sql). */
export interface NoticeObjectionTable {
  id: Generated<number>;
  notice_id: number;
  community_id: number;
  item_id: number | null;
  phone: string;
  content: string;
  status: Defaulted<ObjectionStatus>;
  finding: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  version: Defaulted<number>;
  created_at: Timestamp;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    public_notice: PublicNoticeTable;
    notice_objection: NoticeObjectionTable;
  }
}

export type PublicNoticeRow = Selectable<PublicNoticeTable>;
export type NoticeObjectionRow = Selectable<NoticeObjectionTable>;
