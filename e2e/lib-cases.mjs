/**
 * Steps on cases (诉求) the way staff take them in the console, for any spec:
 * record a case, open one, fire an action through its form, read the
 * timeline. Selectors follow the console's contract: data-testid on buttons
 * and lists, element ids on form fields (`#accept-tier`, `#dispatch-lead` …),
 * visible zh-CN text for options.
 */
import { assert } from './lib.mjs';

/** The open modal dialog (antd keeps closed ones in the DOM, hidden). */
export function modal(page) {
  return page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal-content').last();
}

/**
 * Clicks the open dialog's primary button once it has finished opening: a click while
 * antd's zoom animation runs can land on nothing, and the dialog then stays open.
 */
export async function submitDialog(page) {
  await page.waitForFunction(() => !document.querySelector('.ant-modal[class*="ant-zoom-"]'));
  await modal(page).locator('.ant-modal-footer button.ant-btn-primary').click();
}

/** Waits for the open dialog to go after its submit; if it stays, the error says what its fields and the page's messages show. */
export async function dialogClosed(page) {
  try {
    await modal(page).waitFor({ state: 'detached' });
  } catch (error) {
    const texts = (selector) => page.locator(selector).allInnerTexts().catch(() => []);
    const [title] = await texts('.ant-modal-wrap:not([style*="display: none"]) .ant-modal-title');
    const shown = await texts('.ant-modal-wrap .ant-form-item-explain-error, .ant-message-notice');
    throw new Error(`the dialog ${title ?? ''} stayed open${shown.length ? `, showing: ${shown.join(' | ')}` : ''}`, { cause: error });
  }
}

