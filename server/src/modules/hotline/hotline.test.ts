import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { mapCategory } from './template.js';

let t: TestContext;
let community: Agent;
let street: Agent;
beforeAll(async () => {
  t = await testApp();
  community = await t.as('community');
  street = await t.as('street');
});
afterAll(() => t.close());

const HEADERS = ['工单编号', '来电时间', '来电人', '联系电话', '诉求类别', '诉求内容', '诉求地址', '所属区县', '所属街道', '所属社区', '紧急程度', '派单时间', '办理时限'];
type Row = (string | number | Date)[];

const good = (no: string, overrides: Partial<Record<string, string>> = {}): Row => {
  const base: Record<string, string> = {
    工单编号: no, 来电时间: '2026-11-30 09:15', 来电人: '王女士', 联系电话: '13812345678', 诉求类别: '城乡建设/物业管理',
    诉求内容: `电梯停运三天（${no}）`, 诉求地址: '畅家巷小区1号楼', 所属区县: '城关区', 所属街道: '酒泉路街道', 所属社区: '畅家巷社区',
    紧急程度: '一般', 派单时间: '2026-11-30 10:00', 办理时限: '3天', ...overrides,
  };
  return HEADERS.map((h) => base[h]!);
};

async function xlsx(rows: Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('工单');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvText = (rows: Row[]) => [HEADERS, ...rows].map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n');

/** GBK bytes, built from Node's own GBK decoder: there is no GBK encoder in Node. */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) {
    const ch = decoder.decode(Uint8Array.of(hi, lo));
    if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
}

