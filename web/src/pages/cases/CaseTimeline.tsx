import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { ResponseOf } from '../../api/types';
import { useT } from '../../i18n';
import { formatTime, StatusTag, useLabel } from './labels';

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
function Facts({ entry }: { entry: TimelineEntry }) {
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
  return (
    <>
      {tags.map((tag) => (
        <Tag key={tag}>{tag}</Tag>
      ))}
    </>
  );
}

/** 办理过程: every step of the case, oldest first — who, when, what, and the note. */
export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
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
              <Facts entry={e} />
            </Space>
            <div>
              <Typography.Text type="secondary">
                {formatTime(e.at)} · {e.actor ?? t('cases.system')}
              </Typography.Text>
            </div>
            {e.note ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph> : null}
          </div>
        ),
      }))}
    />
  );
}
