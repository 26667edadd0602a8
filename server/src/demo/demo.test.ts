import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/harness.js';
import { verifyPassword } from '../platform/auth/passwords.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { communityTree } from './generator.js';
import { DEMO_PASSWORD, loadDemo, loadDemoIfEmpty } from './index.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await testDatabase();
});
afterAll(() => handle.close());

const countsByLevel = async () =>
  Object.fromEntries(
    (await handle.db.selectFrom('territory_node').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute()).map((r) => [r.level, Number(r.n)]),
  );

describe('the demo loader', () => {
  it('loads Lanzhou, generated grids and one account per role on an empty database', async () => {
    // How long it takes is the bench's to say ('migrations and demo city', docs/performance.md), not a test's.
    const result = await loadDemoIfEmpty(handle.db);
    expect(result.loaded).toBe(true);

    const counts = await countsByLevel();
    expect(counts).toMatchObject({ city: 1, district: 9, street: 77, community: 440 });
    expect(counts.grid).toBeGreaterThanOrEqual(3 * 440);
    expect(counts.compound).toBeGreaterThan(1000);
    expect(counts.building).toBeGreaterThan(4000);
    expect(result.summary[0]).toMatch(/^Demo data: 兰州市 — 9 districts, 77 streets, 440 communities, [\d,]+ grids/);
    // Analysed as it was loaded: the planner knows the city's size before the first request.
    const planned = await sql<{ n: number }>`SELECT reltuples AS n FROM pg_class WHERE relname = 'territory_node'`.execute(handle.db);
    expect(Number(planned.rows[0]!.n)).toBeGreaterThan(4000);

    // Every path is its parent's path plus its own id.
    const broken = await sql<{ id: number }>`SELECT c.id FROM territory_node c JOIN territory_node p ON p.id = c.parent_id
      WHERE c.path <> p.path || c.id::text || '/' OR c.depth <> p.depth + 1`.execute(handle.db);
    expect(broken.rows).toEqual([]);
  });

  it('generates the same grids for a community every time', async () => {
    const cjx = await handle.db.selectFrom('territory_node').select(['id', 'name']).where('code', '=', '620102001001').executeTakeFirstOrThrow();
    const grids = await handle.db.selectFrom('territory_node').select('name').where('parent_id', '=', cjx.id).orderBy('sort').execute();
    expect(grids.map((g) => g.name)).toEqual(communityTree('620102001001', cjx.name).map((g) => g.name));
    expect(grids[0]!.name).toBe('第一网格');
    expect(communityTree('620102001001', cjx.name)).toEqual(communityTree('620102001001', cjx.name));
  });

  it('creates the demo accounts with the published password, bound where the summary says', async () => {
    const accounts = await handle.db
      .selectFrom('app_user as u')
      .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
      .innerJoin('territory_node as t', 't.id', 'r.territory_id')
      .select(['u.username', 'u.password_hash', 'u.must_change_password', 'u.home_territory_id', 'r.role', 'r.territory_id', 't.name', 't.level'])
      .orderBy('u.id')
      .execute();
    expect(accounts.map((a) => [a.username, a.role, a.name])).toEqual([
      ['city', 'city_admin', '兰州市'],
      ['district', 'district_admin', '城关区'],
      ['street', 'street_staff', '酒泉路街道'],
      ['community', 'community_staff', '畅家巷社区'],
      ['grid', 'grid_worker', '第一网格'],
      ['member', 'committee_member', '畅家巷社区'],
      ['dept', 'department_staff', '城关区'],
      ['unit', 'unit_contact', '畅家巷社区'],
      ['volunteer', 'volunteer', '畅家巷社区'],
    ]);
    for (const a of accounts) {
      expect(a.must_change_password).toBe(false);
      expect(a.home_territory_id).toBe(a.territory_id);
    }
    expect(await verifyPassword(accounts[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
  });

  it('sets up the departments of 城关区 with the dept account in 住建局', async () => {
    const rows = await handle.db
      .selectFrom('department as d')
      .innerJoin('territory_node as t', 't.id', 'd.territory_id')
      .leftJoin('department_member as m', 'm.department_id', 'd.id')
      .leftJoin('app_user as u', 'u.id', 'm.user_id')
      .select(['d.name', 't.name as territory', 'u.username'])
      .orderBy('d.code')
      .execute();
    expect(rows.map((r) => [r.name, r.territory, r.username])).toEqual([
      ['城关区住建局', '城关区', 'dept'],
      ['城关区城市管理局', '城关区', null],
      ['城关区水务局', '城关区', null],
    ]);
  });

  it('adds half a year of cases to the demo street, with their statistics', async () => {
    const byStatus = await handle.db.selectFrom('case_record').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('source', '=', 'demo').groupBy('status').execute();
    const total = byStatus.reduce((sum, r) => sum + Number(r.n), 0);
    expect(total).toBeGreaterThanOrEqual(240);
    expect(byStatus.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['handling', 'closed', 'rated', 'rejected']));
    const street = await handle.db.selectFrom('territory_node').select('id').where('code', '=', '620102001000').executeTakeFirstOrThrow();
    const received = await handle.db
      .selectFrom('case_stats_day')
      .select(sql<number>`sum(received)::int8`.as('n'))
      .where('node_id', '=', street.id)
      .where('dim', '=', 'all')
      .executeTakeFirstOrThrow();
    expect(Number(received.n)).toBe(total);
  });

  it('is idempotent', async () => {
    const before = await countsByLevel();
    const users = await handle.db.selectFrom('app_user').select('id').execute();
    expect(await loadDemoIfEmpty(handle.db)).toEqual({ loaded: false, summary: [] });
    expect((await loadDemo(handle.db)).loaded).toBe(false);
    expect(await countsByLevel()).toEqual(before);
    expect(await handle.db.selectFrom('app_user').select('id').execute()).toEqual(users);
  });

  it('fills in a community that lost its grids, and nothing else', async () => {
    const zjy = await handle.db.selectFrom('territory_node').select(['id', 'path']).where('code', '=', '620102001002').executeTakeFirstOrThrow();
    const before = await countsByLevel();
    await handle.db.deleteFrom('territory_node').where('path', 'like', `${zjy.path}_%`).where('level', '=', 'building').execute();
    await handle.db.deleteFrom('territory_node').where('path', 'like', `${zjy.path}_%`).where('level', '=', 'compound').execute();
    await handle.db.deleteFrom('territory_node').where('parent_id', '=', zjy.id).execute();
    expect((await loadDemo(handle.db)).loaded).toBe(true);
    expect(await countsByLevel()).toEqual(before);
  });
});
