import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { readXlsx } from '../../platform/excel.js';
import { act, caseWorld, createCase, driveTo, type CaseWorld } from './test-support.js';

/** What the staff console needs beyond the workflow: export, 公开反馈, extension buttons, department upkeep. */
let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

describe('GET /cases/export', () => {
  it('exports the filtered queue with phones masked, in the caller’s scope', async () => {
    const heating = await createCase(w, { categoryCode: 'water_heating', description: '暖气不热，室温只有十二度', reporterPhone: '13900001111' });
    await createCase(w, { categoryCode: 'environment', description: '垃圾清运不及时' });
    const res = await w.as.community.get('/api/v1/cases/export?categoryCode=water_heating');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('诉求_'));
    const rows = await readXlsx(res.raw, ['诉求编号', '联系电话', '分类']);
    const detail = (await w.as.community.get(`/api/v1/cases/${heating.id}`)).body;
    expect(rows.map((r) => r.values['诉求编号'])).toEqual([detail.trackingNo]);
    expect(rows[0]!.values).toMatchObject({ 分类: '供水供暖', 联系电话: '139****1111', 状态: '待受理', 渠道: '走访', 问题描述: '暖气不热，室温只有十二度' });
    expect(res.raw.includes(Buffer.from('13900001111'))).toBe(false);

    // Another street's staff see none of 畅家巷's cases, in the list or the export.
    const other = await w.as.streetb.get('/api/v1/cases/export');
    expect(other.status).toBe(200);
    await expect(readXlsx(other.raw, ['诉求编号'])).rejects.toMatchObject({ key: 'excel_empty' });
    expect((await w.as.streetb.get('/api/v1/cases')).body.total).toBe(0);
    expect((await (await t.as('volunteer')).get('/api/v1/cases/export')).status).toBe(403);
  });

  it('shows department staff only what is assigned to them', async () => {
    const c = await createCase(w, { description: '楼道墙皮脱落需要住建部门处理' });
    const accepted = await act(w, w.as.community, c.id, 'accept', c.version, { tier: 'joint' });
    await act(w, w.as.street, c.id, 'dispatch', accepted.body.version, { assigneeUserId: undefined, leadDepartmentId: w.housing });
    const rows = await readXlsx((await w.as.dept.get('/api/v1/cases/export?mine=true')).raw, ['诉求编号', '层级']);
    expect(rows.map((r) => [r.values['层级'], r.values['状态']])).toEqual([['联合哨', '已派遣']]);
  });
});

