import { caseStatus, fireAction, offeredActions, openCase, timeline } from './lib-cases.mjs';
import { apiGet, assert, login, test } from './lib.mjs';
import { communityId, phoneContext, photoFile, rateCase, staffApi, submitCase } from './lib-resident.mjs';

/**
 * The whole flow, person by person: a resident reports a problem with
 * a photo on a phone; the community accepts it as 联合哨; the street dispatches
 * it to 城关区住建局; the department (`dept`) signs for it and replies with a
 * photo through the console; the community verifies; the resident rates it on
 * the phone; the statistics page counts it. Each test picks up where the
 * previous one stopped; the phone keeps its own browser context throughout.
 */
const DESCRIPTION = `2号楼门前下水井盖破损塌陷，晚上有人差点踩空（e2e ${Date.now()}）`;
const RESIDENT_PHONE = '13876543210';
const REPLY = '已更换为防坠落井盖并加装防护网，现场已恢复通行';
let phone = null;
let reported = null;
let statsBefore = null;

const staffTimelinePhotos = (page, action) => page.locator(`[data-testid="timeline-entry"][data-action="${action}"] [data-testid="timeline-photos"] img`);

/** Every image of the locator has loaded (the URLs need the session cookie, so a broken one means no access). */
async function expectLoaded(images, count) {
  assert.equal(await images.count(), count);
  for (let i = 0; i < count; i++) {
    await images.nth(i).evaluate((img) => (img.complete ? null : new Promise((resolve) => img.addEventListener('load', resolve, { once: true }))));
    assert.ok((await images.nth(i).evaluate((img) => img.naturalWidth)) > 0, `image ${i} did not load`);
  }
}

/** Logs `username` in on a clean page: the previous account's cookie goes first. */
async function loginAs(page, username) {
  await page.context().clearCookies();
  await login(page, username);
}

test('a resident reports a problem with a photo on a phone-sized screen', async ({ context, baseURL }) => {
  const browser = context.browser();
  // The community's figures before the flow: this month so far, as its statistics page opens.
  const community = await staffApi(browser, baseURL, 'community');
  const admin = await staffApi(browser, baseURL, 'admin');
  try {
    statsBefore = await community.get('/api/v1/stats/cases');
    phone = await phoneContext(browser, baseURL);
    const page = await phone.newPage();
    assert.equal(page.viewportSize().width, 360);
    reported = await submitCase(page, admin, { community: await communityId(page.request), phone: RESIDENT_PHONE, description: DESCRIPTION });
    assert.match(reported.trackingNo, /^GZ\d{8}-\d{6}$/);
  } finally {
    await admin.close();
    await community.close();
  }
});

test('community staff see the resident’s photo and accept the case as 联合哨', async ({ page }) => {
  assert.ok(reported, 'no case from the previous test');
  await loginAs(page, 'community');
  await openCase(page, reported.caseId);
  assert.equal(await caseStatus(page), '待受理');
  assert.equal((await page.getByTestId('case-description').innerText()).trim(), DESCRIPTION);
  // The resident's photo: on the case and on its 提交 step, each opening the full photo.
  await expectLoaded(page.getByTestId('case-photos').locator('img'), 1);
  await expectLoaded(staffTimelinePhotos(page, 'submit'), 1);
  const [photo] = (await apiGet(page, `/api/v1/cases/${reported.caseId}`)).attachments;
  await page.getByTestId('case-photos').locator('.ant-image').first().click();
  const preview = page.locator('.ant-image-preview-img');
  await preview.waitFor();
  assert.equal(await preview.getAttribute('src'), photo.url);
  await page.keyboard.press('Escape');
  await preview.waitFor({ state: 'hidden' });

  await fireAction(page, 'accept', { tier: '联合哨', note: '井盖属市政设施，需住建部门处置' });
  assert.equal(await caseStatus(page), '已立案');
  assert.ok(!(await offeredActions(page)).includes('dispatch'), 'the community dispatches a joint case');
});

