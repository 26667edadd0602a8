/**
 * The browser-test toolkit: `test()` registers a test of the current spec file,
 * and helpers drive the console the way a person does (login form, side menu,
 * territory tree). Selectors follow the console's contract: data-testid on the
 * login form, the territory tree and its search; visible zh-CN text elsewhere.
 */
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';

/** Tests registered by the spec file being loaded; run.mjs collects them. */
export const registry = [];

/** Registers a test: `fn({ page, context, baseURL })` runs in a fresh browser context. */
export function test(name, fn) {
  registry.push({ name, fn });
}

/** Demo accounts (server/src/demo) share one password; admin's comes from run.mjs. */
export const DEMO_PASSWORD = 'Demo#2026';
export const ADMIN_PASSWORD = process.env.GONGZHI_E2E_ADMIN_PASSWORD ?? 'Gongzhi#E2e2026';

export { assert };

/** Fills the login form and submits it; does not wait for the outcome. */
export async function submitLogin(page, username, password) {
  if (!/\/login\b/.test(page.url())) await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in and waits until the console (its side menu) is shown. */
export async function login(page, username, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) {
  await page.goto('/login');
  await submitLogin(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20_000 });
  await menuItems(page);
}

/** Texts of the side-menu entries, once the menu has rendered. */
export async function menuItems(page) {
  const items = page.locator('[role="menuitem"]');
  await items.first().waitFor({ state: 'visible', timeout: 20_000 });
  return (await items.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
}

/** The input of the territory search box (the test id may sit on the input or on its wrapper). */
export function territorySearchInput(page) {
  return page.locator('input[data-testid="territory-search"], [data-testid="territory-search"] input').first();
}

/** A row of the tree; the virtual list also renders a hidden row to measure its height. */
const TREE_ROW = '.ant-tree-treenode:not([aria-hidden="true"])';

/** The rows of the territory tree as [{ title, index }], in display order. */
export async function treeRows(page) {
  const tree = page.getByTestId('territory-tree');
  await tree.locator(TREE_ROW).first().waitFor({ state: 'visible', timeout: 20_000 });
  const titles = await tree.locator(TREE_ROW).evaluateAll((nodes) =>
    nodes.map((node) => (node.querySelector('.ant-tree-title') ?? node).textContent ?? ''),
  );
  return titles.map((title, index) => ({ title: title.trim(), index }));
}

/**
 * Expands the tree row titled `name` that comes after row `afterIndex`
 * (children are listed right below their parent) and waits for its children.
 * Returns the row's index.
 */
export async function expandTreeNode(page, name, afterIndex = -1) {
  const rows = await treeRows(page);
  const row = rows.find((r) => r.index > afterIndex && r.title.includes(name));
  assert.ok(row, `tree row "${name}" not shown; rows: ${rows.map((r) => r.title).join(' | ')}`);
  const node = page.getByTestId('territory-tree').locator(TREE_ROW).nth(row.index);
  if (!(await node.getAttribute('class'))?.includes('ant-tree-treenode-switcher-open')) {
    await node.locator('.ant-tree-switcher').click();
  }
  await page.waitForFunction(
    ({ index, selector }) => {
      const nodes = document.querySelectorAll(`[data-testid="territory-tree"] ${selector}`);
      const node = nodes[index];
      return Boolean(node && node.className.includes('ant-tree-treenode-switcher-open') && !node.querySelector('.ant-tree-switcher-loading-icon, .anticon-loading'));
    },
    { index: row.index, selector: TREE_ROW },
    { timeout: 20_000 },
  );
  return row.index;
}

/** Clicks an export button and reads the downloaded workbook's first sheet: its file name and rows of cell text, header first. */
export async function downloadSheet(page, testId) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const rows = [];
  book.worksheets[0].eachRow((row) => rows.push(row.values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { filename: download.suggestedFilename(), rows };
}

/** GET on the API with the page's session cookie. */
export async function apiGet(page, path) {
  const response = await page.request.get(path);
  assert.equal(response.status(), 200, `GET ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}
