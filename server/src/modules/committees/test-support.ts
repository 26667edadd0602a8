import type { TestContext } from '../../../test/harness.js';
import { idCheckCharacter } from '../../platform/identity.js';
import { ensureCommittee } from './service.js';
import { refreshCommitteeStats } from './stats.js';
import type { MemberCategory, MemberRole } from './tables.js';

/** A valid ID number for test people: a Lanzhou area code, a birth date, a serial and the check character. */
export function testIdNumber(serial: number, birth = '19800101'): string {
  const first17 = `620102${birth}${String(serial % 1000).padStart(3, '0')}`;
  return `${first17}${idCheckCharacter(first17)}`;
}

export interface SeatSpec {
  name: string;
  category: MemberCategory;
  role: MemberRole;
  userId?: number;
  termEnd?: string | null;
  secretary?: boolean;
}

/** A committee appointed as the selection rounds would: rows with source 'selection', an appoint event, the rollups refreshed. */
export async function appointCommittee(t: TestContext, communityId: number, seats: SeatSpec[]) {
  const { id } = await ensureCommittee(t.db, communityId);
  await t.db.updateTable('committee').set({ status: 'active', formed_on: '2026-01-10' }).where('id', '=', id).execute();
  const rows = await t.db
    .insertInto('committee_member')
    .values(
      seats.map((s, i) => ({
        committee_id: id,
        community_id: communityId,
        user_id: s.userId ?? null,
        name: s.name,
        phone: `1391234${String(5000 + i + communityId).slice(-4)}`,
        id_number: testIdNumber(communityId * 20 + i),
        category: s.category,
        role: s.role,
        is_party_secretary: s.secretary ?? false,
        term_start: '2026-01-10',
        term_end: s.termEnd ?? null,
        source: 'selection' as const,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  await t.db.insertInto('committee_member_event').values(rows.map((r) => ({ member_id: r.id, action: 'appoint', to_status: 'serving', actor_name: '系统' }))).execute();
  await refreshCommitteeStats(t.db, id);
  return { committeeId: id, members: Object.fromEntries(rows.map((r) => [r.name, r.id])) as Record<string, number> };
}

/** 畅家巷's committee in the fixture: 主任 = 书记, two 副主任, standing and rotating members; 'member' is 李委员. */
export function changjiaxiangSeats(t: TestContext, termEndSoon: string): SeatSpec[] {
  return [
    { name: '王书记', category: 'two_committees', role: 'director', secretary: true },
    { name: '赵副主任', category: 'veteran', role: 'deputy_director' },
    { name: '钱副主任', category: 'social_org', role: 'deputy_director' },
    { name: '孙委员', category: 'two_committees', role: 'standing' },
    { name: '李委员', category: 'property', role: 'rotating', userId: t.fixture.user.member, termEnd: termEndSoon },
    { name: '周委员', category: 'media', role: 'rotating', termEnd: '2027-01-09' },
  ];
}
