
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { Job } from '../../platform/jobs.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { notify } from '../cases/notify.js';
import { nearestStaff } from '../../platform/auth/staff.js';
import { addCalendarDays, beijingToday, calendarDaysBetween } from '../../platform/time.js';
import './membership-tables.js';
import { TERM_NOTICE_DAYS } from './service.js';
import { CATEGORY_LABELS, ROLE_LABELS } from './workflow.js';

/** Serving members whose term ends within the next 30 days (轮值委员 serve one year), soonest first; the partial index on term_end serves it. */
function endingSoon(db: Database, today: string) {
  return db
    .selectFrom('committee_member as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .select(['m.id', 'm.name', 'm.committee_id', 'm.community_id', 'm.role', 'm.category', 'm.term_end', 't.name as community_name', 't.path as community_path'])
    .where('m.status', '=', 'serving')
    .where('m.term_end', 'is not', null)
    .where('m.term_end', '>=', today)
    .where('m.term_end', '<=', addCalendarDays(today, TERM_NOTICE_DAYS));
}

export async function termsEnding(db: Database, actor: Actor, committeeId?: number) {
  const today = beijingToday();
  let q = endingSoon(db, today).where((eb) => territoryCondition(eb as never, 'm.community_id' as never, scopeFor(actor, 'committee:read')));
  if (committeeId !== undefined) q = q.where('m.committee_id', '=', committeeId);
  const rows = await q.orderBy('m.term_end').orderBy('m.id').limit(500).execute();
  return rows.map((r) => ({
    memberId: r.id,
    name: r.name,
    committeeId: r.committee_id,
    communityName: r.community_name,
    roleName: ROLE_LABELS[r.role],
    categoryName: CATEGORY_LABELS[r.category],
    termEnd: r.term_end!,
    daysLeft: calendarDaysBetween(today, r.term_end!),
  }));
}

/**
 * Tells each community's staff, once per member and term, that a term ends within
 * a month. The notice row (member, term end) is inserted before the notification
 * in the same transaction, so two servers running the job never both send it.
 */
export async function announceTermsEnding(db: Database, now = new Date()): Promise<number> {
  const rows = await endingSoon(db, beijingToday(now))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('committee_term_notice as n').select('n.member_id').whereRef('n.member_id', '=', 'm.id').whereRef('n.term_end', '=', 'm.term_end'))),
    )
    .orderBy('m.term_end')
    .limit(500)
    .execute();
  let sent = 0;
  for (const r of rows) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('committee_term_notice')
        .values({ member_id: r.id, term_end: r.term_end! })
        .onConflict((oc) => oc.columns(['member_id', 'term_end']).doNothing())
        .returning('member_id')
        .executeTakeFirst();
      if (!claimed) return;
      const staff = await nearestStaff(trx, 'committee:write', r.community_path);
      await notify(trx, staff, {
        kind: 'committee.term_ending',
        title: `${r.community_name}社工委${ROLE_LABELS[r.role]} ${r.name} 的任期将于 ${r.term_end} 届满`,
        body: '请及时研究续任或启动增补程序',
        entityType: 'committee_member',
        entityId: r.id,
      });
      sent++;
    });
  }
  return sent;
}

export const termsJob: Job = {
  name: 'committees.terms_ending',
  everySeconds: 24 * 3600,
  leaseSeconds: 600,
  run: async (db) => {
    await announceTermsEnding(db);
  },
};

