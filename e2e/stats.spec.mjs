import { apiGet, assert, login, test } from './lib.mjs';

const percent = (v) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const text = async (page, testId) => (await page.getByTestId(testId).innerText()).trim();

/** The figures on the page are the API's figures for the same node and period. */
async function expectKpis(page, stats) {
  assert.equal(await text(page, 'stats-kpi-received'), String(stats.counts.received));
  assert.equal(await text(page, 'stats-kpi-accepted'), String(stats.counts.accepted));
  for (const key of ['responseRate', 'solveRate', 'satisfactionRate', 'inGridShare']) {
    const rate = stats.rates[key];
    assert.equal(await text(page, `stats-kpi-${key}`), percent(rate.value), key);
    assert.equal(await text(page, `stats-kpi-${key}-of`), `${rate.numerator} / ${rate.denominator}`, key);
  }
  assert.equal(await text(page, 'stats-kpi-overdue'), String(stats.counts.overdue));
}

test('street staff read their street’s statistics, drill into a community and come back', async ({ page }) => {
  await login(page, 'street');
  await page.getByRole('menuitem', { name: /数据统计/ }).click();
  await page.waitForURL(/\/stats/);
  await page.getByTestId('stats-kpi-received').waitFor();

  // The default: my street, this month so far (the demo has cases on most days).
  const month = await apiGet(page, '/api/v1/stats/cases');
  assert.equal(month.territory.name, '酒泉路街道');
  await expectKpis(page, month);

  // Half a year, by the address the period picker writes.
  const from = month.period.to.slice(0, 4) + '-01-01';
  await page.goto(`/stats?from=${from}&to=${month.period.to}`);
  await page.getByTestId('stats-kpi-received').waitFor();
  const year = await apiGet(page, `/api/v1/stats/cases?from=${from}&to=${month.period.to}`);
  assert.ok(year.counts.received > 100, `the demo street received ${year.counts.received} cases this year`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="stats-kpi-received"]')?.textContent?.trim() === String(n), year.counts.received);
  await expectKpis(page, year);
  for (const chart of ['channel', 'category', 'trend', 'ingrid']) {
    assert.ok(await page.getByTestId(`stats-chart-${chart}`).locator('canvas').count(), `chart ${chart} not drawn`);
  }

  // The tooltip gives the exact definition, in the server's words.
  const definitions = await apiGet(page, '/api/v1/stats/cases/definitions');
  await page.getByTestId('stats-kpi-responseRate-info').hover();
  const tip = definitions.find((d) => d.key === 'responseRate').text;
  await page.getByRole('tooltip').filter({ hasText: tip.slice(0, 20) }).waitFor();

  // Drill down: the community's row, then its own page.
  const community = year.children.find((c) => c.name === '畅家巷社区');
  assert.equal(await text(page, `stats-child-${community.id}-received`), String(community.counts.received));
  await page.getByTestId(`stats-child-${community.id}`).click();
  await page.waitForURL(new RegExp(`territoryId=${community.id}(&|$)`));
  const inside = await apiGet(page, `/api/v1/stats/cases?territoryId=${community.id}&from=${from}&to=${month.period.to}`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="stats-kpi-received"]')?.textContent?.trim() === String(n), inside.counts.received);
  await expectKpis(page, inside);
  assert.equal(inside.counts.received, community.counts.received);

  // Back up through the breadcrumb; above the street is not mine.
  await page.getByTestId('stats-breadcrumb').getByText('酒泉路街道').click();
  await page.waitForURL(new RegExp(`territoryId=${year.territory.id}(&|$)`));
  await page.waitForFunction((n) => document.querySelector('[data-testid="stats-kpi-received"]')?.textContent?.trim() === String(n), year.counts.received);
  assert.equal(await page.getByTestId('stats-breadcrumb').locator('a', { hasText: '城关区' }).count(), 0);

  // The export is a workbook.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export').click()]);
  assert.match(download.suggestedFilename(), /^诉求统计-酒泉路街道-.*\.xlsx$/);
});

test('a grid worker has no statistics', async ({ page }) => {
  await login(page, 'grid');
  const items = await page.locator('[role="menuitem"]').allInnerTexts();
  assert.ok(!items.some((t) => t.includes('数据统计')), `grid menu: ${items.join(', ')}`);
  assert.equal((await page.request.get('/api/v1/stats/cases')).status(), 403);
});
