import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { loadRoles } from '../../platform/auth/sessions.js';
import { permissionsOf } from '../../platform/auth/roles.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { trackingNumber } from './intake.js';
import { act, caseWorld, createCase, driveTo, newCase, type CaseWorld } from './test-support.js';

let t: TestContext;
let w: CaseWorld;
beforeAll(async () => {
  t = await testApp();
  w = await caseWorld(t);
});
afterAll(() => t.close());

describe('recording a case', () => {
  it('returns the case with a tracking number, a masked phone and a timeline', async () => {
    const res = await w.as.grid.post('/api/v1/cases', newCase(w, { channel: 'grid_report' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'submitted',
      statusName: '待受理',
      tier: 'routine',
      channel: 'grid_report',
      categoryName: '物业管理',
      territoryName: '1号楼',
      communityName: '畅家巷社区',
      reporterPhone: '138****5678',
      version: 1,
    });
    expect(res.body.trackingNo).toMatch(/^GZ\d{8}-\d{6}$/);
    const timeline = await w.as.community.get(`/api/v1/cases/${res.body.id}/timeline`);
    expect(timeline.body).toEqual([expect.objectContaining({ action: 'submit', actionName: '登记', fromStatus: null, toStatus: 'submitted', actor: '畅家巷网格员' })]);
    // The community's staff are told; the city administrators above them are not.
    const inbox = await w.as.community.get('/api/v1/notifications?unread=true');
    expect(inbox.body.data[0]).toMatchObject({ kind: 'case.submitted', entityType: 'case', entityId: String(res.body.id), read: false });
    expect((await w.as.admin.get('/api/v1/notifications')).body.total).toBe(0);
  });

  it('numbers cases by the Beijing date', () => {
    expect(trackingNumber(123, new Date('2026-11-22T17:00:00Z'))).toBe('GZ20261123-000123');
    expect(trackingNumber(1234567, new Date('2026-11-22T01:00:00Z'))).toBe('GZ20261122-1234567');
  });

  it('refuses an empty description', async () => {
    for (const description of ['', '   ']) {
      const res = await w.as.community.post('/api/v1/cases', newCase(w, { description }));
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('body.description');
    }
    const long = await w.as.community.post('/api/v1/cases', newCase(w, { description: '长'.repeat(2001) }));
    expect(long.body.errors[0]).toEqual({ field: 'body.description', message: '最多 2000 个字符' });
  });

  it('refuses more than six photos, naming the limit', async () => {
    const res = await w.as.community.post('/api/v1/cases', newCase(w, { attachmentIds: [1, 2, 3, 4, 5, 6, 7] }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.attachmentIds', message: '最多 6 项' }]);
  });

  it('refuses an unknown or disabled category', async () => {
    const unknown = await w.as.community.post('/api/v1/cases', newCase(w, { categoryCode: 'no_such' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'body.categoryCode', message: '诉求分类不存在或已停用' }]);
    await t.db.updateTable('dict_item').set({ enabled: false }).where('type_code', '=', 'case_category').where('code', '=', 'epidemic').execute();
    const disabled = await w.as.community.post('/api/v1/cases', newCase(w, { categoryCode: 'epidemic' }));
    expect(disabled.status).toBe(400);
  });

  it('refuses a building outside the community, and a place outside my area', async () => {
    const outside = await w.as.community.post('/api/v1/cases', newCase(w, { territoryId: t.fixture.node.longxiluBuilding }));
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ field: 'body.territoryId', message: '所选位置不在该社区内' }]);
    const notCommunity = await w.as.community.post('/api/v1/cases', newCase(w, { communityId: t.fixture.node.jiuquanlu }));
    expect(notCommunity.body.errors[0].field).toBe('body.communityId');
    const otherCommunity = await w.as.grid.post('/api/v1/cases', newCase(w, { communityId: t.fixture.node.zhangjiayuan, territoryId: undefined }));
    expect(otherCommunity.status).toBe(400);
    expect(otherCommunity.body.errors[0].message).toBe('只能登记本人负责范围内的诉求');
    expect((await w.as.unit.post('/api/v1/cases', newCase(w))).status).toBe(403);
  });

  it('returns the first case for a retried submission and refuses a reused key with another body', async () => {
    const body = newCase(w, { idempotencyKey: 'retry-1' });
    const first = await w.as.community.post('/api/v1/cases', body);
    const again = await w.as.community.post('/api/v1/cases', { ...body, description: `  ${body.description} ` });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    const other = await w.as.community.post('/api/v1/cases', { ...body, description: '另一件事：楼道灯不亮' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('case.idempotency_mismatch');
    // Keys are per source: another person's identical key is another submission.
    expect((await w.as.member.post('/api/v1/cases', body)).status).toBe(201);
    const racing = newCase(w, { idempotencyKey: 'race-1' });
    const both = await Promise.all([w.as.grid.post('/api/v1/cases', racing), w.as.grid.post('/api/v1/cases', racing)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0]!.body.id).toBe(both[1]!.body.id);
  });

  it('draws a tracking number only for a submission it records', async () => {
    const serial = (trackingNo: string) => Number(trackingNo.split('-')[1]);
    const before = await createCase(w);
    expect((await w.as.community.post('/api/v1/cases', newCase(w, { categoryCode: 'no_such' }))).status).toBe(400);
    expect((await w.as.community.post('/api/v1/cases', newCase(w, { territoryId: t.fixture.node.longxiluBuilding }))).status).toBe(400);
    const replayKey = newCase(w, { idempotencyKey: 'numbering-1' });
    await w.as.community.post('/api/v1/cases', replayKey);
    expect((await w.as.community.post('/api/v1/cases', replayKey)).status).toBe(200);
    const after = await createCase(w);
    const numbers = [before, after].map((c) => serial((c as unknown as { trackingNo: string }).trackingNo));
    expect(numbers[1]! - numbers[0]!).toBe(2);
  });

  it('writes the case, its timeline row, audit entry, notifications and rollups together, or none of them', async () => {
    const count = async () => {
      const n = async (table: 'case_record' | 'case_event' | 'audit_log' | 'notification' | 'case_stats_now') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const cases = await t.db.selectFrom('case_stats_now').select((eb) => eb.fn.sum<number>('cases').as('n')).executeTakeFirstOrThrow();
      return [await n('case_record'), await n('case_event'), await n('audit_log'), await n('notification'), Number(cases.n)];
    };
    const start = await count();
    // Fails the case's own insert, the statement's last write, after its siblings have run.
    await sql`CREATE FUNCTION intake_trip() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'tripped'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER intake_trip BEFORE INSERT ON case_record FOR EACH ROW WHEN (NEW.description = '触发失败') EXECUTE FUNCTION intake_trip()`.execute(t.db);
    try {
      const res = await w.as.community.post('/api/v1/cases', newCase(w, { description: '触发失败' }));
      expect(res.status).toBe(500);
      expect(await count()).toEqual(start);
    } finally {
      await sql`DROP TRIGGER intake_trip ON case_record`.execute(t.db);
    }
    await createCase(w, {}, w.as.grid);
    const end = await count();
    const community = await t.db.selectFrom('territory_node').select('path').where('id', '=', t.fixture.node.changjiaxiang).executeTakeFirstOrThrow();
    const levels = community.path.split('/').filter(Boolean).length;
    // One case, one timeline row, one audit entry, a notification for the community's staff, counted at every level.
    expect(end.map((n, i) => n - start[i]!)).toEqual([1, 1, 1, expect.any(Number), levels]);
    expect(end[3]! - start[3]!).toBeGreaterThan(0);
  });

  it('shows the full phone only with personal:view, and logs the view', async () => {
    const c = await createCase(w);
    const res = await w.as.community.get(`/api/v1/cases/${c.id}/reporter-phone`);
    expect(res.body).toEqual({ phone: '13812345678' });
    const log = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(c.id)).where('action', '=', 'personal.view').execute();
    expect(log).toHaveLength(1);
    expect((await w.as.grid.get(`/api/v1/cases/${c.id}/reporter-phone`)).status).toBe(403);
  });
});

describe('the queue and scope', () => {
  it('hides a case from another street: 404 by id, absent from lists', async () => {
    const c = await createCase(w);
    expect((await w.as.streetb.get(`/api/v1/cases/${c.id}`)).status).toBe(404);
    expect((await w.as.streetb.get(`/api/v1/cases/${c.id}/timeline`)).status).toBe(404);
    const list = await w.as.streetb.get('/api/v1/cases?pageSize=200');
    expect(list.body.data.map((r: { id: number }) => r.id)).not.toContain(c.id);
    expect((await act(w, w.as.streetb, c.id, 'reject', c.version)).status).toBe(404);
    expect((await w.as.street.get(`/api/v1/cases/${c.id}`)).status).toBe(200);
  });

  it('lists for each scope exactly the cases on its territory subtree, whatever the level it is bound to', async () => {
    const { node, user } = t.fixture;
    await createCase(w, { communityId: node.longxilu, territoryId: node.longxilu }, w.as.streetb);
    await createCase(w, { territoryId: node.changjiaxiang });
    await createCase(w);
    const who = ['admin', 'city', 'district', 'street', 'streetb', 'community', 'grid'] as const;
    for (const name of who) {
      const roles = await loadRoles(t.db, user[name]);
      const readers = roles.filter((r) => permissionsOf(r.role).includes('case:read'));
      const departments = await t.db.selectFrom('department_member').select('department_id').where('user_id', '=', user[name]).execute();
      // Staff reaching cases by assignment see more than their subtree; this checks the subtree alone.
      if (readers.length === 0 || departments.length > 0) continue;
      const scope = scopeFor({ userId: user[name], username: name, displayName: name, roles, permissions: new Set(), departmentIds: [], sessionId: '', csrfToken: '', mustChangePassword: false }, 'case:read');
      const expected = await t.db.selectFrom('case_record').select('id').where((eb) => territoryCondition(eb, 'case_record.territory_id', scope)).orderBy('id').execute();
      const list = (await w.as[name].get('/api/v1/cases?pageSize=200')).body;
      expect(list.data.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b), name).toEqual(expected.map((r) => r.id));
      expect(list.total, name).toBe(expected.length);
    }
  });

  it('filters by status, tier, category, channel, keyword, tracking number and date, paged', async () => {
    const mine = await createCase(w, { categoryCode: 'environment', channel: 'mailbox', description: '垃圾清运不及时，小区门口堆满垃圾' });
    const q = (query: string) => w.as.community.get(`/api/v1/cases?${query}`).then((r) => r.body);
    const page = await q('pageSize=2&current=1');
    expect(page).toMatchObject({ current: 1, pageSize: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect((await q('keyword=垃圾清运')).data.map((r: { id: number }) => r.id)).toEqual([mine.id]);
    expect((await q('keyword=垃')).data.map((r: { id: number }) => r.id)).toEqual([mine.id]);
    const detail = (await w.as.community.get(`/api/v1/cases/${mine.id}`)).body;
    expect((await q(`keyword=${detail.trackingNo}`)).total).toBe(1);
    expect((await q('categoryCode=environment&channel=mailbox&status=submitted&tier=routine')).total).toBe(1);
    expect((await q('categoryCode=environment&status=accepted')).total).toBe(0);
    expect((await q(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).total).toBe(0);
    expect((await q(`territoryId=${t.fixture.node.building2}`)).total).toBe(0);
    expect((await q(`territoryId=${t.fixture.node.changjiaxiangGrid}&categoryCode=environment`)).total).toBe(1);
    // The total rides on the page's rows; a page past the end has none and still tells it.
    const all = await q('pageSize=200');
    const beyond = await q(`pageSize=10&current=${Math.ceil(all.total / 10) + 1}`);
    expect(beyond).toMatchObject({ data: [], total: all.total });
  });

  it('suggests likely duplicates for the accept screen', async () => {
    const first = await createCase(w, { categoryCode: 'water_heating', description: '2号楼暖气不热，室温只有十二度' });
    await createCase(w, { categoryCode: 'water_heating', description: '停水通知没有提前发布' });
    const dup = await createCase(w, { categoryCode: 'water_heating', description: '2号楼暖气不热，家里室温很低' });
    const res = await w.as.community.get(`/api/v1/cases/${dup.id}/duplicates`);
    expect(res.status).toBe(200);
    expect(res.body.map((d: { id: number }) => d.id)).toEqual([first.id]);
    expect(res.body[0].similarity).toBeGreaterThan(0.3);
    const merged = await act(w, w.as.community, dup.id, 'merge', dup.version, { targetId: first.id });
    expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: first.id });
    const target = (await w.as.community.get(`/api/v1/cases/${first.id}/timeline`)).body;
    expect(target.at(-1)).toMatchObject({ action: 'merged_in', actionName: '合并入' });
    const crossCommunity = await createCase(w, { communityId: t.fixture.node.zhangjiayuan, territoryId: undefined }, w.as.street);
    const refused = await act(w, w.as.community, first.id, 'merge', first.version, { targetId: crossCommunity.id });
    expect(refused.status).toBe(400);
  });

  it('counts my pending work and lets me read my notifications', async () => {
    const c = await driveTo(w, 'dispatched');
    const grid = (await w.as.grid.get('/api/v1/cases/pending-count')).body;
    expect(grid.toSign).toBeGreaterThanOrEqual(1);
    expect(grid.toAccept).toBe(0);
    const community = (await w.as.community.get('/api/v1/cases/pending-count')).body;
    expect(community.toAccept).toBeGreaterThan(0);
    expect(community.total).toBe(community.toAccept + community.toDispatch + community.toSign + community.toHandle + community.toVerify + community.extensionsToDecide);
    const inbox = (await w.as.grid.get('/api/v1/notifications')).body;
    const dispatched = inbox.data.find((n: { entityId: string; kind: string }) => n.entityId === String(c.id) && n.kind === 'case.dispatched');
    expect(dispatched.title).toContain('请在 4 小时内报到');
    expect((await w.as.grid.post(`/api/v1/notifications/${dispatched.id}/read`)).status).toBe(200);
    expect((await w.as.community.post(`/api/v1/notifications/${dispatched.id}/read`)).status).toBe(404);
    const before = (await w.as.grid.get('/api/v1/cases/pending-count')).body.unreadNotifications;
    const all = await w.as.grid.post('/api/v1/notifications/read-all');
    expect(all.body.updated).toBe(before);
    expect((await w.as.grid.get('/api/v1/notifications?unread=true')).body.total).toBe(0);
    const mine = (await w.as.grid.get('/api/v1/cases?mine=true&status=dispatched')).body;
    expect(mine.data.map((r: { id: number }) => r.id)).toContain(c.id);
  });
});
