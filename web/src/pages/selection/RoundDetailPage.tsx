import { ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Result, Space, Spin, Steps, Table, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { CandidatesCard } from './CandidatesCard';
import { RoundStatusTag, useLabel, type CandidateRow, type RoundAction, type RoundDetail } from './labels';
import { MeetingModal } from './MeetingModal';
import { ObjectionsCard } from './ObjectionsCard';
import { StepModal } from './StepModal';
import { formatTime } from '../../time';

const STEP_OF: Record<string, number> = { draft: 0, collecting: 1, deciding: 2, submitted: 3, returned: 3, approved: 4, notice: 4, appointing: 5, done: 6, cancelled: 0 };
const DANGER = new Set<RoundAction>(['return', 'cancel']);

function Composition({ round }: { round: RoundDetail }) {
  const t = useT();
  const label = useLabel();
  const c = round.composition;
  return (
    <ProCard title={t('selection.composition')}>
      {c.warnings.length === 0 ? (
        <div data-testid="composition-ok">
          <Alert type="success" showIcon message={t('selection.compositionOk')} />
        </div>
      ) : (
        <div data-testid="composition-warning">
          <Alert type="warning" showIcon message={c.warnings.join('；')} description={c.deviationReason ? `${t('selection.deviationReason')}：${c.deviationReason}` : t('selection.deviationHint')} />
        </div>
      )}
      <Table
        size="small"
        rowKey="rule"
        pagination={false}
        style={{ marginTop: 12 }}
        dataSource={c.checks}
        columns={[
          { title: t('selection.composition'), dataIndex: 'rule', render: (v: string) => label('selection.rule.', v) },
          { title: t('selection.expected'), dataIndex: 'expected' },
          { title: t('selection.actual'), dataIndex: 'actual', render: (v: string, r) => <span style={{ color: r.ok ? undefined : '#d4380d' }}>{v}</span> },
        ]}
      />
    </ProCard>
  );
}

/** One round: the procedure's steps, what I may do next, the candidates, objections and the record. */
export default function RoundDetailPage() {
  const t = useT();
  const label = useLabel();
  const { can } = useSession();
  const report = useReportError();
  const id = Number(useParams().id);
  const [round, setRound] = useState<RoundDetail | null | undefined>(undefined);
  const [candidates, setCandidates] = useState<CandidateRow[]>([]);
  const [step, setStep] = useState<RoundAction | null>(null);
  const [meeting, setMeeting] = useState(false);

  const load = useCallback(async () => {
    try {
      const [r, c] = await Promise.all([
        call(api.GET('/api/v1/selection/rounds/{id}', { params: { path: { id } } })),
        call(api.GET('/api/v1/selection/rounds/{id}/candidates', { params: { path: { id }, query: { pageSize: 200 } } })),
      ]);
      setRound(r);
      setCandidates(c.data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setRound(null);
      else report(error);
    }
  }, [id, report]);
  useEffect(() => void load(), [load]);

  if (round === undefined) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (round === null) return <Result status="404" title={t('common.none')} />;
  const done = (next: RoundDetail) => {
    setStep(null);
    setMeeting(false);
    setRound(next);
    void load();
  };
  const steps = ['announce', 'collect', 'meeting', 'street', 'notice', 'appoint'].map((s) => ({ title: t(`selection.step.${s}` as 'selection.step.announce') }));
  const current = STEP_OF[round.status] ?? 0;

  return (
    <PageContainer
      title={round.title}
      subTitle={<Space><RoundStatusTag status={round.status} />{round.communityName}·{label('selection.kind.', round.kind)}</Space>}
      extra={[
        <Button key="board" href={`/h5/board/${round.communityId}`} target="_blank">{t('selection.boardLink')}</Button>,
        round.status === 'collecting' ? <Button key="h5" href={`/h5/round/${round.id}`} target="_blank">{t('selection.nominationLink')}</Button> : null,
        <Button key="reload" icon={<ReloadOutlined />} onClick={() => void load()} />,
      ]}
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ProCard>
          <div data-testid="round-steps">
            <Steps current={current} status={round.status === 'returned' || round.status === 'cancelled' ? 'error' : round.status === 'done' ? 'finish' : 'process'} items={steps} />
          </div>
          <Space wrap style={{ marginTop: 16 }}>
            {round.status === 'deciding' && can('selection:write') ? (
              <Button type="primary" onClick={() => setMeeting(true)} data-testid="round-action-meeting">{t('selection.action.meeting')}</Button>
            ) : null}
            {round.actions.map((a) => (
              <Button key={a} type={DANGER.has(a) ? 'default' : 'primary'} danger={DANGER.has(a)} onClick={() => setStep(a)} data-testid={`round-action-${a}`}>
                {t(`selection.action.${a}`)}
              </Button>
            ))}
          </Space>
        </ProCard>
        <ProCard>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('selection.collectPeriod')}>{round.collectFrom} ~ {round.collectUntil}</Descriptions.Item>
            <Descriptions.Item label={t('selection.meetingDate')}>{round.meetingDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('selection.attendees')}>{round.meetingAttendees ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('selection.review')}>{round.reviewedAt ? `${formatTime(round.reviewedAt)} ${round.reviewComment ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('selection.noticeEnds')}>{formatTime(round.noticeEndsAt)}</Descriptions.Item>
            <Descriptions.Item label={t('selection.pendingObjections')}><span data-testid="pending-objections">{round.pendingObjections}</span></Descriptions.Item>
            <Descriptions.Item label={t('selection.appointedOn')}>{round.appointedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('selection.announcementBody')} span={2}>{round.body}</Descriptions.Item>
          </Descriptions>
        </ProCard>
        <Composition round={round} />
        <CandidatesCard round={round} rows={candidates} reload={() => void load()} />
        {round.noticeId ? <ObjectionsCard noticeId={round.noticeId} onDecided={() => void load()} /> : null}
        <ProCard title={t('selection.timeline')}>
          <Timeline
            items={round.timeline.map((e) => ({
              children: `${formatTime(e.at)} ${e.actorName ?? ''} ${e.candidateName ? `【${e.candidateName}】` : ''}${e.action}（${e.fromStatus ?? '—'} → ${e.toStatus}）${e.note ? `：${e.note}` : ''}`,
            }))}
          />
        </ProCard>
      </Space>
      <StepModal round={round} action={step} onClose={() => setStep(null)} onDone={done} />
      <MeetingModal round={round} candidates={candidates} open={meeting} onClose={() => setMeeting(false)} onDone={done} />
    </PageContainer>
  );
}
