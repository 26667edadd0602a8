import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/harness.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { countsOf } from '../modules/committees/stats.js';
import { REPORT_GROUP } from '../modules/committees/workflow.js';
import { loadDemoCommittees } from './committees.js';
import { loadDemo } from './index.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await testDatabase();
  await loadDemo(handle.db);
}, 120_000);
afterAll(() => handle.close());

/** Seed 000: 全市427个社区…共吸纳"社工委"委员6046名 and its categories. */
const SEED_000 = { two_committees: 1789, deputies: 414, veteran: 441, police: 271, private_enterprise: 373, social_org: 303, property: 524, owners_committee: 77, notable_resident: 468, other: 1386 };

describe('the demo committees', () => {
  it("reproduce seed 000's table for the city, from the rows and from the rollups", async () => {
    const { rows } = await sql<{ category: keyof typeof REPORT_GROUP; n: number }>`SELECT category, count(*)::int AS n FROM committee_member
      WHERE status = 'serving' GROUP BY category`.execute(handle.db);
    const grouped: Record<string, number> = {};
    for (const r of rows) grouped[REPORT_GROUP[r.category]] = (grouped[REPORT_GROUP[r.category]] ?? 0) + r.n;
    expect(grouped).toEqual(SEED_000);
    const city = await handle.db.selectFrom('territory_node').select('id').where('code', '=', '620100000000').executeTakeFirstOrThrow();
    const counts = (await countsOf(handle.db, [city.id])).get(city.id)!;
    expect(counts).toMatchObject({ committees: 440, committeesActive: 440, members: 6046, vacancies: 0 });
    const sizes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM committee_member GROUP BY committee_id`.execute(handle.db);
    expect(Math.min(...sizes.rows.map((r) => r.n))).toBeGreaterThanOrEqual(13);
    expect(Math.max(...sizes.rows.map((r) => r.n))).toBeLessThanOrEqual(15);
  });

  it('give 畅家巷社区 a committee led by its secretary, with four deputies and the demo member', async () => {
    const members = await handle.db
      .selectFrom('committee_member as m')
      .innerJoin('territory_node as t', 't.id', 'm.community_id')
      .leftJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['m.role', 'm.is_party_secretary', 'm.category', 'u.username', 'm.term_end'])
      .where('t.code', '=', '620102001001')
      .execute();
    expect(members.length).toBeGreaterThanOrEqual(13);
    expect(members.length).toBeLessThanOrEqual(15);
    expect(members.filter((m) => m.role === 'director')).toEqual([expect.objectContaining({ is_party_secretary: true, category: 'two_committees', username: 'community' })]);
    expect(members.filter((m) => m.role === 'deputy_director')).toHaveLength(4);
    expect(members.find((m) => m.username === 'member')).toBeDefined();
    const soon = new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10);
    expect(members.filter((m) => m.term_end !== null && m.term_end <= soon)).toHaveLength(2);
    const visits = await handle.db.selectFrom('visit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(visits.n)).toBeGreaterThan(0);
  });

  it('adds nothing when loaded again', async () => {
    expect(await loadDemoCommittees(handle.db)).toBe(0);
    expect((await loadDemo(handle.db)).loaded).toBe(false);
  });
});
