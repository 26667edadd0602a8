import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { COLUMNS } from './roster.js';
import { rebuildCommitteeStats } from './stats.js';
import { appointCommittee, testIdNumber } from './test-support.js';

let t: TestContext;
let as: Record<'community' | 'city' | 'street' | 'admin', Agent>;

beforeAll(async () => {
  t = await testApp();
  await appointCommittee(t, t.fixture.node.changjiaxiang, [
    { name: '王书记', category: 'two_committees', role: 'director', secretary: true },
    { name: '赵委员', category: 'veteran', role: 'deputy_director' },
    { name: '钱委员', category: 'lawyer', role: 'rotating' },
  ]);
  as = { community: await t.as('community'), city: await t.as('city'), street: await t.as('street'), admin: await t.as('admin') };
}, 180_000);
afterAll(() => t.close());

type Row = Record<string, string>;
async function xlsx(rows: Row[]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名册');
  const headers = Object.values(COLUMNS);
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(headers.map((h) => r[h] ?? ''));
  return Buffer.from(await book.xlsx.writeBuffer());
}
async function importFile(agent: Agent, file: Buffer) {
  const boundary = '----gzroster';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return agent.request('POST', '/api/v1/committees/members/import', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}
const person = (name: string, serial: number, extra: Row = {}): Row => ({
  [COLUMNS.code]: '620102001002',
  [COLUMNS.name]: name,
  [COLUMNS.gender]: '女',
  [COLUMNS.phone]: '13987654321',
  [COLUMNS.idNumber]: testIdNumber(500 + serial),
  [COLUMNS.category]: '社区"两委"成员',
  [COLUMNS.role]: '常任委员',
  [COLUMNS.partyMember]: '是',
  [COLUMNS.secretary]: '否',
  [COLUMNS.termStart]: '2026-03-01',
  ...extra,
});

/** What the overview must equal: members in office counted straight from the rows. */
async function direct(nodeId: number) {
  const { rows } = await sql<{ category: string; n: number }>`SELECT m.category, count(*)::int AS n FROM committee_member m
    JOIN territory_node c ON c.id = m.community_id JOIN territory_node a ON a.id = ${nodeId}
    WHERE m.status IN ('serving', 'exiting') AND c.path LIKE a.path || '%' GROUP BY m.category`.execute(t.db);
  return Object.fromEntries(rows.map((r) => [r.category, r.n]));
}
const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('roster import', () => {
  it('reports every bad row and field and writes nothing', async () => {
    const res = await importFile(as.admin, await xlsx([
      person('张三', 1, { [COLUMNS.idNumber]: '620102198001011230' }),
      person('李四', 2, { [COLUMNS.phone]: '1234', [COLUMNS.role]: '秘书长' }),
      person('王五', 3, { [COLUMNS.code]: '620102009999' }),
      person('赵六', 4, { [COLUMNS.termStart]: '2026-02-30' }),
      person('钱七', 5, { [COLUMNS.termStart]: '0001-01-01', [COLUMNS.termEnd]: '9999-12-31' }),
    ]));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'row 2.身份证号', 'row 3.手机号', 'row 3.职务', 'row 4.社区编码', 'row 5.任期开始', 'row 6.任期开始', 'row 6.任期结束',
    ]);
    expect(res.body.errors[0].message).toBe('身份证号码无效（应为 18 位，校验位正确）');
    expect(res.body.errors[5].message).toBe('日期格式应为 YYYY-MM-DD，年份在 1900—2999 之间');
    const count = await t.db.selectFrom('committee_member').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
    expect(await t.db.selectFrom('committee').select('id').where('community_id', '=', t.fixture.node.zhangjiayuan).executeTakeFirst()).toBeUndefined();
  });

  it('imports a clean roster into a new committee', async () => {
    const res = await importFile(as.admin, await xlsx([
      person('张三', 1, { [COLUMNS.role]: '主任', [COLUMNS.secretary]: '是' }),
      person('李四', 2, { [COLUMNS.category]: '社区民警', [COLUMNS.role]: '副主任' }),
      person('王五', 3, { [COLUMNS.category]: '志愿者', [COLUMNS.role]: '轮值委员', [COLUMNS.termEnd]: '2027-02-28' }),
    ]));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 3, committees: 1 });
    // 张家园's staff would be the ones to import it; 畅家巷's may not.
    expect((await importFile(as.community, await xlsx([person('孙七', 9)]))).body.errors[0]).toEqual({ field: 'row 2.社区编码', message: '社区编码不存在或不在您的管辖范围内' });
    const list = await as.admin.get('/api/v1/committees?keyword=张家园');
    expect(list.body.data[0]).toMatchObject({ members: 3, status: 'active', formedOn: '2026-03-01' });
    const again = await importFile(as.admin, await xlsx([person('张三', 1)]));
    expect(again.body.errors).toEqual([{ field: 'row 2.身份证号', message: '该身份证号码的委员已在本社工委任职' }]);
  });

  it('exports the roster with masked personal data', async () => {
    const res = await as.admin.get('/api/v1/committees/members/export');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(7);
    const phones = sheet.getColumn(5).values.slice(2) as string[];
    expect(phones.every((p) => /^1\d\d\*{4}\d{4}$/.test(p))).toBe(true);
  });
});

