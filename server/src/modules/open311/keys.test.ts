import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let district: Agent;
beforeAll(async () => {
  t = await testApp();
  district = await t.as('district');
});
afterAll(() => t.close());

describe('Open311 API keys', () => {
  it('shows the key once, stores only its hash, and audits the creation', async () => {
    const res = await district.post('/api/v1/open311-keys', { name: '城关区城市服务', territoryId: t.fixture.node.chengguan, ratePerMinute: 60 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '城关区城市服务', territoryName: '城关区', enabled: true, ratePerMinute: 60, lastUsedAt: null });
    expect(res.body.key).toMatch(/^gz311_[A-Za-z0-9_-]{32}$/);
    expect(res.body.keyPrefix).toBe(res.body.key.slice(0, 12));
    const row = await t.db.selectFrom('open311_api_key').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(crypto.createHash('sha256').update(res.body.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    const again = await district.get(`/api/v1/open311-keys/${res.body.id}`);
    expect(again.body.key).toBeUndefined();
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'open311.key_create').where('entity_id', '=', String(res.body.id)).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ territory_id: t.fixture.node.chengguan, actor_id: t.fixture.user.district });
    expect(JSON.stringify(audit)).not.toContain(res.body.key);
  });

  it('scopes keys to the administrator’s area', async () => {
    const outside = await district.post('/api/v1/open311-keys', { name: '七里河', territoryId: t.fixture.node.qilihe });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('body.territoryId');
    const city = await t.as('city');
    const theirs = await city.post('/api/v1/open311-keys', { name: '七里河区政务平台', territoryId: t.fixture.node.qilihe });
    expect(theirs.status).toBe(201);
    const mine = await district.get('/api/v1/open311-keys');
    expect(mine.body.data.map((k: { name: string }) => k.name)).toEqual(['城关区城市服务']);
    expect((await city.get('/api/v1/open311-keys')).body.total).toBe(2);
    expect((await district.get(`/api/v1/open311-keys/${theirs.body.id}`)).status).toBe(404);
    expect((await district.patch(`/api/v1/open311-keys/${theirs.body.id}`, { enabled: false, version: 1 })).status).toBe(404);
  });

  it('needs open311:admin', async () => {
    for (const who of ['street', 'community']) {
      const agent = await t.as(who);
      expect((await agent.get('/api/v1/open311-keys')).status).toBe(403);
      expect((await agent.post('/api/v1/open311-keys', { name: 'x', territoryId: t.fixture.node.changjiaxiang })).status).toBe(403);
    }
  });

  it('disables and re-enables a key with the version it read, audited', async () => {
    const [key] = (await district.get('/api/v1/open311-keys?keyword=城关')).body.data;
    const off = await district.patch(`/api/v1/open311-keys/${key.id}`, { enabled: false, version: key.version });
    expect(off.body).toMatchObject({ enabled: false, version: key.version + 1 });
    expect((await district.patch(`/api/v1/open311-keys/${key.id}`, { enabled: true, version: key.version })).status).toBe(409);
    expect((await district.get('/api/v1/open311-keys?enabled=false')).body.data.map((k: { id: number }) => k.id)).toEqual([key.id]);
    const audits = await t.db.selectFrom('audit_log').select('summary').where('action', '=', 'open311.key_update').where('entity_id', '=', String(key.id)).execute();
    expect(audits.map((a) => a.summary)).toEqual(['停用 Open311 接口密钥“城关区城市服务”']);
  });

  it('records when a key was last used', async () => {
    const created = await district.post('/api/v1/open311-keys', { name: '使用记录', territoryId: t.fixture.node.changjiaxiang });
    await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: created.body.key, service_code: 'other', description: '咨询' } });
    expect((await district.get(`/api/v1/open311-keys/${created.body.id}`)).body.lastUsedAt).not.toBeNull();
  });
});
