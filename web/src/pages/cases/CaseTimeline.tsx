import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { ResponseOf } from '../../api/types';
import { useT } from '../../i18n';
import { PhotoGallery } from './CasePhotos';
import { StatusTag, useLabel, type CaseDetail } from './labels';
import { formatTime } from '../../time';

type Assignment = CaseDetail['assignments'][number];
interface Target {
  role: string;
  department_id?: number;
  user_id?: number;
  territory_id?: number;
}

export type TimelineEntry = ResponseOf<'/api/v1/cases/{id}/timeline'>[number];

const COLORS: Record<string, string> = {
  reject: 'gray',
  return: 'red',
  verify_fail: 'red',
  escalate: 'orange',
  overdue: 'red',
  remind: 'orange',
  verify_pass: 'green',
  rate: 'green',
};

/** The facts of a step worth a tag: the tier chosen, the return reason, the feedback choice, the rating, the days. */
function Facts({ entry, assignments }: { entry: TimelineEntry; assignments: Assignment[] }) {
  const label = useLabel();
  const t = useT();
  const d = entry.detail as Record<string, unknown>;
  const tags: string[] = [];
  if (entry.action === 'accept' && typeof d.tier === 'string') tags.push(label(`tier.${d.tier}`));
  if (entry.action === 'escalate' && typeof d.toTier === 'string') tags.push(`→ ${label(`tier.${d.toTier}`)}`);
  if (entry.action === 'return' && typeof d.reasonCode === 'string') tags.push(label(`returnReason.${d.reasonCode}`));
  if (entry.action === 'verify_pass' && typeof d.feedback === 'string') tags.push(label(`feedback.${d.feedback}.short`));
  if (entry.action === 'rate' && typeof d.rating === 'string') tags.push(label(`rating.${d.rating}`));
  if (entry.action.startsWith('extension') && typeof d.days === 'number') tags.push(t('limits.days', { n: d.days }));
  if (entry.action === 'merge' && typeof d.targetTrackingNo === 'string') tags.push(`→ ${d.targetTrackingNo}`);
  if (entry.action === 'sign' && d.late === true) tags.push(t('cases.overdueFlag'));
  if (entry.action === 'dispatch' && Array.isArray(d.targets)) {
    // The dispatch names whom it went to; the case's assignments carry their names.
    for (const target of d.targets as Target[]) {
      const named = assignments.find(
        (a) => (target.department_id !== undefined && a.department?.id === target.department_id) || (target.user_id !== undefined && a.user?.id === target.user_id) || (target.territory_id !== undefined && a.territory?.id === target.territory_id),
      );
      const name = named ? (named.department ?? named.user ?? named.territory)!.name : null;
      if (name) tags.push(`${label(`cases.role.${target.role}`)}：${name}`);
    }
  }
  return (
    <>
      {tags.map((tag) => (
        <Tag key={tag}>{tag}</Tag>
      ))}
    </>
  );
}

/** 办理过程: every step of the case, oldest first — who, when, what, and the note. */
export function CaseTimeline({ entries, assignments }: { entries: TimelineEntry[]; assignments: Assignment[] }) {
  const t = useT();
  const label = useLabel();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noTimeline')} />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((e) => ({
        key: e.id,
        color: COLORS[e.action] ?? 'blue',
        children: (
          <div data-testid="timeline-entry" data-action={e.action}>
            <Space size={6} wrap>
              <Typography.Text strong>{label(`action.${e.action}`, e.actionName)}</Typography.Text>
              {e.fromStatus !== e.toStatus ? <StatusTag status={e.toStatus} /> : null}
              <Facts entry={e} assignments={assignments} />
            </Space>
            <div>
              <Typography.Text type="secondary">
                {formatTime(e.at)} · {e.actor ?? t('cases.system')}
              </Typography.Text>
            </div>
            {e.note ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph> : null}
            <PhotoGallery items={e.attachments} size={64} testId="timeline-photos" />
          </div>
        ),
      }))}
    />
  );
}
