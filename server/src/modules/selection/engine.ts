import { timelineValues } from '../../platform/timeline.js';
import type { Updateable } from 'kysely';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Permission } from '../../platform/auth/roles.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { holdsOver } from '../../platform/scope.js';
import { M } from './messages.js';
import type { CandidateRow, CandidateStatus, RoundRow, RoundStatus, SelectionRoundTable } from './tables.js';
import { CANDIDATE_TRANSITIONS, ROUND_LABELS, ROUND_TRANSITIONS, type CandidateAction, type RoundAction } from './workflow.js';

export type LoadedRound = RoundRow & { community_path: string; community_name: string };

/** Who reads a round: the community that runs it and the street (and above) that approves it. */
export const READ_PERMISSIONS: Permission[] = ['selection:write', 'selection:approve'];

export async function loadRound(db: Database, id: number, lock = false): Promise<LoadedRound | undefined> {
  let q = db
    .selectFrom('selection_round as r')
    .innerJoin('territory_node as t', 't.id', 'r.community_id')
    .selectAll('r')
    .select(['t.path as community_path', 't.name as community_name'])
    .where('r.id', '=', id);
  if (lock) q = q.forUpdate('r');
  return q.executeTakeFirst();
}

export const seesRound = (actor: Actor, round: Pick<LoadedRound, 'community_path'>) => READ_PERMISSIONS.some((p) => holdsOver(actor, p, round.community_path));

/** A round by id as `actor` may read it; 404 outside their area (the id says nothing about existence). */
export async function visibleRound(db: Database, actor: Actor, id: number): Promise<LoadedRound> {
  const round = await loadRound(db, id);
  if (!round || !seesRound(actor, round)) throw notFound();
  return round;
}

export async function timeline(
  trx: Database,
  ctx: RequestContext,
  e: { roundId: number; candidateId?: number | null; action: string; from: string | null; to: string; note?: string | null; detail?: Record<string, unknown>; at: Date },
) {
  await trx
    .insertInto('selection_event')
    .values({
      round_id: e.roundId,
      candidate_id: e.candidateId ?? null,
      ...timelineValues(ctx, e),
    })
    .execute();
}

export interface RoundChange {
  set?: Updateable<SelectionRoundTable>;
  note?: string | null;
  detail?: Record<string, unknown>;
}

export interface RoundWork {
  trx: Database;
  round: LoadedRound;
  now: Date;
}

/**
 * The one way a round changes state: lock the row, check the caller sees it (404) and holds
 * the transition's permission over its community (403), the version (409) and the state
 * table (409), let `work` do the step's own checks and effects, then write the round with
 * version + 1, its timeline row and the audit entry in the same transaction.
 */
export async function fireRound(
  db: Database,
  ctx: RequestContext,
  roundId: number,
  version: number | null,
  action: RoundAction,
  work: (w: RoundWork) => Promise<RoundChange>,
): Promise<void> {
  await db.transaction().execute((trx) => fireRoundIn(trx, ctx, roundId, version, action, work));
}

/** fireRound inside a transaction the caller holds (the notice-closing job's). */
export async function fireRoundIn(
  trx: Database,
  ctx: RequestContext,
  roundId: number,
  version: number | null,
  action: RoundAction,
  work: (w: RoundWork) => Promise<RoundChange>,
): Promise<void> {
  const t = ROUND_TRANSITIONS[action];
  const round = await loadRound(trx, roundId, true);
  if (!round) throw notFound();
  if (ctx.actor) {
    if (!seesRound(ctx.actor, round)) throw notFound();
    if (!('permission' in t.who) || !holdsOver(ctx.actor, t.who.permission, round.community_path)) throw forbidden();
  } else if (!('system' in t.who)) {
    throw forbidden();
  }
  if (version !== null && version !== round.version) throw conflict();
  if (!(t.from as readonly RoundStatus[]).includes(round.status)) {
    throw new AppError(409, M['selection.invalid_transition'], { status: ROUND_LABELS[round.status], action: t.label });
  }
  const now = new Date();
  const change = await work({ trx, round, now });
  const updated = await trx
    .updateTable('selection_round')
    .set({ ...change.set, status: t.to, version: round.version + 1, updated_at: now })
    .where('id', '=', round.id)
    .where('version', '=', round.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict();
  await timeline(trx, ctx, { roundId: round.id, action, from: round.status, to: t.to, note: change.note, detail: change.detail, at: now });
  await audit(trx, ctx, {
    action: `selection.${action}`,
    entityType: 'selection_round',
    entityId: round.id,
    territoryId: round.community_id,
    summary: `${round.community_name}委员产生：${t.label}（${ROUND_LABELS[round.status]} → ${ROUND_LABELS[t.to]}）`,
    detail: change.detail ?? {},
  });
}

/**
 * Moves candidates of a round along the candidate table: every one in the action's
 * from-states (or just `ids`), each with version + 1 and its own timeline row.
 */
export async function moveCandidates(
  trx: Database,
  ctx: RequestContext,
  roundId: number,
  action: CandidateAction,
  now: Date,
  options: { ids?: number[]; reason?: string | null; set?: (c: CandidateRow) => { member_id?: number } } = {},
): Promise<CandidateRow[]> {
  const t = CANDIDATE_TRANSITIONS[action];
  let q = trx.selectFrom('selection_candidate').selectAll().where('round_id', '=', roundId).where('status', 'in', t.from as readonly CandidateStatus[]);
  if (options.ids) q = q.where('id', 'in', options.ids.length ? options.ids : [0]);
  const rows = await q.orderBy('id').forUpdate().execute();
  for (const c of rows) {
    await trx
      .updateTable('selection_candidate')
      .set({
        status: t.to,
        version: c.version + 1,
        updated_at: now,
        ...(options.reason !== undefined ? { decision_reason: options.reason } : {}),
        ...(options.set?.(c) ?? {}),
      })
      .where('id', '=', c.id)
      .execute();
    await timeline(trx, ctx, { roundId, candidateId: c.id, action: `candidate.${action}`, from: c.status, to: t.to, note: options.reason ?? null, at: now });
  }
  return rows;
}
