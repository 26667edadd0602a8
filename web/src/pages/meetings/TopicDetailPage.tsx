import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Result, Space, Spin, Table, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import type { ConsultationPrefill } from '../consultation/labels';
import { StatusTag, type TopicDetail } from './labels';
import { TopicEditModal } from './TopicForm';
import { formatTime } from '../../time';

/** One topic: where it came from (cases), where it went (meetings, resolutions, the dispatched case), its record. */
export default function TopicDetailPage() {
  const t = useT();
  const report = useReportError();
  const navigate = useNavigate();
  const { can } = useSession();
  const id = Number(useParams().id);
  const [topic, setTopic] = useState<TopicDetail | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const load = useCallback(async () => {
    try {
      setTopic(await call(api.GET('/api/v1/meetings/topics/{id}', { params: { path: { id } } })));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setTopic(null);
      else report(error);
    }
  }, [id, report]);
  useEffect(() => void load(), [load]);
  if (topic === undefined) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (topic === null) return <Result status="404" title={t('common.none')} />;
  const withdraw = async () => {
    try {
      setTopic(await call(api.POST('/api/v1/meetings/topics/{id}/withdraw', { params: { path: { id } }, body: { version: topic.version } })));
    } catch (error) {
      report(error);
    }
  };
  const suggestion = topic.consultationSuggestion;
  const startConsultation = () => {
    const prefill: ConsultationPrefill = { communityId: topic.communityId, communityName: topic.communityName, title: topic.title, subject: topic.background.slice(0, 2000) || undefined, category: topic.category ?? undefined, caseIds: topic.caseIds };
    navigate('/consultations', { state: { prefill } });
  };
  return (
    <PageContainer
      title={topic.title}
      subTitle={<Space><StatusTag status={topic.status} label={topic.statusName} />{topic.communityName}</Space>}
      extra={[
        ...(topic.actions.includes('edit') ? [<Button key="e" onClick={() => setEditing(true)} data-testid="topic-edit">{t('meetings.topic.edit')}</Button>] : []),
        ...(topic.actions.includes('withdraw') ? [<Button key="w" danger onClick={() => void withdraw()}>{t('meetings.topic.withdraw')}</Button>] : []),
      ]}
    >
      <TopicEditModal topic={topic} open={editing} onClose={() => setEditing(false)} onSaved={(next) => { setTopic(next); setEditing(false); }} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {suggestion?.suggested ? (
          <Alert
            type="info"
            showIcon
            message={`${t('consultation.suggestion')}：${suggestion.reason}`}
            action={can('consultation:write') ? <Button type="primary" size="small" onClick={startConsultation} data-testid="topic-start-consultation">{t('meetings.topic.startConsultation')}</Button> : null}
            data-testid="topic-consultation-suggestion"
          />
        ) : null}
        {topic.feedback ? <Alert type="warning" showIcon message={t('meetings.topic.feedback')} description={topic.feedback} data-testid="topic-feedback" /> : null}
        <ProCard>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('meetings.topic.background')} span={2}>{topic.background || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.topic.stakeholders')}>{topic.stakeholders ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.topic.suggestion')}>{topic.suggestion ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.topic.category')}>{topic.category ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.topic.escalate')}>{topic.escalateTo ? t(`meetings.escalate.${topic.escalateTo}`) : '—'}</Descriptions.Item>
          </Descriptions>
        </ProCard>
        <ProCard title={t('meetings.topic.cases')}>
          <div data-testid="topic-case-list">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={topic.cases}
            columns={[
              { title: t('meetings.case.trackingNo'), dataIndex: 'trackingNo', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
              { title: t('meetings.case.description'), dataIndex: 'description' },
              { title: t('common.status'), dataIndex: 'status' },
            ]}
          />
          </div>
        </ProCard>
        <ProCard title={t('meetings.topic.meetings')}>
          <div data-testid="topic-meeting-list">
          <Table
            size="small"
            rowKey="meetingId"
            pagination={false}
            dataSource={topic.meetings}
            columns={[
              { title: t('meetings.meeting'), dataIndex: 'meetingTitle', render: (v: string, r) => <Link to={`/meetings/${r.meetingId}`}>{v}</Link> },
              { title: t('meetings.resolution'), dataIndex: 'resolutionStatus', render: (v: string | null) => (v ? t(`meetings.resolutionStatus.${v}` as 'meetings.resolutionStatus.passed') : '—') },
              { title: t('meetings.outcome'), dataIndex: 'outcome', render: (v: string | null) => (v ? t(`meetings.outcome.${v}` as 'meetings.outcome.task') : '—') },
              { title: t('meetings.dispatchedCase'), dataIndex: 'caseId', render: (v: number | null) => (v ? <Link to={`/cases/${v}`} data-testid="dispatched-case">#{v}</Link> : '—') },
            ]}
          />
          </div>
        </ProCard>
        <ProCard title={t('meetings.timeline')}>
          <Timeline items={topic.events.map((e) => ({ children: `${formatTime(e.at)} ${e.actorName ?? ''} ${e.actionLabel}${e.note ? `：${e.note}` : ''}` }))} />
        </ProCard>
      </Space>
    </PageContainer>
  );
}
