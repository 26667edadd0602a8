import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let admin: Agent;
let street: Agent;
beforeAll(async () => {
  t = await testApp();
  admin = await t.as('admin');
  street = await t.as('street');
});
afterAll(() => t.close());

const usernames = (body: { data: { username: string }[] }) => body.data.map((u) => u.username).sort();

async function createAs(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/v1/users', body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; initialPassword: string; version: number; username: string };
}

describe('listing accounts', () => {
  it('shows a street the accounts of its own subtree only, with roles and masked phones', async () => {
    await t.db.updateTable('app_user').set({ phone: '13812345678' }).where('id', '=', t.fixture.user.community).execute();
    const res = await street.get('/api/v1/users?pageSize=100');
    expect(res.status).toBe(200);
    expect(usernames(res.body)).toEqual(['community', 'grid', 'member', 'street', 'unit', 'volunteer']);
    expect(res.body).toMatchObject({ total: 6, current: 1, pageSize: 100 });
    const community = res.body.data.find((u: { username: string }) => u.username === 'community');
    expect(community).toMatchObject({
      displayName: '畅家巷社区',
      phoneMasked: '138****5678',
      homeTerritoryId: t.fixture.node.changjiaxiang,
      homeTerritoryName: '畅家巷社区',
      status: 'active',
      locked: false,
      roles: [{ id: expect.any(Number), role: 'community_staff', roleName: '社区工作人员', territoryId: t.fixture.node.changjiaxiang, territoryName: '畅家巷社区', territoryLevel: 'community' }],
    });
    expect(JSON.stringify(res.body)).not.toContain('13812345678');
    const byName = (name: string) => res.body.data.find((u: { username: string }) => u.username === name);
    expect(byName('street').lastLoginAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(byName('volunteer').lastLoginAt).toBeNull();
  });

  it('shows installation-wide accounts only to an unbound scope', async () => {
    const asCity = await (await t.as('city')).get('/api/v1/users?pageSize=100');
    expect(usernames(asCity.body)).not.toContain('admin');
    expect(asCity.body.total).toBe(10);
    const asAdmin = await admin.get('/api/v1/users?pageSize=100');
    expect(usernames(asAdmin.body)).toContain('admin');
  });

  it('filters by keyword, role, territory subtree and status, and pages', async () => {
    const byName = await admin.get(`/api/v1/users?keyword=${encodeURIComponent('畅家巷')}`);
    expect(usernames(byName.body)).toEqual(['community', 'grid', 'member']);
    const byUsername = await admin.get('/api/v1/users?keyword=STREET');
    expect(usernames(byUsername.body)).toEqual(['street', 'streetb']);
    const byRole = await admin.get('/api/v1/users?role=street_staff');
    expect(usernames(byRole.body)).toEqual(['street', 'streetb']);
    const bySubtree = await admin.get(`/api/v1/users?territoryId=${t.fixture.node.zhangyelu}`);
    expect(usernames(bySubtree.body)).toEqual(['streetb']);
    const outside = await street.get(`/api/v1/users?territoryId=${t.fixture.node.zhangyelu}`);
    expect(outside.body.total).toBe(0);
    const page = await admin.get('/api/v1/users?current=2&pageSize=5');
    expect(page.body).toMatchObject({ current: 2, pageSize: 5, total: expect.any(Number) });
    expect(page.body.data).toHaveLength(5);
    const literal = await admin.get('/api/v1/users?keyword=%25');
    expect(literal.body.total).toBe(0);
  });

  it('needs user:read and rejects bad query values', async () => {
    expect((await (await t.as('grid')).get('/api/v1/users')).status).toBe(403);
    expect((await t.agent().get('/api/v1/users')).status).toBe(401);
    const bad = await admin.get('/api/v1/users?pageSize=500&role=mayor&sort=x&current=1e20&territoryId=100000000000000000000');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.current', 'query.pageSize', 'query.role', 'query.sort', 'query.territoryId']);
  });

  it('exports the filtered list as .xlsx with masked phones', async () => {
    const res = await street.get('/api/v1/users/export?role=community_staff');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('用户名');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('community');
    expect(sheet.getRow(2).getCell(3).value).toBe('138****5678');
    expect(sheet.getRow(2).getCell(5).value).toBe('社区工作人员（畅家巷社区）');
  });
});

describe('one account', () => {
  it('is a 404 outside the scope, like an account that does not exist', async () => {
    expect((await street.get(`/api/v1/users/${t.fixture.user.community}`)).status).toBe(200);
    expect((await street.get(`/api/v1/users/${t.fixture.user.streetb}`)).status).toBe(404);
    expect((await street.get(`/api/v1/users/${t.fixture.user.admin}`)).status).toBe(404);
    expect((await street.get('/api/v1/users/999999')).status).toBe(404);
    expect((await street.patch(`/api/v1/users/${t.fixture.user.streetb}`, { displayName: 'x', version: 1 })).status).toBe(404);
    expect((await street.post(`/api/v1/users/${t.fixture.user.streetb}/reset-password`)).status).toBe(404);
    expect((await street.get(`/api/v1/users/${t.fixture.user.streetb}/phone`)).status).toBe(404);
  });

  it('shows the full phone only through the audit-logged endpoint', async () => {
    const res = await street.get(`/api/v1/users/${t.fixture.user.community}/phone`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ phone: '13812345678' });
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'personal.view').execute();
    expect(log).toEqual([
      expect.objectContaining({ entity_type: 'user', entity_id: String(t.fixture.user.community), territory_id: t.fixture.node.changjiaxiang, actor_id: t.fixture.user.street }),
    ]);
    expect(log[0]!.summary).not.toContain('13812345678');
    expect((await (await t.as('grid')).get(`/api/v1/users/${t.fixture.user.community}/phone`)).status).toBe(403);
  });
});

