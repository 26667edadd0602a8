import type { Actor } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, fieldError, notFound } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { holdsOver, scopeFor, territoryCondition } from '../../platform/scope.js';
import { visibleCase } from '../cases/service.js';
import { lineSpending, type ProjectReversal } from '../funds/service.js';
import { resolutionOrigin } from '../meetings/service.js';
import { visibleDemand } from '../units/service.js';
import { fireIn, permissionsAt, standingOf, timeline, unitsOf, visibleProject, type LoadedProject, type Staff } from './engine.js';
import { M } from './messages.js';
import type { FundingSource, ProjectStatus } from './tables.js';
import { actionsFor, EVENT_LABELS, PUBLIC_STATES } from './workflow.js';

export { ProjectSpec } from './schema.js';

export interface ProjectInput {
  communityId: number;
  title: string;
  goal: string;
  beneficiaries: string;
  fundingSource: FundingSource;
  lines: { name: string; amount: number }[];
  originCaseIds?: number[];
  originDemandIds?: number[];
  /** Set by the meetings capability when a passed resolution makes the project. */
  originResolutionId?: number;
}

/** Budget lines: at least one, positive integer fen, distinct names. `at` is where they sit in the request. */
export function checkLines(lines: ProjectInput['lines'], at = 'body.lines') {
  if (lines.length === 0) throw fieldError(at, M['project.lines_required']);
  const seen = new Set<string>();
  for (const [i, l] of lines.entries()) {
    if (!Number.isSafeInteger(l.amount) || l.amount <= 0) throw fieldError(`${at}.${i}.amount`, 'funds.amount_positive');
    const name = l.name.trim();
    if (seen.has(name)) throw fieldError(`${at}.${i}.name`, M['project.line_duplicate']);
    seen.add(name);
  }
}

/**
 * A 冲正 of money booked against the project (the funds capability calls it in the
 * reversing transaction, through modules/wiring.ts): a timeline row in the project's
 * current state, so the project's history explains why a line has money back.
 */
export async function recordSpendingReversal(trx: Database, ctx: Staff, e: ProjectReversal) {
  const p = await trx.selectFrom('project').select('status').where('id', '=', e.projectId).executeTakeFirstOrThrow();
  const line = e.lineId === null ? undefined : await trx.selectFrom('project_line').select('name').where('id', '=', e.lineId).executeTakeFirst();
  await timeline(trx, ctx, {
    projectId: e.projectId,
    action: 'reverse_expense',
    from: p.status,
    to: p.status,
    note: `${line ? `${line.name}：` : ''}冲正第 ${e.reversesId} 笔，${e.memo}`,
    detail: { txnId: e.reversalId, reversesId: e.reversesId, lineId: e.lineId },
    at: new Date(),
  });
}

/**
 * A project in draft for a community, with its budget lines. Exported for other capabilities
 * (a meeting resolution becomes a project): call it with the caller's transaction as `db`.
 */
export async function createProjectDraft(db: Database, ctx: Staff, input: ProjectInput): Promise<number> {
  const community = await db.selectFrom('territory_node').select(['id', 'path', 'level', 'name']).where('id', '=', input.communityId).executeTakeFirst();
  if (!community || !holdsOver(ctx.actor, 'project:read', community.path)) throw notFound();
  if (community.level !== 'community') throw fieldError('body.communityId', M['project.not_a_community']);
  if (!holdsOver(ctx.actor, 'project:write', community.path)) throw new AppError(403, 'forbidden');
  checkLines(input.lines);
  const origins = [...new Set(input.originCaseIds ?? [])];
  for (const [i, caseId] of origins.entries()) {
    const found = await visibleCase(db, ctx.actor, caseId).catch(() => null);
    if (!found || found.c.community_id !== community.id) throw fieldError(`body.originCaseIds.${i}`, M['project.origin_case']);
  }
  const demands = [...new Set(input.originDemandIds ?? [])];
  for (const [i, demandId] of demands.entries()) {
    const found = await visibleDemand(db, ctx.actor, demandId).catch(() => null);
    if (!found || found.d.community_id !== community.id) throw fieldError(`body.originDemandIds.${i}`, M['project.origin_demand']);
  }
  const row = await db
    .insertInto('project')
    .values({
      community_id: community.id,
      title: input.title.trim(),
      goal: input.goal.trim(),
      beneficiaries: input.beneficiaries.trim(),
      funding_source: input.fundingSource,
      origin_case_ids: JSON.stringify(origins),
      origin_demand_ids: JSON.stringify(demands),
      origin_resolution_id: input.originResolutionId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_line')
    .values(input.lines.map((l, i) => ({ project_id: row.id, name: l.name.trim(), requested_amount: l.amount, sort: i })))
    .execute();
  await timeline(db, ctx, { projectId: row.id, action: 'create', from: null, to: 'draft', at: new Date() });
  await audit(db, ctx, { action: 'project.create', entityType: 'project', entityId: row.id, territoryId: community.id, summary: `${community.name}：新建项目“${input.title.trim()}”` });
  return row.id;
}

/** 社区申报 from the console: the draft and, unless kept as a draft, its application, together. */
export async function applyForProject(db: Database, ctx: Staff, input: ProjectInput & { submit?: boolean }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await createProjectDraft(trx, ctx, input);
    if (input.submit !== false) await fireIn(trx, ctx, id, 1, 'apply', async () => ({ set: { applied_by: ctx.actor.userId } }));
    return id;
  });
}

