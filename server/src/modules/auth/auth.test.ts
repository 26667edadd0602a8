import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_LOOKUP_COLUMNS } from '../../platform/auth/sessions.js';
import { FIXTURE_PASSWORD, testApp, type TestContext } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('login', () => {
  it('starts a session and /me returns roles and permissions', async () => {
    const agent = await t.as('street');
    const me = await agent.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('street');
    expect(me.body.roles).toEqual([
      expect.objectContaining({ role: 'street_staff', territoryId: t.fixture.node.jiuquanlu, territoryName: '酒泉路街道', communityId: null, communityName: null }),
    ]);
    expect(me.body.permissions).toContain('territory:write');
    expect(me.body.permissions).not.toContain('audit:read');
  });

  it('names the community a role works in, from its own node or the one above a grid', async () => {
    for (const username of ['community', 'grid']) {
      const me = await (await t.as(username)).get('/api/v1/me');
      expect(me.body.roles, username).toEqual([expect.objectContaining({ communityId: t.fixture.node.changjiaxiang, communityName: '畅家巷社区' })]);
    }
  });

  it('rejects a wrong password with a zh-CN message', async () => {
    const res = await t.agent().post('/api/v1/auth/login', { username: 'community', password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe('用户名或密码错误');
  });

  it('answers in English when asked', async () => {
    const res = await t.agent().post('/api/v1/auth/login', { username: 'nobody', password: 'x' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('Wrong username or password');
  });

  it('locks the account after five wrong passwords, even for the right one, and logs it', async () => {
    const agent = t.agent();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await agent.post('/api/v1/auth/login', { username: 'volunteer', password: `bad-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await agent.post('/api/v1/auth/login', { username: 'volunteer', password: FIXTURE_PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.detail).toMatch(/已锁定.*1[45] 分钟/);
    const log = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(t.fixture.user.volunteer)).execute();
    expect(log.map((r) => r.action)).toContain('auth.locked');
  });

  it('rejects unknown fields and malformed JSON', async () => {
    const extra = await t.agent().post('/api/v1/auth/login', { username: 'a', password: 'b', remember: true });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ field: 'body.remember', message: '不允许的字段' }]);
    const malformed = await t.agent().request('POST', '/api/v1/auth/login', '{"username":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');
  });

  it('rejects a body over 1 MB', async () => {
    const res = await t.agent().post('/api/v1/auth/login', { username: 'a', password: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('body_too_large');
  });
});

describe('sessions', () => {
  it('needs the CSRF header for cookie-authenticated writes', async () => {
    const agent = await t.as('grid');
    const csrf = agent.csrf;
    agent.csrf = undefined;
    const res = await agent.post('/api/v1/auth/logout');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
    agent.csrf = csrf;
    expect((await agent.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await agent.get('/api/v1/me')).body).toBeNull();
  });

  it('expires an idle session', async () => {
    const agent = await t.as('member');
    await t.db.updateTable('user_session').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).execute();
    const res = await agent.get('/api/v1/cases');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('session_expired');
    // Who am I: nobody, and the dead cookie is cleared.
    const me = await agent.get('/api/v1/me');
    expect([me.status, me.body]).toEqual([200, null]);
    expect(String(me.headers['set-cookie'])).toMatch(/^gz_session=; Max-Age=0; Path=\//);
  });

  it('sets an HttpOnly SameSite cookie and security headers', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dept', password: FIXTURE_PASSWORD } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('reads every field the session needs from session_lookup(), which states them', async () => {
    const { rows } = await sql<{ result: string }>`SELECT pg_get_function_result('session_lookup(text)'::regprocedure) AS result`.execute(t.db);
    const columns = /^TABLE\((.*)\)$/.exec(rows[0]!.result)![1]!.split(', ').map((c) => c.split(' ')[0]);
    expect(columns).toEqual([...SESSION_LOOKUP_COLUMNS]);
  });

  it('sends the same security headers on refusals and unknown paths', async () => {
    const expected = {
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
        "img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';" +
        "style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const url of ['/api/v1/cases', '/api/v1/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers).toMatchObject(expected);
    }
  });
});

describe('change password', () => {
  it('enforces the policy and keeps this session while ending others', async () => {
    const first = await t.as('unit');
    const second = await t.as('unit');
    const weak = await first.post('/api/v1/auth/password', { currentPassword: FIXTURE_PASSWORD, newPassword: 'abcdefgh' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('body.newPassword');
    const ok = await first.post('/api/v1/auth/password', { currentPassword: FIXTURE_PASSWORD, newPassword: 'New#Pass2026' });
    expect(ok.status).toBe(200);
    expect((await first.get('/api/v1/me')).status).toBe(200);
    expect((await second.get('/api/v1/me')).body).toBeNull();
    await expect(t.as('unit')).rejects.toThrow(/401/);
    expect((await t.agent().login('unit', 'New#Pass2026')).csrf).toBeTruthy();
  });
});