describe('creating accounts', () => {
  it('creates with a one-time password that must be changed, and logs it', async () => {
    const created = await createAs(street, { username: 'Wang.Fang', displayName: ' 王芳 ', phone: '13912345678', homeTerritoryId: t.fixture.node.zhangjiayuan });
    expect(created).toMatchObject({ username: 'wang.fang', displayName: '王芳', phoneMasked: '139****5678', mustChangePassword: true, version: 1, roles: [] });
    expect(created.initialPassword).toMatch(/^.{12,}$/);
    const me = await t.agent().login('wang.fang', created.initialPassword);
    expect((await me.get('/api/v1/me')).body.mustChangePassword).toBe(true);
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').where('entity_id', '=', String(created.id)).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_id: t.fixture.user.street, territory_id: t.fixture.node.zhangjiayuan });
    expect(JSON.stringify(log)).not.toContain(created.initialPassword);
    expect(JSON.stringify(log)).not.toContain('13912345678');
  });

  it('refuses a home outside the caller’s area, and no home except for an unbound scope', async () => {
    const outside = await street.post('/api/v1/users', { username: 'li.lei', displayName: '李雷', homeTerritoryId: t.fixture.node.longxilu });
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ field: 'body.homeTerritoryId', message: '该辖区节点不存在或不在您的管理范围内' }]);
    const missing = await street.post('/api/v1/users', { username: 'li.lei', displayName: '李雷', homeTerritoryId: 99_999_999 });
    expect(missing.body.errors[0].field).toBe('body.homeTerritoryId');
    const none = await street.post('/api/v1/users', { username: 'li.lei', displayName: '李雷', homeTerritoryId: null });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('body.homeTerritoryId');
    const wide = await createAs(admin, { username: 'ops', displayName: '运维', homeTerritoryId: null });
    expect(wide).toMatchObject({ homeTerritoryId: null, homeTerritoryName: null });
    expect(await t.db.selectFrom('app_user').select('id').where('username', '=', 'li.lei').executeTakeFirst()).toBeUndefined();
  });

  it('rejects bad input field by field, and a taken name with 409', async () => {
    const base = { username: 'zhao.lei', displayName: '赵磊', homeTerritoryId: t.fixture.node.changjiaxiang };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, phone: '1381234567' }, 'body.phone', '格式不正确'],
      [{ ...base, phone: '12812345678' }, 'body.phone', '格式不正确'],
      [{ ...base, nickname: 'x' }, 'body.nickname', '不允许的字段'],
      [{ ...base, displayName: '   ' }, 'body.displayName', '不能为空白'],
      [{ ...base, displayName: '' }, 'body.displayName', '至少 1 个字符'],
      [{ ...base, username: 'ab' }, 'body.username', '格式不正确'],
      [{ ...base, username: '赵磊' }, 'body.username', '格式不正确'],
      [{ ...base, username: '-lead' }, 'body.username', '格式不正确'],
      [{ ...base, homeTerritoryId: 'x' }, 'body.homeTerritoryId', '应为整数'],
      [{ ...base, homeTerritoryId: 1e20 }, 'body.homeTerritoryId', '不能大于 9007199254740991'],
      [{ username: 'zhao.lei', displayName: '赵磊' }, 'body.homeTerritoryId', '必填'],
    ];
    for (const [body, field, message] of cases) {
      const res = await street.post('/api/v1/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors, JSON.stringify(body)).toContainEqual({ field, message });
    }
    const taken = await street.post('/api/v1/users', { ...base, username: 'Community' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ field: 'body.username', message: '用户名“community”已被使用' }]);
    expect((await (await t.as('community')).post('/api/v1/users', base)).status).toBe(403);
  });
});

