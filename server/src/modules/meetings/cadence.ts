import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import type { Static } from 'typebox';
import { permissionsAt, type Ctx } from './access.js';
import { audit } from '../../platform/audit.js';
import { beijingDay, beijingToday } from '../../platform/time.js';
import type { CadenceQuery } from './schema.js';
import type { MeetingRow } from './tables.js';

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/** The cadence rollup, written when a meeting closes: the page reads it instead of scanning meetings. */
export async function recordMeetingHeld(trx: Database, m: Pick<MeetingRow, 'community_id' | 'meeting_type' | 'starts_at'>) {
  const day = beijingDay(m.starts_at);
  const regular = m.meeting_type === 'committee_regular' ? day : null;
  await trx
    .insertInto('meeting_cadence')
    .values({ community_id: m.community_id, last_meeting_on: day, last_regular_on: regular })
    .onConflict((oc) =>
      oc.column('community_id').doUpdateSet((eb) => ({
        last_meeting_on: eb.fn('greatest', [eb.ref('meeting_cadence.last_meeting_on'), eb.ref('excluded.last_meeting_on')]),
        last_regular_on: eb.fn('greatest', [eb.ref('meeting_cadence.last_regular_on'), eb.ref('excluded.last_regular_on')]),
      })),
    )
    .execute();
}

/** Whole calendar months between the last 社工委例会 and this month with none (the current month still may have one). */
export function monthsWithout(lastRegular: string | null, today: string): number {
  if (!lastRegular) return 0;
  return Math.max(0, monthIndex(today) - monthIndex(lastRegular) - 1);
}

/** Per committee (one per community) in my area: last meetings, months without a 社工委例会, the schedule. Paged. */
export async function listCadence(db: Database, actor: Actor, q: Static<typeof CadenceQuery>) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  const today = beijingToday();
  let base = db
    .selectFrom('committee as c')
    .innerJoin('territory_node as n', 'n.id', 'c.community_id')
    .leftJoin('meeting_cadence as k', 'k.community_id', 'c.community_id')
    .where((eb) => territoryCondition(eb as never, 'c.community_id' as never, scopeFor(actor, 'meeting:read')));
  if (q.territoryId) {
    const node = await db.selectFrom('territory_node').select('path').where('id', '=', q.territoryId).executeTakeFirst();
    base = base.where('n.path', 'like', `${node?.path ?? '/none/'}%`);
  }
  if (q.flagged) {
    // Flagged: never held one, or the last one is before last month.
    const lastMonthStart = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1)).toISOString().slice(0, 10);
    base = base.where((eb) => eb.or([eb('k.last_regular_on', 'is', null), eb('k.last_regular_on', '<', lastMonthStart)]));
  }
  const [rows, total] = await Promise.all([
    base.select(['c.community_id', 'c.name as committee_name', 'n.name as community_name', 'k.last_meeting_on', 'k.last_regular_on', 'k.schedule_ordinal', 'k.schedule_weekday', 'k.schedule_time', 'k.schedule_place']).orderBy('n.path').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => {
      const without = monthsWithout(r.last_regular_on, today);
      return {
        communityId: r.community_id,
        communityName: r.community_name,
        committeeName: r.committee_name,
        lastMeetingOn: r.last_meeting_on,
        lastRegularOn: r.last_regular_on,
        monthsWithout: without,
        flagged: r.last_regular_on === null || without > 0,
        schedule: r.schedule_ordinal && r.schedule_weekday ? { ordinal: r.schedule_ordinal, weekday: r.schedule_weekday, time: r.schedule_time ?? '09:00', place: r.schedule_place ?? '' } : null,
      };
    }),
    total: Number(total.n),
    current,
    pageSize,
  };
}

export async function setSchedule(db: Database, ctx: Ctx, communityId: number, s: { ordinal: number; weekday: number; time: string; place: string } | null) {
  const node = await db.selectFrom('territory_node').select(['id', 'path', 'name', 'level']).where('id', '=', communityId).executeTakeFirst();
  if (!node || node.level !== 'community' || !permissionsAt(ctx.actor, node.path).has('meeting:write')) throw notFound();
  const values = { schedule_ordinal: s?.ordinal ?? null, schedule_weekday: s?.weekday ?? null, schedule_time: s?.time ?? null, schedule_place: s?.place.trim() ?? null };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('meeting_cadence').values({ community_id: communityId, ...values }).onConflict((oc) => oc.column('community_id').doUpdateSet(values)).execute();
    await audit(trx, ctx, { action: 'meeting.schedule', entityType: 'meeting_cadence', entityId: communityId, territoryId: communityId, summary: s ? `${node.name}：社工委例会定为每月第${s.ordinal}个周${'一二三四五六日'[s.weekday - 1]} ${s.time}` : `${node.name}：取消例会周期` });
  });
}

/** The nth weekday (1 = Monday) of a month, 'YYYY-MM-DD'. */
export function nthWeekday(year: number, month0: number, ordinal: number, weekday: number): string {
  const first = new Date(Date.UTC(year, month0, 1));
  const firstWeekday = ((first.getUTCDay() + 6) % 7) + 1;
  const day = 1 + ((weekday - firstWeekday + 7) % 7) + (ordinal - 1) * 7;
  return new Date(Date.UTC(year, month0, day)).toISOString().slice(0, 10);
}

/** The next date of a schedule on or after today. */
export function nextOccurrence(today: string, ordinal: number, weekday: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1;
  const here = nthWeekday(y, m, ordinal, weekday);
  return here >= today ? here : nthWeekday(m === 11 ? y + 1 : y, (m + 1) % 12, ordinal, weekday);
}

export const SCHEDULE_LEAD_DAYS = 14;
