import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { addCalendarDays } from '../../platform/time.js';
import { COUNTERS, type Counts, type Dim } from './rollup.js';

/**
 * Reads of the rollups for the statistics module. A period is read as its
 * whole calendar months from case_stats_month plus the days of a partial
 * first or last month from case_stats_day — each an index range scan of the
 * primary key (node, dimension, period) — so a node's rows for any period are
 * at most 62 days and one row per month per dimension value, whatever the
 * number of cases or communities below it.
 */
const sums = COUNTERS.map((c) => sql<number>`sum(${sql.ref(c)})::int8`.as(c));

const toCounts = (row: Record<string, unknown>): Counts => Object.fromEntries(COUNTERS.map((c) => [c, Number(row[c] ?? 0)])) as Counts;

export interface Period {
  /** Beijing days, inclusive: 'YYYY-MM-DD'. */
  from: string;
  to: string;
}

const monthOf = (day: string) => `${day.slice(0, 8)}01`;

/** The period as day ranges (the partial months at either end) and a range of whole months. */
export function splitPeriod({ from, to }: Period): { days: [string, string][]; months: [string, string] | null } {
  const firstWhole = from.endsWith('-01') ? from : monthOf(addCalendarDays(monthOf(from), 32));
  const afterLastWhole = addCalendarDays(to, 1).endsWith('-01') ? addCalendarDays(to, 1) : monthOf(to);
  if (firstWhole >= afterLastWhole) return { days: [[from, to]], months: null };
  const days: [string, string][] = [];
  if (from < firstWhole) days.push([from, addCalendarDays(firstWhole, -1)]);
  if (afterLastWhole <= to) days.push([afterLastWhole, to]);
  return { days, months: [firstWhole, monthOf(addCalendarDays(afterLastWhole, -1))] };
}

/** The rows of a period for some nodes and one dimension (or all), days and months alike, with the day or month as `day`. */
function periodRows(db: Database, nodeIds: number[], period: Period, dim: Dim | null) {
  const { days, months } = splitPeriod(period);
  const columns = ['node_id', 'dim', 'value', ...COUNTERS] as const;
  const daily = db
    .selectFrom('case_stats_day')
    .select([...columns, 'day'])
    .where('node_id', 'in', nodeIds)
    .where((eb) => (dim ? eb('dim', '=', dim) : eb.lit(true)))
    .where((eb) => eb.or(days.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<=', b)]))));
  if (!months) return daily;
  const monthly = db
    .selectFrom('case_stats_month')
    .select([...columns, 'month as day'])
    .where('node_id', 'in', nodeIds)
    .where((eb) => (dim ? eb('dim', '=', dim) : eb.lit(true)))
    .where('month', '>=', months[0])
    .where('month', '<=', months[1]);
  return days.length === 0 ? monthly : daily.unionAll(monthly);
}

/** Totals ('all') and every breakdown of one node over a period. */
export async function rollupByDimension(db: Database, nodeId: number, period: Period): Promise<{ dim: Dim; value: string; counts: Counts }[]> {
  const rows = await db
    .selectFrom(periodRows(db, [nodeId], period, null).as('r'))
    .select(['dim', 'value', ...sums])
    .groupBy(['dim', 'value'])
    .having(sql<number>`sum(received)`, '>', 0)
    .execute();
  return rows.map((r) => ({ dim: r.dim, value: r.value, counts: toCounts(r) }));
}

/** Totals of several nodes (a node's children, for the drill-down table). */
export async function rollupByNode(db: Database, nodeIds: number[], period: Period): Promise<Map<number, Counts>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await db.selectFrom(periodRows(db, nodeIds, period, 'all').as('r')).select(['node_id', ...sums]).groupBy('node_id').execute();
  return new Map(rows.map((r) => [r.node_id, toCounts(r)]));
}

/** Totals of one node per day, or per calendar month ('YYYY-MM-01'), over a period. */
export async function rollupSeries(db: Database, nodeId: number, period: Period, grain: 'day' | 'month'): Promise<{ period: string; counts: Counts }[]> {
  const rows = await db
    .selectFrom(
      grain === 'day'
        ? db.selectFrom('case_stats_day').selectAll().where('node_id', '=', nodeId).where('dim', '=', 'all').where('day', '>=', period.from).where('day', '<=', period.to).as('r')
        : periodRows(db, [nodeId], period, 'all').as('r'),
    )
    .select([(grain === 'day' ? sql<string>`to_char(day, 'YYYY-MM-DD')` : sql<string>`to_char(day, 'YYYY-MM-01')`).as('period'), ...sums])
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
