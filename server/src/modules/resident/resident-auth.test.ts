import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { buildApp } from '../../app.js';
import { loggerOptions } from '../../platform/logging.js';
import { testApp, type TestContext } from '../../../test/harness.js';
import { CODE_ATTEMPTS, CODES_PER_IP_HOUR } from './auth.js';
import { latestCode, ResidentAgent } from './test-support.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** Moves a phone's codes back in time, as if the resend wait had passed. */
const age = (phone: string, seconds: number) =>
  sql`UPDATE resident_code SET created_at = created_at - make_interval(secs => ${seconds}) WHERE phone = ${phone}`.execute(t.db);

describe('resident login by phone code', () => {
  it('keeps the code in the outbox, stores only its hash, and opens a resident session', async () => {
    const phone = '13900000001';
    const resident = new ResidentAgent(t);
    const sent = await resident.post('/api/v1/resident/auth/code', { phone });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ sentTo: '139****0001', expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = await latestCode(t, phone);
    const stored = await t.db.selectFrom('resident_code').selectAll().where('phone', '=', phone).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(300_000);

    const login = await resident.post('/api/v1/resident/auth/login', { phone, code });
    expect(login.status).toBe(200);
    expect(login.body.phone).toBe('139****0001');
    expect(String(login.headers['set-cookie'])).toMatch(/gz_resident=.+; Max-Age=604800; Path=\/api\/v1\/resident; HttpOnly; SameSite=Lax/);
    resident.csrf = login.body.csrfToken;
    expect((await resident.get('/api/v1/resident/me')).body).toEqual({ phone: '139****0001', csrfToken: login.body.csrfToken });
    // The code is spent.
    expect((await new ResidentAgent(t).post('/api/v1/resident/auth/login', { phone, code })).body.errors).toEqual([
      { field: 'body.code', message: '验证码已失效，请重新获取' },
    ]);
    const audit = await t.db.selectFrom('audit_log').select(['actor_name', 'summary']).where('action', '=', 'resident.login').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_name: '居民 139****0001', summary: '居民 139****0001 通过验证码登录' });
  });

  it('refuses writes without the CSRF token, and logs out', async () => {
    const resident = await new ResidentAgent(t).login('13900000002');
    const csrf = resident.csrf;
    resident.csrf = undefined;
    expect((await resident.post('/api/v1/resident/auth/logout')).status).toBe(403);
    resident.csrf = csrf;
    expect((await resident.post('/api/v1/resident/auth/logout')).status).toBe(200);
    const after = await resident.get('/api/v1/resident/me');
    expect([after.status, after.body]).toEqual([200, null]);
  });

  it('says a session expired, then answers null for it and clears its cookie', async () => {
    const resident = await new ResidentAgent(t).login('13900000014');
    await t.db.updateTable('resident_session').set({ expires_at: new Date(Date.now() - 1000) }).where('phone', '=', '13900000014').execute();
    const cases = await t.app.inject({ method: 'GET', url: '/api/v1/resident/cases', headers: { cookie: resident.cookie! } });
    expect([cases.statusCode, cases.json().code]).toEqual([401, 'session_expired']);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/resident/me', headers: { cookie: resident.cookie! } });
    expect([me.statusCode, me.body]).toEqual([200, 'null']);
    expect(String(me.headers['set-cookie'])).toMatch(/^gz_resident=; Max-Age=0; Path=\/api\/v1\/resident/);
  });

  it('keeps resident and staff sessions apart', async () => {
    const resident = await new ResidentAgent(t).login('13900000003');
    // The resident cookie is no staff session …
    const staffApi = await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: resident.cookie! } });
    expect(staffApi.statusCode).toBe(401);
    // … and a staff session is no resident one, nor does its CSRF check get in the way of the resident's writes.
    const staff = await t.as('community');
    const both = `${staff.cookie}; ${resident.cookie}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/resident/me', headers: { cookie: staff.cookie! } })).body).toBe('null');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/resident/cases', headers: { cookie: staff.cookie! } })).statusCode).toBe(401);
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/resident/auth/logout', headers: { cookie: both, 'x-csrf-token': resident.csrf! } });
    expect(write.statusCode).toBe(200);
  });

  it('refuses a number that is not a mainland mobile', async () => {
    for (const phone of ['12345678901', '1390000000', '139000000011', '+8613900000000']) {
      const res = await new ResidentAgent(t).post('/api/v1/resident/auth/code', { phone });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('body.phone');
    }
  });

  it('sends a phone one code a minute and five an hour', async () => {
    const phone = '13900000004';
    const resident = new ResidentAgent(t, '10.0.0.4');
    expect((await resident.post('/api/v1/resident/auth/code', { phone })).status).toBe(200);
    const again = await resident.post('/api/v1/resident/auth/code', { phone });
    expect(again.status).toBe(429);
    expect(again.body.errors[0]).toEqual({ field: 'body.phone', message: expect.stringMatching(/^验证码已发送，请 \d+ 秒后再试$/) });
    for (let i = 0; i < 4; i++) {
      await age(phone, 61);
      expect((await resident.post('/api/v1/resident/auth/code', { phone })).status).toBe(200);
    }
    await age(phone, 61);
    const sixth = await resident.post('/api/v1/resident/auth/code', { phone });
    expect(sixth.status).toBe(429);
    expect(sixth.body.errors[0].message).toBe('该手机号获取验证码次数过多，请 1 小时后再试');
  });

  it('sends one address at most twenty codes an hour, whatever the numbers', async () => {
    const resident = new ResidentAgent(t, '10.0.0.99');
    for (let i = 0; i < CODES_PER_IP_HOUR; i++) {
      expect((await resident.post('/api/v1/resident/auth/code', { phone: `1370000${String(i).padStart(4, '0')}` })).status).toBe(200);
    }
    const res = await resident.post('/api/v1/resident/auth/code', { phone: '13799999999' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('too_many_requests');
  });

  it('lets a code be guessed five times, then only a new code works', async () => {
    const phone = '13900000005';
    const resident = new ResidentAgent(t, '10.0.0.5');
    await resident.post('/api/v1/resident/auth/code', { phone });
    const code = await latestCode(t, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= CODE_ATTEMPTS; i++) {
      const res = await resident.post('/api/v1/resident/auth/login', { phone, code: wrong });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toBe(i < CODE_ATTEMPTS ? '验证码错误' : '验证码错误次数过多，请重新获取');
    }
    expect((await resident.post('/api/v1/resident/auth/login', { phone, code })).body.errors[0].message).toBe('验证码错误次数过多，请重新获取');
    await age(phone, 61);
    await resident.post('/api/v1/resident/auth/code', { phone });
    // Only the newest code counts.
    expect((await resident.post('/api/v1/resident/auth/login', { phone, code: await latestCode(t, phone) })).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const phone = '13900000006';
    const resident = new ResidentAgent(t, '10.0.0.6');
    await resident.post('/api/v1/resident/auth/code', { phone });
    await t.db.updateTable('resident_code').set({ expires_at: new Date(Date.now() - 1000) }).where('phone', '=', phone).execute();
    const res = await resident.post('/api/v1/resident/auth/login', { phone, code: await latestCode(t, phone) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.code', message: '验证码已失效，请重新获取' }]);
  });

  it('shows the outbox to a system administrator only, masked unless asked for one number (audit-logged)', async () => {
    const admin = await t.as('admin');
    const page = await admin.get('/api/v1/outbox?pageSize=5');
    expect(page.status).toBe(200);
    expect(page.body.data[0].to).toMatch(/^1\d\d\*\*\*\*\d{4}$/);
    const one = await admin.get('/api/v1/outbox?phone=13900000001');
    expect(one.body.data[0]).toMatchObject({ to: '13900000001', kind: 'resident.code', sender: 'outbox' });
    expect(one.body.data[0].text).toMatch(/^【共治】您的验证码是 \d{6}，5 分钟内有效。请勿告诉他人。$/);
    const logged = await t.db.selectFrom('audit_log').select('summary').where('action', '=', 'personal.view').where('entity_type', '=', 'outbox').execute();
    expect(logged).toEqual([{ summary: '查看发往 139****0001 的消息（outbox）' }]);
    expect((await (await t.as('district')).get('/api/v1/outbox')).status).toBe(403);
  });
});

describe('the server log', () => {
  it('says a code went to the outbox, never the number or the code', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const app = await buildApp({ db: t.db, config: t.config, logger: { ...(loggerOptions('info') as object), stream } });
    try {
      const phone = '13900000077';
      const res = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/code', payload: { phone }, remoteAddress: '10.0.0.77' });
      expect(res.statusCode).toBe(200);
      const code = await latestCode(t, phone);
      const login = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/login', payload: { phone, code }, remoteAddress: '10.0.0.77' });
      expect(login.statusCode).toBe(200);
      const log = lines.join('');
      expect(log).toContain('message queued in the outbox');
      expect(log).toContain('"kind":"resident.code"');
      for (const secret of [phone, code, phone.slice(-4) + '"']) expect(log).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
