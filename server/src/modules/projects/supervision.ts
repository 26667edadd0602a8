import type { RequestContext, Resident } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { loadProject, timeline, type LoadedProject } from './engine.js';
import { M } from './messages.js';
import { linesOf, ratingSummary } from './service.js';
import { FUNDING_LABELS, requireCompleted } from './steps.js';
import { PUBLIC_STATES, STATE_LABELS, SUPERVISED } from './workflow.js';
import { holdsOver } from '../../platform/scope.js';

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

/** A project as residents see it on the H5 page: approved ones only, public words only. */
export async function publicProject(db: Database, id: number, phone: string | null) {
  const p = await loadProject(db, id);
  if (!p || !PUBLIC_STATES.includes(p.status)) throw notFound();
  const [lines, ratings, unit, mine, records] = await Promise.all([
    linesOf(db, p.id),
    ratingSummary(db, p.id),
    p.undertaker_unit_id === null ? undefined : db.selectFrom('unit').select('name').where('id', '=', p.undertaker_unit_id).executeTakeFirst(),
    phone ? db.selectFrom('project_rating').select('id').where('project_id', '=', p.id).where('phone', '=', phone).executeTakeFirst() : undefined,
    db.selectFrom('project_supervision').select(['id', 'source', 'content', 'phone', 'created_at']).where('project_id', '=', p.id).orderBy('id', 'desc').limit(50).execute(),
  ]);
  return {
    id: p.id,
    communityName: p.community_name,
    title: p.title,
    goal: p.goal,
    beneficiaries: p.beneficiaries,
    fundingSource: FUNDING_LABELS[p.funding_source],
    status: p.status,
    statusLabel: STATE_LABELS[p.status],
    progress: p.progress,
    undertakerName: unit?.name ?? p.undertaker_name,
    approvedTotal: lines.reduce((s, l) => s + (l.approvedAmount ?? 0), 0),
    spentTotal: lines.reduce((s, l) => s + l.spentAmount, 0),
    ratings,
    canSupervise: SUPERVISED.includes(p.status),
    canRate: p.status === 'completed' && !mine,
    rated: Boolean(mine),
    supervision: records.map((r) => ({ id: r.id, source: r.source, content: r.content, author: r.source === 'resident' ? `居民 ${maskPhone(r.phone)}` : '社区', createdAt: r.created_at.toISOString() })),
  };
}

function requireRunning(p: LoadedProject) {
  if (!SUPERVISED.includes(p.status)) throw new AppError(409, M['project.not_running']);
}

/** 居民和社区共同监督: a record by staff of the project's area or by a resident signed in by phone. */
export async function supervise(db: Database, ctx: RequestContext, id: number, content: string) {
  await db.transaction().execute(async (trx) => {
    const p = await loadProject(trx, id, true);
    if (!p) throw notFound();
    if (ctx.actor) {
      if (!holdsOver(ctx.actor, 'project:read', p.community_path)) throw notFound();
    } else if (!PUBLIC_STATES.includes(p.status)) throw notFound();
    requireRunning(p);
    const resident: Resident | null = ctx.actor ? null : (ctx.resident ?? null);
    await trx
      .insertInto('project_supervision')
      .values({ project_id: p.id, source: resident ? 'resident' : 'staff', user_id: ctx.actor?.userId ?? null, phone: resident?.phone ?? null, content: content.trim() })
      .execute();
    await timeline(trx, ctx, { projectId: p.id, action: 'supervise', from: p.status, to: p.status, note: content.trim(), at: new Date() });
    await audit(trx, ctx, { action: 'project.supervise', entityType: 'project', entityId: p.id, territoryId: p.community_id, summary: `${p.community_name}项目“${p.title}”：监督记录` });
  });
}

export interface Rating {
  content: number;
  service: number;
  management: number;
  comment?: string;
}

/** 居民评价: once per phone, only after completion (409 before). */
export async function rate(db: Database, ctx: RequestContext & { resident: Resident }, id: number, input: Rating) {
  try {
    await db.transaction().execute(async (trx) => {
      const p = await loadProject(trx, id);
      if (!p || !PUBLIC_STATES.includes(p.status)) throw notFound();
      requireCompleted(p);
      await trx
        .insertInto('project_rating')
        .values({ project_id: p.id, phone: ctx.resident.phone, content: input.content, service: input.service, management: input.management, comment: input.comment?.trim() || null })
        .execute();
      await timeline(trx, ctx, { projectId: p.id, action: 'rate', from: p.status, to: p.status, detail: { content: input.content, service: input.service, management: input.management }, at: new Date() });
      await audit(trx, ctx, { action: 'project.rate', entityType: 'project', entityId: p.id, territoryId: p.community_id, summary: `${p.community_name}项目“${p.title}”：居民评价` });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, M['project.already_rated']);
    throw err;
  }
}

