import type { Updateable } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/database.js';
import type { LoadedCase, Relation } from './access.js';
import type { Notice } from './notify.js';
import type { CaseStatus, CaseTable } from './tables.js';

/** One change to a case: what to set, what the timeline and the audit log say, whom to tell. */
export interface Change {
  set: Updateable<CaseTable>;
  action: string;
  actionLabel: string;
  to: CaseStatus;
  note?: string | null;
  detail?: Record<string, unknown>;
  notices?: { users: number[]; notice: Notice }[];
  /** Photos the caller uploaded that belong to this step (the 办结 reply's, say). */
  attachmentIds?: readonly number[];
}

export interface Work {
  trx: Database;
  c: LoadedCase;
  rel: Relation;
  /** null when the scheduler acts. */
  actor: Actor | null;
  now: Date;
}
