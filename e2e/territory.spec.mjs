import { apiGet, assert, expandTreeNode, login, territorySearchInput, test, treeRows } from './lib.mjs';

/** The first path from `node` down to a building, by the API, in the order the tree lists children. */
async function pathToBuilding(page, node) {
  if (node.level === 'building') return [node];
  if (!node.childCount) return null;
  for (const child of await apiGet(page, `/api/v1/territory/nodes?parentId=${node.id}`)) {
    const rest = await pathToBuilding(page, child);
    if (rest) return [node, ...rest];
  }
  return null;
}

test('street staff browse from their street down to a building', async ({ page }) => {
  await login(page, 'street');
  await page.goto('/territory');
  const rows = await treeRows(page);
  assert.ok(rows[0].title.includes('酒泉路街道'), `first root: ${rows[0].title}`);
  for (const outside of ['兰州市', '城关区', '七里河区']) {
    assert.ok(!rows.some((r) => r.title.includes(outside)), `tree shows ${outside} to street staff`);
  }

  const [root] = await apiGet(page, '/api/v1/territory/roots');
  const path = await pathToBuilding(page, root);
  assert.ok(path, 'the demo street has no building below it');
  let index = -1;
  for (const node of path.slice(0, -1)) index = await expandTreeNode(page, node.name, index);
  const building = path.at(-1);
  const after = await treeRows(page);
  assert.ok(after.some((r) => r.index > index && r.title.includes(building.name)), `building ${building.name} not shown under ${path.at(-2).name}`);
});

test('street staff find 畅家巷社区 by searching 畅家, and never 七里河区', async ({ page }) => {
  await login(page, 'street');
  await page.goto('/territory');
  await treeRows(page);
  const search = territorySearchInput(page);
  await search.fill('畅家');
  await search.press('Enter');
  const results = page.getByTestId('territory-search-results');
  await results.getByText('畅家巷社区').first().waitFor({ state: 'visible' });

  // Wait for this search to finish, then make sure nothing of the other district shows.
  const searched = page.waitForResponse((r) => r.url().includes('/api/v1/territory/search') && decodeURIComponent(r.url()).includes('七里河'));
  await search.fill('七里河');
  await search.press('Enter');
  await searched;
  await page.waitForTimeout(500);
  assert.equal(await results.getByText('七里河区').count(), 0, 'search shows 七里河区 to street staff');
  const hits = await apiGet(page, `/api/v1/territory/search?q=${encodeURIComponent('七里河')}`);
  assert.equal(hits.total, 0, `API search finds ${JSON.stringify(hits.data)}`);
  assert.ok(!(await treeRows(page)).some((r) => r.title.includes('七里河区')));
});
