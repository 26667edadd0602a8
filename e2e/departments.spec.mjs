import { modal, pickOption } from './lib-cases.mjs';
import { assert, login, menuItems, test } from './lib.mjs';

test('the district creates a department and adds a member to it', async ({ page }) => {
  await login(page, 'district');
  const items = await menuItems(page);
  for (const label of ['诉求管理', '职能部门', '办理时限']) assert.ok(items.some((text) => text.includes(label)), `district menu lacks ${label}`);
  await page.getByTestId('menu-departments').click();
  await page.getByText('城关区住建局').first().waitFor();

  await page.getByTestId('dept-create').click();
  const dialog = modal(page);
  await dialog.waitFor({ state: 'visible' });
  // The district administrator's tree starts at 城关区.
  await dialog.getByTestId('dept-territory').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-node-content-wrapper').filter({ hasText: '城关区' }).first().click();
  await page.locator('#dept-name').fill('城关区民政局');
  await page.locator('#dept-code').fill('cg-civil');
  await dialog.locator('.ant-btn-primary').last().click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('tr').filter({ hasText: '城关区民政局' });
  await row.waitFor();

  await row.getByTestId('dept-members').click();
  await pickOption(page, 'dept-member-search', '住建局', { search: false });
  await page.getByTestId('dept-member-add').click();
  await page.locator('.ant-drawer .ant-list-item').filter({ hasText: 'dept' }).waitFor();
  await page.locator('.ant-drawer-close').click();
  await row.locator('td').filter({ hasText: /^1$/ }).waitFor();
});

test('time limits are read-only below the city; the city changes one category', async ({ page, context }) => {
  await login(page, 'district');
  await page.goto('/case-time-limits');
  await page.getByText('仅市级管理员可修改时限').waitFor();
  assert.equal(await page.getByTestId('limit-edit').count(), 0);
  await context.clearCookies();

  await login(page, 'city');
  await page.goto('/case-time-limits');
  const row = page.locator('tr').filter({ hasText: '物业管理' }).first();
  await row.getByText('沿用默认').waitFor();
  await row.getByTestId('limit-edit').click();
  const dialog = modal(page);
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#solveDays').fill('5');
  await dialog.locator('.ant-btn-primary').last().click();
  await dialog.waitFor({ state: 'hidden' });
  await row.getByText('5 天').waitFor();
  assert.equal(await row.getByText('沿用默认').count(), 0);
});