/** Picks `text` in an antd Select whose input has id `id` (typing narrows long lists). */
export async function pickOption(page, id, text, { search = true } = {}) {
  const input = page.locator(`input#${id}`);
  await page.locator('.ant-select-selector').filter({ has: input }).click();
  if (search) await input.fill(text);
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first();
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
  await option.waitFor({ state: 'visible' });
  const multiple = await input.evaluate((el) => !!el.closest('.ant-select-multiple'));
  // A single select closes its list once the option is taken, and its closing animation still
  // covers the next field; a multiple one stays open. A click that lands while the list is still
  // sliding in can go unseen (seen on a busy CI machine): the list then stays open, so click again.
  for (let attempt = 1; ; attempt++) {
    await option.click();
    if (multiple) return;
    try {
      await open.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Clicks the radio (or radio button) labelled `text` inside the open dialog. */
export async function pickRadio(page, text) {
  await modal(page).locator('label.ant-radio-wrapper, label.ant-radio-button-wrapper').filter({ hasText: text }).first().click();
}

/** Picks a place in the territory picker of the open dialog: a search by name, then the hit that contains `name`. */
export async function pickTerritory(page, testId, name) {
  // The list of a picker chosen just before is still sliding shut, visible and holding the same
  // names (its choice marked selected): a hit found there moves and then vanishes under the click.
  await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'));
  const picker = modal(page).getByTestId(testId);
  await picker.click();
  await picker.locator('input').fill(name);
  const hit = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-node-content-wrapper').filter({ hasText: name }).first();
  await hit.waitFor({ state: 'visible', timeout: 20_000 });
  await hit.click();
}

/**
 * Picks photos in the open dialog's photo field (antd Upload) and waits until
 * every one is uploaded. `files` are Playwright file payloads ({ name, mimeType, buffer }).
 */
export async function attachPhotos(page, files) {
  const field = modal(page).getByTestId('photo-upload');
  const before = await field.locator('.ant-upload-list-item-done').count();
  await field.locator('input[type="file"]').setInputFiles(files);
  await field.locator('.ant-upload-list-item-done').nth(before + files.length - 1).waitFor({ timeout: 20_000 });
}

/** The case id of the detail page the browser shows. */
export function caseIdOf(page) {
  const match = /\/cases\/(\d+)/.exec(new URL(page.url()).pathname);
  assert.ok(match, `not on a case page: ${page.url()}`);
  return Number(match[1]);
}

/**
 * 登记诉求 from the queue page; returns `{ id, trackingNo }` once the new case's
 * detail page shows. `place` is a territory name searchable by the picker.
 */
export async function recordCase(page, { channel = '走访', category = '物业管理', description, place = '畅家巷社区', address, reporterName, reporterPhone, urgent = false }) {
  await page.goto('/cases');
  await page.getByTestId('case-create').click();
  const dialog = modal(page);
  await dialog.waitFor({ state: 'visible' });
  await pickOption(page, 'case-channel', channel, { search: false });
  await pickOption(page, 'case-category', category);
  await page.locator('#case-description').fill(description);
  await pickTerritory(page, 'case-territory', place);
  if (address) await page.locator('#case-address').fill(address);
  if (reporterName) await page.locator('#case-reporter-name').fill(reporterName);
  if (reporterPhone) await page.locator('#case-reporter-phone').fill(reporterPhone);
  if (urgent) await page.locator('#case-urgent').click();
  await dialog.getByTestId('case-create-submit').click();
  await page.waitForURL(/\/cases\/\d+$/, { timeout: 20_000 });
  const trackingNo = (await page.getByTestId('case-tracking-no').innerText()).trim();
  return { id: caseIdOf(page), trackingNo };
}

/** Opens a case's detail page and waits for it. */
export async function openCase(page, id) {
  await page.goto(`/cases/${id}`);
  await page.getByTestId('case-tracking-no').waitFor({ state: 'visible', timeout: 20_000 });
}

/** The status shown in the page header (zh-CN label, e.g. 已立案). */
export async function caseStatus(page) {
  return (await page.locator('.ant-page-header-heading-tags [data-testid="case-status"]').first().innerText()).trim();
}

/** The action buttons the page offers, by step name (accept, dispatch, extension_request …). */
export async function offeredActions(page) {
  const ids = await page.locator('[data-testid^="action-"]:not([data-testid="action-submit"])').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
  return ids.map((id) => id.replace(/^action-/, ''));
}

/**
 * Fires one step through its form and waits until the page shows the result.
 * `values` by step:
 *   accept { tier: '联合哨', category?, note? } · reject { reason } · merge { target: tracking no }
 *   dispatch routine { assignee: name } | { toCommunity: true }; joint/tough { lead, assist?: [names], supervisor? }
 *   sign { note? } · return { reason: '非本部门职责', note? } · reply { text, photos?: [files] } · verify_pass { feedback: 'public' | 'individual', note? }
 *   verify_fail { reason } · rate { rating: '满意' } · reopen { reason? } · escalate { reason }
 *   extension_request { days, reason } · extension_decide { approve: true | false, note? }
 */
export async function fireAction(page, step, values = {}) {
  const before = await page.locator('[data-testid="timeline-entry"]').count();
  await page.getByTestId(`action-${step}`).click();
  const dialog = modal(page);
  await dialog.waitFor({ state: 'visible' });
  const fill = (id, text) => (text === undefined ? undefined : page.locator(`#${id}`).fill(text));
  switch (step) {
    case 'accept':
      if (values.tier) await pickRadio(page, values.tier);
      if (values.category) await pickOption(page, 'accept-category', values.category);
      await fill('action-note', values.note);
      break;
    case 'reject':
    case 'verify_fail':
    case 'escalate':
      await fill('action-reason', values.reason);
      break;
    case 'merge':
      await pickOption(page, 'merge-target', values.target);
      break;
    case 'dispatch':
      if (values.toCommunity) await pickRadio(page, '社区自办');
      else if (values.assignee) await pickOption(page, 'dispatch-assignee', values.assignee);
      if (values.lead) await pickOption(page, 'dispatch-lead', values.lead);
      for (const name of values.assist ?? []) await pickOption(page, 'dispatch-assist', name);
      if (values.supervisor) await pickOption(page, 'dispatch-supervisor', values.supervisor);
      // A multiple select stays open after a pick; a click on the title closes it (Escape would close the dialog).
      if (values.assist?.length) await dialog.locator('.ant-modal-title').click();
      await fill('action-note', values.note);
      break;
    case 'sign':
      await fill('action-note', values.note);
      break;
    case 'return':
      await pickRadio(page, values.reason ?? '非本部门职责');
      await fill('action-note', values.note);
      break;
    case 'reply':
      await fill('action-text', values.text);
      if (values.photos) await attachPhotos(page, values.photos);
      break;
    case 'verify_pass':
      await pickRadio(page, values.feedback === 'public' ? '公开反馈' : '个别反馈');
      await fill('action-note', values.note);
      break;
    case 'rate':
      await pickRadio(page, values.rating ?? '满意');
      await fill('action-comment', values.comment);
      break;
    case 'reopen':
      await fill('action-reason', values.reason);
      break;
    case 'extension_request':
      await fill('extension-days', String(values.days));
      await fill('action-reason', values.reason);
      break;
    case 'extension_decide':
      await pickRadio(page, values.approve === false ? '驳回' : '批准');
      await fill('action-note', values.note);
      break;
    default:
      throw new Error(`unknown step ${step}`);
  }
  await dialog.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'hidden', timeout: 20_000 });
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-entry"]').length > n, before, { timeout: 20_000 });
}

/** The timeline as [{ action, text }], oldest first. */
export async function timeline(page) {
  const entries = page.locator('[data-testid="timeline-entry"]');
  return entries.evaluateAll((nodes) => nodes.map((n) => ({ action: n.getAttribute('data-action'), text: n.textContent ?? '' })));
}

/** POST on the API with the page's session and its CSRF token; returns the JSON body (asserts 2xx). */
export async function apiPost(page, path, body) {
  const me = await (await page.request.get('/api/v1/me')).json();
  const response = await page.request.post(path, { data: body, headers: { 'x-csrf-token': me.csrfToken } });
  assert.ok(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}
