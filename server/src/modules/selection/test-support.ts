import type { Agent, TestContext } from '../../../test/harness.js';
import { idCheckCharacter } from '../../platform/identity.js';

/** A valid ID number (GB 11643) for a test person born in 1980 with sequence `n`. */
export function idNumber(n: number): string {
  const first17 = `620102198001${String(10 + (n % 18)).padStart(2, '0')}${String(n).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export interface Person {
  name: string;
  role: 'director' | 'deputy_director' | 'standing' | 'rotating';
  secretary?: boolean;
  phone: string;
}

export function nomination(p: Person, extra: Record<string, unknown> = {}) {
  return {
    name: p.name,
    gender: 'female',
    category: p.role === 'director' ? 'two_committees' : 'notable_resident',
    affiliation: '畅家巷社区',
    phone: p.phone,
    proposedRole: p.role,
    isPartySecretary: p.secretary ?? false,
    channel: 'unit',
    recommender: '畅家巷社区居委会',
    ...extra,
  };
}

export async function openRound(as: Agent, communityId: number, kind: 'formation' | 'supplement' = 'formation') {
  const created = await as.post('/api/v1/selection/rounds', {
    communityId,
    kind,
    title: '关于公开征集社区建设工作委员会委员人选的公告',
    body: '为组建社区建设工作委员会，现面向辖区公开征集委员人选。',
    collectFrom: '2026-12-01',
    collectUntil: '2026-12-10',
  });
  if (created.status !== 201) throw new Error(`create round: ${created.status} ${JSON.stringify(created.body)}`);
  const announced = await as.post(`/api/v1/selection/rounds/${created.body.id}/announce`, { version: created.body.version });
  if (announced.status !== 200) throw new Error(`announce: ${announced.status} ${JSON.stringify(announced.body)}`);
  return announced.body as { id: number; version: number };
}

/** Small rules so a test committee needs only a handful of people. */
export async function smallRules(t: TestContext) {
  const city = await t.as('city');
  const res = await city.put(`/api/v1/committee-rules/${t.fixture.node.city}`, {
    sizeMin: 4,
    sizeMax: 6,
    deputyMin: 1,
    deputyMax: 2,
    noticeDays: 3,
    rotatingTermMonths: 12,
    certificatePrefix: '兰社工委聘',
  });
  if (res.status !== 200) throw new Error(`rules: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function roundOf(as: Agent, id: number) {
  return (await as.get(`/api/v1/selection/rounds/${id}`)).body;
}

/** A community staff account for another community of the fixture, with the fixture password. */
export async function communityStaff(t: TestContext, username: string, communityId: number): Promise<Agent> {
  const hash = (await t.db.selectFrom('app_user').select('password_hash').where('username', '=', 'community').executeTakeFirstOrThrow()).password_hash;
  const user = await t.db.insertInto('app_user').values({ username, display_name: username, password_hash: hash, home_territory_id: communityId }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('role_assignment').values({ user_id: user.id, role: 'community_staff', territory_id: communityId }).execute();
  return t.as(username);
}
