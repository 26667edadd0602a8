import type { Updateable } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.js';
import { beijingTime } from '../../platform/excel.js';
import { activeUsers } from './steps.js';
import { M } from './messages.js';
import type { MediationCaseTable, MediationStatus, Mediator, SignMethod } from './tables.js';
import { MEDIATION_LABELS, MEDIATION_TRANSITIONS, type MediationAction } from './workflow.js';
import { holdsOver } from '../../platform/scope.js';

type Staff = RequestContext & { actor: Actor };

export async function loadMediation(db: Database, id: number, lock = false) {
  let q = db
    .selectFrom('mediation_case as m')
    .innerJoin('territory_node as t', 't.id', 'm.community_id')
    .selectAll('m')
    .select(['t.path as community_path', 't.name as community_name'])
    .where('m.id', '=', id);
  if (lock) q = q.forUpdate('m');
  return q.executeTakeFirst();
}
export type LoadedMediation = NonNullable<Awaited<ReturnType<typeof loadMediation>>>;

/** Mediations are read with consultation:read and changed with mediation:write over their community. */
export async function visibleMediation(db: Database, actor: Actor, id: number, lock = false, write = false): Promise<LoadedMediation> {
  const m = await loadMediation(db, id, lock);
  if (!m || !holdsOver(actor, 'consultation:read', m.community_path)) throw notFound();
  if (write && !holdsOver(actor, 'mediation:write', m.community_path)) throw forbidden();
  return m;
}

export async function mediationTimeline(trx: Database, ctx: Staff, e: { id: number; action: string; from: string | null; to: string; note?: string | null; detail?: Record<string, unknown>; at?: Date }) {
  await trx
    .insertInto('mediation_event')
    .values({ mediation_id: e.id, action: e.action, from_status: e.from, to_status: e.to, actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, note: e.note ?? null, detail: JSON.stringify(e.detail ?? {}), at: e.at ?? new Date() })
    .execute();
}

/** The one way a mediation changes state: scope (404), permission (403), version and state table (409), timeline and audit together. */
async function fireMediation(db: Database, ctx: Staff, id: number, version: number, action: MediationAction, work: (trx: Database, m: LoadedMediation, now: Date) => Promise<{ set?: Updateable<MediationCaseTable>; note?: string | null }>) {
  const t = MEDIATION_TRANSITIONS[action];
  await db.transaction().execute(async (trx) => {
    const m = await visibleMediation(trx, ctx.actor, id, true, true);
    if (m.version !== version) throw conflict();
    if (action === 'close' && !m.agreement && !m.failure_reason) throw new AppError(409, M['mediation.no_outcome'], {}, [{ field: 'status', key: M['mediation.no_outcome'] }]);
    if (!(t.from as readonly MediationStatus[]).includes(m.status)) {
      throw new AppError(409, M['mediation.invalid_transition'], { status: MEDIATION_LABELS[m.status], action: t.label }, [{ field: 'status', key: M['mediation.invalid_transition'], params: { status: MEDIATION_LABELS[m.status], action: t.label } }]);
    }
    const now = new Date();
    const change = await work(trx, m, now);
    await trx.updateTable('mediation_case').set({ ...change.set, status: t.to, version: m.version + 1, updated_at: now }).where('id', '=', m.id).execute();
    await mediationTimeline(trx, ctx, { id: m.id, action, from: m.status, to: t.to, note: change.note, at: now });
    await audit(trx, ctx, { action: `mediation.${action}`, entityType: 'mediation_case', entityId: m.id, territoryId: m.community_id, summary: `${m.community_name}矛盾纠纷调解“${m.title}”：${t.label}` });
  });
}

export interface NewMediation {
  communityId: number;
  title: string;
  description: string;
  disputeType: string;
  parties: { name: string; phone?: string; role: 'applicant' | 'respondent' | 'other' }[];
  mediators: { name: string; userId?: number }[];
  caseId?: number;
}

export async function registerMediation(db: Database, ctx: Staff, input: NewMediation) {
  const community = await db.selectFrom('territory_node').select(['id', 'path', 'name', 'level']).where('id', '=', input.communityId).executeTakeFirst();
  if (!community || community.level !== 'community' || !holdsOver(ctx.actor, 'mediation:write', community.path)) throw fieldError('body.communityId', M['consultation.not_a_community']);
  if (input.parties.length < 2) throw fieldError('body.parties', M['mediation.party_count']);
  if (input.caseId) {
    const c = await db.selectFrom('case_record').select('id').where('id', '=', input.caseId).where('community_id', '=', community.id).executeTakeFirst();
    if (!c) throw fieldError('body.caseId', M['consultation.case_outside']);
  }
  if (!(await activeUsers(db, input.mediators.flatMap((x) => (x.userId ? [x.userId] : []))))) throw fieldError('body.mediators', M['consultation.unknown_user']);
  const mediators: Mediator[] = input.mediators.map((x) => ({ name: x.name.trim(), userId: x.userId ?? null }));
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mediation_case')
      .values({ community_id: community.id, title: input.title.trim(), description: input.description.trim(), dispute_type: input.disputeType.trim(), mediators: JSON.stringify(mediators), case_id: input.caseId ?? null, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('mediation_party').values(input.parties.map((p) => ({ mediation_id: row.id, name: p.name.trim(), phone: p.phone ?? null, role: p.role }))).execute();
    await mediationTimeline(trx, ctx, { id: row.id, action: 'register', from: null, to: 'registered' });
    await audit(trx, ctx, { action: 'mediation.register', entityType: 'mediation_case', entityId: row.id, territoryId: community.id, summary: `${community.name}登记矛盾纠纷“${input.title.trim()}”` });
    return row.id;
  });
}

