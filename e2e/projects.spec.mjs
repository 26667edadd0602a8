/**
 * 三社联动 in the browser: 畅家巷社区 applies for a project, the street approves it, the
 * community assigns a social organisation, records a milestone and spending on a budget
 * line, completes it; a resident rates it on the H5 page; the community rates the
 * undertaker and archives it, which puts the results on the public board.
 */
import { apiGet, assert, login, test } from './lib.mjs';
import { dialogClosed, modal, pickOption } from './lib-cases.mjs';
import { phoneContext, residentLogin, staffApi } from './lib-resident.mjs';

const state = { id: 0 };
const TITLE = '楼院"邻里守望"志愿服务';
const RESIDENT = '13612340066';

const statusIs = (page, text) => page.locator('.ant-page-header-heading-tags [data-testid="project-status"]').filter({ hasText: text }).waitFor();

async function act(page, action, fill = async () => undefined) {
  await page.getByTestId(`action-${action}`).click();
  await modal(page).waitFor();
  await fill(modal(page));
  await page.getByTestId('action-submit').click();
  await dialogClosed(page);
}

test('community staff apply for a project with a budget line', async ({ page }) => {
  await login(page, 'community');
  await page.goto('/projects/new');
  await page.locator('#title').fill(TITLE);
  await page.locator('#goal').fill('组织楼院志愿者结对帮扶独居老人，每周上门探访两次');
  await page.locator('#beneficiaries').fill('畅家巷小区独居老人 30 户');
  await page.locator('#lines_0_name').fill('志愿者保险和交通补贴');
  await page.locator('#lines_0_amount').fill('8000');
  await page.getByTestId('project-submit').click();
  await page.waitForURL(/\/projects\/\d+$/);
  state.id = Number(/projects\/(\d+)$/.exec(page.url())[1]);
  await statusIs(page, '待审批');
});

test('the street approves it (政府审批)', async ({ page }) => {
  await login(page, 'street');
  await page.goto(`/projects/${state.id}`);
  await act(page, 'approve', (m) => m.locator('#comment').fill('同意，按申报预算执行'));
  await statusIs(page, '已批准');
});

test('the community assigns an undertaker, records progress and spending, completes; a resident rates it; it is archived', async ({ page, context, baseURL }) => {
  await login(page, 'community');
  await page.goto(`/projects/${state.id}`);
  await act(page, 'assign', () => pickOption(page, 'unitId', '阳光社会工作服务中心', { search: false }));
  await statusIs(page, '执行中');
  await act(page, 'milestone', async (m) => {
    await m.locator('#title').fill('完成结对和首轮探访');
    await m.locator('#progress').fill('100');
  });
  await act(page, 'expense', async (m) => {
    await pickOption(page, 'lineId', '志愿者保险', { search: false });
    await m.locator('#amount').fill('2500');
    await m.locator('#memo').fill('志愿者意外保险 25 人');
  });
  await page.getByTestId('project-expenses').getByText('志愿者意外保险 25 人').waitFor();
  assert.ok((await page.getByTestId('project-lines').innerText()).includes('5,500.00'), 'the line shows what is left');
  await act(page, 'complete', (m) => m.locator('#summary').fill('30 户老人全部结对，累计探访 240 人次'));
  await statusIs(page, '已完成');

  // 居民评价 on the phone.
  const phone = await phoneContext(context.browser(), baseURL);
  const admin = await staffApi(context.browser(), baseURL, 'admin');
  try {
    const h5 = await phone.newPage();
    await h5.goto(`/h5/projects/${state.id}`);
    await h5.getByTestId('h5-project').waitFor();
    await residentLogin(h5, admin, RESIDENT);
    for (const d of ['content', 'service', 'management']) await h5.getByTestId(`h5-score-${d}-5`).click();
    await h5.getByTestId('h5-project-rate-submit').click();
    await h5.getByTestId('h5-project-message').waitFor();
  } finally {
    await admin.close();
    await phone.close();
  }

  // The community rates the undertaker and archives.
  await page.reload();
  await page.getByTestId('project-ratings').getByText('5').first().waitFor();
  await act(page, 'evaluate', async (m) => {
    await m.locator('.ant-rate-star').nth(4).click();
    await m.locator('.ant-rate-star-full').nth(4).waitFor(); // the fifth star lit: the click was taken
  });
  await act(page, 'archive');
  await statusIs(page, '已归档');
  await page.getByTestId('project-timeline').getByText('归档并公示结果').waitFor();
  const project = await apiGet(page, `/api/v1/projects/${state.id}`);
  assert.equal(project.ratings.count, 1);
  assert.ok(project.noticeId, 'results published');
  const ledger = await apiGet(page, `/api/v1/funds/communities/${project.communityId}`);
  assert.equal(ledger.total, 0);
});
