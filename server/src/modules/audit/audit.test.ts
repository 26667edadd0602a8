import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let admin: Agent;
let district: Agent;
let city: Agent;

/* Entries at known instants (UTC) on known nodes; `probe.` keeps them apart from the log the logins write. */
const ENTRIES = [
  { key: 'community', at: '2026-03-01T01:00:00Z', node: 'changjiaxiang', actor: '畅家巷社区 (community)', action: 'probe.create', entity: 'probe' },
  { key: 'street', at: '2026-03-01T15:30:00Z', node: 'jiuquanlu', actor: '酒泉路街道 (street)', action: 'probe.update', entity: 'probe' },
  { key: 'streetb', at: '2026-03-02T02:00:00Z', node: 'zhangyelu', actor: '张掖路街道 (streetb)', action: 'probe.update', entity: 'probe' },
  { key: 'qilihe', at: '2026-03-03T02:00:00Z', node: 'xiaxiyuan', actor: '下西园 (xxy)', action: 'probe.delete', entity: 'other' },
  { key: 'global', at: '2026-03-04T02:00:00Z', node: null, actor: '系统管理员 (admin)', action: 'probe.config', entity: 'other' },
] as const;

beforeAll(async () => {
  t = await testApp();
  for (const e of ENTRIES) {
    await t.db
      .insertInto('audit_log')
      .values({
        at: e.at,
        actor_name: e.actor,
        action: e.action,
        entity_type: e.entity,
        entity_id: e.key,
        territory_id: e.node === null ? null : t.fixture.node[e.node],
        summary: `probe ${e.key}`,
        detail: JSON.stringify({ key: e.key }),
      })
      .execute();
  }
  [admin, district, city] = await Promise.all([t.as('admin'), t.as('district'), t.as('city')]);
});
afterAll(() => t.close());

const keys = (res: { body: { data: { entityId: string }[] } }) => res.body.data.map((e) => e.entityId);
const probe = (agent: Agent, query = '') =>
  agent.get(`/api/v1/audit?pageSize=50${query.includes('action=') ? '' : '&action=probe.'}${query}`);

describe('reading the log', () => {
  it('shows entries newest first with names, and entries without a node only to an unbound scope', async () => {
    const all = await probe(admin);
    expect(all.status).toBe(200);
    expect(keys(all)).toEqual(['global', 'qilihe', 'streetb', 'street', 'community']);
    expect(all.body.data[3]).toMatchObject({
      at: '2026-03-01T15:30:00.000Z',
      actorName: '酒泉路街道 (street)',
      action: 'probe.update',
      entityType: 'probe',
      territoryId: t.fixture.node.jiuquanlu,
      territoryName: '酒泉路街道',
      summary: 'probe street',
      detail: { key: 'street' },
    });
    expect(keys(await probe(city))).toEqual(['qilihe', 'streetb', 'street', 'community']);
    expect(keys(await probe(district))).toEqual(['streetb', 'street', 'community']);
  });

  it('needs audit:read', async () => {
    expect((await (await t.as('street')).get('/api/v1/audit')).status).toBe(403);
    expect((await t.agent().get('/api/v1/audit')).status).toBe(401);
  });

  it('filters by action prefix, entity, actor and time, and pages', async () => {
    expect(keys(await probe(admin, '&action=probe.update'))).toEqual(['streetb', 'street']);
    expect(keys(await probe(admin, '&entityType=other'))).toEqual(['global', 'qilihe']);
    expect(keys(await probe(admin, '&entityType=probe&entityId=street'))).toEqual(['street']);
    expect(keys(await probe(admin, `&actor=${encodeURIComponent('街道')}`))).toEqual(['streetb', 'street']);
    expect(keys(await probe(admin, '&actor=ADMIN'))).toEqual(['global']);
    expect((await admin.get('/api/v1/audit?action=probe%25')).body.total).toBe(0);
    const paged = await admin.get('/api/v1/audit?action=probe.&current=2&pageSize=2');
    expect(paged.body).toMatchObject({ total: 5, current: 2, pageSize: 2 });
    expect(keys(paged)).toEqual(['streetb', 'street']);
  });

  it('reads bare dates and times as Beijing time, a bare upper date as the whole day', async () => {
    // 2026-03-01 in Beijing is 2026-02-28T16:00Z … 2026-03-01T16:00Z: 'street' (15:30Z = 23:30 Beijing) is inside.
    expect(keys(await probe(admin, '&from=2026-03-01&to=2026-03-01'))).toEqual(['street', 'community']);
    expect(keys(await probe(admin, '&from=2026-03-02'))).toEqual(['global', 'qilihe', 'streetb']);
    expect(keys(await probe(admin, '&from=2026-03-01T23:00&to=2026-03-02%2010:30:00'))).toEqual(['streetb', 'street']);
    expect(keys(await probe(admin, '&from=2026-03-01T15:00:00Z&to=2026-03-01T16:00:00Z'))).toEqual(['street']);
  });

  it('rejects impossible dates, reversed ranges and unknown parameters with the field', async () => {
    const cases: [string, string, string][] = [
      ['from=2026-02-30', 'query.from', '不是有效的日期或时间'],
      ['to=2026-03-01T25:00', 'query.to', '不是有效的日期或时间'],
      ['from=yesterday', 'query.from', '格式不正确'],
      ['from=2026-03-02&to=2026-03-01', 'query.to', '结束时间必须晚于开始时间'],
      ['who=me', 'query.who', '不允许的字段'],
      ['current=1e20', 'query.current', '不能大于 1000000'],
    ];
    for (const [query, field, message] of cases) {
      const res = await admin.get(`/api/v1/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors, query).toEqual([{ field, message }]);
    }
  });

  it('exports the same filtered entries as .xlsx', async () => {
    const res = await district.get('/api/v1/audit/export?action=probe.');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '时间', '操作人', 'IP', '操作', '对象类型', '对象ID', '辖区', '摘要']);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(1).value).toBe('2026-03-02 10:00:00');
    expect(sheet.getRow(2).getCell(6).value).toBe('streetb');
  });
});

describe('the log itself', () => {
  it('is append-only: UPDATE and DELETE raise', async () => {
    await expect(t.db.updateTable('audit_log').set({ summary: 'rewritten' }).where('entity_id', '=', 'street').execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').where('entity_id', '=', 'street').execute()).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(keys(await probe(admin))).toHaveLength(5);
  });

  it('is written in the same transaction as the write: no entry, no write', async () => {
    await sql`CREATE FUNCTION probe_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'probe'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER probe_fail BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action IN ('user.create', 'dict.item_create'))
      EXECUTE FUNCTION probe_fail()`.execute(t.db);
    try {
      const user = await admin.post('/api/v1/users', { username: 'atomic', displayName: '原子性', homeTerritoryId: t.fixture.node.city });
      expect(user.status).toBe(500);
      expect(await t.db.selectFrom('app_user').select('id').where('username', '=', 'atomic').executeTakeFirst()).toBeUndefined();
      const item = await admin.post('/api/v1/dicts/case_category/items', { code: 'atomic', label: '原子性', labelEn: 'Atomic' });
      expect(item.status).toBe(500);
      expect(await t.db.selectFrom('dict_item').select('id').where('code', '=', 'atomic').executeTakeFirst()).toBeUndefined();
    } finally {
      await sql`DROP TRIGGER probe_fail ON audit_log`.execute(t.db);
      await sql`DROP FUNCTION probe_fail()`.execute(t.db);
    }
    expect((await admin.post('/api/v1/users', { username: 'atomic', displayName: '原子性', homeTerritoryId: t.fixture.node.city })).status).toBe(201);
  });
});
