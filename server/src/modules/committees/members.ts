import type { Updateable } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, forbidden } from '../../platform/errors.js';
import { isValidChineseId, isValidMobile } from '../../platform/identity.js';
import { notify } from '../cases/notify.js';
import { nearestStaff } from '../../platform/auth/staff.js';
import { standingOf, visibleMember, type LoadedMember } from './access.js';
import { M } from './messages.js';
import type { DismissBody, EditMemberInput } from './schema.js';
import type { Static } from 'typebox';
import { refreshCommitteeStats } from './stats.js';
import type { CommitteeMemberTable, MemberStatus } from './tables.js';
import { CATEGORY_LABELS, EVENT_LABELS, mayFire, ROLE_LABELS, STATE_LABELS, TRANSITIONS, type MemberAction } from './workflow.js';

interface Change {
  set: Updateable<CommitteeMemberTable>;
  note?: string | null;
  detail?: Record<string, unknown>;
  /** Zones are released when a membership ends. */
  releaseZones?: boolean;
  notices?: { users: number[]; title: string }[];
}

/**
 * The one way a member changes: lock the row, check the caller may see it (404)
 * and the version (409), check the state table (409) and who may fire (403),
 * then write the member with version + 1, its timeline row, the audit entry,
 * the notifications and the overview rollups in one transaction.
 */
