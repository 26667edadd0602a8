import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { JobRunner } from '../../platform/jobs.js';
import { overdueJob, sweepOverdue } from './overdue.js';
import { act, caseWorld, createCase, driveTo, type CaseWorld } from './test-support.js';

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const inbox = async (agent: CaseWorld['as'][keyof CaseWorld['as']], caseId: number) =>
  (await agent.get('/api/v1/notifications?pageSize=200')).body.data.filter((n: { entityId: string }) => n.entityId === String(caseId));

describe('the overdue sweep', () => {
  it('flags a case past its deadline and sends its holder a 催办, once', async () => {
    const c = await driveTo(w, 'handling');
    await t.db.updateTable('case_record').set({ solve_by: hoursAgo(1) }).where('id', '=', c.id).execute();
    const report = await sweepOverdue(t.db);
    expect(report.marked).toBe(1);
    expect(report.escalated).toBe(0);
    const now = (await w.as.community.get(`/api/v1/cases/${c.id}`)).body;
    // Flagging does not move the version: the handler's next step still goes through.
    expect(now).toMatchObject({ overdue: true, status: 'handling', version: c.version });
    expect((await inbox(w.as.grid, c.id)).map((n: { kind: string }) => n.kind)).toContain('case.reminder');
    expect((await sweepOverdue(t.db)).marked).toBe(0);
    expect((await w.as.community.get('/api/v1/cases?overdue=true')).body.data.map((r: { id: number }) => r.id)).toEqual([c.id]);
    const timeline = (await w.as.community.get(`/api/v1/cases/${c.id}/timeline`)).body;
    expect(timeline.at(-1)).toMatchObject({ action: 'overdue', actionName: '超期', actor: '系统' });
    expect((await act(w, w.as.grid, c.id, 'reply', c.version)).status).toBe(200);
  });

  it('reminds the lead department that has not signed in time, and shows its 报到 late', async () => {
    const c = await createCase(w);
    const a = await act(w, w.as.community, c.id, 'accept', c.version, { tier: 'joint' });
    const d = await act(w, w.as.street, a.body.id, 'dispatch', a.body.version, { assigneeUserId: undefined, leadDepartmentId: w.housing, assistDepartmentIds: [w.water] });
    const lateness = async () => (await w.as.street.get(`/api/v1/cases/${c.id}`)).body.assignments.map((x: { role: string; late: boolean }) => [x.role, x.late]);
    expect(await lateness()).toEqual([['lead', false], ['assist', false]]);
    await t.db.updateTable('case_assignment').set({ sign_by: hoursAgo(1) }).where('case_id', '=', c.id).where('role', '=', 'lead').execute();
    expect(await lateness()).toEqual([['lead', true], ['assist', false]]);
    const report = await sweepOverdue(t.db);
    // The assisting department does not sign for the case, so it is not reminded to.
    expect(report.reminded).toBe(1);
    expect((await inbox(w.as.dept, c.id)).map((n: { title: string }) => n.title)).toContain(`催办：请尽快报到：${d.body.trackingNo}`);
    expect((await inbox(w.as.dept2, c.id)).map((n: { title: string }) => n.title)).toEqual([`协办诉求，请配合牵头单位办理：${d.body.trackingNo}`]);
    expect((await sweepOverdue(t.db)).reminded).toBe(0);
    // Signing late stays late, on the assignment and on the timeline's 报到 entry.
    const signed = await act(w, w.as.dept, c.id, 'sign', d.body.version);
    expect(signed.body.assignments.map((x: { late: boolean; state: string }) => [x.late, x.state])).toEqual([[true, 'current'], [false, 'current']]);
    const timeline = (await w.as.street.get(`/api/v1/cases/${c.id}/timeline`)).body;
    expect(timeline.at(-1)).toMatchObject({ action: 'sign', detail: expect.objectContaining({ late: true }) });
  });

  it('escalates a case overdue beyond the grace one tier, as the system', async () => {
    const c = await driveTo(w, 'handling');
    // Routine grace is 24 hours by default.
    await t.db.updateTable('case_record').set({ solve_by: hoursAgo(23) }).where('id', '=', c.id).execute();
    expect((await sweepOverdue(t.db)).escalated).toBe(0);
    await t.db.updateTable('case_record').set({ solve_by: hoursAgo(25) }).where('id', '=', c.id).execute();
    const report = await sweepOverdue(t.db);
    expect(report.escalated).toBe(1);
    const now = (await w.as.community.get(`/api/v1/cases/${c.id}`)).body;
    expect(now).toMatchObject({ status: 'accepted', tier: 'joint', overdue: false, escalationCount: 1 });
    const last = (await w.as.community.get(`/api/v1/cases/${c.id}/timeline`)).body.at(-1);
    expect(last).toMatchObject({ action: 'escalate', actor: '系统', note: '超过办结时限，系统自动吹哨升级' });
    expect((await inbox(w.as.street, c.id)).map((n: { kind: string }) => n.kind)).toContain('case.escalated');
    const audit = await t.db.selectFrom('audit_log').select(['actor_id', 'ip']).where('action', '=', 'case.escalate').where('entity_id', '=', String(c.id)).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: null, ip: 'scheduler' });
  });

  it('never escalates past 攻坚哨', async () => {
    const c = await createCase(w);
    const a = await act(w, w.as.community, c.id, 'accept', c.version, { tier: 'tough' });
    await t.db.updateTable('case_record').set({ solve_by: hoursAgo(500), overdue: true }).where('id', '=', a.body.id).execute();
    expect((await sweepOverdue(t.db)).escalated).toBe(0);
  });

  it('runs on the JobRunner, once across several servers', async () => {
    const c = await driveTo(w, 'handling');
    await t.db.updateTable('case_record').set({ solve_by: hoursAgo(1) }).where('id', '=', c.id).execute();
    const servers = [1, 2].map(() => new JobRunner(t.db, [overdueJob], { error: () => {} }));
    await servers[0]!.register();
    const ran = await Promise.all(servers.map((s) => s.tick()));
    expect(ran.flat()).toEqual(['cases.overdue']);
    expect((await w.as.community.get(`/api/v1/cases/${c.id}`)).body.overdue).toBe(true);
  });
});
