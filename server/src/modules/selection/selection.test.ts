import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { pdfText } from '../../../test/pdf-text.js';
import { closeEndedNotices } from '../notices/closing.js';
import { ResidentAgent } from '../resident/test-support.js';
import { communityStaff, idNumber, nomination, openRound, roundOf, smallRules, type Person } from './test-support.js';

let t: TestContext;
let community: Agent;
let street: Agent;
beforeAll(async () => {
  t = await testApp();
  community = await t.as('community');
  street = await t.as('street');
  await smallRules(t);
});
afterAll(() => t.close());

const PEOPLE: Person[] = [
  { name: '张秀兰', role: 'director', secretary: true, phone: '13900000001' },
  { name: '李建国', role: 'deputy_director', phone: '13900000002' },
  { name: '王丽', role: 'standing', phone: '13900000003' },
  { name: '赵强', role: 'rotating', phone: '13900000004' },
  { name: '钱进', role: 'rotating', phone: '13900000005' },
];

describe('a formation round from announcement to appointment', () => {
  let roundId: number;
  const ids: Record<string, number> = {};

  it('announces on the board and takes nominations through the three doors', async () => {
    const round = await openRound(community, t.fixture.node.changjiaxiang);
    roundId = round.id;
    expect(round).toMatchObject({ status: 'collecting', actions: expect.arrayContaining(['close_collection', 'cancel']) });
    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`);
    expect(board.body.current.map((n: { kind: string }) => n.kind)).toEqual(['announcement']);

    for (const [i, p] of PEOPLE.entries()) {
      const res = await community.post(`/api/v1/selection/rounds/${roundId}/candidates`, nomination(p, { idNumber: idNumber(i + 1) }));
      expect(res.status).toBe(201);
      expect(res.body.phone).toBe(`139****000${i + 1}`);
      expect(res.body.idNumber).toMatch(/^620102\*{8}/);
      ids[p.name] = res.body.id;
    }
    // 自荐 on the H5 page, signed in with a phone code.
    const resident = await new ResidentAgent(t).login('13700000009');
    const self = await resident.post(`/api/v1/resident/rounds/${roundId}/nominations`, { ...nomination({ name: '孙悦', role: 'standing', phone: '13700000009' }), channel: 'self', recommender: undefined });
    expect(self.status).toBe(201);
    ids['孙悦'] = self.body.id;
    const list = await community.get(`/api/v1/selection/rounds/${roundId}/candidates`);
    expect(list.body.total).toBe(6);
  });

  it('rejects the same person nominated twice in one round (409), by name + phone or by ID number', async () => {
    const twice = await community.post(`/api/v1/selection/rounds/${roundId}/candidates`, nomination(PEOPLE[1]!));
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('selection.duplicate_candidate');
    const sameId = await community.post(`/api/v1/selection/rounds/${roundId}/candidates`, nomination({ name: '李建华', role: 'standing', phone: '13900000099' }, { idNumber: idNumber(2) }));
    expect(sameId.status).toBe(409);
    expect((await community.get(`/api/v1/selection/rounds/${roundId}/candidates`)).body.total).toBe(6);
  });

  it('rejects an invalid ID number with the field named, writing nothing', async () => {
    const res = await community.post(`/api/v1/selection/rounds/${roundId}/candidates`, nomination({ name: '周敏', role: 'standing', phone: '13900000077' }, { idNumber: '620102198001010011' }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'body.idNumber', message: expect.stringContaining('身份证号码无效') }]);
    const bad = await community.post(`/api/v1/selection/rounds/${roundId}/candidates`, nomination({ name: '周敏', role: 'standing', phone: '12900000077' }));
    expect(bad.status).toBe(400);
    expect((await community.get(`/api/v1/selection/rounds/${roundId}/candidates`)).body.total).toBe(6);
  });

  it('shows the full phone and ID number only on request, audit-logged', async () => {
    const res = await community.get(`/api/v1/selection/candidates/${ids['李建国']}/personal`);
    expect(res.body).toEqual({ phone: '13900000002', idNumber: idNumber(2) });
    const logged = await t.db.selectFrom('audit_log').select('summary').where('action', '=', 'personal.view').where('entity_type', '=', 'selection_candidate').execute();
    expect(logged).toHaveLength(1);
    expect((await (await t.as('member')).get(`/api/v1/selection/candidates/${ids['李建国']}/personal`)).status).toBe(403);
  });

  it('records the party meeting and submits the list to the street', async () => {
    let round = await roundOf(community, roundId);
    round = (await community.post(`/api/v1/selection/rounds/${roundId}/close-collection`, { version: round.version })).body;
    expect(round.status).toBe('deciding');
    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`);
    expect(board.body.past.map((n: { kind: string }) => n.kind)).toEqual(['announcement']);
    const early = await community.post(`/api/v1/selection/rounds/${roundId}/submit`, { version: round.version });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('selection.meeting_missing');

    const decisions = Object.entries(ids).map(([name, candidateId]) => ({ candidateId, proposed: name !== '孙悦' }));
    const noReason = await community.put(`/api/v1/selection/rounds/${roundId}/meeting`, { version: round.version, meetingDate: '2026-12-11', attendees: '张秀兰、社区两委成员', decisions });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe(`body.decisions.5.reason`);
    const withReason = decisions.map((d) => (d.proposed ? d : { ...d, reason: '本人工作调动，不便履职' }));
    const met = await community.put(`/api/v1/selection/rounds/${roundId}/meeting`, { version: round.version, meetingDate: '2026-12-11', attendees: '张秀兰、社区两委成员', decisions: withReason });
    expect(met.status).toBe(200);
    expect(met.body.composition.warnings).toEqual([]);
    const submitted = await community.post(`/api/v1/selection/rounds/${roundId}/submit`, { version: met.body.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
  });

  it('refuses a street approving a list of another street’s community (404 problem+json) and lets its own street approve', async () => {
    const version = (await roundOf(street, roundId)).version;
    const other = await (await t.as('streetb')).post(`/api/v1/selection/rounds/${roundId}/approve`, { version });
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect((await community.post(`/api/v1/selection/rounds/${roundId}/approve`, { version })).status).toBe(403);
    const approved = await street.post(`/api/v1/selection/rounds/${roundId}/approve`, { version, comment: '同意备案' });
    expect(approved.body.status).toBe('approved');
  });

  it('puts the approved list on the board, takes an objection, and refuses one after the period', async () => {
    const round = (await community.post(`/api/v1/selection/rounds/${roundId}/publish`, { version: (await roundOf(community, roundId)).version })).body;
    expect(round.status).toBe('notice');
    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`);
    const notice = board.body.current.find((n: { kind: string }) => n.kind === 'appointment');
    expect(notice).toMatchObject({ objectable: true, acceptingObjections: true, id: round.noticeId });
    const detail = await t.agent().get(`/api/v1/public/notices/${notice.id}`);
    expect(detail.body.items.map((i: { label: string }) => i.label)).toContain('钱进（拟任轮值委员）');
    expect(detail.body.body).not.toContain('13900000005');

    const resident = await new ResidentAgent(t, '10.0.0.7').login('13600000001');
    const objection = { itemId: ids['钱进'], content: '该人选长期不在本社区居住，不了解社区情况' };
    const lodged = await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, objection);
    expect(lodged.status).toBe(201);
    expect((await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, objection)).body).toEqual({ id: lodged.body.id, created: false });
    expect((await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, { itemId: ids['孙悦'], content: '不在公示名单里的人' })).status).toBe(400);

    const running = await community.post(`/api/v1/selection/rounds/${roundId}/appoint`, { version: round.version });
    expect(running.status).toBe(409);
    expect(running.body.code).toBe('selection.notice_running');

    // The three days pass.
    await t.db.updateTable('public_notice').set({ starts_at: new Date(Date.now() - 4 * 86_400_000), ends_at: new Date(Date.now() - 86_400_000) }).where('id', '=', notice.id).execute();
    const late = await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, { itemId: ids['赵强'], content: '公示期过后才想起来的异议' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('notice.period_over');
    expect(await closeEndedNotices(t.db)).toBe(1);
    expect(await closeEndedNotices(t.db)).toBe(0);
    expect((await roundOf(community, roundId)).status).toBe('appointing');
  });

  it('refuses the appointment while an objection is undecided, then appoints the rest once it is upheld', async () => {
    let round = await roundOf(community, roundId);
    const blocked = await community.post(`/api/v1/selection/rounds/${roundId}/appoint`, { version: round.version });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('selection.objections_pending');
    expect(blocked.body.detail).toContain('1 条异议');

    const objections = (await community.get(`/api/v1/notices/${round.noticeId}/objections`)).body;
    expect(objections[0]).toMatchObject({ itemLabel: '钱进（拟任轮值委员）', phone: '136****0001', status: 'pending' });
    const found = await community.post(`/api/v1/notices/objections/${objections[0].id}/finding`, { version: objections[0].version, upheld: true, finding: '经核实，该人选户籍及居住地均不在本社区' });
    expect(found.status).toBe(200);
    const candidates = (await community.get(`/api/v1/selection/rounds/${roundId}/candidates`)).body.data;
    expect(candidates.find((c: { name: string }) => c.name === '钱进').status).toBe('withdrawn');

    round = await roundOf(community, roundId);
    const done = await community.post(`/api/v1/selection/rounds/${roundId}/appoint`, { version: round.version, appointedOn: '2026-12-15' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    const members = await t.db.selectFrom('committee_member').selectAll().orderBy('id').execute();
    expect(members.map((m) => [m.name, m.role, m.term_end])).toEqual([
      ['张秀兰', 'director', null],
      ['李建国', 'deputy_director', null],
      ['王丽', 'standing', null],
      ['赵强', 'rotating', '2027-12-14'],
    ]);
    expect(members[0]!.certificate_no).toMatch(/^兰社工委聘〔2026〕第\d{6}号$/);
    const committee = await t.db.selectFrom('committee').selectAll().executeTakeFirstOrThrow();
    expect(committee).toMatchObject({ name: '畅家巷社区建设工作委员会', status: 'active', formed_on: '2026-12-15' });
    const events = await t.db.selectFrom('committee_member_event').select(['action', 'to_status']).execute();
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.action === 'appoint' && e.to_status === 'serving')).toBe(true);
    const composition = await community.get(`/api/v1/committees/${committee.id}/composition`);
    expect(composition.body.warnings).toEqual([]);

    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/board`);
    expect(board.body.committee.members).toEqual([
      { name: '张秀兰', role: 'director' },
      { name: '李建国', role: 'deputy_director' },
      { name: '王丽', role: 'standing' },
      { name: '赵强', role: 'rotating' },
    ]);
    expect(JSON.stringify(board.body)).not.toContain('1390000');
  });

  it('prints a certificate with its text in Chinese, and a batch of all of them', async () => {
    const res = await community.get(`/api/v1/selection/candidates/${ids['张秀兰']}/certificate.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.raw);
    const no = (await t.db.selectFrom('committee_member').select('certificate_no').where('name', '=', '张秀兰').executeTakeFirstOrThrow()).certificate_no!;
    for (const words of ['聘书', '兹聘任张秀兰同志为畅家巷社区建设工作委员会主任', '2026年12月15日', no]) expect(text).toContain(words);
    const rotating = await pdfText((await community.get(`/api/v1/selection/candidates/${ids['赵强']}/certificate.pdf`)).raw);
    expect(rotating).toContain('委员（轮值）');
    expect(rotating).toContain('2026年12月15日至2027年12月14日');
    const batch = await pdfText((await community.get(`/api/v1/selection/rounds/${roundId}/certificates.pdf`)).raw);
    for (const name of ['张秀兰', '李建国', '王丽', '赵强']) expect(batch).toContain(name);
    expect(batch).not.toContain('钱进');
    expect((await community.get(`/api/v1/selection/candidates/${ids['钱进']}/certificate.pdf`)).status).toBe(404);
  });
});

describe('composition rules', () => {
  it('refuses a 主任 who is not the party secretary without a reason (422 naming the rule), and records the reason when given', async () => {
    const staff = await communityStaff(t, 'zjy', t.fixture.node.zhangjiayuan);
    const round = await openRound(staff, t.fixture.node.zhangjiayuan);
    const people: Person[] = [
      { name: '周主任', role: 'director', secretary: false, phone: '13800000001' },
      { name: '吴副主任', role: 'deputy_director', phone: '13800000002' },
      { name: '郑委员', role: 'standing', phone: '13800000003' },
      { name: '冯委员', role: 'standing', phone: '13800000004' },
    ];
    const cs = [];
    for (const p of people) cs.push((await staff.post(`/api/v1/selection/rounds/${round.id}/candidates`, nomination(p))).body.id as number);
    let r = (await staff.post(`/api/v1/selection/rounds/${round.id}/close-collection`, { version: round.version })).body;
    r = (await staff.put(`/api/v1/selection/rounds/${round.id}/meeting`, { version: r.version, meetingDate: '2026-12-11', attendees: '社区两委', decisions: cs.map((candidateId) => ({ candidateId, proposed: true })) })).body;
    expect(r.composition.warnings).toEqual([expect.stringContaining('主任由社区党组织书记担任')]);
    const refused = await staff.post(`/api/v1/selection/rounds/${round.id}/submit`, { version: r.version });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('主任由社区党组织书记担任');
    expect(refused.body.errors[0].field).toBe('body.deviationReason');
    expect((await roundOf(staff, round.id)).status).toBe('deciding');
    const reason = '社区党组织书记空缺，由居委会主任暂任，待书记到任后调整';
    const ok = await staff.post(`/api/v1/selection/rounds/${round.id}/submit`, { version: r.version, deviationReason: reason });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'submitted', deviationReason: reason });
  });

  it('lets only the city admin set a city’s rules (committee:config), checking min ≤ max', async () => {
    const body = { sizeMin: 13, sizeMax: 15, deputyMin: 3, deputyMax: 4, noticeDays: 3, rotatingTermMonths: 12, certificatePrefix: '兰社工委聘' };
    expect((await community.put(`/api/v1/committee-rules/${t.fixture.node.city}`, body)).status).toBe(403);
    const city = await t.as('city');
    const [rule] = (await city.get('/api/v1/committee-rules')).body;
    const bad = await city.put(`/api/v1/committee-rules/${t.fixture.node.city}`, { ...body, sizeMin: 16, version: rule.version });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.sizeMin');
    const stale = await city.put(`/api/v1/committee-rules/${t.fixture.node.city}`, { ...body, version: rule.version + 5 });
    expect(stale.status).toBe(409);
    const saved = await city.put(`/api/v1/committee-rules/${t.fixture.node.city}`, { ...body, version: rule.version });
    expect(saved.body[0]).toMatchObject({ configured: true, sizeMin: 13, sizeMax: 15 });
  });
});
