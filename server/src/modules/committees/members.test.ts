import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { beijingToday } from '../../platform/time.js';
import { appointCommittee, changjiaxiangSeats } from './test-support.js';

let t: TestContext;
let as: Record<'community' | 'member' | 'street' | 'admin' | 'grid' | 'district', Agent>;
let committeeId: number;
let m: Record<string, number>;
const soon = new Date(Date.parse(`${beijingToday()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  ({ committeeId, members: m } = await appointCommittee(t, t.fixture.node.changjiaxiang, changjiaxiangSeats(t, soon)));
  await appointCommittee(t, t.fixture.node.longxilu, [{ name: '陇西路书记', category: 'two_committees', role: 'director', secretary: true }]);
  as = {
    community: await t.as('community'),
    member: await t.as('member'),
    street: await t.as('street'),
    admin: await t.as('admin'),
    grid: await t.as('grid'),
    district: await t.as('district'),
  };
}, 180_000);
afterAll(() => t.close());

const member = (id: number, by = as.community) => by.get(`/api/v1/committees/members/${id}`);

describe('the committee and its roster', () => {
  it('lists committees in scope with members, vacancies and terms ending', async () => {
    const res = await as.community.get('/api/v1/committees');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.data[0]).toMatchObject({ communityName: '畅家巷社区', streetName: '酒泉路街道', members: 6, seats: 6, vacancies: 0, termsEnding: 1, status: 'active' });
    expect((await as.street.get('/api/v1/committees')).body.total).toBe(1);
    expect((await as.district.get('/api/v1/committees')).body.total).toBe(2);
  });

  it('shows the composition and the members with masked personal data', async () => {
    const detail = await as.community.get(`/api/v1/committees/${committeeId}`);
    expect(detail.body.byRole.map((r: { n: number }) => r.n)).toEqual([1, 2, 1, 2]);
    expect(detail.body.supplementPath).toBe(`/selection/rounds/new?kind=supplement&communityId=${t.fixture.node.changjiaxiang}`);
    const list = await as.community.get(`/api/v1/committees/${committeeId}/members`);
    expect(list.body.data.map((r: { roleName: string }) => r.roleName)).toEqual(['主任', '副主任', '副主任', '常任委员', '轮值委员', '轮值委员']);
    expect(list.body.data[0].phone).toMatch(/^139\*{4}\d{4}$/);
    expect(list.body.data[0].idNumber).toMatch(/^620102\*{8}\d{3}[0-9X]$/);
  });

  it('shows full personal data only with personal:view, and logs each view', async () => {
    const res = await as.community.get(`/api/v1/committees/members/${m['王书记']}/personal`);
    expect(res.status).toBe(200);
    expect(res.body.idNumber).toMatch(/^620102\d{11}[0-9X]$/);
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal.view').where('entity_type', '=', 'committee_member').execute();
    expect(log).toHaveLength(1);
    expect(log[0]!.summary).not.toContain(res.body.idNumber);
    expect((await as.member.get(`/api/v1/committees/members/${m['王书记']}/personal`)).status).toBe(403);
  });

  it("keeps another community's members out of reach, by id", async () => {
    const other = await t.db.selectFrom('committee_member').select(['id', 'committee_id', 'version']).where('community_id', '=', t.fixture.node.longxilu).executeTakeFirstOrThrow();
    expect((await member(other.id)).status).toBe(404);
    expect((await as.community.get(`/api/v1/committees/${other.committee_id}`)).status).toBe(404);
    expect((await as.community.get(`/api/v1/committees/${other.committee_id}/members`)).status).toBe(404);
    expect((await as.community.get(`/api/v1/committees/members/${other.id}/personal`)).status).toBe(404);
    const write = await as.community.post(`/api/v1/committees/members/${other.id}/dismiss`, { reason: '不履职', decisionBody: '社区党委会议', decisionOn: '2026-11-30', version: other.version });
    expect(write.status).toBe(404);
    const edit = await as.community.post(`/api/v1/committees/members/${other.id}/edit`, { role: 'standing', version: other.version });
    expect(edit.status).toBe(404);
    expect((await t.db.selectFrom('committee_member').select('status').where('id', '=', other.id).executeTakeFirstOrThrow()).status).toBe('serving');
  });
});

describe('exit and dismissal', () => {
  it('lets the member ask to leave, refuses a second request, and the party organisation approves', async () => {
    const mine = await as.member.get('/api/v1/committees/me');
    expect(mine.body.map((r: { id: number }) => r.id)).toEqual([m['李委员']]);
    const before = (await member(m['李委员']!, as.member)).body;
    expect(before.actions).toEqual(['request_exit']);
    const asked = await as.member.post(`/api/v1/committees/members/${m['李委员']}/exit-request`, { reason: '工作调动，无法继续履职', version: before.version });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'exiting', exitReason: '工作调动，无法继续履职' });
    const again = await as.member.post(`/api/v1/committees/members/${m['李委员']}/exit-request`, { reason: '再次申请', version: asked.body.version });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('该委员已有待审批的退出申请，不能重复申请');
    const inbox = await as.community.get('/api/v1/notifications?unread=true');
    expect(inbox.body.data[0]).toMatchObject({ kind: 'committee.request_exit', entityType: 'committee_member' });
    expect((await as.member.post(`/api/v1/committees/members/${m['李委员']}/exit-approve`, { version: asked.body.version })).status).toBe(403);
    const stale = await as.community.post(`/api/v1/committees/members/${m['李委员']}/exit-approve`, { version: before.version });
    expect(stale.status).toBe(409);
    const approved = await as.community.post(`/api/v1/committees/members/${m['李委员']}/exit-approve`, { note: '同意', version: asked.body.version });
    expect(approved.body).toMatchObject({ status: 'exited', statusName: '已退出', endReason: '工作调动，无法继续履职' });
    expect(approved.body.endedAt).not.toBeNull();
    const list = (await as.community.get('/api/v1/committees')).body.data[0];
    expect(list).toMatchObject({ members: 5, seats: 6, vacancies: 1 });
    const history = await as.community.get(`/api/v1/committees/members/${m['李委员']}/history`);
    expect(history.body.map((e: { action: string; toStatus: string }) => [e.action, e.toStatus])).toEqual([['appoint', 'serving'], ['request_exit', 'exiting'], ['approve_exit', 'exited']]);
  });

  it('rejects an exit back to serving', async () => {
    const v = (await member(m['周委员']!)).body.version;
    const asked = await as.community.post(`/api/v1/committees/members/${m['周委员']}/exit-request`, { reason: '个人原因', version: v });
    const rejected = await as.community.post(`/api/v1/committees/members/${m['周委员']}/exit-reject`, { reason: '任期未满，请继续履职', version: asked.body.version });
    expect(rejected.body).toMatchObject({ status: 'serving', exitReason: null });
  });

  it('dismisses with reason and decision, and refuses to act on a member who has left', async () => {
    const v = (await member(m['孙委员']!)).body.version;
    const bad = await as.community.post(`/api/v1/committees/members/${m['孙委员']}/dismiss`, { reason: '', decisionBody: '社区党委会议', decisionOn: '2026-11-30', version: v });
    expect(bad.status).toBe(400);
    const res = await as.community.post(`/api/v1/committees/members/${m['孙委员']}/dismiss`, { reason: '长期不参加会议', decisionBody: '社区党委会议', decisionOn: '2026-11-30', version: v });
    expect(res.body).toMatchObject({ status: 'dismissed', decisionBody: '社区党委会议', decisionOn: '2026-11-30', endReason: '长期不参加会议' });
    const after = await as.community.post(`/api/v1/committees/members/${m['孙委员']}/exit-request`, { reason: '再申请', version: res.body.version });
    expect(after.status).toBe(409);
  });
});

describe('member edits', () => {
  it('records a role change on the timeline', async () => {
    const v = (await member(m['钱副主任']!)).body.version;
    const res = await as.community.post(`/api/v1/committees/members/${m['钱副主任']}/edit`, { role: 'standing', version: v });
    expect(res.body).toMatchObject({ role: 'standing', roleName: '常任委员' });
    const history = (await as.community.get(`/api/v1/committees/members/${m['钱副主任']}/history`)).body;
    expect(history.at(-1)).toMatchObject({ action: 'edit', note: '职务 副主任 → 常任委员' });
  });

  it('refuses an invalid ID number and changes nothing', async () => {
    const before = (await member(m['赵副主任']!)).body;
    const res = await as.community.post(`/api/v1/committees/members/${m['赵副主任']}/edit`, { idNumber: '620102198001011230', role: 'standing', version: before.version });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.idNumber', message: '身份证号码无效（应为 18 位，校验位正确）' }]);
    const after = (await member(m['赵副主任']!)).body;
    expect(after).toMatchObject({ version: before.version, role: 'deputy_director', idNumber: before.idNumber });
  });
});

describe('zones and the district leader', () => {
  it('assigns a member and the grid worker to zones, and releases them on exit', async () => {
    const byMember = await as.community.post(`/api/v1/committees/${committeeId}/zones`, { memberId: m['赵副主任'], territoryId: t.fixture.node.building1 });
    expect(byMember.status).toBe(201);
    expect(byMember.body).toMatchObject({ memberName: '赵副主任', territoryName: '1号楼', territoryLevel: 'building' });
    const unit = await as.community.post(`/api/v1/committees/${committeeId}/zones`, { memberId: m['赵副主任'], unitName: '兰州市第二中学' });
    expect(unit.status).toBe(201);
    const worker = await as.community.post(`/api/v1/committees/${committeeId}/zones`, { userId: t.fixture.user.grid, territoryId: t.fixture.node.changjiaxiangGrid });
    expect(worker.body).toMatchObject({ userName: '畅家巷网格员', territoryName: '第一网格' });
    expect((await as.community.post(`/api/v1/committees/${committeeId}/zones`, { memberId: m['赵副主任'], territoryId: t.fixture.node.building1 })).status).toBe(409);
    const outside = await as.community.post(`/api/v1/committees/${committeeId}/zones`, { memberId: m['赵副主任'], territoryId: t.fixture.node.longxiluBuilding });
    expect(outside.body.errors[0].field).toBe('body.territoryId');
    expect((await member(m['赵副主任']!)).body.zones).toHaveLength(2);
    expect((await as.community.get(`/api/v1/committees/${committeeId}/zones`)).body).toHaveLength(3);
    expect((await as.community.delete(`/api/v1/committees/zones/${unit.body.id}`)).status).toBe(200);
    const v = (await member(m['赵副主任']!)).body.version;
    await as.community.post(`/api/v1/committees/members/${m['赵副主任']}/dismiss`, { reason: '严重违纪', decisionBody: '社区党委会议', decisionOn: '2026-11-30', version: v });
    expect((await as.community.get(`/api/v1/committees/${committeeId}/zones`)).body.map((z: { userName: string }) => z.userName)).toEqual(['畅家巷网格员']);
  });

  it('links a district leader who covers the community', async () => {
    const candidates = await as.community.get(`/api/v1/committees/${committeeId}/leader-candidates`);
    expect(candidates.body.map((u: { id: number }) => u.id)).toEqual([t.fixture.user.district]);
    const c = (await as.community.get(`/api/v1/committees/${committeeId}`)).body;
    const wrong = await as.community.put(`/api/v1/committees/${committeeId}/leader`, { userId: t.fixture.user.street, version: c.version });
    expect(wrong.status).toBe(400);
    const res = await as.community.put(`/api/v1/committees/${committeeId}/leader`, { userId: t.fixture.user.district, version: c.version });
    expect(res.body.leader).toEqual({ id: t.fixture.user.district, name: '城关区组织部' });
    expect((await as.member.put(`/api/v1/committees/${committeeId}/leader`, { userId: null, version: res.body.version })).status).toBe(403);
  });
});
