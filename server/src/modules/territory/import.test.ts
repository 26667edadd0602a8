import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';

let t: TestContext;
let street: Agent;
beforeAll(async () => {
  t = await testApp();
  street = await t.as('street');
});
afterAll(() => t.close());

const HEADERS = ['社区编码', '网格', '小区', '楼院', '备注'];

async function workbook(rows: (string | number)[][], headers = HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('导入数据');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function upload(agent: Agent, content: Buffer, field = 'file') {
  const boundary = `----gongzhi${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="import.xlsx"\r\n`),
    Buffer.from('Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return agent.request('POST', '/api/v1/territory/import', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const nodeCount = async () => Number((await t.db.selectFrom('territory_node').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const childrenOf = (parentId: number) =>
  t.db.selectFrom('territory_node').select(['id', 'name', 'level', 'path', 'depth']).where('parent_id', '=', parentId).orderBy('sort').orderBy('id').execute();

describe('the import template', () => {
  it('has the headers, an example row and a sheet of instructions', async () => {
    const res = await street.get('/api/v1/territory/import-template');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    const [data, help] = book.worksheets;
    expect((data!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(data!.getRow(2).getCell(1).value).toBe('620102001001');
    expect(help!.name).toBe('填写说明');
    expect(String(help!.getRow(3).getCell(1).value)).toContain('社区编码');
  });

  it('needs territory:write', async () => {
    expect((await (await t.as('grid')).get('/api/v1/territory/import-template')).status).toBe(403);
  });
});

describe('importing', () => {
  it('rejects a file that is not Excel', async () => {
    const res = await upload(street, Buffer.from('社区编码,网格\n620102001001,第一网格\n'));
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('上传的文件不是有效的 Excel（.xlsx）文件');
  });

  it('rejects a request without the file field', async () => {
    const res = await upload(street, await workbook([['620102001001', '第一网格']]), 'attachment');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.file', message: '请在表单字段 file 中上传 Excel 文件' }]);
    expect((await street.post('/api/v1/territory/import', { file: 'x' })).status).toBe(415);
  });

  it('reports every bad row by number and writes nothing', async () => {
    const before = await nodeCount();
    const auditBefore = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'territory.import').execute();
    const file = await workbook([
      ['620102001001', '第五网格', '幸福小区', '1号楼', '这一行本身没问题'],
      ['620199999001', '第一网格', '', '', '不存在的社区'],
      ['620102002001', '第一网格', '', '', '张掖路街道的社区，在酒泉路街道的范围之外'],
      ['620102001002', '', '', '8号楼', '楼院没有网格'],
      ['620102001002', '网'.repeat(51), '', '', '名称过长'],
      ['6201', '第一网格', '', '', '编码格式'],
    ]);
    const res = await upload(street, file);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('territory.import_invalid');
    expect(res.body.errors).toEqual([
      { field: 'row 3.社区编码', message: '上级不存在' },
      { field: 'row 4.社区编码', message: '上级不存在' },
      { field: 'row 5.网格', message: '填写了小区或楼院时必须填写所属网格' },
      { field: 'row 6.网格', message: '最多 50 个字符' },
      { field: 'row 7.社区编码', message: '社区编码应为 12 位数字' },
    ]);
    expect(res.body.detail).toContain('row 3.社区编码: 上级不存在');
    expect(await nodeCount()).toBe(before);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'territory.import').execute()).toEqual(auditBefore);
  });

  it('reports a name used by a sibling of another level', async () => {
    const before = await nodeCount();
    // 畅家巷 第一网格 already holds the compound 畅家巷小区; a building of that name cannot sit beside it.
    const res = await upload(street, await workbook([['620102001001', '第一网格', '', '畅家巷小区']]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'row 2.楼院', message: '“畅家巷小区”已作为小区存在，不能再作为楼院' }]);
    expect(await nodeCount()).toBe(before);
  });

  it('creates the missing path nodes, reuses existing ones, all audited', async () => {
    const before = await nodeCount();
    const res = await upload(
      street,
      await workbook([
        ['620102001001', '第一网格', '畅家巷小区', '1号楼', '全部已存在'],
        ['620102001001', '第一网格', '畅家巷小区', '3号楼', '新楼'],
        ['620102001001', '第二网格', '金城小区', '1号楼'],
        ['620102001001', '第二网格', '金城小区', '2号楼'],
        ['620102001001', '第二网格', '', '民主路12号院', '楼院直属网格'],
        [620102001002, '第一网格', '张家园小区', ''],
      ]),
    );
    expect(res.status).toBe(200);
    // New: 3号楼; 第二网格, 金城小区, its 1号楼 and 2号楼, 民主路12号院; 张家园小区.
    expect(res.body).toEqual({ created: 7, reused: 4, rows: 6 });
    expect(await nodeCount()).toBe(before + 7);

    const cjx = t.fixture.node.changjiaxiang;
    const grids = await childrenOf(cjx);
    expect(grids.map((g) => g.name)).toEqual(['第一网格', '第二网格']);
    const second = grids[1]!;
    const underSecond = await childrenOf(second.id);
    expect(underSecond.map((n) => [n.name, n.level])).toEqual([['金城小区', 'compound'], ['民主路12号院', 'building']]);
    const buildings = await childrenOf(underSecond[0]!.id);
    expect(buildings.map((b) => b.name)).toEqual(['1号楼', '2号楼']);
    expect(buildings[0]!.path).toBe(`${underSecond[0]!.path}${buildings[0]!.id}/`);
    expect(buildings[0]!.depth).toBe(6);
    expect((await childrenOf(t.fixture.node.changjiaxiangCompound)).map((b) => b.name)).toEqual(['1号楼', '2号楼', '3号楼']);

    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'territory.import').orderBy('territory_id').execute();
    expect(log.map((l) => [l.territory_id, l.actor_id])).toEqual([
      [cjx, t.fixture.user.street],
      [t.fixture.node.zhangjiayuan, t.fixture.user.street],
    ]);
    expect(log[0]!.summary).toBe('Excel 导入：在社区“畅家巷社区”下新建 6 个节点，沿用 3 个');

    // The new nodes are searchable like any other.
    const found = await street.get(`/api/v1/territory/search?q=${encodeURIComponent('金城')}`);
    expect(found.body.data.map((n: any) => n.fullName)).toEqual(['兰州市/城关区/酒泉路街道/畅家巷社区/第二网格/金城小区']);

    const again = await upload(street, await workbook([['620102001001', '第二网格', '金城小区', '2号楼']]));
    expect(again.body).toEqual({ created: 0, reused: 3, rows: 1 });
    expect(await nodeCount()).toBe(before + 7);
  });

  it('rejects a file with the wrong headers', async () => {
    const res = await upload(street, await workbook([['620102001001', '第一网格']], ['编码', '网格']));
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('社区编码');
  });
});
