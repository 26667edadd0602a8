import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { readXlsx } from '../../platform/excel.js';
import { EXPORT_LIMIT } from './export.js';
import { COUNT_CAP } from './repository.js';
import { caseWorld, createCase, type CaseWorld } from './test-support.js';

let t: TestContext;
let w: CaseWorld;
const COPIES = COUNT_CAP + 5;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
  // A year of a busy community's cases, copied in SQL from one recorded through the API.
  base = (await createCase(w)).id;
  await copies(COPIES, 'year');
});

let base: number;
/** Rated copies of one case recorded through the API, written in SQL. */
async function copies(n: number, tag: string) {
  await sql`INSERT INTO case_record (tracking_no, territory_id, community_id, channel, category_code, description, desc_tokens, source, status, created_at)
    SELECT tracking_no || '-' || ${tag} || g, territory_id, community_id, channel, category_code, description, desc_tokens, source, 'rated', created_at - make_interval(mins => g)
    FROM case_record, generate_series(1, ${n}::int) AS g WHERE id = ${base}`.execute(t.db);
}
afterAll(() => t.close());

describe('the queue past 10,000 cases', () => {
  it('counts up to the cap and says that more match, and pages on', async () => {
    const page = (await w.as.community.get('/api/v1/cases?current=1&pageSize=20')).body;
    expect(page).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(page.data).toHaveLength(20);
    const beyond = (await w.as.community.get(`/api/v1/cases?current=${COUNT_CAP / 20 + 1}&pageSize=20`)).body;
    expect(beyond.data.length).toBeGreaterThan(0);
    // A narrower filter is counted exactly.
    expect((await w.as.community.get('/api/v1/cases?status=submitted')).body).toMatchObject({ total: 1, totalCapped: false });
  });

  it('exports every matching case up to the export limit, and refuses beyond it', async () => {
    const res = await w.as.community.get('/api/v1/cases/export?status=rated');
    expect(res.status).toBe(200);
    expect(await readXlsx(res.raw, ['诉求编号'])).toHaveLength(COPIES);
    await copies(EXPORT_LIMIT - COPIES + 1, 'more');
    const refused = await w.as.community.get('/api/v1/cases/export?status=rated');
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('50000');
  });
});
