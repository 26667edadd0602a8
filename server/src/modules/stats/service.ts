import type { Static } from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { DataScope } from '../../platform/scope.js';
import { addCalendarDays, beijingToday, calendarDaysBetween } from '../../platform/time.js';
import { COUNTERS, rollupByDimension, rollupByNode, rollupNow, rollupSeries, STATES, TIERS, type Counts, type Period } from '../cases/service.js';
import { getNode, listChildren, listRoots } from '../territory/service.js';
import { DEFINITIONS } from './definitions.js';
import { M } from './messages.js';
import type { CaseStats, StatsQuery } from './schema.js';

/** Rollups exist for the official levels; grids and below move between parents, so they are not kept. */
export const STATS_LEVELS = ['city', 'district', 'street', 'community'] as const;
/** A period is at most three years: every figure stays a sum over a bounded number of day rows. */
export const MAX_DAYS = 1096;
/** Up to this many days the trend is drawn per day, beyond it per month (unless asked otherwise). */
const DAILY_UP_TO = 62;

/** Days a period covers, both ends included. */
const periodDays = (from: string, to: string) => calendarDaysBetween(from, to) + 1;

/** The period asked for, in Beijing days; this month so far by default. */
export function periodOf(query: Pick<StatsQuery, 'from' | 'to'>): Period {
  const today = beijingToday();
  const from = query.from ?? (query.to ?? today).slice(0, 8) + '01';
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  if (to < from) throw fieldError('query.to', M['stats.period_order']);
  if (periodDays(from, to) > MAX_DAYS) throw fieldError('query.from', M['stats.period_too_long'], { days: MAX_DAYS });
  return { from, to };
}

type CamelCounts = Static<typeof CaseStats>['counts'];
const camel = (name: string) => name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
const ZERO = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

function present(counts: Counts) {
  const ratio = (numerator: number, denominator: number) => ({
    numerator,
    denominator,
    value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
  });
  return {
    counts: Object.fromEntries(COUNTERS.map((c) => [camel(c), counts[c]])) as CamelCounts,
    rates: {
      responseRate: ratio(counts.responded_in_time, counts.accepted),
      solveRate: ratio(counts.closed, counts.accepted),
      satisfactionRate: ratio(counts.satisfied + counts.basically_satisfied, counts.rated),
      inGridShare: ratio(counts.closed_in_grid, counts.closed),
      overdueRate: ratio(counts.overdue, counts.accepted),
      averageCloseHours: counts.closed === 0 ? null : Math.round(counts.close_seconds / counts.closed / 36) / 100,
    },
  };
}

/** The node to report on: the one asked for (404 outside the caller's scope), else the top of the scope. */
async function reportNode(db: Database, scope: DataScope, territoryId: number | undefined) {
  let id = territoryId;
  if (id === undefined) {
    const root = (await listRoots(db, scope)).find((r) => (STATS_LEVELS as readonly string[]).includes(r.level));
    if (!root) throw new AppError(404, M['stats.no_scope']);
    id = root.id;
  }
  const node = await getNode(db, scope, id);
  if (!(STATS_LEVELS as readonly string[]).includes(node.level)) throw fieldError('query.territoryId', M['stats.level']);
  return node;
}

/** Every period of the trend, including those without cases, so the chart's axis has no gaps. */
function buckets(period: Period, grain: 'day' | 'month'): string[] {
  const out: string[] = [];
  if (grain === 'day') {
    for (let day = period.from; day <= period.to; day = addCalendarDays(day, 1)) out.push(day);
    return out;
  }
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}-01`;
    if (month > period.to) return out;
    out.push(month);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

const ORDER: Record<string, readonly string[]> = { tier: TIERS, status: STATES };

export async function caseStats(db: Database, scope: DataScope, query: StatsQuery): Promise<Static<typeof CaseStats>> {
  const period = periodOf(query);
  const node = await reportNode(db, scope, query.territoryId);
  const granularity = query.granularity ?? (periodDays(period.from, period.to) <= DAILY_UP_TO ? 'day' : 'month');
  const children = (await listChildren(db, scope, node.id)).filter((c) => (STATS_LEVELS as readonly string[]).includes(c.level));
  const [dims, byNode, series, now] = await Promise.all([
    rollupByDimension(db, node.id, period),
    rollupByNode(db, children.map((c) => c.id), period),
    rollupSeries(db, node.id, period, granularity),
    rollupNow(db, node.id),
  ]);
  const breakdown = (dim: string) => {
    const order = ORDER[dim];
    return dims
      .filter((d) => d.dim === dim)
      .sort((a, b) => (order ? order.indexOf(a.value) - order.indexOf(b.value) : b.counts.received - a.counts.received || (a.value < b.value ? -1 : 1)))
      .map((d) => ({ code: d.value, ...present(d.counts) }));
  };
  const seriesBy = new Map(series.map((s) => [s.period, s.counts]));
  const nowByStatus = STATES.flatMap((status) => now.filter((n) => n.status === status));
  return {
    territory: { id: node.id, name: node.name, level: node.level, ancestors: node.ancestors },
    period: { ...period, granularity },
    ...present(dims.find((d) => d.dim === 'all')?.counts ?? ZERO),
    byChannel: breakdown('channel'),
    byCategory: breakdown('category'),
    byTier: breakdown('tier'),
    byStatus: breakdown('status'),
    children: children.map((c) => ({ id: c.id, name: c.name, level: c.level, ...present(byNode.get(c.id) ?? ZERO) })),
    series: buckets(period, granularity).map((p) => ({ period: p, ...present(seriesBy.get(p) ?? ZERO) })),
    now: {
      total: now.reduce((sum, n) => sum + n.cases, 0),
      overdueNow: now.reduce((sum, n) => sum + n.overdueNow, 0),
      byStatus: nowByStatus,
    },
  };
}

export function definitions() {
  return Object.entries(DEFINITIONS).map(([key, d]) => ({ key, name: d.zh, nameEn: d.en, text: d.textZh, textEn: d.textEn }));
}
