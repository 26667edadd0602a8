import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { ResidentAgent } from '../resident/test-support.js';
import { application, applied, confirmedUnit, step } from './test-support.js';
import { PROJECT_ACTIONS, TRANSITIONS } from './workflow.js';

let t: TestContext;
let community: Agent;
let street: Agent;
let unit: Agent;
let unitId: number;
beforeAll(async () => {
  t = await testApp();
  [community, street, unit] = await Promise.all([t.as('community'), t.as('street'), t.as('unit')]);
  unitId = await confirmedUnit(t);
});
afterAll(() => t.close());

const ledgerTotal = async () => (await street.get(`/api/v1/funds/communities/${t.fixture.node.changjiaxiang}`)).body;
const count = async (table: 'project' | 'fund_txn' | 'project_rating') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('a project from application to archive', () => {
  let id: number;
  let lines: { id: number; name: string }[];

  it('the community applies; the street approves with an adjusted budget that moves money onto the lines', async () => {
    const p = await applied(community, t.fixture.node.changjiaxiang);
    ({ id, lines } = p);
    expect(p).toMatchObject({ status: 'applied', version: 2, actions: [] });
    const seen = (await street.get(`/api/v1/projects/${id}`)).body;
    expect(seen.actions).toEqual(['approve', 'adjust', 'reject']);
    // A unit sees nothing before approval (404, as for a project that does not exist).
    expect((await unit.get(`/api/v1/projects/${id}`)).status).toBe(404);
    const adjusted = await step(street, id, 'adjust', { comment: '交通补贴按实际核减', lines: [{ lineId: lines[0]!.id, amount: 3_000_000 }, { lineId: lines[1]!.id, amount: 300_000 }] });
    expect(adjusted.status).toBe('approved');
    expect(adjusted.lines.map((l: { approvedAmount: number; remainingAmount: number }) => [l.approvedAmount, l.remainingAmount])).toEqual([[3_000_000, 3_000_000], [300_000, 300_000]]);
    expect((await ledgerTotal()).total).toBe(0);
  });

  it('a unit sees it open for claim, claims it, and the community confirms', async () => {
    const open = await unit.get('/api/v1/projects?openForClaim=true');
    expect(open.body.data.map((p: { id: number }) => p.id)).toEqual([id]);
    const claimed = await step(unit, id, 'claim', { unitId });
    expect(claimed).toMatchObject({ status: 'claimed', undertakerName: '兰州市阳光社会工作服务中心', undertakeMode: 'claimed' });
    expect((await community.get(`/api/v1/projects/${id}`)).body.actions).toEqual(['confirm_claim', 'refuse_claim']);
    expect((await step(community, id, 'confirm-claim')).status).toBe('executing');
  });

  it('spending beyond a budget line is a 400 on body.amount and writes nothing', async () => {
    const before = await count('fund_txn');
    const current = (await community.get(`/api/v1/projects/${id}`)).body;
    const res = await community.post(`/api/v1/projects/${id}/expenses`, { version: current.version, lineId: lines[1]!.id, amount: 300_001, memo: '交通补贴' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.amount', message: expect.stringContaining('超出预算科目“志愿者交通补贴”') }]);
    expect(await count('fund_txn')).toBe(before);
    expect((await community.get(`/api/v1/projects/${id}`)).body.version).toBe(current.version);
  });

  it('a negative amount is a 400 on body.amount', async () => {
    const current = (await community.get(`/api/v1/projects/${id}`)).body;
    const res = await community.post(`/api/v1/projects/${id}/expenses`, { version: current.version, lineId: lines[0]!.id, amount: -100, memo: '退款' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.amount');
  });

  it('evaluation before completion is refused, by staff and by residents (409)', async () => {
    const current = (await community.get(`/api/v1/projects/${id}`)).body;
    const staffEval = await community.post(`/api/v1/projects/${id}/evaluate`, { version: current.version, score: 5 });
    expect(staffEval.status).toBe(409);
    const resident = await new ResidentAgent(t).login('13700000021');
    const early = await resident.post(`/api/v1/resident/projects/${id}/rating`, { content: 5, service: 5, management: 5 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('project.not_completed');
    expect(await count('project_rating')).toBe(0);
  });

  it('runs: milestones, spending per line, supervision by staff and residents, then completes', async () => {
    await step(community, id, 'milestones', { title: '完成老人入户摸排', progress: 40, reachedOn: '2026-12-05' });
    const spent = await step(community, id, 'expenses', { lineId: lines[0]!.id, amount: 1_200_000, memo: '12月午餐配送' });
    expect(spent.lines[0]).toMatchObject({ spentAmount: 1_200_000, remainingAmount: 1_800_000 });
    const stale = await community.post(`/api/v1/projects/${id}/milestones`, { version: 1, title: '旧版本', progress: 50, reachedOn: '2026-12-06' });
    expect(stale.status).toBe(409);
    const backwards = await community.post(`/api/v1/projects/${id}/milestones`, { version: spent.version, title: '倒退', progress: 10, reachedOn: '2026-12-06' });
    expect(backwards.body.errors[0].field).toBe('body.progress');
    await community.post(`/api/v1/projects/${id}/supervision`, { content: '抽查配送 3 户，饭菜温热' });
    const resident = await new ResidentAgent(t).login('13700000022');
    expect((await resident.post(`/api/v1/resident/projects/${id}/supervision`, { content: '送餐准时，老人满意' })).status).toBe(201);
    // A spending booked twice is corrected in the ledger (冲正); the project's timeline says so and the line has the money back.
    const twice = await step(community, id, 'expenses', { lineId: lines[0]!.id, amount: 50_000, memo: '12月午餐配送' });
    const duplicate = twice.expenses.find((x: { amount: number; reversedBy: number | null }) => x.amount === 50_000);
    expect((await community.post(`/api/v1/funds/transactions/${duplicate.id}/reverse`, { memo: '重复登记' })).status).toBe(201);
    const corrected = (await community.get(`/api/v1/projects/${id}`)).body;
    expect(corrected.lines[0]).toMatchObject({ spentAmount: 1_200_000, remainingAmount: 1_800_000 });
    expect(corrected.version).toBe(twice.version);
    expect(corrected.timeline.at(-1)).toMatchObject({ action: 'reverse_expense', label: '冲正支出', fromStatus: 'executing', toStatus: 'executing', note: `${lines[0]!.name}：冲正第 ${duplicate.id} 笔，重复登记` });
    await step(community, id, 'milestones', { title: '服务全部完成', progress: 100, reachedOn: '2026-12-20' });
    const done = await step(community, id, 'complete', { summary: '累计配送午餐 1800 份' });
    expect(done.status).toBe('completed');
    expect(done.supervision.map((s: { author: string }) => s.author)).toEqual(['畅家巷社区', '居民 137****0022']);
  });

  it('residents rate once; the community rates the undertaker; archiving returns the rest and publishes the results', async () => {
    for (const [phone, score] of [['13700000023', 5], ['13700000024', 4]] as const) {
      const r = await new ResidentAgent(t).login(phone);
      expect((await r.post(`/api/v1/resident/projects/${id}/rating`, { content: score, service: score, management: 4, comment: '很好' })).status).toBe(201);
      if (phone === '13700000023') expect((await r.post(`/api/v1/resident/projects/${id}/rating`, { content: 1, service: 1, management: 1 })).status).toBe(409);
    }
    const early = await community.post(`/api/v1/projects/${id}/archive`, { version: (await community.get(`/api/v1/projects/${id}`)).body.version });
    expect(early.body.code).toBe('project.not_evaluated');
    await step(community, id, 'evaluate', { score: 5, comment: '服务规范' });
    const archived = await step(community, id, 'archive');
    expect(archived).toMatchObject({ status: 'archived', ratings: { count: 2, content: 4.5, service: 4.5, management: 4 } });
    expect(archived.lines.map((l: { remainingAmount: number }) => l.remainingAmount)).toEqual([0, 0]);
    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`);
    const notice = board.body.current.find((n: { kind: string }) => n.kind === 'project');
    expect(notice.title).toBe('老年助餐服务项目项目结果公示');
    expect((await t.agent().get(`/api/v1/public/notices/${notice.id}`)).body.residentPage).toBe(`/h5/projects/${id}`);
    const ledger = await ledgerTotal();
    expect(ledger.total).toBe(0);
    const spending = archived.expenses[0];
    expect((await community.post(`/api/v1/funds/transactions/${spending.id}/reverse`, { memo: '补冲' })).body.code).toBe('funds.project_closed');
    expect(ledger.accounts.find((a: { kind: string }) => a.kind === 'spent').balance).toBe(1_200_000);
    expect(archived.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['create', 'apply', 'adjust', 'claim', 'confirm_claim', 'milestone', 'expense', 'supervise', 'complete', 'rate', 'evaluate', 'archive']),
    );
  });
});

describe('approval', () => {
  it("refuses approving one's own application (403) even with the approve permission, writing nothing", async () => {
    const p = await applied(street, t.fixture.node.changjiaxiang, { title: '街道自己申报的项目' });
    const before = await count('fund_txn');
    const res = await street.post(`/api/v1/projects/${p.id}/approve`, { version: p.version });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('project.own_application');
    const after = (await street.get(`/api/v1/projects/${p.id}`)).body;
    expect(after).toMatchObject({ status: 'applied', version: p.version });
    expect(await count('fund_txn')).toBe(before);
    // Someone else with the right may decide it: the district.
    const district = await t.as('district');
    expect((await district.post(`/api/v1/projects/${p.id}/approve`, { version: p.version })).status).toBe(200);
  });

  it('a pool-funded project needs money in the pool; rejection needs a reason; the community cannot approve', async () => {
    const p = await applied(community, t.fixture.node.changjiaxiang, { title: '社区议事厅改造', fundingSource: 'work_fund' });
    expect((await community.post(`/api/v1/projects/${p.id}/approve`, { version: p.version })).status).toBe(403);
    const poor = await street.post(`/api/v1/projects/${p.id}/approve`, { version: p.version });
    expect(poor.status).toBe(400);
    expect(poor.body.errors[0].field).toBe('body.lines');
    expect((await street.post(`/api/v1/projects/${p.id}/reject`, { version: p.version })).body.errors[0].field).toBe('body.comment');
    expect((await street.post(`/api/v1/projects/${p.id}/reject`, { version: p.version, comment: '资金不足，明年再议' })).body.status).toBe('rejected');
  });

  it('rejects budget lines with a non-positive amount and origin cases of another community', async () => {
    const before = await count('project');
    const neg = await community.post('/api/v1/projects', { ...application(t.fixture.node.changjiaxiang), lines: [{ name: '餐费', amount: -5 }] });
    expect(neg.status).toBe(400);
    expect(neg.body.errors[0].field).toBe('body.lines.0.amount');
    const origin = await community.post('/api/v1/projects', { ...application(t.fixture.node.changjiaxiang), originCaseIds: [999999] });
    expect(origin.body.errors[0].field).toBe('body.originCaseIds.0');
    expect(await count('project')).toBe(before);
  });
});

describe('the state table and the lists', () => {
  it('every transition names states that exist and a rule', () => {
    for (const a of PROJECT_ACTIONS) expect(TRANSITIONS[a].who.length).toBeGreaterThan(0);
    expect(PROJECT_ACTIONS.filter((a) => (TRANSITIONS[a].from as readonly string[]).includes('completed'))).toEqual(['evaluate', 'archive']);
  });

  it('two claims on the same version at once: one wins, the other is a 409', async () => {
    const p = await applied(community, t.fixture.node.changjiaxiang, { title: '楼道微更新' });
    const approved = await step(street, p.id, 'approve');
    const [a, b] = await Promise.all([0, 1].map(() => unit.post(`/api/v1/projects/${p.id}/claim`, { version: approved.version, unitId })));
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    const events = await t.db.selectFrom('project_event').select('action').where('project_id', '=', p.id).where('action', '=', 'claim').execute();
    expect(events).toHaveLength(1);
    await step(community, p.id, 'refuse-claim', { note: '另行指定' });
  });

  it('an invited unit accepts; the list pages, filters and exports to Excel', async () => {
    const p = await applied(community, t.fixture.node.changjiaxiang, { title: '青少年课后托管' });
    await step(street, p.id, 'approve');
    await step(community, p.id, 'invite', { unitId });
    expect((await step(unit, p.id, 'accept')).status).toBe('executing');
    const page = await community.get('/api/v1/projects?pageSize=2&current=1');
    expect(page.body).toMatchObject({ total: 5, pageSize: 2 });
    expect((await community.get('/api/v1/projects?status=rejected')).body.total).toBe(1);
    expect((await (await t.as('streetb')).get('/api/v1/projects')).body.total).toBe(0);
    const xlsx = await community.get('/api/v1/projects/export?status=executing');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.raw as never);
    expect(book.worksheets[0]!.getRow(2).getCell(3).value).toBe('青少年课后托管');
    const overview = await street.get('/api/v1/projects/overview?from=2026-01-01&to=2100-12-31');
    expect(overview.body.stages).toMatchObject({ archived: 1, executing: 1, rejected: 1, approved: 2 });
    expect(overview.body.spent).toBe(1_200_000);
    const elsewhere = await street.get(`/api/v1/projects/overview?from=2026-01-01&to=2100-12-31&territoryId=${t.fixture.node.zhangjiayuan}`);
    expect(elsewhere.body).toMatchObject({ communities: [], spent: 0 });
    expect((await street.get(`/api/v1/projects/overview?from=2026-01-01&to=2100-12-31&territoryId=${t.fixture.node.longxilu}`)).status).toBe(404);
    const sheet = await street.get('/api/v1/projects/overview/export?from=2026-01-01&to=2100-12-31');
    expect(sheet.headers['content-type']).toContain('spreadsheetml');
  });
});
