import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let city: Agent;
let grid: Agent;
beforeAll(async () => {
  t = await testApp();
  [city, grid] = await Promise.all([t.as('city'), t.as('grid')]);
});
afterAll(() => t.close());

const codes = (res: { body: { data: { code: string }[] } }) => res.body.data.map((i) => i.code);

describe('reading dictionaries', () => {
  it('lists the types with their option counts to any logged-in user', async () => {
    const res = await grid.get('/api/v1/dicts');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ current: 1, pageSize: 200 });
    const category = res.body.data.find((d: { code: string }) => d.code === 'member_category');
    expect(category).toEqual({
      code: 'member_category',
      name: '委员类别',
      nameEn: 'Member categories',
      description: expect.any(String),
      itemCount: 13,
      enabledCount: 13,
    });
    expect(res.body.total).toBe(res.body.data.length);
    expect((await t.agent().get('/api/v1/dicts')).status).toBe(401);
  });

  it('lists the options of a type by sort, enabled only unless asked', async () => {
    const res = await grid.get('/api/v1/dicts/member_role/items');
    expect(res.status).toBe(200);
    expect(codes(res)).toEqual(['director', 'deputy_director', 'standing_member', 'rotating_member']);
    expect(res.body.data[0]).toEqual({ id: expect.any(Number), typeCode: 'member_role', code: 'director', label: '主任', labelEn: 'Director', sort: 10, enabled: true, version: 1 });
    const paged = await grid.get('/api/v1/dicts/member_role/items?current=2&pageSize=3');
    expect(paged.body).toMatchObject({ total: 4, current: 2, pageSize: 3 });
    expect(codes(paged)).toEqual(['rotating_member']);
  });

  it('answers 404 for an unknown type', async () => {
    expect((await grid.get('/api/v1/dicts/no_such_type/items')).status).toBe(404);
    expect((await grid.get('/api/v1/dicts/member_role/items?current=1e20')).status).toBe(400);
    expect((await city.post('/api/v1/dicts/no_such_type/items', { code: 'x', label: 'x', labelEn: 'x' })).status).toBe(404);
    expect((await city.patch('/api/v1/dicts/items/999999', { label: 'x', version: 1 })).status).toBe(404);
  });
});

describe('maintaining options', () => {
  it('adds an option, audit-logged, and refuses a duplicate code with 409', async () => {
    const res = await city.post('/api/v1/dicts/member_role/items', { code: 'secretary', label: ' 秘书 ', labelEn: 'Secretary', sort: 25 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ typeCode: 'member_role', code: 'secretary', label: '秘书', sort: 25, enabled: true, version: 1 });
    expect(codes(await grid.get('/api/v1/dicts/member_role/items'))).toEqual(['director', 'deputy_director', 'secretary', 'standing_member', 'rotating_member']);
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'dict.item_create').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ entity_type: 'dict_item', entity_id: String(res.body.id), actor_id: t.fixture.user.city, territory_id: null });
    expect(log.summary).toBe('字典“委员职务”新增选项 secretary（秘书）');
    const dup = await city.post('/api/v1/dicts/member_role/items', { code: 'secretary', label: '秘书2', labelEn: 'Secretary 2' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ field: 'body.code', message: '该字典中已有编码为“secretary”的选项' }]);
    // The same code in another dictionary is a different option.
    expect((await city.post('/api/v1/dicts/meeting_type/items', { code: 'secretary', label: '秘书会', labelEn: 'Secretaries' })).status).toBe(201);
  });

  it('disables instead of deleting: hidden from forms, still listed for maintenance', async () => {
    const item = (await grid.get('/api/v1/dicts/member_role/items')).body.data.find((i: { code: string }) => i.code === 'rotating_member');
    const res = await city.patch(`/api/v1/dicts/items/${item.id}`, { enabled: false, label: '轮值委员（停用）', version: item.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, label: '轮值委员（停用）', version: 2 });
    expect(codes(await grid.get('/api/v1/dicts/member_role/items'))).not.toContain('rotating_member');
    const all = await grid.get('/api/v1/dicts/member_role/items?includeDisabled=true');
    expect(all.body.data.find((i: { code: string }) => i.code === 'rotating_member')).toMatchObject({ enabled: false });
    const type = (await grid.get('/api/v1/dicts')).body.data.find((d: { code: string }) => d.code === 'member_role');
    expect(type).toMatchObject({ itemCount: 5, enabledCount: 4 });
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'dict.item_disable').executeTakeFirstOrThrow();
    expect(log.detail).toMatchObject({ code: 'rotating_member', changes: { enabled: { from: true, to: false } } });
    const stale = await city.patch(`/api/v1/dicts/items/${item.id}`, { enabled: true, version: item.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect((await city.patch(`/api/v1/dicts/items/${item.id}`, { enabled: true, version: 2 })).body).toMatchObject({ enabled: true, version: 3 });
  });

  it('needs dict:write', async () => {
    const street = await t.as('street');
    expect((await street.post('/api/v1/dicts/member_role/items', { code: 'y', label: 'y', labelEn: 'y' })).status).toBe(403);
    const item = (await grid.get('/api/v1/dicts/member_role/items')).body.data[0];
    expect((await street.patch(`/api/v1/dicts/items/${item.id}`, { label: 'x', version: item.version })).status).toBe(403);
  });

  it('rejects bad input field by field and writes nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: 'Bad-Code', label: 'x', labelEn: 'x' }, 'body.code', '格式不正确'],
      [{ code: '_x', label: 'x', labelEn: 'x' }, 'body.code', '格式不正确'],
      [{ code: 'x'.repeat(41), label: 'x', labelEn: 'x' }, 'body.code', '格式不正确'],
      [{ code: 'ok', label: '  ', labelEn: 'x' }, 'body.label', '不能为空白'],
      [{ code: 'ok', label: 'x'.repeat(51), labelEn: 'x' }, 'body.label', '最多 50 个字符'],
      [{ code: 'ok', label: 'x' }, 'body.labelEn', '必填'],
      [{ code: 'ok', label: 'x', labelEn: 'x', sort: 2 ** 31 }, 'body.sort', '不能大于 1000000'],
      [{ code: 'ok', label: 'x', labelEn: 'x', color: 'red' }, 'body.color', '不允许的字段'],
    ];
    for (const [body, field, message] of cases) {
      const res = await city.post('/api/v1/dicts/member_role/items', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors, JSON.stringify(body)).toContainEqual({ field, message });
    }
    const item = (await grid.get('/api/v1/dicts/member_role/items')).body.data[0];
    const patch = await city.patch(`/api/v1/dicts/items/${item.id}`, { code: 'renamed', label: '', version: item.version });
    expect(patch.status).toBe(400);
    expect(patch.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.code', 'body.label']);
    expect((await city.patch(`/api/v1/dicts/items/${item.id}`, { label: '主任' })).body.errors).toEqual([{ field: 'body.version', message: '必填' }]);
    expect(await t.db.selectFrom('dict_item').select('id').where('code', '=', 'ok').execute()).toEqual([]);
  });
});
