import { maskIdNumber, maskPhone } from '../../platform/personal.js';
import type { LoadedMember } from './access.js';
import type { CommitteeMemberRow } from './tables.js';
import { CATEGORY_LABELS, ROLE_LABELS, STATE_LABELS } from './workflow.js';

type MemberRow = CommitteeMemberRow & { community_name: string };

/** A member as lists show them: personal data masked. */
export function memberSummary(m: MemberRow) {
  return {
    id: m.id,
    committeeId: m.committee_id,
    communityId: m.community_id,
    communityName: m.community_name,
    userId: m.user_id,
    name: m.name,
    gender: m.gender,
    phone: maskPhone(m.phone),
    idNumber: maskIdNumber(m.id_number),
    category: m.category,
    categoryName: CATEGORY_LABELS[m.category],
    role: m.role,
    roleName: ROLE_LABELS[m.role],
    affiliation: m.affiliation,
    isPartySecretary: m.is_party_secretary,
    partyMember: m.party_member,
    status: m.status,
    statusName: STATE_LABELS[m.status],
    termStart: m.term_start,
    termEnd: m.term_end,
    certificateNo: m.certificate_no,
    source: m.source,
    appointedAt: m.appointed_at.toISOString(),
    endedAt: m.ended_at?.toISOString() ?? null,
    version: m.version,
  };
}

export function memberDetail(m: LoadedMember) {
  return {
    ...memberSummary(m),
    exitReason: m.exit_reason,
    exitRequestedAt: m.exit_requested_at?.toISOString() ?? null,
    endReason: m.end_reason,
    decisionBody: m.decision_body,
    decisionOn: m.decision_on,
  };
}
