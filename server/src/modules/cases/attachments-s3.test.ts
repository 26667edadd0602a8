import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectStore } from '../../../test/object-store.js';
import { testApp, type TestContext } from '../../../test/harness.js';
import { jpeg, uploadAs } from '../resident/test-support.js';
import { storageFor } from '../../platform/storage.js';
import { purgeUnclaimedUploads } from './attachment-cleanup.js';
import { caseWorld, newCase, type CaseWorld } from './test-support.js';

/** GONGZHI_STORAGE=s3: what several servers behind a load balancer share instead of each one's disk. */
const store = objectStore();
let t: TestContext;
let w: CaseWorld;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-attachments-s3-test-'));
beforeAll(async () => {
  t = await testApp({ dataDir, storage: 's3', s3: await store.start() });
  w = await caseWorld(t);
});
afterAll(async () => {
  await t.close();
  await store.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('case photos in an S3-compatible object store', () => {
  it('are written to the bucket, photo and thumbnail, and served from it; nothing lands on the disk', async () => {
    const res = await uploadAs(w.as.grid, '/api/v1/attachments', await jpeg(800, 600), '楼道.jpg');
    expect(res.status).toBe(201);
    const row = await t.db.selectFrom('case_attachment').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect([...store.objects.keys()].sort()).toEqual([`/gongzhi/${row.storage_key}`, `/gongzhi/${row.thumbnail_key}`].sort());
    expect(fs.existsSync(path.join(dataDir, 'uploads'))).toBe(false);

    const created = await w.as.grid.post('/api/v1/cases', newCase(w, { attachmentIds: [res.body.id] }));
    expect(created.status).toBe(201);
    const photo = await w.as.grid.get(res.body.url);
    expect(photo.status).toBe(200);
    expect(photo.raw.equals(store.objects.get(`/gongzhi/${row.storage_key}`)!.body)).toBe(true);
    expect((await w.as.grid.get(res.body.thumbnailUrl)).headers['content-type']).toBe('image/jpeg');
  });

  it('deletes abandoned uploads from the bucket, photo and thumbnail', async () => {
    const res = await uploadAs(w.as.grid, '/api/v1/attachments', await jpeg());
    const row = await t.db.selectFrom('case_attachment').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(store.objects.has(`/gongzhi/${row.storage_key}`)).toBe(true);
    const tomorrow = new Date(Date.now() + 25 * 3_600_000);
    expect(await purgeUnclaimedUploads(t.db, storageFor(t.config), tomorrow)).toBe(1);
    expect(store.objects.has(`/gongzhi/${row.storage_key}`)).toBe(false);
    expect(store.objects.has(`/gongzhi/${row.thumbnail_key}`)).toBe(false);
  });
});
