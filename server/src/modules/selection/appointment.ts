import { sql } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { beijingToday } from '../../platform/time.js';
import { ensureCommittee } from '../committees/service.js';
import { refreshCommitteeStats } from '../committees/stats.js';
import { fireRound, loadRound, moveCandidates, visibleRound } from './engine.js';
import { M } from './messages.js';
import { rulesFor } from './rules.js';
import { pendingObjections } from './service.js';
import { requireComposition } from './steps.js';

/** 兰社工委聘〔2026〕第000123号 */
export function certificateNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕第${String(seq).padStart(6, '0')}号`;
}

/** The last day of a term of `months` starting on `start` (YYYY-MM-DD): 2026-12-02 + 12 → 2027-12-01. */
export function termEnd(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/**
 * 正式聘任: only after the notice closed (the round is appointing) and every objection has a
 * finding. Each candidate still on notice becomes a serving member with a numbered 聘书;
 * rotating members serve the city's rotating term; the committee becomes active.
 */
export async function appoint(db: Database, ctx: RequestContext & { actor: Actor }, id: number, input: { version: number; deviationReason?: string; appointedOn?: string }) {
  const before = await visibleRound(db, ctx.actor, id);
  if (before.status === 'notice') {
    const notice = await db.selectFrom('public_notice').select('ends_at').where('id', '=', before.notice_id!).executeTakeFirst();
    throw conflict(M['selection.notice_running'], { endsAt: notice?.ends_at ? new Date(notice.ends_at).toISOString().slice(0, 16).replace('T', ' ') : '—' });
  }
  await fireRound(db, ctx, id, input.version, 'appoint', async ({ trx, round, now }) => {
    const pending = await pendingObjections(trx, round.notice_id);
    if (pending > 0) throw conflict(M['selection.objections_pending'], { count: pending });
    const remaining = await trx.selectFrom('selection_candidate').select('id').where('round_id', '=', round.id).where('status', '=', 'on_notice').execute();
    if (remaining.length === 0) throw conflict(M['selection.nobody_to_appoint']);
    const deviation = await requireComposition(trx, round, ['on_notice'], input.deviationReason);
    const rules = await rulesFor(trx, round.community_id);
    const committee = await ensureCommittee(trx, round.community_id);
    const on = input.appointedOn ?? beijingToday();
    const year = Number(on.slice(0, 4));
    const members = new Map<number, number>();
    const candidates = await trx.selectFrom('selection_candidate').selectAll().where('round_id', '=', round.id).where('status', '=', 'on_notice').orderBy('id').execute();
    // Seats in order of rank, so a committee's 主任 holds the lowest certificate number.
    const rank = { director: 0, deputy_director: 1, standing: 2, rotating: 3 } as const;
    candidates.sort((a, b) => rank[a.proposed_role] - rank[b.proposed_role] || a.id - b.id);
    for (const c of candidates) {
      const { seq } = await sql<{ seq: string }>`SELECT nextval('committee_certificate_seq') AS seq`.execute(trx).then((r) => r.rows[0]!);
      const member = await trx
        .insertInto('committee_member')
        .values({
          committee_id: committee.id,
          community_id: round.community_id,
          name: c.name,
          gender: c.gender,
          phone: c.phone,
          id_number: c.id_number,
          category: c.category,
          affiliation: c.affiliation,
          role: c.proposed_role,
          is_party_secretary: c.is_party_secretary,
          party_member: c.party_member,
          term_start: on,
          term_end: c.proposed_role === 'rotating' ? termEnd(on, rules.rotatingTermMonths) : null,
          certificate_no: certificateNumber(rules.certificatePrefix, year, Number(seq)),
          source: 'selection',
          source_ref: c.id,
          appointed_at: now,
        })
        .returning(['id', 'certificate_no'])
        .executeTakeFirstOrThrow();
      members.set(c.id, member.id);
      await trx
        .insertInto('committee_member_event')
        .values({
          member_id: member.id,
          action: 'appoint',
          from_status: null,
          to_status: 'serving',
          actor_id: ctx.actor.userId,
          actor_name: ctx.actor.displayName,
          note: `正式聘任，聘书编号 ${member.certificate_no}`,
          detail: JSON.stringify({ roundId: round.id, candidateId: c.id }),
          at: now,
        })
        .execute();
    }
    await moveCandidates(trx, ctx, round.id, 'appoint', now, { set: (c) => ({ member_id: members.get(c.id)! }) });
    await trx
      .updateTable('committee')
      .set((eb) => ({
        status: 'active',
        formed_on: eb.fn.coalesce('formed_on', sql<string>`${on}::date`),
        deviation_reason: deviation,
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', committee.id)
      .execute();
    // The committees overview counts serving members from its rollup, kept in step here.
    await refreshCommitteeStats(trx, committee.id);
    return { set: { appointed_on: on, deviation_reason: deviation }, detail: { appointed: candidates.length, committeeId: committee.id } };
  });
}

/** The members a round appointed, in certificate order, for the certificates. */
export async function appointedMembers(db: Database, actor: Actor, roundId: number, candidateId?: number) {
  const round = await visibleRound(db, actor, roundId);
  let q = db
    .selectFrom('selection_candidate as c')
    .innerJoin('committee_member as m', 'm.id', 'c.member_id')
    .innerJoin('committee as k', 'k.id', 'm.committee_id')
    .select(['c.id as candidate_id', 'm.name', 'm.role', 'm.term_start', 'm.term_end', 'm.certificate_no', 'k.name as committee_name'])
    .where('c.round_id', '=', round.id);
  if (candidateId !== undefined) q = q.where('c.id', '=', candidateId);
  const rows = await q.orderBy('m.certificate_no').execute();
  return { round, rows };
}

export async function roundOfCandidate(db: Database, candidateId: number): Promise<number> {
  const row = await db.selectFrom('selection_candidate').select('round_id').where('id', '=', candidateId).executeTakeFirst();
  if (!row || !(await loadRound(db, row.round_id))) throw notFound();
  return row.round_id;
}

export const noCertificate = () => new AppError(404, M['selection.no_certificate']);
