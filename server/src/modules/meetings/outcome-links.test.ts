import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestContext } from '../../../test/harness.js';
import { caseWorld, createCase, type CaseWorld } from '../cases/test-support.js';
import { appointCommittee, type SeatSpec } from '../committees/test-support.js';
import { routeUnroutedResolutions } from './routing.js';

/** Resolutions that post a demand (需求清单) or make a project draft (项目清单), linked both ways. */
let w: CaseWorld;
let t: TestContext;
let community: Agent;
let caseId: number;
let meetingId: number;
let detail: { version: number; invitees: { id: number; name: string }[]; agenda: { id: number; topicTitle: string; resolution: any }[] };

const seats = (): SeatSpec[] => Array.from({ length: 13 }, (_, i) => ({ name: `成员${i + 1}`, category: 'notable_resident' as const, role: i === 0 ? ('director' as const) : ('standing' as const) }));
const TITLES = ['老年食堂助餐', '加装电梯资金', '楼道照明', '无字段', '门禁维修', '楼道堆物'];

const get = async () => (detail = (await community.get(`/api/v1/meetings/${meetingId}`)).body);
const item = (title: string) => detail.agenda.find((a) => a.topicTitle === title)!;
const fields = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);
const demandsOfCommunity = async () => (await community.get(`/api/v1/demands?communityId=${t.fixture.node.changjiaxiang}&pageSize=100`)).body.data as { id: number; title: string; status: string }[];

