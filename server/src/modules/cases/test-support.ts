import { hashPassword } from '../../platform/auth/passwords.js';
import type { Agent, TestContext } from '../../../test/harness.js';
import type { CaseStatus } from './tables.js';
import type { Action } from './workflow.js';

/**
 * Shared set-up for the cases tests: two departments of 城关区 with members,
 * logged-in agents for every role involved, and a way to drive a case to any
 * state through the real API.
 */
export interface CaseWorld {
  t: TestContext;
  as: Record<'admin' | 'city' | 'community' | 'grid' | 'member' | 'street' | 'streetb' | 'district' | 'dept' | 'dept2' | 'unit', Agent>;
  housing: number;
  water: number;
  dept2UserId: number;
}

export async function caseWorld(t: TestContext): Promise<CaseWorld> {
  const admin = await t.as('admin');
  const housing = await admin.post('/api/v1/departments', { territoryId: t.fixture.node.chengguan, name: '城关区住建局', code: 'cg-housing' });
  const water = await admin.post('/api/v1/departments', { territoryId: t.fixture.node.chengguan, name: '城关区水务局', code: 'cg-water' });
  if (housing.status !== 201 || water.status !== 201) throw new Error(`departments: ${JSON.stringify([housing.body, water.body])}`);
  const created = await t.db
    .insertInto('app_user')
    .values({ username: 'dept2', display_name: '城关区水务局', password_hash: await hashPassword('Fixture#2026'), home_territory_id: t.fixture.node.chengguan })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('role_assignment').values({ user_id: created.id, role: 'department_staff', territory_id: t.fixture.node.chengguan }).execute();
  expect200(await admin.post(`/api/v1/departments/${housing.body.id}/members`, { userId: t.fixture.user.dept }));
  expect200(await admin.post(`/api/v1/departments/${water.body.id}/members`, { userId: created.id }));
  const names = ['city', 'community', 'grid', 'member', 'street', 'streetb', 'district', 'dept', 'dept2', 'unit'] as const;
  const agents = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await t.as(n)] as const)));
  return { t, as: { admin, ...agents } as CaseWorld['as'], housing: housing.body.id, water: water.body.id, dept2UserId: created.id };
}

function expect200(res: { status: number; body: unknown }) {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
}

let serial = 0;
export function newCase(w: CaseWorld, overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    communityId: w.t.fixture.node.changjiaxiang,
    territoryId: w.t.fixture.node.building1,
    channel: 'visit',
    categoryCode: 'property',
    description: `1号楼单元门门禁损坏，居民出入不便（第${serial}件）`,
    reporterName: '王阿姨',
    reporterPhone: '13812345678',
    ...overrides,
  };
}

export async function createCase(w: CaseWorld, overrides: Record<string, unknown> = {}, by: Agent = w.as.community) {
  const res = await by.post('/api/v1/cases', newCase(w, overrides));
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; version: number; status: CaseStatus };
}

/** A body for each action on a routine case handled by the fixture's grid worker. */
export function sampleBody(w: CaseWorld, action: Action, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const bodies: Record<Action, Record<string, unknown>> = {
    accept: { tier: 'routine' },
    reject: { reason: '不属于社区受理范围' },
    merge: { targetId: 0 },
    dispatch: { assigneeUserId: w.t.fixture.user.grid },
    sign: {},
    return: { reasonCode: 'not_our_remit' },
    reply: { text: '已更换门禁主板，恢复正常' },
    verify_pass: { note: '现场核实已修好' },
    verify_fail: { reason: '现场查看仍未修好' },
    rate: { rating: 'dissatisfied', comment: '修得太慢' },
    reopen: { reason: '居民不满意' },
    escalate: { reason: '网格内无法解决，需部门协同' },
  };
  return { ...bodies[action], ...extra };
}

/** Who fires each action on a routine case dispatched to the grid worker. */
export function routineActor(w: CaseWorld, action: Action): Agent {
  return ['sign', 'return', 'reply'].includes(action) ? w.as.grid : w.as.community;
}

const PATH: Record<CaseStatus, Action[]> = {
  submitted: [],
  accepted: ['accept'],
  rejected: ['reject'],
  merged: ['merge'],
  dispatched: ['accept', 'dispatch'],
  handling: ['accept', 'dispatch', 'sign'],
  replied: ['accept', 'dispatch', 'sign', 'reply'],
  closed: ['accept', 'dispatch', 'sign', 'reply', 'verify_pass'],
  rated: ['accept', 'dispatch', 'sign', 'reply', 'verify_pass', 'rate'],
};

export async function act(w: CaseWorld, by: Agent, id: number, action: Action, version: number, extra: Record<string, unknown> = {}) {
  return by.post(`/api/v1/cases/${id}/${action.replace('_', '-')}`, { ...sampleBody(w, action, extra), version });
}

/** A routine case in the given state, reached through the API as staff would. */
export async function driveTo(w: CaseWorld, state: CaseStatus) {
  let c = await createCase(w);
  for (const action of PATH[state]) {
    const extra = action === 'merge' ? { targetId: (await createCase(w)).id } : {};
    const res = await act(w, routineActor(w, action), c.id, action, c.version, extra);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    c = res.body;
  }
  return c;
}
