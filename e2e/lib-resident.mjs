/**
 * Resident (H5) steps for browser tests, reusable in a full end-to-end flow:
 * a phone-sized page, login by one-time code, a report with a photo, the
 * tracking number, and the staff steps (through the API) that take the case
 * to closure so the resident can rate it.
 *
 * The code: the server's default sender keeps every message in its outbox
 * (outbox_message); a system administrator reads it through GET
 * /api/v1/outbox?phone=… — a real route, audit-logged, that needs the
 * outbox:read permission. No test-only door is opened on the server.
 */
import sharp from 'sharp';
import { ADMIN_PASSWORD, DEMO_PASSWORD, assert } from './lib.mjs';

/** A cheap Android phone's screen. */
export const PHONE_VIEWPORT = { width: 360, height: 740 };
/** 畅家巷社区 in the demo data. */
export const DEMO_COMMUNITY_CODE = '620102001001';

/** A new browser context sized and behaving like a phone. */
export async function phoneContext(browser, baseURL) {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: PHONE_VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  context.setDefaultTimeout(15_000);
  return context;
}

/** An API client logged in as a staff account, in its own browser context (its cookie never mixes with the resident's). */
export async function staffApi(browser, baseURL, username) {
  const context = await browser.newContext({ baseURL });
  const password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD;
  const login = await context.request.post('/api/v1/auth/login', { data: { username, password } });
  assert.equal(login.status(), 200, `staff login ${username}: ${await login.text()}`);
  const { csrfToken, id } = await login.json();
  const send = async (method, path, data) => {
    const response = await context.request.fetch(path, { method, data, headers: { 'x-csrf-token': csrfToken } });
    const body = (response.headers()['content-type'] ?? '').includes('json') ? await response.json() : await response.text();
    assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${JSON.stringify(body)}`);
    return body;
  };
  return { userId: id, get: (path) => send('GET', path), post: (path, data = {}) => send('POST', path, data), close: () => context.close() };
}

export async function communityId(request, code = DEMO_COMMUNITY_CODE) {
  const response = await request.get(`/api/v1/resident/communities?code=${code}`);
  assert.equal(response.status(), 200);
  return (await response.json()).id;
}

/** The newest login code sent to a phone, as an operator reads it from the outbox. */
export async function readCode(admin, phone) {
  const page = await admin.get(`/api/v1/outbox?phone=${phone}&pageSize=5`);
  const message = page.data.find((m) => m.kind === 'resident.code');
  assert.ok(message, `no code in the outbox for ${phone}`);
  return /(\d{6})/.exec(message.text)[1];
}

/** Fills the H5 login form shown in place of a page that needs a resident, and waits for it to go. */
export async function residentLogin(page, admin, phone) {
  await page.getByTestId('h5-phone').fill(phone);
  await page.getByTestId('h5-send-code').click();
  await page.getByText('验证码已发送至').waitFor();
  await page.getByTestId('h5-code').fill(await readCode(admin, phone));
  await page.getByTestId('h5-login-submit').click();
  await page.getByTestId('h5-login').waitFor({ state: 'detached' });
}

/** A real JPEG, as a phone camera would hand it over. */
export async function photoFile(name = '现场照片.jpg') {
  const buffer = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 180, g: 90, b: 60 } } }).jpeg().toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

/**
 * From the community's QR link: opens the report form (logging in when asked),
 * fills it with a photo, submits, and returns { caseId, trackingNo } from the success page.
 */
export async function submitCase(page, admin, { community, phone, category = '物业管理', description, building }) {
  await page.goto(`/h5/c/${community}`);
  await page.getByTestId('h5-report').click();
  if (await page.getByTestId('h5-login').isVisible().catch(() => false)) await residentLogin(page, admin, phone);
  await page.getByTestId('h5-submit-form').waitFor();
  await page.getByTestId('h5-category').selectOption({ label: category });
  await page.getByTestId('h5-description').fill(description);
  if (building) await page.getByTestId('h5-place').selectOption({ label: building });
  await page.getByTestId('h5-photo-input').setInputFiles(await photoFile());
  await page.locator('.photos img').first().waitFor();
  await page.getByTestId('h5-submit').click();
  await page.getByTestId('h5-done').waitFor();
  const trackingNo = (await page.getByTestId('h5-tracking-no').innerText()).trim();
  const caseId = Number(/\/h5\/done\/(\d+)/.exec(page.url())[1]);
  return { caseId, trackingNo };
}

/**
 * Staff take a routine case from 待受理 to 已办结 through the API: the community accepts it,
 * handles it itself (交由社区自办), signs, replies and verifies.
 */
export async function closeCase(browser, baseURL, caseId, replyText = '已安排物业维修，恢复正常') {
  const community = await staffApi(browser, baseURL, 'community');
  try {
    const path = (action) => `/api/v1/cases/${caseId}/${action}`;
    let c = await community.post(path('accept'), { version: (await community.get(`/api/v1/cases/${caseId}`)).version, tier: 'routine' });
    c = await community.post(path('dispatch'), { version: c.version, toCommunity: true });
    c = await community.post(path('sign'), { version: c.version });
    c = await community.post(path('reply'), { version: c.version, text: replyText });
    return await community.post(path('verify-pass'), { version: c.version });
  } finally {
    await community.close();
  }
}

/** On the case page: picks a rating and submits it; waits for the verdict to show. */
export async function rateCase(page, caseId, rating = 'satisfied') {
  await page.goto(`/h5/cases/${caseId}`);
  await page.getByTestId(`h5-rate-${rating}`).click();
  await page.getByTestId('h5-rate-submit').click();
  await page.getByTestId('h5-rated').waitFor();
}
