import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { loadDemoConsultations } from '../../demo/consultations.js';
import { catalogueSuggestion } from './service.js';
import { MEDIATION_TRANSITIONS } from './workflow.js';

let t: TestContext;
let community: Agent;
beforeAll(async () => {
  t = await testApp();
  community = await t.as('community');
});
afterAll(() => t.close());

async function register() {
  const res = await community.post('/api/v1/mediations', {
    communityId: t.fixture.node.changjiaxiang,
    title: '2号楼楼上漏水纠纷',
    description: '502 室卫生间漏水，殃及 402 室天花板，双方就维修费用发生争执。',
    disputeType: '邻里纠纷',
    parties: [
      { name: '刘芳', phone: '13800000402', role: 'applicant' },
      { name: '陈刚', phone: '13800000502', role: 'respondent' },
    ],
    mediators: [{ name: '张秀兰' }, { name: '畅家巷社区', userId: t.fixture.user.community }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('mediation', () => {
  it('has a state table where only an ended mediation closes', () => {
    expect(MEDIATION_TRANSITIONS.close.from).toEqual(['followed_up', 'failed']);
    expect(MEDIATION_TRANSITIONS.agree.from).toEqual(['mediating']);
  });

  it('runs registered → mediating → agreed → followed_up → closed with signatures on record', async () => {
    let m = await register();
    expect(m.parties.map((p: { phone: string }) => p.phone)).toEqual(['138****0402', '138****0502']);
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await community.post(`/api/v1/mediations${path}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    m = await post(`/${m.id}/start`, { version: m.version });
    m = await post(`/${m.id}/sessions`, { heldOn: '2026-12-02', notes: '双方到场，查看漏水现场' });
    const early = await community.post(`/api/v1/mediations/${m.id}/agree`, { version: m.version, agreement: '陈刚承担维修费 1200 元' });
    expect([early.status, early.body.code]).toEqual([409, 'mediation.unsigned']);
    m = await post(`/parties/${m.parties[0].id}/sign`, { method: 'on_site' });
    m = await post(`/parties/${m.parties[1].id}/sign`, { method: 'electronic' });
    expect(m.parties[1]).toMatchObject({ signMethod: 'electronic', signRecordedBy: '畅家巷社区', signedAt: expect.any(String) });
    m = await post(`/${m.id}/agree`, { version: m.version, agreement: '陈刚承担维修费 1200 元，一周内修好' });
    m = await post(`/${m.id}/follow-up`, { version: m.version, visitedOn: '2026-12-10', notes: '已修复，双方满意', fulfilled: true });
    m = await post(`/${m.id}/close`, { version: m.version });
    expect(m.status).toBe('closed');
    expect(m.timeline.map((e: { action: string }) => e.action)).toEqual(['register', 'start', 'session', 'sign', 'sign', 'agree', 'follow_up', 'close']);
  });

  it('refuses a second signature by the same party and leaves the first on record', async () => {
    let m = await register();
    m = (await community.post(`/api/v1/mediations/${m.id}/start`, { version: m.version })).body;
    const party = m.parties[0].id;
    expect((await community.post(`/api/v1/mediations/parties/${party}/sign`, { method: 'on_site', signedAt: '2026-12-02T02:00:00.000Z' })).status).toBe(200);
    const twice = await community.post(`/api/v1/mediations/parties/${party}/sign`, { method: 'electronic' });
    expect([twice.status, twice.body.code, twice.body.errors[0].field]).toEqual([409, 'mediation.signed_twice', 'partyId']);
    const row = await t.db.selectFrom('mediation_party').selectAll().where('id', '=', party).executeTakeFirstOrThrow();
    expect([row.sign_method, row.signed_at?.toISOString()]).toEqual(['on_site', '2026-12-02T02:00:00.000Z']);
  });

  it('refuses to close a mediation without an outcome and writes nothing', async () => {
    let m = await register();
    const registered = await community.post(`/api/v1/mediations/${m.id}/close`, { version: m.version });
    expect([registered.status, registered.body.code]).toEqual([409, 'mediation.no_outcome']);
    m = (await community.post(`/api/v1/mediations/${m.id}/start`, { version: m.version })).body;
    const mediating = await community.post(`/api/v1/mediations/${m.id}/close`, { version: m.version });
    expect([mediating.status, mediating.body.code, mediating.body.errors[0].field]).toEqual([409, 'mediation.no_outcome', 'status']);
    const after = (await community.get(`/api/v1/mediations/${m.id}`)).body;
    expect([after.status, after.version, after.timeline.length]).toEqual(['mediating', m.version, 2]);
    const failed = (await community.post(`/api/v1/mediations/${m.id}/fail`, { version: m.version, reason: '被申请人拒不到场' })).body;
    expect((await community.post(`/api/v1/mediations/${m.id}/close`, { version: failed.version })).status).toBe(200);
  });

  it('needs two parties and keeps other communities out', async () => {
    const one = await community.post('/api/v1/mediations', { communityId: t.fixture.node.changjiaxiang, title: 'x', description: 'y', disputeType: '其他', parties: [{ name: '甲', role: 'applicant' }], mediators: [{ name: '乙' }] });
    expect([one.status, one.body.errors[0].field]).toEqual([400, 'body.parties']);
    const ghost = await community.post('/api/v1/mediations', { communityId: t.fixture.node.changjiaxiang, title: 'x', description: 'y', disputeType: '其他', parties: [{ name: '甲', role: 'applicant' }, { name: '丙', role: 'respondent' }], mediators: [{ name: '乙', userId: 999999 }] });
    expect([ghost.status, ghost.body.errors[0].field]).toEqual([400, 'body.mediators']);
    const outsider = await t.as('streetb');
    const m = await register();
    expect((await outsider.get(`/api/v1/mediations/${m.id}`)).status).toBe(404);
  });
});

describe('catalogue and overview', () => {
  it('suggests consultation from the defaults, overridden by a community entry', async () => {
    expect(await catalogueSuggestion(t.db, t.fixture.node.changjiaxiang, '加装电梯')).toMatchObject({ suggested: true, requirement: 'must' });
    expect(await catalogueSuggestion(t.db, t.fixture.node.changjiaxiang, '广场舞噪音')).toMatchObject({ suggested: false, requirement: null });
    const add = await community.post('/api/v1/consultations/catalogue', { territoryId: t.fixture.node.changjiaxiang, category: '停车管理', requirement: 'must', note: '本社区车位紧张' });
    expect(add.status).toBe(201);
    const again = await community.post('/api/v1/consultations/catalogue', { territoryId: t.fixture.node.changjiaxiang, category: '停车管理', requirement: 'may' });
    expect([again.status, again.body.errors[0].field]).toEqual([400, 'body.category']);
    const defaults = await community.post('/api/v1/consultations/catalogue', { territoryId: null, category: '新类别', requirement: 'may' });
    expect(defaults.status).toBe(400);
    const res = await community.get(`/api/v1/consultations/catalogue/suggestion?communityId=${t.fixture.node.changjiaxiang}&category=${encodeURIComponent('停车管理')}`);
    expect(res.body).toMatchObject({ suggested: true, requirement: 'must', reason: expect.stringContaining('畅家巷社区') });
    expect((await catalogueSuggestion(t.db, t.fixture.node.longxilu, '停车管理')).requirement).toBe('may');
    const inForce = await community.get(`/api/v1/consultations/catalogue?communityId=${t.fixture.node.changjiaxiang}`);
    expect(inForce.body.find((e: { category: string }) => e.category === '停车管理')).toMatchObject({ territoryName: '畅家巷社区', editable: true });
    const upd = await community.put(`/api/v1/consultations/catalogue/${add.body.id}`, { version: 1, requirement: 'excluded' });
    expect(upd.status).toBe(200);
    expect((await catalogueSuggestion(t.db, t.fixture.node.changjiaxiang, '停车管理')).suggested).toBe(false);
    expect((await community.delete(`/api/v1/consultations/catalogue/${add.body.id}`)).status).toBe(200);
    const street = await t.as('streetb');
    const foreign = (await t.db.selectFrom('consultation_catalogue').select('id').where('territory_id', 'is', null).limit(1).executeTakeFirstOrThrow()).id;
    expect((await street.delete(`/api/v1/consultations/catalogue/${foreign}`)).status).toBe(404);
  });

  it('counts mediations and their success rate by territory, and exports it', async () => {
    const street = await t.as('street');
    const o = await street.get('/api/v1/consultations/overview');
    expect(o.status, JSON.stringify(o.body)).toBe(200);
    const cjx = o.body.children.find((c: { nodeId: number }) => c.nodeId === t.fixture.node.changjiaxiang);
    // Four registered above: one closed with an agreement, one failed and closed, two still open.
    expect(cjx).toMatchObject({ mediations: 4, mediationsSucceeded: 1, mediationsEnded: 2, successRate: 0.5 });
    expect(o.body.total.mediations).toBe(4);
    const none = await street.get('/api/v1/consultations/overview?from=2020-01-01&to=2020-12-31');
    expect(none.body.total).toMatchObject({ mediations: 0, successRate: null });
    const xlsx = await street.get('/api/v1/consultations/overview/export');
    expect([xlsx.status, xlsx.raw.subarray(0, 2).toString()]).toEqual([200, 'PK']);
    expect((await street.get(`/api/v1/consultations/overview?nodeId=${t.fixture.node.longxilu}`)).status).toBe(403);
  });
});

describe('the demo loader', () => {
  it('gives 畅家巷社区 items at three steps and three mediations, once, readable through the API', async () => {
    expect(await loadDemoConsultations(t.db)).toBe(1);
    expect(await loadDemoConsultations(t.db)).toBe(0);
    const list = (await community.get('/api/v1/consultations')).body;
    expect(list.data.map((c: { status: string }) => c.status).sort()).toEqual(['collecting', 'concluded', 'reviewing']);
    const done = list.data.find((c: { status: string }) => c.status === 'concluded');
    const detail = (await community.get(`/api/v1/consultations/${done.id}`)).body;
    expect(detail).toMatchObject({ session: { votesFor: 14 }, rating: { count: 2, average: 4.5 }, suggestion: { suggested: true, requirement: 'must' } });
    expect((await community.get('/api/v1/mediations?status=mediating')).body.data.map((m: { title: string }) => m.title)).toContain('广场舞音响噪音扰民');
  });
});
