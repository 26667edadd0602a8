import type { Actor, RequestContext, Resident } from '../../platform/auth/actor.js';
import { audit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/errors.js';
import { maskPhone } from '../../platform/personal.js';
import { pathInScope, scopeFor } from '../../platform/scope.js';
import { M } from './messages.js';
import { subjectOf } from './subjects.js';
import type { PublicNoticeRow } from './tables.js';

/** Objections one phone may lodge in 24 hours, over all notices. */
export const OBJECTIONS_PER_DAY = 5;

const stamp = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace('T', ' ');

async function noticeInScope(db: Database, actor: Actor, noticeId: number, lock = false) {
  let q = db.selectFrom('public_notice as n').innerJoin('territory_node as t', 't.id', 'n.community_id').selectAll('n').select('t.path').where('n.id', '=', noticeId);
  if (lock) q = q.forUpdate('n');
  const notice = await q.executeTakeFirst();
  if (!notice || !pathInScope(scopeFor(actor, 'notice:write'), notice.path)) throw notFound();
  return notice;
}

/**
 * 异议: a resident signed in with their phone objects to an open objectable notice, naming
 * one of its items. After the period (or before it) the notice takes none: 409. A retry of
 * the same objection from the same phone returns the first one.
 */
export async function lodgeObjection(db: Database, ctx: RequestContext & { resident: Resident }, noticeId: number, input: { itemId?: number; content: string }, now = new Date()) {
  const phone = ctx.resident.phone;
  const content = input.content.trim();
  return db.transaction().execute(async (trx) => {
    const notice = await trx.selectFrom('public_notice').selectAll().where('id', '=', noticeId).where('status', '<>', 'withdrawn').executeTakeFirst();
    if (!notice) throw notFound();
    if (!notice.objectable || !notice.ends_at) throw conflict(M['notice.not_objectable']);
    if (notice.status !== 'open' || now >= new Date(notice.ends_at)) throw conflict(M['notice.period_over'], { endsAt: stamp(notice.ends_at) });
    if (now < notice.starts_at) throw conflict(M['notice.not_started']);
    const subject = subjectOf(notice);
    const items = subject ? await subject.items(trx, notice) : [];
    if (items.length > 0 && !items.some((i) => i.id === input.itemId && i.open)) throw fieldError('body.itemId', M['notice.unknown_item']);
    const same = await trx
      .selectFrom('notice_objection')
      .select('id')
      .where('notice_id', '=', notice.id)
      .where('phone', '=', phone)
      .where('content', '=', content)
      .where('item_id', input.itemId === undefined ? 'is' : '=', input.itemId ?? null)
      .executeTakeFirst();
    if (same) return { id: same.id, created: false };
    const recent = await trx
      .selectFrom('notice_objection')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone)
      .where('created_at', '>', new Date(now.getTime() - 86_400_000))
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= OBJECTIONS_PER_DAY) throw new AppError(429, M['notice.objection_limit']);
    const row = await trx
      .insertInto('notice_objection')
      .values({ notice_id: notice.id, community_id: notice.community_id, item_id: input.itemId ?? null, phone, content, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'notice.objection', entityType: 'public_notice', entityId: notice.id, territoryId: notice.community_id, summary: `公示“${notice.title}”收到异议` });
    return { id: row.id, created: true };
  });
}

export async function listObjections(db: Database, actor: Actor, noticeId: number) {
  const notice = await noticeInScope(db, actor, noticeId);
  const subject = subjectOf(notice);
  const items = subject ? await subject.items(db, notice) : [];
  const rows = await db.selectFrom('notice_objection').selectAll().where('notice_id', '=', notice.id).orderBy('id').execute();
  return rows.map((o) => ({
    id: o.id,
    noticeId: o.notice_id,
    itemId: o.item_id,
    itemLabel: items.find((i) => i.id === o.item_id)?.label ?? null,
    phone: maskPhone(o.phone)!,
    content: o.content,
    status: o.status,
    finding: o.finding,
    decidedAt: o.decided_at?.toISOString() ?? null,
    createdAt: o.created_at.toISOString(),
    version: o.version,
  }));
}

/**
 * The staff's finding on one objection. Upheld: the notice's subject withdraws the item (a
 * candidate stops); not upheld: the reason is on record. Either way in one transaction.
 */
export async function decideObjection(db: Database, ctx: RequestContext & { actor: Actor }, objectionId: number, input: { version: number; upheld: boolean; finding: string }) {
  const finding = input.finding.trim();
  if (!finding) throw fieldError('body.finding', M['notice.finding_required']);
  await db.transaction().execute(async (trx) => {
    const o = await trx.selectFrom('notice_objection').selectAll().where('id', '=', objectionId).forUpdate().executeTakeFirst();
    if (!o) throw notFound();
    const notice = await noticeInScope(trx, ctx.actor, o.notice_id);
    if (input.version !== o.version) throw conflict();
    if (o.status !== 'pending') throw conflict(M['notice.objection_decided']);
    const now = new Date();
    await trx
      .updateTable('notice_objection')
      .set({ status: input.upheld ? 'upheld' : 'not_upheld', finding, decided_by: ctx.actor.userId, decided_at: now, version: o.version + 1 })
      .where('id', '=', o.id)
      .execute();
    const subject = subjectOf(notice);
    if (input.upheld && o.item_id !== null && subject) await subject.upheld(trx, ctx, notice as PublicNoticeRow, o.item_id, finding, now);
    await audit(trx, ctx, {
      action: 'notice.finding',
      entityType: 'notice_objection',
      entityId: o.id,
      territoryId: notice.community_id,
      summary: `公示“${notice.title}”异议认定：${input.upheld ? '异议成立' : '异议不成立'}`,
    });
  });
}
