import { apiPost, caseStatus, fireAction, modal, offeredActions, openCase, recordCase, timeline } from './lib-cases.mjs';
import { apiGet, assert, login, menuItems, test } from './lib.mjs';

/**
 * A joint case (联合哨) through the console, person by person: the community
 * records and accepts it, the street dispatches it to 城关区住建局, the
 * department's `dept` signs for it and replies, the community verifies and
 * publishes the result. Each test picks up where the previous one stopped.
 */
const DESCRIPTION = `畅家巷小区3号楼外墙瓷砖脱落，存在安全隐患（e2e ${Date.now()}）`;
let recorded = null;

test('community staff record a case from a visit and accept it as 联合哨', async ({ page }) => {
  await login(page, 'community');
  const items = await menuItems(page);
  assert.ok(items.some((text) => text.includes('诉求管理')), `menu lacks 诉求管理: ${items.join(', ')}`);
  assert.ok(!items.some((text) => text.includes('职能部门')), 'community staff see 职能部门');

  recorded = await recordCase(page, { description: DESCRIPTION, reporterName: '李大爷', reporterPhone: '13912345678', address: '3号楼东侧' });
  assert.match(recorded.trackingNo, /^GZ\d{8}-\d{6}$/);
  assert.equal(await caseStatus(page), '待受理');
  assert.equal((await page.getByTestId('case-phone').innerText()).trim(), '139****5678');
  await page.getByTestId('case-phone-reveal').click();
  await page.getByTestId('case-phone').filter({ hasText: '13912345678' }).waitFor();

  assert.deepEqual((await offeredActions(page)).sort(), ['accept', 'merge', 'reject']);
  await fireAction(page, 'accept', { tier: '联合哨', note: '涉及住建部门' });
  assert.equal(await caseStatus(page), '已立案');
  // The community does not dispatch a joint case: the street does.
  assert.ok(!(await offeredActions(page)).includes('dispatch'));

  // The queue finds it by tracking number.
  await page.goto('/cases');
  await page.getByTestId('case-link').first().waitFor();
  const searched = page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.url().includes(`keyword=${recorded.trackingNo}`));
  await page.getByTestId('cases-keyword').fill(recorded.trackingNo);
  await page.getByTestId('cases-keyword').press('Enter');
  await searched;
  await page.getByTestId('case-link').filter({ hasText: recorded.trackingNo }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('case-link').count(), 1);
  assert.equal((await page.locator('.ant-pagination-total-text').innerText()).trim(), '第 1-1 条/共 1 条');
  // The export sends the same filters and downloads an .xlsx.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cases-export').click()]);
  assert.match(download.suggestedFilename(), /^诉求_\d{4}-\d{2}-\d{2}\.xlsx$/);
});

test('the street dispatches it to 城关区住建局 with 城关区水务局 assisting', async ({ page }) => {
  assert.ok(recorded, 'no case from the previous test');
  await login(page, 'street');
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('pending-list').getByText('待派遣').waitFor();
  await page.keyboard.press('Escape');
  await openCase(page, recorded.id);
  await fireAction(page, 'dispatch', { lead: '城关区住建局', assist: ['城关区水务局'] });
  assert.equal(await caseStatus(page), '已派遣');
  const assignments = await page.getByTestId('case-assignments').innerText();
  assert.ok(assignments.includes('城关区住建局') && assignments.includes('城关区水务局'), assignments);
});

test('the department signs for it (报到) and replies (办结)', async ({ page }) => {
  assert.ok(recorded);
  await login(page, 'dept');
  // Department staff open on the cases assigned to them.
  await page.goto('/cases');
  await page.getByTestId('case-link').filter({ hasText: recorded.trackingNo }).click();
  await page.waitForURL(new RegExp(`/cases/${recorded.id}$`));
  await page.getByTestId('case-tracking-no').waitFor();
  assert.deepEqual((await offeredActions(page)).sort(), ['escalate', 'extension_request', 'return', 'sign']);
  await fireAction(page, 'sign');
  assert.equal(await caseStatus(page), '办理中');
  // Signed within the limit: no 超时 beside the time.
  assert.equal(await page.getByTestId('assignment-late').count(), 0);
  assert.ok((await offeredActions(page)).includes('extension_request'));
  await fireAction(page, 'reply', { text: '已组织施工队清除松动瓷砖并设置围挡，外墙修复完成' });
  assert.equal(await caseStatus(page), '已答复');
  assert.ok((await page.getByTestId('case-reply').innerText()).includes('外墙修复完成'));
});

