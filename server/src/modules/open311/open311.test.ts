import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let district: Agent;
let community: Agent;
let street: Agent;
/** A key bound to 畅家巷社区 (no location needed) and one bound to 城关区 (location needed). */
let communityKey: string;
let districtKey: string;

beforeAll(async () => {
  t = await testApp();
  district = await t.as('district');
  community = await t.as('community');
  street = await t.as('street');
  communityKey = (await district.post('/api/v1/open311-keys', { name: '畅家巷随手拍', territoryId: t.fixture.node.changjiaxiang })).body.key;
  districtKey = (await district.post('/api/v1/open311-keys', { name: '城关区城市服务小程序', territoryId: t.fixture.node.chengguan })).body.key;
});
afterAll(() => t.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function post(fields: Record<string, string>, format = 'json', headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: format === 'json' ? res.json() : res.body };
}

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: url.includes('.json') ? res.json() : res.body };
}

const caseOf = (trackingNo: string) => t.db.selectFrom('case_record').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();

describe('discovery and services', () => {
  it('describes the endpoint in JSON and XML', async () => {
    const json = await get('/open311/v2/discovery.json');
    expect(json.status).toBe(200);
    expect(json.body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost:80/open311/v2', formats: ['text/xml', 'application/json'] });
    const xml = await get('/open311/v2/discovery.xml');
    expect(xml.type).toContain('text/xml');
    expect(xml.body).toContain('<discovery><changeset>');
    expect(xml.body).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');
  });

  it('lists the enabled case categories as services', async () => {
    const json = await get('/open311/v2/services.json?jurisdiction_id=620100000000');
    expect(json.status).toBe(200);
    expect(json.body[0]).toEqual({ service_code: 'water_heating', service_name: '供水供暖', description: 'Water and heating', metadata: true, type: 'realtime', keywords: '', group: '' });
    expect(json.body.map((s: { service_code: string }) => s.service_code)).toContain('property');
    const xml = await get('/open311/v2/services.xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>water_heating<\/service_code><service_name>供水供暖<\/service_name>/);
  });

  it('answers an unknown jurisdiction with 404 in the Open311 error format', async () => {
    const json = await get('/open311/v2/services.json?jurisdiction_id=440100000000');
    expect(json.status).toBe(404);
    expect(json.body).toEqual([{ code: 404, description: 'jurisdiction_id “440100000000” 不是本平台的城市' }]);
  });

  it('defines each service with its urgent attribute, and 404s an unknown one', async () => {
    const json = await get('/open311/v2/services/property.json');
    expect(json.body.service_code).toBe('property');
    expect(json.body.attributes[0]).toMatchObject({ code: 'urgent', datatype: 'singlevaluelist', required: false, values: [{ key: 'true', name: '是' }, { key: 'false', name: '否' }] });
    const xml = await get('/open311/v2/services/property.xml');
    expect(xml.body).toContain('<service_definition><service_code>property</service_code><attributes><attribute><variable>true</variable>');
    expect(xml.body).toContain('<values><value><key>true</key><name>是</name></value>');
    const missing = await get('/open311/v2/services/nope.xml');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<errors><error><code>404</code><description>');
  });
});

describe('POST requests', () => {
  it('creates a case in the key’s community from a form-encoded body', async () => {
    const res = await post({ api_key: communityKey, service_code: 'property', description: '小区路灯不亮已经一周', address_string: '畅家巷小区3号楼前', first_name: '阿姨', last_name: '王', phone: '13912345678', email: 'w@example.com', device_id: 'dev-1' });
    expect(res.status).toBe(201);
    expect(res.body[0].service_request_id).toMatch(/^GZ\d{8}-\d{6}$/);
    expect(res.body[0].token).toMatch(/^[0-9a-f-]{36}$/);
    const c = await caseOf(res.body[0].service_request_id);
    expect(c).toMatchObject({ community_id: t.fixture.node.changjiaxiang, territory_id: t.fixture.node.changjiaxiang, category_code: 'property', channel: 'open311', status: 'submitted', reporter_name: '王阿姨', reporter_phone: '13912345678', address: '畅家巷小区3号楼前', urgent: false });
    const extra = await t.db.selectFrom('open311_request').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(extra).toMatchObject({ email: 'w@example.com', device_id: 'dev-1', token: res.body[0].token });
    const audit = await t.db.selectFrom('audit_log').select('summary').where('action', '=', 'case.submit').where('entity_id', '=', String(c.id)).executeTakeFirstOrThrow();
    expect(audit.summary).toContain('open311');
  });

  it('ignores a console session: the API key alone authenticates', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: form({ api_key: communityKey, service_code: 'other', description: '从浏览器提交' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: community.cookie! },
    });
    expect(res.statusCode).toBe(201);
    expect((await caseOf(res.json()[0].service_request_id)).created_by).toBeNull();
  });

  it('takes a JSON body with address_id and attributes, answering in XML', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: { api_key: districtKey, service_code: 'water_heating', description: '2号楼停暖', address_id: String(t.fixture.node.building2), attribute: { urgent: 'true' } },
    });
    expect(res.statusCode).toBe(201);
    const id = /<service_request_id>(GZ[0-9-]+)<\/service_request_id>/.exec(res.body)![1]!;
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><service_requests><request><service_request_id>/);
    expect(await caseOf(id)).toMatchObject({ community_id: t.fixture.node.changjiaxiang, territory_id: t.fixture.node.building2, category_code: 'water_heating', urgent: true });
    const byCode = await post({ api_key: districtKey, service_code: 'environment', description: '垃圾桶满溢', address_id: '620102002001', 'attribute[urgent]': 'false' });
    expect((await caseOf(byCode.body[0].service_request_id)).community_id).toBe(t.fixture.node.longxilu);
  });

  it('places lat/long inside a mapped grid', async () => {
    const square = { type: 'Polygon', coordinates: [[[103.8, 36.05], [103.81, 36.05], [103.81, 36.06], [103.8, 36.06], [103.8, 36.05]]] };
    expect((await district.put(`/api/v1/territory/nodes/${t.fixture.node.longxiluGrid}/boundary`, square)).status).toBe(200);
    const inside = await post({ api_key: districtKey, service_code: 'facilities', description: '井盖缺失', lat: '36.055', long: '103.805' });
    expect(await caseOf(inside.body[0].service_request_id)).toMatchObject({ community_id: t.fixture.node.longxilu, territory_id: t.fixture.node.longxiluGrid });
    const outside = await post({ api_key: districtKey, service_code: 'facilities', description: '井盖缺失', lat: '36.2', long: '103.9' });
    expect(outside.status).toBe(400);
    expect(outside.body[0].code).toBe(400);
  });

  it('refuses without an api_key, with an unknown or disabled one: 403 in the Open311 format', async () => {
    const none = await post({ service_code: 'property', description: '门禁坏了' });
    expect(none).toMatchObject({ status: 403, body: [{ code: 403, description: '缺少或无效的 api_key' }] });
    expect((await post({ api_key: 'gz311_wrong', service_code: 'property', description: '门禁坏了' })).status).toBe(403);
    const xml = await post({ service_code: 'property', description: '门禁坏了' }, 'xml');
    expect(xml.status).toBe(403);
    expect(xml.body).toBe('<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>缺少或无效的 api_key</description></error></errors>');
    const created = await district.post('/api/v1/open311-keys', { name: '将停用', territoryId: t.fixture.node.changjiaxiang });
    await district.patch(`/api/v1/open311-keys/${created.body.id}`, { enabled: false, version: created.body.version });
    expect((await post({ api_key: created.body.key, service_code: 'property', description: '门禁坏了' })).status).toBe(403);
  });

  it('answers an unknown service_code and bad fields with 400 in the Open311 format, writing nothing', async () => {
    const before = await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const unknown = await post({ api_key: communityKey, service_code: 'potholes', description: '路面坑洼' });
    expect(unknown).toMatchObject({ status: 400, body: [{ code: 400, description: 'service_code “potholes” 不存在或已停用' }] });
    expect((await post({ api_key: communityKey, service_code: 'property', description: '门禁', phone: '0931-1234567' })).body[0].description).toBe('phone 须为 11 位手机号');
    expect((await post({ api_key: communityKey, service_code: 'property' })).body[0].description).toBe('请填写 description（问题描述）');
    expect((await post({ api_key: districtKey, service_code: 'property', description: '门禁' })).body[0].description).toContain('请提供位置');
    expect((await post({ api_key: districtKey, service_code: 'property', description: '门禁', address_id: '620103001001' })).body[0].description).toBe('address_id 不在本密钥可提交的范围内');
    expect((await post({ api_key: communityKey, service_code: 'property', description: '门禁', 'attribute[colour]': 'red' })).status).toBe(400);
    expect((await post({ api_key: communityKey, service_code: 'property', description: '门禁', media_url: 'javascript:alert(1)' })).body[0].description).toContain('media_url');
    expect((await post({ api_key: communityKey, service_code: 'property', description: '门禁', email: 'not-an-email' })).body[0].description).toContain('email');
    const badLat = await post({ api_key: communityKey, service_code: 'property', description: '门禁', lat: '200', long: '1' });
    expect(badLat.status).toBe(400);
    expect(badLat.body[0].description).toContain('lat');
    const after = await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('replays a retry with the same Idempotency-Key and refuses the key for another body', async () => {
    const fields = { api_key: communityKey, service_code: 'environment', description: '楼道堆放杂物', device_id: 'phone-9' };
    const first = await post(fields, 'json', { 'idempotency-key': 'retry-1' });
    const again = await post(fields, 'json', { 'idempotency-key': 'retry-1' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body[0]).toEqual(first.body[0]);
    const other = await post({ ...fields, description: '另一件事' }, 'json', { 'idempotency-key': 'retry-1' });
    expect(other.status).toBe(409);
    expect(other.body[0].code).toBe(409);
  });

  it('limits POSTs per key and minute', async () => {
    const limited = await district.post('/api/v1/open311-keys', { name: '限流', territoryId: t.fixture.node.zhangjiayuan, ratePerMinute: 2 });
    const fields = { api_key: limited.body.key, service_code: 'other', description: '咨询' };
    const statuses = [(await post(fields)).status, (await post(fields)).status, (await post(fields)).status];
    // Two within the budget; the third of the minute is refused (unless the minute turned between them).
    expect(statuses.slice(0, 2)).toEqual([201, 201]);
    expect([429, 201]).toContain(statuses[2]);
    if (statuses[2] === 429) expect((await post(fields)).body[0].description).toContain('每分钟最多 2 件');
  });
});

describe('GET requests, one request, tokens', () => {
  it('lists Open311 requests with filters and paging, never other channels', async () => {
    const staffCase = await community.post('/api/v1/cases', { communityId: t.fixture.node.changjiaxiang, channel: 'visit', categoryCode: 'property', description: '走访登记的私事' });
    expect(staffCase.status).toBe(201);
    const all = (await get('/open311/v2/requests.json?page_size=1000')).body as { service_request_id: string; service_code: string; status: string }[];
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.map((r) => r.service_request_id)).not.toContain(staffCase.body.trackingNo);
    const property = (await get('/open311/v2/requests.json?service_code=property,environment')).body as typeof all;
    expect(property.every((r) => ['property', 'environment'].includes(r.service_code))).toBe(true);
    const page1 = (await get('/open311/v2/requests.json?page_size=2&page=1')).body as typeof all;
    const page2 = (await get('/open311/v2/requests.json?page_size=2&page=2')).body as typeof all;
    expect(page1).toHaveLength(2);
    expect(page2[0]!.service_request_id).toBe(all[2]!.service_request_id);
    const two = (await get(`/open311/v2/requests.json?service_request_id=${all[0]!.service_request_id},${all[1]!.service_request_id}`)).body as typeof all;
    expect(two.map((r) => r.service_request_id).sort()).toEqual([all[0]!.service_request_id, all[1]!.service_request_id].sort());
    expect((await get('/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z')).body).toEqual([]);
    expect((await get(`/open311/v2/requests.json?start_date=${new Date(Date.now() - 3_600_000).toISOString()}`)).body).toHaveLength(all.length);
    expect((await get('/open311/v2/requests.json?status=maybe')).status).toBe(400);
  });

  it('folds our states into open/closed with public status notes', async () => {
    const res = await post({ api_key: communityKey, service_code: 'other', description: '希望增设快递柜' });
    const id = res.body[0].service_request_id;
    const c = await caseOf(id);
    const rejected = await community.post(`/api/v1/cases/${c.id}/reject`, { version: c.version, reason: '不属于社区受理范围，请联系邮政' });
    expect(rejected.status).toBe(200);
    const one = await get(`/open311/v2/requests/${id}.json`);
    expect(one.body[0]).toMatchObject({ service_request_id: id, status: 'closed', status_notes: '不予受理：不属于社区受理范围，请联系邮政', service_code: 'other', service_name: '其他', agency_responsible: '畅家巷社区' });
    expect(one.body[0].requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const closed = (await get('/open311/v2/requests.json?status=closed')).body as { service_request_id: string }[];
    expect(closed.map((r) => r.service_request_id)).toEqual([id]);
    const open = (await get('/open311/v2/requests.json?status=open')).body as { status: string }[];
    expect(open.every((r) => r.status === 'open')).toBe(true);
    const xml = await get(`/open311/v2/requests/${id}.xml`);
    expect(xml.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>closed</status>`);
    expect(xml.body).toContain('<zipcode/>');
    expect((await get('/open311/v2/requests/GZ20000101-000001.json')).body).toEqual([{ code: 404, description: '找不到该诉求' }]);
  });

  it('names the department leading the case as agency_responsible', async () => {
    const admin = await t.as('admin');
    const housing = await admin.post('/api/v1/departments', { territoryId: t.fixture.node.chengguan, name: '城关区住建局', code: 'cg-housing' });
    const res = await post({ api_key: communityKey, service_code: 'property', description: '小区外墙脱落，需要住建部门处理' });
    const id = res.body[0].service_request_id;
    let c = await caseOf(id);
    expect((await community.post(`/api/v1/cases/${c.id}/accept`, { version: c.version, tier: 'joint' })).status).toBe(200);
    c = await caseOf(id);
    const dispatched = await street.post(`/api/v1/cases/${c.id}/dispatch`, { version: c.version, leadDepartmentId: housing.body.id });
    expect(dispatched.status).toBe(200);
    const [one] = (await get(`/open311/v2/requests/${id}.json`)).body;
    expect(one).toMatchObject({ status: 'open', status_notes: '已派遣', agency_responsible: '城关区住建局' });
    expect(one.expected_datetime).toMatch(/\+08:00$/);
  });

  it('does not publish who reported it', async () => {
    const [first] = (await get('/open311/v2/requests.json')).body as Record<string, unknown>[];
    expect(Object.keys(first!)).not.toEqual(expect.arrayContaining(['email']));
    expect(JSON.stringify((await get('/open311/v2/requests.json?page_size=1000')).body)).not.toMatch(/13912345678|w@example\.com|王阿姨/);
  });

  it('resolves a token to its request id', async () => {
    const res = await post({ api_key: communityKey, service_code: 'other', description: '咨询办事流程' });
    const token = await get(`/open311/v2/tokens/${res.body[0].token}.json`);
    expect(token.body).toEqual([{ service_request_id: res.body[0].service_request_id, token: res.body[0].token }]);
    expect((await get(`/open311/v2/tokens/${res.body[0].token}.xml`)).body).toContain(`<token>${res.body[0].token}</token>`);
    expect((await get('/open311/v2/tokens/nope.json')).status).toBe(404);
  });

  it('answers unknown paths in the Open311 format', async () => {
    const res = await get('/open311/v2/nothing.json');
    expect(res.status).toBe(404);
    expect(res.body[0].code).toBe(404);
  });
});
