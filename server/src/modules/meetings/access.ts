import { timelineValues } from '../../platform/timeline.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import '../committees/tables.js';
import { IN_OFFICE } from '../committees/workflow.js';
import { M } from './messages.js';
import './tables.js';
import type { Transition } from './workflow.js';

const MEETING_PERMISSIONS: Permission[] = ['meeting:read', 'topic:write', 'meeting:write', 'case:create', 'case:accept'];
export type Ctx = RequestContext & { actor: Actor };

/** The permissions of this capability an actor holds over a community by its path. */
export function permissionsAt(actor: Actor, path: string): Set<Permission> {
  return new Set(MEETING_PERMISSIONS.filter((p) => actor.permissions.has(p) && pathInScope(scopeFor(actor, p), path)));
}

/** Readers who may not do this get 403; those who may not even read, 404 (as for a record that does not exist). */
function check(actor: Actor, path: string, permission: Permission) {
  const here = permissionsAt(actor, path);
  if (!here.has('meeting:read')) throw notFound();
  if (!here.has(permission)) throw forbidden();
  return here;
}

export async function communityNode(db: Database, id: number) {
  return db.selectFrom('territory_node').select(['id', 'path', 'name', 'level']).where('id', '=', id).executeTakeFirst();
}

export async function visibleTopic(db: Database, actor: Actor, id: number, permission: Permission = 'meeting:read', lock = false) {
  let q = db.selectFrom('meeting_topic as t').innerJoin('territory_node as n', 'n.id', 't.community_id').selectAll('t').select(['n.path as community_path', 'n.name as community_name']).where('t.id', '=', id);
  if (lock) q = q.forUpdate('t');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return { row, here: check(actor, row.community_path, permission) };
}

export async function visibleMeeting(db: Database, actor: Actor, id: number, permission: Permission = 'meeting:read', lock = false) {
  let q = db.selectFrom('meeting as m').innerJoin('territory_node as n', 'n.id', 'm.community_id').selectAll('m').select(['n.path as community_path', 'n.name as community_name']).where('m.id', '=', id);
  if (lock) q = q.forUpdate('m');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return { row, here: check(actor, row.community_path, permission) };
}
export type LoadedMeeting = Awaited<ReturnType<typeof visibleMeeting>>['row'];

/** 409 naming the state, when the state table does not allow the step from here. */
export function assertFrom<S extends string>(t: Transition<S>, status: S, label: string) {
  if (!(t.from as readonly S[]).includes(status)) throw new AppError(409, M['meeting.invalid_transition'], { status: label, action: t.label });
}

export function assertVersion(current: number, given: number) {
  if (current !== given) throw conflict();
}

/** The timeline row every transition writes, in the caller's transaction. */
export function eventValues(ctx: RequestContext, action: string, from: string | null, to: string, note?: string | null, detail: Record<string, unknown> = {}) {
  return timelineValues(ctx, { action, from, to, note, detail });
}

/** The community's committee members in office (read from the committees tables; meetings invite them as voters). */
export async function currentMembers(db: Database, communityId: number) {
  return db
    .selectFrom('committee_member')
    .select(['id', 'name', 'user_id', 'affiliation'])
    .where('community_id', '=', communityId)
    .where('status', 'in', IN_OFFICE)
    .orderBy('id')
    .execute();
}
