import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { scopeFor } from '../../platform/scope.js';
import { canSee, loadAssignments, loadCase, standingOf, type LoadedCase, type Relation } from './access.js';
import { attachmentView, caseAttachments } from './attachments.js';
import { extensionActionsFor } from './extensions.js';
import type { NewCase } from './intake.js';
import * as repo from './repository.js';
import type { CaseFilter } from './schema.js';
import * as view from './view.js';
import { actionsFrom, failedGuard, mayFire, TRANSITIONS } from './workflow.js';

/** Loads a case the actor may see, or 404 — the same answer as for a case that does not exist. */
export async function visibleCase(db: Database, actor: Actor, id: number): Promise<{ c: LoadedCase; rel: Relation }> {
  const c = await loadCase(db, id);
  if (!c) throw notFound();
  const rel: Relation = { assignments: await loadAssignments(db, id), myDepartments: actor.departmentIds };
  if (!canSee(actor, c, rel)) throw notFound();
  return { c, rel };
}

export async function getCase(db: Database, actor: Actor, id: number) {
  const { c, rel } = await visibleCase(db, actor, id);
  const standing = standingOf(actor, c, rel);
  const actions = actionsFrom(c.status).filter((a) => mayFire(TRANSITIONS[a], c.tier, standing) && failedGuard(TRANSITIONS[a], c) === null);
  const row = await repo.caseWithNames(db, id);
  const attachments = (await caseAttachments(db, id)).map((a) => attachmentView(a, STAFF_ATTACHMENTS));
  return view.detail(row!, await repo.namedAssignments(db, id), actions, attachments, extensionActionsFor(c, standing));
}

/**
 * The detail of a case this request has just recorded, from the row intake
 * wrote: a new case has no assignments yet, so nothing of the caller's
 * departments can bear on what they see or may do, and its photos are read
 * only if it claimed some. A replayed submission returns an older case: that
 * one goes through getCase.
 */
export async function newCaseDetail(db: Database, actor: Actor, row: NewCase, withAttachments: boolean) {
  const id = row.id;
  const rel: Relation = { assignments: [], myDepartments: [] };
  if (!canSee(actor, row, rel)) throw notFound();
  const standing = standingOf(actor, row, rel);
  const actions = actionsFrom(row.status).filter((a) => mayFire(TRANSITIONS[a], row.tier, standing) && failedGuard(TRANSITIONS[a], row) === null);
  const attachments = withAttachments ? (await caseAttachments(db, id)).map((a) => attachmentView(a, STAFF_ATTACHMENTS)) : [];
  return view.detail(row, [], actions, attachments, extensionActionsFor(row, standing));
}

/** Who is looking at the queue: their read scope and, for department staff, their assignments. */
export function viewerOf(actor: Actor): repo.Viewer {
  const departments = actor.departmentIds;
  return {
    userId: actor.userId,
    departments,
    readScope: scopeFor(actor, 'case:read'),
    roles: actor.roles,
    byAssignment: departments.length > 0 || !actor.permissions.has('case:read'),
  };
}

export async function listCases(db: Database, actor: Actor, filter: CaseFilter) {
  const page = await repo.listCases(db, viewerOf(actor), filter);
  return { data: page.rows.map(view.summary), total: page.total, totalCapped: page.totalCapped, current: page.current, pageSize: page.pageSize };
}

const ACTION_NAMES: Record<string, string> = {
  submit: '登记',
  merged_in: '合并入',
  overdue: '超期',
  remind: '催办',
  extension_request: '申请延期',
  extension_approve: '批准延期',
  extension_reject: '驳回延期',
  ...Object.fromEntries(Object.entries(TRANSITIONS).map(([a, t]) => [a, t.label])),
};

export const STAFF_ATTACHMENTS = '/api/v1/attachments';

export async function timeline(db: Database, actor: Actor, id: number) {
  await visibleCase(db, actor, id);
  return timelineOf(db, id, STAFF_ATTACHMENTS);
}

/** Every step of a case with the photos each step added; `base` is the caller's download route. */
export async function timelineOf(db: Database, id: number, base: string) {
  const rows = await repo.timeline(db, id);
  const photos = await caseAttachments(db, id);
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actionName: ACTION_NAMES[r.action] ?? r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actor: r.actor_name,
    note: r.note,
    detail: r.detail,
    attachments: photos.filter((a) => a.event_id === r.id).map((a) => attachmentView(a, base)),
    at: r.at.toISOString(),
  }));
}

/** Suggestions for the accept screen; at most ten, most similar first. */
export async function duplicates(db: Database, actor: Actor, id: number) {
  const { c } = await visibleCase(db, actor, id);
  const candidates = await repo.duplicateCandidates(db, c);
  return candidates
    .map((r) => ({
      id: r.id,
      trackingNo: r.tracking_no,
      status: r.status,
      description: r.description,
      territoryName: r.territory_name,
      createdAt: r.created_at.toISOString(),
      similarity: Math.round(repo.jaccard(c.desc_tokens, r.desc_tokens) * 1000) / 1000,
    }))
    .filter((r) => r.similarity >= 0.15)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 10);
}

/** The full reporter phone for a call-back; needs personal:view over the case and is audit-logged. */
export async function reporterPhone(db: Database, ctx: RequestContext & { actor: Actor }, id: number) {
  const { c } = await visibleCase(db, ctx.actor, id);
  await audit(db, ctx, {
    action: 'personal.view',
    entityType: 'case',
    entityId: c.id,
    territoryId: c.territory_id,
    summary: `查看诉求 ${c.tracking_no} 的反映人电话`,
  });
  return { phone: c.reporter_phone };
}

export { pendingCounts } from './pending.js';

/* The statistics module reads the case rollups, and names states and tiers, through here. */
export { rollupByDimension, rollupByNode, rollupNow, rollupSeries, type Period } from './rollup-read.js';
export { rebuildCaseRollups, type RebuildReport } from './rollup-rebuild.js';
export { COUNTERS, type Counts } from './rollup.js';
export { CHANNEL_LABELS, STATE_LABELS, STATES, TIER_LABELS, TIERS } from './workflow.js';
export type { Channel } from './tables.js';
/* Other capabilities record and route cases through these (meetings dispatch a resolution as a case). */
export { submit } from './intake.js';
export { fire } from './engine.js';
export { tellReportersOfDecision } from './reporter-notify.js';
