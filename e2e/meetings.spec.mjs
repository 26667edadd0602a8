import { apiGet, assert, DEMO_PASSWORD, login, test } from './lib.mjs';
import { modal, pickOption } from './lib-cases.mjs';
import { phoneContext as phoneContextOf, residentLogin, staffApi } from './lib-resident.mjs';

test('a topic from two cases goes to a 社工委例会: 8 of 13 sign in, a resolution dispatches to a department, the cases link to it', async ({ page, context, baseURL }) => {
  await login(page, 'community');
  const community = (await apiGet(page, '/api/v1/me')).roles.find((r) => r.territoryLevel === 'community');
  const committee = (await apiGet(page, `/api/v1/committees?territoryId=${community.territoryId}`)).data[0];
  const members = (await apiGet(page, `/api/v1/committees/${committee.id}/members?inOffice=true&pageSize=100`)).data;
  const me = (await apiGet(page, '/api/v1/me')).id;
  const memberAccount = members.find((m) => m.userId !== null && m.userId !== me);
  assert.ok(memberAccount, 'a committee member with an account');

  // 议题 from two cases of the community.
  await page.goto('/meetings/topics');
  await page.getByTestId('topic-new').click();
  await modal(page).locator('input#title').fill('畅家巷路面破损与积水');
  await modal(page).getByTestId('topic-cases').click();
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await options.first().waitFor({ state: 'visible' });
  await options.nth(0).click();
  await options.nth(1).click();
  await page.keyboard.press('Escape');
  // A category the 协商目录 says must go to consultation (typed after the cases: its list stays in the page).
  await modal(page).locator('input#category').fill('老旧小区改造');
  await modal(page).locator('textarea#background').fill('居民反映巷道路面破损，雨后积水严重');
  await modal(page).getByTestId('topic-submit').click();
  await page.waitForURL(/\/meetings\/topics\/\d+$/);
  const topicId = Number(/topics\/(\d+)/.exec(page.url())[1]);
  const topic = await apiGet(page, `/api/v1/meetings/topics/${topicId}`);
  assert.equal(topic.caseIds.length, 2);
  assert.equal(topic.consultationSuggestion.suggested, true);

  // 修改议题 while it waits: the page and its timeline show the change.
  await page.getByTestId('topic-edit').click();
  await modal(page).locator('input#stakeholders').fill('巷内 36 户居民');
  await modal(page).getByTestId('topic-edit-submit').click();
  await page.locator('.ant-descriptions').getByText('巷内 36 户居民').waitFor();
  await page.locator('.ant-timeline').getByText(/修改议题/).waitFor();
  assert.equal((await apiGet(page, `/api/v1/meetings/topics/${topicId}`)).version, topic.version + 1);

  // The suggestion opens the new-consultation dialog holding the topic's title and cases.
  await page.getByTestId('topic-consultation-suggestion').waitFor();
  await page.getByTestId('topic-start-consultation').click();
  await page.waitForURL(/\/consultations$/);
  await page.locator('#consultation-title').waitFor();
  assert.equal(await page.locator('#consultation-title').inputValue(), '畅家巷路面破损与积水');
  assert.equal(await page.locator('#consultation-cases').inputValue(), topic.caseIds.join(','));

  // A 社工委例会 of 13 invited members with the topic on the agenda.
  await page.goto('/meetings');
  await page.getByTestId('meeting-new').click();
  const dialog = modal(page);
  await dialog.locator('input#title').fill('12月社工委例会');
  await dialog.locator('input#startsAt').click();
  await dialog.locator('input#startsAt').fill('2026-12-08 09:30');
  await page.keyboard.press('Enter');
  await dialog.locator('input#place').fill('畅家巷社区党群服务中心');
  await dialog.locator('input#convener').fill(members[0].name);
  const tags = dialog.getByTestId('meeting-members').locator('.ant-select-selection-item');
  await tags.nth(members.length - 1).waitFor();
  const extra = members.length - 13;
  const removable = extra > 0 ? members.filter((m) => m.id !== memberAccount.id).slice(-extra) : [];
  for (const m of removable) await tags.filter({ hasText: m.name }).locator('.ant-select-selection-item-remove').click();
  await pickOption(page, 'topicIds', '畅家巷路面破损与积水');
  await page.keyboard.press('Escape');
  await dialog.getByTestId('meeting-submit').click();
  await page.waitForURL(/\/meetings\/\d+$/);
  const meetingId = Number(/meetings\/(\d+)/.exec(page.url())[1]);
  // What staff type is Beijing time, whatever the browser's zone (this one runs in UTC).
  assert.equal((await apiGet(page, `/api/v1/meetings/${meetingId}`)).startsAt, '2026-12-08T01:30:00.000Z');
  await page.getByTestId('meeting-action-open').click();
  await page.getByTestId('quorum').filter({ hasText: '0/13' }).waitFor();

  // The member signs in by the QR code's H5 page with their own account; staff tick seven more.
  // Their own phone: a browser without the staff session.
  const phoneContext = await context.browser().newContext({ baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const phone = await phoneContext.newPage();
  await phone.goto(`/h5/meeting/${meetingId}/sign-in`);
  await phone.getByTestId('meeting-username').fill('member');
  await phone.getByTestId('meeting-password').fill(DEMO_PASSWORD);
  await phone.locator('[data-testid="meeting-login"] button[type="submit"]').click();
  await phone.getByTestId('meeting-sign-in-button').click();
  await phone.getByTestId('meeting-signed-in').waitFor();
  await phoneContext.close();
  const invited = (await apiGet(page, `/api/v1/meetings/${meetingId}`)).invitees.filter((i) => i.voting);
  assert.equal(invited.length, 13);
  const others = invited.filter((i) => i.memberId !== memberAccount.id);

  // Another member has no account: they sign in on their phone with the number the committee keeps for them.
  const admin = await staffApi(context.browser(), baseURL, 'admin');
  const staff = await staffApi(context.browser(), baseURL, 'community');
  const memberPhone = (await staff.get(`/api/v1/committees/members/${others[0].memberId}/personal`)).phone;
  const h5 = await phoneContextOf(context.browser(), baseURL);
  try {
    const p = await h5.newPage();
    await p.goto(`/h5/meeting/${meetingId}/sign-in`);
    await residentLogin(p, admin, memberPhone);
    await p.getByTestId('meeting-sign-in').getByText(others[0].name).waitFor();
    await p.getByTestId('meeting-sign-in-button').click();
    await p.getByTestId('meeting-signed-in').waitFor();
    assert.match(await p.getByTestId('meeting-quorum').innerText(), /已到 2\/13 人/);
  } finally {
    await Promise.all([admin.close(), staff.close(), h5.close()]);
  }
  const ticked = others.slice(1, 7);
  for (const i of ticked) await page.getByTestId(`sign-in-${i.name}`).click().then(() => page.getByTestId(`sign-in-${i.name}`).waitFor({ state: 'detached' }));
  await page.getByTestId('quorum').filter({ hasText: '8/13' }).waitFor();
  assert.match(await page.getByTestId('quorum').innerText(), /已达到法定人数/);

  // Minutes, a resolution that dispatches to 城关区住建局, six votes for: passed.
  await page.getByTestId('minutes-input').fill('与会委员认为路面破损涉及市政设施，应派请住建部门维修。');
  await page.getByTestId('minutes-save').click();
  await page.getByTestId('resolution-propose').click();
  await modal(page).getByTestId('resolution-text').fill('派请城关区住建局对畅家巷破损路面进行维修');
  // A project with two budget lines of one name: the server's complaint lands under the second line.
  await pickOption(page, 'outcome', '立项实施', { search: false });
  const lineNames = modal(page).getByTestId('resolution-line-name');
  const lineAmounts = modal(page).getByTestId('resolution-line-amount');
  await lineNames.first().fill('修补材料');
  await lineAmounts.first().fill('100');
  await modal(page).getByRole('button', { name: '添加预算科目' }).click();
  await lineNames.nth(1).fill('修补材料');
  await lineAmounts.nth(1).fill('50');
  await modal(page).getByTestId('resolution-submit').click();
  const secondName = modal(page).locator('.ant-form-item').filter({ has: page.getByTestId('resolution-line-name') }).nth(1);
  await secondName.locator('.ant-form-item-explain-error').filter({ hasText: '预算科目名称重复' }).waitFor();
  await pickOption(page, 'outcome', '派遣职能部门', { search: false });
  await pickOption(page, 'departmentId', '城关区住建局', { search: false });
  await pickOption(page, 'categoryCode', '物业管理', { search: false });
  await modal(page).getByTestId('resolution-submit').click();
  for (const i of ticked.slice(0, 6)) await page.getByTestId(`vote-for-${i.name}`).click().then(() => page.getByTestId(`vote-for-${i.name}`).waitFor({ state: 'detached' }));
  await page.getByTestId('resolution-decide').click();
  await page.getByTestId('resolution-status').filter({ hasText: '已通过' }).waitFor();
  await page.getByTestId('resolution-case').waitFor();
  await page.getByTestId('meeting-action-close').click();
  await page.getByTestId('meeting-status').filter({ hasText: '已闭会' }).waitFor();

  const meeting = await apiGet(page, `/api/v1/meetings/${meetingId}`);
  const caseId = meeting.agenda[0].resolution.caseId;
  const dispatched = await apiGet(page, `/api/v1/cases/${caseId}`);
  assert.equal(dispatched.status, 'dispatched');

  // The originating cases are linked to the topic, the meeting and the resolution.
  await page.goto(`/meetings/topics/${topicId}`);
  // The page has loaded once the resolution's case shows; then both cases are listed.
  await page.getByTestId('dispatched-case').waitFor();
  assert.equal(await page.getByTestId('topic-case-list').locator('tbody tr.ant-table-row').count(), 2);
  for (const id of topic.caseIds) {
    const links = await apiGet(page, `/api/v1/meetings/topics/by-case/${id}`);
    assert.equal(links[0].meetings[0].meetingId, meetingId);
    assert.equal(links[0].meetings[0].caseId, caseId);
  }
});
