import { apiGet, assert, downloadSheet, login, test } from './lib.mjs';
import { pickOption, pickTerritory, submitDialog } from './lib-cases.mjs';
import { communityId, phoneContext, residentLogin, staffApi } from './lib-resident.mjs';

const ok = submitDialog;
const UNIT = '城关区税务局酒泉路税务所';

/** Logs `username` in on a clean page: the previous account's cookie goes first. */
async function loginAs(page, username) {
  await page.context().clearCookies();
  await login(page, username);
}

test('a unit registers, staff confirm it, it lists a venue and claims a demand, and staff confirm the claim', async ({ page }) => {
  // 报到登记 by the unit's own contact.
  await login(page, 'unit');
  await page.locator('[role="menuitem"]').filter({ hasText: /^\s*共建单位\s*$/ }).click();
  await page.getByTestId('unit-register').click();
  await pickTerritory(page, 'unit-community', '畅家巷社区');
  await page.locator('#unit-name').fill(UNIT);
  await pickOption(page, 'unit-kind', '机关事业单位', { search: false });
  await page.locator('#unit-party-org').fill('酒泉路税务所党支部');
  await page.locator('#unit-contact-name').fill('何所长');
  await page.locator('#unit-contact-phone').fill('13909315566');
  await page.locator('#unit-offer').fill('会议室（场地）、税务政策讲座');
  await ok(page);
  await page.getByTestId('unit-drawer-status').filter({ hasText: '待确认' }).waitFor();

  // Community staff confirm the registration.
  await loginAs(page, 'community');
  await page.goto('/units');
  await page.getByTestId('unit-link').filter({ hasText: UNIT }).click();
  await page.getByTestId('unit-action-confirm').click();
  await page.getByTestId('unit-drawer-status').filter({ hasText: '已报到' }).waitFor();

  // The unit lists its meeting room (资源清单), open on weekdays 08:00–18:00 by default.
  await loginAs(page, 'unit');
  await page.goto('/resources');
  await page.getByTestId('resource-create').click();
  await pickTerritory(page, 'resource-community', '畅家巷社区');
  await pickOption(page, 'resource-unit', UNIT, { search: false });
  await pickOption(page, 'resource-category', '场地', { search: false });
  await page.locator('#resource-name').fill('税务所二楼会议室');
  await page.locator('#resource-capacity').fill('40');
  await ok(page);
  await page.getByTestId('resource-link').filter({ hasText: '税务所二楼会议室' }).waitFor();

  // It claims an open demand of its street (认领).
  await page.goto('/demands');
  await page.getByTestId('demand-link').filter({ hasText: '重阳节敬老活动需要场地' }).click();
  await page.getByTestId('demand-action-claim').click();
  // The demo account also acts for the social organisation that runs a demo project.
  await pickOption(page, 'demand-claim-unit', UNIT, { search: false });
  await ok(page);
  await page.getByTestId('demand-status').filter({ hasText: '已认领待确认' }).waitFor();
  const { data } = await apiGet(page, '/api/v1/demands?forUnit=true&keyword=重阳节');
  const demand = data[0];
  assert.equal(demand.unitName, UNIT);

  // Staff see the suggestions with their reasons and confirm the claim.
  await loginAs(page, 'community');
  await page.goto(`/demands?id=${demand.id}`);
  const suggestion = page.getByTestId('demand-matches').locator('tr').filter({ hasText: '税务所二楼会议室' }).first();
  await suggestion.waitFor({ timeout: 20_000 });
  assert.ok((await suggestion.innerText()).includes('同一社区'));
  await page.getByTestId('demand-action-confirm_claim').click();
  await ok(page);
  await page.getByTestId('demand-status').filter({ hasText: '实施中' }).waitFor();
  const after = await apiGet(page, `/api/v1/demands/${demand.id}`);
  assert.deepEqual(after.history.map((e) => e.action), ['post', 'claim', 'confirm_claim']);
});

test('a party member registers on the phone from the QR page (双报到), and community staff confirm it', async ({ page, context, baseURL }) => {
  const phone = '13609318866';
  const community = await communityId(page.request);
  const h5Context = await phoneContext(context.browser(), baseURL);
  const admin = await staffApi(context.browser(), baseURL, 'admin');
  const h5 = await h5Context.newPage();
  try {
    await h5.goto(`/h5/c/${community}`);
    await h5.getByTestId('h5-party-member-link').click();
    await residentLogin(h5, admin, phone);
    await h5.getByTestId('h5-member-form').waitFor();
    await h5.getByTestId('h5-member-submit').click();
    await h5.getByTestId('h5-member-error').waitFor(); // nothing filled in: the server names the fields
    await h5.getByTestId('h5-member-name').fill('孙党员');
    const building = h5.getByTestId('h5-member-building');
    await building.locator('option', { hasText: '1号楼' }).first().waitFor({ state: 'attached' });
    await building.selectOption(await building.locator('option', { hasText: '1号楼' }).first().getAttribute('value'));
    await h5.getByTestId('h5-member-employer').fill('兰州市城关区第一小学');
    await h5.getByTestId('h5-member-branch').fill('教工第二党支部');
    await h5.getByTestId('h5-member-submit').click();
    await h5.getByTestId('h5-membership-status').filter({ hasText: '待社区确认' }).waitFor();

    // Staff are told: the notification leads to the members' list.
    await login(page, 'community');
    await page.getByTestId('notification-bell').click();
    await page.locator('.ant-popover .ant-tabs-tab').filter({ hasText: '通知' }).click();
    await page.getByTestId('notification-list').getByText('在职党员 孙党员 向畅家巷社区报到（本人扫码报到），待确认').click();
    await page.waitForURL(/\/party-members$/);
    const row = page.locator('.ant-table-row').filter({ hasText: '孙党员' });
    assert.ok((await row.innerText()).includes('136****8866'), 'the verified number, masked');
    await row.getByTestId('member-confirm').click();
    await row.locator('.ant-tag').filter({ hasText: '已报到' }).waitFor();
    const [roster] = await Promise.all([page.waitForEvent('download'), page.getByTestId('members-export').click()]);
    assert.match(roster.suggestedFilename(), /^在职党员双报到_\d{4}-\d{2}-\d{2}\.xlsx$/);

    await h5.reload();
    await h5.getByTestId('h5-membership-status').filter({ hasText: '已报到' }).waitFor();
  } finally {
    await admin.close();
    await h5Context.close();
  }
});

test('community staff find a 服务纪实 by what was done and export what they found', async ({ page }) => {
  await loginAs(page, 'community');
  await page.goto('/service-records');
  await page.locator('.ant-table-row').first().waitFor();
  const keyword = '纠纷';
  const searched = page.waitForResponse((r) => r.url().includes('/api/v1/service-records?') && r.url().includes(`keyword=${encodeURIComponent(keyword)}`));
  await page.getByTestId('services-keyword').fill(keyword);
  await page.getByTestId('services-keyword').press('Enter');
  await searched;
  const found = await apiGet(page, `/api/v1/service-records?keyword=${encodeURIComponent(keyword)}`);
  assert.ok(found.total > 0, 'the demo has a mediation service');
  await page.waitForFunction((n) => document.querySelectorAll('.ant-table-row').length === n, found.data.length);

  const sheet = await downloadSheet(page, 'services-export');
  assert.match(sheet.filename, /^服务纪实_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const [header, ...rows] = sheet.rows;
  assert.deepEqual(rows.map((r) => r[header.indexOf('服务内容')]), found.data.map((r) => r.title));
});
