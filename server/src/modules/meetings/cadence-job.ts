import type { Database } from '../../platform/db/database.js';
import type { Job } from '../../platform/jobs.js';
import { addCalendarDays, beijingAt, beijingToday } from '../../platform/time.js';
import { nextOccurrence, SCHEDULE_LEAD_DAYS } from './cadence.js';
import { createMeeting } from './service.js';

/**
 * The recurring 社工委例会: for each community with a schedule, creates the next
 * meeting once it is within SCHEDULE_LEAD_DAYS, inviting the members in office.
 * scheduled_through records the date, so a date is created once. Reads only the
 * communities that have a schedule.
 */
export async function createScheduledMeetings(db: Database, now = new Date()): Promise<number> {
  const today = beijingToday(now);
  const rows = await db
    .selectFrom('meeting_cadence as k')
    .innerJoin('territory_node as n', 'n.id', 'k.community_id')
    .select(['k.community_id', 'n.name', 'k.schedule_ordinal', 'k.schedule_weekday', 'k.schedule_time', 'k.schedule_place', 'k.scheduled_through'])
    .where('k.schedule_ordinal', 'is not', null)
    .execute();
  let created = 0;
  for (const r of rows) {
    const day = nextOccurrence(today, r.schedule_ordinal!, r.schedule_weekday!);
    if (day > addCalendarDays(today, SCHEDULE_LEAD_DAYS) || (r.scheduled_through !== null && r.scheduled_through >= day)) continue;
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('meeting_cadence')
        .set({ scheduled_through: day })
        .where('community_id', '=', r.community_id)
        .where((eb) => eb.or([eb('scheduled_through', 'is', null), eb('scheduled_through', '<', day)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await createMeeting(
        trx,
        { actor: null, ip: '127.0.0.1' },
        {
          communityId: r.community_id,
          type: 'committee_regular',
          title: `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月社工委例会`,
          startsAt: beijingAt(day, r.schedule_time ?? '09:00').toISOString(),
          place: r.schedule_place || `${r.name}党群服务中心`,
          convener: '社工委主任',
        },
        { byRule: true },
      );
      created++;
    });
  }
  return created;
}

export const cadenceJob: Job = {
  name: 'meetings.recurring_schedule',
  everySeconds: 6 * 3600,
  leaseSeconds: 600,
  run: async (db) => {
    await createScheduledMeetings(db);
  },
};
