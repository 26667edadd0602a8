import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { hashPassword } from '../../platform/auth/passwords.js';

let t: TestContext;
let as: Record<'community' | 'street' | 'streetb' | 'unit' | 'unit2' | 'grid', Agent>;
let unitId: number;
let unit2Id: number;

const unitBody = (overrides: Record<string, unknown> = {}) => ({
  communityId: t.fixture.node.changjiaxiang,
  name: '兰州市城关区第一人民医院',
  kind: 'agency',
  partyOrgName: '城关区第一人民医院党委',
  partyMemberCount: 86,
  contactName: '刘主任',
  contactPhone: '13912345678',
  offer: '义诊、健康讲座、会议室（场地）',
  ...overrides,
});

/** Next Monday 09:00 Beijing time, plus hours. */
function monday(hours: number) {
  const now = new Date();
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const days = ((8 - (local.getUTCDay() === 0 ? 7 : local.getUTCDay())) % 7) || 7;
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, 9 - 8));
  return new Date(day.getTime() + hours * 3_600_000).toISOString();
}

beforeAll(async () => {
  t = await testApp();
  // A second unit contact in the same street (张家园社区), to race the first for a demand.
  const u2 = await t.db
    .insertInto('app_user')
    .values({ username: 'unit2', display_name: '张家园驻区单位', password_hash: await hashPassword('Fixture#2026'), home_territory_id: t.fixture.node.zhangjiayuan })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('role_assignment').values({ user_id: u2.id, role: 'unit_contact', territory_id: t.fixture.node.zhangjiayuan }).execute();
  as = { community: await t.as('community'), street: await t.as('street'), streetb: await t.as('streetb'), unit: await t.as('unit'), unit2: await t.as('unit2'), grid: await t.as('grid') };
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

  it('records services in minutes with feedback, and the overview counts coverage from the data', async () => {
    const rec = await as.unit.post('/api/v1/service-records', { communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.changjiaxiangCompound, unitId, title: '义诊进小区', servedOn: '2026-03-05', minutes: 180 });
    expect(rec.status).toBe(201);
    const future = await as.unit.post('/api/v1/service-records', { communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.changjiaxiang, unitId, title: '未来', servedOn: '2099-01-01', minutes: 60 });
    expect(future.body.errors[0].field).toBe('body.servedOn');
    expect((await as.unit.post(`/api/v1/service-records/${rec.body.id}/feedback`, { rating: 5, version: 1 })).status).toBe(403);
    expect((await as.community.post(`/api/v1/service-records/${rec.body.id}/feedback`, { rating: 5, feedback: '居民反响很好', version: 1 })).status).toBe(200);
    const unit = await as.unit.get(`/api/v1/units/${unitId}`);
    expect(unit.body.participation).toEqual([{ year: 2026, services: 1, minutes: 180, rated: 1, averageRating: 5 }]);
    const o = await as.street.get(`/api/v1/units/overview?year=2026`);
    expect(o.status).toBe(200);
    expect(o.body.node.figures).toMatchObject({ units_confirmed: 2, unit_party_orgs: 2, members_confirmed: 1, grids_covered: 1, buildings_covered: 1, services: 1, service_minutes: 180 });
    expect(o.body.summary).toContain('2 个单位党组织和 1 名在职党员报到，覆盖 1 个网格');
    expect(o.body.children.find((c: { name: string }) => c.name === '畅家巷社区').figures.units_confirmed).toBe(1);
    const xlsx = await as.street.get('/api/v1/units/overview/export?year=2026');
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.readUInt32LE(0)).toBe(0x04034b50);
  });
});

describe('resources and bookings', () => {
  let resourceId: number;
  it('lets a unit list a venue; an overlapping booking is a 409 on the field and the database refuses it too', async () => {
    const res = await as.unit.post('/api/v1/resources', {
      communityId: t.fixture.node.changjiaxiang,
      unitId,
      category: 'venue',
      name: '医院三楼会议室',
      capacity: 40,
      windows: [{ weekday: 1, start: '08:00', end: '18:00' }],
    });
    expect(res.status).toBe(201);
    resourceId = res.body.id;
    const slot = { startsAt: monday(1), endsAt: monday(3), party: '畅家巷居民议事小组', purpose: '议事协商会', headcount: 20 };
    const first = await as.community.post(`/api/v1/resources/${resourceId}/bookings`, slot);
    expect(first.status).toBe(201);
    const overlap = await as.grid.post(`/api/v1/resources/${resourceId}/bookings`, { ...slot, startsAt: monday(2), endsAt: monday(4) });
    expect(overlap.status).toBe(409);
    expect(overlap.body.errors[0].field).toBe('body.startsAt');
    expect((await t.db.selectFrom('resource_booking').select('id').where('resource_id', '=', resourceId).execute()).length).toBe(1);
    await expect(
      t.db.insertInto('resource_booking').values({ resource_id: resourceId, community_id: t.fixture.node.changjiaxiang, starts_at: new Date(monday(2)), ends_at: new Date(monday(5)), party: 'x', purpose: 'x' }).execute(),
    ).rejects.toMatchObject({ code: '23P01' });
    const outside = await as.community.post(`/api/v1/resources/${resourceId}/bookings`, { ...slot, startsAt: monday(10), endsAt: monday(11) });
    expect(outside.body.errors[0].field).toBe('body.startsAt');
    const big = await as.community.post(`/api/v1/resources/${resourceId}/bookings`, { ...slot, startsAt: monday(5), endsAt: monday(6), headcount: 41 });
    expect(big.body.errors[0].field).toBe('body.headcount');

    const bookingId = first.body.bookings[0].id;
    expect((await as.community.post(`/api/v1/bookings/${bookingId}/confirm`, { version: 1 })).status).toBe(403);
    const confirmed = await as.unit.post(`/api/v1/bookings/${bookingId}/confirm`, { version: 1 });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', actions: ['cancel'] });
    const cancelled = await as.community.post(`/api/v1/bookings/${bookingId}/cancel`, { version: 2 });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await as.grid.post(`/api/v1/resources/${resourceId}/bookings`, { ...slot, startsAt: monday(2), endsAt: monday(4) })).status).toBe(201);
  });
});

