import { Tag } from 'antd';
import type { ResponseOf, RowOf } from '../../api/types';

export type MeetingDetail = ResponseOf<'/api/v1/meetings/{id}'>;
export type AgendaItem = MeetingDetail['agenda'][number];
export type Invitee = MeetingDetail['invitees'][number];
export type TopicDetail = ResponseOf<'/api/v1/meetings/topics/{id}'>;
export type TopicRow = RowOf<'/api/v1/meetings/topics'>;
export type MeetingRow = RowOf<'/api/v1/meetings'>;

export const MEETING_TYPES = ['committee_regular', 'two_committees', 'big_party', 'party_joint', 'resident_reps', 'consultation', 'hearing'] as const;

const COLORS: Record<string, string> = { pooled: 'blue', scheduled: 'gold', decided: 'green', rejected: 'red', withdrawn: 'default', in_progress: 'processing', closed: 'green', cancelled: 'default', voting: 'processing', passed: 'green', failed: 'red' };
export function StatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{label}</Tag>;
}