export const startMediation = (db: Database, ctx: Staff, id: number, version: number) => fireMediation(db, ctx, id, version, 'start', async () => ({}));

/** A session (调解过程) while mediating. */
export async function addSession(db: Database, ctx: Staff, id: number, input: { heldOn: string; notes: string }) {
  await db.transaction().execute(async (trx) => {
    const m = await visibleMediation(trx, ctx.actor, id, true, true);
    if (m.status !== 'mediating') throw conflict(M['mediation.not_mediating']);
    await trx.insertInto('mediation_session').values({ mediation_id: id, held_on: input.heldOn, notes: input.notes.trim(), recorded_by: ctx.actor.userId }).execute();
    await mediationTimeline(trx, ctx, { id, action: 'session', from: m.status, to: m.status, note: `${input.heldOn} 调解` });
  });
}

/** A party signs the agreement: when, how (现场签字/电子签名) and who recorded it. Once. */
export async function recordSignature(db: Database, ctx: Staff, partyId: number, input: { method: SignMethod; signedAt?: string }) {
  await db.transaction().execute(async (trx) => {
    const party = await trx.selectFrom('mediation_party').selectAll().where('id', '=', partyId).forUpdate().executeTakeFirst();
    if (!party) throw notFound();
    const m = await visibleMediation(trx, ctx.actor, party.mediation_id, true, true);
    if (party.signed_at) throw new AppError(409, M['mediation.signed_twice'], { name: party.name, at: beijingTime(party.signed_at) }, [{ field: 'partyId', key: M['mediation.signed_twice'], params: { name: party.name, at: beijingTime(party.signed_at) } }]);
    if (m.status !== 'mediating') throw conflict(M['mediation.not_mediating']);
    const at = input.signedAt ? new Date(input.signedAt) : new Date();
    await trx.updateTable('mediation_party').set({ signed_at: at, sign_method: input.method, signed_recorded_by: ctx.actor.userId }).where('id', '=', party.id).where('signed_at', 'is', null).execute();
    await mediationTimeline(trx, ctx, { id: m.id, action: 'sign', from: m.status, to: m.status, note: `${party.name} ${input.method === 'on_site' ? '现场签字' : '电子签名'}`, detail: { partyId: party.id } });
  });
}

/** 达成协议: the agreement text, after at least one session and with every party's signature on record. */
export function agree(db: Database, ctx: Staff, id: number, input: { version: number; agreement: string }) {
  const agreement = input.agreement.trim();
  if (!agreement) throw fieldError('body.agreement', M['mediation.no_agreement']);
  return fireMediation(db, ctx, id, input.version, 'agree', async (trx) => {
    const sessions = await trx.selectFrom('mediation_session').select('id').where('mediation_id', '=', id).limit(1).execute();
    if (!sessions.length) throw conflict(M['mediation.no_session']);
    const unsigned = await trx.selectFrom('mediation_party').select('name').where('mediation_id', '=', id).where('signed_at', 'is', null).execute();
    if (unsigned.length) throw new AppError(409, M['mediation.unsigned'], { names: unsigned.map((u) => u.name).join('、') });
    return { set: { agreement } };
  });
}

export function failMediation(db: Database, ctx: Staff, id: number, input: { version: number; reason: string }) {
  const reason = input.reason.trim();
  return fireMediation(db, ctx, id, input.version, 'fail', async () => ({ set: { failure_reason: reason }, note: reason }));
}

/** 回访: how the agreement is kept. */
export function followUp(db: Database, ctx: Staff, id: number, input: { version: number; visitedOn: string; notes: string; fulfilled: boolean }) {
  return fireMediation(db, ctx, id, input.version, 'follow_up', async (trx) => {
    await trx.insertInto('mediation_followup').values({ mediation_id: id, visited_on: input.visitedOn, notes: input.notes.trim(), fulfilled: input.fulfilled, recorded_by: ctx.actor.userId }).execute();
    return { note: `${input.visitedOn} 回访：${input.fulfilled ? '协议已履行' : '协议未完全履行'}` };
  });
}

export const closeMediation = (db: Database, ctx: Staff, id: number, version: number) => fireMediation(db, ctx, id, version, 'close', async (_trx, _m, now) => ({ set: { closed_at: now } }));
