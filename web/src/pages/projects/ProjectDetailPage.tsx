import { QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageContainer, ProCard } from '@ant-design/pro-components';
import { Button, Descriptions, Form, Input, Progress, Result, Space, Spin, Table, Tag, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, call } from '../../api/client';
import { useReportError } from '../../components/errors';
import { useT } from '../../i18n';
import { ActionModal } from './ActionModal';
import { ProjectStatusTag, useLabel, yuan, type ProjectAction, type ProjectDetail } from './labels';
import { formatTime } from '../../time';

const DANGER = new Set<ProjectAction>(['reject', 'decline', 'refuse_claim']);

function Supervise({ project, onDone }: { project: ProjectDetail; onDone: (p: ProjectDetail) => void }) {
  const t = useT();
  const report = useReportError();
  const [form] = Form.useForm<{ content: string }>();
  if (!['executing', 'completed'].includes(project.status)) return null;
  return (
    <Form
      form={form}
      layout="inline"
      style={{ marginTop: 12 }}
      onFinish={async (v) => {
        try {
          onDone(await call(api.POST('/api/v1/projects/{id}/supervision', { params: { path: { id: project.id } }, body: { content: v.content.trim() } })));
          form.resetFields();
        } catch (e) {
          report(e, form);
        }
      }}
    >
      <Form.Item name="content" rules={[{ required: true, min: 2, max: 2000 }]} style={{ flex: 1 }}>
        <Input placeholder={t('project.supervisionContent')} data-testid="supervise-content" />
      </Form.Item>
      <Button htmlType="submit" data-testid="supervise-submit">{t('project.superviseAdd')}</Button>
    </Form>
  );
}

