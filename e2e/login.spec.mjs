import { assert, login, menuItems, submitLogin, test } from './lib.mjs';

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
