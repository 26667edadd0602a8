import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import type { Static } from 'typebox';
import { assertFrom, assertVersion, communityNode, currentMembers, eventValues, permissionsAt, visibleMeeting, type Ctx, type LoadedMeeting } from './access.js';
import { notify } from '../cases/notify.js';
import { recordMeetingHeld } from './cadence.js';
import { M } from './messages.js';
import type { CreateMeetingInput, MeetingQuery } from './schema.js';
import type { MeetingRow } from './tables.js';
import { moveTopic } from './topics.js';
import { resolutionView, timelineOf } from './view.js';
import { allowed, MEETING_STATE_LABELS, MEETING_TRANSITIONS, MEETING_TYPE_LABELS, quorumNeeded, type MeetingAction } from './workflow.js';

export { getTopic, createTopic, topicsOfCase } from './topics.js';
export { setMeetingHooks, type MeetingHooks, type ProjectDraft } from './hooks.js';

/** The H5 page the meeting's QR code opens: a member signs in there with their own account. */
export const signInPath = (id: number) => `/h5/meeting/${id}/sign-in`;

/**
 * Schedules a meeting: invitees are the community committee's members in office (all,
 * or those named) as voters, plus stakeholders and unit representatives; the agenda
 * takes topics from the same community's pool. Consultation (议事协商会) and the
 * scheduler call this too; `ctx.actor` null means the recurring schedule created it.
 */
