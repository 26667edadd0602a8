import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { DEMO_PASSWORD } from '../../server/src/demo/index.js';
import type { BenchDatabase } from './databases.js';
import { ceilingApp } from './ceiling.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import type { Row } from './report.js';
import { findStatsRoutes, statsQueries } from './stats.js';

export interface MeasureOptions {
  appPort: number;
  ceilingPort: number;
  connections: number;
  duration: number;
  warmup: number;
  status: string;
  /** Ids of the generated cases, for the SELECT-by-key ceiling. */
  firstId: number;
  lastId: number;
  log: (line: string) => void;
}

export interface Measurement {
  rows: Row[];
  runs: Record<string, LoadResult>;
  skipped: string[];
}

const HOST = '127.0.0.1';

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = /gz_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  const me = (await res.json()) as { csrfToken: string; roles: { territoryId: number | null; territoryLevel: string | null }[] };
  const community = me.roles.find((r) => r.territoryLevel === 'community')?.territoryId ?? null;
  if (!cookie) throw new Error(`login as ${username} gave no session cookie`);
  return { cookie, csrf: me.csrfToken, community };
}

/** One request first: a figure measured on error responses would be a fake. */
async function probe(spec: LoadSpec, expected: number) {
  const body = spec.body?.replaceAll('[<id>]', `probe-${Date.now()}`);
  const res = await fetch(`${spec.url}${spec.randomId ? `${spec.randomId.prefix}${spec.randomId.min}` : spec.path}`, { method: spec.method, headers: spec.headers, body });
  if (res.status !== expected) throw new Error(`${spec.method} ${spec.path}: expected ${expected}, got ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json() as Promise<Record<string, unknown>>;
}

export async function measure(bench: BenchDatabase, o: MeasureOptions): Promise<Measurement> {
  const db = bench.handle.db;
  const config = { ...loadConfig(), host: HOST, port: o.appPort, webDist: '/nonexistent' };
  const app = (await buildApp({ db, config })) as unknown as FastifyInstance;
  const ceiling = await ceilingApp(db);
  await app.listen({ host: HOST, port: o.appPort });
  await ceiling.listen({ host: HOST, port: o.ceilingPort });
  const appUrl = `http://${HOST}:${o.appPort}`;
  const ceilingUrl = `http://${HOST}:${o.ceilingPort}`;
  const runs: Record<string, LoadResult> = {};
  const skipped: string[] = [];
  const run = async (name: string, spec: LoadSpec, expected: number) => {
    await probe(spec, expected);
    if (o.warmup > 0) await runLoad({ ...spec, duration: o.warmup });
    const result = await runLoad(spec);
    runs[name] = result;
    o.log(`  ${name}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
    return result;
  };
  try {
    const session = await login(appUrl, 'community');
    if (session.community === null) throw new Error('the demo account `community` is not bound to a community');
    const json = { 'content-type': 'application/json' };
    const load = { connections: o.connections, duration: o.duration };
    const insert = await run('bare INSERT', { ...load, url: ceilingUrl, method: 'POST', path: '/bench/insert', headers: json, body: JSON.stringify({ note: '[<id>]' }), idReplacement: true }, 200);
    const submission = await run(
      'case submission',
      {
        ...load,
        url: appUrl,
        method: 'POST',
        path: '/api/v1/cases',
        headers: { ...json, cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: JSON.stringify({
          communityId: session.community,
          channel: 'visit',
          categoryCode: 'property',
          description: '楼道照明灯不亮，居民夜间出行不便，请尽快处理',
          reporterName: '王阿姨',
          reporterPhone: '13812345678',
          idempotencyKey: 'bench-[<id>]',
        }),
        idReplacement: true,
      },
      201,
    );
    const select = await run('bare SELECT by id', { ...load, url: ceilingUrl, method: 'GET', path: '/bench/select/:id', randomId: { prefix: '/bench/select/', min: o.firstId, max: o.lastId } }, 200);
    const queuePath = `/api/v1/cases?status=${encodeURIComponent(o.status)}&current=1&pageSize=20`;
    const first = await probe({ ...load, url: appUrl, method: 'GET', path: queuePath, headers: { cookie: session.cookie } }, 200);
    o.log(`  queue ${queuePath}: ${String(first.total)} cases in the community with status ${o.status}`);
    const queue = await run('community queue', { ...load, url: appUrl, method: 'GET', path: queuePath, headers: { cookie: session.cookie } }, 200);
    // What every signed-in request pays before its own work: the plugin chain and the session
    // lookup, here of a cookie that matches no session, so the route answers 401 and does nothing else.
    const floor = await run('session lookup only', { ...load, url: appUrl, method: 'GET', path: queuePath, headers: { cookie: 'gz_session=bench-no-such-session' } }, 401);

    const postgres = bench.kind === 'postgres';
    const ok = (r: LoadResult) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
    const rows: Row[] = [
      { figure: 'bare INSERT (ceiling)', unit: 'req/s', value: insert.requestsPerSecond, ceiling: null, ratio: null, target: '—', pass: null },
      { figure: 'bare SELECT by id (ceiling)', unit: 'req/s', value: select.requestsPerSecond, ceiling: null, ratio: null, target: '—', pass: null },
      throughput('case submission', submission, insert, 0.4, ok(submission)),
      latency('case submission p99', submission, insert, postgres ? 25 : null),
      throughput('community queue (1st page)', queue, select, 0.5, ok(queue)),
      latency('community queue p99', queue, select, 20),
      { figure: 'session lookup only (401, for reference)', unit: 'req/s', value: floor.requestsPerSecond, ceiling: select.requestsPerSecond, ratio: floor.requestsPerSecond / select.requestsPerSecond, target: '—', pass: null },
    ];
    rows.push(...(await statistics(app, bench, { ...o, appUrl, run, skipped })));
    return { rows, runs, skipped };
  } finally {
    await app.close();
    await ceiling.close();
  }
}

function throughput(figure: string, r: LoadResult, ceiling: LoadResult, share: number, clean: boolean): Row {
  const ratio = r.requestsPerSecond / ceiling.requestsPerSecond;
  return {
    figure,
    unit: 'req/s',
    value: r.requestsPerSecond,
    ceiling: ceiling.requestsPerSecond,
    ratio,
    target: `≥ ${share * 100} % of ceiling`,
    pass: clean && ratio >= share,
    ...(clean ? {} : { note: `${r.non2xx} non-2xx, ${r.errors} errors` }),
  };
}

function latency(figure: string, r: LoadResult, ceiling: LoadResult, limit: number | null): Row {
  return {
    figure,
    unit: 'ms',
    value: r.latency.p99,
    ceiling: ceiling.latency.p99,
    ratio: null,
    target: limit === null ? '— (set for PostgreSQL)' : `≤ ${limit} ms`,
    pass: limit === null ? null : r.latency.p99 <= limit,
  };
}

/** The statistics figures: median latency of one client asking again and again, for the city and for a street. */
async function statistics(
  app: FastifyInstance,
  bench: BenchDatabase,
  o: MeasureOptions & { appUrl: string; run: (name: string, spec: LoadSpec, expected: number) => Promise<LoadResult>; skipped: string[] },
): Promise<Row[]> {
  const limit = bench.kind === 'postgres' ? 50 : 150;
  const routes = findStatsRoutes(app);
  if (routes.length === 0) {
    const why = 'skipped: the application has no statistics route (GET /api/v1/stats… or /api/v1/statistics…) yet';
    o.log(`  statistics: ${why}`);
    o.skipped.push(why);
    return [{ figure: 'statistics query', unit: 'ms', value: null, ceiling: null, ratio: null, target: `median ≤ ${limit} ms`, pass: null, note: 'skipped: no route' }];
  }
  const nodes = await bench.handle.db
    .selectFrom('territory_node')
    .select(['id', 'level'])
    .where('code', 'in', ['620100000000', '620102001000'])
    .execute();
  const city = nodes.find((n) => n.level === 'city')!.id;
  const street = nodes.find((n) => n.level === 'street')!.id;
  // The city's account sees the whole city; the street figure is the same page narrowed to 酒泉路街道.
  const { cookie } = await login(o.appUrl, 'city');
  const rows: Row[] = [];
  for (const route of routes) {
    const queries = statsQueries(route, { city, street }, new Date());
    if ('unsupported' in queries) {
      o.log(`  statistics: ${queries.unsupported}`);
      o.skipped.push(queries.unsupported);
      rows.push({ figure: `statistics ${route.path}`, unit: 'ms', value: null, ceiling: null, ratio: null, target: `median ≤ ${limit} ms`, pass: null, note: 'skipped: parameters' });
      continue;
    }
    for (const q of queries) {
      const r = await o.run(`statistics ${q.label}`, { url: o.appUrl, method: 'GET', path: q.path, headers: { cookie }, connections: 1, duration: o.duration }, 200);
      rows.push({ figure: `statistics ${q.label} (median)`, unit: 'ms', value: r.latency.p50, ceiling: null, ratio: null, target: `≤ ${limit} ms`, pass: r.non2xx === 0 && r.latency.p50 <= limit });
    }
  }
  return rows;
}
