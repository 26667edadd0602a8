import type { Static } from 'typebox';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { holdsOver, scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { getMeeting } from '../meetings/service.js';
import { catalogueSuggestion } from './catalogue.js';
import { timeline, visibleItem, type LoadedItem } from './engine.js';
import { M } from './messages.js';
import type { ConsultationQuery, CreateBody } from './schema.js';
import type { ConsultationRow, Participant } from './tables.js';
import { actionsFor, CONSULTATION_ACTIONS, LEVEL_LABELS, STATE_LABELS, TRANSITIONS } from './workflow.js';

export { catalogueSuggestion, type CatalogueSuggestion } from './catalogue.js';
export { consultationOverview } from './overview.js';

/** The buildings and compounds an item may name: those under its community. */
async function placesIn(db: Database, community: { path: string }, ids: number[]) {
  const rows = await db.selectFrom('territory_node').select(['id', 'path', 'level']).where('id', 'in', ids).execute();
  const ok = rows.filter((r) => (r.level === 'building' || r.level === 'compound') && r.path.startsWith(community.path));
  if (ok.length !== new Set(ids).size) throw fieldError('body.placeIds', M['consultation.place_outside']);
}

export async function createConsultation(db: Database, ctx: RequestContext & { actor: Actor }, input: Static<typeof CreateBody>, now = new Date()) {
  const community = await db.selectFrom('territory_node').select(['id', 'path', 'name', 'level']).where('id', '=', input.communityId).executeTakeFirst();
  if (!community || community.level !== 'community' || !holdsOver(ctx.actor, 'consultation:write', community.path)) throw fieldError('body.communityId', M['consultation.not_a_community']);
  const until = new Date(input.collectUntil);
  if (until <= now) throw fieldError('body.collectUntil', M['consultation.deadline_past']);
  await placesIn(db, community, input.placeIds);
  const caseIds = [...new Set(input.caseIds ?? [])];
  if (caseIds.length) {
    const found = await db.selectFrom('case_record').select('id').where('id', 'in', caseIds).where('community_id', '=', community.id).execute();
    if (found.length !== caseIds.length) throw fieldError('body.caseIds', M['consultation.case_outside']);
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('consultation')
      .values({ community_id: community.id, title: input.title.trim(), subject: input.subject.trim(), category: input.category?.trim() || null, level: input.level, collect_until: until, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('consultation_place').values([...new Set(input.placeIds)].map((p) => ({ consultation_id: row.id, territory_id: p }))).execute();
    if (caseIds.length) await trx.insertInto('consultation_case').values(caseIds.map((c) => ({ consultation_id: row.id, case_id: c }))).execute();
    await timeline(trx, ctx, { id: row.id, action: 'create', from: null, to: 'collecting', note: `意见征集截止 ${until.toISOString()}`, detail: { caseIds } });
    await audit(trx, ctx, { action: 'consultation.create', entityType: 'consultation', entityId: row.id, territoryId: community.id, summary: `${community.name}发起议事协商“${input.title.trim()}”` });
    return row.id;
  });
}

function summary(r: ConsultationRow & { community_name: string }, opinions: number) {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    title: r.title,
    category: r.category,
    level: r.level,
    levelName: LEVEL_LABELS[r.level],
    status: r.status,
    statusName: STATE_LABELS[r.status],
    collectUntil: r.collect_until.toISOString(),
    opinions,
    createdAt: r.created_at.toISOString(),
    version: r.version,
  };
}

async function opinionCounts(db: Database, ids: number[]) {
  if (!ids.length) return new Map<number, number>();
  const rows = await db.selectFrom('consultation_opinion').select(['consultation_id', (eb) => eb.fn.countAll<number>().as('n')]).where('consultation_id', 'in', ids).groupBy('consultation_id').execute();
  return new Map(rows.map((r) => [r.consultation_id, Number(r.n)]));
}

export async function listConsultations(db: Database, actor: Actor, query: Static<typeof ConsultationQuery>) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  let base = db
    .selectFrom('consultation as c')
    .innerJoin('territory_node as t', 't.id', 'c.community_id')
    .where((eb) => territoryCondition(eb as never, 'c.community_id' as never, scopeFor(actor, 'consultation:read')));
  if (query.status) base = base.where('c.status', '=', query.status);
  if (query.level) base = base.where('c.level', '=', query.level);
  if (query.keyword?.trim()) base = base.where('c.title', 'like', `%${escapeLike(query.keyword.trim())}%`);
  if (query.territoryId) {
    const node = await db.selectFrom('territory_node').select('path').where('id', '=', query.territoryId).executeTakeFirst();
    base = base.where('t.path', 'like', `${node?.path ?? '/none/'}%`);
  }
  const [rows, total] = await Promise.all([
    base.selectAll('c').select('t.name as community_name').orderBy('c.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const counts = await opinionCounts(db, rows.map((r) => r.id));
  return { data: rows.map((r) => summary(r, counts.get(r.id) ?? 0)), total: Number(total.n), current, pageSize };
}

export async function placesOf(db: Database, id: number) {
  return db.selectFrom('consultation_place as p').innerJoin('territory_node as t', 't.id', 'p.territory_id').select(['t.id', 't.name', 't.path']).where('p.consultation_id', '=', id).orderBy('t.path').execute();
}

export async function ratingOf(db: Database, id: number) {
  const r = await db.selectFrom('consultation_rating').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.avg<number>('stars').as('avg')]).where('consultation_id', '=', id).executeTakeFirstOrThrow();
  const count = Number(r.n);
  return { count, average: count ? Math.round(Number(r.avg) * 10) / 10 : null };
}

const EVENT_LABELS: Record<string, string> = {
  create: '发起协商（开始征集意见）',
  task_add: '登记任务',
  task_done: '完成任务',
  task_overdue: '任务逾期',
  ...Object.fromEntries(CONSULTATION_ACTIONS.map((a) => [a, TRANSITIONS[a].label])),
};

/** The 议事协商会 a session names, as the caller may see it in the meetings capability (else null). */
async function linkedMeeting(db: Database, actor: Actor, ref: number | null | undefined) {
  if (!ref) return null;
  const m = await getMeeting(db, actor, ref).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  });
  return m && { id: m.id, title: m.title, startsAt: m.startsAt, statusName: m.statusName };
}