export async function createMeeting(db: Database, ctx: RequestContext, input: CreateMeetingInput, opts: { byRule?: boolean } = {}): Promise<number> {
  const node = await communityNode(db, input.communityId);
  if (!node || node.level !== 'community') throw fieldError('body.communityId', M['meeting.not_a_community']);
  if (ctx.actor && !permissionsAt(ctx.actor, node.path).has('meeting:write')) throw fieldError('body.communityId', M['meeting.not_a_community']);
  const members = await currentMembers(db, node.id);
  const invited = input.memberIds ? members.filter((m) => input.memberIds!.includes(m.id)) : members;
  if (input.memberIds && invited.length !== new Set(input.memberIds).size) throw fieldError('body.memberIds', M['meeting.member_other_community']);
  const rule = await db.selectFrom('meeting_rule').selectAll().where('meeting_type', '=', input.type).executeTakeFirstOrThrow();
  const inTransaction = <T>(work: (trx: Database) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  return inTransaction(async (trx) => {
    const row = await trx
      .insertInto('meeting')
      .values({
        community_id: node.id,
        meeting_type: input.type,
        title: input.title.trim(),
        starts_at: new Date(input.startsAt),
        place: input.place.trim(),
        convener: input.convener.trim(),
        quorum_num: rule.quorum_num,
        quorum_den: rule.quorum_den,
        pass_num: rule.pass_num,
        pass_den: rule.pass_den,
        scheduled_by_rule: opts.byRule ?? false,
        created_by: ctx.actor?.userId ?? null,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    const invitees = [
      ...invited.map((m) => ({ meeting_id: row.id, kind: 'member' as const, member_id: m.id, user_id: m.user_id, name: m.name, affiliation: m.affiliation, voting: true })),
      ...(input.guests ?? []).map((g) => ({ meeting_id: row.id, kind: g.kind, member_id: null, user_id: null, name: g.name.trim(), affiliation: g.affiliation?.trim() || null, voting: false })),
    ];
    if (invitees.length > 0) await trx.insertInto('meeting_invitee').values(invitees).execute();
    await trx.insertInto('meeting_event').values({ meeting_id: row.id, ...eventValues(ctx, 'create', null, 'scheduled', null, { invitees: invitees.length }) }).execute();
    const starts = new Date(input.startsAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    await notify(trx, invited.flatMap((m) => (m.user_id === null ? [] : [m.user_id])), { kind: 'meeting.invited', title: `会议通知：${input.title.trim()}（${starts}，${input.place.trim()}）`, body: '请在系统中回复参加或请假', entityType: 'meeting', entityId: row.id }, ctx.actor?.userId);
    for (const topicId of input.topicIds ?? []) await addAgendaItem(trx, ctx, { ...row, community_id: node.id }, topicId, 'body.topicIds');
    await audit(trx, ctx, { action: 'meeting.create', entityType: 'meeting', entityId: row.id, territoryId: node.id, summary: `安排${MEETING_TYPE_LABELS[input.type]}：${input.title.trim()}` });
    return row.id;
  });
}

/** Puts a topic of the meeting's own community from the pool on the agenda (pooled → scheduled). */
async function addAgendaItem(trx: Database, ctx: RequestContext, meeting: Pick<MeetingRow, 'id' | 'community_id'>, topicId: number, field: string) {
  const topic = await trx.selectFrom('meeting_topic').selectAll().where('id', '=', topicId).forUpdate().executeTakeFirst();
  if (!topic || topic.community_id !== meeting.community_id) throw fieldError(field, M['meeting.topic_other_community']);
  if (topic.status !== 'pooled') throw fieldError(field, M['meeting.topic_not_pooled'], { title: topic.title });
  const last = await trx.selectFrom('meeting_agenda_item').select((eb) => eb.fn.max('position').as('p')).where('meeting_id', '=', meeting.id).executeTakeFirst();
  await trx.insertInto('meeting_agenda_item').values({ meeting_id: meeting.id, topic_id: topicId, position: Number(last?.p ?? 0) + 1 }).execute();
  await moveTopic(trx, ctx, topic, 'schedule', `列入会议议程（会议 #${meeting.id}）`);
  await trx.insertInto('meeting_event').values({ meeting_id: meeting.id, ...eventValues(ctx, 'agenda_add', null, 'same', topic.title, { topicId }) }).execute();
}

export async function addAgenda(db: Database, ctx: Ctx, id: number, body: { topicId: number; version: number }) {
  await db.transaction().execute(async (trx) => {
    const { row } = await visibleMeeting(trx, ctx.actor, id, 'meeting:write', true);
    assertVersion(row.version, body.version);
    if (row.status !== 'scheduled' && row.status !== 'in_progress') throw new AppError(409, M['meeting.not_in_progress'], { status: MEETING_STATE_LABELS[row.status], action: '添加议程' });
    await addAgendaItem(trx, ctx, row, body.topicId, 'body.topicId');
    await bump(trx, row);
  });
}

async function bump(trx: Database, row: Pick<MeetingRow, 'id' | 'version'>, set: Partial<Pick<MeetingRow, 'status' | 'closed_at'>> = {}) {
  const updated = await trx.updateTable('meeting').set({ ...set, version: row.version + 1, updated_at: new Date() }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict();
}

/** open (sign-in starts), close (minutes lock; topics without a resolution go back to the pool), cancel. */
export async function moveMeeting(db: Database, ctx: Ctx, id: number, action: MeetingAction, version: number) {
  await db.transaction().execute(async (trx) => {
    const { row } = await visibleMeeting(trx, ctx.actor, id, MEETING_TRANSITIONS[action].permission, true);
    const t = MEETING_TRANSITIONS[action];
    assertFrom(t, row.status, MEETING_STATE_LABELS[row.status]);
    assertVersion(row.version, version);
    const topics = await trx
      .selectFrom('meeting_agenda_item as a')
      .innerJoin('meeting_topic as t', 't.id', 'a.topic_id')
      .leftJoin('meeting_resolution as r', 'r.agenda_item_id', 'a.id')
      .select(['t.id', 't.status', 't.version', 'r.status as resolution_status'])
      .where('a.meeting_id', '=', id)
      .execute();
    if (action === 'close') {
      const open = topics.filter((x) => x.resolution_status === 'voting').length;
      if (open > 0) throw new AppError(409, M['meeting.open_resolutions'], { count: open });
    }
    if (action !== 'open') {
      for (const topic of topics.filter((x) => x.status === 'scheduled')) await moveTopic(trx, ctx, topic, 'unschedule', t.label);
    }
    await bump(trx, row, { status: t.to, ...(action === 'close' ? { closed_at: new Date() } : {}) });
    await trx.insertInto('meeting_event').values({ meeting_id: id, ...eventValues(ctx, action, row.status, t.to) }).execute();
    if (action === 'close') await recordMeetingHeld(trx, row);
    await audit(trx, ctx, { action: `meeting.${action}`, entityType: 'meeting', entityId: id, territoryId: row.community_id, summary: `${row.title}：${t.label}` });
  });
}

async function inviteeOf(trx: Database, meetingId: number, inviteeId: number) {
  const inv = await trx.selectFrom('meeting_invitee').selectAll().where('id', '=', inviteeId).where('meeting_id', '=', meetingId).executeTakeFirst();
  if (!inv) throw fieldError('body.inviteeId', M['meeting.not_invitee']);
  return inv;
}

/** The caller's own invitation; for the QR sign-in and answering an invitation in person. */
async function ownInvitee(trx: Database, actor: Actor, meetingId: number) {
  const inv = await trx.selectFrom('meeting_invitee').selectAll().where('meeting_id', '=', meetingId).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!inv) throw fieldError('body.inviteeId', M['meeting.not_yours']);
  return inv;
}

/** Attend / decline: the invitee themself, or staff recording the answer they got by phone. */
export async function respond(db: Database, ctx: Ctx, id: number, body: { inviteeId?: number; response: 'attend' | 'decline' }) {
  await db.transaction().execute(async (trx) => {
    const { row, here } = await visibleMeeting(trx, ctx.actor, id, 'meeting:read', true);
    if (row.status !== 'scheduled' && row.status !== 'in_progress') throw new AppError(409, M['meeting.not_in_progress'], { status: MEETING_STATE_LABELS[row.status], action: '回复参会' });
    const inv = body.inviteeId !== undefined && here.has('meeting:write') ? await inviteeOf(trx, id, body.inviteeId) : await ownInvitee(trx, ctx.actor, id);
    await trx.updateTable('meeting_invitee').set({ response: body.response }).where('id', '=', inv.id).execute();
    await trx.insertInto('meeting_event').values({ meeting_id: id, ...eventValues(ctx, 'respond', null, 'same', `${inv.name}：${body.response === 'attend' ? '参加' : '请假'}`) }).execute();
  });
}

/** Sign-in while the meeting is in progress: staff tick (console) or the member scans the QR code (own account). */
export async function signIn(db: Database, ctx: Ctx, id: number, inviteeId: number | null) {
  await db.transaction().execute(async (trx) => {
    const { row } = await visibleMeeting(trx, ctx.actor, id, inviteeId === null ? 'meeting:read' : 'meeting:write', true);
    if (row.status !== 'in_progress') throw new AppError(409, M['meeting.not_in_progress'], { status: MEETING_STATE_LABELS[row.status], action: '签到' });
    const inv = inviteeId === null ? await ownInvitee(trx, ctx.actor, id) : await inviteeOf(trx, id, inviteeId);
    await markPresent(trx, ctx, id, inv, inviteeId === null ? 'qr' : 'console');
  });
}

/**
 * Marks an invitee present, once, on the meeting's timeline: ticked by staff (console), by
 * their account on the QR page (qr), or by the phone code on it (phone, named as the member).
 */
export async function markPresent(trx: Database, ctx: RequestContext, meetingId: number, inv: { id: number; name: string; signed_in_at: Date | null }, via: 'console' | 'qr' | 'phone') {
  if (inv.signed_in_at) return;
  await trx.updateTable('meeting_invitee').set({ signed_in_at: new Date(), signed_in_via: via === 'console' ? 'console' : 'qr', response: 'attend' }).where('id', '=', inv.id).execute();
  const event = eventValues(ctx, 'sign_in', null, 'same', inv.name, { inviteeId: inv.id, via });
  await trx.insertInto('meeting_event').values({ meeting_id: meetingId, ...event, ...(via === 'phone' ? { actor_name: inv.name } : {}) }).execute();
}

/** Present voting members against the quorum of the meeting's rule. */
export async function quorumOf(db: Database, meeting: Pick<MeetingRow, 'id' | 'quorum_num' | 'quorum_den'>) {
  const rows = await db.selectFrom('meeting_invitee').select(['signed_in_at']).where('meeting_id', '=', meeting.id).where('voting', '=', true).execute();
  const voting = rows.length;
  const present = rows.filter((r) => r.signed_in_at !== null).length;
  const needed = quorumNeeded(voting, meeting.quorum_num, meeting.quorum_den);
  return { voting, present, needed, reached: present >= needed };
}

/** Minutes per agenda item, editable until the meeting closes; after that only addenda. */
export async function saveMinutes(db: Database, ctx: Ctx, itemId: number, body: { minutes: string; version: number }) {
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('meeting_agenda_item').selectAll().where('id', '=', itemId).forUpdate().executeTakeFirst();
    if (!item) throw notFound();
    const { row } = await visibleMeeting(trx, ctx.actor, item.meeting_id, 'meeting:write', true);
    if (row.status === 'closed' || row.status === 'cancelled') throw new AppError(409, 'validation_failed', {}, [{ field: 'body.minutes', key: M['meeting.minutes_locked'] }]);
    assertVersion(item.version, body.version);
    await trx.updateTable('meeting_agenda_item').set({ minutes: body.minutes, version: item.version + 1 }).where('id', '=', itemId).execute();
    await trx.insertInto('meeting_event').values({ meeting_id: row.id, ...eventValues(ctx, 'minutes', null, 'same', null, { itemId }) }).execute();
  });
}

export async function addAddendum(db: Database, ctx: Ctx, itemId: number, text: string) {
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('meeting_agenda_item').selectAll().where('id', '=', itemId).executeTakeFirst();
    if (!item) throw notFound();
    const { row } = await visibleMeeting(trx, ctx.actor, item.meeting_id, 'meeting:write');
    if (row.status !== 'closed') throw new AppError(409, M['meeting.not_closed']);
    await trx.insertInto('meeting_minutes_addendum').values({ agenda_item_id: itemId, text: text.trim(), actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName }).execute();
    await trx.insertInto('meeting_event').values({ meeting_id: row.id, ...eventValues(ctx, 'addendum', null, 'same', text.trim().slice(0, 200), { itemId }) }).execute();
  });
}

