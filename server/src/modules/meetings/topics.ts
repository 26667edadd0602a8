import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, forbidden } from '../../platform/errors.js';
import { scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { STATE_LABELS as CASE_STATE_LABELS, visibleCase } from '../cases/service.js';
import { assertFrom, assertVersion, communityNode, eventValues, permissionsAt, visibleTopic, type Ctx } from './access.js';
import { meetingHooks } from './hooks.js';
import { M } from './messages.js';
import type { Static } from 'typebox';
import type { CreateTopicInput, EditTopicInput, TopicQuery } from './schema.js';
import type { TopicRow } from './tables.js';
import { allowed, TOPIC_STATE_LABELS, TOPIC_TRANSITIONS, type TopicAction } from './workflow.js';
import { timelineOf } from './view.js';

/**
 * 议题: a member or staff turns cases of one community (or a proposal of their own)
 * into a topic that waits in the community's pool. Every case must be one the caller
 * sees and of the same community; otherwise nothing is written.
 */
export async function createTopic(db: Database, ctx: Ctx, input: CreateTopicInput) {
  const node = await communityNode(db, input.communityId);
  if (!node || node.level !== 'community' || !permissionsAt(ctx.actor, node.path).has('topic:write')) throw fieldError('body.communityId', M['meeting.not_a_community']);
  const caseIds = [...new Set(input.caseIds ?? [])];
  for (const id of caseIds) {
    const found = await visibleCase(db, ctx.actor, id).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) return null;
      throw err;
    });
    if (!found || found.c.community_id !== node.id) throw fieldError('body.caseIds', M['meeting.case_other_community']);
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('meeting_topic')
      .values({
        community_id: node.id,
        title: input.title.trim(),
        background: input.background.trim(),
        stakeholders: input.stakeholders?.trim() || null,
        suggestion: input.suggestion?.trim() || null,
        category: input.category?.trim() || null,
        source: caseIds.length > 0 ? 'cases' : 'proposal',
        escalate_to: input.escalateTo ?? null,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (caseIds.length > 0) await trx.insertInto('meeting_topic_case').values(caseIds.map((case_id) => ({ topic_id: row.id, case_id }))).execute();
    await trx.insertInto('meeting_topic_event').values({ topic_id: row.id, ...eventValues(ctx, 'create', null, 'pooled', null, { caseIds }) }).execute();
    await audit(trx, ctx, { action: 'meeting.topic_create', entityType: 'meeting_topic', entityId: row.id, territoryId: node.id, summary: `提出议题：${input.title.trim()}` });
    return row.id;
  });
}

