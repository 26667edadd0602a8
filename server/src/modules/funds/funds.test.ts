import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { prng } from '../../demo/generator.js';
import { applied, confirmedUnit, step } from '../projects/test-support.js';
import { accountsOf } from './ledger.js';

let t: TestContext;
let community: Agent;
let street: Agent;
let district: Agent;
let cjx: number;
let unitId: number;
beforeAll(async () => {
  t = await testApp();
  [community, street, district] = await Promise.all([t.as('community'), t.as('street'), t.as('district')]);
  cjx = t.fixture.node.changjiaxiang;
  unitId = await confirmedUnit(t, '兰州城投物业有限公司', false);
});
afterAll(() => t.close());

const txnCount = async () => Number((await t.db.selectFrom('fund_txn').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const balanceOf = async (kind: string) => (await street.get(`/api/v1/funds/communities/${cjx}`)).body.accounts.find((a: { kind: string }) => a.kind === kind)?.balance ?? 0;

/** The ledger's invariants, read straight from the tables. */
async function checkLedger() {
  const accounts = await t.db
    .selectFrom('fund_account as a')
    .leftJoin('fund_entry as e', 'e.account_id', 'a.id')
    .select(['a.id', 'a.kind', 'a.balance', (eb) => eb.fn.coalesce(eb.fn.sum<number | string>('e.amount'), sql<number>`0`).as('sum')])
    .groupBy(['a.id', 'a.kind', 'a.balance'])
    .execute();
  for (const a of accounts) {
    expect(a.balance).toBe(Number(a.sum));
    if (!['district_source', 'donation_source'].includes(a.kind)) expect(a.balance).toBeGreaterThanOrEqual(0);
  }
  const unbalanced = await t.db.selectFrom('fund_entry').select(['txn_id', (eb) => eb.fn.sum<number | string>('amount').as('s')]).groupBy('txn_id').execute();
  expect(unbalanced.filter((r) => Number(r.s) !== 0)).toEqual([]);
  expect(accounts.reduce((s, a) => s + a.balance, 0)).toBe(0);
}

describe('allocations, donations and reversals', () => {
  it('the district allocates; the community records a donation; the ledger balances', async () => {
    expect((await district.post(`/api/v1/funds/communities/${cjx}/allocations`, { amount: 5_000_000, memo: '2026年社工委工作经费' })).status).toBe(201);
    expect((await community.post(`/api/v1/funds/communities/${cjx}/allocations`, { amount: 100, memo: '自己拨给自己' })).status).toBe(403);
    expect((await community.post(`/api/v1/funds/communities/${cjx}/donations`, { amount: 800_000, memo: '物业捐赠', unitId })).status).toBe(201);
    const ledger = (await community.get(`/api/v1/funds/communities/${cjx}`)).body;
    expect(ledger.total).toBe(0);
    expect(Object.fromEntries(ledger.accounts.map((a: { kind: string; balance: number }) => [a.kind, a.balance]))).toEqual({ district_source: -5_000_000, donation_source: -800_000, pool: 5_800_000, spent: 0 });
    expect((await (await t.as('streetb')).get(`/api/v1/funds/communities/${cjx}`)).status).toBe(404);
  });

  it('a negative or zero amount is a 400 on body.amount, writing nothing', async () => {
    const before = await txnCount();
    for (const amount of [-500, 0]) {
      const res = await district.post(`/api/v1/funds/communities/${cjx}/allocations`, { amount, memo: '冲减' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('body.amount');
    }
    expect(await txnCount()).toBe(before);
  });

  it('corrections are reversing transactions, once each, never overdrawing the pool', async () => {
    const list = (await community.get(`/api/v1/funds/communities/${cjx}/transactions?kind=donation`)).body.data;
    const donation = list[0];
    const reversed = await community.post(`/api/v1/funds/transactions/${donation.id}/reverse`, { memo: '捐赠登记错误' });
    expect(reversed.status).toBe(201);
    expect((await community.post(`/api/v1/funds/transactions/${donation.id}/reverse`, { memo: '再冲一次' })).status).toBe(409);
    expect(await balanceOf('pool')).toBe(5_000_000);
    // Spend the pool down with a work-fund project, then try to take the allocation back.
    const p = await applied(community, cjx, { fundingSource: 'work_fund', lines: [{ name: '活动物资', amount: 4_500_000 }] });
    await step(street, p.id, 'approve');
    const allocation = (await community.get(`/api/v1/funds/communities/${cjx}/transactions?kind=allocation`)).body.data[0];
    const before = await txnCount();
    const res = await district.post(`/api/v1/funds/transactions/${allocation.id}/reverse`, { memo: '收回' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('funds.insufficient');
    expect(await txnCount()).toBe(before);
    const budget = (await community.get(`/api/v1/funds/communities/${cjx}/transactions?kind=budget`)).body.data[0];
    expect((await street.post(`/api/v1/funds/transactions/${budget.id}/reverse`, { memo: '手工冲正' })).body.code).toBe('funds.not_reversible');
    await checkLedger();
  });

  it('entries and transactions cannot be updated or deleted', async () => {
    await expect(t.db.updateTable('fund_entry').set({ amount: 1 }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('fund_entry').execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('fund_txn').execute()).rejects.toThrow(/append-only/);
    await checkLedger();
  });

  it('the yearly report exports every transaction of the year with totals', async () => {
    const year = Number((await t.db.selectFrom('fund_txn').select('booked_on').executeTakeFirstOrThrow()).booked_on.slice(0, 4));
    const res = await community.get(`/api/v1/funds/communities/${cjx}/report?year=${year}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + (await txnCount()) + 1);
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(8).value).toBe(50_000); // 50,000 + 8,000 − 8,000 yuan
  });
});

describe("a community's fixed accounts", () => {
  it('are found again under a generic plan, as a prepared statement gets one after five runs', async () => {
    const ids = await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(trx);
      return [await accountsOf(trx, t.fixture.node.longxilu), await accountsOf(trx, t.fixture.node.longxilu)];
    });
    expect(ids[1]).toEqual(ids[0]);
    expect(Object.keys(ids[0]!).sort()).toEqual(['district_source', 'donation_source', 'pool', 'spent']);
  });
});

describe('random operations keep every balance equal to the sum of its entries', () => {
  it('holds over a seeded random sequence', async () => {
    const random = prng(20261203);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const amount = () => (random() < 0.08 ? -Math.floor(random() * 1000) : 1 + Math.floor(random() * 2_000_000));
    const running: { id: number; lines: number[] }[] = [];
    for (let i = 0; i < 2; i++) {
      const p = await applied(community, cjx, { title: `随机项目${i}`, lines: [{ name: '甲', amount: 1_000_000 }, { name: '乙', amount: 600_000 }] });
      await step(street, p.id, 'approve');
      await step(community, p.id, 'assign', { teamName: '社工站服务团队' });
      running.push({ id: p.id, lines: p.lines.map((l) => l.id) });
    }
    const outcomes: Record<string, number> = {};
    for (let n = 0; n < 60; n++) {
      const op = pick(['allocate', 'donate', 'spend', 'spend', 'reverse', 'project']);
      let status: number;
      if (op === 'allocate') status = (await district.post(`/api/v1/funds/communities/${cjx}/allocations`, { amount: amount(), memo: '拨付' })).status;
      else if (op === 'donate') status = (await community.post(`/api/v1/funds/communities/${cjx}/donations`, { amount: amount(), memo: '捐赠', unitId })).status;
      else if (op === 'spend') {
        const p = pick(running);
        const version = (await community.get(`/api/v1/projects/${p.id}`)).body.version;
        status = (await community.post(`/api/v1/projects/${p.id}/expenses`, { version, lineId: pick(p.lines), amount: amount(), memo: '支出' })).status;
      } else if (op === 'reverse') {
        const txns = (await community.get(`/api/v1/funds/communities/${cjx}/transactions?pageSize=50`)).body.data.filter((x: { kind: string }) => ['allocation', 'donation', 'expense'].includes(x.kind));
        status = txns.length ? (await district.post(`/api/v1/funds/transactions/${pick(txns as { id: number }[]).id}/reverse`, { memo: '冲正' })).status : 0;
      } else {
        const p = await applied(community, cjx, { title: `池内项目${n}`, fundingSource: 'donation', lines: [{ name: '物资', amount: 1 + Math.floor(random() * 3_000_000) }] });
        status = (await street.post(`/api/v1/projects/${p.id}/approve`, { version: p.version })).status;
      }
      expect([0, 200, 201, 400, 409]).toContain(status);
      outcomes[`${op}:${status}`] = (outcomes[`${op}:${status}`] ?? 0) + 1;
      await checkLedger();
    }
    // The sequence exercised both sides: postings that went through and guards that refused.
    expect(Object.keys(outcomes).some((k) => k.endsWith(':400'))).toBe(true);
    expect(Object.keys(outcomes).some((k) => k.startsWith('spend:200'))).toBe(true);
  });
});