export async function consultationDetail(db: Database, actor: Actor, id: number) {
  const item: LoadedItem = await visibleItem(db, actor, id);
  const [places, cases, session, tasks, events, stances, counts, rating, suggestion] = await Promise.all([
    placesOf(db, id),
    db.selectFrom('consultation_case as cc').innerJoin('case_record as c', 'c.id', 'cc.case_id').select(['c.id', 'c.tracking_no', 'c.description']).where('cc.consultation_id', '=', id).orderBy('c.id').execute(),
    db.selectFrom('consultation_session').selectAll().where('consultation_id', '=', id).executeTakeFirst(),
    db.selectFrom('consultation_task').selectAll().where('consultation_id', '=', id).orderBy('id').execute(),
    db.selectFrom('consultation_event').selectAll().where('consultation_id', '=', id).orderBy('id').execute(),
    db.selectFrom('consultation_opinion').select(['stance', (eb) => eb.fn.countAll<number>().as('n')]).where('consultation_id', '=', id).groupBy('stance').execute(),
    opinionCounts(db, [id]),
    ratingOf(db, id),
    item.category ? catalogueSuggestion(db, item.community_id, item.category) : Promise.resolve({ suggested: false, requirement: null, reason: '未填写类别', entryId: null }),
  ]);
  const meeting = await linkedMeeting(db, actor, session?.meeting_ref);
  const stance = (s: string) => Number(stances.find((x) => x.stance === s)?.n ?? 0);
  const holds = (p: Parameters<typeof holdsOver>[1]) => holdsOver(actor, p, item.community_path);
  return {
    ...summary(item, counts.get(id) ?? 0),
    subject: item.subject,
    proposal: item.proposal,
    reviewComment: item.review_comment,
    result: item.result,
    noticeId: item.notice_id,
    concludedAt: item.concluded_at?.toISOString() ?? null,
    places: places.map((p) => ({ id: p.id, name: p.name })),
    cases: cases.map((c) => ({ id: c.id, trackingNo: c.tracking_no, description: c.description })),
    session: session
      ? {
          meetingRef: session.meeting_ref,
          meeting,
          heldOn: session.held_on,
          place: session.place,
          participants: session.participants as Participant[],
          outcome: session.outcome,
          votesFor: session.votes_for,
          votesAgainst: session.votes_against,
          votesAbstain: session.votes_abstain,
        }
      : null,
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, ownerName: t.owner_name, ownerUserId: t.owner_user_id, dueOn: t.due_on, status: t.status, overdue: t.overdue, doneNote: t.done_note, doneAt: t.done_at?.toISOString() ?? null, version: t.version })),
    rating,
    stances: { support: stance('support'), oppose: stance('oppose'), suggest: stance('suggest') },
    suggestion,
    actions: actionsFor(item.status, holds),
    canAddTask: item.status === 'acting' && holds('consultation:write'),
    timeline: events.map((e) => ({ id: e.id, action: e.action, label: EVENT_LABELS[e.action] ?? e.action, fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name, note: e.note, at: e.at.toISOString() })),
  };
}

/** 集 as staff see it: every opinion, phones masked. */
export async function listOpinions(db: Database, actor: Actor, id: number) {
  await visibleItem(db, actor, id);
  const rows = await db
    .selectFrom('consultation_opinion as o')
    .innerJoin('territory_node as t', 't.id', 'o.territory_id')
    .selectAll('o')
    .select('t.name as place_name')
    .where('o.consultation_id', '=', id)
    .orderBy('o.id')
    .execute();
  return rows.map((o) => ({ id: o.id, placeName: o.place_name, room: o.room, phone: maskPhone(o.phone)!, stance: o.stance, content: o.content, createdAt: o.created_at.toISOString() }));
}

export async function listRatings(db: Database, actor: Actor, id: number) {
  await visibleItem(db, actor, id);
  const rows = await db.selectFrom('consultation_rating').selectAll().where('consultation_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, phone: maskPhone(r.phone)!, stars: r.stars, comment: r.comment, createdAt: r.created_at.toISOString() }));
}

