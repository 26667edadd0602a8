import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestContext } from '../../../test/harness.js';
import { caseWorld, createCase, type CaseWorld } from '../cases/test-support.js';
import { appointCommittee, type SeatSpec } from '../committees/test-support.js';
import { readXlsx } from '../../platform/excel.js';
import { routeUnroutedResolutions } from './routing.js';
import { flagOverdueTasks } from './tasks.js';

let w: CaseWorld;
let t: TestContext;
let community: Agent;
let member: Agent;
let cases: number[];

/** 13 members of 畅家巷's committee; 成员1 is the fixture's committee-member account. */
const seats = (t: TestContext): SeatSpec[] =>
  Array.from({ length: 13 }, (_, i) => ({ name: `成员${i + 1}`, category: 'notable_resident' as const, role: i === 0 ? ('director' as const) : ('standing' as const), ...(i === 0 ? { userId: t.fixture.user.member } : {}) }));

beforeAll(async () => {
  const { testApp } = await import('../../../test/harness.js');
  t = await testApp();
  w = await caseWorld(t);
  community = w.as.community;
  member = w.as.member;
  await appointCommittee(t, t.fixture.node.changjiaxiang, seats(t));
  cases = [(await createCase(w)).id, (await createCase(w)).id];
}, 180_000);
afterAll(() => t.close());