describe('editing accounts', () => {
  it('edits with the version read, 409 when it moved, and keeps the phone out of the log', async () => {
    const u = await createAs(street, { username: 'edit.me', displayName: '待修改', homeTerritoryId: t.fixture.node.changjiaxiang });
    const ok = await street.patch(`/api/v1/users/${u.id}`, { displayName: '已修改', phone: '13700001111', version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ displayName: '已修改', phoneMasked: '137****1111', version: 2 });
    const stale = await street.patch(`/api/v1/users/${u.id}`, { displayName: '又改', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    const cleared = await street.patch(`/api/v1/users/${u.id}`, { phone: null, version: 2 });
    expect(cleared.body).toMatchObject({ phoneMasked: null, version: 3 });
    const log = await t.db.selectFrom('audit_log').select(['action', 'detail']).where('entity_id', '=', String(u.id)).where('action', '=', 'user.update').execute();
    expect(log).toHaveLength(2);
    expect(JSON.stringify(log)).not.toContain('13700001111');
    const bad = await street.patch(`/api/v1/users/${u.id}`, { phone: 'abc', status: 'gone', username: 'x', version: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.phone', 'body.status', 'body.username', 'body.version']);
    expect((await street.patch(`/api/v1/users/${u.id}`, { displayName: 'x' })).body.errors).toEqual([{ field: 'body.version', message: '必填' }]);
  });

  it('disabling ends the sessions and blocks login; enabling restores it', async () => {
    const u = await createAs(street, { username: 'to.disable', displayName: '停用测试', homeTerritoryId: t.fixture.node.changjiaxiang });
    const session = await t.agent().login('to.disable', u.initialPassword);
    const disabled = await street.patch(`/api/v1/users/${u.id}`, { status: 'disabled', version: 1 });
    expect(disabled.body).toMatchObject({ status: 'disabled', version: 2 });
    expect((await session.get('/api/v1/me')).body).toBeNull();
    expect(await t.db.selectFrom('user_session').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
    const refused = await t.agent().post('/api/v1/auth/login', { username: 'to.disable', password: u.initialPassword });
    expect(refused.status).toBe(403);
    expect(await street.patch(`/api/v1/users/${u.id}`, { status: 'active', version: 2 })).toMatchObject({ status: 200 });
    await t.agent().login('to.disable', u.initialPassword);
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(u.id)).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['user.create', 'user.disable', 'user.enable']));
    expect((await street.get('/api/v1/users?status=disabled')).body.total).toBe(0);
  });

  it('does not let a caller disable or reset their own account', async () => {
    const self = (await street.get(`/api/v1/users/${t.fixture.user.street}`)).body;
    const res = await street.patch(`/api/v1/users/${self.id}`, { status: 'disabled', version: self.version });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('users.self_forbidden');
    expect((await street.post(`/api/v1/users/${self.id}/reset-password`)).status).toBe(403);
  });

  it('resets a password: one-time, sessions end, lockout cleared', async () => {
    const u = await createAs(street, { username: 'reset.me', displayName: '重置测试', homeTerritoryId: t.fixture.node.changjiaxiang });
    const session = await t.agent().login('reset.me', u.initialPassword);
    await t.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 600_000), failed_logins: 3 }).where('id', '=', u.id).execute();
    expect((await street.get(`/api/v1/users/${u.id}`)).body.locked).toBe(true);
    const reset = await street.post(`/api/v1/users/${u.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ mustChangePassword: true, locked: false });
    expect(reset.body.initialPassword).not.toBe(u.initialPassword);
    expect((await session.get('/api/v1/me')).body).toBeNull();
    await expect(t.agent().login('reset.me', u.initialPassword)).rejects.toThrow(/401/);
    await t.agent().login('reset.me', reset.body.initialPassword);
  });

  it('unlocks a locked-out account', async () => {
    const { volunteer } = t.fixture.user;
    await t.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 600_000) }).where('id', '=', volunteer).execute();
    const before = await street.get(`/api/v1/users/${volunteer}`);
    expect(before.body).toMatchObject({ locked: true, lockedUntil: expect.any(String) });
    const res = await street.post(`/api/v1/users/${volunteer}/unlock`);
    expect(res.body).toMatchObject({ locked: false, lockedUntil: null, version: before.body.version + 1 });
    await t.agent().login('volunteer');
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'user.unlock').execute()).toHaveLength(1);
  });

  it('refuses to manage an account holding more than the caller, even inside the area', async () => {
    const u = await createAs(street, { username: 'big.boss', displayName: '兼任市级', homeTerritoryId: t.fixture.node.changjiaxiang });
    expect((await admin.post(`/api/v1/users/${u.id}/roles`, { role: 'city_admin', territoryId: t.fixture.node.city })).status).toBe(201);
    for (const res of [
      await street.post(`/api/v1/users/${u.id}/reset-password`),
      await street.patch(`/api/v1/users/${u.id}`, { status: 'disabled', version: 1 }),
      await street.post(`/api/v1/users/${u.id}/unlock`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('users.outranked');
    }
    expect((await street.get(`/api/v1/users/${u.id}`)).status).toBe(200);
    expect((await (await t.as('city')).post(`/api/v1/users/${u.id}/reset-password`)).status).toBe(200);
  });
});
