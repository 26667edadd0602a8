import { Tag } from 'antd';
import type { ResponseOf, RowOf } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';

export type ProjectRow = RowOf<'/api/v1/projects'>;
export type ProjectDetail = ResponseOf<'/api/v1/projects/{id}'>;
export type ProjectAction = ProjectDetail['actions'][number];
export type ProjectStatus = ProjectDetail['status'];

export const PROJECT_STATES: ProjectStatus[] = ['draft', 'applied', 'approved', 'rejected', 'invited', 'claimed', 'executing', 'completed', 'archived'];
export const FUNDING_SOURCES = ['work_fund', 'purchase', 'donation'] as const;

const COLORS: Record<ProjectStatus, string> = {
  draft: 'default',
  applied: 'orange',
  approved: 'blue',
  rejected: 'red',
  invited: 'cyan',
  claimed: 'cyan',
  executing: 'processing',
  completed: 'gold',
  archived: 'green',
};

/** Fen as yuan with two decimals: ¥12,000.00 → "12,000.00". */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
/** What staff type in yuan, as integer fen. */
export const toFen = (yuanValue: number) => Math.round(yuanValue * 100);

export function useLabel() {
  const t = useT();
  return (prefix: string, code: string) => t(`${prefix}${code}` as MessageKey);
}

export function useOptions() {
  const label = useLabel();
  return (prefix: string, codes: readonly string[]) => codes.map((c) => ({ value: c, label: label(prefix, c) }));
}

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const label = useLabel();
  return (
    <Tag color={COLORS[status]} data-testid="project-status">
      {label('project.status.', status)}
    </Tag>
  );
}

