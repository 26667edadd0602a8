import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import './tables.js';

/**
 * The overview's figures of one community, recomputed from that community's rows in
 * the transaction that changed them, so the overview of a street, district or the city
 * sums rollup rows and never scans the records themselves. Year 0 holds the current
 * counts; a year holds that year's flows (services, bookings, demands created and met).
 */
export const CURRENT = 0;

const yearOf = (column: string) => sql<number>`extract(year from ${sql.ref(column)})::int`;

const CURRENT_METRICS = ['units_registered', 'units_confirmed', 'unit_party_orgs', 'members_registered', 'members_confirmed', 'resources_active', 'demands_open', 'demands_claimed', 'demands_met', 'demands_closed', 'grids_covered', 'compounds_covered', 'buildings_covered'];
const YEAR_METRICS = ['services', 'service_minutes', 'units_active', 'members_active', 'bookings_confirmed', 'demands_created', 'demands_met'];

/*
 * Rows are upserted, never deleted and re-inserted: two transactions refreshing the same
 * community then queue on the rows instead of colliding on the key. A figure that drops
 * to zero is written as zero, so every year already present gets every yearly metric.
 */
export async function refreshUnitStats(db: Database, communityId: number): Promise<void> {
  const values = new Map<string, { year: number; metric: string; n: number }>();
  const put = (year: number, metric: string, n: number | string | null) => values.set(`${year}:${metric}`, { year, metric, n: Number(n ?? 0) });
  const units = await db.selectFrom('unit').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('community_id', '=', communityId).groupBy('status').execute();
  const unitsIn = (...s: string[]) => units.filter((u) => s.includes(u.status)).reduce((a, u) => a + Number(u.n), 0);
  put(CURRENT, 'units_registered', unitsIn('pending', 'confirmed'));
  put(CURRENT, 'units_confirmed', unitsIn('confirmed'));
  put(CURRENT, 'unit_party_orgs', (await db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).where('community_id', '=', communityId).where('status', '=', 'confirmed').where('party_org_name', 'is not', null).executeTakeFirstOrThrow()).n);
  const members = await db.selectFrom('party_member').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('community_id', '=', communityId).groupBy('status').execute();
  put(CURRENT, 'members_registered', members.filter((m) => m.status === 'pending' || m.status === 'confirmed').reduce((a, m) => a + Number(m.n), 0));
  put(CURRENT, 'members_confirmed', members.find((m) => m.status === 'confirmed')?.n ?? 0);
  put(CURRENT, 'resources_active', (await db.selectFrom('resource').select((eb) => eb.fn.countAll<number>().as('n')).where('community_id', '=', communityId).where('status', '=', 'active').executeTakeFirstOrThrow()).n);
  const demands = await db.selectFrom('demand').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('community_id', '=', communityId).groupBy('status').execute();
  const demandsIn = (...st: string[]) => demands.filter((d) => st.includes(d.status)).reduce((a, d) => a + Number(d.n), 0);
  put(CURRENT, 'demands_open', demandsIn('open'));
  put(CURRENT, 'demands_claimed', demandsIn('claimed', 'in_progress'));
  put(CURRENT, 'demands_met', demandsIn('met'));
  put(CURRENT, 'demands_closed', demandsIn('closed'));
  for (const [metric, n] of Object.entries(await coverage(db, communityId))) put(CURRENT, metric, n);

  const services = await db
    .selectFrom('service_record')
    .select([
      yearOf('served_on').as('year'),
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('minutes').as('minutes'),
      (eb) => eb.fn.count<number>('unit_id').distinct().as('units'),
      (eb) => eb.fn.count<number>('party_member_id').distinct().as('members'),
    ])
    .where('community_id', '=', communityId)
    .groupBy(yearOf('served_on'))
    .execute();
  for (const s of services) {
    put(s.year, 'services', s.n);
    put(s.year, 'service_minutes', s.minutes);
    put(s.year, 'units_active', s.units);
    put(s.year, 'members_active', s.members);
  }
  const bookings = await db
    .selectFrom('resource_booking')
    .select([yearOf('starts_at').as('year'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', communityId)
    .where('status', '=', 'confirmed')
    .groupBy(yearOf('starts_at'))
    .execute();
  for (const b of bookings) put(b.year, 'bookings_confirmed', b.n);
  const created = await db.selectFrom('demand').select([yearOf('created_at').as('year'), (eb) => eb.fn.countAll<number>().as('n')]).where('community_id', '=', communityId).groupBy(yearOf('created_at')).execute();
  for (const d of created) put(d.year, 'demands_created', d.n);
  const met = await db
    .selectFrom('demand')
    .select([yearOf('met_at').as('year'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', communityId)
    .where('met_at', 'is not', null)
    .groupBy(yearOf('met_at'))
    .execute();
  for (const d of met) put(d.year, 'demands_met', d.n);

  const known = await db.selectFrom('unit_stats').select('year').distinct().where('community_id', '=', communityId).where('year', '<>', CURRENT).execute();
  const years = new Set([...known.map((k) => k.year), ...[...values.values()].map((v) => v.year).filter((y) => y !== CURRENT)]);
  for (const metric of CURRENT_METRICS) if (!values.has(`${CURRENT}:${metric}`)) put(CURRENT, metric, 0);
  for (const year of years) for (const metric of YEAR_METRICS) if (!values.has(`${year}:${metric}`)) put(year, metric, 0);
  await db
    .insertInto('unit_stats')
    .values([...values.values()].map((v) => ({ community_id: communityId, ...v })))
    .onConflict((oc) => oc.columns(['community_id', 'year', 'metric']).doUpdateSet({ n: (eb) => eb.ref('excluded.n') }))
    .execute();
}

/**
 * Coverage (seed 000 "… cover 1,712 grids"): the distinct grids, compounds and buildings
 * holding a confirmed member's residence or a place a confirmed unit served at.
 */
async function coverage(db: Database, communityId: number) {
  const residences = db.selectFrom('party_member').select('residence_building_id as id').where('community_id', '=', communityId).where('status', '=', 'confirmed');
  const served = db
    .selectFrom('service_record as s')
    .innerJoin('unit as u', 'u.id', 's.unit_id')
    .select('s.territory_id as id')
    .where('s.community_id', '=', communityId)
    .where('u.status', '=', 'confirmed');
  const covered = await db.selectFrom('territory_node').select(['path', 'level']).where('id', 'in', residences.union(served)).execute();
  if (covered.length === 0) return {};
  const community = await db.selectFrom('territory_node').select('path').where('id', '=', communityId).executeTakeFirstOrThrow();
  const below = await db.selectFrom('territory_node').select(['path', 'level']).where('path', 'like', `${community.path}%`).where('level', 'in', ['grid', 'compound']).execute();
  const holding = (level: string) => below.filter((n) => n.level === level && covered.some((c) => c.path.startsWith(n.path))).length;
  return { grids_covered: holding('grid'), compounds_covered: holding('compound'), buildings_covered: covered.filter((c) => c.level === 'building').length };
}