export async function apply(db: Database, ctx: Staff, id: number, version: number) {
  await db.transaction().execute((trx) => fireIn(trx, ctx, id, version, 'apply', async () => ({ set: { applied_by: ctx.actor.userId } })));
}

export interface ProjectFilter {
  current?: number;
  pageSize?: number;
  communityId?: number;
  status?: ProjectStatus;
  title?: string;
  fundingSource?: FundingSource;
  /** Units: the approved projects open for claim in their area. */
  openForClaim?: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export async function listProjects(db: Database, actor: Actor, filter: ProjectFilter) {
  const current = filter.current ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const readScope = scopeFor(actor, 'project:read');
  const claimScope = scopeFor(actor, 'project:claim');
  let q = db
    .selectFrom('project as p')
    .innerJoin('territory_node as t', 't.id', 'p.community_id')
    .leftJoin('unit as u', 'u.id', 'p.undertaker_unit_id')
    .where((eb) =>
      filter.openForClaim
        ? eb.and([territoryCondition(eb as never, 'p.community_id' as never, claimScope), eb('p.status', '=', 'approved')])
        : eb.or([
            territoryCondition(eb as never, 'p.community_id' as never, readScope),
            eb.and([territoryCondition(eb as never, 'p.community_id' as never, claimScope), eb('p.status', 'in', PUBLIC_STATES)]),
          ]),
    );
  if (filter.communityId) q = q.where('p.community_id', '=', filter.communityId);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  if (filter.fundingSource) q = q.where('p.funding_source', '=', filter.fundingSource);
  if (filter.title?.trim()) q = q.where('p.title', 'like', `%${escapeLike(filter.title.trim())}%`);
  const [rows, count] = await Promise.all([
    q
      .selectAll('p')
      .select(['t.name as community_name', 'u.name as unit_name'])
      .select((eb) => eb.selectFrom('project_line as l').whereRef('l.project_id', '=', 'p.id').select((e) => e.fn.sum<number | string>('l.requested_amount').as('s')).as('requested'))
      .select((eb) => eb.selectFrom('project_line as l').whereRef('l.project_id', '=', 'p.id').select((e) => e.fn.sum<number | string>('l.approved_amount').as('s')).as('approved'))
      .orderBy('p.id', 'desc')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({ ...summary(r, r.unit_name), requestedTotal: Number(r.requested ?? 0), approvedTotal: r.approved === null ? null : Number(r.approved) })),
    total: Number(count.n),
    current,
    pageSize,
  };
}

function summary(p: Omit<LoadedProject, 'community_path'>, unitName: string | null) {
  return {
    id: p.id,
    communityId: p.community_id,
    communityName: p.community_name,
    title: p.title,
    fundingSource: p.funding_source,
    status: p.status,
    progress: p.progress,
    undertakerKind: p.undertaker_kind,
    undertakerUnitId: p.undertaker_unit_id,
    undertakerName: unitName ?? p.undertaker_name,
    undertakeMode: p.undertake_mode,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    version: p.version,
  };
}

/** Residents' ratings of a project, averaged per dimension (seed 004: 内容、服务质量、管理). */
export async function ratingSummary(db: Database, projectId: number) {
  const r = await db
    .selectFrom('project_rating')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.avg<number | string>('content').as('content'), eb.fn.avg<number | string>('service').as('service'), eb.fn.avg<number | string>('management').as('management')])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const avg = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return { count: Number(r.n), content: avg(r.content), service: avg(r.service), management: avg(r.management) };
}

