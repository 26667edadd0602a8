import type { AssignmentRow, CaseStatus } from './tables.js';

type Signing = Pick<AssignmentRow, 'role' | 'active' | 'sign_by' | 'signed_at' | 'returned_at'>;

/**
 * 报到 late: the lead of a dispatch round signed after its sign-for limit, or the limit has
 * passed while the case still waits for it. The lead's signature answers for the whole round
 * (assisting departments and the supervising leader do not sign), and a 退单 is an answer too.
 * The timeline's 报到 entry and the case page's dispatch table read this rule; the reminder job
 * (overdue.ts) applies its SQL form.
 */
export function signedLate(a: Signing, status: CaseStatus, now: Date): boolean {
  if (a.role !== 'lead' || a.sign_by === null || a.returned_at !== null) return false;
  if (a.signed_at !== null) return a.signed_at > a.sign_by;
  return a.active && status === 'dispatched' && now > a.sign_by;
}

/**
 * Where an assignment stands: `current` in the dispatch round being worked on, `finished` when
 * that round ended with the case closed, `returned` after its 退单, `ended` when a later round
 * (a re-dispatch or a 吹哨) replaced it.
 */
export function assignmentState(a: Signing, status: CaseStatus): 'current' | 'finished' | 'returned' | 'ended' {
  if (a.returned_at !== null) return 'returned';
  if (!a.active) return 'ended';
  return status === 'closed' || status === 'rated' ? 'finished' : 'current';
}
