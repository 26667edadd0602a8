import { sql, type Kysely } from 'kysely';
import { DEMO_CITY } from '../../server/src/demo/index.js';
import { limitsFor } from '../../server/src/modules/cases/limits.js';
import { TIERS } from '../../server/src/modules/cases/workflow.js';
import type { DB } from '../../server/src/platform/db/schema.js';
import { textsFor } from './texts.js';

/**
 * What the generator draws from, put into temporary tables of the loading
 * connection: the places of the demo city (every community and the grids,
 * compounds and buildings under it), the descriptions with their tokens, the
 * time limits the application would apply, and one set of departments per
 * district. Everything is read from the database the application set up, so
 * a dictionary or time-limit change shows in the generated cases.
 */

type Conn = Kysely<DB>;

/** Share of cases per category (a code the dictionary gained later gets 1 %). */
const CATEGORY_WEIGHT: Record<string, number> = {
  property: 22, environment: 16, facilities: 13, water_heating: 12, neighbour_dispute: 9,
  public_safety: 6, vulnerable: 6, legacy: 5, epidemic: 2, other: 8,
};
/** Most cases come from the grid workers' rounds, visits and the community hotline (seed 003). */
export const CHANNEL_WEIGHT = {
  grid_report: 30, visit: 22, hotline: 18, hotline_12345: 12, h5: 8, resident_talk: 4, mailbox: 3, meeting: 3,
} as const;
/** 三哨分流: most cases stay in the grid and the community. */
export const TIER_WEIGHT = { routine: 85, joint: 12, tough: 3 } as const;

/** District departments (区直部门) and the categories each leads; the assisting one is 城管 or 住建. */
const DEPARTMENTS = [
  { kind: 'housing', name: '住建局', leads: ['property', 'legacy', 'facilities'] },
  { kind: 'water', name: '水务局', leads: ['water_heating'] },
  { kind: 'urban', name: '城管局', leads: ['environment', 'other'] },
  { kind: 'police', name: '公安分局', leads: ['public_safety'] },
  { kind: 'civil', name: '民政局', leads: ['vulnerable'] },
  { kind: 'health', name: '卫健局', leads: ['epidemic'] },
  { kind: 'justice', name: '司法局', leads: ['neighbour_dispute'] },
] as const;

export interface Prepared {
  placeCount: number;
  /** 1,000 slots each: the category index / channel / tier a uniform draw lands on. */
  categorySlots: number[];
  categories: string[];
  textStart: number[];
  textCount: number[];
  channelSlots: string[];
  tierSlots: string[];
  staff: { id: number | null; name: string };
  grid: { id: number | null; name: string };
}

/** Expands weights into 1,000 slots, so SQL picks with one array subscript. */
export function slots<T>(weights: [T, number][]): T[] {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const out: T[] = [];
  let acc = 0;
  for (const [value, weight] of weights) {
    acc += weight;
    while (out.length < Math.round((acc / total) * 1000)) out.push(value);
  }
  return out;
}

async function account(conn: Conn, username: string) {
  const row = await conn.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', username).executeTakeFirst();
  return { id: row?.id ?? null, name: row?.display_name ?? '社区工作人员' };
}