describe('公开反馈 / 个别反馈 on verify_pass', () => {
  it('publishes a closed case on the community board without personal data, only when chosen', async () => {
    const published = await driveTo(w, 'replied');
    const closed = await act(w, w.as.community, published.id, 'verify_pass', published.version, { feedback: 'public' });
    expect(closed.body).toMatchObject({ status: 'closed', feedback: 'public' });
    const quiet = await driveTo(w, 'replied');
    const individual = await act(w, w.as.community, quiet.id, 'verify_pass', quiet.version);
    expect(individual.body.feedback).toBe('individual');

    const board = await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/cases`);
    expect(board.status).toBe(200);
    expect(board.body.data.map((r: { id: number }) => r.id)).toEqual([published.id]);
    expect(board.body.data[0]).toMatchObject({ replyText: '已更换门禁主板，恢复正常', categoryName: '物业管理', closedAt: expect.any(String) });
    expect(Object.keys(board.body.data[0]).sort()).toEqual(['categoryCode', 'categoryName', 'closedAt', 'createdAt', 'description', 'id', 'rating', 'replyText', 'trackingNo']);
    expect(JSON.stringify(board.body)).not.toContain('王阿姨');

    const timeline = (await w.as.community.get(`/api/v1/cases/${published.id}/timeline`)).body;
    expect(timeline.at(-1)).toMatchObject({ action: 'verify_pass', detail: { feedback: 'public' } });
    expect((await t.agent().get(`/api/v1/public/communities/${t.fixture.node.zhangjiayuan}/cases`)).body.total).toBe(0);
    expect((await t.agent().get(`/api/v1/public/communities/${t.fixture.node.jiuquanlu}/cases`)).status).toBe(404);
  });

  it('masks mobile numbers written into the text and unpublishes a reopened case', async () => {
    const c = await createCase(w, { description: '楼顶漏水，联系我13712345678' });
    let v = c.version;
    for (const [by, action, extra] of [
      [w.as.community, 'accept', {}],
      [w.as.community, 'dispatch', {}],
      [w.as.grid, 'sign', {}],
      [w.as.grid, 'reply', {}],
      [w.as.community, 'verify_pass', { feedback: 'public' }],
    ] as const) {
      const res = await act(w, by, c.id, action, v, extra);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      v = res.body.version;
    }
    const board = async () => (await t.agent().get(`/api/v1/public/communities/${t.fixture.node.changjiaxiang}/cases?pageSize=200`)).body.data as { id: number; description: string }[];
    expect((await board()).find((r) => r.id === c.id)!.description).toBe('楼顶漏水，联系我137****5678');
    const rated = await act(w, w.as.community, c.id, 'rate', v, { rating: 'dissatisfied' });
    expect((await board()).some((r) => r.id === c.id)).toBe(true);
    const reopened = await act(w, w.as.community, c.id, 'reopen', rated.body.version);
    expect(reopened.body).toMatchObject({ status: 'handling', feedback: null });
    expect((await board()).some((r) => r.id === c.id)).toBe(false);
  });

  it('refuses an unknown feedback choice', async () => {
    const c = await driveTo(w, 'replied');
    const res = await act(w, w.as.community, c.id, 'verify_pass', c.version, { feedback: 'everyone' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.feedback');
  });
});

describe('extension buttons', () => {
  it('offers the holder a request and the dispatcher a decision, each only when it applies', async () => {
    const c = await driveTo(w, 'handling');
    expect((await w.as.grid.get(`/api/v1/cases/${c.id}`)).body.extensionActions).toEqual(['request']);
    expect((await w.as.community.get(`/api/v1/cases/${c.id}`)).body.extensionActions).toEqual([]);
    const asked = await w.as.grid.post(`/api/v1/cases/${c.id}/extension`, { version: c.version, days: 3, reason: '需等待配件到货' });
    expect(asked.status).toBe(200);
    expect(asked.body.extensionActions).toEqual([]);
    expect((await w.as.community.get(`/api/v1/cases/${c.id}`)).body).toMatchObject({ extensionActions: ['decide'], extension: { days: 3 } });
    const decided = await w.as.community.post(`/api/v1/cases/${c.id}/extension/decision`, { version: asked.body.version, approve: true });
    expect(decided.body).toMatchObject({ extension: null, extensionActions: [] });
    expect(new Date(decided.body.solveBy).getTime() - new Date(asked.body.solveBy).getTime()).toBe(3 * 86_400_000);
  });

  it('lists the cases whose extension waits for a decision, for the badge’s link', async () => {
    const c = await driveTo(w, 'handling');
    const waiting = async () => ((await w.as.community.get('/api/v1/cases?extensionPending=true&pageSize=200')).body.data as { id: number }[]).map((r) => r.id);
    expect(await waiting()).not.toContain(c.id);
    const asked = await w.as.grid.post(`/api/v1/cases/${c.id}/extension`, { version: c.version, days: 2, reason: '等待配件' });
    expect(await waiting()).toContain(c.id);
    expect((await w.as.community.get('/api/v1/cases/pending-count')).body.extensionsToDecide).toBe((await waiting()).length);
    await w.as.community.post(`/api/v1/cases/${c.id}/extension/decision`, { version: asked.body.version, approve: false });
    expect(await waiting()).not.toContain(c.id);
  });
});

describe('PATCH /departments/:id', () => {
  it('renames and disables with the version read; a disabled department gets no dispatch', async () => {
    const list = (await w.as.district.get('/api/v1/departments')).body.data as { id: number; version: number; name: string }[];
    const water = list.find((d) => d.id === w.water)!;
    expect((await w.as.street.patch(`/api/v1/departments/${water.id}`, { enabled: false, version: water.version })).status).toBe(403);
    const renamed = await w.as.district.patch(`/api/v1/departments/${water.id}`, { name: '城关区水务局（供排水）', version: water.version });
    expect(renamed.body).toMatchObject({ name: '城关区水务局（供排水）', version: water.version + 1, enabled: true });
    expect((await w.as.district.patch(`/api/v1/departments/${water.id}`, { enabled: false, version: water.version })).status).toBe(409);
    const disabled = await w.as.district.patch(`/api/v1/departments/${water.id}`, { enabled: false, version: renamed.body.version });
    expect(disabled.body.enabled).toBe(false);
    expect((await w.as.district.patch(`/api/v1/departments/${water.id}`, { name: '城关区住建局', version: disabled.body.version })).status).toBe(409);

    const c = await createCase(w);
    const accepted = await act(w, w.as.community, c.id, 'accept', c.version, { tier: 'joint' });
    const refused = await act(w, w.as.street, c.id, 'dispatch', accepted.body.version, { assigneeUserId: undefined, leadDepartmentId: w.water });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('body.leadDepartmentId');
    const logged = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'department').where('entity_id', '=', String(w.water)).execute();
    expect(logged.filter((r) => r.action === 'department.update')).toHaveLength(2);
    expect((await w.as.district.patch('/api/v1/departments/999999', { enabled: true, version: 1 })).status).toBe(404);
  });
});
