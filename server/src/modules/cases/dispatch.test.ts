import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { act, caseWorld, createCase, driveTo, type CaseWorld } from './test-support.js';

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

async function accepted(tier: 'joint' | 'tough') {
  const c = await createCase(w);
  const res = await act(w, w.as.community, c.id, 'accept', c.version, { tier });
  expect(res.status).toBe(200);
  return res.body as { id: number; version: number; solveBy: string; respondBy: string };
}

describe('departments', () => {
  it('are created by case:config holders and listed to the dispatchers below them', async () => {
    const list = await w.as.street.get('/api/v1/departments');
    expect(list.body.data.map((d: { name: string }) => d.name).sort()).toEqual(['城关区住建局', '城关区水务局']);
    expect(list.body.data.find((d: { id: number }) => d.id === w.housing).memberCount).toBe(1);
    expect((await w.as.community.post('/api/v1/departments', { territoryId: t.fixture.node.chengguan, name: '城关区民政局', code: 'cg-civil' })).status).toBe(403);
    const created = await w.as.district.post('/api/v1/departments', { territoryId: t.fixture.node.chengguan, name: '城关区民政局', code: 'cg-civil' });
    expect(created.status).toBe(201);
    expect((await w.as.district.post('/api/v1/departments', { territoryId: t.fixture.node.qilihe, name: '七里河区民政局', code: 'qlh-civil' })).status).toBe(404);
    expect((await w.as.district.post('/api/v1/departments', { territoryId: t.fixture.node.jiuquanlu, name: '街道科室', code: 'jql-office' })).status).toBe(400);
    expect((await w.as.district.post('/api/v1/departments', { territoryId: t.fixture.node.chengguan, name: '城关区民政局', code: 'cg-civil2' })).status).toBe(409);
    const notStaff = await w.as.district.post(`/api/v1/departments/${created.body.id}/members`, { userId: t.fixture.user.grid });
    expect(notStaff.body.errors[0].message).toBe('只有“职能部门人员”角色的账号可以加入部门');
  });
});

describe('routine cases (常规哨): the community assigns a person', () => {
  it('refuses a person who may not handle cases there, and takes one who may', async () => {
    const c = await createCase(w);
    const accepted = await act(w, w.as.community, c.id, 'accept', c.version, { tier: 'routine' });
    // Another street's staff, and an account whose role handles no cases at all.
    for (const userId of [t.fixture.user.streetb, t.fixture.user.unit]) {
      const res = await act(w, w.as.community, c.id, 'dispatch', accepted.body.version, { assigneeUserId: userId });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({ field: 'body.assigneeUserId', message: '该人员不负责此诉求所在区域' });
    }
    const ok = await act(w, w.as.community, c.id, 'dispatch', accepted.body.version, { assigneeUserId: t.fixture.user.grid });
    expect(ok.body.status).toBe('dispatched');
  });
});

