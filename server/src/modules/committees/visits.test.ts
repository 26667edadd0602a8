import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { readXlsx } from '../../platform/excel.js';
import { announceTermsEnding } from './terms.js';
import { beijingToday } from '../../platform/time.js';
import { appointCommittee, changjiaxiangSeats } from './test-support.js';

let t: TestContext;
let as: Record<'community' | 'member' | 'grid' | 'street' | 'unit', Agent>;
let committeeId: number;
let m: Record<string, number>;
const soon = new Date(Date.parse(`${beijingToday()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  ({ committeeId, members: m } = await appointCommittee(t, t.fixture.node.changjiaxiang, changjiaxiangSeats(t, soon)));
  as = { community: await t.as('community'), member: await t.as('member'), grid: await t.as('grid'), street: await t.as('street'), unit: await t.as('unit') };
}, 180_000);
afterAll(() => t.close());

const visit = (overrides: Record<string, unknown> = {}) => ({
  communityId: t.fixture.node.changjiaxiang,
  territoryId: t.fixture.node.building1,
  whomKind: 'household',
  room: '3单元502',
  personName: '王阿姨',
  visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
  summary: '了解独居老人生活情况',
  problem: '楼道声控灯坏了两周，晚上上下楼看不清',
  ...overrides,
});

async function upload(agent: Agent) {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#88aa33' } }).png().toBuffer();
  const boundary = '----gz';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="visit.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return agent.request('POST', '/api/v1/visit-photos', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

describe('visits', () => {
  it('lets a member log a visit with a photo, counted for their round', async () => {
    const photo = await upload(as.member);
    expect(photo.status).toBe(201);
    const res = await as.member.post('/api/v1/visits', visit({ photoIds: [photo.body.id] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ memberId: m['李委员'], territoryName: '1号楼', room: '3单元502', caseId: null, photos: [{ id: photo.body.id }] });
    expect((await as.member.get(photo.body.thumbnailUrl)).status).toBe(200);
    expect((await as.street.get(photo.body.url)).status).toBe(200);
    expect((await as.unit.get(photo.body.url)).status).toBe(404);
    const round = await as.community.get(`/api/v1/committees/${committeeId}/visit-round`);
    expect(round.body).toMatchObject({ members: 6, visited: 1, behind: 5 });
    expect(round.body.rows.at(-1)).toMatchObject({ memberId: m['李委员'], visits: 1 });
  });

  it('lets a grid worker log a unit visit in their grid, and refuses places outside it', async () => {
    const ok = await as.grid.post('/api/v1/visits', visit({ whomKind: 'unit', room: undefined, unitName: '畅家巷幼儿园', territoryId: t.fixture.node.changjiaxiangGrid, problem: undefined }));
    expect(ok.status).toBe(201);
    expect(ok.body.memberId).toBeNull();
    expect(ok.body.place).toMatch(/^畅家巷幼儿园（.+）$/);
    const outside = await as.grid.post('/api/v1/visits', visit({ communityId: t.fixture.node.longxilu, territoryId: t.fixture.node.longxiluBuilding }));
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('body.territoryId');
    const noRoom = await as.grid.post('/api/v1/visits', visit({ territoryId: t.fixture.node.changjiaxiangGrid }));
    expect(noRoom.body.errors[0].field).toBe('body.territoryId');
    const future = await as.grid.post('/api/v1/visits', visit({ visitedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(future.body.errors[0].field).toBe('body.visitedAt');
    expect((await as.unit.post('/api/v1/visits', visit())).status).toBe(403);
    // A grid worker sees their own visits; staff see the community's.
    expect((await as.grid.get('/api/v1/visits')).body.total).toBe(1);
    expect((await as.community.get('/api/v1/visits')).body.total).toBe(2);
  });

  it('turns the raised problem into a case with one click, once', async () => {
    const logged = await as.member.post('/api/v1/visits', visit({ problem: '单元门禁损坏，陌生人随意出入' }));
    const res = await as.member.post(`/api/v1/visits/${logged.body.id}/case`, { categoryCode: 'property', version: logged.body.version });
    expect(res.status).toBe(201);
    expect(res.body.caseTrackingNo).toMatch(/^GZ\d{8}-\d{6}$/);
    expect(res.body).toMatchObject({ caseStatus: 'submitted', caseStatusName: '待受理' });
    const kase = await as.community.get(`/api/v1/cases/${res.body.caseId}`);
    expect(kase.body).toMatchObject({ channel: 'visit', description: '单元门禁损坏，陌生人随意出入', territoryName: '1号楼', reporterName: '王阿姨' });
    const again = await as.member.post(`/api/v1/visits/${logged.body.id}/case`, { categoryCode: 'property', version: res.body.version });
    expect(again.status).toBe(409);
    const none = await as.grid.get('/api/v1/visits');
    const unitVisit = none.body.data[0];
    const noProblem = await as.grid.post(`/api/v1/visits/${unitVisit.id}/case`, { categoryCode: 'property', version: unitVisit.version });
    expect(noProblem.status).toBe(409);
    const badCategory = await as.member.post(`/api/v1/visits/${(await as.member.post('/api/v1/visits', visit())).body.id}/case`, { categoryCode: 'nope', version: 1 });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.errors[0].field).toBe('body.categoryCode');
  });

  it('exports the visits the list shows, each raised problem with the case it became', async () => {
    const res = await as.community.get('/api/v1/visits/export?withProblem=true');
    expect(res.status).toBe(200);
    const rows = (await readXlsx(res.raw, ['走访时间', '对象', '楼院 / 单位', '受访人', '走访人', '反映问题', '诉求编号', '诉求状态', '照片数'])).map((r) => r.values);
    expect(rows.map((r) => [r['对象'], r['楼院 / 单位'], r['受访人'], r['反映问题'], r['诉求状态'], r['照片数']])).toEqual([
      ['住户', '1号楼 3单元502', '王阿姨', '楼道声控灯坏了两周，晚上上下楼看不清', '', '0'],
      ['住户', '1号楼 3单元502', '王阿姨', '单元门禁损坏，陌生人随意出入', '待受理', '0'],
      ['住户', '1号楼 3单元502', '王阿姨', '楼道声控灯坏了两周，晚上上下楼看不清', '', '1'],
    ]);
    expect(rows[1]!['诉求编号']).toMatch(/^GZ\d{8}-\d{6}$/);
    expect(rows[0]!['走访时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // The grid worker's export holds what their list holds: their own visit.
    const own = (await readXlsx((await as.grid.get('/api/v1/visits/export')).raw, ['对象', '走访人'])).map((r) => r.values['对象']);
    expect(own).toEqual(['单位']);
  });

  it('reminds a member who has not visited, once a month', async () => {
    // 王书记 has no account in the fixture: there is no one to notify.
    expect((await as.community.post(`/api/v1/committees/members/${m['王书记']}/remind`, {})).status).toBe(409);
    await t.db.updateTable('committee_member').set({ user_id: t.fixture.user.grid }).where('id', '=', m['周委员']!).execute();
    const first = await as.community.post(`/api/v1/committees/members/${m['周委员']}/remind`, {});
    expect(first.status).toBe(200);
    const again = await as.community.post(`/api/v1/committees/members/${m['周委员']}/remind`, {});
    expect(again.status).toBe(409);
    const inbox = await as.grid.get('/api/v1/notifications?unread=true');
    expect(inbox.body.data.filter((n: { kind: string }) => n.kind === 'visit.reminder')).toHaveLength(1);
    const round = await as.community.get(`/api/v1/committees/${committeeId}/visit-round`);
    expect(round.body.rows.find((r: { memberId: number }) => r.memberId === m['周委员'])).toMatchObject({ reminded: true, visits: 0 });
    expect((await as.member.post(`/api/v1/committees/members/${m['周委员']}/remind`, {})).status).toBe(403);
  });
});

describe('terms ending', () => {
  it('lists rotating terms ending within a month and tells the community once', async () => {
    const list = await as.community.get('/api/v1/committees/terms-ending');
    expect(list.body).toEqual([expect.objectContaining({ memberId: m['李委员'], termEnd: soon, daysLeft: 10, roleName: '轮值委员' })]);
    expect(await announceTermsEnding(t.db)).toBe(1);
    expect(await announceTermsEnding(t.db)).toBe(0);
    const inbox = await as.community.get('/api/v1/notifications?unread=true');
    expect(inbox.body.data.filter((n: { kind: string }) => n.kind === 'committee.term_ending')).toHaveLength(1);
  });
});
