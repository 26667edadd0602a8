import { ReloadOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProCard, ProFormDatePicker, ProFormText } from '@ant-design/pro-components';
import { Alert, Button, Descriptions, Result, Space, Spin, Steps, Table, Tag, Timeline } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { StepTag, STEPS, useLabel, type ConsultationAction, type ConsultationDetail, type OpinionRow } from './labels';
import { StepModal } from './StepModal';
import { formatTime } from '../../time';

function Tasks({ item, reload }: { item: ConsultationDetail; reload: () => void }) {
  const t = useT();
  const report = useReportError();
  return (
    <ProCard
      title={t('consultation.tasks')}
      extra={
        item.canAddTask ? (
          <ModalForm<{ title: string; ownerName: string; dueOn: Dayjs }>
            title={t('consultation.addTask')}
            trigger={<Button data-testid="task-add">{t('consultation.addTask')}</Button>}
            modalProps={{ destroyOnHidden: true }}
            initialValues={{ dueOn: dayjs().add(14, 'day') }}
            submitter={{ submitButtonProps: { 'data-testid': 'task-submit' } as never }}
            onFinish={async (v) => {
              try {
                await call(api.POST('/api/v1/consultations/{id}/tasks', { params: { path: { id: item.id } }, body: { title: v.title.trim(), ownerName: v.ownerName.trim(), dueOn: dayjs(v.dueOn).format('YYYY-MM-DD') } }));
                reload();
                return true;
              } catch (error) {
                report(error);
                return false;
              }
            }}
          >
            <ProFormText name="title" label={t('consultation.taskTitle')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'task-title' }} />
            <ProFormText name="ownerName" label={t('consultation.owner')} rules={[{ required: true, whitespace: true }]} fieldProps={{ id: 'task-owner' }} />
            <ProFormDatePicker name="dueOn" label={t('consultation.dueOn')} rules={[{ required: true }]} />
          </ModalForm>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={item.tasks}
        columns={[
          { title: t('consultation.taskTitle'), dataIndex: 'title' },
          { title: t('consultation.owner'), dataIndex: 'ownerName', width: 120 },
          { title: t('consultation.dueOn'), dataIndex: 'dueOn', width: 120 },
          { title: t('common.status'), key: 'status', width: 120, render: (_, r) => (r.status === 'done' ? <Tag color="green">{t('consultation.taskDone')}</Tag> : r.overdue ? <Tag color="red">{t('consultation.overdue')}</Tag> : <Tag>{t('consultation.open')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'act',
            width: 100,
            render: (_, r) =>
              r.status === 'open' && item.canAddTask ? (
                <Button size="small" data-testid="task-done" onClick={() => call(api.POST('/api/v1/consultations/tasks/{id}/done', { params: { path: { id: r.id } }, body: { version: r.version } })).then(reload, report)}>
                  {t('consultation.taskDone')}
                </Button>
              ) : null,
          },
        ]}
      />
    </ProCard>
  );
}

/** One consultation: the six steps, what I may do next, opinions, the meeting, tasks, the result and the record. */
export default function ConsultationDetailPage() {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const id = Number(useParams().id);
  const [item, setItem] = useState<ConsultationDetail | null | undefined>(undefined);
  const [opinions, setOpinions] = useState<OpinionRow[]>([]);
  const [step, setStep] = useState<ConsultationAction | null>(null);
  const load = useCallback(async () => {
    try {
      const [d, o] = await Promise.all([call(api.GET('/api/v1/consultations/{id}', { params: { path: { id } } })), call(api.GET('/api/v1/consultations/{id}/opinions', { params: { path: { id } } }))]);
      setItem(d);
      setOpinions(o);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setItem(null);
      else report(error);
    }
  }, [id, report]);
  useEffect(() => void load(), [load]);

  if (item === undefined) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (item === null) return <Result status="404" title={t('common.none')} />;
  const current = STEPS.indexOf(item.status);
  const s = item.session;
  return (
    <PageContainer
      title={item.title}
      subTitle={<Space><StepTag status={item.status} />{item.communityName}·{item.levelName}</Space>}
      extra={[
        <Button key="h5" href={`/h5/consultation/${item.id}`} target="_blank">{t('consultation.h5Link')}</Button>,
        <Button key="board" href={`/h5/board/${item.communityId}`} target="_blank">{t('consultation.boardLink')}</Button>,
        <Button key="reload" icon={<ReloadOutlined />} onClick={() => void load()} />,
      ]}
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <ProCard>
          <div data-testid="consultation-steps">
            <Steps current={current} status={item.status === 'concluded' ? 'finish' : 'process'} items={STEPS.map((x) => ({ title: label('consultation.step.', x) }))} />
          </div>
          <Space wrap style={{ marginTop: 16 }}>
            {item.actions.map((a) => (
              <Button key={a} type={a === 'send_back' ? 'default' : 'primary'} danger={a === 'send_back'} onClick={() => setStep(a)} data-testid={`consultation-action-${a}`}>
                {t(`consultation.action.${a}`)}
              </Button>
            ))}
          </Space>
        </ProCard>
        {item.category ? <Alert type={item.suggestion.suggested ? 'info' : 'warning'} showIcon message={`${t('consultation.suggestion')}：${item.suggestion.reason}`} /> : null}
        <ProCard>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('consultation.subject')} span={2}>{item.subject}</Descriptions.Item>
            <Descriptions.Item label={t('consultation.places')}>{item.places.map((p) => p.name).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('consultation.collectUntil')}>{formatTime(item.collectUntil)}</Descriptions.Item>
            <Descriptions.Item label={t('consultation.cases')}>{item.cases.map((c) => c.trackingNo).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('consultation.opinions')}>
              {`${t('consultation.stance.support')} ${item.stances.support} / ${t('consultation.stance.oppose')} ${item.stances.oppose} / ${t('consultation.stance.suggest')} ${item.stances.suggest}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('consultation.proposal')} span={2}><span data-testid="consultation-proposal">{item.proposal ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('consultation.reviewComment')} span={2}>{item.reviewComment ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('consultation.result')} span={2}><span data-testid="consultation-result">{item.result ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('consultation.rating')} span={2}>
              <span data-testid="consultation-rating">{item.rating.count ? t('consultation.ratingValue', { average: item.rating.average ?? 0, count: item.rating.count }) : t('consultation.noRating')}</span>
            </Descriptions.Item>
          </Descriptions>
        </ProCard>
        <ProCard title={`${t('consultation.opinions')}（${opinions.length}）`}>
          <Table
            size="small"
            rowKey="id"
            pagination={{ pageSize: 10 }}
            dataSource={opinions}
            data-testid="opinions-table"
            columns={[
              { title: t('consultation.places'), dataIndex: 'placeName', width: 140 },
              { title: t('consultation.room'), dataIndex: 'room', width: 90 },
              { title: t('consultation.phone'), dataIndex: 'phone', width: 130 },
              { title: t('consultation.stance'), dataIndex: 'stance', width: 80, render: (v: string) => label('consultation.stance.', v) },
              { title: t('consultation.content'), dataIndex: 'content' },
              { title: t('common.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatTime(v) },
            ]}
          />
        </ProCard>
        {s ? (
          <ProCard title={t('consultation.session')}>
            <Descriptions size="small" column={2} bordered>
              {s.meeting ? (
                <Descriptions.Item label={t('consultation.meeting')} span={2}>
                  <Link to={`/meetings/${s.meeting.id}`} data-testid="consultation-meeting-link">{s.meeting.title}</Link>
                  {`（${formatTime(s.meeting.startsAt)}，${s.meeting.statusName}）`}
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('consultation.heldOn')}>{s.heldOn}</Descriptions.Item>
              <Descriptions.Item label={t('consultation.place')}>{s.place}</Descriptions.Item>
              <Descriptions.Item label={t('consultation.participantsShort')} span={2}>{s.participants.map((p) => `${p.name}${p.affiliation ? `（${p.affiliation}）` : ''}`).join('、')}</Descriptions.Item>
              <Descriptions.Item label={t('consultation.outcome')} span={2}>{s.outcome}</Descriptions.Item>
              <Descriptions.Item label={t('consultation.votes')} span={2}>{`${s.votesFor} / ${s.votesAgainst} / ${s.votesAbstain}`}</Descriptions.Item>
            </Descriptions>
          </ProCard>
        ) : null}
        {item.status === 'acting' || item.tasks.length ? <Tasks item={item} reload={() => void load()} /> : null}
        <ProCard title={t('consultation.timeline')}>
          <Timeline items={item.timeline.map((e) => ({ children: `${formatTime(e.at)} ${e.actorName ?? ''} ${e.label}${e.note ? `：${e.note}` : ''}` }))} />
        </ProCard>
      </Space>
      <StepModal
        item={item}
        action={step}
        onClose={() => setStep(null)}
        onDone={(next) => {
          setStep(null);
          setItem(next);
          void load();
        }}
      />
    </PageContainer>
  );
}
