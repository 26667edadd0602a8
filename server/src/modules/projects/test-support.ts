import type { Agent, TestContext } from '../../../test/harness.js';

/** A confirmed social organisation of 畅家巷社区 that the fixture's `unit` account acts for. */
export async function confirmedUnit(t: TestContext, name = '兰州市阳光社会工作服务中心', link = true) {
  const unit = await t.db
    .insertInto('unit')
    .values({ community_id: t.fixture.node.changjiaxiang, name, kind: 'social_org', social_category: 'community_service', status: 'confirmed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (link) await t.db.insertInto('unit_account').values({ unit_id: unit.id, user_id: t.fixture.user.unit }).execute();
  return unit.id;
}

export const application = (communityId: number, extra: Record<string, unknown> = {}) => ({
  communityId,
  title: '老年助餐服务项目',
  goal: '为辖区 80 岁以上独居老人提供每日午餐配送和健康随访',
  beneficiaries: '畅家巷社区独居、高龄老人约 60 人',
  fundingSource: 'purchase',
  lines: [
    { name: '餐费补贴', amount: 3_000_000 },
    { name: '志愿者交通补贴', amount: 500_000 },
  ],
  ...extra,
});

export async function applied(as: Agent, communityId: number, extra: Record<string, unknown> = {}) {
  const res = await as.post('/api/v1/projects', application(communityId, extra));
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; version: number; status: string; lines: { id: number; name: string }[] };
}

/** Fires one step and insists it worked; returns the project as it is after. */
export async function step(as: Agent, id: number, path: string, body: Record<string, unknown> = {}) {
  const current = (await as.get(`/api/v1/projects/${id}`)).body;
  const res = await as.post(`/api/v1/projects/${id}/${path}`, { version: current.version, ...body });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
