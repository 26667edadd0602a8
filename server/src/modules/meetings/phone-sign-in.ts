import type { RequestContext, Resident } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { M } from './messages.js';
import { markPresent, quorumOf } from './service.js';
import { MEETING_STATE_LABELS } from './workflow.js';

/**
 * 委员扫码签到 by phone. Many members (居民代表, 物业, 驻区单位) have no console account;
 * the committee keeps a phone number for each, so a member who proves that number by
 * text-message code on the meeting's QR page signs in as an invitee holding it. Members
 * may share a number (a unit's office line), so the page names each invitee holding it
 * and the sign-in says which. Only members vote and count for the quorum, so only
 * member invitees are found this way.
 */
function holdingPhone(db: Database, meetingId: number, phone: string) {
  return db
    .selectFrom('meeting_invitee as i')
    .innerJoin('committee_member as cm', 'cm.id', 'i.member_id')
    .select(['i.id', 'i.name', 'i.signed_in_at'])
    .where('i.meeting_id', '=', meetingId)
    .where('cm.phone', '=', phone);
}

/** What the phone sees: the meeting, the live quorum, and the invitees holding this number (none: not invited). */
export async function phoneSignInView(db: Database, meetingId: number, phone: string) {
  const m = await db.selectFrom('meeting').select(['id', 'title', 'place', 'starts_at', 'status', 'quorum_num', 'quorum_den']).where('id', '=', meetingId).where('status', '!=', 'cancelled').executeTakeFirst();
  if (!m) throw notFound();
  const invitees = await holdingPhone(db, meetingId, phone).orderBy('i.id').execute();
  return {
    id: m.id,
    title: m.title,
    place: m.place,
    startsAt: m.starts_at.toISOString(),
    status: m.status,
    quorum: await quorumOf(db, m),
    invitees: invitees.map((i) => ({ id: i.id, name: i.name, signedInAt: i.signed_in_at?.toISOString() ?? null })),
  };
}

export async function signInByPhone(db: Database, ctx: RequestContext & { resident: Resident }, meetingId: number, inviteeId: number) {
  await db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('meeting').select(['id', 'status']).where('id', '=', meetingId).forUpdate().executeTakeFirst();
    if (!m || m.status === 'cancelled') throw notFound();
    if (m.status !== 'in_progress') throw new AppError(409, M['meeting.not_in_progress'], { status: MEETING_STATE_LABELS[m.status], action: '签到' });
    const inv = await holdingPhone(trx, meetingId, ctx.resident.phone).where('i.id', '=', inviteeId).forUpdate('i').executeTakeFirst();
    if (!inv) throw new AppError(403, M['meeting.phone_not_invited']);
    await markPresent(trx, ctx, meetingId, inv, 'phone');
  });
  return phoneSignInView(db, meetingId, ctx.resident.phone);
}
