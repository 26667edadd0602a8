import type { ColumnType } from 'kysely';

/** Kysely types of the statistics rollups; they mirror migrations/20261201110000_case_stats.sql. */
type Counter = ColumnType<number, number | undefined, number>;

export interface CaseStatsDayTable {
  node_id: number;
  /** 'YYYY-MM-DD', the Beijing day the cases were received. */
  day: string;
  dim: 'all' | 'channel' | 'category' | 'tier' | 'status';
  value: string;
  received: Counter;
  accepted: Counter;
  rejected: Counter;
  merged: Counter;
  responded: Counter;
  responded_in_time: Counter;
  closed: Counter;
  closed_in_grid: Counter;
  escalated: Counter;
  overdue: Counter;
  overdue_now: Counter;
  reopened: Counter;
  rated: Counter;
  satisfied: Counter;
  basically_satisfied: Counter;
  dissatisfied: Counter;
  close_seconds: Counter;
}

/** The same counters summed per calendar month; `month` is its first day. */
export type CaseStatsMonthTable = Omit<CaseStatsDayTable, 'day'> & { month: string };

export interface CaseStatsNowTable {
  node_id: number;
  status: string;
  cases: Counter;
  overdue_now: Counter;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    case_stats_day: CaseStatsDayTable;
    case_stats_month: CaseStatsMonthTable;
    case_stats_now: CaseStatsNowTable;
  }
}