describe('overview', () => {
  it("counts members by seed 000's categories, per node, equal to the rows", async () => {
    const res = await as.city.get('/api/v1/committees/overview');
    expect(res.status).toBe(200);
    expect(res.body.node).toMatchObject({ name: '兰州市', committees: 2, committeesActive: 2, members: 6 });
    expect(nonZero(res.body.node.byCategory)).toEqual(await direct(t.fixture.node.city));
    const seed = Object.fromEntries(res.body.seedTable.map((r: { code: string; n: number }) => [r.code, r.n]));
    // The lawyer and the volunteer are 其他 in seed 000's table.
    expect(seed).toMatchObject({ two_committees: 2, veteran: 1, police: 1, other: 2 });
    expect(res.body.children.map((c: { name: string; members: number }) => [c.name, c.members])).toEqual([['城关区', 6], ['七里河区', 0]]);
    const street = await as.street.get(`/api/v1/committees/overview`);
    expect(street.body.node).toMatchObject({ name: '酒泉路街道', members: 6 });
    expect((await as.street.get(`/api/v1/committees/overview?nodeId=${t.fixture.node.city}`)).status).toBe(403);
  });

  it('stays equal to the rows after an exit, and a rebuild gives the same rollups', async () => {
    const m = (await as.community.get('/api/v1/committees?keyword=畅家巷')).body.data[0];
    const members = (await as.community.get(`/api/v1/committees/${m.id}/members`)).body.data;
    const lawyer = members.find((x: { category: string }) => x.category === 'lawyer');
    const asked = await as.community.post(`/api/v1/committees/members/${lawyer.id}/exit-request`, { reason: '工作调动', version: lawyer.version });
    await as.community.post(`/api/v1/committees/members/${lawyer.id}/exit-approve`, { version: asked.body.version });
    const after = (await as.city.get('/api/v1/committees/overview')).body;
    expect(after.node).toMatchObject({ members: 5, vacancies: 1 });
    expect(nonZero(after.node.byCategory)).toEqual(await direct(t.fixture.node.city));
    await as.community.post('/api/v1/visits', {
      communityId: t.fixture.node.changjiaxiang, territoryId: t.fixture.node.building2, whomKind: 'household', room: '101',
      visitedAt: new Date().toISOString(), summary: '入户走访',
    });
    const snapshot = async () => ({
      stats: await t.db.selectFrom('committee_stats').selectAll().where('n', '!=', 0).orderBy(['node_id', 'dim', 'value']).execute(),
      visits: await t.db.selectFrom('visit_stats_month').selectAll().orderBy(['node_id', 'month']).execute(),
    });
    const incremental = await snapshot();
    expect((await as.community.post('/api/v1/committees/overview/rebuild')).status).toBe(403);
    const rebuilt = await as.admin.post('/api/v1/committees/overview/rebuild');
    expect(rebuilt.status).toBe(200);
    expect(await snapshot()).toEqual(incremental);
    expect((await rebuildCommitteeStats(t.db)).committees).toBe(2);
    expect((await as.city.get('/api/v1/committees/overview')).body.node.visitsThisMonth).toBe(1);
  });
});
