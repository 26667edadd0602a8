import { DEMO_PASSWORD, assert, login, menuItems, submitLogin, test } from './lib.mjs';

test('a wrong password shows the error in Chinese and stays on the login page', async ({ page }) => {
  await page.goto('/');
  // An anonymous visitor is sent to the login form.
  await page.waitForURL(/\/login/);
  await submitLogin(page, 'street', 'Wrong#Password1');
  const error = page.getByTestId('login-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.innerText(), /用户名或密码错误/);
  assert.match(new URL(page.url()).pathname, /^\/login/);
});

test('the right password lands on the console', async ({ page }) => {
  await login(page, 'street');
  assert.doesNotMatch(new URL(page.url()).pathname, /^\/login/);
  const items = await menuItems(page);
  assert.ok(items.some((text) => text.includes('辖区管理')), `menu: ${items.join(', ')}`);
  // The session is real: the API answers for the logged-in account.
  const me = await (await page.request.get('/api/v1/me')).json();
  assert.equal(me.username, 'street');
});

test('a session that expires while the console is open sends the user to sign in, saying why, and back', async ({ page }) => {
  await login(page, 'community');
  // The server's answer to a request after the idle limit, when it has deleted the session
  // (sessions > expires an idle session, in the server tests).
  const expired = async (route) => {
    await page.context().clearCookies();
    await route.fulfill({ status: 401, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: '登录已过期，请重新登录', status: 401, code: 'session_expired' }) });
  };
  const queue = (url) => url.pathname === '/api/v1/cases';
  await page.route(queue, expired);
  await page.goto('/cases');
  await page.waitForURL(/\/login\?redirect=%2Fcases/);
  assert.equal((await page.getByTestId('login-expired').innerText()).trim(), '登录已过期，请重新登录');
  await page.unroute(queue, expired);
  await submitLogin(page, 'community', DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/cases');
  assert.equal(await page.getByTestId('login-expired').count(), 0);
});