test('community staff verify it with 公开反馈, and the timeline shows every step', async ({ page }) => {
  assert.ok(recorded);
  await login(page, 'community');
  await openCase(page, recorded.id);
  assert.deepEqual((await offeredActions(page)).sort(), ['verify_fail', 'verify_pass']);
  await fireAction(page, 'verify_pass', { feedback: 'public', note: '现场核实已修复' });
  assert.equal(await caseStatus(page), '已办结');
  assert.equal((await page.getByTestId('case-feedback').innerText()).trim(), '公开反馈');
  // The round that closed the case reads 已办结, not 当前.
  assert.deepEqual(await page.getByTestId('assignment-state').allInnerTexts(), ['已办结', '已办结']);

  const steps = await timeline(page);
  assert.deepEqual(steps.map((s) => s.action), ['submit', 'accept', 'dispatch', 'sign', 'reply', 'verify_pass']);
  assert.ok(steps[1].text.includes('联合哨') && steps[1].text.includes('涉及住建部门'), steps[1].text);
  assert.ok(steps[3].text.includes('城关区住建局（演示）'), steps[3].text);
  assert.ok(steps[5].text.includes('公开反馈'), steps[5].text);

  // Published on the community's public board, without the reporter.
  const board = await apiGet(page, `/api/v1/public/communities/${(await apiGet(page, `/api/v1/cases/${recorded.id}`)).communityId}/cases`);
  const row = board.data.find((r) => r.id === recorded.id);
  assert.ok(row, 'the case is not on the public board');
  assert.ok(!JSON.stringify(row).includes('李大爷'));
});

/**
 * A routine case (常规哨) that the grid cannot solve: the grid worker records
 * it, the community dispatches it back to them, they return it (退单), and the
 * community blows the whistle (吹哨) to 联合哨.
 */
let routine = null;

test('a grid worker records a case in their grid; the community dispatches it to them', async ({ page, context }) => {
  await login(page, 'grid');
  routine = await recordCase(page, { channel: '网格上报', category: '公共设施', description: `第一网格路灯损坏三盏，夜间出行不便（e2e ${Date.now()}）`, place: '第一网格' });
  assert.equal(await caseStatus(page), '待受理');
  await context.clearCookies();

  await login(page, 'community');
  await openCase(page, routine.id);
  await fireAction(page, 'accept', { tier: '常规哨' });
  await fireAction(page, 'dispatch', { assignee: '网格员' });
  assert.equal(await caseStatus(page), '已派遣');
  assert.ok((await page.getByTestId('case-assignments').innerText()).includes('网格员'));
});

test('the grid worker returns it (退单) and the community escalates it to 联合哨', async ({ page, context }) => {
  assert.ok(routine, 'no case from the previous test');
  await login(page, 'grid');
  await openCase(page, routine.id);
  await fireAction(page, 'return', { reason: '非本部门职责', note: '路灯归城管部门维护' });
  assert.equal(await caseStatus(page), '已立案');
  await context.clearCookies();

  await login(page, 'community');
  await openCase(page, routine.id);
  assert.ok((await offeredActions(page)).includes('escalate'));
  await fireAction(page, 'escalate', { reason: '网格内无法解决，需城管部门协同' });
  assert.equal(await caseStatus(page), '已立案');
  assert.equal((await page.locator('.ant-page-header-heading-tags [data-testid="case-tier"]').innerText()).trim(), '联合哨');
  const steps = await timeline(page);
  assert.deepEqual(steps.map((s) => s.action), ['submit', 'accept', 'dispatch', 'return', 'escalate']);
  assert.ok(steps[3].text.includes('非本部门职责') && steps[3].text.includes('路灯归城管部门维护'), steps[3].text);
  assert.ok(steps[4].text.includes('联合哨'), steps[4].text);
});

test('a step on a case someone else just changed says 已被他人修改，请刷新 and shows the case as it is', async ({ page }) => {
  await login(page, 'community');
  const [root] = await (await page.request.get('/api/v1/territory/roots')).json();
  const created = await apiPost(page, '/api/v1/cases', { communityId: root.id, channel: 'hotline', categoryCode: 'environment', description: '单元门口积水结冰，老人出行危险' });
  await openCase(page, created.id);
  // Meanwhile a colleague accepts it.
  await apiPost(page, `/api/v1/cases/${created.id}/accept`, { version: created.version, tier: 'routine' });
  await page.getByTestId('action-reject').click();
  await modal(page).waitFor({ state: 'visible' });
  await page.locator('#action-reason').fill('不属于受理范围');
  await modal(page).getByTestId('action-submit').click();
  await page.getByText('已被他人修改，请刷新').waitFor();
  await page.waitForFunction(() => document.querySelector('.ant-page-header-heading-tags [data-testid="case-status"]')?.textContent === '已立案');
  assert.equal(await page.getByTestId('action-reject').count(), 0);
});

test('a list that cannot be loaded says so instead of showing an empty table', async ({ page }) => {
  await login(page, 'community');
  const queue = (url) => url.pathname === '/api/v1/cases';
  await page.route(queue, (route) => route.abort('internetdisconnected'));
  await page.goto('/cases');
  await page.locator('.ant-message').getByText('无法连接服务器，请检查网络后重试').waitFor();
  assert.equal(await page.getByTestId('case-link').count(), 0);
  // Back online, the same page lists the cases again.
  await page.unroute(queue);
  await page.reload();
  await page.getByTestId('case-link').first().waitFor();
});
