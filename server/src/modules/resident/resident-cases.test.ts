import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { act, caseWorld, type CaseWorld } from '../cases/test-support.js';
import { mayFire, TRANSITIONS } from '../cases/workflow.js';
import { jpeg, ResidentAgent, uploadAs } from './test-support.js';

let t: TestContext;
let w: CaseWorld;
let wang: ResidentAgent;
let li: ResidentAgent;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-resident-test-'));
beforeAll(async () => {
  t = await testApp({ dataDir });
  w = await caseWorld(t);
  wang = await new ResidentAgent(t, '10.1.0.1').login('13811112222');
  li = await new ResidentAgent(t, '10.1.0.2').login('13833334444');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const body = (overrides: Record<string, unknown> = {}) => ({
  communityId: t.fixture.node.changjiaxiang,
  territoryId: t.fixture.node.building1,
  categoryCode: 'property',
  description: '1号楼楼道灯坏了一个多月，晚上看不见台阶',
  ...overrides,
});

async function photo(agent: ResidentAgent = wang) {
  const res = await uploadAs(agent, '/api/v1/resident/attachments', await jpeg());
  expect(res.status).toBe(201);
  return res.body as { id: number; url: string; thumbnailUrl: string };
}

const outbox = (phone: string) => t.db.selectFrom('outbox_message').select(['kind', 'body']).where('recipient', '=', phone).where('kind', 'like', 'case.%').orderBy('id').execute();

describe('the QR page lookups', () => {
  it('gives the community, its buildings and the categories without login', async () => {
    const anonymous = new ResidentAgent(t);
    const community = await anonymous.get(`/api/v1/resident/communities/${t.fixture.node.changjiaxiang}`);
    expect(community.body).toEqual({ id: t.fixture.node.changjiaxiang, name: '畅家巷社区', code: '620102001001', fullName: '城关区 · 酒泉路街道 · 畅家巷社区' });
    expect((await anonymous.get('/api/v1/resident/communities?code=620102001001')).body.id).toBe(t.fixture.node.changjiaxiang);
    expect((await anonymous.get(`/api/v1/resident/communities/${t.fixture.node.jiuquanlu}`)).status).toBe(404);
    const places = await anonymous.get(`/api/v1/resident/communities/${t.fixture.node.changjiaxiang}/places`);
    expect(places.body.map((p: { label: string }) => p.label)).toEqual(['第一网格', '第一网格 · 畅家巷小区', '第一网格 · 畅家巷小区 · 1号楼', '第一网格 · 畅家巷小区 · 2号楼']);
    const categories = await anonymous.get('/api/v1/resident/categories');
    expect(categories.body).toContainEqual({ code: 'property', label: '物业管理', labelEn: expect.any(String) });
  });
});

describe('a resident submits a case', () => {
  it('with a photo, a building and a map point, and gets a tracking number', async () => {
    const picture = await photo();
    const res = await wang.post('/api/v1/resident/cases', body({ attachmentIds: [picture.id], location: { lat: 36.06, lng: 103.83 }, reporterName: '王先生', idempotencyKey: 'k-1' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', statusName: '待受理', placeName: '1号楼', communityName: '畅家巷社区', location: { lat: 36.06, lng: 103.83 } });
    expect(res.body.trackingNo).toMatch(/^GZ\d{8}-\d{6}$/);
    expect(res.body.attachments).toEqual([expect.objectContaining({ id: picture.id, url: `/api/v1/resident/attachments/${picture.id}/file` })]);
    expect(res.body.timeline).toEqual([expect.objectContaining({ action: 'submit', label: '提交诉求', attachments: [expect.objectContaining({ id: picture.id })] })]);
    // Staff see it as an H5 case with the resident's (masked) number and the photo.
    const staff = await w.as.community.get(`/api/v1/cases/${res.body.id}`);
    expect(staff.body).toMatchObject({ channel: 'h5', reporterPhone: '138****2222', reporterName: '王先生', attachments: [{ id: picture.id, url: `/api/v1/attachments/${picture.id}/file` }] });
    const timeline = await w.as.community.get(`/api/v1/cases/${res.body.id}/timeline`);
    expect(timeline.body[0]).toMatchObject({ action: 'submit', actor: '居民', attachments: [{ id: picture.id }] });
    const audit = await t.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'case.submit').where('entity_id', '=', String(res.body.id)).executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('居民 138****2222');
  });

  it('returns the first case for a retry, by body field or Idempotency-Key header, and 409 for another body with the key', async () => {
    const first = await wang.post('/api/v1/resident/cases', body({ description: '小区东门路灯不亮' }), { 'idempotency-key': 'net-drop-1' });
    const retry = await wang.post('/api/v1/resident/cases', body({ description: '小区东门路灯不亮' }), { 'idempotency-key': 'net-drop-1' });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.id).toBe(first.body.id);
    const other = await wang.post('/api/v1/resident/cases', body({ description: '另一件事', idempotencyKey: 'net-drop-1' }));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('case.idempotency_mismatch');
    // Keys are per phone: another resident may use the same one.
    expect((await li.post('/api/v1/resident/cases', body({ description: '小区东门路灯不亮' }), { 'idempotency-key': 'net-drop-1' })).status).toBe(201);
    const count = await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'h5:13811112222').where('idempotency_key', '=', 'net-drop-1').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('refuses an empty description, an unknown category and a building outside the community', async () => {
    const blank = await wang.post('/api/v1/resident/cases', body({ description: '   ' }));
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ field: 'body.description', message: '请填写问题描述' }]);
    expect((await wang.post('/api/v1/resident/cases', body({ description: '' }))).body.errors[0].field).toBe('body.description');
    const category = await wang.post('/api/v1/resident/cases', body({ categoryCode: 'no_such' }));
    expect(category.body.errors).toEqual([{ field: 'body.categoryCode', message: '诉求分类不存在或已停用' }]);
    const outside = await wang.post('/api/v1/resident/cases', body({ territoryId: t.fixture.node.longxiluBuilding }));
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ field: 'body.territoryId', message: '所选位置不在该社区内' }]);
    expect((await new ResidentAgent(t).post('/api/v1/resident/cases', body())).status).toBe(401);
  });

  it('refuses a 10 MB photo (413) and a file named .jpg that is no image, and writes nothing', async () => {
    const before = await t.db.selectFrom('case_attachment').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const big = await uploadAs(wang, '/api/v1/resident/attachments', Buffer.concat([await jpeg(), Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(big.body.errors).toEqual([{ field: 'body.file', message: '图片不能超过 5 MB' }]);
    const fake = await uploadAs(wang, '/api/v1/resident/attachments', Buffer.from('MZ this is a Windows program, not a photo'), 'photo.jpg');
    expect(fake.status).toBe(400);
    expect(fake.body.errors).toEqual([{ field: 'body.file', message: '只能上传 JPEG、PNG 或 WebP 图片' }]);
    const broken = await uploadAs(wang, '/api/v1/resident/attachments', (await jpeg()).subarray(0, 200), 'cut.jpg');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].message).toBe('图片文件已损坏，无法读取');
    const after = await t.db.selectFrom('case_attachment').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it("refuses someone else's upload, a used one and more than six, and keeps the case unwritten", async () => {
    const lis = await photo(li);
    const res = await wang.post('/api/v1/resident/cases', body({ attachmentIds: [lis.id] }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.attachmentIds', message: '图片不存在、已被使用或不是您上传的，请重新上传' }]);
    const seven = await wang.post('/api/v1/resident/cases', body({ attachmentIds: [1, 2, 3, 4, 5, 6, 7] }));
    expect(seven.status).toBe(400);
    expect(seven.body.errors[0].field).toBe('body.attachmentIds');
    const mine = await photo();
    expect((await wang.post('/api/v1/resident/cases', body({ description: '单元门坏了', attachmentIds: [mine.id] }))).status).toBe(201);
    expect((await wang.post('/api/v1/resident/cases', body({ description: '单元门又坏了', attachmentIds: [mine.id] }))).status).toBe(400);
  });
});

describe('a resident follows, rates and reopens their case', () => {
  it('sees only their own cases and photos', async () => {
    const mine = await wang.get('/api/v1/resident/cases');
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.data.every((c: { communityName: string }) => c.communityName === '畅家巷社区')).toBe(true);
    const theirs = await li.get('/api/v1/resident/cases');
    const wangIds = new Set(mine.body.data.map((c: { id: number }) => c.id));
    expect(theirs.body.data.some((c: { id: number }) => wangIds.has(c.id))).toBe(false);
    const first = mine.body.data.at(-1);
    const detail = await wang.get(`/api/v1/resident/cases/${first.id}`);
    expect((await li.get(`/api/v1/resident/cases/${first.id}`)).status).toBe(404);
    const url = detail.body.attachments[0].url;
    const own = await wang.get(url);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect((await wang.get(detail.body.attachments[0].thumbnailUrl)).status).toBe(200);
    expect((await li.get(url)).status).toBe(404);
    expect((await new ResidentAgent(t).get(url)).status).toBe(401);
  });

  it('is told each step, reads the reply and its photos, and never sees staff names or internal notes', async () => {
    const created = await wang.post('/api/v1/resident/cases', body({ description: '2号楼下水道堵塞，污水外溢', territoryId: t.fixture.node.building2 }));
    const id = created.body.id;
    let version = created.body.version;
    const step = async (action: Parameters<typeof act>[3], by = w.as.community, extra: Record<string, unknown> = {}) => {
      const res = await act(w, by, id, action, version, extra);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      version = res.body.version;
    };
    // Rating before closure is refused by the state table.
    const early = await wang.post(`/api/v1/resident/cases/${id}/rate`, { version, rating: 'satisfied' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('case.invalid_transition');
    await step('accept');
    await step('dispatch');
    await step('sign', w.as.grid);
    const replyPhoto = await uploadAs(w.as.grid, '/api/v1/attachments', await jpeg(800, 600), '疏通后.jpg');
    expect(replyPhoto.status).toBe(201);
    await step('reply', w.as.grid, { text: '已联系物业疏通下水道，恢复正常', attachmentIds: [replyPhoto.body.id] });
    const replied = await wang.get(`/api/v1/resident/cases/${id}`);
    expect(replied.body).toMatchObject({ status: 'replied', replyText: '已联系物业疏通下水道，恢复正常', canRate: false });
    const replyStep = replied.body.timeline.find((s: { action: string }) => s.action === 'reply');
    expect(replyStep).toMatchObject({ label: '办理答复', note: '已联系物业疏通下水道，恢复正常', attachments: [{ id: replyPhoto.body.id, name: '疏通后.jpg' }] });
    // The reply photo is the resident's to see, through their own route.
    expect((await wang.get(replyStep.attachments[0].url)).status).toBe(200);
    await step('verify_pass');
    const closed = await wang.get(`/api/v1/resident/cases/${id}`);
    expect(closed.body).toMatchObject({ status: 'closed', canRate: true, canReopen: false });
    const json = JSON.stringify(closed.body);
    for (const secret of ['畅家巷网格员', '畅家巷社区工作', '现场核实已修好']) expect(json).not.toContain(secret);
    expect(closed.body.timeline.map((s: { label: string }) => s.label)).toEqual(['提交诉求', '已受理', '已派单', '开始办理', '办理答复', '已办结']);
    const told = await outbox('13811112222');
    expect(told.slice(-3).map((m) => m.kind)).toEqual(['case.accept', 'case.reply', 'case.verify_pass']);
    expect(told.at(-1)!.body).toBe(`【共治】您反映的问题（编号 ${created.body.trackingNo}）已办结，请在“我的诉求”中对办理结果进行评价。`);

    // 不满意 → reopen once.
    const rated = await wang.post(`/api/v1/resident/cases/${id}/rate`, { version: closed.body.version, rating: 'dissatisfied', comment: '味道还在' });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'rated', rating: 'dissatisfied', ratingComment: '味道还在', canReopen: true });
    expect(rated.body.timeline.at(-1)).toMatchObject({ action: 'rate', label: '评价：不满意', note: '味道还在' });
    const again = await wang.post(`/api/v1/resident/cases/${id}/rate`, { version: rated.body.version, rating: 'satisfied' });
    expect(again.status).toBe(409);
    const reopened = await wang.post(`/api/v1/resident/cases/${id}/reopen`, { version: rated.body.version, reason: '还是有异味' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'handling', reopenCount: 1, rating: null, canReopen: false });
    const inbox = await w.as.grid.get('/api/v1/notifications');
    expect(inbox.body.data[0]).toMatchObject({ kind: 'case.reopened', entityId: String(id) });
    // The resident is not texted about their own step.
    expect((await outbox('13811112222')).at(-1)!.kind).toBe('case.verify_pass');

    version = reopened.body.version;
    await step('reply', w.as.grid, { text: '已请专业公司清理管道' });
    await step('verify_pass');
    const second = await wang.post(`/api/v1/resident/cases/${id}/rate`, { version, rating: 'dissatisfied' });
    expect(second.body.canReopen).toBe(false);
    const twice = await wang.post(`/api/v1/resident/cases/${id}/reopen`, { version: second.body.version });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('case.guard.not_reopened_before');
    // Another resident cannot rate or reopen it: to them it does not exist.
    expect((await li.post(`/api/v1/resident/cases/${id}/reopen`, { version: second.body.version })).status).toBe(404);
  });

  it('is told of a rejection with the reason shown', async () => {
    const created = await li.post('/api/v1/resident/cases', body({ description: '希望小区增加篮球场' }));
    const res = await act(w, w.as.community, created.body.id, 'reject', created.body.version, { reason: '属于规划事项，请向街道反映' });
    expect(res.status).toBe(200);
    const seen = await li.get(`/api/v1/resident/cases/${created.body.id}`);
    expect(seen.body).toMatchObject({ status: 'rejected', rejectReason: '属于规划事项，请向街道反映', canRate: false });
    expect(seen.body.timeline.at(-1)).toMatchObject({ label: '不予受理', note: '属于规划事项，请向街道反映' });
    expect((await outbox('13833334444')).at(-1)!.kind).toBe('case.reject');
  });

  it('can follow a hotline case staff recorded with their number, and staff can still record a 回访 rating', async () => {
    const hotline = await w.as.community.post('/api/v1/cases', {
      communityId: t.fixture.node.changjiaxiang,
      channel: 'hotline',
      categoryCode: 'property',
      description: '电话反映：电梯异响',
      reporterPhone: '13833334444',
    });
    expect(hotline.status).toBe(201);
    expect((await li.get(`/api/v1/resident/cases/${hotline.body.id}`)).body.trackingNo).toBe(hotline.body.trackingNo);
    expect((await wang.get(`/api/v1/resident/cases/${hotline.body.id}`)).status).toBe(404);
  });
});

describe('the reporter rule of the state table', () => {
  const resident = { permissionsHere: new Set<never>(), isHolder: false, isReporter: true };
  const stranger = { ...resident, isReporter: false };
  it('lets the reporter rate and reopen and nothing else; staff keep the 回访 rating', () => {
    for (const [action, t] of Object.entries(TRANSITIONS)) {
      expect(mayFire(t, 'routine', resident), action).toBe(action === 'rate' || action === 'reopen');
      expect(mayFire(t, 'routine', stranger), action).toBe(false);
    }
    const verifier = { permissionsHere: new Set(['case:verify'] as const), isHolder: false };
    expect(mayFire(TRANSITIONS.rate, 'routine', verifier)).toBe(true);
    expect(mayFire(TRANSITIONS.reopen, 'routine', verifier)).toBe(true);
  });
});
