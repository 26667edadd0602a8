import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { ResidentAgent } from '../resident/test-support.js';
import { flagOverdueTasks } from './jobs.js';
import { TRANSITIONS, actionsFor } from './workflow.js';

let t: TestContext;
let community: Agent;
beforeAll(async () => {
  t = await testApp();
  community = await t.as('community');
});
afterAll(() => t.close());

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function openItem(extra: Record<string, unknown> = {}) {
  const res = await community.post('/api/v1/consultations', {
    communityId: t.fixture.node.changjiaxiang,
    title: '畅家巷小区1号楼加装电梯',
    subject: '1号楼居民申请加装电梯，需协商费用分摊和低层住户补偿。',
    category: '加装电梯',
    level: 'resident',
    placeIds: [t.fixture.node.building1],
    collectUntil: inHours(48),
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; version: number; status: string };
}

async function events(id: number) {
  return t.db.selectFrom('consultation_event').select('action').where('consultation_id', '=', id).orderBy('id').execute();
}

describe('the state table', () => {
  it('runs 集→提→报→商→办→结 in order, one step at a time', () => {
    const order = ['collecting', 'proposing', 'reviewing', 'consulting', 'acting', 'concluded'];
    const forward = ['close_collection', 'propose', 'approve', 'consult', 'conclude'] as const;
    forward.forEach((a, i) => expect([TRANSITIONS[a].from, TRANSITIONS[a].to]).toEqual([[order[i]], order[i + 1]]));
    expect(TRANSITIONS.send_back).toMatchObject({ from: ['reviewing'], to: 'proposing' });
    expect(actionsFor('reviewing', (p) => p === 'consultation:write')).toEqual([]);
    expect(actionsFor('reviewing', () => true)).toEqual(['approve', 'send_back']);
  });
});

describe('a consultation from opinion collection to the rated result', () => {
  let id: number;
  let version: number;
  let resident: ResidentAgent;
  const step = async (path: string, body: Record<string, unknown> = {}) => {
    const res = await community.post(`/api/v1/consultations/${id}/${path}`, { version, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    version = res.body.version;
    return res.body;
  };

  it('collects opinions from residents of the affected buildings on the H5 page; staff see phones masked', async () => {
    ({ id, version } = await openItem({ caseIds: [] }));
    // The board lists it for anyone who scanned the community's code; a street has no board.
    const listed = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/consultations`);
    expect(listed.body).toContainEqual(expect.objectContaining({ id, levelName: expect.any(String), collectUntil: expect.any(String) }));
    expect((await t.agent().get(`/api/v1/public/communities/${t.fixture.node.jiuquanlu}/consultations`)).status).toBe(404);
    resident = await new ResidentAgent(t).login('13700000021');
    const page = await resident.get(`/api/v1/resident/consultations/${id}`);
    expect(page.body).toMatchObject({ collecting: true, places: [{ id: t.fixture.node.building1 }], mine: { opinion: false } });
    const ok = await resident.post(`/api/v1/resident/consultations/${id}/opinions`, { placeId: t.fixture.node.building1, room: '3单元502', stance: 'support', content: '支持加装，希望低层住户得到合理补偿' });
    expect(ok.status).toBe(201);
    const twice = await resident.post(`/api/v1/resident/consultations/${id}/opinions`, { placeId: t.fixture.node.building1, stance: 'oppose', content: '再提一次' });
    expect(twice.status).toBe(409);
    const other = await new ResidentAgent(t, '10.0.0.2').login('13700000022');
    const outside = await other.post(`/api/v1/resident/consultations/${id}/opinions`, { placeId: t.fixture.node.building2, stance: 'oppose', content: '我住2号楼' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('body.placeId');
    const anonymous = await new ResidentAgent(t, '10.0.0.3').post(`/api/v1/resident/consultations/${id}/opinions`, { placeId: t.fixture.node.building1, stance: 'support', content: '匿名' });
    expect(anonymous.status).toBe(401);
    const opinions = await community.get(`/api/v1/consultations/${id}/opinions`);
    expect(opinions.body).toEqual([expect.objectContaining({ phone: '137****0021', stance: 'support', room: '3单元502' })]);
  });

  it('refuses a skipped step (409 naming the step) and writes nothing', async () => {
    const before = await events(id);
    const skip = await community.post(`/api/v1/consultations/${id}/consult`, { version, heldOn: '2026-12-05', place: '社区议事厅', participants: [{ name: '张三', kind: 'member' }], outcome: '同意', votesFor: 5, votesAgainst: 0, votesAbstain: 0 });
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('consultation.invalid_transition');
    expect(skip.body.errors[0].field).toBe('status');
    const propose = await community.post(`/api/v1/consultations/${id}/propose`, { version, proposal: '方案' });
    expect(propose.status).toBe(409);
    expect(await events(id)).toEqual(before);
    expect(await t.db.selectFrom('consultation_session').select('consultation_id').where('consultation_id', '=', id).execute()).toEqual([]);
    const detail = await community.get(`/api/v1/consultations/${id}`);
    expect(detail.body).toMatchObject({ status: 'collecting', version, actions: ['close_collection'] });
    const stale = await community.post(`/api/v1/consultations/${id}/close-collection`, { version: version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
  });

  it('goes through 提, 报 (sent back once), 商 and 办 to 结 on the public board', async () => {
    await step('close-collection');
    const listed = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/consultations`);
    expect(listed.body.map((c: { id: number }) => c.id)).not.toContain(id);
    await step('propose', { proposal: '按楼层分摊费用，一楼住户免费用并获补偿。' });
    const noComment = await community.post(`/api/v1/consultations/${id}/send-back`, { version });
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors[0].field).toBe('body.comment');
    expect((await step('send-back', { comment: '请补充补偿标准' })).status).toBe('proposing');
    await step('propose', { proposal: '按楼层分摊，一楼补偿每户 3000 元。' });
    expect((await step('approve', { comment: '同意提交议事协商会' })).status).toBe('consulting');
    const acting = await step('consult', {
      heldOn: '2026-12-06',
      place: '畅家巷社区居民议事厅',
      participants: [{ name: '张秀兰', kind: 'member' }, { name: '王大爷', kind: 'stakeholder', affiliation: '1号楼一层住户' }, { name: '物业公司', kind: 'unit' }],
      outcome: '同意按方案加装电梯',
      votesFor: 11,
      votesAgainst: 1,
      votesAbstain: 1,
    });
    expect(acting).toMatchObject({ status: 'acting', canAddTask: true, session: { meetingRef: null, votesFor: 11, participants: expect.arrayContaining([expect.objectContaining({ kind: 'stakeholder' })]) } });
    const noTasks = await community.post(`/api/v1/consultations/${id}/conclude`, { version, result: '已完工' });
    expect(noTasks.status).toBe(409);
    const ghost = await community.post(`/api/v1/consultations/${id}/tasks`, { title: '联系电梯厂家施工', ownerName: '李建国', ownerUserId: 999999, dueOn: '2026-01-01' });
    expect([ghost.status, ghost.body.errors[0].field]).toEqual([400, 'body.ownerUserId']);
    const task = await community.post(`/api/v1/consultations/${id}/tasks`, { title: '联系电梯厂家施工', ownerName: '李建国', dueOn: '2026-01-01' });
    expect(task.status).toBe(200);
    version = task.body.version;
    expect(await flagOverdueTasks(t.db)).toBe(1);
    expect(await flagOverdueTasks(t.db)).toBe(0);
    const detail = (await community.get(`/api/v1/consultations/${id}`)).body;
    expect(detail.tasks[0]).toMatchObject({ overdue: true, status: 'open' });
    const open = await community.post(`/api/v1/consultations/${id}/conclude`, { version, result: '已完工' });
    expect(open.body.code).toBe('consultation.tasks_open');
    expect((await community.post(`/api/v1/consultations/tasks/${detail.tasks[0].id}/done`, { version: detail.tasks[0].version, note: '已竣工验收' })).status).toBe(200);
    const concluded = await step('conclude', { result: '1号楼电梯已安装并通过验收。' });
    expect(concluded).toMatchObject({ status: 'concluded', noticeId: expect.any(Number) });
    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`);
    expect(board.body.current).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'consultation', title: '议事协商结果公开：畅家巷小区1号楼加装电梯' })]));
    // The notice leads residents to the page where they rate the result.
    const notice = await t.agent().get(`/api/v1/public/notices/${concluded.noticeId}`);
    expect(notice.body).toMatchObject({ residentPage: `/h5/consultation/${id}`, body: expect.stringContaining('1号楼电梯已安装并通过验收。') });
    expect(concluded.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'close_collection', 'propose', 'send_back', 'propose', 'approve', 'consult', 'task_add', 'task_overdue', 'task_done', 'conclude']);
  });

  it('takes one rating per resident once the result is public', async () => {
    expect((await resident.post(`/api/v1/resident/consultations/${id}/rating`, { stars: 5, comment: '效率高' })).status).toBe(201);
    expect((await resident.post(`/api/v1/resident/consultations/${id}/rating`, { stars: 1 })).status).toBe(409);
    expect((await resident.post(`/api/v1/resident/consultations/${id}/rating`, { stars: 6 })).status).toBe(400);
    const page = await resident.get(`/api/v1/resident/consultations/${id}`);
    expect(page.body).toMatchObject({ result: '1号楼电梯已安装并通过验收。', rating: { count: 1, average: 5 }, mine: { opinion: true, rated: true } });
  });
});

describe('bad input', () => {
  it('refuses an opinion after the collection deadline and writes nothing', async () => {
    const { id } = await openItem();
    await t.db.updateTable('consultation').set({ collect_until: new Date(Date.now() - 60_000) }).where('id', '=', id).execute();
    const resident = await new ResidentAgent(t, '10.0.0.5').login('13700000023');
    const late = await resident.post(`/api/v1/resident/consultations/${id}/opinions`, { placeId: t.fixture.node.building1, stance: 'support', content: '晚了' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('consultation.collection_closed');
    expect(late.body.errors[0].field).toBe('collectUntil');
    expect(await t.db.selectFrom('consultation_opinion').select('id').where('consultation_id', '=', id).execute()).toEqual([]);
    expect((await resident.get(`/api/v1/resident/consultations/${id}`)).body.collecting).toBe(false);
  });

  it('refuses a rating before the result is public, buildings and cases of another community, a past deadline', async () => {
    const { id } = await openItem();
    const resident = await new ResidentAgent(t, '10.0.0.6').login('13700000024');
    expect((await resident.post(`/api/v1/resident/consultations/${id}/rating`, { stars: 4 })).status).toBe(409);
    const place = await community.post('/api/v1/consultations', { communityId: t.fixture.node.changjiaxiang, title: 'x', subject: 'y', level: 'multi', placeIds: [t.fixture.node.longxiluBuilding], collectUntil: inHours(2) });
    expect([place.status, place.body.errors[0].field]).toEqual([400, 'body.placeIds']);
    const past = await community.post('/api/v1/consultations', { communityId: t.fixture.node.changjiaxiang, title: 'x', subject: 'y', level: 'multi', placeIds: [t.fixture.node.building1], collectUntil: inHours(-1) });
    expect([past.status, past.body.errors[0].field]).toEqual([400, 'body.collectUntil']);
    const other = await community.post('/api/v1/consultations', { communityId: t.fixture.node.longxilu, title: 'x', subject: 'y', level: 'multi', placeIds: [t.fixture.node.longxiluBuilding], collectUntil: inHours(2) });
    expect([other.status, other.body.errors[0].field]).toEqual([400, 'body.communityId']);
    const outsider = await t.as('streetb');
    expect((await outsider.get(`/api/v1/consultations/${id}`)).status).toBe(404);
  });

  it('links the 商 step only to a 议事协商会 of the same community, writing nothing otherwise', async () => {
    const { id, version } = await openItem();
    await community.post(`/api/v1/consultations/${id}/close-collection`, { version });
    await community.post(`/api/v1/consultations/${id}/propose`, { version: version + 1, proposal: '方案' });
    const approved = await community.post(`/api/v1/consultations/${id}/approve`, { version: version + 2 });
    expect(approved.body.status).toBe('consulting');
    const admin = await t.as('admin');
    const schedule = async (communityId: number, type: string) => {
      const res = await admin.post('/api/v1/meetings', { communityId, type, title: '加装电梯议事协商会', startsAt: '2026-12-06T01:30:00.000Z', place: '居民议事厅', convener: '社区书记' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as number;
    };
    const session = { version: approved.body.version, heldOn: '2026-12-06', place: '居民议事厅', participants: [{ name: '张秀兰', kind: 'member' }], outcome: '同意', votesFor: 9, votesAgainst: 0, votesAbstain: 0 };
    const wrongType = await schedule(t.fixture.node.changjiaxiang, 'committee_regular');
    const otherCommunity = await schedule(t.fixture.node.longxilu, 'consultation');
    for (const meetingId of [wrongType, otherCommunity, 999999]) {
      const res = await community.post(`/api/v1/consultations/${id}/consult`, { ...session, meetingId });
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'body.meetingId']);
    }
    expect(await t.db.selectFrom('consultation_session').select('consultation_id').where('consultation_id', '=', id).execute()).toEqual([]);
    expect((await events(id)).map((e) => e.action)).toEqual(['create', 'close_collection', 'propose', 'approve']);
    const right = await schedule(t.fixture.node.changjiaxiang, 'consultation');
    const linked = await community.post(`/api/v1/consultations/${id}/consult`, { ...session, meetingId: right });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ status: 'acting', session: { meetingRef: right, meeting: { id: right, title: '加装电梯议事协商会' } } });
  });

  it('lets only the party organisation review: a reader without consultation:approve gets 403', async () => {
    const { id, version } = await openItem();
    await community.post(`/api/v1/consultations/${id}/close-collection`, { version });
    const proposed = await community.post(`/api/v1/consultations/${id}/propose`, { version: version + 1, proposal: '方案' });
    const member = await t.as('member');
    expect((await member.post(`/api/v1/consultations/${id}/approve`, { version: proposed.body.version })).status).toBe(403);
  });
});
