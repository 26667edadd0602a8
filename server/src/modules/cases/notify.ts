import type { Database } from '../../platform/db/database.js';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  entityType?: string;
  entityId?: string | number;
}

/**
 * In-app notifications for staff, written in the transaction of the step that
 * causes them, so a rolled-back step leaves no stray 催办. The actor is not told
 * about their own action.
 */
export async function notify(db: Database, userIds: number[], notice: Notice, exceptUserId?: number | null): Promise<void> {
  await notifyWrite(db, userIds, notice, exceptUserId)?.execute();
}

/** The notifications as a query not yet run (null when nobody is to be told), for executeTogether. */
export function notifyWrite(db: Database, userIds: number[], notice: Notice, exceptUserId?: number | null) {
  const targets = [...new Set(userIds)].filter((id) => id !== exceptUserId);
  if (targets.length === 0) return null;
  return db
    .insertInto('notification')
    .values(
      targets.map((user_id) => ({
        user_id,
        kind: notice.kind,
        title: notice.title,
        body: notice.body ?? '',
        entity_type: notice.entityType ?? null,
        entity_id: notice.entityId == null ? null : String(notice.entityId),
      })),
    );
}

/** How many of a user's notifications are unread, as a query not yet run (the badge embeds it). */
export function unreadCount(db: Database, userId: number) {
  return db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null);
}

export async function listMine(db: Database, userId: number, q: { current?: number; pageSize?: number; unread?: boolean }) {
  const current = q.current ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('notification').where('user_id', '=', userId);
  if (q.unread) base = base.where('read_at', 'is', null);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(pageSize).offset((current - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      entityType: r.entity_type,
      entityId: r.entity_id,
      read: r.read_at !== null,
      createdAt: r.created_at.toISOString(),
    })),
    total: Number(total.n),
    current,
    pageSize,
  };
}

/** Marks one of my notifications (or, without an id, all of them) read; someone else's is a 404. */
export async function markRead(db: Database, userId: number, id?: number): Promise<number> {
  let query = db.updateTable('notification').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== undefined) query = query.where('id', '=', id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
