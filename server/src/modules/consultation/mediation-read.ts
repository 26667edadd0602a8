import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { maskPhone } from '../../platform/personal.js';
import { holdsOver, scopeFor, territoryCondition } from '../../platform/scope.js';
import { escapeLike } from '../../platform/search.js';
import { visibleMediation } from './mediation.js';
import type { MediationStatus, Mediator } from './tables.js';
import { MEDIATION_LABELS, MEDIATION_TRANSITIONS, mediationActionsFor } from './workflow.js';

const EVENT_LABELS: Record<string, string> = {
  register: '登记纠纷',
  session: '记录调解过程',
  sign: '当事人签字',
  ...Object.fromEntries(Object.entries(MEDIATION_TRANSITIONS).map(([a, t]) => [a, t.label])),
};

export async function listMediations(db: Database, actor: Actor, query: { current?: number; pageSize?: number; status?: MediationStatus; keyword?: string }) {
  const current = query.current ?? 1;
  const pageSize = query.pageSize ?? 20;
  let base = db
    .selectFrom('mediation_case as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .where((eb) => territoryCondition(eb as never, 'm.community_id' as never, scopeFor(actor, 'consultation:read')));
  if (query.status) base = base.where('m.status', '=', query.status);
  if (query.keyword?.trim()) base = base.where('m.title', 'like', `%${escapeLike(query.keyword.trim())}%`);
  const [rows, total] = await Promise.all([
    base.selectAll('m').select('t.name as community_name').orderBy('m.id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((m) => ({
      id: m.id,
      communityId: m.community_id,
      communityName: m.community_name,
      title: m.title,
      disputeType: m.dispute_type,
      status: m.status,
      statusName: MEDIATION_LABELS[m.status],
      mediators: (m.mediators as Mediator[]).map((x) => x.name).join('、'),
      createdAt: m.created_at.toISOString(),
      version: m.version,
    })),
    total: Number(total.n),
    current,
    pageSize,
  };
}

export async function mediationDetail(db: Database, actor: Actor, id: number) {
  const m = await visibleMediation(db, actor, id);
  const [parties, sessions, followups, events] = await Promise.all([
    db.selectFrom('mediation_party as p').leftJoin('app_user as u', 'u.id', 'p.signed_recorded_by').selectAll('p').select('u.display_name as recorder').where('p.mediation_id', '=', id).orderBy('p.id').execute(),
    db.selectFrom('mediation_session').selectAll().where('mediation_id', '=', id).orderBy('held_on').orderBy('id').execute(),
    db.selectFrom('mediation_followup').selectAll().where('mediation_id', '=', id).orderBy('visited_on').orderBy('id').execute(),
    db.selectFrom('mediation_event').selectAll().where('mediation_id', '=', id).orderBy('id').execute(),
  ]);
  const canWrite = holdsOver(actor, 'mediation:write', m.community_path);
  return {
    id: m.id,
    communityId: m.community_id,
    communityName: m.community_name,
    title: m.title,
    description: m.description,
    disputeType: m.dispute_type,
    status: m.status,
    statusName: MEDIATION_LABELS[m.status],
    mediators: (m.mediators as Mediator[]).map((x) => ({ name: x.name, userId: x.userId })),
    agreement: m.agreement,
    failureReason: m.failure_reason,
    caseId: m.case_id,
    closedAt: m.closed_at?.toISOString() ?? null,
    createdAt: m.created_at.toISOString(),
    version: m.version,
    parties: parties.map((p) => ({
      id: p.id,
      name: p.name,
      phone: maskPhone(p.phone),
      role: p.role,
      signedAt: p.signed_at?.toISOString() ?? null,
      signMethod: p.sign_method,
      signRecordedBy: p.recorder ?? null,
    })),
    sessions: sessions.map((s) => ({ id: s.id, heldOn: s.held_on, notes: s.notes })),
    followups: followups.map((f) => ({ id: f.id, visitedOn: f.visited_on, notes: f.notes, fulfilled: f.fulfilled })),
    actions: mediationActionsFor(m.status, (p) => holdsOver(actor, p, m.community_path)),
    canRecord: canWrite && m.status === 'mediating',
    timeline: events.map((e) => ({ id: e.id, action: e.action, label: EVENT_LABELS[e.action] ?? e.action, fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name, note: e.note, at: e.at.toISOString() })),
  };
}
