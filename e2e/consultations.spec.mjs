/**
 * 议事协商 in the browser: community staff open an item for one building, a resident of it
 * gives an opinion on the H5 page (signed in with a phone code read from the outbox), staff
 * run 提→报→商→办→结, the result shows on the public board and the resident rates it.
 */
import { assert, login, test } from './lib.mjs';
import { dialogClosed, modal } from './lib-cases.mjs';
import { communityId, phoneContext, residentLogin, staffApi } from './lib-resident.mjs';

const RESIDENT = '13612349001';
const TITLE = '畅家巷小区楼道杂物清理与电动车充电桩设置';

async function step(page, action, fill = async () => undefined) {
  await page.getByTestId(`consultation-action-${action}`).click();
  await modal(page).waitFor();
  await fill(modal(page));
  await page.getByTestId('step-submit').click();
  await dialogClosed(page);
}

const stepIs = (page, text) => page.getByTestId('consultation-status').filter({ hasText: text }).first().waitFor();

test('a consultation runs 集→提→报→商→办→结 with a resident’s opinion and rating on the phone', async ({ page, context, baseURL }) => {
  await login(page, 'community');
  const community = await communityId(page.request);

  // 集: open the item for the first building of the community.
  await page.goto('/consultations');
  await page.getByTestId('consultation-new').click();
  const dialog = modal(page);
  await dialog.locator('#consultation-title').fill(TITLE);
  await dialog.locator('#consultation-subject').fill('楼道堆放杂物、电动车飞线充电存在消防隐患，拟集中清理并设置充电桩。');
  await dialog.locator('.ant-select-selector').filter({ has: page.locator('input#placeIds') }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
  await dialog.locator('#consultation-title').click();
  await page.getByTestId('consultation-create-submit').click();
  await page.waitForURL(/\/consultations\/\d+$/);
  const id = Number(/consultations\/(\d+)$/.exec(page.url())[1]);
  await stepIs(page, '集·征集意见');

  // A resident of that building gives an opinion on the phone.
  const phone = await phoneContext(context.browser(), baseURL);
  const admin = await staffApi(context.browser(), baseURL, 'admin');
  try {
    const h5 = await phone.newPage();
    // From the community's board, where the stairwell code leads, to the item collecting opinions.
    await h5.goto(`/h5/board/${community}`);
    await h5.getByTestId('board-consultations').locator('li').filter({ hasText: TITLE }).getByTestId('board-consultation').click();
    await h5.waitForURL(new RegExp(`/h5/consultation/${id}$`));
    await residentLogin(h5, admin, RESIDENT);
    await h5.getByTestId('opinion-content').fill('支持清理，充电桩建议装在小区东门车棚');
    await h5.getByTestId('opinion-submit').click();
    await h5.getByTestId('consultation-thanks').waitFor();

    // Staff see it, the phone masked, and run the steps.
    await page.reload();
    await page.getByTestId('opinions-table').getByText('136****9001').waitFor();
    await step(page, 'close_collection');
    await stepIs(page, '提·形成方案');
    await step(page, 'propose', (m) => m.locator('#step-proposal').fill('物业一周内清理楼道杂物；在东门车棚设置 20 个充电桩，按次收费。'));
    await stepIs(page, '报·党组织审核');
    await step(page, 'approve', (m) => m.locator('#step-comment').fill('同意提交议事协商会'));
    await stepIs(page, '商·议事协商');
    await step(page, 'consult', async (m) => {
      await m.locator('#step-place').fill('畅家巷社区居民议事厅');
      await m.locator('#step-participants').fill('张秀兰,委员\n王大爷,利益相关方,1号楼\n兰州城投物业,单位');
      await m.locator('#step-outcome').fill('同意清理楼道并在东门车棚设置充电桩');
      await m.locator('#step-votes-for').fill('9');
    });
    await stepIs(page, '办·组织实施');
    await page.getByTestId('task-add').click();
    await modal(page).locator('#task-title').fill('清理楼道杂物并安装充电桩');
    await modal(page).locator('#task-owner').fill('马玉梅');
    await page.getByTestId('task-submit').click();
    await page.getByTestId('task-done').click();
    await page.getByTestId('task-done').waitFor({ state: 'detached' });
    await step(page, 'conclude', (m) => m.locator('#step-result').fill('楼道杂物已清理完毕，东门车棚 20 个充电桩已投入使用。'));
    await stepIs(page, '结·结果公开');

    // The result is on the public board, and the resident rates it.
    await h5.goto(`/h5/board/${community}`);
    await h5.getByText(`议事协商结果公开：${TITLE}`).first().click();
    await h5.getByTestId('notice-resident-page').click();
    await h5.waitForURL(new RegExp(`/h5/consultation/${id}$`));
    await h5.getByTestId('consultation-result').waitFor();
    await h5.getByTestId('rating-star-4').click();
    await h5.getByTestId('rating-comment').fill('办得快，点赞');
    await h5.getByTestId('rating-submit').click();
    await h5.getByTestId('consultation-thanks').waitFor();
  } finally {
    await admin.close();
    await phone.close();
  }
  await page.reload();
  await page.getByTestId('consultation-rating').filter({ hasText: '4 星' }).waitFor();
  const detail = await (await page.request.get(`/api/v1/consultations/${id}`)).json();
  assert.deepEqual(
    detail.timeline.map((e) => e.action),
    ['create', 'close_collection', 'propose', 'approve', 'consult', 'task_add', 'task_done', 'conclude'],
  );
});