describe('joint cases (联合哨): the street coordinates departments', () => {
  it('runs accept → dispatch → sign → reply → verify → rate', async () => {
    const c = await accepted('joint');
    // The community accepts but does not dispatch a joint case.
    expect((await act(w, w.as.community, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing })).status).toBe(403);
    const routineBody = await act(w, w.as.street, c.id, 'dispatch', c.version);
    expect(routineBody.status).toBe(400);
    const dispatched = await act(w, w.as.street, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing, assistDepartmentIds: [w.water] });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.assignments.map((a: { role: string; department: { name: string } }) => [a.role, a.department.name])).toEqual([
      ['lead', '城关区住建局'],
      ['assist', '城关区水务局'],
    ]);
    // Only the lead signs for the round, so only the lead has a sign-for limit.
    expect(dispatched.body.assignments.map((a: { signBy: string | null; state: string }) => [a.signBy !== null, a.state])).toEqual([[true, 'current'], [false, 'current']]);
    // The assisting department sees the case but does not sign for it.
    expect((await w.as.dept2.get(`/api/v1/cases/${c.id}`)).status).toBe(200);
    expect((await act(w, w.as.dept2, c.id, 'sign', dispatched.body.version)).status).toBe(403);
    const signed = await act(w, w.as.dept, c.id, 'sign', dispatched.body.version);
    expect(signed.body).toMatchObject({ status: 'handling', respondedAt: expect.any(String) });
    expect(signed.body.assignments[0].signedAt).toEqual(expect.any(String));
    const replied = await act(w, w.as.dept, c.id, 'reply', signed.body.version);
    expect(replied.body).toMatchObject({ status: 'replied', replyText: '已更换门禁主板，恢复正常' });
    const closed = await act(w, w.as.community, c.id, 'verify_pass', replied.body.version);
    const rated = await act(w, w.as.community, c.id, 'rate', closed.body.version, { rating: 'satisfied' });
    expect(rated.body).toMatchObject({ status: 'rated', rating: 'satisfied' });
    expect(rated.body.assignments.map((a: { state: string; late: boolean }) => [a.state, a.late])).toEqual([['finished', false], ['finished', false]]);
    const list = (await w.as.dept.get('/api/v1/cases')).body;
    expect(list.data.map((r: { id: number }) => r.id)).toEqual([c.id]);
  });

  it('keeps a department away from a case not dispatched to it', async () => {
    const c = await accepted('joint');
    const d = await act(w, w.as.street, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.water });
    const res = await act(w, w.as.dept, c.id, 'sign', d.body.version);
    expect(res.status).toBe(404);
    expect((await w.as.dept.get(`/api/v1/cases/${c.id}`)).status).toBe(404);
  });

  it('takes a return (退单) with a reason and lets the street re-dispatch', async () => {
    const c = await accepted('joint');
    const d = await act(w, w.as.street, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing });
    const noNote = await act(w, w.as.dept, c.id, 'return', d.body.version, { reasonCode: 'other' });
    expect(noNote.body.errors).toEqual([{ field: 'body.note', message: '请说明原因' }]);
    const returned = await act(w, w.as.dept, c.id, 'return', d.body.version, { reasonCode: 'not_our_remit', note: '属于供水问题' });
    expect(returned.body.status).toBe('accepted');
    expect(returned.body.assignments[0]).toMatchObject({ active: false, state: 'returned', returnReason: 'not_our_remit', returnNote: '属于供水问题' });
    const inbox = (await w.as.street.get('/api/v1/notifications')).body.data;
    expect(inbox.some((n: { kind: string; entityId: string }) => n.kind === 'case.returned' && n.entityId === String(c.id))).toBe(true);
    const again = await act(w, w.as.street, c.id, 'dispatch', returned.body.version, { assigneeUserId: undefined, leadDepartmentId: w.water });
    expect(again.body.assignments.filter((a: { active: boolean }) => a.active).map((a: { department: { id: number } }) => a.department.id)).toEqual([w.water]);
    expect((await act(w, w.as.dept2, c.id, 'sign', again.body.version)).body.status).toBe('handling');
  });

  it('refuses a department of another district', async () => {
    const other = await w.as.admin.post('/api/v1/departments', { territoryId: t.fixture.node.qilihe, name: '七里河区住建局', code: 'qlh-housing' });
    const c = await accepted('joint');
    const res = await act(w, w.as.street, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: other.body.id });
    expect(res.body.errors[0]).toEqual({ field: 'body.leadDepartmentId', message: '该部门不存在、已停用或不负责此诉求所在区域' });
  });
});

describe('tough cases (攻坚哨): the district supervises', () => {
  it('needs a lead department and a supervising leader of the district', async () => {
    const c = await accepted('tough');
    expect((await act(w, w.as.street, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing })).status).toBe(403);
    const missing = await act(w, w.as.district, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing });
    expect(missing.body.errors[0].field).toBe('body.supervisorUserId');
    const wrong = await act(w, w.as.district, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing, supervisorUserId: t.fixture.user.street });
    expect(wrong.body.errors[0].message).toBe('督办领导须为所在区县的负责人');
    const ok = await act(w, w.as.district, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing, supervisorUserId: t.fixture.user.district });
    expect(ok.body.assignments.map((a: { role: string }) => a.role)).toEqual(['lead', 'supervise']);
    const escalate = await act(w, w.as.dept, c.id, 'escalate', ok.body.version);
    expect(escalate.body.code).toBe('case.guard.below_top_tier');
  });
});