async function topic(by = community, body: Record<string, unknown> = {}) {
  const res = await by.post('/api/v1/meetings/topics', { communityId: t.fixture.node.changjiaxiang, title: '1号楼门禁维修', background: '多户居民反映门禁损坏', caseIds: cases, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function meeting(topicIds: number[]) {
  const res = await community.post('/api/v1/meetings', {
    communityId: t.fixture.node.changjiaxiang,
    type: 'committee_regular',
    title: '12月社工委例会',
    startsAt: '2026-12-08T01:30:00.000Z',
    place: '畅家巷社区党群服务中心',
    convener: '成员1',
    guests: [{ kind: 'stakeholder', name: '1号楼居民代表' }],
    topicIds,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const get = async (id: number) => (await community.get(`/api/v1/meetings/${id}`)).body;
const inviteeOf = (mt: { invitees: { id: number; name: string }[] }, name: string) => mt.invitees.find((i) => i.name === name)!.id;
async function signIn(id: number, names: string[]) {
  for (const n of names) expect((await community.post(`/api/v1/meetings/${id}/sign-in`, { inviteeId: inviteeOf(await get(id), n) })).status).toBe(200);
}

describe('a 社工委例会 from cases to a dispatched resolution', () => {
  it('creates a topic from two cases, schedules it, signs in 8 of 13 and dispatches the passed resolution', async () => {
    const tp = await topic();
    expect(tp).toMatchObject({ status: 'pooled', source: 'cases', caseIds: cases });
    const mt = await meeting([tp.id]);
    expect(mt.quorum).toEqual({ voting: 13, present: 0, needed: 7, reached: false });
    expect(mt.invitees).toHaveLength(14);
    expect((await community.get(`/api/v1/meetings/topics/${tp.id}`)).body.status).toBe('scheduled');
    expect((await community.post(`/api/v1/meetings/${mt.id}/open`, { version: mt.version })).status).toBe(200);
    // 成员1 signs in by the QR page with their own account, the others are ticked by staff.
    expect((await member.post(`/api/v1/meetings/${mt.id}/sign-in/me`)).body.quorum.present).toBe(1);
    await signIn(mt.id, ['成员2', '成员3', '成员4', '成员5', '成员6', '成员7', '成员8']);
    const open = await get(mt.id);
    expect(open.quorum).toMatchObject({ present: 8, reached: true });
    const item = open.agenda[0];
    expect((await community.put(`/api/v1/meetings/agenda/${item.id}/minutes`, { minutes: '与会委员一致认为应请住建部门督促物业维修。', version: item.version })).status).toBe(200);
    const proposed = await community.post(`/api/v1/meetings/agenda/${item.id}/resolution`, { text: '派请城关区住建局督促物业两周内修复门禁', outcome: 'dispatch', departmentId: w.housing, categoryCode: 'property' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const res = (await get(mt.id)).agenda[0].resolution;
    expect((await member.post(`/api/v1/meetings/resolutions/${res.id}/votes`, { choice: 'for' })).status).toBe(201);
    for (const n of ['成员2', '成员3', '成员4', '成员5', '成员6']) expect((await community.post(`/api/v1/meetings/resolutions/${res.id}/votes`, { inviteeId: inviteeOf(open, n), choice: 'for' })).status).toBe(201);
    await community.post(`/api/v1/meetings/resolutions/${res.id}/votes`, { inviteeId: inviteeOf(open, '成员7'), choice: 'against' });
    const voted = (await get(mt.id)).agenda[0].resolution;
    expect(voted).toMatchObject({ votesFor: 6, votesAgainst: 1, votesAbstain: 0 });
    const decided = await community.post(`/api/v1/meetings/resolutions/${res.id}/decide`, { version: voted.version });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const after = (await get(mt.id)).agenda[0].resolution;
    expect(after).toMatchObject({ status: 'passed', present: 8 });
    const created = await community.get(`/api/v1/cases/${after.caseId}`);
    expect(created.body).toMatchObject({ status: 'dispatched', tier: 'joint', channel: 'meeting' });
    expect(await routeUnroutedResolutions(t.db, new Date(Date.now() + 120_000)), 'routed by the deciding request').toBe(0);
    const closed = await community.post(`/api/v1/meetings/${mt.id}/close`, { version: (await get(mt.id)).version });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    // The originating cases find the topic, the meeting and the resolution.
    const links = await community.get(`/api/v1/meetings/topics/by-case/${cases[0]}`);
    expect(links.body[0]).toMatchObject({ topicId: tp.id, status: 'decided', meetings: [{ meetingId: mt.id, resolutionId: res.id, resolutionStatus: 'passed', outcome: 'dispatch', caseId: after.caseId }] });
    const pdf = await community.get(`/api/v1/meetings/${mt.id}/minutes.pdf`);
    expect(pdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    const html = await community.get(`/api/v1/meetings/${mt.id}/minutes.html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.raw.toString()).toContain('派请城关区住建局');
    const cadence = await community.get('/api/v1/meetings/cadence');
    expect(cadence.body.data[0]).toMatchObject({ lastRegularOn: '2026-12-08', flagged: false });
    expect((await community.get(`/api/v1/meetings/${mt.id}/qrcode`)).headers['content-type']).toBe('image/png');
  });

  it('creates a task with an owner and deadline, flags it overdue, and rejects with feedback to the cases', async () => {
    const a = await topic(community, { caseIds: [], title: '楼院绿化补植' });
    const b = await topic(member, { caseIds: [cases[1]], title: '增设充电桩' });
    const mt = await meeting([a.id, b.id]);
    await community.post(`/api/v1/meetings/${mt.id}/open`, { version: mt.version });
    await signIn(mt.id, ['成员1', '成员2', '成员3', '成员4', '成员5', '成员6', '成员7']);
    const [ia, ib] = (await get(mt.id)).agenda;
    await community.post(`/api/v1/meetings/agenda/${ia.id}/resolution`, { text: '由社区组织补植', outcome: 'task', ownerUserId: t.fixture.user.community, dueOn: '2026-01-31' });
    await community.post(`/api/v1/meetings/agenda/${ib.id}/resolution`, { text: '暂不具备条件', outcome: 'reject', reasons: '电力容量不足，待改造后再议' });
    const detail = await get(mt.id);
    for (const item of detail.agenda) {
      for (const n of ['成员1', '成员2', '成员3', '成员4']) await community.post(`/api/v1/meetings/resolutions/${item.resolution.id}/votes`, { inviteeId: inviteeOf(detail, n), choice: 'for' });
      const r = (await get(mt.id)).agenda.find((x: { id: number }) => x.id === item.id).resolution;
      expect((await community.post(`/api/v1/meetings/resolutions/${r.id}/decide`, { version: r.version })).status).toBe(200);
    }
    const tasks = await community.get('/api/v1/meetings/tasks');
    expect(tasks.body.data).toHaveLength(1);
    expect(await flagOverdueTasks(t.db)).toBe(1);
    expect((await community.get('/api/v1/meetings/tasks?overdue=true')).body.total).toBe(1);
    const rejected = (await community.get(`/api/v1/meetings/topics/by-case/${cases[1]}`)).body;
    expect(rejected.find((x: { title: string }) => x.title === '增设充电桩')).toMatchObject({ status: 'rejected', feedback: '电力容量不足，待改造后再议' });
    // The resident who raised the case is told the reasons (反馈原因), once.
    const told = await t.db.selectFrom('outbox_message').select(['recipient', 'body']).where('kind', '=', 'case.meeting_feedback').execute();
    expect(told).toEqual([{ recipient: '13812345678', body: expect.stringContaining('电力容量不足，待改造后再议') }]);
    const ov = await community.get(`/api/v1/meetings/overview?nodeId=${t.fixture.node.changjiaxiang}&from=2026-01-01&to=2027-12-31`);
    expect(ov.body.total).toMatchObject({ resolutionsPassed: 3, topicsDecided: 3, tasksOverdue: 1 });
  });
});

describe('bad input', () => {
  let mt: { id: number; version: number; invitees: { id: number; name: string }[] };
  let item: { id: number; version: number; resolution: { id: number; version: number } };

  beforeAll(async () => {
    const tp = await topic(community, { caseIds: [], title: '小区停车管理' });
    const created = await meeting([tp.id]);
    await community.post(`/api/v1/meetings/${created.id}/open`, { version: created.version });
    await signIn(created.id, ['成员1', '成员2', '成员3', '成员4', '成员5']);
    const first = (await get(created.id)).agenda[0];
    await community.post(`/api/v1/meetings/agenda/${first.id}/resolution`, { text: '实行错时停车', outcome: 'task', ownerUserId: t.fixture.user.community, dueOn: '2027-03-01' });
    mt = await get(created.id);
    item = (mt as unknown as { agenda: typeof item[] }).agenda[0]!;
  });

  const vote = (inviteeId: number, by = community) => by.post(`/api/v1/meetings/resolutions/${item.resolution.id}/votes`, { inviteeId, choice: 'for' });
  const fields = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);

  it('refuses a vote by a non-member, an absent member, or a member voting for someone else', async () => {
    const guest = await vote(inviteeOf(mt, '1号楼居民代表'));
    expect(guest.status).toBe(400);
    expect(fields(guest)).toEqual(['body.inviteeId']);
    expect((await vote(inviteeOf(mt, '成员9'))).status).toBe(400);
    const stranger = await w.as.grid.post(`/api/v1/meetings/resolutions/${item.resolution.id}/votes`, { choice: 'for' });
    expect(stranger.status).toBe(404);
    expect((await get(mt.id)).agenda[0].resolution.votesFor).toBe(0);
  });

  it('refuses a second vote by the same member', async () => {
    expect((await vote(inviteeOf(mt, '成员2'))).status).toBe(201);
    const again = await vote(inviteeOf(mt, '成员2'));
    expect(again.status).toBe(409);
    expect(fields(again)).toEqual(['body.inviteeId']);
    expect((await get(mt.id)).agenda[0].resolution.votesFor).toBe(1);
  });

  it('refuses to pass a resolution without the quorum (5 of 13 present)', async () => {
    for (const n of ['成员3', '成员4', '成员5']) await vote(inviteeOf(mt, n));
    const r = (await get(mt.id)).agenda[0].resolution;
    const res = await community.post(`/api/v1/meetings/resolutions/${r.id}/decide`, { version: r.version });
    expect(res.status).toBe(409);
    expect(fields(res)).toEqual(['quorum']);
    expect((await get(mt.id)).agenda[0].resolution.status).toBe('voting');
    expect((await community.get('/api/v1/meetings/tasks')).body.data.filter((k: { title: string }) => k.title === '小区停车管理')).toHaveLength(0);
  });

  it('refuses a vote after the meeting is closed, and edits of locked minutes', async () => {
    await signIn(mt.id, ['成员6', '成员7']);
    const r = (await get(mt.id)).agenda[0].resolution;
    expect((await community.post(`/api/v1/meetings/resolutions/${r.id}/decide`, { version: r.version })).status).toBe(200);
    expect((await community.post(`/api/v1/meetings/${mt.id}/close`, { version: (await get(mt.id)).version })).status).toBe(200);
    const late = await vote(inviteeOf(mt, '成员6'));
    expect(late.status).toBe(409);
    expect(fields(late)).toEqual(['body.choice']);
    const current = (await get(mt.id)).agenda[0];
    const edit = await community.put(`/api/v1/meetings/agenda/${current.id}/minutes`, { minutes: '改写', version: current.version });
    expect(edit.status).toBe(409);
    expect(fields(edit)).toEqual(['body.minutes']);
    expect((await community.post(`/api/v1/meetings/agenda/${current.id}/addenda`, { text: '更正：参会人数为7人' })).status).toBe(201);
    const locked = (await get(mt.id)).agenda[0];
    expect(locked.minutes).toBe('');
    expect(locked.addenda).toHaveLength(1);
  });

  it("refuses an agenda item for another community's topic, writing nothing", async () => {
    const admin = w.as.admin;
    const other = await admin.post('/api/v1/meetings/topics', { communityId: t.fixture.node.longxilu, title: '陇西路议题', background: '其他社区' });
    expect(other.status).toBe(201);
    const fresh = await meeting([]);
    const res = await community.post(`/api/v1/meetings/${fresh.id}/agenda`, { topicId: other.body.id, version: fresh.version });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['body.topicId']);
    expect((await get(fresh.id)).agenda).toHaveLength(0);
    expect((await admin.get(`/api/v1/meetings/topics/${other.body.id}`)).body.status).toBe('pooled');
    const create = await community.post('/api/v1/meetings', { communityId: t.fixture.node.changjiaxiang, type: 'hearing', title: '听证会', startsAt: '2026-12-20T01:00:00.000Z', place: '社区', convener: '成员1', topicIds: [other.body.id] });
    expect(create.status).toBe(400);
    expect(fields(create)).toEqual(['body.topicIds']);
  });

  it('refuses a topic made from a case of another community', async () => {
    const res = await w.as.admin.post('/api/v1/meetings/topics', { communityId: t.fixture.node.longxilu, title: '错配', background: 'x', caseIds: [cases[0]] });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['body.caseIds']);
  });
});

describe('the state tables', () => {
  it('allows only the steps of the meeting and topic tables, with versions', async () => {
    const tp = await topic(community, { caseIds: [], title: '垃圾分类督导' });
    const mt = await meeting([tp.id]);
    expect((await community.post(`/api/v1/meetings/${mt.id}/close`, { version: mt.version })).status).toBe(409);
    expect((await community.post(`/api/v1/meetings/${mt.id}/open`, { version: mt.version + 5 })).status).toBe(409);
    expect((await community.post(`/api/v1/meetings/${mt.id}/sign-in`, { inviteeId: inviteeOf(mt, '成员2') })).status).toBe(409);
    const cancelled = await community.post(`/api/v1/meetings/${mt.id}/cancel`, { version: mt.version });
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.actions).toEqual([]);
    const back = await community.get(`/api/v1/meetings/topics/${tp.id}`);
    expect(back.body.status).toBe('pooled');
    expect(back.body.events.map((e: { action: string }) => e.action)).toEqual(['create', 'schedule', 'unschedule']);
    expect((await member.post(`/api/v1/meetings/topics/${tp.id}/withdraw`, { version: back.body.version })).status).toBe(403);
    const withdrawn = await community.post(`/api/v1/meetings/topics/${tp.id}/withdraw`, { version: back.body.version });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await community.post(`/api/v1/meetings/topics/${tp.id}/withdraw`, { version: withdrawn.body.version })).status).toBe(409);
  });

  it('keeps meetings and rules to those who may see and set them', async () => {
    const mine = (await community.get('/api/v1/meetings')).body.data[0];
    expect((await w.as.streetb.get(`/api/v1/meetings/${mine.id}`)).status).toBe(404);
    expect((await w.as.street.get(`/api/v1/meetings/${mine.id}`)).status).toBe(200);
    expect((await w.as.streetb.post(`/api/v1/meetings/${mine.id}/cancel`, { version: mine.version })).status).toBe(404);
    expect((await member.post(`/api/v1/meetings/${mine.id}/cancel`, { version: mine.version })).status).toBe(403);
    const rules = (await community.get('/api/v1/meetings/rules')).body;
    const regular = rules.find((r: { meetingType: string }) => r.meetingType === 'committee_regular');
    expect((await community.put('/api/v1/meetings/rules/committee_regular', { quorumNum: 2, quorumDen: 3, passNum: 1, passDen: 2, version: regular.version })).status).toBe(403);
    expect((await w.as.admin.put('/api/v1/meetings/rules/committee_regular', { quorumNum: 3, quorumDen: 2, passNum: 1, passDen: 2, version: regular.version })).status).toBe(400);
    const set = await w.as.admin.put('/api/v1/meetings/rules/committee_regular', { quorumNum: 2, quorumDen: 3, passNum: 1, passDen: 2, version: regular.version });
    expect(set.status).toBe(200);
    expect((await meeting([])).quorum.needed).toBe(9);
  });

  it('creates the next scheduled 社工委例会 once', async () => {
    const { createScheduledMeetings } = await import('./cadence-job.js');
    expect((await community.put(`/api/v1/meetings/cadence/${t.fixture.node.changjiaxiang}`, { schedule: { ordinal: 1, weekday: 2, time: '09:00', place: '党群服务中心' } })).status).toBe(200);
    const now = new Date('2026-11-25T02:00:00Z');
    expect(await createScheduledMeetings(t.db, now)).toBe(1);
    expect(await createScheduledMeetings(t.db, now)).toBe(0);
    const created = (await community.get('/api/v1/meetings?keyword=2026年12月社工委例会')).body.data[0];
    expect(created).toMatchObject({ startsAt: '2026-12-01T01:00:00.000Z', status: 'scheduled' });
    expect((await get(created.id)).quorum.voting).toBe(13);
  });
});

describe('the consultation catalogue (协商目录) on topics', () => {
  it('suggests consultation for a topic whose category must go to it, and not for one outside the catalogue', async () => {
    const lift = await topic(community, { title: '1号楼加装电梯', caseIds: [], category: '加装电梯' });
    expect(lift).toMatchObject({ category: '加装电梯', consultationSuggestion: { suggested: true, requirement: 'must', reason: expect.stringContaining('“加装电梯”应当提交议事协商') } });
    const door = await topic(community, { title: '单元门禁更换', caseIds: [], category: '门禁维修' });
    expect(door.consultationSuggestion).toEqual({ suggested: false, requirement: null, reason: '“门禁维修”不在协商目录中' });
    expect((await topic(community, { title: '无类别议题', caseIds: [] })).consultationSuggestion).toBeNull();
    const listed = (await community.get('/api/v1/meetings/topics?keyword=加装电梯')).body.data[0];
    expect(listed.category).toBe('加装电梯');
  });
});

describe('editing a topic (修改议题)', () => {
  it('lets the author or staff change the wording and category while it waits, with the change on the timeline', async () => {
    const tp = await topic(member, { title: '单元门禁更换', caseIds: [], category: '门禁维修', suggestion: '更换为刷卡门禁' });
    expect(tp.actions).toEqual(expect.arrayContaining(['edit']));
    const edited = await member.patch(`/api/v1/meetings/topics/${tp.id}`, { version: tp.version, title: '1号楼加装电梯', category: '加装电梯', suggestion: '' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // The new category is in the 协商目录, so the page now suggests a consultation.
    expect(edited.body).toMatchObject({ title: '1号楼加装电梯', category: '加装电梯', suggestion: null, version: tp.version + 1, consultationSuggestion: { suggested: true } });
    expect(edited.body.events.at(-1)).toMatchObject({ action: 'edit', actionLabel: '修改议题', fromStatus: 'pooled', toStatus: 'pooled' });
    const unchanged = await member.patch(`/api/v1/meetings/topics/${tp.id}`, { version: edited.body.version, title: '1号楼加装电梯' });
    expect(unchanged.body.version).toBe(edited.body.version);
    expect((await member.patch(`/api/v1/meetings/topics/${tp.id}`, { version: tp.version, category: '其他' })).status).toBe(409);
    const staff = await community.patch(`/api/v1/meetings/topics/${tp.id}`, { version: edited.body.version, background: '居民联名申请加装电梯' });
    expect(staff.body.background).toBe('居民联名申请加装电梯');
  });

  it("refuses another member's topic, a blank title, and a topic that is no longer open", async () => {
    const tp = await topic(community, { title: '楼道堆物清理', caseIds: [] });
    const other = await member.patch(`/api/v1/meetings/topics/${tp.id}`, { version: tp.version, title: '改个名字' });
    expect(other.status).toBe(403);
    expect((await member.get(`/api/v1/meetings/topics/${tp.id}`)).body.actions).not.toContain('edit');
    const blank = await community.patch(`/api/v1/meetings/topics/${tp.id}`, { version: tp.version, title: '' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0].field).toBe('body.title');
    const withdrawn = await community.post(`/api/v1/meetings/topics/${tp.id}/withdraw`, { version: tp.version });
    const late = await community.patch(`/api/v1/meetings/topics/${tp.id}`, { version: withdrawn.body.version, title: '撤回后修改' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('meeting.topic_closed');
    expect((await community.get(`/api/v1/meetings/topics/${tp.id}`)).body).toMatchObject({ title: '楼道堆物清理', actions: [] });
  });
});

describe('Excel exports of the console lists', () => {
  it('exports topics, meetings and tasks with the list filters, in the caller’s scope', async () => {
    const admin = w.as.admin;
    expect((await admin.post('/api/v1/meetings', { communityId: t.fixture.node.longxilu, type: 'hearing', title: '陇西路听证会', startsAt: '2026-12-21T01:00:00.000Z', place: '陇西路社区', convener: '主任' })).status).toBe(201);
    const sheet = async (by: Agent, url: string, headers: string[]) => {
      const res = await by.get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      return { res, rows: await readXlsx(res.raw, headers) };
    };

    const topics = await sheet(community, '/api/v1/meetings/topics/export?status=decided', ['议题名称', '社区', '状态']);
    expect(String(topics.res.headers['content-disposition'])).toContain(encodeURIComponent('议题池_'));
    expect(topics.rows.find((r) => r.values['议题名称'] === '1号楼门禁维修')!.values).toMatchObject({ 社区: '畅家巷社区', 状态: '已决议', 来源: '来自诉求（2）' });
    expect(topics.rows.every((r) => r.values['状态'] === '已决议')).toBe(true);
    const allTopics = await sheet(community, '/api/v1/meetings/topics/export', ['议题名称']);
    expect(allTopics.rows.some((r) => r.values['议题名称'] === '陇西路议题')).toBe(false);

    const meetings = await sheet(community, '/api/v1/meetings/export?type=committee_regular&keyword=12月社工委例会', ['会议名称', '会议时间']);
    expect(String(meetings.res.headers['content-disposition'])).toContain(encodeURIComponent('会议_'));
    expect(meetings.rows[0]!.values).toMatchObject({ 会议类型: '社工委例会', 社区: '畅家巷社区', 地点: '畅家巷社区党群服务中心', 召集人: '成员1' });
    expect(meetings.rows.map((r) => r.values['会议时间'])).toContain('2026-12-08 09:30:00');
    expect((await sheet(community, '/api/v1/meetings/export', ['会议名称'])).rows.some((r) => r.values['会议名称'] === '陇西路听证会')).toBe(false);

    const tasks = await sheet(community, '/api/v1/meetings/tasks/export?overdue=true', ['事项', '责任人', '完成期限']);
    expect(String(tasks.res.headers['content-disposition'])).toContain(encodeURIComponent('决议落实_'));
    expect(tasks.rows.map((r) => r.values)).toEqual([expect.objectContaining({ 类型: '社区内办理', 社区: '畅家巷社区', 完成期限: '2026-01-31', 状态: '办理中', 已逾期: '是' })]);

    // 陇西路's street sees its own rows and none of 畅家巷's.
    for (const url of ['/api/v1/meetings/topics/export', '/api/v1/meetings/export']) {
      const other = await sheet(w.as.streetb, url, ['社区']);
      expect(other.rows.map((r) => r.values['社区'])).toEqual(['陇西路社区']);
    }
    const noTasks = await w.as.streetb.get('/api/v1/meetings/tasks/export');
    expect(noTasks.status).toBe(200);
    await expect(readXlsx(noTasks.raw, [])).rejects.toMatchObject({ key: 'excel_empty' });
  });
});
