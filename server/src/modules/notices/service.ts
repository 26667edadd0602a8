import type { Database } from '../../platform/db/database.js';
import type { NoticeKind } from './tables.js';

/** 辖区公示 lasts 3 days unless the publisher says otherwise (seed 001 §三.3). */
export const DEFAULT_NOTICE_DAYS = 3;

export interface NewNotice {
  communityId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  /** What the notice is about, so the owning module can find it again: e.g. ('project', 7). */
  subject?: { type: string; id: number };
  /** Residents may object while the notice is open; such a notice needs a period. */
  objectable?: boolean;
  /** Length of the notice period; without it a plain notice stays up until withdrawn. */
  days?: number;
  startsAt?: Date;
  publishedBy?: number | null;
}

/**
 * Puts a notice on the community's public board. Other capabilities call this inside
 * their own transaction (pass the transaction as `db`) so the notice and the state change
 * that caused it land together.
 */
export async function publishNotice(db: Database, input: NewNotice): Promise<{ id: number; endsAt: Date | null }> {
  const startsAt = input.startsAt ?? new Date();
  const days = input.days ?? (input.objectable ? DEFAULT_NOTICE_DAYS : undefined);
  const endsAt = days === undefined ? null : new Date(startsAt.getTime() + days * 86_400_000);
  const row = await db
    .insertInto('public_notice')
    .values({
      community_id: input.communityId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      subject_type: input.subject?.type ?? null,
      subject_id: input.subject?.id ?? null,
      objectable: input.objectable ?? false,
      starts_at: startsAt,
      ends_at: endsAt,
      published_by: input.publishedBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, endsAt };
}
