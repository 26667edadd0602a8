import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestContext } from '../../../test/harness.js';
import { jpeg, ResidentAgent, uploadAs } from '../resident/test-support.js';
import { storageFor } from '../../platform/storage.js';
import { purgeUnclaimedUploads } from './attachment-cleanup.js';
import { caseWorld, newCase, type CaseWorld } from './test-support.js';

let t: TestContext;
let w: CaseWorld;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-attachments-test-'));
beforeAll(async () => {
  t = await testApp({ dataDir });
  w = await caseWorld(t);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('case photos for staff', () => {
  it('stores an upright, metadata-free copy and a 320 px thumbnail on disk', async () => {
    const withGps = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3a6' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'X1' } })
      .toBuffer();
    const res = await uploadAs(w.as.grid, '/api/v1/attachments', withGps, '现场.jpg');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '现场.jpg', contentType: 'image/jpeg', width: 2560, height: 1707 });
    const stored = await t.db.selectFrom('case_attachment').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    const file = fs.readFileSync(path.join(dataDir, 'uploads', stored.storage_key));
    expect((await sharp(file).metadata()).exif).toBeUndefined();
    const thumb = await w.as.grid.get(res.body.thumbnailUrl);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumb.raw).metadata();
    expect([meta.width, meta.height]).toEqual([320, 213]);
  });

  it('accepts PNG and WebP, judged by their bytes and not their names', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: '#00f8' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#f00' } }).webp().toBuffer();
    expect((await uploadAs(w.as.grid, '/api/v1/attachments', png, 'a.jpg')).body.contentType).toBe('image/png');
    expect((await uploadAs(w.as.grid, '/api/v1/attachments', webp, 'b.png')).body.contentType).toBe('image/webp');
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expect((await uploadAs(w.as.grid, '/api/v1/attachments', gif, 'c.jpg')).status).toBe(400);
    expect((await uploadAs(w.as.unit, '/api/v1/attachments', png)).status).toBe(403);
  });

  it('attaches photos to a new case; the case and its first step list them; only those who see the case download them', async () => {
    const a = await uploadAs(w.as.community, '/api/v1/attachments', await jpeg());
    // Before it is attached only its uploader sees it.
    expect((await w.as.community.get(a.body.url)).status).toBe(200);
    expect((await w.as.street.get(a.body.url)).status).toBe(404);
    const created = await w.as.community.post('/api/v1/cases', newCase(w, { attachmentIds: [a.body.id] }));
    expect(created.status).toBe(201);
    expect(created.body.attachments).toEqual([expect.objectContaining({ id: a.body.id, thumbnailUrl: `/api/v1/attachments/${a.body.id}/thumbnail` })]);
    const timeline = await w.as.community.get(`/api/v1/cases/${created.body.id}/timeline`);
    expect(timeline.body[0].attachments.map((x: { id: number }) => x.id)).toEqual([a.body.id]);
    expect((await w.as.street.get(a.body.url)).status).toBe(200);
    expect((await w.as.streetb.get(a.body.url)).status).toBe(404);
    expect((await w.as.dept.get(a.body.url)).status).toBe(404);
    expect((await t.agent().get(a.body.url)).status).toBe(401);
    // A resident's route never serves a staff case's photo.
    const resident = await new ResidentAgent(t).login('13955556666');
    expect((await resident.get(`/api/v1/resident/attachments/${a.body.id}/file`)).status).toBe(404);
    // A photo belongs to one case only.
    expect((await w.as.community.post('/api/v1/cases', newCase(w, { attachmentIds: [a.body.id] }))).status).toBe(400);
  });

  it('refuses an upload that is not multipart, or has no file field', async () => {
    expect((await w.as.grid.post('/api/v1/attachments', { file: 'x' })).status).toBe(415);
    const boundary = '----x';
    const empty = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`);
    const res = await w.as.grid.request('POST', '/api/v1/attachments', empty, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body.file', message: '请选择要上传的图片' }]);
  });
});

describe('abandoned uploads', () => {
  it('are deleted, row and files, after a day; claimed ones stay', async () => {
    const kept = await uploadAs(w.as.community, '/api/v1/attachments', await jpeg());
    expect((await w.as.community.post('/api/v1/cases', newCase(w, { attachmentIds: [kept.body.id] }))).status).toBe(201);
    const abandoned = await uploadAs(w.as.community, '/api/v1/attachments', await jpeg());
    const row = await t.db.selectFrom('case_attachment').selectAll().where('id', '=', abandoned.body.id).executeTakeFirstOrThrow();
    const file = path.join(dataDir, 'uploads', row.storage_key);
    expect(fs.existsSync(file)).toBe(true);
    const storage = storageFor({ dataDir, storage: 'local' });
    expect(await purgeUnclaimedUploads(t.db, storage)).toBe(0);
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    expect(await purgeUnclaimedUploads(t.db, storage, tomorrow)).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(file)).toBe(false);
    expect(await t.db.selectFrom('case_attachment').select('id').where('id', '=', abandoned.body.id).executeTakeFirst()).toBeUndefined();
    expect((await w.as.community.get(kept.body.url)).status).toBe(200);
  });
});
