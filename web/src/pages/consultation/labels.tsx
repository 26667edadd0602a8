import { Tag } from 'antd';
import type { ResponseOf, RowOf } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';

export type ConsultationRow = RowOf<'/api/v1/consultations'>;
export type ConsultationDetail = ResponseOf<'/api/v1/consultations/{id}'>;
export type ConsultationAction = ConsultationDetail['actions'][number];
export type OpinionRow = ResponseOf<'/api/v1/consultations/{id}/opinions'>[number];
export type MediationRow = RowOf<'/api/v1/mediations'>;
export type MediationDetail = ResponseOf<'/api/v1/mediations/{id}'>;
export type MediationAction = MediationDetail['actions'][number];

/** What the topic page hands to the new-consultation dialog (router state of /consultations). */
export interface ConsultationPrefill {
  communityId: number;
  communityName: string;
  title: string;
  subject?: string;
  category?: string;
  caseIds?: number[];
}

export const STEPS = ['collecting', 'proposing', 'reviewing', 'consulting', 'acting', 'concluded'] as const;
export const LEVELS = ['resident', 'multi', 'neighbour', 'individual'] as const;
export const MEDIATION_STATES = ['registered', 'mediating', 'agreed', 'failed', 'followed_up', 'closed'] as const;

/** A label from a key built of a prefix and a code: label('consultation.level.', 'multi'). */
export function useLabel() {
  const t = useT();
  return (prefix: string, code: string) => t(`${prefix}${code}` as MessageKey);
}

export function useOptions() {
  const label = useLabel();
  return (prefix: string, codes: readonly string[]) => codes.map((value) => ({ value, label: label(prefix, value) }));
}

const STEP_COLORS: Record<string, string> = { collecting: 'blue', proposing: 'geekblue', reviewing: 'gold', consulting: 'purple', acting: 'orange', concluded: 'green' };
const MEDIATION_COLORS: Record<string, string> = { registered: 'default', mediating: 'blue', agreed: 'cyan', failed: 'red', followed_up: 'purple', closed: 'green' };

export function StepTag({ status }: { status: string }) {
  const label = useLabel();
  return <Tag color={STEP_COLORS[status]} data-testid="consultation-status">{label('consultation.step.', status)}</Tag>;
}

export function MediationTag({ status }: { status: string }) {
  const label = useLabel();
  return <Tag color={MEDIATION_COLORS[status]} data-testid="mediation-status">{label('mediation.status.', status)}</Tag>;
}

/** "张三,利益相关方,1号楼" lines → participants; kinds by their Chinese or English word. */
const KINDS: Record<string, 'member' | 'stakeholder' | 'unit' | 'staff'> = { 委员: 'member', 利益相关方: 'stakeholder', 单位: 'unit', 工作人员: 'staff', member: 'member', stakeholder: 'stakeholder', unit: 'unit', staff: 'staff' };
export function parseParticipants(text: string) {
  return text
    .split('\n')
    .map((l) => l.split(/[,，]/).map((s) => s.trim()))
    .filter((p) => p[0])
    .map(([name, kind, affiliation]) => ({ name: name!, kind: KINDS[kind ?? ''] ?? 'member', ...(affiliation ? { affiliation } : {}) }));
}
