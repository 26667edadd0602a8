import { Tag } from 'antd';
import type { ResponseOf, RowOf } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';

export type RoundRow = RowOf<'/api/v1/selection/rounds'>;
export type RoundDetail = ResponseOf<'/api/v1/selection/rounds/{id}'>;
export type CandidateRow = RowOf<'/api/v1/selection/rounds/{id}/candidates'>;
export type RoundAction = RoundDetail['actions'][number];

export const ROUND_STATES = ['draft', 'collecting', 'deciding', 'submitted', 'approved', 'returned', 'notice', 'appointing', 'done', 'cancelled'] as const;
export const CANDIDATE_STATES = ['nominated', 'proposed', 'not_proposed', 'approved', 'on_notice', 'withdrawn', 'appointed'] as const;
export const ROLES = ['director', 'deputy_director', 'standing', 'rotating'] as const;
export const CHANNELS = ['self', 'resident', 'unit'] as const;
export const CATEGORIES = [
  'two_committees', 'deputies', 'veteran', 'police', 'private_enterprise', 'social_org', 'property',
  'owners_committee', 'notable_resident', 'media', 'lawyer', 'volunteer', 'other',
] as const;

/** Looks a label up by a key built from a code: label('selection.role.', 'director'). */
export function useLabel() {
  const t = useT();
  return (prefix: string, code: string) => t(`${prefix}${code}` as MessageKey);
}

export function useOptions() {
  const label = useLabel();
  return (prefix: string, codes: readonly string[]) => codes.map((value) => ({ value, label: label(prefix, value) }));
}

const ROUND_COLORS: Record<string, string> = {
  draft: 'default', collecting: 'blue', deciding: 'geekblue', submitted: 'gold', approved: 'cyan', returned: 'red',
  notice: 'purple', appointing: 'orange', done: 'green', cancelled: 'default',
};
const CANDIDATE_COLORS: Record<string, string> = {
  nominated: 'default', proposed: 'blue', not_proposed: 'default', approved: 'cyan', on_notice: 'purple', withdrawn: 'red', appointed: 'green',
};

export function RoundStatusTag({ status }: { status: string }) {
  const label = useLabel();
  return <Tag color={ROUND_COLORS[status]} data-testid="round-status">{label('selection.status.', status)}</Tag>;
}

export function CandidateStatusTag({ status }: { status: string }) {
  const label = useLabel();
  return <Tag color={CANDIDATE_COLORS[status]} data-testid="candidate-status">{label('selection.cstatus.', status)}</Tag>;
}