const summaryOf = (m: Pick<LoadedMeeting, 'id' | 'community_id' | 'community_name' | 'meeting_type' | 'title' | 'starts_at' | 'place' | 'convener' | 'status' | 'version'>) => ({
  id: m.id,
  communityId: m.community_id,
  communityName: m.community_name,
  type: m.meeting_type,
  typeName: MEETING_TYPE_LABELS[m.meeting_type],
  title: m.title,
  startsAt: m.starts_at.toISOString(),
  place: m.place,
  convener: m.convener,
  status: m.status,
  statusName: MEETING_STATE_LABELS[m.status],
  version: m.version,
});

export async function listMeetings(db: Database, actor: Actor, q: Static<typeof MeetingQuery>) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('meeting as m').innerJoin('territory_node as n', 'n.id', 'm.community_id').where((eb) => territoryCondition(eb as never, 'm.community_id' as never, scopeFor(actor, 'meeting:read')));
  if (q.communityId) base = base.where('m.community_id', '=', q.communityId);
  if (q.status) base = base.where('m.status', '=', q.status);
  if (q.type) base = base.where('m.meeting_type', '=', q.type);
  if (q.keyword?.trim()) base = base.where('m.title', 'like', `%${escapeLike(q.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.selectAll('m').select('n.name as community_name').orderBy('m.starts_at', 'desc').orderBy('m.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(summaryOf), total: Number(total.n), current, pageSize };
}

/** One meeting with invitees, live quorum, agenda (minutes, addenda, resolution and votes) and timeline. */
export async function getMeeting(db: Database, actor: Actor, id: number) {
  const { row, here } = await visibleMeeting(db, actor, id);
  const invitees = await db.selectFrom('meeting_invitee').selectAll().where('meeting_id', '=', id).orderBy('voting', 'desc').orderBy('id').execute();
  const items = await db.selectFrom('meeting_agenda_item as a').innerJoin('meeting_topic as t', 't.id', 'a.topic_id').selectAll('a').select(['t.title', 't.status as topic_status']).where('a.meeting_id', '=', id).orderBy('a.position').execute();
  const itemIds = items.map((i) => i.id);
  const addenda = itemIds.length ? await db.selectFrom('meeting_minutes_addendum').selectAll().where('agenda_item_id', 'in', itemIds).orderBy('id').execute() : [];
  const resolutions = await db.selectFrom('meeting_resolution').selectAll().where('meeting_id', '=', id).execute();
  const resIds = resolutions.map((r) => r.id);
  const votes = resIds.length
    ? await db.selectFrom('meeting_vote as v').innerJoin('meeting_invitee as i', 'i.id', 'v.invitee_id').select(['v.resolution_id', 'v.invitee_id', 'i.name', 'v.choice', 'v.recorded_name', 'v.at']).where('v.resolution_id', 'in', resIds).orderBy('v.at').execute()
    : [];
  const tasks = resIds.length ? await db.selectFrom('meeting_task').select(['id', 'resolution_id']).where('resolution_id', 'in', resIds).execute() : [];
  return {
    ...summaryOf(row),
    rule: { quorumNum: row.quorum_num, quorumDen: row.quorum_den, passNum: row.pass_num, passDen: row.pass_den },
    quorum: await quorumOf(db, row),
    invitees: invitees.map((i) => ({ id: i.id, kind: i.kind, memberId: i.member_id, userId: i.user_id, name: i.name, affiliation: i.affiliation, voting: i.voting, response: i.response, signedInAt: i.signed_in_at?.toISOString() ?? null, signedInVia: i.signed_in_via })),
    agenda: items.map((a) => {
      const r = resolutions.find((x) => x.agenda_item_id === a.id);
      return {
        id: a.id,
        topicId: a.topic_id,
        topicTitle: a.title,
        topicStatus: a.topic_status,
        position: a.position,
        minutes: a.minutes,
        version: a.version,
        addenda: addenda.filter((d) => d.agenda_item_id === a.id).map((d) => ({ id: d.id, text: d.text, actorName: d.actor_name, at: d.at.toISOString() })),
        resolution: r ? resolutionView(r, votes.filter((v) => v.resolution_id === r.id), tasks.find((t) => t.resolution_id === r.id)?.id ?? null) : null,
      };
    }),
    actions: allowed(MEETING_TRANSITIONS, row.status, here),
    canWrite: here.has('meeting:write'),
    myInviteeId: invitees.find((i) => i.user_id === actor.userId)?.id ?? null,
    signInPath: signInPath(id),
    events: await timelineOf(db, 'meeting_event', 'meeting_id', id),
  };
}

/**
 * Where a demand or project a resolution created came from, for their pages to link
 * to the meeting: the caller has already checked it may read the record that points here.
 */
export async function resolutionOrigin(db: Database, resolutionId: number) {
  const r = await db
    .selectFrom('meeting_resolution as r')
    .innerJoin('meeting as m', 'm.id', 'r.meeting_id')
    .select(['r.id', 'm.id as meeting_id', 'm.title'])
    .where('r.id', '=', resolutionId)
    .executeTakeFirstOrThrow();
  return { resolutionId: r.id, meetingId: r.meeting_id, meetingTitle: r.title };
}