/** One project: its budget and spending, undertaker, milestones, supervision, ratings, the record, and the next steps I may take. */
export default function ProjectDetailPage() {
  const t = useT();
  const label = useLabel();
  const report = useReportError();
  const id = Number(useParams().id);
  const [p, setP] = useState<ProjectDetail | null | undefined>(undefined);
  const [action, setAction] = useState<ProjectAction | null>(null);

  const load = useCallback(async () => {
    try {
      setP(await call(api.GET('/api/v1/projects/{id}', { params: { path: { id } } })));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setP(null);
      else report(e);
    }
  }, [id, report]);
  useEffect(() => void load(), [load]);

  if (p === undefined) return <Spin style={{ margin: 48 }} />;
  if (p === null) return <Result status="404" title="404" />;
  return (
    <PageContainer
      title={p.title}
      tags={<ProjectStatusTag status={p.status} />}
      extra={[
        <Button key="h5" icon={<QrcodeOutlined />} href={`/h5/projects/${p.id}`} target="_blank">{t('project.h5')}</Button>,
        <Button key="reload" icon={<ReloadOutlined />} onClick={() => void load()} />,
      ]}
    >
      <ProCard>
        <Space wrap data-testid="project-actions">
          {p.actions.map((a) => (
            <Button key={a} type={DANGER.has(a) ? 'default' : 'primary'} danger={DANGER.has(a)} onClick={() => setAction(a)} data-testid={`action-${a}`}>
              {t(`project.action.${a}`)}
            </Button>
          ))}
        </Space>
        <Descriptions column={2} style={{ marginTop: 16 }} size="small">
          <Descriptions.Item label={t('project.community')}>{p.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('project.fundingSource')}>{label('project.funding.', p.fundingSource)}</Descriptions.Item>
          <Descriptions.Item label={t('project.goal')} span={2}>{p.goal}</Descriptions.Item>
          <Descriptions.Item label={t('project.beneficiaries')} span={2}>{p.beneficiaries}</Descriptions.Item>
          <Descriptions.Item label={t('project.undertaker')}>{p.undertakerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('project.progress')}><Progress percent={p.progress} size="small" style={{ width: 200 }} /></Descriptions.Item>
          <Descriptions.Item label={t('project.decision')}>{p.decisionComment ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('project.originCases')}>{p.originCaseIds.length ? p.originCaseIds.map((id) => <Link key={id} to={`/cases/${id}`} style={{ marginRight: 8 }}>#{id}</Link>) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('project.originDemands')}>{p.originDemandIds.length ? p.originDemandIds.map((id) => <Link key={id} to={`/demands?id=${id}`} style={{ marginRight: 8 }} data-testid="project-origin-demand">#{id}</Link>) : '—'}</Descriptions.Item>
          {p.originResolution ? (
            <Descriptions.Item label={t('project.originResolution')}>
              <Link to={`/meetings/${p.originResolution.meetingId}`} data-testid="project-origin-resolution">{p.originResolution.meetingTitle} · #{p.originResolution.resolutionId}</Link>
            </Descriptions.Item>
          ) : null}
          {p.completionSummary ? <Descriptions.Item label={t('project.summary')} span={2}>{p.completionSummary}</Descriptions.Item> : null}
          {p.undertakerScore ? <Descriptions.Item label={t('project.undertakerScore')}>{p.undertakerScore} / 5</Descriptions.Item> : null}
        </Descriptions>
      </ProCard>
      <ProCard title={t('project.lines')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.lines}
          data-testid="project-lines"
          columns={[
            { title: t('project.lineName'), dataIndex: 'name' },
            { title: t('project.requested'), dataIndex: 'requestedAmount', align: 'right', render: (v: number) => yuan(v) },
            { title: t('project.approved'), dataIndex: 'approvedAmount', align: 'right', render: (v: number | null) => yuan(v) },
            { title: t('project.spent'), dataIndex: 'spentAmount', align: 'right', render: (v: number) => yuan(v) },
            { title: t('project.remaining'), dataIndex: 'remainingAmount', align: 'right', render: (v: number) => yuan(v) },
          ]}
        />
      </ProCard>
      <ProCard split="vertical" style={{ marginTop: 16 }}>
        <ProCard title={t('project.milestones')}>
          <Table size="small" rowKey="id" pagination={false} dataSource={p.milestones} columns={[{ title: t('project.reachedOn'), dataIndex: 'reachedOn', width: 110 }, { title: t('project.milestoneTitle'), dataIndex: 'title' }, { title: t('project.progress'), dataIndex: 'progress', width: 80, render: (v: number) => `${v}%` }]} />
        </ProCard>
        <ProCard title={t('project.expenses')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.expenses}
            data-testid="project-expenses"
            columns={[
              { title: t('project.reachedOn'), dataIndex: 'bookedOn', width: 110 },
              { title: t('project.lineName'), dataIndex: 'lineName' },
              { title: t('project.memo'), dataIndex: 'memo' },
              { title: t('project.lineAmount'), dataIndex: 'amount', align: 'right', render: (v: number, r) => (r.reversedBy ? <Tag>{t('project.reversed')}</Tag> : yuan(v)) },
            ]}
          />
        </ProCard>
      </ProCard>
      <ProCard split="vertical" style={{ marginTop: 16 }}>
        <ProCard title={t('project.supervision')}>
          <Table size="small" rowKey="id" pagination={false} dataSource={p.supervision} data-testid="project-supervision" columns={[{ title: t('project.reachedOn'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v) }, { title: '', dataIndex: 'author', width: 130 }, { title: t('project.supervisionContent'), dataIndex: 'content' }]} />
          <Supervise project={p} onDone={setP} />
        </ProCard>
        <ProCard title={t('project.ratings')}>
          <Descriptions column={1} size="small" data-testid="project-ratings">
            <Descriptions.Item label={t('project.ratingCount')}>{p.ratings.count}</Descriptions.Item>
            <Descriptions.Item label={t('project.ratingContent')}>{p.ratings.content ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('project.ratingService')}>{p.ratings.service ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('project.ratingManagement')}>{p.ratings.management ?? '—'}</Descriptions.Item>
          </Descriptions>
        </ProCard>
      </ProCard>
      <ProCard title={t('project.timeline')} style={{ marginTop: 16 }}>
        <Timeline
          data-testid="project-timeline"
          items={p.timeline.map((e) => ({ children: <span>{formatTime(e.at)} · {e.actorName ?? '—'} · <b>{e.label}</b>{e.note ? `：${e.note}` : ''}</span> }))}
        />
      </ProCard>
      <ActionModal project={p} action={action} onClose={() => setAction(null)} onDone={(next) => (setAction(null), setP(next))} />
    </PageContainer>
  );
}
