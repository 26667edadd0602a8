import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { seedFixture } from '../../../test/fixture.js';
import { testDatabase } from '../../../test/harness.js';
import { publishNotice } from './service.js';

let handle: DatabaseHandle;
let communityId: number;

beforeAll(async () => {
  handle = await testDatabase();
  communityId = (await seedFixture(handle.db)).node.changjiaxiang;
});
afterAll(() => handle.close());

describe('publishNotice', () => {
  it('gives an objectable notice the default 3-day period and a plain one none', async () => {
    const startsAt = new Date('2026-12-01T02:00:00Z');
    const objectable = await publishNotice(handle.db, { communityId, kind: 'appointment', title: '任前公示', body: '拟聘任名单', objectable: true, startsAt, subject: { type: 'selection_round', id: 1 } });
    expect(objectable.endsAt?.toISOString()).toBe('2026-12-04T02:00:00.000Z');
    const plain = await publishNotice(handle.db, { communityId, kind: 'result', title: '办理结果', body: '已修复', startsAt });
    expect(plain.endsAt).toBeNull();
    const rows = await handle.db.selectFrom('public_notice').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.kind, r.objectable, r.status, r.subject_type, r.subject_id])).toEqual([
      ['appointment', true, 'open', 'selection_round', 1],
      ['result', false, 'open', null, null],
    ]);
  });

  it('refuses an objectable notice without a period (the table says so too)', async () => {
    await expect(
      handle.db.insertInto('public_notice').values({ community_id: communityId, kind: 'other', title: 't', body: 'b', objectable: true }).execute(),
    ).rejects.toThrow();
  });
});