describe('demands, claims and matching', () => {
  it('turns an accepted case into a demand, once', async () => {
    const c = await as.community.post('/api/v1/cases', {
      communityId: t.fixture.node.changjiaxiang,
      territoryId: t.fixture.node.building1,
      channel: 'visit',
      categoryCode: 'property',
      description: '独居老人需要定期上门健康检查，联系13812345678',
      reporterName: '王阿姨',
      reporterPhone: '13812345678',
    });
    const body = { caseId: c.body.id, category: 'medical', quantity: 12, quantityUnit: '次', neededBy: '2026-12-31' };
    const early = await as.community.post('/api/v1/demands/from-case', body);
    expect(early.body.errors[0].field).toBe('body.caseId');
    expect((await as.community.post(`/api/v1/cases/${c.body.id}/accept`, { tier: 'routine', version: c.body.version })).status).toBe(200);
    const d = await as.community.post('/api/v1/demands/from-case', body);
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ caseId: c.body.id, status: 'open', territoryId: t.fixture.node.building1 });
    expect(d.body.description).toContain('138****5678');
    expect((await as.community.post('/api/v1/demands/from-case', body)).status).toBe(409);
  });

  it('lets exactly one of two units claiming at once win; staff confirm; a met demand cannot be claimed', async () => {
    const d = await as.community.post('/api/v1/demands', { communityId: t.fixture.node.changjiaxiang, title: '重阳节敬老活动需要场地', category: 'venue', quantity: 30, quantityUnit: '人' });
    expect(d.status).toBe(201);
    const id = d.body.id;
    expect(d.body.actions).toEqual(['close']);
    const matches = await as.community.get(`/api/v1/demands/${id}/matches`);
    expect(matches.body[0]).toMatchObject({ kind: 'resource', name: '医院三楼会议室（兰州市城关区第一人民医院）' });
    expect(matches.body[0].reason).toContain('同一社区');

    const open = await as.unit2.get('/api/v1/demands?forUnit=true');
    expect(open.body.data.map((x: { id: number }) => x.id)).toContain(id);
    expect((await as.unit.get(`/api/v1/demands/${id}`)).body.claimableBy).toEqual([{ id: unitId, name: unitBody().name }]);
    const [a, b] = await Promise.all([
      as.unit.post(`/api/v1/demands/${id}/claim`, { unitId, version: 1 }),
      as.unit2.post(`/api/v1/demands/${id}/claim`, { unitId: unit2Id, version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const claims = await t.db.selectFrom('demand_claim').selectAll().where('demand_id', '=', id).execute();
    expect(claims).toHaveLength(1);

    const winner = a.status === 200 ? a.body : b.body;
    expect(winner).toMatchObject({ status: 'claimed', version: 2 });
    const confirmed = await as.community.post(`/api/v1/demands/${id}/confirm_claim`, { version: 2 });
    expect(confirmed.body).toMatchObject({ status: 'in_progress', claims: [{ status: 'confirmed' }] });
    expect((await as.community.post(`/api/v1/demands/${id}/complete`, { version: 3 })).status).toBe(400);
    const met = await as.community.post(`/api/v1/demands/${id}/complete`, { version: 3, rating: 5 });
    expect(met.body).toMatchObject({ status: 'met', claims: [{ status: 'completed', rating: 5 }] });
    expect(met.body.history.map((e: { action: string }) => e.action)).toEqual(['post', 'claim', 'confirm_claim', 'complete']);

    const late = await as.unit.post(`/api/v1/demands/${id}/claim`, { unitId, version: 4 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('demand.not_open');
    expect((await t.db.selectFrom('demand_claim').select('id').where('demand_id', '=', id).execute()).length).toBe(1);

    const o = await as.street.get('/api/v1/units/overview?year=' + new Date().getUTCFullYear());
    expect(o.body.node.figures).toMatchObject({ demands_met: 1, demands_open: 1 });
  });

  it('keeps units to demands of their own street', async () => {
    const far = await as.streetb.post('/api/v1/demands', { communityId: t.fixture.node.longxilu, title: '法律咨询', category: 'legal', quantity: 1 });
    expect(far.status).toBe(201);
    expect((await as.unit.get(`/api/v1/demands/${far.body.id}`)).status).toBe(404);
    expect((await as.unit.post(`/api/v1/demands/${far.body.id}/claim`, { unitId, version: 1 })).status).toBe(404);
  });
});
