import { timelineValues } from '../../platform/timeline.js';
import type { Updateable } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { holdsOver } from '../../platform/scope.js';
import { M } from './messages.js';
import type { ProjectRow, ProjectStatus, ProjectTable } from './tables.js';
import { mayFire, PUBLIC_STATES, STATE_LABELS, TRANSITIONS, type ProjectAction, type Standing } from './workflow.js';

export type Staff = RequestContext & { actor: Actor };
export type LoadedProject = ProjectRow & { community_path: string; community_name: string };

const PERMISSIONS: Permission[] = ['project:read', 'project:write', 'project:approve', 'project:claim'];


export function permissionsAt(actor: Actor, path: string): Set<Permission> {
  return new Set(PERMISSIONS.filter((p) => holdsOver(actor, p, path)));
}

export async function loadProject(db: Database, id: number, lock = false): Promise<LoadedProject | undefined> {
  let q = db
    .selectFrom('project as p')
    .innerJoin('territory_node as t', 't.id', 'p.community_id')
    .selectAll('p')
    .select(['t.path as community_path', 't.name as community_name'])
    .where('p.id', '=', id);
  if (lock) q = q.forUpdate('p');
  return q.executeTakeFirst();
}

/** The confirmed units the caller acts for (unit_account). */
export async function unitsOf(db: Database, actor: Actor): Promise<{ id: number; name: string; community_id: number }[]> {
  return db
    .selectFrom('unit_account as ua')
    .innerJoin('unit as u', 'u.id', 'ua.unit_id')
    .select(['u.id', 'u.name', 'u.community_id'])
    .where('ua.user_id', '=', actor.userId)
    .where('u.status', '=', 'confirmed')
    .execute();
}

/** Readers of the community see every project; unit contacts of the area see the approved ones. */
export function sees(actor: Actor, p: Pick<LoadedProject, 'community_path' | 'status'>, here = permissionsAt(actor, p.community_path)) {
  return here.has('project:read') || (here.has('project:claim') && PUBLIC_STATES.includes(p.status));
}

export async function standingOf(db: Database, actor: Actor, p: LoadedProject): Promise<Standing> {
  const permissionsHere = permissionsAt(actor, p.community_path);
  const units = permissionsHere.has('project:claim') ? await unitsOf(db, actor) : [];
  const actsForUnit = p.status === 'invited' ? units.some((u) => u.id === p.undertaker_unit_id) : units.length > 0;
  return { permissionsHere, actsForUnit };
}

export async function visibleProject(db: Database, actor: Actor, id: number): Promise<LoadedProject> {
  const p = await loadProject(db, id);
  if (!p || !sees(actor, p)) throw notFound();
  return p;
}

export async function timeline(trx: Database, ctx: RequestContext, e: { projectId: number; action: string; from: string | null; to: string; note?: string | null; detail?: Record<string, unknown>; at: Date }) {
  await trx
    .insertInto('project_event')
    .values({
      project_id: e.projectId,
      ...timelineValues(ctx, e),
    })
    .execute();
}

export interface Change {
  set?: Updateable<ProjectTable>;
  note?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The one way a project changes: lock the row, 404 outside the caller's view, 403 without
 * the transition's right, 409 on a stale version or a state the table does not allow, then
 * `work` does the step's own checks and effects, and the project is written with version + 1,
 * its timeline row and the audit entry — all in one transaction.
 */
export async function fireProject(db: Database, ctx: Staff, id: number, version: number, action: ProjectAction, work: (trx: Database, p: LoadedProject, now: Date) => Promise<Change>): Promise<void> {
  await db.transaction().execute((trx) => fireIn(trx, ctx, id, version, action, work));
}

export async function fireIn(trx: Database, ctx: Staff, id: number, version: number, action: ProjectAction, work: (trx: Database, p: LoadedProject, now: Date) => Promise<Change>) {
  const t = TRANSITIONS[action];
  const p = await loadProject(trx, id, true);
  if (!p || !sees(ctx.actor, p)) throw notFound();
  if (!mayFire(t, await standingOf(trx, ctx.actor, p))) throw forbidden();
  if (version !== p.version) throw conflict();
  if (!(t.from as readonly ProjectStatus[]).includes(p.status)) throw new AppError(409, M['project.invalid_transition'], { status: STATE_LABELS[p.status], action: t.label });
  const now = new Date();
  const change = await work(trx, p, now);
  const to = t.to === 'same' ? p.status : t.to;
  const updated = await trx
    .updateTable('project')
    .set({ ...change.set, status: to, version: p.version + 1, updated_at: now })
    .where('id', '=', p.id)
    .where('version', '=', p.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict();
  await timeline(trx, ctx, { projectId: p.id, action, from: p.status, to, note: change.note, detail: change.detail, at: now });
  await audit(trx, ctx, {
    action: `project.${action}`,
    entityType: 'project',
    entityId: p.id,
    territoryId: p.community_id,
    summary: `${p.community_name}项目“${p.title}”：${t.label}（${STATE_LABELS[p.status]} → ${STATE_LABELS[to]}）`,
    detail: change.detail ?? {},
  });
}
