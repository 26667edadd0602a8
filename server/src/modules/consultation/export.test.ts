import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Agent, type TestContext } from '../../../test/harness.js';
import { readXlsx } from '../../platform/excel.js';

let t: TestContext;
let community: Agent;
let streetb: Agent;
beforeAll(async () => {
  t = await testApp();
  [community, streetb] = await Promise.all([t.as('community'), t.as('streetb')]);
});
afterAll(() => t.close());

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('list exports', () => {
  it('exports consultations and mediations with the list filters, phones masked, only in the caller’s scope', async () => {
    const item = (agent: Agent, communityId: number, placeId: number, title: string, level: string) =>
      agent.post('/api/v1/consultations', { communityId, title, subject: '协商内容', level, placeIds: [placeId], collectUntil: inHours(48) });
    const mine = await item(community, t.fixture.node.changjiaxiang, t.fixture.node.building1, '畅家巷小区1号楼加装电梯', 'resident');
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect((await item(community, t.fixture.node.changjiaxiang, t.fixture.node.building2, '2号楼停车位划分', 'multi')).status).toBe(201);
    expect((await item(streetb, t.fixture.node.longxilu, t.fixture.node.longxiluBuilding, '陇西路小区屋顶防水', 'resident')).status).toBe(201);

    const res = await community.get('/api/v1/consultations/export?level=resident');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('议事协商_'));
    const rows = await readXlsx(res.raw, ['议题', '社区', '协商形式', '步骤']);
    expect(rows.map((r) => r.values)).toEqual([expect.objectContaining({ 议题: '畅家巷小区1号楼加装电梯', 社区: '畅家巷社区', 协商形式: '居民协商', 意见数: '0' })]);
    const theirs = (await readXlsx((await streetb.get('/api/v1/consultations/export')).raw, ['议题'])).map((r) => r.values['议题']);
    expect(theirs).toEqual(['陇西路小区屋顶防水']);

    const dispute = (agent: Agent, communityId: number, title: string, phone: string) =>
      agent.post('/api/v1/mediations', {
        communityId,
        title,
        description: '双方就维修费用发生争执。',
        disputeType: '邻里纠纷',
        parties: [{ name: '刘芳', phone, role: 'applicant' }, { name: '陈刚', role: 'respondent' }],
        mediators: [{ name: '张秀兰' }],
      });
    expect((await dispute(community, t.fixture.node.changjiaxiang, '2号楼楼上漏水纠纷', '13800000402')).status).toBe(201);
    expect((await dispute(streetb, t.fixture.node.longxilu, '陇西路噪音纠纷', '13800000999')).status).toBe(201);

    const med = await community.get('/api/v1/mediations/export?status=registered&keyword=漏水');
    expect(med.status).toBe(200);
    expect(String(med.headers['content-disposition'])).toContain(encodeURIComponent('矛盾纠纷调解_'));
    const mediations = await readXlsx(med.raw, ['纠纷', '当事人', '调解员']);
    expect(mediations.map((r) => r.values)).toEqual([
      expect.objectContaining({ 纠纷: '2号楼楼上漏水纠纷', 社区: '畅家巷社区', 状态: '已登记', 当事人: '刘芳（申请人，138****0402）；陈刚（被申请人）', 调解员: '张秀兰' }),
    ]);
    expect(med.raw.includes(Buffer.from('13800000402'))).toBe(false);
    const all = await readXlsx((await community.get('/api/v1/mediations/export')).raw, ['纠纷']);
    expect(all.map((r) => r.values['纠纷'])).toEqual(['2号楼楼上漏水纠纷']);
    expect((await (await t.as('unit')).get('/api/v1/mediations/export')).status).toBe(403);
  });
});
