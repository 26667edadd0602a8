import type { FastifyInstance } from 'fastify';

/**
 * The statistics page's query, found by route: the GET operation of the
 * application's own OpenAPI document at /api/v1/stats/cases (also admitted:
 * /api/v1/stats, /api/v1/statistics[/cases]). Until such a route exists the benchmark says so and measures
 * nothing — it never reports a figure it did not measure.
 */
export interface StatsRoute {
  path: string;
  /** Query parameter names the operation declares. */
  query: string[];
  required: string[];
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
}

const STATS_PATH = /^\/api\/v1\/(stats|statistics)(\/cases)?$/;

export function findStatsRoutes(app: FastifyInstance): StatsRoute[] {
  const doc = (app as unknown as { swagger(): { paths?: Record<string, Record<string, Operation>> } }).swagger();
  return Object.entries(doc.paths ?? {})
    // The page's query itself: not its spreadsheet (…/export) nor the definitions of its figures (…/definitions).
    .filter(([p, ops]) => STATS_PATH.test(p) && ops.get !== undefined)
    .map(([p, ops]) => {
      const params = (ops.get!.parameters ?? []).filter((x) => x.in === 'query');
      return { path: p, query: params.map((x) => x.name), required: params.filter((x) => x.required).map((x) => x.name) };
    });
}

export interface StatsQuery {
  label: string;
  path: string;
}

/**
 * The request for the whole city and for one street over the last twelve
 * months, when the route takes the territory and period the way the case
 * queue does (territoryId, from, to). A route shaped otherwise is reported
 * with the parameters it wants, for whoever extends this file.
 */
export function statsQueries(route: StatsRoute, nodes: { city: number; street: number }, now: Date): StatsQuery[] | { unsupported: string } {
  const known = new Set(['territoryId', 'from', 'to', 'current', 'pageSize']);
  const unknown = route.required.filter((name) => !known.has(name));
  if (!route.query.includes('territoryId') || unknown.length > 0) {
    return { unsupported: `${route.path} takes [${route.query.join(', ')}]${unknown.length ? `, requires [${unknown.join(', ')}]` : ''}; bench/lib/stats.ts knows territoryId, from, to` };
  }
  // The route takes Beijing calendar days (YYYY-MM-DD), both ends included: 365 days ending today.
  const beijingDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
  const period = new URLSearchParams();
  if (route.query.includes('from')) period.set('from', beijingDay(now.getTime() - 364 * 86_400_000));
  if (route.query.includes('to')) period.set('to', beijingDay(now.getTime()));
  const url = (territoryId: number) => `${route.path}?${new URLSearchParams({ territoryId: String(territoryId), ...Object.fromEntries(period) })}`;
  return [
    { label: `${route.path} · whole city`, path: url(nodes.city) },
    { label: `${route.path} · one street`, path: url(nodes.street) },
  ];
}
