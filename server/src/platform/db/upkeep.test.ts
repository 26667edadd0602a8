import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/harness.js';
import type { DatabaseHandle } from './database.js';
import { beijingHour } from '../time.js';
import { analyzeAll, vacuumIfDue } from './upkeep.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await testDatabase();
});
afterAll(() => handle.close());

const reltuples = async (table: string) =>
  Number((await sql<{ n: number }>`SELECT reltuples AS n FROM pg_class WHERE relname = ${table}`.execute(handle.db)).rows[0]!.n);

describe('the embedded database upkeep', () => {
  it('gives the planner statistics of every table', async () => {
    await handle.db
      .insertInto('dict_type')
      .values(Array.from({ length: 300 }, (_, i) => ({ code: `upkeep_${i}`, name: `维护测试 ${i}`, name_en: `upkeep ${i}` })))
      .execute();
    await analyzeAll(handle.db);
    expect(await reltuples('dict_type')).toBeGreaterThanOrEqual(300);
    expect(await reltuples('territory_node')).toBeGreaterThanOrEqual(0);
  });

  it('vacuums in the small hours of Beijing time, and otherwise only when the last is two days old', async () => {
    // 03:30 in Beijing.
    expect(await vacuumIfDue(handle.db, new Date('2026-12-04T19:30:00Z'))).toBe(true);
    const vacuumed = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE last_vacuum IS NULL`.execute(handle.db)).rows[0]!.n;
    expect(vacuumed).toBe(0);
    // An hour or two later, outside 03:00–04:00 in Beijing: nothing to do.
    const soon = [1, 2].map((h) => new Date(Date.now() + h * 3_600_000)).find((at) => beijingHour(at) !== 3)!;
    expect(await vacuumIfDue(handle.db, soon)).toBe(false);
    // Three days later, still outside it: the fallback runs it.
    expect(await vacuumIfDue(handle.db, new Date(soon.getTime() + 3 * 86_400_000))).toBe(true);
  });
});