function upload(agent: Agent, content: Buffer, filename = 'orders.xlsx') {
  const boundary = `----gongzhi${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return agent.request('POST', '/api/v1/hotline/import', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const count = async () => Number((await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('the template', () => {
  it('has the documented columns and instructions', async () => {
    const res = await community.get('/api/v1/hotline/import-template');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(book.worksheets[1]!.name).toBe('填写说明');
    expect((await (await t.as('unit')).get('/api/v1/hotline/import-template')).status).toBe(403);
  });
});

describe('importing 12345 work orders', () => {
  it('creates one case per row on channel hotline_12345, in the right community and category', async () => {
    const res = await upload(community, await xlsx([
      good('2026113000001'),
      good('2026113000002', { 诉求类别: '供热', 所属社区: '620102001001', 紧急程度: '特急', 联系电话: '', 办理时限: '2026-12-02 17:00' }),
    ]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2, skipped: 0 });
    expect(res.body.items.map((i: { rowNumber: number; status: string }) => [i.rowNumber, i.status])).toEqual([[2, 'created'], [3, 'created']]);
    const cases = await t.db.selectFrom('case_record as c').innerJoin('hotline_order as h', 'h.case_id', 'c.id').selectAll().orderBy('h.order_no').execute();
    expect(cases[0]).toMatchObject({ channel: 'hotline_12345', source: '12345', community_id: t.fixture.node.changjiaxiang, category_code: 'property', reporter_phone: '13812345678', urgent: false, status: 'submitted', created_by: t.fixture.user.community });
    expect(cases[0]!.called_at!.toISOString()).toBe('2026-11-30T01:15:00.000Z');
    expect(cases[0]!.due_at!.toISOString()).toBe('2026-12-03T02:00:00.000Z');
    expect(cases[1]).toMatchObject({ category_code: 'water_heating', urgent: true, reporter_phone: null, category_text: '供热' });
    expect(cases[1]!.due_at!.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    const audit = await t.db.selectFrom('audit_log').select(['summary', 'territory_id']).where('action', '=', 'hotline.import').execute();
    expect(audit).toEqual([{ summary: '导入 12345 工单（orders.xlsx）：畅家巷社区新建诉求 2 件，跳过已导入 0 件', territory_id: t.fixture.node.changjiaxiang }]);
  });

  it('reads Excel date cells as Beijing wall-clock time', async () => {
    const row = good('2026113000003');
    row[HEADERS.indexOf('来电时间')] = new Date(Date.UTC(2026, 10, 30, 8, 5));
    expect((await upload(community, await xlsx([row]))).body).toMatchObject({ created: 1 });
    const order = await t.db.selectFrom('hotline_order').select('called_at').where('order_no', '=', '2026113000003').executeTakeFirstOrThrow();
    expect(order.called_at!.toISOString()).toBe('2026-11-30T00:05:00.000Z');
  });

  it('shows the work order behind an imported case, null for a case without one, and 404 outside the area', async () => {
    const { caseId } = (await upload(community, await xlsx([good('2026113000009')]))).body.items[0];
    const res = await community.get(`/api/v1/cases/${caseId}/hotline-order`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      orderNo: '2026113000009', calledAt: '2026-11-30T01:15:00.000Z', dispatchedAt: '2026-11-30T02:00:00.000Z', dueAt: '2026-12-03T02:00:00.000Z',
      categoryText: '城乡建设/物业管理', importedAt: expect.any(String), importedBy: expect.any(String),
    });
    expect((await (await t.as('streetb')).get(`/api/v1/cases/${caseId}/hotline-order`)).status).toBe(404);
    // The queue finds the case by its work order number.
    expect((await community.get('/api/v1/cases?keyword=2026113000009')).body.data.map((c: { id: number }) => c.id)).toEqual([caseId]);
    const other = await community.post('/api/v1/cases', { communityId: t.fixture.node.changjiaxiang, channel: 'visit', categoryCode: 'property', description: '走访中居民反映楼道灯不亮' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const none = await community.get(`/api/v1/cases/${other.body.id}/hotline-order`);
    expect([none.status, none.body]).toEqual([200, null]);
    expect((await (await t.as('streetb')).get(`/api/v1/cases/${other.body.id}/hotline-order`)).status).toBe(404);
  });

  it('skips orders imported before: the same file again creates nothing', async () => {
    const before = await count();
    const res = await upload(community, await xlsx([good('2026113000001'), good('2026113000002', { 诉求类别: '供热' })]));
    expect(res.body).toMatchObject({ rows: 2, created: 0, skipped: 2 });
    expect(res.body.items.every((i: { status: string; trackingNo: string }) => i.status === 'skipped' && /^GZ/.test(i.trackingNo))).toBe(true);
    expect(await count()).toBe(before);
  });

  it('reads CSV in UTF-8 with a BOM, without one, and in GBK', async () => {
    const rows = (prefix: string) => [good(`${prefix}1`, { 诉求内容: '楼道灯坏了，"声控"失灵,晚上很黑' }), good(`${prefix}2`, { 诉求类别: '市容环境' })];
    const bom = await upload(community, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(rows('CSVBOM')))]), 'a.csv');
    expect(bom.body).toMatchObject({ created: 2 });
    const plain = await upload(community, Buffer.from(csvText(rows('CSVUTF'))), 'b.csv');
    expect(plain.body).toMatchObject({ created: 2 });
    const gbkFile = await upload(community, gbk(csvText(rows('CSVGBK'))), 'c.csv');
    expect(gbkFile.body).toMatchObject({ created: 2 });
    const c = await t.db.selectFrom('case_record as c').innerJoin('hotline_order as h', 'h.case_id', 'c.id').select(['c.description', 'c.category_code']).where('h.order_no', 'in', ['CSVGBK1', 'CSVGBK2']).orderBy('h.order_no').execute();
    expect(c).toEqual([{ description: '楼道灯坏了，"声控"失灵,晚上很黑', category_code: 'property' }, { description: '电梯停运三天（CSVGBK2）', category_code: 'environment' }]);
  });

  it('rejects the whole file when a row is bad, listing every problem by row, writing nothing', async () => {
    const before = await count();
    const audits = (await t.db.selectFrom('audit_log').select('id').where('action', '=', 'hotline.import').execute()).length;
    const res = await upload(community, await xlsx([
      good('BAD0001'),
      good('', {}),
      good('BAD0003', { 所属社区: '不存在社区' }),
      good('BAD0004', { 所属社区: '陇西路社区', 所属街道: '', 所属区县: '' }),
      good('BAD0005', { 诉求类别: '外星人' }),
      good('BAD0006', { 联系电话: '0931-8888888' }),
      good('BAD0001'),
      good('BAD0008', { 来电时间: '昨天上午', 紧急程度: '很急' }),
    ]));
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('文件有 8 处错误，未导入任何工单');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'row 3.工单编号', 'row 4.所属社区', 'row 5.所属社区', 'row 6.诉求类别', 'row 7.联系电话', 'row 8.工单编号', 'row 9.紧急程度', 'row 9.来电时间',
    ]);
    expect(res.body.errors[5].message).toBe('工单编号与第 2 行重复');
    expect(res.body.errors[1].message).toBe('找不到该社区，或不在您的管辖范围内');
    expect(await count()).toBe(before);
    expect((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'hotline.import').execute()).length).toBe(audits);
  });

  it('lets a street import for its communities and tells namesakes apart', async () => {
    await t.db.insertInto('territory_node').values({ parent_id: t.fixture.node.zhangyelu, level: 'community', name: '畅家巷社区', code: '620102002099', path: '/tmp/', depth: 3 }).returning('id').executeTakeFirstOrThrow()
      .then((n) => t.db.updateTable('territory_node').set({ path: `/${t.fixture.node.city}/${t.fixture.node.chengguan}/${t.fixture.node.zhangyelu}/${n.id}/` }).where('id', '=', n.id).execute());
    const district = await t.as('district');
    const ambiguous = await upload(district, await xlsx([good('AMB001', { 所属街道: '', 所属区县: '' })]));
    expect(ambiguous.body.errors).toEqual([{ field: 'row 2.所属社区', message: '有多个同名社区，请填写所属区县、街道，或改填 12 位区划代码' }]);
    const ok = await upload(street, await xlsx([good('ST001'), good('ST002', { 所属社区: '张家园社区' })]));
    expect(ok.body).toMatchObject({ created: 2 });
    expect(ok.body.items.map((i: { communityName: string }) => i.communityName)).toEqual(['畅家巷社区', '张家园社区']);
  });

  it('drops NUL characters another system left in a cell, and refuses times no call can have', async () => {
    const padded = await upload(community, Buffer.from(csvText([good('NUL001', { 诉求内容: '电梯\u0000停运', 来电人: '王\u0000女士' })])), 'n.csv');
    expect(padded.status).toBe(200);
    const made = await t.db.selectFrom('case_record').select(['description', 'reporter_name']).where('id', '=', padded.body.items[0].caseId).executeTakeFirstOrThrow();
    expect(made).toEqual({ description: '电梯停运', reporter_name: '王女士' });
    const before = await count();
    const odd = await upload(community, await xlsx([good('TIME01', { 来电时间: '0001-01-01 09:15' }), good('TIME02', { 派单时间: '2030-01-01 10:00' }), good('TIME03', { 办理时限: '9999-12-31 17:00' })]));
    expect(odd.status).toBe(400);
    expect(odd.body.errors).toEqual([
      { field: 'row 2.来电时间', message: '时间应在 2000 年以后，且不晚于今天' },
      { field: 'row 3.派单时间', message: '时间应在 2000 年以后，且不晚于今天' },
      { field: 'row 4.办理时限', message: '办理时限应为截止时间（2026-12-03 17:00）或天数（如 3 或“3天”）' },
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses files that are neither .xlsx nor CSV with the template header', async () => {
    expect((await upload(community, Buffer.from('a,b\n1,2\n'), 'x.csv')).body.detail).toContain('缺少列');
    expect((await upload(community, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'x.xls')).body.detail).toContain('.xls');
    expect((await (await t.as('unit')).get('/api/v1/hotline/import-template')).status).toBe(403);
  });
});

describe('category mapping', () => {
  const categories = [{ code: 'property', label: '物业管理' }, { code: 'water_heating', label: '供水供暖' }, { code: 'environment', label: '环境卫生' }, { code: 'other', label: '其他' }];
  it('maps 12345 classifications by the last level first', () => {
    expect(mapCategory('城乡建设/物业管理/电梯故障', categories)).toBe('property');
    expect(mapCategory('公用事业-供热-暖气不热', categories)).toBe('water_heating');
    expect(mapCategory('环境卫生', categories)).toBe('environment');
    expect(mapCategory('供水供暖', categories)).toBe('water_heating');
    expect(mapCategory('交通运输/出租车', categories)).toBeNull();
  });
});
