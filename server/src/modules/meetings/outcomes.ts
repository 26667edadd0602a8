import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { fieldError } from '../../platform/errors.js';
import { submit, tellReportersOfDecision } from '../cases/service.js';
import type { Ctx } from './access.js';
import { meetingHooks } from './hooks.js';
import { M } from './messages.js';
import type { ResolutionInput } from './schema.js';
import type { ResolutionRow, TopicRow } from './tables.js';
import { routeResolutionCase } from './routing.js';
import { moveTopic } from './topics.js';

const need = (field: string) => fieldError(`body.${field}`, M['meeting.outcome_field']);

/** Checks what the outcome needs before anything is written; the same checks hold when it is applied. */
export async function checkOutcome(db: Database, communityPath: string, input: ResolutionInput) {
  if (input.outcome === 'demand' && input.demand === undefined) throw need('demand');
  if (input.outcome === 'project') {
    if (input.project === undefined) throw need('project');
    meetingHooks().project.checkLines(input.project.lines, 'body.project.lines');
    return;
  }
  if (input.outcome === 'task') {
    if (input.ownerUserId === undefined) throw need('ownerUserId');
    if (input.dueOn === undefined) throw need('dueOn');
    const owner = await db
      .selectFrom('role_assignment as ra')
      .innerJoin('territory_node as tn', 'tn.id', 'ra.territory_id')
      .innerJoin('app_user as u', 'u.id', 'ra.user_id')
      .select('ra.user_id')
      .where('ra.user_id', '=', input.ownerUserId)
      .where('u.status', '=', 'active')
      .where((eb) => eb.or([eb(sql<string>`${communityPath}`, 'like', sql<string>`tn.path || '%'`), eb('tn.path', 'like', `${communityPath}%`)]))
      .executeTakeFirst();
    if (!owner) throw fieldError('body.ownerUserId', M['meeting.owner_outside']);
  }
  if (input.outcome === 'dispatch') {
    if (input.departmentId === undefined) throw need('departmentId');
    if (input.categoryCode === undefined) throw need('categoryCode');
    const dept = await db
      .selectFrom('department as d')
      .innerJoin('territory_node as tn', 'tn.id', 'd.territory_id')
      .select('d.id')
      .where('d.id', '=', input.departmentId)
      .where('d.enabled', '=', true)
      .where(sql<string>`${communityPath}`, 'like', sql<string>`tn.path || '%'`)
      .executeTakeFirst();
    if (!dept) throw fieldError('body.departmentId', M['meeting.department_unknown']);
  }
  if (input.outcome === 'reject' && input.reasons === undefined) throw need('reasons');
}

/**
 * Applies a passed resolution inside the deciding transaction. A dispatch records the
 * case here (channel 会议, linked to the resolution) and returns its routing, to run once
 * that transaction has committed (routing.ts: the cases engine runs each step in its own).
 */
export async function applyOutcome(db: Database, trx: Database, ctx: Ctx, r: ResolutionRow, topic: TopicRow & { title: string }): Promise<(() => Promise<void>) | null> {
  if (r.outcome === 'reject') {
    await moveTopic(trx, ctx, topic, 'reject', r.reasons, { feedback: r.reasons ?? '' });
    const origins = await trx.selectFrom('meeting_topic_case').select('case_id').where('topic_id', '=', topic.id).execute();
    await tellReportersOfDecision(
      trx,
      ctx,
      origins.map((o) => o.case_id),
      r.reasons ?? '',
    );
    return null;
  }
  await moveTopic(trx, ctx, topic, 'decide', r.text.slice(0, 200));
  if (r.outcome === 'project' && r.project_spec) {
    const spec = r.project_spec;
    const caseIds = await trx.selectFrom('meeting_topic_case').select('case_id').where('topic_id', '=', topic.id).orderBy('case_id').execute();
    const projectId = await meetingHooks().project.createDraft(trx, ctx, {
      communityId: r.community_id,
      title: topic.title,
      goal: r.text,
      beneficiaries: spec.beneficiaries ?? topic.stakeholders ?? '本社区居民',
      fundingSource: spec.fundingSource,
      lines: spec.lines,
      originCaseIds: caseIds.map((c) => c.case_id),
      originResolutionId: r.id,
    });
    await trx.updateTable('meeting_resolution').set({ project_id: projectId }).where('id', '=', r.id).execute();
    return null;
  }
  if (r.outcome === 'demand') {
    const spec = r.demand_spec!;
    const demandId = await meetingHooks().createDemand(trx, ctx, { communityId: r.community_id, title: topic.title, description: r.text, ...spec }, { resolutionId: r.id });
    await trx.updateTable('meeting_resolution').set({ demand_id: demandId }).where('id', '=', r.id).execute();
    return null;
  }
  // A 'project' resolution without a project_spec predates projects: its owner and deadline make it a task.
  if (r.outcome === 'task' || r.outcome === 'project') {
    await trx.insertInto('meeting_task').values({ resolution_id: r.id, community_id: r.community_id, kind: r.outcome, title: topic.title, owner_user_id: r.owner_user_id!, due_on: r.due_on! }).execute();
    return null;
  }
  const created = await submit(
    trx,
    ctx,
    { communityId: r.community_id, channel: 'meeting', categoryCode: r.category_code!, description: `【会议决议】${topic.title}：${r.text}`.slice(0, 2000), idempotencyKey: `meeting-resolution-${r.id}` },
    { source: `user:${ctx.actor.userId}`, createdBy: ctx.actor.userId, scope: null },
  );
  await trx.updateTable('meeting_resolution').set({ case_id: created.id }).where('id', '=', r.id).execute();
  return () => routeResolutionCase(db, ctx, { id: r.id, caseId: created.id, departmentId: r.department_id! });
}
