import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import type { CaseStatus } from './tables.js';
import { act, caseWorld, createCase, driveTo, routineActor, type CaseWorld } from './test-support.js';
import { ACTIONS, STATES, TRANSITIONS } from './workflow.js';

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

const allowed = ACTIONS.flatMap((action) => (TRANSITIONS[action].from as readonly CaseStatus[]).map((from) => ({ action, from, to: TRANSITIONS[action].to })));
const disallowed = ACTIONS.flatMap((action) =>
  STATES.filter((s) => !(TRANSITIONS[action].from as readonly CaseStatus[]).includes(s)).map((from) => ({ action, from })),
);

describe('the state table, transition by transition', () => {
  it.each(allowed)('$action: $from → $to', async ({ action, from, to }) => {
    const c = await driveTo(w, from);
    const extra = action === 'merge' ? { targetId: (await createCase(w)).id } : {};
    const res = await act(w, routineActor(w, action), c.id, action, c.version, extra);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe(to);
    expect(res.body.version).toBe(c.version + 1);
    const timeline = (await w.as.community.get(`/api/v1/cases/${c.id}/timeline`)).body;
    expect(timeline.at(-1)).toMatchObject({ action, fromStatus: from, toStatus: to, actor: expect.any(String) });
    const logged = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'case').where('entity_id', '=', String(c.id)).execute();
    expect(logged.map((r) => r.action)).toContain(`case.${action}`);
  });

  it('refuses every transition the table does not allow, even to an administrator', async () => {
    const cases = new Map<CaseStatus, { id: number; version: number }>();
    for (const state of STATES) cases.set(state, await driveTo(w, state));
    const outcomes: string[] = [];
    for (const { action, from } of disallowed) {
      const c = cases.get(from)!;
      const res = await act(w, w.as.admin, c.id, action, c.version, action === 'merge' ? { targetId: cases.get('submitted')!.id } : {});
      if (res.status !== 409 || res.body.code !== 'case.invalid_transition') outcomes.push(`${action} from ${from}: ${res.status} ${res.body.code}`);
    }
    expect(outcomes).toEqual([]);
    expect(disallowed.length).toBeGreaterThan(60);
    for (const [state, c] of cases) {
      const now = (await w.as.admin.get(`/api/v1/cases/${c.id}`)).body;
      expect([now.status, now.version]).toEqual([state, c.version]);
    }
  });

  it('lists only the actions the caller may fire', async () => {
    const c = await driveTo(w, 'dispatched');
    expect((await w.as.grid.get(`/api/v1/cases/${c.id}`)).body.actions.sort()).toEqual(['escalate', 'return', 'sign']);
    expect((await w.as.community.get(`/api/v1/cases/${c.id}`)).body.actions).toEqual(['escalate']);
  });
});

describe('version checks', () => {
  it('lets exactly one of two concurrent transitions win', async () => {
    const c = await driveTo(w, 'submitted');
    const [a, b] = await Promise.all([
      act(w, w.as.community, c.id, 'accept', c.version),
      act(w, w.as.community, c.id, 'reject', c.version),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('version_conflict');
    const events = await t.db.selectFrom('case_event').select('action').where('case_id', '=', c.id).execute();
    expect(events).toHaveLength(2);
  });

  it('refuses a stale version', async () => {
    const c = await driveTo(w, 'accepted');
    const res = await act(w, w.as.community, c.id, 'dispatch', c.version - 1);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('version_conflict');
    expect(res.body.detail).toBe('该记录已被他人修改，请刷新后重试');
  });
});

describe('guards and who may fire', () => {
  it('refuses a rating before closure', async () => {
    const c = await driveTo(w, 'replied');
    const res = await act(w, w.as.community, c.id, 'rate', c.version);
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('诉求当前状态为“已答复”，不能执行“评价”');
  });

  it('reopens a dissatisfied case once, never twice', async () => {
    let c = await driveTo(w, 'rated');
    let res = await act(w, w.as.community, c.id, 'reopen', c.version);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'handling', reopenCount: 1, rating: null });
    for (const [action, by] of [['reply', w.as.grid], ['verify_pass', w.as.community], ['rate', w.as.community]] as const) {
      res = await act(w, by, res.body.id, action, res.body.version);
      expect(res.status).toBe(200);
    }
    c = res.body;
    res = await act(w, w.as.community, c.id, 'reopen', c.version);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('case.guard.not_reopened_before');
  });

  it('does not reopen a satisfied case', async () => {
    const c = await driveTo(w, 'closed');
    const rated = await act(w, w.as.community, c.id, 'rate', c.version, { rating: 'satisfied' });
    const res = await act(w, w.as.community, c.id, 'reopen', rated.body.version);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('case.guard.rated_dissatisfied');
  });

  it('keeps the sign-for to the assignee: another grid worker or member gets 403', async () => {
    const c = await driveTo(w, 'dispatched');
    const res = await act(w, w.as.member, c.id, 'sign', c.version);
    expect(res.status).toBe(403);
  });

  it('keeps intake to community staff', async () => {
    const c = await driveTo(w, 'submitted');
    expect((await act(w, w.as.grid, c.id, 'accept', c.version)).status).toBe(403);
    // A department holds no intake permission at all, and does not see unassigned cases.
    expect((await act(w, w.as.dept, c.id, 'accept', c.version)).status).toBe(403);
    expect((await w.as.dept.get(`/api/v1/cases/${c.id}`)).status).toBe(404);
  });
});
