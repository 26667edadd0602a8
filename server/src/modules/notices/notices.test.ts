import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { ResidentAgent } from '../resident/test-support.js';
import { closeEndedNotices, noticeClosingJob } from './closing.js';
import { OBJECTIONS_PER_DAY } from './objections.js';
import { publishNotice } from './service.js';

let t: TestContext;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('objections and the closing job', () => {
  it('takes objections while open, rate-limits a phone, and closes the notice when its period ends', async () => {
    const notice = await publishNotice(t.db, { communityId: t.fixture.node.changjiaxiang, kind: 'project', title: '小区停车位改造项目公示', body: '拟在 2 号楼北侧增设停车位 20 个', objectable: true, days: 3 });
    const resident = await new ResidentAgent(t, '10.0.0.9').login('13500000001');
    const anonymous = await t.agent().post(`/api/v1/resident/notices/${notice.id}/objections`, { content: '停车位会占用绿地' });
    expect(anonymous.status).toBe(401);
    expect((await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, { content: '短' })).status).toBe(400);
    for (let i = 0; i < OBJECTIONS_PER_DAY; i++) {
      expect((await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, { content: `停车位会占用绿地，第 ${i + 1} 条意见` })).status).toBe(201);
    }
    const limited = await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, { content: '再提一条不同的意见' });
    expect(limited.status).toBe(429);

    const community = await t.as('community');
    const listed = (await community.get('/api/v1/notices?status=open')).body;
    expect(listed.data[0]).toMatchObject({ id: notice.id, objections: OBJECTIONS_PER_DAY, pendingObjections: OBJECTIONS_PER_DAY });
    expect((await (await t.as('streetb')).get(`/api/v1/notices/${notice.id}/objections`)).status).toBe(404);
    const [first] = (await community.get(`/api/v1/notices/${notice.id}/objections`)).body;
    expect(first.phone).toBe('135****0001');
    const noFinding = await community.post(`/api/v1/notices/objections/${first.id}/finding`, { version: first.version, upheld: false, finding: '   ' });
    expect(noFinding.status).toBe(400);
    expect((await community.post(`/api/v1/notices/objections/${first.id}/finding`, { version: first.version, upheld: false, finding: '改造不占用绿地，已现场核实' })).status).toBe(200);
    expect((await community.post(`/api/v1/notices/objections/${first.id}/finding`, { version: first.version + 1, upheld: true, finding: '再认定' })).status).toBe(409);

    expect(await closeEndedNotices(t.db, new Date(Date.now() + 2 * 86_400_000))).toBe(0);
    await noticeClosingJob.run(t.db);
    expect(await closeEndedNotices(t.db, new Date(Date.now() + 4 * 86_400_000))).toBe(1);
    const closed = await t.db.selectFrom('public_notice').select(['status', 'closed_at']).where('id', '=', notice.id).executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    const late = await resident.post(`/api/v1/resident/notices/${notice.id}/objections`, { content: '公示结束后才提出的意见' });
    expect(late.status).toBe(409);
  });

  it('withdraws a plain notice from the board, in the caller’s area only', async () => {
    const notice = await publishNotice(t.db, { communityId: t.fixture.node.changjiaxiang, kind: 'result', title: '楼道灯已修复', body: '1 号楼楼道灯已更换' });
    expect((await (await t.as('streetb')).post(`/api/v1/notices/${notice.id}/withdraw`, { version: 1, reason: '发布错误' })).status).toBe(404);
    const community = await t.as('community');
    expect((await community.post(`/api/v1/notices/${notice.id}/withdraw`, { version: 1, reason: '发布错误' })).status).toBe(200);
    expect((await t.agent().get(`/api/v1/public/notices/${notice.id}`)).status).toBe(404);
    expect((await community.post(`/api/v1/notices/${notice.id}/withdraw`, { version: 2, reason: '再撤一次' })).status).toBe(409);
  });
});
