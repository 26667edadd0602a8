import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nulField } from '../src/platform/text-input.js';
import { testApp, type TestContext } from './harness.js';

/**
 * Inputs a schema let through and PostgreSQL then refused as a 500: a NUL character,
 * text of spaces under a `length(btrim(…)) > 0` check, a version past int4, a date in
 * year 1. Found by sending such values to every route of the OpenAPI document.
 */
let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const fields = (res: { body: { errors?: { field: string; message: string }[] } }) => res.body.errors ?? [];

describe('the NUL character', () => {
  it('is found anywhere in a parsed value, keys included, and named by its path', () => {
    expect(nulField({ a: 'ok', items: [{ text: 'fine' }, { text: 'x\u0000y' }] }, 'body')).toBe('body.items.1.text');
    expect(nulField({ ['k\u0000']: 1 }, 'body')).toBe('body.k\u0000');
    expect(nulField(Object.assign(Object.create(null), { keyword: '\u0000' }), 'query')).toBe('query.keyword');
    expect(nulField({ a: 'ok', n: 3, b: [true, null] }, 'body')).toBeUndefined();
  });

  it('in a body is a 400 on the field, and nothing is written', async () => {
    const district = await t.as('district');
    const before = await t.db.selectFrom('open311_api_key').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await district.post('/api/v1/open311-keys', { name: '城关区\u0000服务', territoryId: t.fixture.node.chengguan });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([{ field: 'body.name', message: '不能包含空字符（U+0000）' }]);
    const after = await t.db.selectFrom('open311_api_key').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('in a query or a path is a 400 too, in Open311’s own error format there', async () => {
    const community = await t.as('community');
    const listed = await community.get('/api/v1/party-members?keyword=%00');
    expect(listed.status).toBe(400);
    expect(fields(listed)[0]?.field).toBe('query.keyword');
    const token = await t.agent().get('/open311/v2/tokens/%00.json');
    expect(token.status).toBe(400);
    expect(token.body).toEqual([{ code: 400, description: expect.stringContaining('空字符') }]);
  });
});

describe('required text of spaces', () => {
  it('is a 400 saying it must not be blank, once per field', async () => {
    const district = await t.as('district');
    const blank = await district.post('/api/v1/open311-keys', { name: '   ', territoryId: t.fixture.node.chengguan });
    expect(blank.status).toBe(400);
    expect(fields(blank)).toEqual([{ field: 'body.name', message: '不能为空白' }]);
    const empty = await district.post('/api/v1/open311-keys', { name: '', territoryId: t.fixture.node.chengguan });
    expect(fields(empty)).toEqual([{ field: 'body.name', message: '至少 1 个字符' }]);
    const english = await district.post('/api/v1/open311-keys', { name: '\u3000', territoryId: t.fixture.node.chengguan }, { 'accept-language': 'en-US' });
    expect(fields(english)).toEqual([{ field: 'body.name', message: 'must not be blank' }]);
  });
});

describe('numbers and dates past what the columns hold', () => {
  it('a version beyond int4 is a 400 on the field', async () => {
    const district = await t.as('district');
    const key = await district.post('/api/v1/open311-keys', { name: '城关区城市服务', territoryId: t.fixture.node.chengguan });
    expect(key.status).toBe(201);
    const res = await district.patch(`/api/v1/open311-keys/${key.body.id}`, { enabled: false, version: 2_147_483_648 });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([{ field: 'body.version', message: '不能大于 2147483647' }]);
  });

  it('a day or an instant outside 1900–2999 is a 400 naming the years allowed, on overviews, the audit log and the case list', async () => {
    const community = await t.as('community');
    const overview = await community.get(`/api/v1/meetings/overview?nodeId=${t.fixture.node.changjiaxiang}&from=0001-01-01`);
    expect(overview.status).toBe(400);
    expect(fields(overview)).toEqual([{ field: 'query.from', message: '年份应在 1900—2999 之间' }]);
    const admin = await t.as('admin');
    const audit = await admin.get('/api/v1/audit?from=0001-01-01');
    expect(audit.status).toBe(400);
    expect(fields(audit)[0]?.field).toBe('query.from');
    expect((await community.get(`/api/v1/meetings/overview?nodeId=${t.fixture.node.changjiaxiang}&from=2026-01-01`)).status).toBe(200);
    const instant = await community.get('/api/v1/cases?from=9999-12-31T00:00:00Z');
    expect(fields(instant)).toEqual([{ field: 'query.from', message: '年份应在 1900—2999 之间' }]);
  });
});
