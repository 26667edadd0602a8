import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { COUNTERS, type Counts, type Dim } from './rollup.js';

/**
 * Reads of the rollups for the statistics module. Each is one index range
 * scan of case_stats_day's primary key (node, dimension, day): a node's rows
 * for a year are at most 365 days × its dimension values, whatever the number
 * of cases or communities below it.
 */
const sums = COUNTERS.map((c) => sql<number>`sum(${sql.ref(c)})::int8`.as(c));

const toCounts = (row: Record<string, unknown>): Counts => Object.fromEntries(COUNTERS.map((c) => [c, Number(row[c] ?? 0)])) as Counts;

export interface Period {
  /** Beijing days, inclusive: 'YYYY-MM-DD'. */
  from: string;
  to: string;
}

/** Totals ('all') and every breakdown of one node over a period. */
export async function rollupByDimension(db: Database, nodeId: number, period: Period): Promise<{ dim: Dim; value: string; counts: Counts }[]> {
  const rows = await db
    .selectFrom('case_stats_day')
    .select(['dim', 'value', ...sums])
    .where('node_id', '=', nodeId)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy(['dim', 'value'])
    .having(sql<number>`sum(received)`, '>', 0)
    .execute();
  return rows.map((r) => ({ dim: r.dim, value: r.value, counts: toCounts(r) }));
}

/** Totals of several nodes (a node's children, for the drill-down table). */
export async function rollupByNode(db: Database, nodeIds: number[], period: Period): Promise<Map<number, Counts>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_stats_day')
    .select(['node_id', ...sums])
    .where('node_id', 'in', nodeIds)
    .where('dim', '=', 'all')
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy('node_id')
    .execute();
  return new Map(rows.map((r) => [r.node_id, toCounts(r)]));
}

/** Totals of one node per day, or per calendar month ('YYYY-MM-01'), over a period. */
export async function rollupSeries(db: Database, nodeId: number, period: Period, grain: 'day' | 'month'): Promise<{ period: string; counts: Counts }[]> {
  const bucket = grain === 'day' ? sql<string>`to_char(day, 'YYYY-MM-DD')` : sql<string>`to_char(day, 'YYYY-MM-01')`;
  const rows = await db
    .selectFrom('case_stats_day')
    .select([bucket.as('period'), ...sums])
    .where('node_id', '=', nodeId)
    .where('dim', '=', 'all')
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ period: r.period, counts: toCounts(r) }));
}

/** The snapshot of a node: cases in each state now, whenever they were received. */
export async function rollupNow(db: Database, nodeId: number): Promise<{ status: string; cases: number; overdueNow: number }[]> {
  const rows = await db.selectFrom('case_stats_now').select(['status', 'cases', 'overdue_now']).where('node_id', '=', nodeId).where('cases', '>', 0).execute();
  return rows.map((r) => ({ status: r.status, cases: r.cases, overdueNow: r.overdue_now }));
}
