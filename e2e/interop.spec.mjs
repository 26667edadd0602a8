import { assert, login, menuItems, test } from './lib.mjs';

test('a city administrator creates an Open311 API key and sees it once', async ({ page, baseURL }) => {
  await login(page, 'city');
  assert.ok((await menuItems(page)).some((text) => text.includes('Open311 接口密钥')));
  await page.getByText('Open311 接口密钥').click();
  await page.waitForURL('**/open311-keys');
  await page.getByTestId('open311-create').click();
  await page.locator('#open311-name').fill('畅家巷随手拍小程序');
  await page.getByTestId('open311-territory').click();
  await page.keyboard.type('畅家巷');
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '畅家巷社区' }).first().click();
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const shown = page.getByTestId('open311-created-key');
  await shown.waitFor({ state: 'visible', timeout: 10_000 });
  const key = (await shown.innerText()).trim();
  assert.match(key, /^gz311_[A-Za-z0-9_-]{32}$/);

  // The key works: a third-party app (no console session) submits with it.
  const submitted = await fetch(`${baseURL}/open311/v2/requests.json`, {
    method: 'POST',
    body: new URLSearchParams({ api_key: key, service_code: 'property', description: '单元门禁损坏，居民出入不便' }),
  });
  assert.equal(submitted.status, 201, await submitted.text());

  await page.locator('.ant-modal', { has: shown }).locator('.ant-modal-footer .ant-btn-primary').click();
  const row = page.locator('[data-testid="open311-keys"] tr', { hasText: '畅家巷随手拍小程序' });
  await row.waitFor({ state: 'visible' });
  assert.ok((await row.innerText()).includes(key.slice(0, 12)));
  await page.reload();
  await page.locator('[data-testid="open311-keys"] tr', { hasText: '畅家巷随手拍小程序' }).waitFor({ state: 'visible' });
  assert.ok(!(await page.content()).includes(key), 'the key is shown again after creation');
});

const HEADER = '工单编号,来电时间,来电人,联系电话,诉求类别,诉求内容,诉求地址,所属区县,所属街道,所属社区,紧急程度,派单时间,办理时限';

function csv(rows) {
  return { name: '12345工单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}`) };
}

test('community staff import a 12345 file and see what it created, skipped or refused', async ({ page }) => {
  await login(page, 'community');
  await page.getByText('12345 工单导入').click();
  await page.waitForURL('**/hotline-import');
  const stamp = Date.now();
  const good = csv([
    `E2E${stamp}1,2026-12-01 09:15,王女士,13812345678,城乡建设/物业管理,1号楼电梯停运三天,畅家巷小区1号楼,城关区,酒泉路街道,畅家巷社区,一般,2026-12-01 10:00,3天`,
    `E2E${stamp}2,2026-12-01 09:40,李先生,,供热,2号楼暖气不热,畅家巷小区2号楼,城关区,酒泉路街道,畅家巷社区,紧急,2026-12-01 10:05,1天`,
  ]);
  const input = page.locator('input[type="file"]');
  await input.setInputFiles(good);
  const summary = page.getByTestId('hotline-summary');
  await summary.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await page.getByTestId('hotline-created').innerText(), /2/);
  assert.equal(await page.locator('[data-testid="hotline-items"] tbody tr', { hasText: '已新建' }).count(), 2);

  await input.setInputFiles(good);
  await page.locator('[data-testid="hotline-items"] tbody tr', { hasText: '已跳过' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await page.locator('[data-testid="hotline-items"] tbody tr', { hasText: '已跳过' }).count(), 2);

  // A row leads to its case, which shows the work order it came from.
  await page.locator('[data-testid="hotline-items"] tbody tr', { hasText: `E2E${stamp}1` }).getByTestId('hotline-case-link').click();
  await page.waitForURL(/\/cases\/\d+$/);
  assert.equal((await page.getByTestId('case-hotline-order').innerText()).trim(), `E2E${stamp}1`);
  await page.goBack();
  await page.waitForURL('**/hotline-import');

  await input.setInputFiles(csv([`E2E${stamp}3,,,,外星人来访,内容,,,,畅家巷社区,,,`]));
  const errors = page.getByTestId('hotline-errors');
  await errors.waitFor({ state: 'visible', timeout: 15_000 });
  const text = await errors.innerText();
  assert.ok(text.includes('诉求类别') && text.includes('2'), text);
});