export async function prepare(conn: Conn): Promise<Prepared> {
  const city = await conn.selectFrom('territory_node').select(['id', 'path']).where('code', '=', `${DEMO_CITY}00000000`).executeTakeFirst();
  if (!city) throw new Error(`the demo city ${DEMO_CITY} is not loaded: run loadDemo first`);

  // Paths are /city/district/street/community/…: the 3rd and 5th parts are the district and the community.
  await sql`DROP TABLE IF EXISTS bench_place, bench_text, bench_limit, bench_dept`.execute(conn);
  await sql`CREATE TEMP TABLE bench_place AS
    SELECT row_number() OVER (ORDER BY t.path) AS n, t.id AS territory_id,
           split_part(t.path, '/', 5)::bigint AS community_id, split_part(t.path, '/', 3)::bigint AS district_id
    FROM territory_node t
    WHERE t.path LIKE ${`${city.path}%`} AND t.level IN ('community', 'grid', 'compound', 'building')`.execute(conn);
  await sql`CREATE UNIQUE INDEX ON bench_place (n)`.execute(conn);
  await sql`CREATE INDEX ON bench_place (territory_id)`.execute(conn);
  const places = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_place`.execute(conn);
  const placeCount = places.rows[0]!.n;
  if (placeCount === 0) throw new Error('the demo city has no communities');

  const dict = await conn
    .selectFrom('dict_item')
    .select('code')
    .where('type_code', '=', 'case_category')
    .where('enabled', '=', true)
    .orderBy('sort')
    .orderBy('code')
    .execute();
  const categories = dict.map((d) => d.code);
  if (categories.length === 0) throw new Error('the case_category dictionary has no enabled item');

  const texts = categories.map((code) => textsFor(code));
  const textStart: number[] = [];
  let next = 1;
  for (const list of texts) {
    textStart.push(next);
    next += list.length;
  }
  const flat = texts.flat();
  await sql`CREATE TEMP TABLE bench_text (n int PRIMARY KEY, description text NOT NULL, tokens text[] NOT NULL)`.execute(conn);
  await sql`INSERT INTO bench_text (n, description, tokens)
    SELECT n::int, d, ARRAY(SELECT jsonb_array_elements_text(t))
    FROM unnest(${flat.map((_, i) => i + 1)}::int[], ${flat.map((t) => t.description)}::text[], ${flat.map((t) => JSON.stringify(t.tokens))}::jsonb[]) AS x(n, d, t)`.execute(conn);

  await sql`CREATE TEMP TABLE bench_limit (category_code text, tier text, respond_hours int, urgent_respond_hours int, sign_hours int, solve_days int, PRIMARY KEY (category_code, tier))`.execute(conn);
  for (const code of categories) {
    for (const tier of TIERS) {
      const l = await limitsFor(conn, code, tier);
      await sql`INSERT INTO bench_limit VALUES (${code}, ${tier}, ${l.respondHours}, ${l.urgentRespondHours}, ${l.signHours}, ${l.solveDays})`.execute(conn);
    }
  }

  await ensureDepartments(conn, city.path, categories);
  await sql`ANALYZE bench_place, bench_text, bench_limit, bench_dept`.execute(conn);
  const staff = await account(conn, 'community');
  const grid = await account(conn, 'grid');
  return {
    placeCount,
    categories,
    categorySlots: slots(categories.map((code, i) => [i + 1, CATEGORY_WEIGHT[code] ?? 1])),
    textStart,
    textCount: texts.map((list) => list.length),
    channelSlots: slots(Object.entries(CHANNEL_WEIGHT)),
    tierSlots: slots(Object.entries(TIER_WEIGHT)),
    staff,
    grid,
  };
}

/**
 * Seven departments per district of the city (created if missing, code
 * `<district code>-<kind>`), and bench_dept telling each (district, category)
 * its lead and assisting department and the leader who supervises tough
 * cases: the demo `district` account in its own district, `city` elsewhere.
 */
async function ensureDepartments(conn: Conn, cityPath: string, categories: string[]) {
  const districts = await conn
    .selectFrom('territory_node')
    .select(['id', 'code', 'name'])
    .where('level', '=', 'district')
    .where('path', 'like', `${cityPath}%`)
    .execute();
  const rows = districts.flatMap((d) => DEPARTMENTS.map((dep) => ({ territory_id: d.id, name: `${d.name}${dep.name}`, code: `d${d.code}-${dep.kind}` })));
  if (rows.length > 0) await conn.insertInto('department').values(rows).onConflict((oc) => oc.doNothing()).execute();
  // The demo city may already hold some of them under its own codes (城关区住建局): (district, name) is unique, so look them up by name.
  const existing = districts.length === 0 ? [] : await conn.selectFrom('department').select(['id', 'territory_id', 'name']).where('territory_id', 'in', districts.map((d) => d.id)).execute();
  const byName = new Map(existing.map((r) => [`${r.territory_id}/${r.name}`, r.id]));
  const ids = new Map(rows.map((r) => [r.code, byName.get(`${r.territory_id}/${r.name}`)]));
  const leaders = await conn
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.username', 'r.territory_id'])
    .where('u.username', 'in', ['district', 'city'])
    .execute();
  const cityLeader = leaders.find((l) => l.username === 'city')?.id ?? null;
  await sql`CREATE TEMP TABLE bench_dept (district_id bigint, category_code text, lead_id bigint, assist_id bigint, supervisor_id bigint, PRIMARY KEY (district_id, category_code))`.execute(conn);
  for (const d of districts) {
    const supervisor = leaders.find((l) => l.username === 'district' && l.territory_id === d.id)?.id ?? cityLeader;
    for (const code of categories) {
      const kind = DEPARTMENTS.find((dep) => (dep.leads as readonly string[]).includes(code))?.kind ?? 'urban';
      const assist = kind === 'urban' ? 'housing' : 'urban';
      await sql`INSERT INTO bench_dept VALUES (${d.id}, ${code}, ${ids.get(`d${d.code}-${kind}`)!}, ${ids.get(`d${d.code}-${assist}`)!}, ${supervisor})`.execute(conn);
    }
  }
}
