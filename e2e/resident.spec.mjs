import { assert, test } from './lib.mjs';
import { closeCase, communityId, phoneContext, rateCase, staffApi, submitCase } from './lib-resident.mjs';

test('a resident reports a problem with a photo from the QR link, follows it and rates it after closure', async ({ context, baseURL }) => {
  const browser = context.browser();
  const phone = await phoneContext(browser, baseURL);
  const admin = await staffApi(browser, baseURL, 'admin');
  try {
    const page = await phone.newPage();
    const community = await communityId(page.request);
    await page.goto(`/h5/c/${community}`);
    assert.equal(await page.getByTestId('h5-community-name').innerText(), '畅家巷社区');
    // The H5 entry is small: no Ant Design on the resident pages.
    const scripts = await page.locator('script[src], link[rel="modulepreload"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('src') ?? n.getAttribute('href')));
    assert.ok(scripts.every((s) => !/antd|console/.test(s)), scripts.join(' '));

    const { caseId, trackingNo } = await submitCase(page, admin, {
      community,
      phone: '13987654321',
      description: '3单元楼道灯坏了一个多月，晚上老人上下楼看不见台阶',
    });
    assert.match(trackingNo, /^GZ\d{8}-\d{6}$/);

    // Staff see it as an H5 case with the photo.
    const staffView = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(staffView.channel, 'h5');
    assert.equal(staffView.attachments.length, 1);

    await page.getByText('查看办理进度').click();
    await page.getByTestId('h5-case').waitFor();
    assert.ok((await page.getByTestId('h5-case-tracking').innerText()).includes(trackingNo));
    assert.equal(await page.locator('[data-testid="h5-case"] .photos img').count(), 1);

    await closeCase(browser, baseURL, caseId);
    await page.reload();
    await page.getByTestId('h5-reply').waitFor();
    assert.ok((await page.getByTestId('h5-reply').innerText()).includes('已安排物业维修'));
    const steps = await page.getByTestId('h5-timeline').locator('li strong').allInnerTexts();
    assert.deepEqual(steps, ['已办结', '办理答复', '开始办理', '已派单', '已受理', '提交诉求']);

    await rateCase(page, caseId, 'dissatisfied');
    await page.getByTestId('h5-reopen').click();
    await page.getByText('办理中').first().waitFor();
    const after = await admin.get(`/api/v1/cases/${caseId}`);
    assert.equal(after.status, 'handling');
    assert.equal(after.reopenCount, 1);

    await page.goto('/h5/cases');
    await page.getByTestId('h5-my-cases').locator('li').first().waitFor();
    assert.equal(await page.getByTestId('h5-my-cases').locator('li').count(), 1);
  } finally {
    await admin.close();
    await phone.close();
  }
});