test('the street dispatches it to 城关区住建局', async ({ page }) => {
  assert.ok(reported);
  await loginAs(page, 'street');
  await openCase(page, reported.caseId);
  await fireAction(page, 'dispatch', { lead: '城关区住建局' });
  assert.equal(await caseStatus(page), '已派遣');
  assert.ok((await page.getByTestId('case-assignments').innerText()).includes('城关区住建局'));
});

test('the department signs for it and replies with a photo from the console', async ({ page }) => {
  assert.ok(reported);
  await loginAs(page, 'dept');
  await openCase(page, reported.caseId);
  await fireAction(page, 'sign');
  assert.equal(await caseStatus(page), '办理中');
  await fireAction(page, 'reply', { text: REPLY, photos: [await photoFile('更换后的井盖.jpg')] });
  assert.equal(await caseStatus(page), '已答复');
  assert.ok((await page.getByTestId('case-reply').innerText()).includes(REPLY));

  // The reply's photo sits on its step; the case now holds both photos.
  await expectLoaded(staffTimelinePhotos(page, 'reply'), 1);
  await expectLoaded(page.getByTestId('case-photos').locator('img'), 2);
  const c = await apiGet(page, `/api/v1/cases/${reported.caseId}`);
  assert.deepEqual(c.attachments.map((a) => a.name).sort(), ['更换后的井盖.jpg', '现场照片.jpg'].sort());
});

test('the community verifies it and the resident rates it on the phone', async ({ page }) => {
  assert.ok(reported && phone);
  await loginAs(page, 'community');
  await openCase(page, reported.caseId);
  await fireAction(page, 'verify_pass', { feedback: 'individual', note: '现场核实井盖已更换' });
  assert.equal(await caseStatus(page), '已办结');

  const resident = phone.pages()[0];
  await rateCase(resident, reported.caseId, 'satisfied');
  // The resident sees the department's answer with its photo.
  assert.ok((await resident.getByTestId('h5-reply').innerText()).includes(REPLY));
  await expectLoaded(resident.getByTestId('h5-reply').locator('.photos img'), 1);

  await page.reload();
  await page.getByTestId('case-tracking-no').waitFor();
  const steps = await timeline(page);
  assert.deepEqual(steps.map((s) => s.action), ['submit', 'accept', 'dispatch', 'sign', 'reply', 'verify_pass', 'rate']);
  await expectLoaded(staffTimelinePhotos(page, 'submit'), 1);
  await phone.close();
  phone = null;
});

test('the statistics page counts the case: 登记量 and 满意率 each rose by one', async ({ page }) => {
  assert.ok(reported && statsBefore);
  await loginAs(page, 'community');
  await page.getByRole('menuitem', { name: /数据统计/ }).click();
  await page.waitForURL(/\/stats/);
  await page.getByTestId('stats-kpi-received').waitFor();

  // The same community and period as before the flow.
  const { from, to } = statsBefore.period;
  const after = await apiGet(page, `/api/v1/stats/cases?territoryId=${statsBefore.territory.id}&from=${from}&to=${to}`);
  assert.equal(after.counts.received, statsBefore.counts.received + 1);
  const [was, now] = [statsBefore.rates.satisfactionRate, after.rates.satisfactionRate];
  assert.deepEqual([now.numerator, now.denominator], [was.numerator + 1, was.denominator + 1]);

  // The page shows the API's figures for what it opened on.
  const shown = await apiGet(page, '/api/v1/stats/cases');
  assert.equal(shown.territory.id, statsBefore.territory.id);
  const text = async (testId) => (await page.getByTestId(testId).innerText()).trim();
  await page.waitForFunction((n) => document.querySelector('[data-testid="stats-kpi-received"]')?.textContent?.trim() === String(n), shown.counts.received);
  const rate = shown.rates.satisfactionRate;
  assert.equal(await text('stats-kpi-satisfactionRate-of'), `${rate.numerator} / ${rate.denominator}`);
});