describe('escalation (吹哨) and extensions', () => {
  it('lets the holder blow the whistle one tier up, back to the next dispatcher', async () => {
    const c = await driveTo(w, 'handling');
    const res = await act(w, w.as.grid, c.id, 'escalate', c.version);
    expect(res.body).toMatchObject({ status: 'accepted', tier: 'joint', tierName: '联合哨', escalationCount: 1 });
    expect(res.body.assignments.map((a: { active: boolean; state: string }) => [a.active, a.state])).toEqual([[false, 'ended']]);
    expect(new Date(res.body.solveBy).getTime()).toBeGreaterThan(Date.now() + 14 * 86_400_000);
    const inbox = (await w.as.street.get('/api/v1/notifications')).body.data;
    expect(inbox.some((n: { kind: string; entityId: string }) => n.kind === 'case.escalated' && n.entityId === String(c.id))).toBe(true);
  });

  it('sets deadlines from the time-limit table, urgent cases answered within 2 hours', async () => {
    const c = await createCase(w, { categoryCode: 'water_heating', urgent: true });
    const res = await act(w, w.as.community, c.id, 'accept', c.version);
    const created = new Date((await t.db.selectFrom('case_record').select('created_at').where('id', '=', c.id).executeTakeFirstOrThrow()).created_at);
    expect(new Date(res.body.respondBy).getTime() - created.getTime()).toBe(2 * 3_600_000);
    const solveIn = new Date(res.body.solveBy).getTime() - Date.now();
    expect(solveIn).toBeGreaterThan(23 * 3_600_000);
    expect(solveIn).toBeLessThanOrEqual(24 * 3_600_000);
    const limits = (await w.as.community.get('/api/v1/case-time-limits')).body;
    expect(limits.find((l: { categoryCode: string; tier: string }) => l.categoryCode === '*' && l.tier === 'routine')).toMatchObject({ solveDays: 7, signHours: 4 });
    expect((await w.as.district.put('/api/v1/case-time-limits/property/routine', { respondHours: 12, urgentRespondHours: 2, signHours: 4, solveDays: 5, escalateGraceHours: 24 })).status).toBe(403);
    const put = await w.as.city.put('/api/v1/case-time-limits/property/routine', { respondHours: 12, urgentRespondHours: 2, signHours: 4, solveDays: 5, escalateGraceHours: 24 });
    expect(put.body).toMatchObject({ categoryCode: 'property', solveDays: 5, version: 1 });
    const stale = await w.as.city.put('/api/v1/case-time-limits/property/routine', { respondHours: 12, urgentRespondHours: 2, signHours: 4, solveDays: 6, escalateGraceHours: 24 });
    expect(stale.status).toBe(409);
  });

  it('takes a deadline set at acceptance, never one in the past', async () => {
    const c = await createCase(w);
    const past = await act(w, w.as.community, c.id, 'accept', c.version, { solveBy: new Date(Date.now() - 60_000).toISOString() });
    expect(past.body.errors).toEqual([{ field: 'body.solveBy', message: '办结时限须晚于当前时间' }]);
    const solveBy = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await act(w, w.as.community, c.id, 'accept', c.version, { solveBy })).body.solveBy).toBe(solveBy);
  });

  it('takes an extension request from the holder and a decision from the dispatcher', async () => {
    const c = await driveTo(w, 'handling');
    const before = (await w.as.community.get(`/api/v1/cases/${c.id}`)).body;
    expect((await w.as.community.post(`/api/v1/cases/${c.id}/extension`, { version: c.version, days: 3, reason: '需等配件' })).status).toBe(403);
    const asked = await w.as.grid.post(`/api/v1/cases/${c.id}/extension`, { version: c.version, days: 3, reason: '需等配件' });
    expect(asked.body.extension).toMatchObject({ days: 3, reason: '需等配件' });
    expect((await w.as.grid.post(`/api/v1/cases/${c.id}/extension`, { version: asked.body.version, days: 3, reason: '再等' })).body.code).toBe('case.extension_pending');
    expect((await w.as.community.get('/api/v1/cases/pending-count')).body.extensionsToDecide).toBe(1);
    const decided = await w.as.community.post(`/api/v1/cases/${c.id}/extension/decision`, { version: asked.body.version, approve: true });
    expect(decided.body.extension).toBeNull();
    expect(new Date(decided.body.solveBy).getTime() - new Date(before.solveBy).getTime()).toBe(3 * 86_400_000);
    const timeline = (await w.as.grid.get(`/api/v1/cases/${c.id}/timeline`)).body.map((e: { action: string }) => e.action);
    expect(timeline.slice(-2)).toEqual(['extension_request', 'extension_approve']);
  });
});

describe('the badge (pending-count)', () => {
  const badge = async (agent: CaseWorld['as'][keyof CaseWorld['as']]) => (await agent.get('/api/v1/cases/pending-count')).body;

  it('counts a case for whoever must act next: the lead signs and handles it, the assisting department does not', async () => {
    const c = await accepted('joint');
    const [dept, dept2, street] = [await badge(w.as.dept), await badge(w.as.dept2), await badge(w.as.street)];
    const d = await act(w, w.as.street, c.id, 'dispatch', c.version, { assigneeUserId: undefined, leadDepartmentId: w.housing, assistDepartmentIds: [w.water] });
    expect((await badge(w.as.dept)).toSign).toBe(dept.toSign + 1);
    expect((await badge(w.as.dept2)).toSign).toBe(dept2.toSign);
    expect((await badge(w.as.street)).toDispatch).toBe(street.toDispatch - 1);
    await act(w, w.as.dept, c.id, 'sign', d.body.version);
    const after = await badge(w.as.dept);
    expect([after.toSign, after.toHandle]).toEqual([dept.toSign, dept.toHandle + 1]);
  });

  it('counts a case the community handles itself for the community, and for nobody assigned by name', async () => {
    const c = await createCase(w);
    const a = await act(w, w.as.community, c.id, 'accept', c.version);
    const [community, grid] = [await badge(w.as.community), await badge(w.as.grid)];
    const d = await act(w, w.as.community, c.id, 'dispatch', a.body.version, { assigneeUserId: undefined, toCommunity: true });
    expect(d.body.assignments).toMatchObject([{ role: 'lead', territory: { id: d.body.communityId } }]);
    expect((await badge(w.as.community)).toSign).toBe(community.toSign + 1);
    expect((await badge(w.as.grid)).toSign).toBe(grid.toSign);
  });
});
