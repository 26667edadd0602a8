import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { beijingDayStart } from '../../platform/time.js';
import { COUNTERS } from './rollup.js';

export interface RebuildReport {
  cases: number;
  dayRows: number;
  monthRows: number;
  nowRows: number;
}

/*
 * The same definitions as `contribution` in rollup.ts, written once more in SQL:
 * the property test checks that the incremental hooks and this recompute agree.
 */
const FACTS = sql`
  SELECT c.channel, c.category_code, c.tier, c.status, c.overdue,
         (c.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
         string_to_array(btrim(cm.path, '/'), '/')::int8[] AS nodes,
         (c.accepted_at IS NOT NULL)::int AS accepted,
         (c.status = 'rejected')::int AS rejected,
         (c.status = 'merged')::int AS merged,
         (c.responded_at IS NOT NULL)::int AS responded,
         (c.responded_at IS NOT NULL AND c.respond_by IS NOT NULL AND c.responded_at <= c.respond_by)::int AS responded_in_time,
         (c.closed_at IS NOT NULL)::int AS closed,
         (c.closed_at IS NOT NULL AND c.tier = 'routine')::int AS closed_in_grid,
         (c.escalation_count > 0)::int AS escalated,
         EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.action = 'overdue')::int AS ever_overdue,
         c.overdue::int AS overdue_now,
         (c.reopen_count > 0)::int AS reopened,
         (c.rating IS NOT NULL)::int AS rated,
         coalesce(c.rating = 'satisfied', false)::int AS satisfied,
         coalesce(c.rating = 'basically_satisfied', false)::int AS basically_satisfied,
         coalesce(c.rating = 'dissatisfied', false)::int AS dissatisfied,
         CASE WHEN c.closed_at IS NULL THEN 0
              ELSE floor(extract(epoch FROM c.closed_at))::int8 - floor(extract(epoch FROM c.created_at))::int8 END AS close_seconds
  FROM case_record c JOIN territory_node cm ON cm.id = c.community_id`;

/**
 * Recomputes every rollup from case_record and case_event, in one
 * transaction: `npm run stats:rebuild` after an import that wrote cases
 * around the hooks, or to repair a database restored from elsewhere. The
 * rollup tables are locked first, so on PostgreSQL a write running alongside
 * waits and then applies its change on top of the recomputed rows. Cases are
 * summed one Beijing month at a time to keep each aggregation small.
 */
export async function rebuildCaseRollups(db: Database): Promise<RebuildReport> {
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE case_stats_day, case_stats_month, case_stats_now IN EXCLUSIVE MODE`.execute(trx);
    await sql`DELETE FROM case_stats_day`.execute(trx);
    await sql`DELETE FROM case_stats_month`.execute(trx);
    await sql`DELETE FROM case_stats_now`.execute(trx);
    const span = await sql<{ first: string | null; last: string | null; n: number }>`
      SELECT to_char(min(created_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-01') AS first,
             to_char(max(created_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-01') AS last,
             count(*)::int8 AS n
      FROM case_record`.execute(trx);
    const { first, last, n } = span.rows[0]!;
    for (let month = first; month !== null && month <= last!; month = nextMonth(month)) {
      const from = beijingDayStart(month);
      const to = beijingDayStart(nextMonth(month));
      await sql`
        INSERT INTO case_stats_day (node_id, day, dim, value, received, accepted, rejected, merged, responded, responded_in_time,
          closed, closed_in_grid, escalated, overdue, overdue_now, reopened, rated, satisfied, basically_satisfied, dissatisfied, close_seconds)
        SELECT n.node_id, f.day, d.dim, d.value, count(*), sum(f.accepted), sum(f.rejected), sum(f.merged), sum(f.responded),
          sum(f.responded_in_time), sum(f.closed), sum(f.closed_in_grid), sum(f.escalated), sum(f.ever_overdue), sum(f.overdue_now),
          sum(f.reopened), sum(f.rated), sum(f.satisfied), sum(f.basically_satisfied), sum(f.dissatisfied), sum(f.close_seconds)
        FROM (${FACTS} WHERE c.created_at >= ${from}::timestamptz AND c.created_at < ${to}::timestamptz) f
        CROSS JOIN LATERAL unnest(f.nodes) AS n(node_id)
        CROSS JOIN LATERAL (VALUES ('all', ''), ('channel', f.channel), ('category', f.category_code), ('tier', f.tier), ('status', f.status)) AS d(dim, value)
        GROUP BY n.node_id, f.day, d.dim, d.value`.execute(trx);
    }
    await sql`
      INSERT INTO case_stats_month (node_id, month, dim, value, ${sql.join(COUNTERS.map((c) => sql.ref(c)))})
      SELECT node_id, date_trunc('month', day)::date, dim, value, ${sql.join(COUNTERS.map((c) => sql`sum(${sql.ref(c)})`))}
      FROM case_stats_day GROUP BY node_id, date_trunc('month', day), dim, value`.execute(trx);
    await sql`
      INSERT INTO case_stats_now (node_id, status, cases, overdue_now)
      SELECT n.node_id, c.status, count(*), sum(c.overdue::int)
      FROM case_record c JOIN territory_node cm ON cm.id = c.community_id
      CROSS JOIN LATERAL unnest(string_to_array(btrim(cm.path, '/'), '/')::int8[]) AS n(node_id)
      GROUP BY n.node_id, c.status`.execute(trx);
    const count = async (table: 'case_stats_day' | 'case_stats_month' | 'case_stats_now') =>
      Number((await trx.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    return { cases: Number(n), dayRows: await count('case_stats_day'), monthRows: await count('case_stats_month'), nowRows: await count('case_stats_now') };
  });
}

/** '2026-12-01' → '2027-01-01'. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