export async function changeMember(
  db: Database,
  ctx: RequestContext & { actor: Actor },
  memberId: number,
  action: MemberAction,
  version: number,
  work: (m: LoadedMember, trx: Database) => Change | Promise<Change>,
): Promise<void> {
  const t = TRANSITIONS[action];
  await db.transaction().execute(async (trx) => {
    const { m } = await visibleMember(trx, ctx.actor, memberId, true);
    if (version !== m.version) throw conflict();
    if (!(t.from as readonly MemberStatus[]).includes(m.status)) {
      if (action === 'request_exit' && m.status === 'exiting') throw conflict(M['committee.exit_pending']);
      throw new AppError(409, M['committee.invalid_transition'], { status: STATE_LABELS[m.status], action: t.label });
    }
    if (!mayFire(t, standingOf(ctx.actor, m))) throw forbidden();
    const change = await work(m, trx);
    const to = t.to === 'same' ? m.status : t.to;
    const now = new Date();
    const updated = await trx
      .updateTable('committee_member')
      .set({ ...change.set, status: to, version: m.version + 1 })
      .where('id', '=', m.id)
      .where('version', '=', m.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw conflict();
    let released = 0;
    if (change.releaseZones) released = Number((await trx.deleteFrom('committee_zone').where('member_id', '=', m.id).executeTakeFirst()).numDeletedRows);
    const detail = { ...(change.detail ?? {}), ...(released > 0 ? { zonesReleased: released } : {}) };
    await trx
      .insertInto('committee_member_event')
      .values({ member_id: m.id, action, from_status: m.status, to_status: to, actor_id: ctx.actor.userId, actor_name: ctx.actor.displayName, note: change.note ?? null, detail: JSON.stringify(detail), at: now })
      .execute();
    await audit(trx, ctx, {
      action: `committee.${action}`,
      entityType: 'committee_member',
      entityId: m.id,
      territoryId: m.community_id,
      summary: `${m.community_name}社工委委员 ${m.name}：${t.label}（${STATE_LABELS[m.status]} → ${STATE_LABELS[to]}）`,
      detail,
    });
    for (const n of change.notices ?? []) {
      await notify(trx, n.users, { kind: `committee.${action}`, title: n.title, entityType: 'committee_member', entityId: m.id }, ctx.actor.userId);
    }
    await refreshCommitteeStats(trx, m.committee_id);
  });
}

type Ctx = RequestContext & { actor: Actor };

export function requestExit(db: Database, ctx: Ctx, id: number, body: { reason: string; version: number }) {
  return changeMember(db, ctx, id, 'request_exit', body.version, async (m, trx) => ({
    set: { exit_reason: body.reason.trim(), exit_requested_at: new Date(), exit_requested_by: ctx.actor.userId },
    note: body.reason.trim(),
    notices: [{ users: await nearestStaff(trx, 'committee:approve', m.community_path), title: `社工委委员 ${m.name} 申请退出，待审批` }],
  }));
}

export function approveExit(db: Database, ctx: Ctx, id: number, body: { note?: string; version: number }) {
  return changeMember(db, ctx, id, 'approve_exit', body.version, (m) => ({
    set: { ended_at: new Date(), end_reason: m.exit_reason },
    note: body.note?.trim() || null,
    releaseZones: true,
    notices: [{ users: [m.user_id, m.exit_requested_by].filter((u): u is number => u !== null), title: `社工委委员 ${m.name} 的退出申请已批准` }],
  }));
}

export function rejectExit(db: Database, ctx: Ctx, id: number, body: { reason: string; version: number }) {
  return changeMember(db, ctx, id, 'reject_exit', body.version, (m) => ({
    set: { exit_reason: null, exit_requested_at: null, exit_requested_by: null },
    note: body.reason.trim(),
    detail: { request: m.exit_reason },
    notices: [{ users: [m.user_id, m.exit_requested_by].filter((u): u is number => u !== null), title: `社工委委员 ${m.name} 的退出申请未获同意` }],
  }));
}

export function dismiss(db: Database, ctx: Ctx, id: number, body: Static<typeof DismissBody>) {
  return changeMember(db, ctx, id, 'dismiss', body.version, (m) => ({
    set: { ended_at: new Date(), end_reason: body.reason.trim(), decision_body: body.decisionBody.trim(), decision_on: body.decisionOn },
    note: body.reason.trim(),
    detail: { decisionBody: body.decisionBody.trim(), decisionOn: body.decisionOn },
    releaseZones: true,
    notices: [{ users: m.user_id === null ? [] : [m.user_id], title: `您的社工委委员职务已解聘（${body.decisionBody.trim()}，${body.decisionOn}）` }],
  }));
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

/** Role, category and contact changes: each is a timeline row naming what changed (personal values are not written there). */
export async function editMember(db: Database, ctx: Ctx, id: number, body: EditMemberInput) {
  if (body.idNumber != null && !isValidChineseId(body.idNumber)) throw fieldError('body.idNumber', M['committee.invalid_id_number']);
  if (body.phone != null && !isValidMobile(body.phone)) throw fieldError('body.phone', M['committee.invalid_phone']);
  try {
    await changeMember(db, ctx, id, 'edit', body.version, (m) => {
      if (body.termEnd != null && body.termEnd < m.term_start) throw fieldError('body.termEnd', M['committee.term_end_before_start']);
      const set: Updateable<CommitteeMemberTable> = {};
      const changes: Record<string, unknown> = {};
      const plain = { role: 'role', category: 'category', affiliation: 'affiliation', isPartySecretary: 'is_party_secretary', partyMember: 'party_member', termEnd: 'term_end' } as const;
      for (const [field, column] of Object.entries(plain) as [keyof typeof plain, (typeof plain)[keyof typeof plain]][]) {
        const value = body[field];
        if (value === undefined || value === m[column]) continue;
        (set as Record<string, unknown>)[column] = value;
        changes[field] = { from: m[column], to: value };
      }
      for (const [field, column] of [['phone', 'phone'], ['idNumber', 'id_number']] as const) {
        if (body[field] === undefined || body[field] === m[column]) continue;
        set[column] = body[field];
        changes[field] = 'changed';
      }
      const words = Object.keys(changes).map((f) =>
        f === 'role' ? `职务 ${ROLE_LABELS[m.role]} → ${ROLE_LABELS[body.role!]}`
        : f === 'category' ? `类别 ${CATEGORY_LABELS[m.category]} → ${CATEGORY_LABELS[body.category!]}`
        : f,
      );
      return { set, note: words.join('；') || null, detail: { changes } };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('body.idNumber', M['committee.duplicate_id_number']);
    throw err;
  }
}

/** The full phone and ID number of one member: personal:view over their community, audit-logged. */
export async function revealMember(db: Database, ctx: Ctx, id: number) {
  const { m, standing } = await visibleMember(db, ctx.actor, id);
  if (!standing.permissionsHere.has('personal:view')) throw forbidden();
  await audit(db, ctx, {
    action: 'personal.view',
    entityType: 'committee_member',
    entityId: m.id,
    territoryId: m.community_id,
    summary: `查看社工委委员 ${m.name} 的手机号和身份证号`,
  });
  return { phone: m.phone, idNumber: m.id_number };
}

export async function memberHistory(db: Database, actor: Actor, id: number) {
  await visibleMember(db, actor, id);
  const rows = await db.selectFrom('committee_member_event').selectAll().where('member_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    actionName: EVENT_LABELS[r.action] ?? r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    actor: r.actor_name,
    note: r.note,
    detail: r.detail,
    at: r.at.toISOString(),
  }));
}
