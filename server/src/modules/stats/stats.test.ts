import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/harness.js';
import { testApp, type TestContext } from '../../../test/harness.js';
import { rebuildCaseRollups } from '../cases/service.js';
import { act, caseWorld, createCase, type CaseWorld } from '../cases/test-support.js';
import type { Action } from '../cases/workflow.js';

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
  await scenario();
});
afterAll(() => t.close());

type Step = [Agent, Action, Record<string, unknown>?];

/** Creates a case and takes it through the steps, failing loudly on any refusal. */
async function run(overrides: Record<string, unknown>, steps: Step[], by: Agent = w.as.community) {
  let c = await createCase(w, overrides, by);
  for (const [agent, action, extra] of steps) {
    if (action === 'sign' && extra?.late) {
      await sql`UPDATE case_record SET respond_by = created_at - interval '1 minute' WHERE id = ${c.id}`.execute(t.db);
    }
    const { late: _late, ...body } = extra ?? {};
    const res = await act(w, agent, c.id, action, c.version, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    c = res.body;
  }
  return c;
}

/**
 * The known scenario, all received today:
 *   畅家巷 (酒泉路街道): A rated satisfied, B rated dissatisfied (both routine, signed in time),
 *   C escalated to 联合哨 and closed by 住建局, D rejected, E waiting, F signed for late and in hand;
 *   陇西路 (张掖路街道): G closed by the community itself.
 */
async function scenario() {
  const { community: cm, grid, street, dept, streetb } = w.as;
  const routine: Step[] = [[cm, 'accept'], [cm, 'dispatch'], [grid, 'sign'], [grid, 'reply'], [cm, 'verify_pass']];
  await run({ channel: 'visit' }, [...routine, [cm, 'rate', { rating: 'satisfied' }]]);
  await run({ channel: 'hotline' }, [...routine, [cm, 'rate', { rating: 'dissatisfied' }]]);
  await run({ channel: 'visit', categoryCode: 'water_heating' }, [
    [cm, 'accept'], [cm, 'escalate'], [street, 'dispatch', { assigneeUserId: undefined, leadDepartmentId: w.housing }],
    [dept, 'sign'], [dept, 'reply'], [cm, 'verify_pass'],
  ]);
  await run({ channel: 'h5' }, [[cm, 'reject']]);
  await run({ channel: 'h5' }, []);
  await run({ channel: 'grid_report' }, [[cm, 'accept'], [cm, 'dispatch'], [grid, 'sign', { late: true }]]);
  const longxi = { communityId: t.fixture.node.longxilu, territoryId: t.fixture.node.longxiluBuilding, channel: 'visit' };
  await run(longxi, [[streetb, 'accept'], [streetb, 'dispatch', { assigneeUserId: undefined, toCommunity: true }], [streetb, 'sign'], [streetb, 'reply'], [streetb, 'verify_pass']], streetb);
}

const stats = (agent: Agent, query = '') => agent.get(`/api/v1/stats/cases${query ? `?${query}` : ''}`);

describe('the statistics of a known scenario', () => {
  it('gives a street its counts and rates, each with numerator and denominator', async () => {
    const res = await stats(w.as.street);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const s = res.body;
    expect(s.territory).toMatchObject({ id: t.fixture.node.jiuquanlu, level: 'street' });
    expect(s.counts).toMatchObject({ received: 6, accepted: 4, rejected: 1, responded: 4, respondedInTime: 3, closed: 3, closedInGrid: 2, escalated: 1, rated: 2, satisfied: 1, dissatisfied: 1 });
    expect(s.rates.responseRate).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(s.rates.solveRate).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(s.rates.satisfactionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(s.rates.inGridShare).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
    expect(s.rates.averageCloseHours).toBeGreaterThanOrEqual(0);
    expect(Object.fromEntries(s.byChannel.map((r: { code: string; counts: { received: number } }) => [r.code, r.counts.received]))).toEqual({ visit: 2, hotline: 1, h5: 2, grid_report: 1 });
    expect(s.byTier.map((r: { code: string; counts: { closed: number } }) => [r.code, r.counts.closed])).toEqual([['routine', 2], ['joint', 1]]);
    expect(s.byCategory.find((r: { code: string }) => r.code === 'water_heating').counts.received).toBe(1);
    expect(s.byStatus.map((r: { code: string; counts: { received: number } }) => [r.code, r.counts.received])).toEqual([
      ['submitted', 1], ['rejected', 1], ['handling', 1], ['closed', 1], ['rated', 2],
    ]);
    expect(s.children.map((c: { name: string; counts: { received: number } }) => [c.name, c.counts.received])).toEqual([['畅家巷社区', 6], ['张家园社区', 0]]);
    expect(s.children[1].rates.solveRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(s.series.reduce((sum: number, p: { counts: { received: number } }) => sum + p.counts.received, 0)).toBe(6);
    expect(s.now).toMatchObject({ total: 6, overdueNow: 0 });
  });

  it('adds every street up to the city, and drills down to its districts', async () => {
    const s = (await stats(w.as.city)).body;
    expect(s.territory.id).toBe(t.fixture.node.city);
    expect(s.counts).toMatchObject({ received: 7, accepted: 5, closed: 4, closedInGrid: 3 });
    expect(s.children.map((c: { name: string; counts: { received: number } }) => [c.name, c.counts.received])).toEqual([['城关区', 7], ['七里河区', 0]]);
    const street = (await stats(w.as.city, `territoryId=${t.fixture.node.zhangyelu}`)).body;
    expect(street.counts).toMatchObject({ received: 1, closed: 1, closedInGrid: 1 });
    expect(street.territory.ancestors.map((a: { name: string }) => a.name)).toEqual(['兰州市', '城关区']);
  });

  it('gives the Excel export the same figures, and the definitions', async () => {
    const res = await w.as.street.get('/api/v1/stats/cases/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '下级辖区', '趋势', '按渠道', '按分类', '按层级', '按状态']);
    const rows = book.getWorksheet('汇总')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 5));
    expect(rows).toContainEqual(['登记量', 6, '', '']);
    expect(rows).toContainEqual(['响应率', '75.0%', 3, 4]);
    expect(rows).toContainEqual(['网格内解决占比', '66.7%', 2, 3]);
  });
});

describe('scope', () => {
  it('keeps a street to its own subtree: another street is a 404', async () => {
    expect((await stats(w.as.street, `territoryId=${t.fixture.node.zhangyelu}`)).status).toBe(404);
    expect((await w.as.street.get(`/api/v1/stats/cases/export?territoryId=${t.fixture.node.zhangyelu}`)).status).toBe(404);
    const own = await stats(w.as.streetb);
    expect(own.body.territory.id).toBe(t.fixture.node.zhangyelu);
    expect(own.body.counts.received).toBe(1);
  });

  it('refuses accounts without stats:read, and levels below the community', async () => {
    expect((await stats(w.as.grid)).status).toBe(403);
    expect((await stats(w.as.dept)).status).toBe(403);
    expect((await stats(t.agent())).status).toBe(401);
    const grid = await stats(w.as.community, `territoryId=${t.fixture.node.changjiaxiangGrid}`);
    expect(grid.status).toBe(400);
    expect(grid.body.errors[0].field).toBe('query.territoryId');
    const own = (await stats(w.as.community)).body;
    expect(own.territory.id).toBe(t.fixture.node.changjiaxiang);
    expect(own.children).toEqual([]);
  });

  it('says which field of a bad period is wrong', async () => {
    const reversed = await stats(w.as.street, 'from=2026-03-02&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors[0].field).toBe('query.to');
    expect((await stats(w.as.street, 'from=2026-02-30&to=2026-03-01')).body.errors).toEqual([{ field: 'query.from', message: '格式不正确（应为 YYYY-MM-DD）' }]);
    expect((await stats(w.as.street, 'from=0001-01-01&to=0001-01-02')).body.errors).toEqual([{ field: 'query.from', message: '年份应在 1900—2999 之间' }, { field: 'query.to', message: '年份应在 1900—2999 之间' }]);
    expect((await stats(w.as.street, 'from=2020-01-01&to=2026-01-01')).body.errors[0].field).toBe('query.from');
  });
});

describe('periods are Beijing days', () => {
  it('puts a case received at 00:30 Beijing time on that day, one at 23:30 on the day before', async () => {
    const early = await createCase(w);
    const late = await createCase(w);
    await t.db.updateTable('case_record').set({ created_at: new Date('2025-06-30T16:30:00Z') }).where('id', '=', early.id).execute();
    await t.db.updateTable('case_record').set({ created_at: new Date('2025-06-30T15:30:00Z') }).where('id', '=', late.id).execute();
    // Cases moved around the application need the recompute; the hooks then carry on from it.
    await rebuildCaseRollups(t.db);
    const day = async (d: string) => (await stats(w.as.street, `from=${d}&to=${d}`)).body.counts.received;
    expect(await day('2025-07-01')).toBe(1);
    expect(await day('2025-06-30')).toBe(1);
    expect(await day('2025-06-29')).toBe(0);
    expect((await act(w, w.as.community, early.id, 'accept', early.version)).status).toBe(200);
    const july = (await stats(w.as.street, 'from=2025-07-01&to=2025-07-31')).body;
    expect(july.counts).toMatchObject({ received: 1, accepted: 1 });
    expect(july.period.granularity).toBe('day');
    // Half of June from the day rows, the whole of July from the month rows.
    expect((await stats(w.as.street, 'from=2025-06-15&to=2025-07-31')).body.counts).toMatchObject({ received: 2, accepted: 1 });
    const year = (await stats(w.as.street, 'from=2025-01-01&to=2025-12-31')).body;
    expect(year.period.granularity).toBe('month');
    expect(year.series).toHaveLength(12);
    expect(year.series.find((p: { period: string }) => p.period === '2025-06-01').counts.received).toBe(1);
    expect(year.series.find((p: { period: string }) => p.period === '2025-07-01').counts.received).toBe(1);
  });
});

describe('definitions', () => {
  it('are served to the console and quoted word for word in docs/statistics.md', async () => {
    const res = await w.as.street.get('/api/v1/stats/cases/definitions');
    expect(res.status).toBe(200);
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../docs/statistics.md'), 'utf8');
    for (const d of res.body as { name: string; text: string; textEn: string }[]) {
      expect(doc, d.name).toContain(d.text);
      expect(doc, d.name).toContain(d.textEn);
    }
  });
});
