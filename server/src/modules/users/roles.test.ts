import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let admin: Agent;
let district: Agent;
let street: Agent;
let newcomer: { id: number; initialPassword: string };
beforeAll(async () => {
  t = await testApp();
  admin = await t.as('admin');
  district = await t.as('district');
  street = await t.as('street');
  const res = await street.post('/api/v1/users', { username: 'newcomer', displayName: '新同事', homeTerritoryId: t.fixture.node.jiuquanlu });
  newcomer = res.body;
});
afterAll(() => t.close());

const grant = (agent: Agent, userId: number, role: string, territoryId: number | null) =>
  agent.post(`/api/v1/users/${userId}/roles`, { role, territoryId });

describe('granting roles', () => {
  it('grants a role on a node in the grantor’s area; it takes effect on the next request', async () => {
    const session = await t.agent().login('newcomer', newcomer.initialPassword);
    expect((await session.post('/api/v1/auth/password', { currentPassword: newcomer.initialPassword, newPassword: 'Fresh#Start2026' })).status).toBe(200);
    expect((await session.get('/api/v1/users')).status).toBe(403);
    const res = await grant(street, newcomer.id, 'community_staff', t.fixture.node.changjiaxiang);
    expect(res.status).toBe(201);
    expect(res.body.roles).toEqual([
      { id: expect.any(Number), role: 'community_staff', roleName: '社区工作人员', territoryId: t.fixture.node.changjiaxiang, territoryName: '畅家巷社区', territoryLevel: 'community' },
    ]);
    expect((await session.get('/api/v1/users')).status).toBe(200);
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.role_grant').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ entity_id: String(newcomer.id), territory_id: t.fixture.node.changjiaxiang, actor_id: t.fixture.user.street });
    expect(log.summary).toContain('社区工作人员');
  });

  it('refuses a duplicate grant with 409', async () => {
    const res = await grant(street, newcomer.id, 'community_staff', t.fixture.node.changjiaxiang);
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('该账号已在此节点拥有“社区工作人员”角色');
  });

  it('binds a role only to the levels it is defined for', async () => {
    const res = await grant(district, newcomer.id, 'street_staff', t.fixture.node.changjiaxiang);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.territoryId', message: '“街道工作人员”只能分配在街道级节点上' }]);
    const grid = await grant(street, newcomer.id, 'grid_worker', t.fixture.node.jiuquanlu);
    expect(grid.body.errors[0].message).toBe('“网格员/楼院长”只能分配在网格、小区、楼院级节点上');
    const english = await district.request('POST', `/api/v1/users/${newcomer.id}/roles`, { role: 'street_staff', territoryId: t.fixture.node.chengguan }, { 'accept-language': 'en' });
    expect(english.body.errors[0].message).toBe('"Street staff" can only be bound to a node of level street');
    const unbound = await grant(street, newcomer.id, 'community_staff', null);
    expect(unbound.body.errors).toEqual([{ field: 'body.territoryId', message: '必填' }]);
  });

  it('refuses escalation with 403: nobody hands out permissions they do not hold', async () => {
    for (const [role, node] of [['city_admin', 'city'], ['district_admin', 'chengguan']] as const) {
      const res = await grant(street, newcomer.id, role, t.fixture.node[node]);
      expect(res.status, role).toBe(403);
      expect(res.body.code).toBe('users.role_escalation');
    }
    // A community holds no role:assign at all.
    expect((await grant(await t.as('community'), t.fixture.user.volunteer, 'volunteer', t.fixture.node.changjiaxiang)).status).toBe(403);
    expect(await t.db.selectFrom('role_assignment').select('id').where('user_id', '=', newcomer.id).execute()).toHaveLength(1);
  });

  it('refuses nodes outside the grantor’s area like nodes that do not exist', async () => {
    expect((await grant(street, newcomer.id, 'community_staff', 1e20)).body.errors).toEqual([{ field: 'body.territoryId', message: '不能大于 9007199254740991' }]);
    for (const node of [t.fixture.node.longxilu, 99_999_999]) {
      const res = await grant(street, newcomer.id, 'community_staff', node);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body.territoryId', message: '该辖区节点不存在或不在您的管理范围内' }]);
    }
  });

  it('lets only a system administrator grant system_admin, and only unbound', async () => {
    const byCity = await grant(await t.as('city'), newcomer.id, 'system_admin', null);
    expect(byCity.status).toBe(403);
    expect(byCity.body.code).toBe('users.system_admin_only');
    const bound = await grant(admin, newcomer.id, 'system_admin', t.fixture.node.city);
    expect(bound.status).toBe(400);
    expect(bound.body.errors[0].field).toBe('body.territoryId');
    const ok = await grant(admin, newcomer.id, 'system_admin', null);
    expect(ok.status).toBe(201);
    expect(ok.body.roles).toContainEqual(expect.objectContaining({ role: 'system_admin', territoryId: null, territoryName: null }));
    const again = await grant(admin, newcomer.id, 'system_admin', null);
    expect(again.status).toBe(409);
    // Now the account outranks the street that created it.
    expect((await street.post(`/api/v1/users/${newcomer.id}/unlock`)).status).toBe(403);
    const sysAssignment = ok.body.roles.find((r: { role: string }) => r.role === 'system_admin');
    expect((await admin.delete(`/api/v1/users/${newcomer.id}/roles/${sysAssignment.id}`)).status).toBe(200);
  });

  it('rejects unknown roles and fields, and users outside the area', async () => {
    const unknown = await street.post(`/api/v1/users/${newcomer.id}/roles`, { role: 'mayor', territoryId: t.fixture.node.jiuquanlu, note: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual(
      expect.arrayContaining([{ field: 'body.role', message: '取值不在允许范围内' }, { field: 'body.note', message: '不允许的字段' }]),
    );
    expect((await grant(street, t.fixture.user.streetb, 'community_staff', t.fixture.node.changjiaxiang)).status).toBe(404);
  });
});

describe('revoking roles', () => {
  it('revokes an assignment and logs it', async () => {
    const user = (await street.get(`/api/v1/users/${newcomer.id}`)).body;
    const assignment = user.roles.find((r: { role: string }) => r.role === 'community_staff');
    const res = await street.delete(`/api/v1/users/${newcomer.id}/roles/${assignment.id}`);
    expect(res.status).toBe(200);
    expect(res.body.roles).toEqual([]);
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.role_revoke').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ entity_id: String(newcomer.id), territory_id: t.fixture.node.changjiaxiang });
    expect((await street.delete(`/api/v1/users/${newcomer.id}/roles/${assignment.id}`)).status).toBe(404);
  });

  it('cannot strip a role the caller could not have granted', async () => {
    const given = await grant(district, newcomer.id, 'district_admin', t.fixture.node.chengguan);
    expect(given.status).toBe(201);
    const res = await street.delete(`/api/v1/users/${newcomer.id}/roles/${given.body.roles[0].id}`);
    expect(res.status).toBe(403);
    expect((await district.delete(`/api/v1/users/${newcomer.id}/roles/${given.body.roles[0].id}`)).status).toBe(200);
  });

  it('does not take an assignment id of another account', async () => {
    const other = (await street.get(`/api/v1/users/${t.fixture.user.community}`)).body.roles[0].id;
    expect((await street.delete(`/api/v1/users/${newcomer.id}/roles/${other}`)).status).toBe(404);
  });

  it('keeps the caller’s own last administrative role', async () => {
    const self = (await street.get(`/api/v1/users/${t.fixture.user.street}`)).body;
    const only = self.roles[0].id;
    const res = await street.delete(`/api/v1/users/${self.id}/roles/${only}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('users.last_admin_role');
    // With a second administrative role the first may go.
    expect((await grant(district, self.id, 'street_staff', t.fixture.node.zhangyelu)).status).toBe(201);
    expect((await street.delete(`/api/v1/users/${self.id}/roles/${only}`)).status).toBe(200);
    // Its home street is no longer in its area, so the account itself is out of its sight now.
    expect((await street.get(`/api/v1/users/${self.id}`)).status).toBe(404);
    const after = (await admin.get(`/api/v1/users/${self.id}`)).body;
    expect(after.roles).toEqual([expect.objectContaining({ role: 'street_staff', territoryName: '张掖路街道' })]);
  });
});
