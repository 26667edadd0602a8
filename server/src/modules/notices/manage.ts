import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import { pathInScope, scopeFor, territoryCondition } from '../../platform/scope.js';
import { M } from './messages.js';
import type { NoticeKind, NoticeStatus } from './tables.js';

export interface NoticeFilter {
  current?: number;
  pageSize?: number;
  communityId?: number;
  status?: NoticeStatus;
  kind?: NoticeKind;
}

/** The notices of the communities in the caller's area, with their objection counts. */
export async function listNotices(db: Database, actor: Actor, filter: NoticeFilter) {
  const current = filter.current ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const scope = scopeFor(actor, 'notice:write');
  let q = db.selectFrom('public_notice as n').innerJoin('territory_node as t', 't.id', 'n.community_id').where((eb) => territoryCondition(eb as never, 'n.community_id' as never, scope));
  if (filter.communityId) q = q.where('n.community_id', '=', filter.communityId);
  if (filter.status) q = q.where('n.status', '=', filter.status);
  if (filter.kind) q = q.where('n.kind', '=', filter.kind);
  const [rows, count] = await Promise.all([
    q
      .selectAll('n')
      .select('t.name as community_name')
      .select((eb) => [
        eb.selectFrom('notice_objection as o').whereRef('o.notice_id', '=', 'n.id').select(eb.fn.countAll<number>().as('c')).as('objections'),
        eb.selectFrom('notice_objection as o').whereRef('o.notice_id', '=', 'n.id').where('o.status', '=', 'pending').select(eb.fn.countAll<number>().as('c')).as('pending'),
      ])
      .orderBy('n.starts_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(pageSize)
      .offset((current - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((n) => ({
      id: n.id,
      communityId: n.community_id,
      communityName: n.community_name,
      kind: n.kind,
      title: n.title,
      status: n.status,
      objectable: n.objectable,
      startsAt: n.starts_at.toISOString(),
      endsAt: n.ends_at ? new Date(n.ends_at).toISOString() : null,
      subjectType: n.subject_type,
      subjectId: n.subject_id,
      objections: Number(n.objections ?? 0),
      pendingObjections: Number(n.pending ?? 0),
      version: n.version,
    })),
    total: Number(count.n),
    current,
    pageSize,
  };
}

/**
 * Takes a notice off the board (a mistake, a cancelled event). A selection round's 任前公示
 * belongs to the round's procedure and ends with it.
 */
export async function withdrawNotice(db: Database, ctx: RequestContext & { actor: Actor }, id: number, input: { version: number; reason: string }) {
  await db.transaction().execute(async (trx) => {
    const n = await trx.selectFrom('public_notice as n').innerJoin('territory_node as t', 't.id', 'n.community_id').selectAll('n').select('t.path').where('n.id', '=', id).forUpdate('n').executeTakeFirst();
    if (!n || !pathInScope(scopeFor(ctx.actor, 'notice:write'), n.path)) throw notFound();
    if (input.version !== n.version) throw conflict();
    if (n.status !== 'open') throw conflict(M['notice.not_open']);
    if (n.objectable && n.subject_type === 'selection_round') throw conflict(M['notice.withdraw_subject']);
    await trx.updateTable('public_notice').set({ status: 'withdrawn', closed_at: new Date(), version: n.version + 1 }).where('id', '=', n.id).execute();
    await audit(trx, ctx, { action: 'notice.withdraw', entityType: 'public_notice', entityId: n.id, territoryId: n.community_id, summary: `撤回公告“${n.title}”：${input.reason.trim()}` });
  });
}