/** One step of the topic's state table inside the caller's transaction: state, version, timeline. */
export async function moveTopic(trx: Database, ctx: RequestContext, topic: Pick<TopicRow, 'id' | 'status' | 'version'>, action: TopicAction, note?: string | null, set: { feedback?: string } = {}) {
  const t = TOPIC_TRANSITIONS[action];
  assertFrom(t, topic.status, TOPIC_STATE_LABELS[topic.status]);
  const updated = await trx
    .updateTable('meeting_topic')
    .set({ ...set, status: t.to, version: topic.version + 1, updated_at: new Date() })
    .where('id', '=', topic.id)
    .where('version', '=', topic.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict();
  await trx.insertInto('meeting_topic_event').values({ topic_id: topic.id, ...eventValues(ctx, action, topic.status, t.to, note) }).execute();
}

export async function withdrawTopic(db: Database, ctx: Ctx, id: number, version: number) {
  await db.transaction().execute(async (trx) => {
    const { row } = await visibleTopic(trx, ctx.actor, id, 'topic:write', true);
    // Staff withdraw any topic of their community; a member only their own.
    if (row.created_by !== ctx.actor.userId && !permissionsAt(ctx.actor, row.community_path).has('meeting:write')) throw forbidden();
    assertVersion(row.version, version);
    await moveTopic(trx, ctx, row, 'withdraw');
  });
}

/** Topics are edited while they wait or stand on an agenda; a decided, rejected or withdrawn topic is a record. */
const EDITABLE: readonly TopicRow['status'][] = ['pooled', 'scheduled'];
const mayEdit = (row: Pick<TopicRow, 'status' | 'created_by'>, actor: Actor, here: ReadonlySet<string>) =>
  EDITABLE.includes(row.status) && here.has('topic:write') && (row.created_by === actor.userId || here.has('meeting:write'));

/**
 * 修改议题: its wording and category (the category decides what the 协商目录 suggests),
 * by its author or the community's staff, with the fields changed on its timeline.
 */
export async function editTopic(db: Database, ctx: Ctx, id: number, input: EditTopicInput) {
  await db.transaction().execute(async (trx) => {
    const { row, here } = await visibleTopic(trx, ctx.actor, id, 'topic:write', true);
    if (row.created_by !== ctx.actor.userId && !here.has('meeting:write')) throw forbidden();
    if (!EDITABLE.includes(row.status)) throw conflict(M['meeting.topic_closed']);
    assertVersion(row.version, input.version);
    const optional = (v: string | undefined) => (v === undefined ? undefined : v.trim() || null);
    const next = {
      title: input.title?.trim(),
      background: input.background?.trim(),
      stakeholders: optional(input.stakeholders),
      suggestion: optional(input.suggestion),
      category: optional(input.category),
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== undefined && next[k] !== row[k]);
    if (changed.length === 0) return;
    const set = Object.fromEntries(changed.map((k) => [k, next[k]]));
    const updated = await trx.updateTable('meeting_topic').set({ ...set, version: row.version + 1, updated_at: new Date() }).where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict();
    await trx.insertInto('meeting_topic_event').values({ topic_id: id, ...eventValues(ctx, 'edit', row.status, row.status, null, { changed }) }).execute();
    await audit(trx, ctx, { action: 'meeting.topic_edit', entityType: 'meeting_topic', entityId: id, territoryId: row.community_id, summary: `修改议题：${next.title ?? row.title}` });
  });
}

async function caseIdsOf(db: Database, topicIds: number[]) {
  if (topicIds.length === 0) return new Map<number, number[]>();
  const rows = await db.selectFrom('meeting_topic_case').select(['topic_id', 'case_id']).where('topic_id', 'in', topicIds).orderBy('case_id').execute();
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(r.topic_id, [...(map.get(r.topic_id) ?? []), r.case_id]);
  return map;
}

const summary = (r: TopicRow & { community_name: string }, caseIds: number[]) => ({
  id: r.id,
  communityId: r.community_id,
  communityName: r.community_name,
  title: r.title,
  source: r.source,
  escalateTo: r.escalate_to,
  category: r.category,
  status: r.status,
  statusName: TOPIC_STATE_LABELS[r.status],
  caseIds,
  createdAt: r.created_at.toISOString(),
  version: r.version,
});

export async function listTopics(db: Database, actor: Actor, q: Static<typeof TopicQuery>) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('meeting_topic as t').innerJoin('territory_node as n', 'n.id', 't.community_id').where((eb) => territoryCondition(eb as never, 't.community_id' as never, scopeFor(actor, 'meeting:read')));
  if (q.communityId) base = base.where('t.community_id', '=', q.communityId);
  if (q.status) base = base.where('t.status', '=', q.status);
  if (q.escalated) base = base.where('t.escalate_to', 'is not', null);
  if (q.keyword?.trim()) base = base.where('t.title', 'like', `%${escapeLike(q.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.selectAll('t').select('n.name as community_name').orderBy('t.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const cases = await caseIdsOf(db, rows.map((r) => r.id));
  return { data: rows.map((r) => summary(r, cases.get(r.id) ?? [])), total: Number(total.n), current, pageSize };
}

/** Where topics went: each agenda item with its meeting and resolution (the originating cases' link). */
async function meetingsOf(db: Database, topicIds: number[]) {
  if (topicIds.length === 0) return [];
  return db
    .selectFrom('meeting_agenda_item as a')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .leftJoin('meeting_resolution as r', 'r.agenda_item_id', 'a.id')
    .select(['a.topic_id', 'm.id as meetingId', 'm.title as meetingTitle', 'm.status as meetingStatus', 'r.id as resolutionId', 'r.status as resolutionStatus', 'r.outcome', 'r.case_id as caseId'])
    .where('a.topic_id', 'in', topicIds)
    .orderBy('m.starts_at')
    .execute();
}

export async function getTopic(db: Database, actor: Actor, id: number) {
  const { row, here } = await visibleTopic(db, actor, id);
  const caseIds = (await caseIdsOf(db, [id])).get(id) ?? [];
  const cases = caseIds.length
    ? await db.selectFrom('case_record').select(['id', 'tracking_no', 'description', 'status']).where('id', 'in', caseIds).orderBy('id').execute()
    : [];
  const mine = row.created_by === actor.userId;
  // The 协商目录 of the topic's community decides whether the console offers 发起议事协商.
  const suggestion = row.category ? await meetingHooks().catalogueSuggestion(db, row.community_id, row.category) : null;
  return {
    ...summary(row, caseIds),
    background: row.background,
    stakeholders: row.stakeholders,
    suggestion: row.suggestion,
    feedback: row.feedback,
    cases: cases.map((c) => ({ id: c.id, trackingNo: c.tracking_no, description: c.description.slice(0, 100), status: CASE_STATE_LABELS[c.status] })),
    meetings: (await meetingsOf(db, [id])).map(({ topic_id: _t, ...m }) => m),
    consultationSuggestion: suggestion && { suggested: suggestion.suggested, requirement: suggestion.requirement, reason: suggestion.reason },
    actions: [...allowed(TOPIC_TRANSITIONS, row.status, here).filter((a) => a === 'withdraw' && (mine || here.has('meeting:write'))), ...(mayEdit(row, actor, here) ? ['edit'] : [])],
    events: await timelineOf(db, 'meeting_topic_event', 'topic_id', id),
  };
}

/** The topics a case became, for the case's page: checks the caller sees the case. */
export async function topicsOfCase(db: Database, actor: Actor, caseId: number) {
  await visibleCase(db, actor, caseId);
  const topics = await db
    .selectFrom('meeting_topic_case as tc')
    .innerJoin('meeting_topic as t', 't.id', 'tc.topic_id')
    .select(['t.id', 't.title', 't.status', 't.feedback'])
    .where('tc.case_id', '=', caseId)
    .orderBy('t.id')
    .execute();
  const meetings = await meetingsOf(db, topics.map((t) => t.id));
  return topics.map((t) => ({
    topicId: t.id,
    title: t.title,
    status: t.status,
    statusName: TOPIC_STATE_LABELS[t.status],
    feedback: t.feedback,
    meetings: meetings.filter((m) => m.topic_id === t.id).map(({ topic_id: _t, ...m }) => m),
  }));
}
