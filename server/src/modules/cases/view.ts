import { maskPhone } from '../../platform/personal.js';
import { iso } from '../../platform/time.js';
import type { attachmentView } from './attachments.js';
import { assignmentState, signedLate } from './sign-for.js';
import type { AssignmentRow, CaseRow, CaseStatus } from './tables.js';
import { STATE_LABELS, TIER_LABELS, type Action } from './workflow.js';

/** What the API shows of a case; personal data goes out masked. */
export type SummaryRow = Pick<
  CaseRow,
  | 'id' | 'tracking_no' | 'status' | 'tier' | 'channel' | 'category_code' | 'description' | 'territory_id' | 'community_id'
  | 'urgent' | 'overdue' | 'respond_by' | 'solve_by' | 'created_at' | 'version'
> & { territory_name: string; community_name: string; category_name: string | null };

export function summary(r: SummaryRow) {
  return {
    id: r.id,
    trackingNo: r.tracking_no,
    status: r.status,
    statusName: STATE_LABELS[r.status],
    tier: r.tier,
    tierName: TIER_LABELS[r.tier],
    channel: r.channel,
    categoryCode: r.category_code,
    categoryName: r.category_name ?? r.category_code,
    description: r.description,
    territoryId: r.territory_id,
    territoryName: r.territory_name,
    communityId: r.community_id,
    communityName: r.community_name,
    urgent: r.urgent,
    overdue: r.overdue,
    respondBy: iso(r.respond_by),
    solveBy: iso(r.solve_by),
    createdAt: r.created_at.toISOString(),
    version: r.version,
  };
}

export type NamedAssignment = AssignmentRow & { department_name: string | null; user_name: string | null; territory_name: string | null };

export function assignment(a: NamedAssignment, status: CaseStatus, now: Date) {
  const named = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });
  return {
    id: a.id,
    role: a.role,
    tier: a.tier,
    active: a.active,
    state: assignmentState(a, status),
    late: signedLate(a, status, now),
    department: named(a.department_id, a.department_name),
    user: named(a.user_id, a.user_name),
    territory: named(a.territory_id, a.territory_name),
    assignedAt: a.assigned_at.toISOString(),
    signBy: iso(a.sign_by),
    signedAt: iso(a.signed_at),
    returnedAt: iso(a.returned_at),
    returnReason: a.return_reason,
    returnNote: a.return_note,
  };
}

export type AttachmentOut = ReturnType<typeof attachmentView>;

export type ExtensionAction = 'request' | 'decide';

export function detail(r: CaseRow & SummaryRow, assignments: NamedAssignment[], actions: Action[], attachments: AttachmentOut[], extensionActions: ExtensionAction[]) {
  // A 报到 still waited for turns late while the page is open, so it is judged as of the request.
  const now = new Date();
  return {
    ...summary(r),
    address: r.address,
    reporterName: r.reporter_name,
    reporterPhone: maskPhone(r.reporter_phone),
    rejectReason: r.reject_reason,
    mergedIntoId: r.merged_into_id,
    replyText: r.reply_text,
    rating: r.rating,
    ratingComment: r.rating_comment,
    reopenCount: r.reopen_count,
    escalationCount: r.escalation_count,
    respondedAt: iso(r.responded_at),
    extension:
      r.ext_requested_at === null ? null : { days: r.ext_days ?? 0, reason: r.ext_reason ?? '', requestedAt: r.ext_requested_at.toISOString() },
    acceptedAt: iso(r.accepted_at),
    dispatchedAt: iso(r.dispatched_at),
    repliedAt: iso(r.replied_at),
    closedAt: iso(r.closed_at),
    ratedAt: iso(r.rated_at),
    location: r.latitude === null || r.longitude === null ? null : { lat: r.latitude, lng: r.longitude },
    attachments,
    feedback: r.feedback,
    assignments: assignments.map((a) => assignment(a, r.status, now)),
    actions,
    extensionActions,
  };
}
