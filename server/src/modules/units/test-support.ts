import { hashPassword } from '../../platform/auth/passwords.js';
import type { Agent, TestContext } from '../../../test/harness.js';

export type UnitAgents = Record<'community' | 'street' | 'streetb' | 'unit' | 'unit2' | 'grid', Agent>;

/** A second unit contact in the same street as the fixture's 'unit' (张家园社区), to race it for a demand. */
export async function unitAgents(t: TestContext): Promise<UnitAgents> {
  const u2 = await t.db
    .insertInto('app_user')
    .values({ username: 'unit2', display_name: '张家园驻区单位', password_hash: await hashPassword('Fixture#2026'), home_territory_id: t.fixture.node.zhangjiayuan })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('role_assignment').values({ user_id: u2.id, role: 'unit_contact', territory_id: t.fixture.node.zhangjiayuan }).execute();
  const names = ['community', 'street', 'streetb', 'unit', 'unit2', 'grid'] as const;
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await t.as(n)] as const))) as UnitAgents;
}

export const unitBody = (t: TestContext, overrides: Record<string, unknown> = {}) => ({
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

/** The hospital (畅家巷社区, contact 'unit') and a mediation organisation (张家园社区, contact 'unit2'), both registered and confirmed through the API. */
export async function confirmedUnits(t: TestContext, as: UnitAgents) {
  const a = await as.unit.post('/api/v1/units', unitBody(t));
  const b = await as.unit2.post('/api/v1/units', unitBody(t, { communityId: t.fixture.node.zhangjiayuan, name: '心语社工服务中心', kind: 'social_org', socialCategory: 'mediation' }));
  for (const res of [a, b]) {
    const ok = await as.street.post(`/api/v1/units/${res.body.id}/confirm`, { version: 1 });
    if (ok.status !== 200) throw new Error(`confirm: ${ok.status} ${JSON.stringify(ok.body)}`);
  }
  return { unitId: a.body.id as number, unit2Id: b.body.id as number };
}
