import { Tag } from 'antd';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n';

const COLORS: Record<string, string> = {
  pending: 'gold',
  requested: 'gold',
  open: 'blue',
  claimed: 'gold',
  confirmed: 'green',
  in_progress: 'cyan',
  met: 'green',
  completed: 'green',
  rejected: 'red',
  declined: 'red',
  withdrawn: 'default',
  cancelled: 'default',
  closed: 'default',
};

/** A state as a coloured tag; `prefix` picks the state table's words (units.status, booking.status, demand.status, claim.status). */
export function StateTag({ prefix, status, testId }: { prefix: string; status: string; testId?: string }) {
  const t = useT();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid={testId}>
      {t(`${prefix}.${status}` as MessageKey)}
    </Tag>
  );
}

export const UNIT_KINDS = ['agency', 'state_enterprise', 'private_enterprise', 'property', 'social_org', 'owners_committee', 'other'] as const;
export const SOCIAL_CATEGORIES = ['community_service', 'charity', 'culture_sports', 'mediation'] as const;
export const RESOURCE_CATEGORIES = ['venue', 'parking', 'equipment', 'funds', 'legal', 'medical', 'psychological', 'volunteer'] as const;
export const DEMAND_CATEGORIES = [...RESOURCE_CATEGORIES, 'other'] as const;

/** { code: { text } } for a ProTable select column, from message keys `${prefix}.${code}`. */
export function useValueEnum() {
  const t = useT();
  return (prefix: string, codes: readonly string[]) => Object.fromEntries(codes.map((c) => [c, { text: t(`${prefix}.${c}` as MessageKey) }]));
}

/** Options for a select, from message keys `${prefix}.${code}`. */
export function useOptions() {
  const t = useT();
  return (prefix: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: t(`${prefix}.${c}` as MessageKey) }));
}
