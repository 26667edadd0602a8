import { assert, login, menuItems, test } from './lib.mjs';

const has = (items, label) => items.some((text) => text.includes(label));

test('admin sees account management, audit log and dictionaries', async ({ page }) => {
  await login(page, 'admin');
  const items = await menuItems(page);
  for (const label of ['账号管理', '审计日志', '数据字典']) assert.ok(has(items, label), `admin menu lacks ${label}: ${items.join(', ')}`);
});

test('a grid worker sees territory but not accounts or the audit log', async ({ page }) => {
  await login(page, 'grid');
  const items = await menuItems(page);
  assert.ok(has(items, '辖区管理'), `grid menu lacks 辖区管理: ${items.join(', ')}`);
  for (const label of ['账号管理', '审计日志']) assert.ok(!has(items, label), `grid menu shows ${label}: ${items.join(', ')}`);
  // Typing the address does not help either: the API refuses.
  const response = await page.request.get('/api/v1/audit');
  assert.equal(response.status(), 403);
});

test("the menu marks only the page's own entry, not the entries whose path prefixes it", async ({ page }) => {
  await login(page, 'community');
  const selected = () => page.locator('.ant-pro-sider .ant-menu-item-selected').allInnerTexts();
  await page.goto('/meetings/topics');
  await page.getByTestId('menu-meeting-topics').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.ant-pro-sider .ant-menu-item-selected').length > 0);
  assert.deepEqual((await selected()).map((s) => s.trim()), ['议题池']);
  await page.goto('/meetings');
  await page.waitForFunction(() => [...document.querySelectorAll('.ant-pro-sider .ant-menu-item-selected')].some((e) => e.textContent?.includes('会议')));
  assert.deepEqual((await selected()).map((s) => s.trim()), ['会议']);
});