/** The budget lines with what was granted, spent and what is left. */
export async function linesOf(db: Database, projectId: number) {
  const [lines, money] = await Promise.all([db.selectFrom('project_line').selectAll().where('project_id', '=', projectId).orderBy('sort').orderBy('id').execute(), lineSpending(db, projectId)]);
  return lines.map((l) => {
    const m = money.get(l.id);
    return { id: l.id, name: l.name, requestedAmount: l.requested_amount, approvedAmount: l.approved_amount, spentAmount: m?.spent ?? 0, remainingAmount: m?.balance ?? 0 };
  });
}

export async function projectDetail(db: Database, actor: Actor, id: number) {
  const p = await visibleProject(db, actor, id);
  const [standing, unit, lines, milestones, supervision, ratings, expenses, events, units] = await Promise.all([
    standingOf(db, actor, p),
    p.undertaker_unit_id === null ? undefined : db.selectFrom('unit').select('name').where('id', '=', p.undertaker_unit_id).executeTakeFirst(),
    linesOf(db, p.id),
    db.selectFrom('project_milestone').selectAll().where('project_id', '=', p.id).orderBy('id').execute(),
    db.selectFrom('project_supervision as s').leftJoin('app_user as u', 'u.id', 's.user_id').select(['s.id', 's.source', 's.content', 's.phone', 's.created_at', 'u.display_name']).where('s.project_id', '=', p.id).orderBy('s.id').execute(),
    ratingSummary(db, p.id),
    db
      .selectFrom('fund_txn as x')
      .innerJoin('project_line as l', 'l.id', 'x.project_line_id')
      .leftJoin('fund_txn as r', 'r.reverses_id', 'x.id')
      .innerJoin('fund_entry as e', (j) => j.onRef('e.txn_id', '=', 'x.id').on('e.amount', '>', 0))
      .select(['x.id', 'x.booked_on', 'x.memo', 'l.id as line_id', 'l.name as line_name', 'e.amount', 'r.id as reversed_by'])
      .where('x.project_id', '=', p.id)
      .where('x.kind', '=', 'expense')
      .orderBy('x.id')
      .execute(),
    db.selectFrom('project_event').selectAll().where('project_id', '=', p.id).orderBy('id').execute(),
    permissionsAt(actor, p.community_path).has('project:claim') ? unitsOf(db, actor) : [],
  ]);
  return {
    ...summary(p, unit?.name ?? null),
    goal: p.goal,
    beneficiaries: p.beneficiaries,
    originCaseIds: p.origin_case_ids,
    originDemandIds: p.origin_demand_ids,
    originResolution: p.origin_resolution_id === null ? null : await resolutionOrigin(db, p.origin_resolution_id),
    appliedBy: p.applied_by,
    decidedAt: p.decided_at?.toISOString() ?? null,
    decisionComment: p.decision_comment,
    completedAt: p.completed_at?.toISOString() ?? null,
    completionSummary: p.completion_summary,
    undertakerScore: p.undertaker_score,
    undertakerComment: p.undertaker_comment,
    archivedAt: p.archived_at?.toISOString() ?? null,
    noticeId: p.notice_id,
    lines,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, note: m.note, progress: m.progress, reachedOn: m.reached_on, createdAt: m.created_at.toISOString() })),
    supervision: supervision.map((s) => ({ id: s.id, source: s.source, content: s.content, author: s.source === 'resident' ? `居民 ${maskPhone(s.phone)}` : (s.display_name ?? ''), createdAt: s.created_at.toISOString() })),
    ratings,
    expenses: expenses.map((x) => ({ id: x.id, bookedOn: x.booked_on, memo: x.memo, lineId: x.line_id, lineName: x.line_name, amount: x.amount, reversedBy: x.reversed_by })),
    myUnits: units.map((u) => ({ id: u.id, name: u.name })),
    actions: actionsFor(p.status, standing),
    timeline: events.map((e) => ({ id: e.id, action: e.action, label: EVENT_LABELS[e.action] ?? e.action, fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name, note: e.note, at: e.at.toISOString() })),
  };
}
