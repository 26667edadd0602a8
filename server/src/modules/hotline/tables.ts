import type { Timestamp } from '../../platform/db/schema.js';

/** Kysely type of the 12345 work-order table; it mirrors migrations/20261201120000_interop.sql. */
export interface HotlineOrderTable {
  case_id: number;
  order_no: string;
  called_at: Date | null;
  dispatched_at: Date | null;
  due_at: Date | null;
  category_text: string | null;
  imported_by: number | null;
  imported_at: Timestamp;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    hotline_order: HotlineOrderTable;
  }
}
