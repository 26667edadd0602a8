import { sql, type Expression } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { permissionsOf, ROLES, type Permission } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/database.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import type { AssignmentRow, CaseRow } from './tables.js';
import type { Standing } from './workflow.js';

export type LoadedCase = CaseRow & { territory_path: string; community_path: string };

/** One case with the paths its scope checks need; `lock` takes the row lock a transition needs. */
export async function loadCase(db: Database, id: number, lock = false): Promise<LoadedCase | undefined> {
  let query = db
    .selectFrom('case_record as c')
    .innerJoin('territory_node as t', 't.id', 'c.territory_id')
    .innerJoin('territory_node as cm', 'cm.id', 'c.community_id')
    .selectAll('c')
    .select(['t.path as territory_path', 'cm.path as community_path'])
    .where('c.id', '=', id);
  if (lock) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

export function loadAssignments(db: Database, caseId: number): Promise<AssignmentRow[]> {
  return db.selectFrom('case_assignment').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export interface Relation {
  assignments: AssignmentRow[];
  myDepartments: number[];
}

function assignedToMe(a: AssignmentRow, actor: Actor, rel: Relation): boolean {
  return a.user_id === actor.userId || (a.department_id !== null && rel.myDepartments.includes(a.department_id));
}

/** Permissions the actor holds over a territory path (through any role bound above it). */
export function permissionsOver(actor: Actor, path: string): Set<Permission> {
  const held = new Set<Permission>();
  for (const binding of actor.roles) {
    if (binding.territoryPath !== null && !path.startsWith(binding.territoryPath)) continue;
    for (const p of permissionsOf(binding.role)) held.add(p);
  }
  return held;
}

/**
 * Whether the actor sees the case at all. Outside this, a case is a 404 exactly
 * like one that does not exist: by territory (case:read) or by an assignment
 * to the actor or their department, past or present.
 */
export function canSee(actor: Actor, c: LoadedCase, rel: Relation): boolean {
  if (pathInScope(scopeFor(actor, 'case:read'), c.territory_path)) return true;
  return actor.permissions.has('case:handle') && rel.assignments.some((a) => assignedToMe(a, actor, rel));
}

/** The active lead of the current dispatch round, if the case has one. */
export function activeLead(rel: Relation): AssignmentRow | undefined {
  return rel.assignments.find((a) => a.active && a.role === 'lead');
}

export function isHolder(actor: Actor, c: LoadedCase, rel: Relation): boolean {
  if (!actor.permissions.has('case:handle')) return false;
  const lead = activeLead(rel);
  if (!lead) return false;
  if (lead.territory_id !== null) return pathInScope(scopeFor(actor, 'case:handle'), c.community_path);
  return assignedToMe(lead, actor, rel);
}

/** The resident raised the case: submitted it from this phone on the H5 page, or was recorded with it as the reporter's phone. */
export function isReporter(phone: string, c: Pick<CaseRow, 'source' | 'reporter_phone'>): boolean {
  return c.source === `h5:${phone}` || c.reporter_phone === phone;
}

/** A resident holds no permission anywhere; the state table's `reporter` rule is all they can match. */
export function residentStanding(phone: string, c: LoadedCase): Standing {
  return { permissionsHere: new Set(), isHolder: false, isReporter: isReporter(phone, c) };
}

export function standingOf(actor: Actor, c: LoadedCase, rel: Relation): Standing {
  return { permissionsHere: permissionsOver(actor, c.territory_path), isHolder: isHolder(actor, c, rel) };
}

const ROLE_PERMISSIONS: Record<string, readonly Permission[]> = Object.fromEntries(
  Object.entries(ROLES).map(([code, def]) => [code, def.permissions as readonly Permission[]]),
);

/**
 * The active accounts holding a permission over a path through the role bound
 * nearest to it: a new case goes to its community's staff, not to every city
 * administrator above them. Installation-wide roles count only when nobody
 * nearer holds the permission.
 */
export async function nearestHolders(db: Database, permission: Permission, path: string): Promise<number[]> {
  return deepestHolders(await holderCandidates(db, permission, sql.val(path)).execute());
}

/** Active accounts holding the permission over a node (its path an expression, so intake can read them in its own statement). */
export function holderCandidates(db: Database, permission: Permission, path: Expression<string>) {
  const roles = Object.keys(ROLE_PERMISSIONS).filter((r) => ROLE_PERMISSIONS[r]!.includes(permission));
  return db
    .selectFrom('role_assignment as ra')
    .innerJoin('app_user as u', 'u.id', 'ra.user_id')
    .leftJoin('territory_node as tn', 'tn.id', 'ra.territory_id')
    .select(['ra.user_id', 'tn.depth'])
    .where((eb) => (roles.length > 0 ? eb('ra.role', 'in', roles) : eb.lit(false)))
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([eb('ra.territory_id', 'is', null), sql<boolean>`${path} LIKE tn.path || '%'`]));
}

/** Of the candidates, those bound nearest the node (an installation-wide role counts as the farthest). */
export function deepestHolders(rows: { user_id: number; depth: number | null }[]): number[] {
  const deepest = Math.max(-2, ...rows.map((r) => r.depth ?? -1));
  return [...new Set(rows.filter((r) => (r.depth ?? -1) === deepest).map((r) => Number(r.user_id)))];
}

/** Account ids behind assignments: the person, or every member of the department. */
export async function usersBehind(db: Database, assignments: Pick<AssignmentRow, 'user_id' | 'department_id'>[]): Promise<number[]> {
  const users = assignments.flatMap((a) => (a.user_id !== null ? [a.user_id] : []));
  const departments = assignments.flatMap((a) => (a.department_id !== null ? [a.department_id] : []));
  if (departments.length > 0) {
    const members = await db.selectFrom('department_member').select('user_id').where('department_id', 'in', departments).execute();
    users.push(...members.map((m) => m.user_id));
  }
  return [...new Set(users)];
}