async function decide(title: string, votesFor: number) {
  const r = item(title).resolution!;
  for (const m of detail.invitees.filter((i) => /^成员/.test(i.name)).slice(0, votesFor)) {
    expect((await community.post(`/api/v1/meetings/resolutions/${r.id}/votes`, { inviteeId: m.id, choice: 'for' })).status).toBe(201);
  }
  await get();
  const res = await community.post(`/api/v1/meetings/resolutions/${r.id}/decide`, { version: item(title).resolution!.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await get();
  const resolution = item(title).resolution as { id: number; status: string; demandId: number | null; projectId: number | null; taskId: number | null; caseId: number | null };
  return { ...resolution, routingDeferred: res.body.routingDeferred as boolean };
}

beforeAll(async () => {
  const { testApp } = await import('../../../test/harness.js');
  t = await testApp();
  w = await caseWorld(t);
  community = w.as.community;
  await appointCommittee(t, t.fixture.node.changjiaxiang, seats());
  caseId = (await createCase(w)).id;
  const topicIds: number[] = [];
  for (const [i, title] of TITLES.entries()) {
    const res = await community.post('/api/v1/meetings/topics', { communityId: t.fixture.node.changjiaxiang, title, background: '居民代表提出', stakeholders: '1号楼老年居民', caseIds: i === 1 ? [caseId] : [] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    topicIds.push(res.body.id);
  }
  const mt = await community.post('/api/v1/meetings', { communityId: t.fixture.node.changjiaxiang, type: 'committee_regular', title: '12月社工委例会', startsAt: '2026-12-08T01:30:00.000Z', place: '党群服务中心', convener: '成员1', topicIds });
  expect(mt.status, JSON.stringify(mt.body)).toBe(201);
  meetingId = mt.body.id;
  await community.post(`/api/v1/meetings/${meetingId}/open`, { version: mt.body.version });
  await get();
  for (const n of ['成员1', '成员2', '成员3', '成员4', '成员5', '成员6', '成员7']) {
    expect((await community.post(`/api/v1/meetings/${meetingId}/sign-in`, { inviteeId: detail.invitees.find((i) => i.name === n)!.id })).status).toBe(200);
  }
  await get();
}, 180_000);
afterAll(() => t.close());

describe('a resolution that needs outside help', () => {
  it('refuses a demand outcome without its fields, and writes nothing', async () => {
    const at = item('无字段').id;
    const none = await community.post(`/api/v1/meetings/agenda/${at}/resolution`, { text: '请共建单位协助', outcome: 'demand' });
    expect(none.status).toBe(400);
    expect(fields(none)).toEqual(['body.demand']);
    const partial = await community.post(`/api/v1/meetings/agenda/${at}/resolution`, { text: '请共建单位协助', outcome: 'demand', demand: { category: 'volunteer' } });
    expect(partial.status).toBe(400);
    expect(fields(partial)).toContain('body.demand.quantity');
    const noLines = await community.post(`/api/v1/meetings/agenda/${at}/resolution`, { text: '立项', outcome: 'project', project: { fundingSource: 'work_fund', lines: [] } });
    expect(noLines.status).toBe(400);
    expect(fields(noLines)?.[0]).toMatch(/^body\.project\.lines/);
    const zero = await community.post(`/api/v1/meetings/agenda/${at}/resolution`, { text: '立项', outcome: 'project', project: { fundingSource: 'work_fund', lines: [{ name: '材料费', amount: 0 }] } });
    expect(zero.status).toBe(400);
    expect(fields(zero)?.[0]).toMatch(/^body\.project\.lines\.0\.amount/);
    const twice = await community.post(`/api/v1/meetings/agenda/${at}/resolution`, { text: '立项', outcome: 'project', project: { fundingSource: 'work_fund', lines: [{ name: '材料费', amount: 100 }, { name: '材料费', amount: 200 }] } });
    expect(twice.status).toBe(400);
    expect(fields(twice)).toEqual(['body.project.lines.1.name']);
    await get();
    expect(item('无字段').resolution).toBeNull();
  });

  it('posts exactly one open demand when it passes, linked both ways', async () => {
    const before = (await demandsOfCommunity()).length;
    const demand = { category: 'volunteer', quantity: 4, quantityUnit: '人', place: '畅家巷社区老年食堂', neededBy: '2027-01-15' };
    expect((await community.post(`/api/v1/meetings/agenda/${item('老年食堂助餐').id}/resolution`, { text: '请共建单位派志愿者协助老年食堂送餐', outcome: 'demand', demand })).status).toBe(201);
    await get();
    expect(item('老年食堂助餐').resolution).toMatchObject({ outcome: 'demand', demand, demandId: null });
    const r = await decide('老年食堂助餐', 5);
    expect(r).toMatchObject({ status: 'passed', taskId: null, routingDeferred: false });
    const after = await demandsOfCommunity();
    expect(after).toHaveLength(before + 1);
    const d = (await community.get(`/api/v1/demands/${r.demandId}`)).body;
    expect(d).toMatchObject({ status: 'open', communityId: t.fixture.node.changjiaxiang, title: '老年食堂助餐', category: 'volunteer', quantity: 4, place: '畅家巷社区老年食堂', neededBy: '2027-01-15' });
    expect(d.originResolution).toEqual({ resolutionId: r.id, meetingId, meetingTitle: '12月社工委例会' });
  });

  it('posts nothing when the vote fails', async () => {
    const before = (await demandsOfCommunity()).length;
    await community.post(`/api/v1/meetings/agenda/${item('楼道照明').id}/resolution`, { text: '请供电单位协助', outcome: 'demand', demand: { category: 'equipment', quantity: 20 } });
    await get();
    const r = await decide('楼道照明', 1);
    expect(r).toMatchObject({ status: 'failed', demandId: null });
    expect(await demandsOfCommunity()).toHaveLength(before);
  });
});

describe('a resolution that makes a project', () => {
  it('creates one project draft with the lines, the topic cases and the resolution as origin', async () => {
    const lines = [{ name: '电梯设备', amount: 30_000_000 }, { name: '安装施工', amount: 5_000_000 }];
    const res = await community.post(`/api/v1/meetings/agenda/${item('加装电梯资金').id}/resolution`, { text: '为3号楼加装电梯立项', outcome: 'project', project: { fundingSource: 'work_fund', lines } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await get();
    const r = await decide('加装电梯资金', 5);
    expect(r).toMatchObject({ status: 'passed', taskId: null });
    expect(r.projectId).toEqual(expect.any(Number));
    const p = (await community.get(`/api/v1/projects/${r.projectId}`)).body;
    expect(p).toMatchObject({ status: 'draft', title: '加装电梯资金', goal: '为3号楼加装电梯立项', beneficiaries: '1号楼老年居民', fundingSource: 'work_fund', originCaseIds: [caseId], originDemandIds: [] });
    expect(p.lines.map((l: { name: string; requestedAmount: number }) => [l.name, l.requestedAmount])).toEqual([['电梯设备', 30_000_000], ['安装施工', 5_000_000]]);
    expect(p.originResolution).toEqual({ resolutionId: r.id, meetingId, meetingTitle: '12月社工委例会' });
    expect((await community.get('/api/v1/meetings/tasks')).body.total).toBe(0);
  });
});

describe('a project application naming origin demands', () => {
  it('keeps demands of the same community and refuses others', async () => {
    const [demand] = await demandsOfCommunity();
    const body = { communityId: t.fixture.node.changjiaxiang, title: '老年助餐服务', goal: '为高龄老人送餐', beneficiaries: '高龄老人', fundingSource: 'purchase', lines: [{ name: '餐费补贴', amount: 120_000 }], submit: false };
    const bad = await community.post('/api/v1/projects', { ...body, originDemandIds: [demand!.id, 99_999_999] });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['body.originDemandIds.1']);
    const total = (await community.get('/api/v1/projects')).body.total;
    const ok = await community.post('/api/v1/projects', { ...body, originDemandIds: [demand!.id] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await community.get('/api/v1/projects')).body.total).toBe(total + 1);
    expect((await community.get(`/api/v1/projects/${ok.body.id}`)).body).toMatchObject({ originDemandIds: [demand!.id], originResolution: null });
  });
});

describe('a dispatch whose routing fails after the decision has committed', () => {
  const later = () => new Date(Date.now() + 120_000);
  const caseOf = async (id: number) => (await community.get(`/api/v1/cases/${id}`)).body as { status: string; tier: string; version: number };

  /** Decides a dispatch resolution while the cases' timeline refuses the given steps, as a database failure would. */
  async function decideTripped(title: string, steps: string[]) {
    const res = await community.post(`/api/v1/meetings/agenda/${item(title).id}/resolution`, { text: `请住建部门处理${title}`, outcome: 'dispatch', departmentId: w.housing, categoryCode: 'property' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await get();
    await sql`CREATE OR REPLACE FUNCTION routing_trip() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'tripped'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER routing_trip BEFORE INSERT ON case_event FOR EACH ROW WHEN (NEW.action = ANY (${sql.lit(`{${steps.join(',')}}`)}::text[])) EXECUTE FUNCTION routing_trip()`.execute(t.db);
    try {
      const r = await decide(title, 7);
      return { ...r, caseId: r.caseId! };
    } finally {
      await sql`DROP TRIGGER routing_trip ON case_event`.execute(t.db);
    }
  }

  it('keeps the decision, and the job dispatches the case once the failure has passed', async () => {
    const r = await decideTripped('门禁维修', ['dispatch']);
    expect(r).toMatchObject({ status: 'passed', routingDeferred: true });
    expect(await caseOf(r.caseId)).toMatchObject({ status: 'accepted', tier: 'joint' });
    // The deciding request gets a minute before the job steps in.
    expect(await routeUnroutedResolutions(t.db)).toBe(0);
    expect(await routeUnroutedResolutions(t.db, later())).toBe(1);
    expect(await caseOf(r.caseId)).toMatchObject({ status: 'dispatched', tier: 'joint' });
    const timeline = (await community.get(`/api/v1/cases/${r.caseId}/timeline`)).body as { action: string; note: string | null }[];
    expect(timeline.filter((e) => e.action === 'dispatch').map((e) => e.note)).toEqual([`依据会议决议派遣（决议 #${r.id}）`]);
    expect(await routeUnroutedResolutions(t.db, later())).toBe(0);
  });

  it('leaves a case that staff took on meanwhile in their hands', async () => {
    const r = await decideTripped('楼道堆物', ['accept', 'dispatch']);
    expect(await caseOf(r.caseId)).toMatchObject({ status: 'submitted', version: 1 });
    const rejected = await community.post(`/api/v1/cases/${r.caseId}/reject`, { version: 1, reason: '已由物业当场清理' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(await routeUnroutedResolutions(t.db, later())).toBe(1);
    expect(await caseOf(r.caseId)).toMatchObject({ status: 'rejected', version: 2 });
    expect(await routeUnroutedResolutions(t.db, later())).toBe(0);
  });
});
