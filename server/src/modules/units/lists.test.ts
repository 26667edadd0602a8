import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { confirmedUnits, unitAgents, unitBody as body, type UnitAgents } from './test-support.js';

let t: TestContext;
let as: UnitAgents;
let unitId: number;
let unit2Id: number;
const unitBody = (overrides: Record<string, unknown> = {}) => body(t, overrides);

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
  as = await unitAgents(t);
  ({ unitId, unit2Id } = await confirmedUnits(t, as));
}, 180_000);
afterAll(() => t.close());

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

    expect((await as.community.get('/api/v1/demands/export?status=met')).raw.readUInt32LE(0)).toBe(0x04034b50);
    const o = await as.street.get('/api/v1/units/overview?year=' + new Date().getUTCFullYear());
    expect(o.body.node.figures).toMatchObject({ demands_met: 1, demands_open: 1 });
  });

  it('walks the claim state table: reject reopens, the claimant withdraws, staff close; each step is on the timeline', async () => {
    const d = await as.community.post('/api/v1/demands', { communityId: t.fixture.node.changjiaxiang, title: '楼道堆物清理需要志愿者', category: 'volunteer', quantity: 10, quantityUnit: '人' });
    const id = d.body.id;
    expect((await as.unit.post(`/api/v1/demands/${id}/claim`, { unitId, version: 1 })).body.status).toBe('claimed');
    expect((await as.unit.post(`/api/v1/demands/${id}/confirm_claim`, { version: 2 })).status).toBe(403);
    expect((await as.unit2.post(`/api/v1/demands/${id}/withdraw_claim`, { version: 2 })).status).toBe(403);
    expect((await as.community.post(`/api/v1/demands/${id}/reject_claim`, { version: 2, note: '人手不足' })).body).toMatchObject({ status: 'open', unitId: null, claims: [{ status: 'rejected' }] });
    expect((await as.unit2.post(`/api/v1/demands/${id}/claim`, { unitId: unit2Id, version: 3 })).status).toBe(200);
    expect((await as.unit2.post(`/api/v1/demands/${id}/withdraw_claim`, { version: 4 })).body.status).toBe('open');
    expect((await as.community.post(`/api/v1/demands/${id}/confirm_claim`, { version: 5 })).status).toBe(409);
    const closed = await as.community.post(`/api/v1/demands/${id}/close`, { version: 5 });
    expect(closed.body).toMatchObject({ status: 'closed', actions: [] });
    expect(closed.body.history.map((e: { action: string }) => e.action)).toEqual(['post', 'claim', 'reject_claim', 'claim', 'withdraw_claim', 'close']);
  });

  it('keeps units to demands of their own street', async () => {
    const far = await as.streetb.post('/api/v1/demands', { communityId: t.fixture.node.longxilu, title: '法律咨询', category: 'legal', quantity: 1 });
    expect(far.status).toBe(201);
    expect((await as.unit.get(`/api/v1/demands/${far.body.id}`)).status).toBe(404);
    expect((await as.unit.post(`/api/v1/demands/${far.body.id}/claim`, { unitId, version: 1 })).status).toBe(404);
  });
});
