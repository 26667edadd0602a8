import type { RequestContext } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { PublicNoticeRow } from './tables.js';

/**
 * What a notice is about decides what an objection may name and what its outcome does:
 * the owning capability registers a handler for its subject type (selection registers
 * 'selection_round'). The board, the objections and the closing job only talk to these.
 */
export interface NoticeSubject {
  /** The items of the notice residents may object to (a round's candidates): public words only. */
  items(db: Database, notice: PublicNoticeRow): Promise<{ id: number; label: string; open: boolean }[]>;
  /** An objection to `itemId` was upheld (in the finding's transaction). */
  upheld(trx: Database, ctx: RequestContext, notice: PublicNoticeRow, itemId: number, finding: string, now: Date): Promise<void>;
  /** The notice period ended and the job closed the notice (in the job's transaction). */
  closed(trx: Database, notice: PublicNoticeRow): Promise<void>;
}

const SUBJECTS = new Map<string, NoticeSubject>();

export function registerNoticeSubject(type: string, subject: NoticeSubject): void {
  SUBJECTS.set(type, subject);
}

export function subjectOf(notice: Pick<PublicNoticeRow, 'subject_type'>): NoticeSubject | undefined {
  return notice.subject_type ? SUBJECTS.get(notice.subject_type) : undefined;
}
