import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { readXlsx } from '../../platform/excel.js';
import { ResidentAgent } from '../resident/test-support.js';
import { unitAgents, unitBody as body, type UnitAgents } from './test-support.js';

let t: TestContext;
let as: UnitAgents;
let unitId: number;
let unit2Id: number;
const unitBody = (overrides: Record<string, unknown> = {}) => body(t, overrides);

async function upload(agent: Agent) {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#cc3322' } }).png().toBuffer();
  const boundary = '----gz';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="service.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return agent.request('POST', '/api/v1/service-photos', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}


beforeAll(async () => {
  t = await testApp();
  as = await unitAgents(t);
}, 180_000);
afterAll(() => t.close());

describe('unit registration (报到登记)', () => {
  it('lets a unit register, refuses registering twice, and staff confirm with a version check', async () => {
    const res = await as.unit.post('/api/v1/units', unitBody());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', contactPhone: '139****5678', isContact: true, actions: ['withdraw'] });
    unitId = res.body.id;

    const twice = await as.unit.post('/api/v1/units', unitBody({ contactName: '另一人' }));
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].field).toBe('body.name');
    expect((await t.db.selectFrom('unit').select('id').where('name', '=', unitBody().name).execute()).length).toBe(1);

    expect((await as.unit.post(`/api/v1/units/${unitId}/confirm`, { version: 1 })).status).toBe(403);
    expect((await as.streetb.get(`/api/v1/units/${unitId}`)).status).toBe(404);
    expect((await as.community.post(`/api/v1/units/${unitId}/confirm`, { version: 9 })).status).toBe(409);
    const ok = await as.community.post(`/api/v1/units/${unitId}/confirm`, { version: 1, note: '材料齐全' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'confirmed', version: 2 });
    expect((await as.community.post(`/api/v1/units/${unitId}/reject`, { version: 2 })).status).toBe(409);
    const history = await as.unit.get(`/api/v1/units/${unitId}/history`);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(['register', 'confirm']);

    const social = await as.unit2.post('/api/v1/units', unitBody({ communityId: t.fixture.node.zhangjiayuan, name: '心语社工服务中心', kind: 'social_org' }));
    expect(social.status).toBe(400);
    expect(social.body.errors[0].field).toBe('body.socialCategory');
    const org = await as.unit2.post('/api/v1/units', unitBody({ communityId: t.fixture.node.zhangjiayuan, name: '心语社工服务中心', kind: 'social_org', socialCategory: 'mediation' }));
    unit2Id = org.body.id;
    expect((await as.street.post(`/api/v1/units/${unit2Id}/confirm`, { version: 1 })).status).toBe(200);
    const assessment = await as.street.post(`/api/v1/units/${unit2Id}/incubation`, { kind: 'assessment', heldOn: '2026-06-01', title: '年度成长评估', score: 86 });
    expect(assessment.status).toBe(201);
    expect(assessment.body.incubation).toMatchObject([{ kind: 'assessment', score: 86 }]);
  });

  it('registers in-service party members where they live (双报到), masked, once per community', async () => {
    const body = { communityId: t.fixture.node.changjiaxiang, residenceBuildingId: t.fixture.node.building1, name: '赵党员', phone: '13712345678', employerUnitId: unitId, employerName: '城关区第一人民医院', partyBranch: '门诊党支部' };
    const res = await as.unit.post('/api/v1/party-members', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', phone: '137****5678', residence: '畅家巷小区1号楼' });
    const again = await as.community.post('/api/v1/party-members', body);
    expect(again.status).toBe(409);
    expect(again.body.errors[0].field).toBe('body.phone');
    const notBuilding = await as.community.post('/api/v1/party-members', { ...body, phone: '13712340000', residenceBuildingId: t.fixture.node.changjiaxiangGrid });
    expect(notBuilding.body.errors[0].field).toBe('body.residenceBuildingId');
    expect((await as.community.post(`/api/v1/party-members/${res.body.id}/confirm`, { version: 1 })).body.status).toBe('confirmed');
  });

  it('lets a party member register themself on the phone with their signed-in number, for staff to confirm', async () => {
    const phone = '13712348888';
    const body = { communityId: t.fixture.node.changjiaxiang, residenceBuildingId: t.fixture.node.building1, name: ' 钱党员 ', employerName: '兰州市第二中学', partyBranch: '教工党支部' };
    const anonymous = await new ResidentAgent(t, '10.0.0.21').post('/api/v1/resident/party-members', body);
    expect(anonymous.status).toBe(401);
    const resident = await new ResidentAgent(t, '10.0.0.21').login(phone);
    const notBuilding = await resident.post('/api/v1/resident/party-members', { ...body, residenceBuildingId: t.fixture.node.changjiaxiangGrid });
    expect(notBuilding.body.errors[0].field).toBe('body.residenceBuildingId');
    const notCommunity = await resident.post('/api/v1/resident/party-members', { ...body, communityId: t.fixture.node.building1 });
    expect(notCommunity.body.errors[0].field).toBe('body.communityId');
    const res = await resident.post('/api/v1/resident/party-members', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', name: '钱党员', communityName: '畅家巷社区', residence: '畅家巷小区1号楼', employerName: '兰州市第二中学' });
    expect((await resident.post('/api/v1/resident/party-members', body)).status).toBe(409);
    // One residence: the same number cannot file itself with another community while this one stands.
    const elsewhere = await resident.post('/api/v1/resident/party-members', { ...body, communityId: t.fixture.node.longxilu, residenceBuildingId: t.fixture.node.longxiluBuilding });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.detail).toContain('您已向畅家巷社区报到');
    expect(await t.db.selectFrom('party_member').select('id').where('phone', '=', phone).execute()).toHaveLength(1);
    // Staff are told, find it pending with the verified number masked, and confirm it; the member sees where it stands.
    const inbox = (await as.community.get('/api/v1/notifications')).body.data as { kind: string; title: string; entityType: string; entityId: string }[];
    expect(inbox.filter((n) => n.kind === 'party_member.registered').map((n) => [n.title, n.entityId])).toEqual([
      ['在职党员 钱党员 向畅家巷社区报到（本人扫码报到），待确认', String(res.body.id)],
      ['在职党员 赵党员 向畅家巷社区报到（单位代报），待确认', expect.any(String)],
    ]);
    const listed = await as.community.get(`/api/v1/party-members?status=pending&keyword=${encodeURIComponent('钱党员')}`);
    expect(listed.body.data).toMatchObject([{ id: res.body.id, phone: '137****8888', status: 'pending', actions: expect.arrayContaining(['confirm']) }]);
    const history = await as.community.get(`/api/v1/party-members/${res.body.id}/history`);
    expect(history.body).toMatchObject([{ action: 'register', actorName: '居民' }]);
    expect((await as.community.post(`/api/v1/party-members/${res.body.id}/confirm`, { version: 1 })).body.status).toBe('confirmed');
    expect((await resident.get('/api/v1/resident/party-members')).body).toMatchObject([{ id: res.body.id, status: 'confirmed' }]);
    expect((await new ResidentAgent(t, '10.0.0.22').login('13712349999').then((other) => other.get('/api/v1/resident/party-members'))).body).toEqual([]);
  });

  it('records services in minutes with feedback, and the overview counts coverage from the data', async () => {
    const photo = await upload(as.unit);
    expect(photo.status).toBe(201);
    const stolen = await as.community.post('/api/v1/service-records', { communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.changjiaxiang, unitId, title: '义诊', servedOn: '2026-03-05', minutes: 60, photoIds: [photo.body.id] });
    expect(stolen.body.errors[0].field).toBe('body.photoIds');
    expect(await t.db.selectFrom('service_record').select('id').execute()).toHaveLength(0);
    const rec = await as.unit.post('/api/v1/service-records', { communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.changjiaxiangCompound, unitId, title: '义诊进小区', servedOn: '2026-03-05', minutes: 180, photoIds: [photo.body.id] });
    expect(rec.status).toBe(201);
    const listed = await as.community.get(`/api/v1/service-records?unitId=${unitId}`);
    expect(listed.body.data[0]).toMatchObject({ who: unitBody().name, minutes: 180, photos: [{ id: photo.body.id }], canFeedback: true });
    expect((await as.community.get(photo.body.thumbnailUrl)).status).toBe(200);
    expect((await as.streetb.get(photo.body.url)).status).toBe(404);
    const future = await as.unit.post('/api/v1/service-records', { communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.changjiaxiang, unitId, title: '未来', servedOn: '2099-01-01', minutes: 60 });
    expect(future.body.errors[0].field).toBe('body.servedOn');
    expect((await as.unit.post(`/api/v1/service-records/${rec.body.id}/feedback`, { rating: 5, version: 1 })).status).toBe(403);
    expect((await as.community.post(`/api/v1/service-records/${rec.body.id}/feedback`, { rating: 5, feedback: '居民反响很好', version: 1 })).status).toBe(200);
    const unit = await as.unit.get(`/api/v1/units/${unitId}`);
    expect(unit.body.participation).toEqual([{ year: 2026, services: 1, minutes: 180, rated: 1, averageRating: 5 }]);
    const o = await as.street.get(`/api/v1/units/overview?year=2026`);
    expect(o.status).toBe(200);
    expect(o.body.node.figures).toMatchObject({ units_confirmed: 2, unit_party_orgs: 2, members_confirmed: 2, grids_covered: 1, buildings_covered: 1, services: 1, service_minutes: 180 });
    expect(o.body.summary).toContain('2 个单位党组织和 2 名在职党员报到，覆盖 1 个网格');
    expect(o.body.children.find((c: { name: string }) => c.name === '畅家巷社区').figures.units_confirmed).toBe(1);
    for (const url of ['/api/v1/units/overview/export?year=2026', '/api/v1/units/export?status=confirmed']) {
      const xlsx = await as.street.get(url);
      expect(xlsx.status).toBe(200);
      expect(xlsx.raw.readUInt32LE(0)).toBe(0x04034b50);
    }
    expect((await as.unit.get('/api/v1/units/overview/export')).status).toBe(403);
  });

  it('exports the 双报到 roster the list shows, phones masked', async () => {
    const res = await as.street.get('/api/v1/party-members/export?status=confirmed');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['姓名', '手机号', '报到社区', '居住楼院', '工作单位', '所在党支部', '本年服务（分钟）', '状态', '报到时间']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[7]])).toContainEqual(['钱党员', '137****8888', '已报到']);
    expect(JSON.stringify(rows)).not.toContain('13712348888');
    expect((await as.streetb.get('/api/v1/party-members/export')).status).toBe(200);
  });

  it('finds 服务纪实 by who, what and when, and exports what the list shows', async () => {
    const member = (await as.community.get(`/api/v1/party-members?status=confirmed&keyword=${encodeURIComponent('钱党员')}`)).body.data[0];
    const served = await as.community.post('/api/v1/service-records', { communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.changjiaxiangCompound, partyMemberId: member.id, title: '楼道清扫', servedOn: '2026-04-12', minutes: 90 });
    expect(served.status).toBe(201);
    const titles = async (query: string) => (await as.community.get(`/api/v1/service-records?${query}`)).body.data.map((r: { title: string }) => r.title);
    expect(await titles('subject=member')).toEqual(['楼道清扫']);
    expect(await titles('subject=unit')).toEqual(['义诊进小区']);
    expect(await titles(`keyword=${encodeURIComponent('钱党')}`)).toEqual(['楼道清扫']);
    expect(await titles(`keyword=${encodeURIComponent('义诊')}`)).toEqual(['义诊进小区']);
    expect(await titles('from=2026-03-06&to=2026-12-31')).toEqual(['楼道清扫']);
    expect(await titles('to=2026-03-05')).toEqual(['义诊进小区']);
    expect((await as.community.get('/api/v1/service-records?from=2026-02-30')).status).toBe(400);

    const res = await as.street.get('/api/v1/service-records/export');
    expect(res.status).toBe(200);
    const rows = await readXlsx(res.raw, ['服务日期', '服务主体', '主体类型', '服务内容', '社区', '时长（分钟）', '照片数', '社区评价（星）']);
    expect(rows.map((r) => [r.values['服务日期'], r.values['主体类型'], r.values['服务内容'], r.values['社区'], r.values['时长（分钟）'], r.values['照片数'], r.values['社区评价（星）']])).toEqual([
      ['2026-04-12', '在职党员', '楼道清扫', '畅家巷社区', '90', '0', ''],
      ['2026-03-05', '共建单位', '义诊进小区', '畅家巷社区', '180', '1', '5'],
    ]);
    const filtered = await readXlsx((await as.street.get('/api/v1/service-records/export?subject=unit')).raw, ['服务内容']);
    expect(filtered.map((r) => r.values['服务内容'])).toEqual(['义诊进小区']);
    await expect(readXlsx((await as.streetb.get('/api/v1/service-records/export')).raw, ['服务内容'])).rejects.toMatchObject({ key: 'excel_empty' });
  });
});
